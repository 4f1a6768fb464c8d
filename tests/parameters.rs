//! A parameter's constraints become the variable's `validation` blocks, and `terraform validate`
//! checks the variable's default against them. An AllowedPattern Terraform's regex (RE2) cannot
//! read (lookaround, backreferences, possessive quantifiers: Java syntax) is not checked, with a
//! located warning and a comment the reverse direction reads back; a default CloudFormation would
//! refuse (against the pattern, the lengths, the values) is left out with a located warning. Either
//! way the output validates.

mod common;
use common::*;
use std::path::{Path, PathBuf};

/// `cfn2tf convert NAME -o out --sarif s.sarif` on `template`: (exit code, stderr, the folder
/// holding `out`).
fn convert(name: &str, template: &str) -> (Option<i32>, String, tempfile::TempDir) {
    let dir = tempfile::tempdir().unwrap();
    std::fs::write(dir.path().join(name), template).unwrap();
    let o = run(cfn2tf()
        .args(["convert", name, "-o", "out", "--sarif", "s.sarif"])
        .current_dir(dir.path()));
    (o.status.code(), text(&o.stderr) + &text(&o.stdout), dir)
}

/// How many results of the SARIF log have this rule.
fn count_rule(dir: &tempfile::TempDir, rule: &str) -> usize {
    let log: serde_json::Value =
        serde_json::from_str(&std::fs::read_to_string(dir.path().join("s.sarif")).unwrap()).unwrap();
    log["runs"][0]["results"]
        .as_array()
        .unwrap()
        .iter()
        .filter(|r| r["ruleId"] == rule)
        .count()
}

fn out(dir: &tempfile::TempDir) -> PathBuf {
    dir.path().join("out")
}

fn variables(dir: &tempfile::TempDir) -> String {
    std::fs::read_to_string(out(dir).join("variables.tf")).unwrap()
}

/// The `variable "NAME" { ... }` block, with the comments above it.
fn variable<'a>(vars: &'a str, name: &str) -> &'a str {
    let head = format!("variable \"{name}\" {{");
    let at = vars
        .find(&head)
        .unwrap_or_else(|| panic!("no variable {name}:\n{vars}"));
    let start = vars[..at].rfind("\n\n").map_or(0, |i| i + 2);
    let end = vars[at..].find("\n}\n").map_or(vars.len(), |i| at + i + 3);
    &vars[start..end]
}

fn validates(out: &Path) {
    if let Some(tf) = terraform() {
        tf.validate(out).unwrap_or_else(|e| panic!("terraform validate:\n{e}"));
    }
}

const VPC: &str = "Resources:\n  Vpc:\n    Type: AWS::EC2::VPC\n    Properties:\n      CidrBlock: 10.0.0.0/16\n";

/// Java patterns RE2 cannot read: (parameter, pattern, default, what the warning names).
const UNREADABLE: &[(&str, &str, &str, &str)] = &[
    (
        "Password",
        r"(?=^.{6,255}$)((?=.*\d)(?=.*[A-Z])(?=.*[a-z])|(?=.*\d)(?=.*[^A-Za-z0-9])(?=.*[a-z]))^.*",
        "Passw0rd",
        "uses lookahead",
    ),
    (
        "DirectoryAlias",
        r"^$|^(?!d-)([\da-zA-Z]+)([-]*[\da-zA-Z])*$",
        "",
        "uses negative lookahead",
    ),
    (
        "HostLabel",
        r"[a-zA-Z0-9-.]{1,63}(?<!-)",
        "host",
        "uses negative lookbehind",
    ),
    ("Doubled", r"(a)\1", "aa", "uses a backreference"),
    ("Possessive", r"a++b", "aab", "uses a possessive quantifier"),
    ("Atomic", r"(?>ab|a)b", "abb", "uses an atomic group"),
    ("Spaced", r"(?x) a b", "ab", "uses the flag `x`"),
];

fn quoted(s: &str) -> String {
    format!("'{}'", s.replace('\'', "''"))
}

#[test]
fn patterns_terraform_cannot_read_are_not_checked_with_a_warning() {
    let mut template = String::from("Parameters:\n");
    for (name, pattern, default, _) in UNREADABLE {
        template.push_str(&format!(
            "  {name}:\n    Type: String\n    Default: {}\n    AllowedPattern: {}\n",
            quoted(default),
            quoted(pattern)
        ));
    }
    template.push_str("  Plain:\n    Type: String\n    Default: abc\n    AllowedPattern: '[a-z]+'\n");
    template.push_str("  Names:\n    Type: CommaDelimitedList\n    Default: 'a,b'\n    AllowedPattern: '^[a-z]+$'\n");
    template.push_str(VPC);
    let (code, stderr, dir) = convert("p.yaml", &template);
    assert_eq!(code, Some(0), "{stderr}");
    let vars = variables(&dir);
    for (i, (name, pattern, _, what)) in UNREADABLE.iter().enumerate() {
        // Each parameter takes four lines; the pattern is the fourth.
        let line = 2 + 4 * i + 3;
        let warning = format!(
            "p.yaml:{line}:21: warning: AllowedPattern of parameter {name} {what}, which Terraform's regex (RE2) cannot check: not checked"
        );
        assert!(stderr.contains(&warning), "expected {warning:?}:\n{stderr}");
        let block = variable(&vars, &cfn2tf::model::naming::snake_case(name));
        assert!(!block.contains("regex("), "{block}");
        assert!(
            block.contains(&format!("# CloudFormation AllowedPattern: {pattern}\n")),
            "{block}"
        );
        assert!(block.contains("default"), "the default stays: {block}");
    }
    assert_eq!(count_rule(&dir, "convert::parameter-pattern"), UNREADABLE.len());
    // A pattern RE2 reads is checked, each item of a list.
    let plain = variable(&vars, "plain");
    assert!(plain.contains(r#"can(regex("^(?:[a-z]+)$", var.plain))"#), "{plain}");
    let names = variable(&vars, "names");
    assert!(
        names.contains(r#"alltrue([for v in var.names : can(regex("^(?:^[a-z]+$)$", v))])"#),
        "{names}"
    );
    assert!(
        !stderr.contains("parameter Plain") && !stderr.contains("parameter Names"),
        "{stderr}"
    );
    validates(&out(&dir));

    // The reverse direction gives every AllowedPattern back.
    let reversed = cfn2tf::reverse::load_path(&out(&dir))
        .unwrap_or_else(|f| panic!("{}", cfn2tf::reverse::render_findings(&f.findings, &f.sources, false)));
    for (name, pattern, _, _) in UNREADABLE
        .iter()
        .chain(&[("Plain", "[a-z]+", "", ""), ("Names", "^[a-z]+$", "", "")])
    {
        let p = &reversed.template.parameters[*name];
        assert_eq!(p.allowed_pattern.as_deref(), Some(*pattern), "{name}");
    }
    // And the round trip converts forward to the same variables.
    let back = dir.path().join("back.yaml");
    std::fs::write(&back, cfn2tf::reverse::to_yaml(&reversed.template, &reversed.notes)).unwrap();
    let o = run(cfn2tf().arg("diff").arg(dir.path().join("p.yaml")).arg(&back));
    assert_eq!(o.status.code(), Some(0), "{}{}", text(&o.stdout), text(&o.stderr));
}

#[test]
fn defaults_that_break_their_own_constraints_are_left_out_with_a_warning() {
    let template = format!(
        r#"Parameters:
  Empty: {{Type: String, Default: "", AllowedPattern: "[a-z]+"}}
  Short: {{Type: String, Default: ab, MinLength: 3}}
  Long: {{Type: String, Default: abc, MaxLength: 2}}
  Low: {{Type: Number, Default: 0, MinValue: 1}}
  High: {{Type: Number, Default: 11, MaxValue: 10}}
  Items: {{Type: CommaDelimitedList, Default: "a,B", AllowedPattern: "[a-z]+"}}
  Ports: {{Type: List<Number>, Default: "80,70000", MaxValue: 65535}}
  Arabic: {{Type: String, Default: "٤٢", AllowedPattern: "\\d+"}}
  Unchecked: {{Type: String, Default: "", AllowedPattern: "(?=.*x).+"}}
  Fine: {{Type: String, Default: "123", MinLength: 1, MaxLength: 5, AllowedPattern: "^\\d+$"}}
  FineNumber: {{Type: Number, Default: 5, MinValue: 1, MaxValue: 10}}
  EmptyAllowed: {{Type: String, Default: "", AllowedPattern: "^$|^vpc-[0-9a-f]+$"}}
{VPC}"#
    );
    let (code, stderr, dir) = convert("d.yaml", &template);
    assert_eq!(code, Some(0), "{stderr}");
    for (line, column, why) in [
        (2, 34, r#"Empty does not match the AllowedPattern ("")"#),
        (3, 34, "Short is shorter than the MinLength of 3 (ab)"),
        (4, 33, "Long is longer than the MaxLength of 2 (abc)"),
        (5, 32, "Low is less than the MinValue of 1 (0)"),
        (6, 33, "High is more than the MaxValue of 10 (11)"),
        (7, 46, "Items does not match the AllowedPattern (B)"),
        (8, 40, "Ports is more than the MaxValue of 65535 (70000)"),
        // RE2's \d is ASCII.
        (9, 35, "Arabic does not match the AllowedPattern (٤٢)"),
    ] {
        let warning = format!(
            "d.yaml:{line}:{column}: warning: the default of parameter {why}: CloudFormation refuses it, so it is left out and the variable has to be set"
        );
        assert!(stderr.contains(&warning), "expected {warning:?}:\n{stderr}");
    }
    assert_eq!(count_rule(&dir, "convert::parameter-default"), 8);
    assert_eq!(count_rule(&dir, "convert::parameter-pattern"), 1);
    for kept in ["Unchecked", "Fine", "FineNumber", "EmptyAllowed"] {
        assert!(
            !stderr.contains(&format!("default of parameter {kept} ")),
            "{kept}: {stderr}"
        );
    }
    let vars = variables(&dir);
    let empty = variable(&vars, "empty");
    assert!(
        empty.contains(r#"# cfn2tf: default "" left out: it does not match"#),
        "{empty}"
    );
    assert!(!empty.contains("default ="), "{empty}");
    assert!(!variable(&vars, "ports").contains("default ="), "{vars}");
    assert!(variable(&vars, "fine").contains(r#"default = "123""#), "{vars}");
    assert!(variable(&vars, "fine_number").contains("default = 5"), "{vars}");
    assert!(variable(&vars, "empty_allowed").contains(r#"default = """#), "{vars}");
    let unchecked = variable(&vars, "unchecked");
    assert!(
        unchecked.contains(r#"default = """#) && !unchecked.contains("regex("),
        "{unchecked}"
    );
    validates(&out(&dir));
}
