//! Hostile input through the CLI: an alias bomb and 10,000-deep nesting are refused fast with
//! bounded memory (exit 2, nothing written); a template over CloudFormation's 1 MB limit still
//! converts, with a warning.

mod common;
use common::*;
use std::time::{Duration, Instant};

/// Runs `cfn2tf convert` under a 512 MB address-space limit and returns (exit code, stderr, time).
fn convert_limited(text: &str, name: &str) -> (Option<i32>, String, Duration, bool) {
    let dir = tempfile::tempdir().unwrap();
    let input = dir.path().join(name);
    std::fs::write(&input, text).unwrap();
    let out = dir.path().join("out");
    let started = Instant::now();
    let o = run(std::process::Command::new("sh").arg("-c").arg(format!(
        "ulimit -v 524288 && exec '{}' convert '{}' -o '{}'",
        env!("CARGO_BIN_EXE_cfn2tf"),
        input.display(),
        out.display()
    )));
    (o.status.code(), text_of(&o.stderr), started.elapsed(), out.exists())
}

fn text_of(b: &[u8]) -> String {
    String::from_utf8_lossy(b).to_string()
}

fn assert_refused_fast(text: &str, name: &str, needle: &str) {
    let (code, err, took, written) = convert_limited(text, name);
    assert_eq!(code, Some(2), "{name}: {err}");
    assert!(err.contains(needle), "{name}: expected {needle:?}:\n{err}");
    assert!(!err.contains("panicked"), "{err}");
    assert!(!written, "{name}: nothing may be written");
    assert!(took < Duration::from_secs(10), "{name}: took {took:?}");
}

#[test]
fn alias_bomb_is_refused_fast() {
    let mut text = String::from("a0: &a0 [x, x, x, x, x, x, x, x, x, x]\n");
    for i in 1..10 {
        let prev = format!("*a{}", i - 1);
        text.push_str(&format!("a{i}: &a{i} [{}]\n", vec![prev; 10].join(", ")));
    }
    text.push_str("Resources:\n  Vpc:\n    Type: AWS::EC2::VPC\n    Properties:\n      CidrBlock: *a9\n");
    assert_refused_fast(&text, "bomb.yaml", "YAML aliases expand to more than");
}

#[test]
fn deep_yaml_nesting_is_refused_fast() {
    let depth = 10_000;
    let text = format!("Resources: {}x{}\n", "[".repeat(depth), "]".repeat(depth));
    assert_refused_fast(&text, "deep.yaml", "nesting");
}

#[test]
fn deep_json_nesting_is_refused_fast() {
    let depth = 10_000;
    let text = format!("{{\"Resources\": {}1{}}}", "[".repeat(depth), "]".repeat(depth));
    assert_refused_fast(&text, "deep.json", "nesting");
}

#[test]
fn template_over_one_megabyte_converts_with_a_warning() {
    let padding = "x".repeat(1_100_000);
    let text = format!(
        "Metadata:\n  Padding: {padding}\nResources:\n  Vpc:\n    Type: AWS::EC2::VPC\n    Properties:\n      CidrBlock: 10.0.0.0/16\n"
    );
    let (code, err, _, written) = convert_limited(&text, "big.yaml");
    assert_eq!(code, Some(0), "{err}");
    assert!(written);
    assert!(err.contains("over CloudFormation's limit of 1 MB"), "{err}");
    assert!(err.contains("1/1 resources converted, 1 warning(s)"), "{err}");
}

/// What one hostile run did: exit code, stderr, CPU time (wall time when `/usr/bin/time` is
/// absent: other work on a shared machine must not fail the test) and peak memory (kB).
struct Ran {
    code: Option<i32>,
    stderr: String,
    took: Duration,
    peak_kb: Option<u64>,
}

/// Runs cfn2tf in `dir` with `args` (and `stdin` from a shell redirection when given), under
/// /usr/bin/time when present to read its peak memory.
fn hostile(dir: &std::path::Path, args: &[&str], stdin: Option<&str>) -> Ran {
    let quoted: Vec<String> = args.iter().map(|a| format!("'{a}'")).collect();
    let timer = std::path::Path::new("/usr/bin/time").exists();
    let script = format!(
        "{}'{}' {}{}",
        if timer {
            "/usr/bin/time -f 'peak-kb %M %U %S' "
        } else {
            ""
        },
        env!("CARGO_BIN_EXE_cfn2tf"),
        quoted.join(" "),
        stdin.map(|s| format!(" < {s}")).unwrap_or_default()
    );
    let started = Instant::now();
    let o = run(std::process::Command::new("sh").arg("-c").arg(script).current_dir(dir));
    // What the user sees: the report on stdout, the messages on stderr.
    let stderr = text_of(&o.stderr) + &text_of(&o.stdout);
    let measured: Vec<&str> = stderr
        .lines()
        .rev()
        .find_map(|l| l.strip_prefix("peak-kb "))
        .map(|l| l.split_whitespace().collect())
        .unwrap_or_default();
    let peak_kb = measured.first().and_then(|n| n.parse().ok());
    let cpu: Option<f64> = match measured.as_slice() {
        [_, user, system] => user
            .parse::<f64>()
            .ok()
            .zip(system.parse::<f64>().ok())
            .map(|(u, s)| u + s),
        _ => None,
    };
    Ran {
        code: o.status.code(),
        took: cpu.map_or_else(|| started.elapsed(), Duration::from_secs_f64),
        stderr,
        peak_kb,
    }
}

impl Ran {
    /// Exit `code`, no panic, under 2 s and 200 MB.
    fn expect(&self, code: i32, needle: &str) -> &Ran {
        assert_eq!(self.code, Some(code), "{}", self.stderr);
        assert!(!self.stderr.contains("panicked"), "{}", self.stderr);
        assert!(self.stderr.contains(needle), "expected {needle:?}:\n{}", self.stderr);
        assert!(self.took < Duration::from_secs(2), "took {:?}", self.took);
        if let Some(kb) = self.peak_kb {
            assert!(kb < 200 * 1024, "peak memory {kb} kB");
        }
        self
    }
}

const VPC: &str = "Resources:\n  Vpc:\n    Type: AWS::EC2::VPC\n    Properties:\n      CidrBlock: 10.0.0.0/16\n";

#[test]
fn errors_past_column_65530_are_clipped_not_a_panic() {
    let dir = tempfile::tempdir().unwrap();
    std::fs::write(dir.path().join("p.json"), format!("{}x", " ".repeat(70_000))).unwrap();
    hostile(dir.path(), &["convert", "p.json"], None).expect(2, "p.json:1:70001");
    // A located error in a minified one-line template, not a syntax error.
    let minified = format!(
        "{{\"Description\":\"{}\",\"Resources\":{{\"A\":{{\"Type\":\"AWS::EC2::VPC\",\"Properties\":{{\"CidrBlock\":{{\"Ref\":\"Nope\"}}}}}}}}}}",
        "d".repeat(80_000)
    );
    std::fs::write(dir.path().join("min.json"), &minified).unwrap();
    hostile(dir.path(), &["convert", "min.json"], None).expect(2, "min.json:1:");
    hostile(dir.path(), &["diff", "p.json", "min.json"], None).expect(2, "p.json:1:70001");
    std::fs::write(
        dir.path().join("long.tf"),
        format!("locals {{ x = \"{}\" {{ }}", "y".repeat(70_000)),
    )
    .unwrap();
    hostile(dir.path(), &["convert", "long.tf"], None).expect(2, "long.tf:1:");
}

#[test]
fn batch_output_stays_inside_o_and_names_stay_apart() {
    let dir = tempfile::tempdir().unwrap();
    let input = dir.path().join("in");
    std::fs::create_dir_all(&input).unwrap();
    for name in ["...yaml", "..yaml", "....template"] {
        std::fs::write(input.join(name), VPC).unwrap();
    }
    std::fs::write(dir.path().join("main.tf"), "# the user's own file\n").unwrap();
    hostile(dir.path(), &["batch", "in", "-o", "out"], None).expect(0, "3 template(s)");
    assert_eq!(
        std::fs::read_to_string(dir.path().join("main.tf")).unwrap(),
        "# the user's own file\n"
    );
    let outs: Vec<String> = std::fs::read_dir(dir.path().join("out"))
        .unwrap()
        .filter_map(|e| e.ok())
        .filter(|e| e.path().join("main.tf").is_file())
        .map(|e| e.file_name().to_string_lossy().to_string())
        .collect();
    assert_eq!(outs.len(), 3, "{outs:?}");
}

#[test]
fn reports_never_overwrite_without_force_nor_an_input() {
    let dir = tempfile::tempdir().unwrap();
    std::fs::create_dir_all(dir.path().join("in")).unwrap();
    std::fs::write(dir.path().join("in/a.yaml"), VPC).unwrap();
    std::fs::write(dir.path().join("notes.md"), "mine\n").unwrap();
    hostile(dir.path(), &["batch", "in", "-o", "out", "--report", "notes.md"], None).expect(2, "--force");
    assert_eq!(std::fs::read_to_string(dir.path().join("notes.md")).unwrap(), "mine\n");
    assert!(
        !dir.path().join("out/a").exists(),
        "nothing converted when a report cannot be written"
    );
    for force in [false, true] {
        let mut args = vec!["batch", "in", "-o", "out", "--report", "in/a.yaml"];
        if force {
            args.push("--force");
        }
        hostile(dir.path(), &args, None).expect(2, "never writes over its input");
        assert_eq!(std::fs::read_to_string(dir.path().join("in/a.yaml")).unwrap(), VPC);
    }
    hostile(
        dir.path(),
        &["batch", "in", "-o", "out", "--report", "r", "--json", "./r"],
        None,
    )
    .expect(2, "both name");
    // The reverse direction never writes over the .tf file it reads.
    std::fs::write(
        dir.path().join("main.tf"),
        "resource \"aws_vpc\" \"v\" {\n  cidr_block = \"10.0.0.0/16\"\n}\n",
    )
    .unwrap();
    hostile(
        dir.path(),
        &["convert", "main.tf", "-o", "main.tf", "--to", "cfn", "--force"],
        None,
    )
    .expect(2, "input");
}

#[test]
fn force_removes_stale_output_and_a_failure_changes_nothing() {
    let dir = tempfile::tempdir().unwrap();
    let with_output = format!("{VPC}Outputs:\n  VpcId:\n    Value: !Ref Vpc\n");
    std::fs::write(dir.path().join("a.yaml"), &with_output).unwrap();
    hostile(dir.path(), &["convert", "a.yaml", "-o", "out"], None).expect(0, "-> out");
    assert!(dir.path().join("out/outputs.tf").is_file());
    std::fs::write(dir.path().join("a.yaml"), VPC).unwrap();
    hostile(dir.path(), &["convert", "a.yaml", "-o", "out"], None).expect(2, "--force");
    hostile(dir.path(), &["convert", "a.yaml", "-o", "out", "--force"], None).expect(0, "-> out");
    assert!(
        !dir.path().join("out/outputs.tf").exists(),
        "stale outputs.tf left behind"
    );
    // A path that is a directory: refused before anything is replaced.
    let main_before = std::fs::read_to_string(dir.path().join("out/main.tf")).unwrap();
    std::fs::create_dir_all(dir.path().join("out/variables.tf")).unwrap();
    std::fs::write(
        dir.path().join("a.yaml"),
        format!("Parameters:\n  Cidr:\n    Type: String\n{VPC}"),
    )
    .unwrap();
    hostile(dir.path(), &["convert", "a.yaml", "-o", "out", "--force"], None).expect(2, "is a directory");
    assert_eq!(
        std::fs::read_to_string(dir.path().join("out/main.tf")).unwrap(),
        main_before
    );
}

#[test]
fn concurrent_runs_into_one_folder_never_mix() {
    let dir = tempfile::tempdir().unwrap();
    for (name, cidr) in [("a", "10.0.0.0/16"), ("b", "10.1.0.0/16")] {
        std::fs::create_dir_all(dir.path().join(name)).unwrap();
        let text = VPC.replace("10.0.0.0/16", cidr);
        for i in 0..40 {
            std::fs::write(dir.path().join(format!("{name}/t{i}.yaml")), &text).unwrap();
        }
    }
    let spawn = |input: &str| {
        cfn2tf()
            .current_dir(dir.path())
            .args(["batch", input, "-o", "out", "--force"])
            .stderr(std::process::Stdio::piped())
            .spawn()
            .unwrap()
    };
    let (a, b) = (spawn("a"), spawn("b"));
    let (a, b) = (a.wait_with_output().unwrap(), b.wait_with_output().unwrap());
    for i in 0..40 {
        let Ok(main) = std::fs::read_to_string(dir.path().join(format!("out/t{i}/main.tf"))) else {
            continue;
        };
        // Each folder holds one template's output whole; a run refused by the lock says so.
        assert!(main.contains("10.0.0.0/16") ^ main.contains("10.1.0.0/16"), "{main}");
    }
    let refused = [&a, &b]
        .iter()
        .filter(|o| text_of(&o.stderr).contains("another cfn2tf run"))
        .count();
    let succeeded = [&a, &b].iter().filter(|o| o.status.success()).count();
    assert_eq!(refused + succeeded, 2, "{}\n{}", text_of(&a.stderr), text_of(&b.stderr));
}

#[test]
fn numbers_keep_their_text_and_diff_tells_them_apart() {
    let dir = tempfile::tempdir().unwrap();
    let template = "Resources:\n  Db:\n    Type: AWS::RDS::DBInstance\n    Properties:\n      Engine: mysql\n      EngineVersion: 5.10\n      DBInstanceClass: db.t3.micro\n      AllocatedStorage: 12345678901234567891\n  B:\n    Type: AWS::S3::Bucket\n    Properties:\n      BucketName: 0.10\n";
    std::fs::write(dir.path().join("n.yaml"), template).unwrap();
    hostile(dir.path(), &["convert", "n.yaml", "-o", "tf"], None).expect(0, "2/2 resources");
    let main = std::fs::read_to_string(dir.path().join("tf/main.tf")).unwrap();
    for kept in ["\"5.10\"", "\"0.10\"", "12345678901234567891"] {
        assert!(main.contains(kept), "{kept} lost:\n{main}");
    }
    hostile(dir.path(), &["diff", "n.yaml", "tf"], None).expect(0, "No differences");
    std::fs::write(dir.path().join("tf/main.tf"), main.replace("\"5.10\"", "5.1")).unwrap();
    let ran = hostile(dir.path(), &["diff", "n.yaml", "tf"], None);
    assert_eq!(
        ran.code,
        Some(1),
        "5.10 and 5.1 are different engine versions:\n{}",
        ran.stderr
    );
}

#[test]
fn unbounded_input_is_refused_with_bounded_cost() {
    let dir = tempfile::tempdir().unwrap();
    hostile(dir.path(), &["convert", "-"], Some("/dev/zero")).expect(2, "larger than");
    // One long string aliased thousands of times: the expansion counts bytes, not nodes.
    let mut bomb = format!("Metadata:\n  Big: &big {}\n  Copies:\n", "x".repeat(200_000));
    for _ in 0..3000 {
        bomb.push_str("    - *big\n");
    }
    bomb.push_str(VPC);
    std::fs::write(dir.path().join("bomb.yaml"), bomb).unwrap();
    hostile(dir.path(), &["convert", "bomb.yaml", "-o", "out"], None).expect(2, "YAML aliases expand to more than");
    assert!(!dir.path().join("out").exists());
}

#[test]
fn encodings_and_line_endings_are_read_or_located() {
    let dir = tempfile::tempdir().unwrap();
    let bom_json =
        "\u{feff}{\"Resources\":{\"Vpc\":{\"Type\":\"AWS::EC2::VPC\",\"Properties\":{\"CidrBlock\":\"10.0.0.0/16\"}}}}";
    std::fs::write(dir.path().join("bom.json"), bom_json).unwrap();
    hostile(dir.path(), &["convert", "bom.json"], None).expect(0, "1/1 resources");
    std::fs::write(
        dir.path().join("bom.tf"),
        "\u{feff}resource \"aws_vpc\" \"v\" {\n  cidr_block = \"10.0.0.0/16\"\n}\n",
    )
    .unwrap();
    hostile(dir.path(), &["convert", "bom.tf"], None).expect(0, "1 resources");
    let utf16: Vec<u8> = [0xFF, 0xFE]
        .into_iter()
        .chain(VPC.encode_utf16().flat_map(|u| u.to_le_bytes()))
        .collect();
    std::fs::write(dir.path().join("u16.yaml"), utf16).unwrap();
    hostile(dir.path(), &["convert", "u16.yaml"], None).expect(2, "u16.yaml:1:1: error: the file is UTF-16");
    std::fs::write(dir.path().join("latin1.tf"), b"locals {\n  x = \"caf\xe9\"\n}\n").unwrap();
    hostile(dir.path(), &["convert", "latin1.tf"], None).expect(2, "latin1.tf:2:11: error: the file is not UTF-8");
    // CR-only and CRLF line endings: the error is on line 6 either way.
    let bad = "Resources:\n  Vpc:\n    Type: AWS::EC2::VPC\n    Properties:\n      CidrBlock: 10.0.0.0/16\n      Bad: !Ref Nope\n";
    for (name, eol) in [("cr.yaml", "\r"), ("crlf.yaml", "\r\n")] {
        std::fs::write(dir.path().join(name), bad.replace('\n', eol)).unwrap();
        hostile(dir.path(), &["convert", name], None).expect(2, &format!("{name}:6:"));
    }
    std::fs::write(dir.path().join("comments.yaml"), "# only a comment\n# and another\n").unwrap();
    hostile(dir.path(), &["convert", "comments.yaml"], None).expect(2, "comments.yaml:1:1");
}

#[test]
fn reverse_refuses_duplicates_and_an_empty_folder() {
    let dir = tempfile::tempdir().unwrap();
    let bucket = "resource \"aws_s3_bucket\" \"b\" {\n  bucket = \"x\"\n}\n";
    std::fs::create_dir_all(dir.path().join("dup")).unwrap();
    std::fs::write(dir.path().join("dup/a.tf"), bucket).unwrap();
    std::fs::write(dir.path().join("dup/b.tf"), bucket).unwrap();
    hostile(dir.path(), &["convert", "dup"], None)
        .expect(2, "dup/b.tf:1:1: error: duplicate resource \"aws_s3_bucket\" \"b\"");
    hostile(dir.path(), &["diff", "dup", "dup"], None).expect(2, "already defined at dup/a.tf:1");
    std::fs::write(dir.path().join("vars.tf"), "variable \"v\" {}\n\nvariable \"v\" {}\n").unwrap();
    hostile(dir.path(), &["convert", "vars.tf"], None).expect(2, "vars.tf:3:1: error: duplicate variable");
    std::fs::create_dir_all(dir.path().join("empty")).unwrap();
    hostile(dir.path(), &["convert", "empty"], None).expect(2, "no .tf files");
}

#[test]
fn doubling_locals_are_bounded_in_reverse() {
    let dir = tempfile::tempdir().unwrap();
    let mut tf = String::from("locals {\n  l0 = \"ab\"\n");
    for i in 1..=60 {
        tf.push_str(&format!("  l{i} = \"${{local.l{0}}}${{local.l{0}}}\"\n", i - 1));
    }
    tf.push_str("}\nresource \"aws_s3_bucket\" \"b\" {\n  bucket = local.l60\n}\n");
    std::fs::create_dir_all(dir.path().join("tf")).unwrap();
    std::fs::write(dir.path().join("tf/main.tf"), tf).unwrap();
    hostile(dir.path(), &["convert", "tf"], None).expect(2, "grow without bound");
}

#[test]
fn diff_text_escapes_control_characters() {
    let dir = tempfile::tempdir().unwrap();
    let template = |name: &str| {
        format!("Resources:\n  B:\n    Type: AWS::S3::Bucket\n    Properties:\n      BucketName: \"{name}\"\n")
    };
    std::fs::write(dir.path().join("a.yaml"), template("x\\e[2J\\u202Ey")).unwrap();
    std::fs::write(dir.path().join("b.yaml"), template("z")).unwrap();
    let ran = hostile(dir.path(), &["diff", "a.yaml", "b.yaml"], None);
    assert_eq!(ran.code, Some(1), "{}", ran.stderr);
    assert!(
        !ran.stderr.contains('\u{1b}') && !ran.stderr.contains('\u{202e}'),
        "{:?}",
        ran.stderr
    );
    assert!(ran.stderr.contains("\\u{1b}[2J"), "{}", ran.stderr);
}

#[test]
fn batch_markdown_keeps_odd_file_names_in_their_cells() {
    let dir = tempfile::tempdir().unwrap();
    std::fs::create_dir_all(dir.path().join("in")).unwrap();
    for name in ["a|b.yaml", "c`d.yaml", "e\nf.yaml"] {
        std::fs::write(dir.path().join("in").join(name), VPC).unwrap();
    }
    hostile(dir.path(), &["batch", "in", "-o", "out", "--report", "r.md"], None).expect(0, "3 template(s)");
    let md = std::fs::read_to_string(dir.path().join("r.md")).unwrap();
    let rows: Vec<&str> = md
        .lines()
        .filter(|l| l.contains("d.yaml") || l.contains("b.yaml") || l.contains("f.yaml"))
        .collect();
    assert_eq!(rows.len(), 3, "{md}");
    for row in rows {
        // Seven cells: eight unescaped pipes.
        let pipes = row.replace("\\|", "").matches('|').count();
        assert_eq!(pipes, 8, "{row}");
    }
}

/// Converts `text` (as `name`) in a fresh folder: (the run, the folder, its `out`).
fn convert_text(name: &str, text: &str) -> (Ran, tempfile::TempDir) {
    let dir = tempfile::tempdir().unwrap();
    std::fs::write(dir.path().join(name), text).unwrap();
    let ran = hostile(dir.path(), &["convert", name, "-o", "out"], None);
    (ran, dir)
}

fn all_tf(dir: &std::path::Path) -> String {
    let mut files: Vec<_> = std::fs::read_dir(dir)
        .unwrap()
        .filter_map(|e| e.ok())
        .map(|e| e.path())
        .collect();
    files.sort();
    files
        .iter()
        .filter(|p| p.extension().is_some_and(|x| x == "tf"))
        .map(|p| std::fs::read_to_string(p).unwrap())
        .collect()
}

/// `terraform validate` passes on the output, where terraform is available.
fn validates(out: &std::path::Path) {
    if let Some(tf) = terraform() {
        tf.validate(out).unwrap();
    }
}

const COLLIDING: &str = r#"Parameters:
  MyVPC: {Type: String, Default: a}
  MyVpc: {Type: String, Default: b}
  StackName: {Type: String, Default: s}
Mappings:
  RegionMap: {us-east-1: {A: x}}
Conditions:
  region_map: !Equals [a, b]
  IsProd: !Equals [!Ref MyVPC, prod]
  IsPROD: !Equals [!Ref MyVpc, prod]
Resources:
  B:
    Type: AWS::S3::Bucket
    Condition: IsPROD
    Properties:
      BucketName: !Join ['-', [!Ref MyVPC, !Ref MyVpc, !Ref 'AWS::StackName', !FindInMap [RegionMap, us-east-1, A], !If [region_map, x, y]]]
Outputs:
  OutA: {Value: !Ref MyVPC}
  OutA_: {Value: !Ref MyVpc}
"#;

#[test]
fn names_colliding_after_snake_case_are_kept_apart_with_a_warning() {
    let (ran, dir) = convert_text("c.yaml", COLLIDING);
    ran.expect(0, "c.yaml:3:3: warning: parameter MyVpc becomes `my_vpc_2`");
    for needle in [
        "c.yaml:8:3: warning: condition region_map becomes `region_map_2`",
        "c.yaml:10:3: warning: condition IsPROD becomes `is_prod_2`",
        "c.yaml:19:3: warning: output OutA_ becomes `out_a_2`",
    ] {
        assert!(ran.stderr.contains(needle), "{needle}:\n{}", ran.stderr);
    }
    let out = dir.path().join("out");
    let tf = all_tf(&out);
    for needle in [
        "variable \"my_vpc_2\"",
        "output \"out_a_2\"",
        "count  = local.is_prod_2 ? 1 : 0",
        "[var.my_vpc, var.my_vpc_2, var.stack_name_2, local.region_map[\"us-east-1\"][\"A\"], local.region_map_2 ? \"x\" : \"y\"]",
        "value = var.my_vpc_2",
    ] {
        assert!(tf.contains(needle), "{needle}:\n{tf}");
    }
    // Every block label once: Terraform refuses duplicates.
    let labels: Vec<&str> = tf
        .lines()
        .filter(|l| l.starts_with("variable ") || l.starts_with("output "))
        .collect();
    let unique: std::collections::HashSet<&&str> = labels.iter().collect();
    assert_eq!(unique.len(), labels.len(), "{labels:?}");
    validates(&out);
    // Back to CloudFormation, every name as it was.
    hostile(dir.path(), &["convert", "out", "-o", "back.yaml"], None).expect(0, "-> back.yaml");
    let back = std::fs::read_to_string(dir.path().join("back.yaml")).unwrap();
    for name in [
        "MyVPC:",
        "MyVpc:",
        "StackName:",
        "region_map:",
        "IsPROD:",
        "OutA_:",
        "!Ref AWS::StackName",
    ] {
        assert!(back.contains(name), "{name}:\n{back}");
    }
    // diff tells the two parameters apart.
    let one = COLLIDING
        .replace("  MyVpc: {Type: String, Default: b}\n", "")
        .replace("!Ref MyVpc", "!Ref MyVPC");
    std::fs::write(dir.path().join("one.yaml"), one).unwrap();
    let diff = hostile(dir.path(), &["diff", "c.yaml", "one.yaml"], None);
    assert!(diff.stderr.contains("differ in meaning"), "{}", diff.stderr);
}

#[test]
fn refused_parameter_defaults_are_left_out_with_a_warning() {
    let (ran, dir) = convert_text(
        "p.yaml",
        &format!(
            "Parameters:\n  N: {{Type: Number, Default: abc}}\n  E: {{Type: String, Default: c, AllowedValues: [a, b]}}\n  L: {{Type: List<Number>, Default: '1,x'}}\n  Ok: {{Type: Number, Default: 5.10, AllowedValues: [5.10, 6]}}\n{VPC}"
        ),
    );
    ran.expect(
        0,
        "p.yaml:2:30: warning: the default of parameter N is not a number (abc)",
    );
    assert!(
        ran.stderr
            .contains("p.yaml:3:30: warning: the default of parameter E is not one of the AllowedValues (c)"),
        "{}",
        ran.stderr
    );
    assert!(ran.stderr.contains("parameter L is not a number (x)"), "{}", ran.stderr);
    assert!(!ran.stderr.contains("parameter Ok"), "{}", ran.stderr);
    let out = dir.path().join("out");
    let vars = std::fs::read_to_string(out.join("variables.tf")).unwrap();
    assert!(vars.contains("# cfn2tf: default \"abc\" left out"), "{vars}");
    assert!(vars.contains("default = \"5.10\""), "{vars}");
    validates(&out);
}

#[test]
fn objects_that_cloudformation_refuses_are_located_errors() {
    let cases = [
        (
            "{Ref: P, \"Fn::Join\": [\"\", [a]]}",
            "t.yaml:9:19: error: `Ref` must be the only key",
        ),
        ("{Ref: P, Other: 1}", "t.yaml:9:19: error: `Ref` must be the only key"),
        ("{Other: 1, \"Fn::Sub\": x}", "`Fn::Sub` must be the only key"),
        (
            "!FindInMap [M, us-east-1, B]",
            "t.yaml:9:44: error: mapping `M` has no key `B` under `us-east-1`",
        ),
        (
            "!FindInMap [M, eu-west-9, A]",
            "error: mapping `M` has no key `eu-west-9`",
        ),
        (
            "!Select [0, !Split [',', !FindInMap [M, us-east-1, L]]]",
            "error: `Fn::Split` splits a string, and this is a list",
        ),
        (
            "!Select [0, !Split [',', [a, b]]]",
            "error: `Fn::Split` splits a string, and this is a list",
        ),
    ];
    for (value, needle) in cases {
        let text = format!(
            "Parameters:\n  P: {{Type: String, Default: a}}\nMappings:\n  M: {{us-east-1: {{A: x, L: [x, y]}}}}\nResources:\n  V:\n    Type: AWS::EC2::VPC\n    Properties:\n      CidrBlock: {value}\n"
        );
        let (ran, dir) = convert_text("t.yaml", &text);
        ran.expect(2, needle);
        assert!(!dir.path().join("out").exists(), "{value}: nothing written");
    }
    // With a default, a missing key is what the default is for.
    let text = "Transform: AWS::LanguageExtensions\nMappings:\n  M: {us-east-1: {A: x}}\nResources:\n  V:\n    Type: AWS::EC2::VPC\n    Properties:\n      CidrBlock: !FindInMap [M, us-east-1, B, {DefaultValue: 10.0.0.0/16}]\n";
    convert_text("d.yaml", text).0.expect(0, "1/1 resources converted");
}

#[test]
fn an_output_of_a_conditional_resource_is_guarded_with_a_warning() {
    let text = "Conditions:\n  C: !Equals [a, b]\nResources:\n  V:\n    Type: AWS::EC2::VPC\n    Condition: C\n    Properties:\n      CidrBlock: 10.0.0.0/16\nOutputs:\n  O: {Value: !Ref V}\n  Guarded: {Condition: C, Value: !GetAtt V.CidrBlock}\n";
    let (ran, dir) = convert_text("o.yaml", text);
    ran.expect(
        0,
        "o.yaml:10:3: warning: output O refers to resources created only under condition C",
    );
    assert!(!ran.stderr.contains("output Guarded"), "{}", ran.stderr);
    let outputs = std::fs::read_to_string(dir.path().join("out/outputs.tf")).unwrap();
    assert!(
        outputs.contains("value = local.c ? aws_vpc.v[0].id : null"),
        "{outputs}"
    );
    validates(&dir.path().join("out"));
}

#[test]
fn yaml_1_1_booleans_read_as_cloudformation_reads_them_with_a_warning() {
    let text = "Resources:\n  V:\n    Type: AWS::EC2::VPC\n    Properties:\n      CidrBlock: 10.0.0.0/16\n      EnableDnsSupport: off\n      EnableDnsHostnames: Yes\n      Tags: [{Key: quoted, Value: 'no'}, {Key: on, Value: x}]\n";
    let (ran, dir) = convert_text("b.yaml", text);
    ran.expect(0, "b.yaml:6:25: warning: `off` is read as the boolean false");
    assert!(
        ran.stderr
            .contains("b.yaml:7:27: warning: `Yes` is read as the boolean true"),
        "{}",
        ran.stderr
    );
    assert!(
        ran.stderr
            .contains("b.yaml:8:48: warning: `on` is read as the boolean true"),
        "{}",
        ran.stderr
    );
    assert!(!ran.stderr.contains("`no`"), "a quoted 'no' is text:\n{}", ran.stderr);
    let main = std::fs::read_to_string(dir.path().join("out/main.tf")).unwrap();
    assert!(main.contains("enable_dns_support   = false"), "{main}");
    assert!(main.contains("enable_dns_hostnames = true"), "{main}");
    assert!(
        main.contains("quoted = \"no\"") || main.contains("quoted   = \"no\""),
        "{main}"
    );
    assert!(
        main.contains("true   = \"x\"") || main.contains("true = \"x\""),
        "{main}"
    );
    validates(&dir.path().join("out"));
}

#[test]
fn forty_thousand_mapping_keys_and_tags_stay_linear() {
    // 40k, not 80k: the test runs the debug build; the release build's numbers for 80k are in
    // docs/src/hostile-input.md (Cost bounds).
    let mut map = String::from("Mappings:\n  M:\n");
    for i in 0..40_000 {
        map.push_str(&format!("    k{i}: {{A: x}}\n"));
    }
    map.push_str(VPC);
    convert_text("m.yaml", &map).0.expect(0, "1/1 resources converted");
    let mut tags = String::from(VPC);
    tags.push_str("      Tags:\n");
    for i in 0..40_000 {
        tags.push_str(&format!("        - {{Key: k{i}, Value: v}}\n"));
    }
    tags.push_str("        - {Key: k7, Value: again}\n");
    let (ran, _dir) = convert_text("t.yaml", &tags);
    ran.expect(0, "warning: tag key k7 appears more than once");
    let mut dup = String::from("Mappings:\n  M:\n");
    for i in 0..40_000 {
        dup.push_str(&format!("    k{i}: {{A: x}}\n"));
    }
    dup.push_str("    k5: {A: y}\n");
    dup.push_str(VPC);
    convert_text("d.yaml", &dup)
        .0
        .expect(2, "d.yaml:40003:5: error: duplicate key `k5` (first defined on line 8)");
}

#[test]
fn diff_of_locals_that_double_stops_with_a_located_error() {
    let dir = tempfile::tempdir().unwrap();
    let mut tf = String::from("locals {\n  s0 = \"ab\"\n");
    for i in 1..=60 {
        tf.push_str(&format!("  s{i} = \"${{local.s{}}}${{local.s{}}}\"\n", i - 1, i - 1));
    }
    tf.push_str("}\nresource \"aws_vpc\" \"v\" {\n  cidr_block = local.s60\n}\n");
    std::fs::create_dir_all(dir.path().join("a")).unwrap();
    std::fs::write(dir.path().join("a/main.tf"), &tf).unwrap();
    hostile(dir.path(), &["diff", "a", "a"], None).expect(2, "a/main.tf:1: error: local.s");
    hostile(dir.path(), &["convert", "a", "-o", "t.yaml"], None).expect(2, "a/main.tf:2:3: error: inlining local.s0");
}

#[test]
fn migrate_reports_stack_resources_the_template_lacks_and_malformed_entries() {
    let dir = tempfile::tempdir().unwrap();
    std::fs::write(dir.path().join("t.yaml"), VPC).unwrap();
    let resources = |items: &str| format!("{{\"StackResources\": [{items}]}}");
    let entry = |id: &str, physical: &str| {
        format!(
            "{{\"LogicalResourceId\": \"{id}\", \"PhysicalResourceId\": \"{physical}\", \"ResourceType\": \"AWS::EC2::VPC\", \"StackName\": \"s\"}}"
        )
    };
    std::fs::write(
        dir.path().join("r.json"),
        resources(&[entry("Vpc", "vpc-1"), entry("Gone", "vpc-2")].join(",")),
    )
    .unwrap();
    let ran = hostile(
        dir.path(),
        &["migrate", "t.yaml", "--resources", "r.json", "-o", "tf"],
        None,
    );
    ran.expect(
        0,
        "stack resource Gone (physical id vpc-2) is in the stack but not in the template",
    );
    let guide = std::fs::read_to_string(dir.path().join("tf/MIGRATION.md")).unwrap();
    assert!(guide.contains("Gone"), "{guide}");
    std::fs::write(
        dir.path().join("dup.json"),
        resources(&[entry("Vpc", "vpc-1"), entry("Vpc", "vpc-3")].join(",")),
    )
    .unwrap();
    hostile(
        dir.path(),
        &["migrate", "t.yaml", "--resources", "dup.json", "-o", "tf2"],
        None,
    )
    .expect(2, "LogicalResourceId Vpc appears more than once");
    assert!(!dir.path().join("tf2").exists());
    std::fs::write(
        dir.path().join("bad.json"),
        resources("{\"PhysicalResourceId\": \"x\"}"),
    )
    .unwrap();
    hostile(
        dir.path(),
        &["migrate", "t.yaml", "--resources", "bad.json", "-o", "tf3"],
        None,
    )
    .expect(2, "bad.json:1:");
}
