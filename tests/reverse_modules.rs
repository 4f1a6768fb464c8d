//! Terraform -> CloudFormation for Terraform as people write it: local modules inlined, and the
//! functions known at conversion time (see docs/src/reverse.md).

mod common;
use common::*;
use std::path::{Path, PathBuf};

fn ok(name: &str) -> PathBuf {
    repo_root().join("tests/reverse-ok").join(name)
}

fn bad(name: &str) -> PathBuf {
    repo_root().join("tests/reverse-bad").join(name)
}

/// The configuration converted to YAML (stderr on failure).
fn convert(config: &Path, out: &Path) -> String {
    let o = run(cfn2tf().arg("convert").arg(config).arg("-o").arg(out));
    assert!(o.status.success(), "{}", text(&o.stderr));
    std::fs::read_to_string(out).unwrap()
}

fn expect_error(config: &Path, location: &str, words: &[&str]) {
    let dir = tempfile::tempdir().unwrap();
    let out = dir.path().join("x.yaml");
    let o = run(cfn2tf().arg("convert").arg(config).arg("-o").arg(&out));
    let err = text(&o.stderr);
    assert_eq!(o.status.code(), Some(2), "{err}");
    assert!(
        err.contains(&format!("{location}: error")),
        "located at {location}: {err}"
    );
    for w in words {
        assert!(err.contains(w), "says `{w}`: {err}");
    }
    assert!(!out.exists(), "nothing is written");
}

#[test]
fn local_modules_are_inlined_with_prefixed_names_and_the_same_meaning() {
    let dir = tempfile::tempdir().unwrap();
    let out = dir.path().join("back.yaml");
    let config = ok("modules");
    let o = run(cfn2tf().arg("convert").arg(&config).arg("-o").arg(&out));
    let err = text(&o.stderr);
    assert!(o.status.success(), "{err}");
    // The subnet module's validation is reported where it is, not dropped.
    assert!(err.contains("subnet/main.tf:8:3: warning"), "{err}");
    assert!(err.contains("validation"), "{err}");
    let yaml = std::fs::read_to_string(&out).unwrap();
    // Resources of `module "network"` and its `module "subnet"`, named after the calls.
    assert!(yaml.contains("  NetworkThis:\n    Type: AWS::EC2::VPC\n"), "{yaml}");
    assert!(
        yaml.contains("  NetworkSubnetThis:\n    Type: AWS::EC2::Subnet\n"),
        "{yaml}"
    );
    // Inputs bound in the caller's scope (a parameter, a resource of the outer module).
    assert!(yaml.contains("      CidrBlock: !Ref Cidr\n"), "{yaml}");
    assert!(yaml.contains("      VpcId: !Ref NetworkThis\n"), "{yaml}");
    // Outputs read through two levels; the variable default, the local and path.module folded.
    assert!(yaml.contains("      SubnetId: !Ref NetworkSubnetThis\n"), "{yaml}");
    assert!(yaml.contains("  VpcId:\n    Value: !Ref NetworkThis\n"), "{yaml}");
    for tag in ["Value: net", "Value: demo-vpc", "Value: modules/network"] {
        assert!(yaml.contains(tag), "{tag}: {yaml}");
    }
    // The diff reads the modules the same way.
    let o = run(cfn2tf().arg("diff").arg(&config).arg(&out));
    assert!(o.status.success(), "{}{}", text(&o.stdout), text(&o.stderr));
}

#[test]
fn a_remote_module_is_a_located_error_saying_where_terraform_puts_it() {
    expect_error(
        &bad("module.tf"),
        "module.tf:4:3",
        &["not a local folder", "terraform get", ".terraform/modules/network"],
    );
}

#[test]
fn modules_that_call_each_other_are_a_located_error() {
    expect_error(
        &bad("module-cycle"),
        "modules/b/main.tf:4:3",
        &["module \"a\"", "already being read"],
    );
}

#[test]
fn a_module_from_stdin_is_a_located_error() {
    let text_in = std::fs::read(ok("modules/main.tf")).unwrap();
    let o = run_with_stdin(cfn2tf().args(["convert", "-", "--to", "cfn"]), &text_in);
    assert_eq!(o.status.code(), Some(2));
    assert!(text(&o.stderr).contains("read from its folder"), "{}", text(&o.stderr));
}

#[test]
fn functions_known_at_conversion_time_are_folded_and_the_rest_have_their_intrinsic() {
    let dir = tempfile::tempdir().unwrap();
    let out = dir.path().join("back.yaml");
    let yaml = convert(&ok("functions"), &out);
    // coalesce() of a parameter: Fn::If on a condition testing it for "".
    assert!(yaml.contains("  NameIsEmpty: !Equals [!Ref Name, '']\n"), "{yaml}");
    assert!(
        yaml.contains("      QueueName: !If [NameIsEmpty, jobs, !Ref Name]\n"),
        "{yaml}"
    );
    // try() / can() over a fixed map, format, trimsuffix, the string tests, replace, slice.
    for (key, value) in [
        ("Size", "small"),
        ("Color", "blue"),
        ("Suffix", "jobs-2"),
        ("Checks", "'true'"),
        ("Can", "'false'"),
        ("Replace", "a_b_c"),
        ("Slice", "b,c"),
        // jsondecode() of a list fails, so try() takes the list.
        ("Rules", "r1+r2"),
        // `parameter && false` is false whatever the parameter.
        ("Decided", "'false'"),
    ] {
        assert!(
            yaml.contains(&format!("        - Key: {key}\n          Value: {value}\n")),
            "{key}: {yaml}"
        );
    }
    // format() of a parameter: the template it spells, Fn::Sub.
    assert!(yaml.contains("          Value: !Sub '${Name}-5%'\n"), "{yaml}");
    // try() of a conditional resource: Fn::If on its condition; an output of it takes the
    // condition.
    assert!(
        yaml.contains("          Value: !If [CreateTopic, !Ref Alerts, none]\n"),
        "{yaml}"
    );
    assert!(
        yaml.contains("  TopicArn:\n    Condition: CreateTopic\n    Value: !Ref Alerts"),
        "{yaml}"
    );
    // nonsensitive() is the value; the parameter stays NoEcho.
    assert!(
        yaml.contains("  Password:\n    Type: String\n    NoEcho: true\n"),
        "{yaml}"
    );
    assert!(yaml.contains("      MasterUserPassword: !Ref Password\n"), "{yaml}");
    // templatefile() beside the configuration: Fn::Sub of the reference, the loop expanded
    // with its `~` strip markers applied.
    assert!(
        yaml.contains("echo \"queue ${Jobs.QueueName}\"\n          open 80\n          open 443\n          echo done\n"),
        "{yaml}"
    );
}

#[test]
fn a_template_file_reading_a_variable_it_is_not_given_is_a_located_error() {
    let dir = tempfile::tempdir().unwrap();
    std::fs::write(dir.path().join("t.tftpl"), "hello ${who}\n").unwrap();
    std::fs::write(
        dir.path().join("main.tf"),
        "resource \"aws_instance\" \"web\" {\n  ami           = \"ami-12345678\"\n  instance_type = \"t3.micro\"\n  user_data     = templatefile(\"${path.module}/t.tftpl\", { name = \"x\" })\n}\n",
    )
    .unwrap();
    expect_error(dir.path(), "main.tf:4:19", &["`who`", "templatefile()"]);
}

#[test]
fn a_bare_list_variable_is_a_list_of_strings_when_used_as_one() {
    let dir = tempfile::tempdir().unwrap();
    let config = dir.path().join("main.tf");
    let subnet = "resource \"aws_subnet\" \"a\" {\n  vpc_id     = \"vpc-123\"\n  cidr_block = var.cidrs[0]\n}\n";
    std::fs::write(&config, format!("variable \"cidrs\" {{\n  type = list\n}}\n\n{subnet}")).unwrap();
    let yaml = convert(&config, &dir.path().join("back.yaml"));
    assert!(yaml.contains("  Cidrs:\n    Type: CommaDelimitedList\n"), "{yaml}");
    assert!(yaml.contains("      CidrBlock: !Select [0, !Ref Cidrs]\n"), "{yaml}");
    // Read as objects: no parameter holds it, and without a default it has no value.
    let objects = "variable \"zones\" {\n  type = list\n}\n\nresource \"aws_subnet\" \"b\" {\n  vpc_id            = \"vpc-123\"\n  cidr_block        = \"10.0.0.0/24\"\n  availability_zone = var.zones[0].name\n}\n";
    std::fs::write(&config, objects).unwrap();
    expect_error(
        &config,
        "main.tf:2:3",
        &["variable zones has type list", "give it a default"],
    );
}

#[test]
fn a_module_with_one_or_no_instance_is_inlined_and_a_repeated_one_is_a_located_error() {
    let dir = tempfile::tempdir().unwrap();
    std::fs::create_dir(dir.path().join("topic")).unwrap();
    std::fs::write(
        dir.path().join("topic/main.tf"),
        "variable \"name\" {\n  type = string\n}\n\nresource \"aws_sns_topic\" \"t\" {\n  name = var.name\n}\n\noutput \"arn\" {\n  value = aws_sns_topic.t.arn\n}\n",
    )
    .unwrap();
    let calls = "module \"one\" {\n  source = \"./topic\"\n  count  = 1\n  name   = \"x\"\n}\n\nmodule \"none\" {\n  source   = \"./topic\"\n  for_each = {}\n  name     = \"y\"\n}\n\noutput \"arn\" {\n  value = module.one[0].arn\n}\n\noutput \"count\" {\n  value = length(module.none)\n}\n";
    std::fs::write(dir.path().join("main.tf"), calls).unwrap();
    let yaml = convert(dir.path(), &dir.path().join("back.yaml"));
    assert!(yaml.contains("  OneT:\n    Type: AWS::SNS::Topic\n"), "{yaml}");
    assert!(!yaml.contains("NoneT"), "{yaml}");
    assert!(yaml.contains("  Arn:\n    Value: !Ref OneT\n"), "{yaml}");
    assert!(yaml.contains("  Count:\n    Value: 0\n"), "{yaml}");
    std::fs::remove_file(dir.path().join("back.yaml")).unwrap();
    std::fs::write(
        dir.path().join("main.tf"),
        "module \"many\" {\n  source   = \"./topic\"\n  for_each = toset([\"a\", \"b\"])\n  name     = each.key\n}\n",
    )
    .unwrap();
    expect_error(dir.path(), "main.tf:3:3", &["module \"many\" uses for_each"]);
}

#[test]
fn a_template_calling_templatefile_is_a_located_error_not_a_loop() {
    let dir = tempfile::tempdir().unwrap();
    std::fs::write(dir.path().join("t.tftpl"), "x ${templatefile(\"t.tftpl\", {})}\n").unwrap();
    std::fs::write(
        dir.path().join("main.tf"),
        "resource \"aws_instance\" \"web\" {\n  ami           = \"ami-12345678\"\n  instance_type = \"t3.micro\"\n  user_data     = templatefile(\"t.tftpl\", {})\n}\n",
    )
    .unwrap();
    expect_error(dir.path(), "main.tf:4:19", &["calls templatefile()"]);
}

#[test]
fn modules_fanning_out_are_bounded_by_a_located_error() {
    // Each level calls the next four times: 4^5 instances, past the bound, refused quickly.
    let dir = tempfile::tempdir().unwrap();
    for level in 1..=6 {
        let folder = dir.path().join(format!("l{level}"));
        std::fs::create_dir(&folder).unwrap();
        let body = if level < 6 {
            ["a", "b", "c", "d"]
                .iter()
                .map(|k| format!("module \"{k}\" {{\n  source = \"../l{}\"\n}}\n", level + 1))
                .collect::<String>()
        } else {
            "resource \"aws_sns_topic\" \"t\" {}\n".to_string()
        };
        std::fs::write(folder.join("main.tf"), body).unwrap();
    }
    std::fs::write(dir.path().join("main.tf"), "module \"top\" {\n  source = \"./l1\"\n}\n").unwrap();
    let started = std::time::Instant::now();
    expect_error(dir.path(), "main.tf:10:1", &["more than 256 module instances"]);
    assert!(started.elapsed() < std::time::Duration::from_secs(20));
}
