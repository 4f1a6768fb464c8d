//! The template language, one small template per intrinsic and construct (tests/language/):
//! golden HCL and warnings (insta), each output `terraform fmt`-clean and valid; and a template
//! exercising all of it deployed to moto under two parameter sets.

mod common;
use common::*;
use std::path::PathBuf;

fn template(name: &str) -> PathBuf {
    repo_root().join("tests/language").join(format!("{name}.yaml"))
}

/// Converts, snapshots the HCL and the warnings, then runs terraform fmt -check and validate.
fn golden(name: &str) {
    let path = template(name);
    let file = cfn2tf::source::SourceFile::new(format!("{name}.yaml"), std::fs::read_to_string(&path).unwrap());
    let converted = cfn2tf::cfn_to_tf(&file).unwrap_or_else(|d| {
        panic!(
            "{name}: {}",
            d.items.iter().map(|x| x.one_line(&file)).collect::<Vec<_>>().join("\n")
        )
    });
    let mut snapshot = String::new();
    for w in converted.diagnostics.warnings() {
        snapshot.push_str(&format!("# warning {}\n", w.one_line(&file)));
    }
    for (file_name, text) in &converted.files {
        snapshot.push_str(&format!("# ---- {file_name}\n{text}"));
    }
    insta::assert_snapshot!(name, snapshot);

    let Some(tf) = terraform() else { return };
    let dir = tempfile::tempdir().unwrap();
    for (file_name, text) in &converted.files {
        std::fs::write(dir.path().join(file_name), text).unwrap();
    }
    tf.fmt_check(dir.path())
        .unwrap_or_else(|e| panic!("{name}: not fmt-clean:\n{e}"));
    tf.validate(dir.path())
        .unwrap_or_else(|e| panic!("{name}: invalid:\n{e}"));
}

macro_rules! golden_tests {
    ($($name:ident),* $(,)?) => {
        $(
            #[test]
            fn $name() {
                golden(stringify!($name));
            }
        )*
    };
}

golden_tests!(
    ref_pseudo,
    getatt_forms,
    sub_forms,
    join_select_split,
    get_azs,
    find_in_map,
    find_in_map_nested,
    cidr,
    conditions,
    json_properties,
    import_value,
    parameters,
    attributes,
    everything,
    cidr_doc_example,
);

/// Nested and `Ref`-named `Fn::FindInMap` read back as they were written, and lint clean.
#[test]
fn nested_find_in_map_reverses_to_the_same_template() {
    let path = template("find_in_map_nested");
    let dir = convert_to_dir(&path);
    let back = dir.path().join("back.yaml");
    let o = run(cfn2tf().arg("convert").arg(dir.path().join("tf")).arg("-o").arg(&back));
    assert!(o.status.success(), "{}", text(&o.stderr));
    let yaml = std::fs::read_to_string(&back).unwrap();
    for written in [
        "!FindInMap [Sizes, !Ref Env, !FindInMap [Tiers, !Ref Env, Key]]",
        "!FindInMap [!Ref SizeMap, !Ref Env, Small]",
    ] {
        assert!(yaml.contains(written), "{written}:\n{yaml}");
    }
    let o = run(cfn2tf().arg("diff").arg(&path).arg(&back));
    assert!(o.status.success(), "{}{}", text(&o.stdout), text(&o.stderr));
    if let Some(lint) = cfn_lint() {
        cfn_check(&lint, &back).unwrap_or_else(|e| panic!("{e}"));
    }
}

/// The done-when of issue 4: `everything.yaml` (conditions, mappings, Fn::Cidr, list
/// parameters, GetAtt, both Sub forms, ...) builds the same network as its conversion, with the
/// `IsProd` condition false (defaults) and true.
#[test]
fn everything_deploys_equal_for_dev_and_prod() {
    let Some(oracle) = oracle() else { return };
    let path = template("everything");
    let dir = convert_to_dir(&path);
    let tf = dir.path().join("tf");
    // Each oracle run starts its own moto on a free port: the two parameter sets run side by side.
    let (dev, prod) = std::thread::scope(|s| {
        let dev = s.spawn(|| equivalent(&oracle, &path, &tf, &[], &[("stack_name", "oracle")]));
        let prod = s.spawn(|| {
            equivalent(
                &oracle,
                &path,
                &tf,
                &[("EnvType", "prod"), ("ProjectName", "wide")],
                &[("env_type", "prod"), ("project_name", "wide"), ("stack_name", "oracle")],
            )
        });
        (dev.join().unwrap(), prod.join().unwrap())
    });
    let dev = dev.unwrap_or_else(|e| panic!("dev parameters:\n{e}"));
    let prod = prod.unwrap_or_else(|e| panic!("prod parameters:\n{e}"));
    eprintln!("dev: {dev}\nprod: {prod}");
}

/// A warning is located and marked in the output; the summary line counts resources and
/// warnings; `--strict` turns the warning into a failure that writes nothing.
#[test]
fn warnings_are_located_marked_summarised_and_strict_fails() {
    let path = template("attributes");
    let dir = tempfile::tempdir().unwrap();
    let out = dir.path().join("out");
    let o = run(cfn2tf().arg("convert").arg(&path).arg("-o").arg(&out));
    let err = text(&o.stderr);
    assert_eq!(o.status.code(), Some(0), "{err}");
    assert!(
        err.contains(
            "attributes.yaml:31:26: warning: UpdateReplacePolicy Snapshot on Volume: not enforced by Terraform"
        ),
        "{err}"
    );
    assert!(err.contains("7/7 resources converted, 9 warning(s)"), "{err}");
    let main = std::fs::read_to_string(out.join("main.tf")).unwrap();
    assert!(
        main.contains("# cfn2tf: UpdateReplacePolicy Snapshot (attributes.yaml:31) not enforced by Terraform"),
        "{main}"
    );
    // DeletionPolicy Snapshot has a Terraform counterpart for a volume: no warning, the argument.
    assert!(!err.contains("DeletionPolicy Snapshot"), "{err}");
    assert!(main.contains("final_snapshot    = true"), "{main}");

    let strict_out = dir.path().join("strict");
    let o = run(cfn2tf()
        .arg("convert")
        .arg(&path)
        .arg("-o")
        .arg(&strict_out)
        .arg("--strict"));
    let err = text(&o.stderr);
    assert_eq!(o.status.code(), Some(1), "{err}");
    assert!(
        err.contains("9 warning(s); --strict: failing, nothing written"),
        "{err}"
    );
    assert!(!strict_out.exists());
}

/// `Fn::Cidr` arithmetic checked by Terraform itself against the AWS reference's example:
/// `!Cidr ["192.168.0.0/24", 6, 5]` is six /27 blocks.
#[test]
fn cidr_matches_the_aws_reference_example() {
    if terraform().is_none() {
        return;
    }
    let dir = convert_to_dir(&template("cidr_doc_example"));
    let outputs = std::fs::read_to_string(dir.path().join("tf/outputs.tf")).unwrap();
    let values: Vec<&str> = outputs
        .lines()
        .filter_map(|l| l.trim().strip_prefix("value = "))
        .collect();
    assert_eq!(values.len(), 3, "{outputs}");
    let expected = "192.168.0.0/27,192.168.0.32/27,192.168.0.64/27,192.168.0.96/27,192.168.0.128/27,192.168.0.160/27";
    let console = |expr: &str| {
        let mut child = std::process::Command::new("terraform")
            .arg("console")
            .current_dir(tempfile::tempdir().unwrap().keep())
            .stdin(std::process::Stdio::piped())
            .stdout(std::process::Stdio::piped())
            .spawn()
            .unwrap();
        use std::io::Write;
        writeln!(child.stdin.take().unwrap(), "{expr}").unwrap();
        let out = child.wait_with_output().unwrap();
        text(&out.stdout).trim().trim_matches('"').to_string()
    };
    assert_eq!(console(values[0]), expected, "{}", values[0]);
    assert_eq!(console(values[1]), expected, "{}", values[1]);
    assert_eq!(console(values[2]), "192.168.0.160/27", "{}", values[2]);
}

/// A parameter bound that is not a number cannot become a check: it is reported, and the
/// bounds that are numbers still are checked.
#[test]
fn a_bound_that_is_not_a_number_is_reported_not_checked() {
    let template = "Parameters:\n  Name:\n    Type: String\n    MinLength: few\n    MaxLength: 8\nResources:\n  Topic:\n    Type: AWS::SNS::Topic\n    Properties:\n      TopicName: !Ref Name\n";
    let o = run_with_stdin(cfn2tf().args(["convert", "-"]), template.as_bytes());
    let (out, err) = (text(&o.stdout), text(&o.stderr));
    assert!(o.status.success(), "{err}");
    assert!(
        err.contains("<stdin>:2:3: warning: MinLength of parameter Name is not a number (few): not checked"),
        "{err}"
    );
    assert!(out.contains("condition     = length(var.name) <= 8"), "{out}");
    assert!(!out.contains("length(var.name) >="), "{out}");
}

/// A resource-level `Description` (no documented resource attribute, but CloudFormation deploys
/// the template and ignores it: CodeStar writes one on every resource) is a located warning and
/// a trace comment, not a refusal; any other unknown key is still refused, as CloudFormation
/// refuses it ("Invalid template resource property").
#[test]
fn a_resource_level_description_is_a_warning_other_unknown_keys_are_refused() {
    let template = "Resources:\n  Topic:\n    Type: AWS::SNS::Topic\n    Description: the alarm topic\n    Properties:\n      TopicName: alarms\n";
    let o = run_with_stdin(cfn2tf().args(["convert", "-"]), template.as_bytes());
    let (out, err) = (text(&o.stdout), text(&o.stderr));
    assert!(o.status.success(), "{err}");
    assert!(
        err.contains("<stdin>:4:5: warning: Description of Topic not enforced by Terraform: CloudFormation accepts a resource-level Description and ignores it; not translated"),
        "{err}"
    );
    assert!(
        out.contains("# CloudFormation Description: \"the alarm topic\""),
        "{out}"
    );
    assert!(out.contains("name = \"alarms\""), "{out}");

    let refused = template.replace("Description:", "Count:");
    let o = run_with_stdin(cfn2tf().args(["convert", "-"]), refused.as_bytes());
    let err = text(&o.stderr);
    assert!(!o.status.success(), "{err}");
    assert!(err.contains("`Count` is not a resource attribute"), "{err}");
}
