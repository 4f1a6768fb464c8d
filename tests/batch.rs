//! `cfn2tf batch`: a folder with good, broken and non-CloudFormation files, the reports,
//! no overwrite without --force, --resume, cross-stack order, and --validate with terraform.

mod common;

use common::{cfn2tf, run, text};
use std::path::Path;

const NETWORK: &str = "AWSTemplateFormatVersion: '2010-09-09'
Resources:
  Vpc:
    Type: AWS::EC2::VPC
    Properties:
      CidrBlock: 10.0.0.0/16
Outputs:
  VpcId:
    Value: !Ref Vpc
    Export:
      Name: !Sub '${AWS::StackName}-VpcId'
";

const APP: &str = "Parameters:
  NetworkStack:
    Type: String
    Default: network
Resources:
  Sg:
    Type: AWS::EC2::SecurityGroup
    Properties:
      GroupDescription: app
      VpcId: !ImportValue
        Fn::Sub: '${NetworkStack}-VpcId'
  Widget:
    Type: AWS::Made::Up
    Properties:
      Size: 3
";

/// Line 5 holds an unknown function: the template is refused there.
const BROKEN: &str = "Resources:
  Topic:
    Type: AWS::SNS::Topic
    Properties:
      TopicName: !NoSuchFunction x
";

const PLAIN: &str =
    "{\"Resources\": {\"Vpc\": {\"Type\": \"AWS::EC2::VPC\", \"Properties\": {\"CidrBlock\": \"10.0.0.0/16\"}}}}";

const KUBERNETES: &str = "apiVersion: v1
kind: ConfigMap
metadata:
  name: settings
data:
  a: b
";

fn lab() -> tempfile::TempDir {
    let dir = tempfile::tempdir().unwrap();
    let labs = dir.path().join("labs");
    std::fs::create_dir_all(labs.join("net")).unwrap();
    std::fs::create_dir_all(labs.join("apps/web")).unwrap();
    std::fs::create_dir_all(labs.join("k8s")).unwrap();
    std::fs::write(labs.join("net/network.yaml"), NETWORK).unwrap();
    std::fs::write(labs.join("apps/web/app.template"), APP).unwrap();
    std::fs::write(labs.join("apps/broken.yml"), BROKEN).unwrap();
    std::fs::write(labs.join("k8s/configmap.yaml"), KUBERNETES).unwrap();
    std::fs::write(labs.join("package.json"), "{\"name\": \"x\", \"version\": \"1.0.0\"}").unwrap();
    std::fs::write(labs.join("README.md"), "not a template").unwrap();
    std::fs::write(labs.join("plain.json"), PLAIN).unwrap();
    dir
}

fn batch(dir: &Path, extra: &[&str]) -> std::process::Output {
    run(cfn2tf()
        .current_dir(dir)
        .args(["batch", "labs", "-o", "out", "--report", "r.md", "--json", "r.json"])
        .args(extra))
}

fn json(dir: &Path) -> serde_json::Value {
    serde_json::from_str(&std::fs::read_to_string(dir.join("r.json")).unwrap()).unwrap()
}

fn template<'a>(report: &'a serde_json::Value, name: &str) -> &'a serde_json::Value {
    report["templates"]
        .as_array()
        .unwrap()
        .iter()
        .find(|t| t["template"] == name)
        .unwrap_or_else(|| panic!("{name} is not in the report"))
}

#[test]
fn a_broken_template_is_refused_and_the_batch_completes() {
    let dir = lab();
    let out = batch(dir.path(), &[]);
    let stderr = text(&out.stderr);
    assert_eq!(out.status.code(), Some(1), "{stderr}");

    assert!(dir.path().join("out/net/network/main.tf").is_file());
    assert!(dir.path().join("out/apps/web/app/main.tf").is_file());
    assert!(
        !dir.path().join("out/apps/broken").exists(),
        "nothing written for a refused template"
    );

    let r = json(dir.path());
    let broken = template(&r, "apps/broken.yml");
    assert_eq!(broken["status"], "refused");
    let location = broken["errors"][0]["location"].as_str().unwrap();
    assert_eq!(location, "labs/apps/broken.yml:5:18", "{broken}");
    assert_eq!(template(&r, "plain.json")["status"], "converted");
    let network = template(&r, "net/network.yaml");
    assert_eq!(network["status"], "converted_with_warnings");
    assert_eq!(network["warnings"][0]["code"], "convert::export");
    let app = template(&r, "apps/web/app.template");
    assert_eq!(app["status"], "converted_with_warnings");
    assert_eq!(app["resources_converted"], 1);
    assert_eq!(app["resources_total"], 2);
    assert!(
        app["warnings"]
            .as_array()
            .unwrap()
            .iter()
            .any(|w| w["location"] == "labs/apps/web/app.template:13:11")
    );

    let totals = &r["totals"];
    assert_eq!(totals["files"], 6);
    assert_eq!(totals["templates"], 4);
    assert_eq!(totals["skipped"], 2);
    assert_eq!(totals["converted"], 1);
    assert_eq!(totals["converted_with_warnings"], 2);
    assert_eq!(totals["refused"], 1);
    assert_eq!(totals["resources_converted"], 3);
    assert_eq!(totals["resources_total"], 4);
    assert_eq!(r["unsupported_types"][0]["name"], "AWS::Made::Up");
    assert_eq!(r["unsupported_types"][0]["templates"], 1);

    let md = std::fs::read_to_string(dir.path().join("r.md")).unwrap();
    assert!(md.contains("| refused | 1 |"), "{md}");
    assert!(md.contains("`labs/apps/broken.yml:5:18`"), "{md}");
    assert!(md.contains("| `AWS::Made::Up` | 1 | 1 |"), "{md}");
}

#[test]
fn files_that_are_not_cloudformation_are_skipped_with_the_reason() {
    let dir = lab();
    batch(dir.path(), &[]);
    let r = json(dir.path());
    let skipped = r["skipped"].as_array().unwrap();
    let reason = |file: &str| {
        skipped
            .iter()
            .find(|s| s["file"] == file)
            .map(|s| s["reason"].as_str().unwrap().to_string())
            .unwrap_or_else(|| panic!("{file} not skipped: {skipped:?}"))
    };
    assert!(reason("k8s/configmap.yaml").contains("Kubernetes"));
    assert!(reason("package.json").contains("no `Resources`"));
    assert!(!dir.path().join("out/k8s").exists());
}

#[test]
fn importers_are_migrated_after_the_stacks_they_import_from() {
    let dir = lab();
    batch(dir.path(), &[]);
    let r = json(dir.path());
    let order: Vec<&str> = r["cross_stack"]["migration_order"]
        .as_array()
        .unwrap()
        .iter()
        .map(|v| v.as_str().unwrap())
        .collect();
    let pos = |n: &str| order.iter().position(|x| *x == n).unwrap();
    assert!(pos("net/network.yaml") < pos("apps/web/app.template"), "{order:?}");
    assert_eq!(
        r["cross_stack"]["depends_on"]["apps/web/app.template"][0],
        "net/network.yaml"
    );
    let md = std::fs::read_to_string(dir.path().join("r.md")).unwrap();
    assert!(
        md.contains("`apps/web/app.template` imports `network-VpcId` from `net/network.yaml`"),
        "{md}"
    );
}

#[test]
fn existing_output_is_not_overwritten_without_force() {
    let dir = lab();
    let main_tf = dir.path().join("out/net/network/main.tf");
    std::fs::create_dir_all(main_tf.parent().unwrap()).unwrap();
    std::fs::write(&main_tf, "# mine\n").unwrap();

    let out = batch(dir.path(), &[]);
    assert_eq!(out.status.code(), Some(1));
    assert_eq!(std::fs::read_to_string(&main_tf).unwrap(), "# mine\n");
    let r = json(dir.path());
    let network = template(&r, "net/network.yaml");
    assert_eq!(network["status"], "not_written");
    assert!(network["note"].as_str().unwrap().contains("--force"));

    batch(dir.path(), &["--force"]);
    assert!(
        std::fs::read_to_string(&main_tf)
            .unwrap()
            .contains("resource \"aws_vpc\"")
    );
}

#[test]
fn resume_skips_up_to_date_output_and_redoes_stale_output() {
    let dir = lab();
    batch(dir.path(), &[]);
    let network_tf = dir.path().join("out/net/network/main.tf");
    let app_tf = dir.path().join("out/apps/web/app/main.tf");
    std::fs::write(&network_tf, "# kept: newer than its template\n").unwrap();
    std::fs::write(&app_tf, "# stale\n").unwrap();
    // The template changes after its output was written.
    let old = std::time::SystemTime::now() - std::time::Duration::from_secs(3600);
    std::fs::File::options()
        .write(true)
        .open(&app_tf)
        .unwrap()
        .set_modified(old)
        .unwrap();

    let out = batch(dir.path(), &["--resume"]);
    let r = json(dir.path());
    assert_eq!(template(&r, "net/network.yaml")["status"], "up_to_date");
    assert_eq!(
        std::fs::read_to_string(&network_tf).unwrap(),
        "# kept: newer than its template\n"
    );
    assert_eq!(
        template(&r, "apps/web/app.template")["status"],
        "converted_with_warnings"
    );
    assert!(std::fs::read_to_string(&app_tf).unwrap().contains("aws_security_group"));
    assert_eq!(r["totals"]["up_to_date"], 2, "network.yaml and plain.json");
    assert_eq!(out.status.code(), Some(1), "the broken template is still refused");
}

#[test]
fn a_clean_folder_exits_0_and_usage_errors_exit_2() {
    let dir = tempfile::tempdir().unwrap();
    std::fs::create_dir_all(dir.path().join("labs")).unwrap();
    std::fs::write(
        dir.path().join("labs/network.json"),
        "{\"Resources\": {\"Vpc\": {\"Type\": \"AWS::EC2::VPC\", \"Properties\": {\"CidrBlock\": \"10.0.0.0/16\"}}}}",
    )
    .unwrap();
    let out = batch(dir.path(), &[]);
    assert_eq!(out.status.code(), Some(0), "{}", text(&out.stderr));
    assert!(text(&out.stderr).contains("[1/1] converted network.json"));

    let missing = run(cfn2tf().current_dir(dir.path()).args(["batch", "nowhere", "-o", "x"]));
    assert_eq!(missing.status.code(), Some(2));
    assert!(text(&missing.stderr).contains("nowhere is not a folder"));
    let zero_jobs = run(cfn2tf()
        .current_dir(dir.path())
        .args(["batch", "labs", "-o", "x", "--jobs", "0"]));
    assert_eq!(zero_jobs.status.code(), Some(2));
}

#[test]
fn validate_records_terraform_results() {
    let Some(_tf) = common::terraform() else { return };
    let dir = lab();
    let out = batch(dir.path(), &["--validate", "--jobs", "2"]);
    let r = json(dir.path());
    let network = template(&r, "net/network.yaml");
    assert_eq!(network["validation"]["valid"], true, "{network}\n{}", text(&out.stderr));
    assert_eq!(network["validation"]["fmt_clean"], true);
    assert_eq!(network["status"], "converted_with_warnings");
    assert_eq!(template(&r, "plain.json")["status"], "converted");
    // The made-up type is left unconverted; validate passes only if nothing references it.
    let app = template(&r, "apps/web/app.template");
    let passed = app["validation"]["valid"] == true && app["validation"]["fmt_clean"] == true;
    assert_eq!(app["status"] == "validate_failed", !passed, "{app}");
    assert_eq!(r["totals"]["validated"], 3);
    assert!(
        !dir.path().join("out/net/network/.terraform").exists(),
        "the user's folder stays clean"
    );
    assert!(!dir.path().join("out/net/network/.terraform.lock.hcl").exists());
}

#[test]
fn validate_without_terraform_fails_clearly() {
    let dir = lab();
    let out = run(cfn2tf().current_dir(dir.path()).env("PATH", "/nonexistent").args([
        "batch",
        "labs",
        "-o",
        "out",
        "--validate",
    ]));
    assert_eq!(out.status.code(), Some(2));
    assert!(
        text(&out.stderr).contains("--validate needs `terraform`"),
        "{}",
        text(&out.stderr)
    );
    assert!(
        !dir.path().join("out").exists(),
        "nothing converted when the check cannot run"
    );
}

/// The batch report counts what the corpus's score.py (`tools/oracle`) measures, template by template:
/// converted or not, and the Terraform resource blocks written. The CloudFormation resource totals
/// agree wherever score.py could count them; it counts with PyYAML, which rejects JSON indented
/// with tabs, and it leaves those templates uncounted.
#[test]
fn report_counts_match_score_py_on_the_corpus() {
    let python_yaml = std::process::Command::new("python3")
        .args(["-c", "import yaml"])
        .output()
        .is_ok_and(|o| o.status.success());
    if !common::available("python3 with PyYAML, for score.py", python_yaml) {
        return;
    }
    let score = common::oracle_tool("score.py");
    let common::Corpus { dir: corpus, whole } = common::corpus();
    let dir = tempfile::tempdir().unwrap();
    run(cfn2tf()
        .current_dir(dir.path())
        .arg("batch")
        .arg(&corpus)
        .args(["-o", "out", "--json", "r.json"]));
    let report = json(dir.path());
    let measured = run(std::process::Command::new("python3")
        .arg(&score)
        .args(["--no-validate", "--cmd"])
        .arg(format!("{} convert {{in}} -o {{out}}", env!("CARGO_BIN_EXE_cfn2tf")))
        .arg("--out")
        .arg(dir.path().join("score.tsv"))
        .arg(&corpus));
    assert!(measured.status.success(), "{}", text(&measured.stderr));
    let tsv = std::fs::read_to_string(dir.path().join("score.tsv")).unwrap();
    let mut lines = tsv.lines();
    let columns: Vec<&str> = lines.next().unwrap().split('\t').collect();
    let column = |row: &[&str], name: &str| row[columns.iter().position(|c| *c == name).unwrap()].to_string();
    let mut compared = 0;
    for line in lines {
        let row: Vec<&str> = line.split('\t').collect();
        let path = column(&row, "template");
        let name = Path::new(&path).strip_prefix(&corpus).unwrap().display().to_string();
        let ours = template(&report, &name);
        let converted = ours["status"] != "refused";
        assert_eq!(column(&row, "rc") == "0", converted, "{name}: converted");
        // score.py sums resources over converted templates only, as the report does.
        if converted {
            assert_eq!(
                column(&row, "tf_resources"),
                ours["terraform_resource_blocks"].to_string(),
                "{name}: Terraform resource blocks"
            );
            match column(&row, "cfn_resources").as_str() {
                "" => {
                    let source = std::fs::read_to_string(&path).unwrap();
                    // JSON by its content: `.template` files are JSON too.
                    assert!(
                        source.trim_start().starts_with('{') && source.contains('\t'),
                        "{name}: score.py could not count it, and it is not tab-indented JSON"
                    );
                }
                counted => assert_eq!(counted, ours["resources_total"].to_string(), "{name}: resources"),
            }
        }
        compared += 1;
    }
    assert_eq!(compared, report["totals"]["templates"].as_u64().unwrap() as usize);
    // The project's sample has 29 templates, ../shared's whole corpus hundreds.
    let least = if whole { 50 } else { 20 };
    assert!(compared >= least, "templates of {}: {compared}", corpus.display());
}

/// A function's inline code becomes a zip beside the .tf files that refer to it: the batch
/// writes it too, and validation sees it.
#[test]
fn zipped_inline_code_is_written_and_validated() {
    let dir = tempfile::tempdir().unwrap();
    std::fs::create_dir_all(dir.path().join("labs")).unwrap();
    std::fs::copy(
        common::repo_root().join("tests/app/lambda-zip.yaml"),
        dir.path().join("labs/lambda.yaml"),
    )
    .unwrap();
    let validate = common::terraform().is_some();
    let extra: &[&str] = if validate { &["--validate"] } else { &[] };
    let out = batch(dir.path(), extra);
    let zips: Vec<_> = std::fs::read_dir(dir.path().join("out/lambda"))
        .unwrap()
        .map(|e| e.unwrap().path())
        .filter(|p| p.extension().is_some_and(|x| x == "zip"))
        .collect();
    assert_eq!(zips.len(), 1, "{zips:?}\n{}", text(&out.stderr));
    let main = std::fs::read_to_string(dir.path().join("out/lambda/main.tf")).unwrap();
    let zip_name = zips[0].file_name().unwrap().to_string_lossy().to_string();
    assert!(
        main.contains(&format!("${{path.module}}/{zip_name}\"")),
        "main.tf refers to {zip_name}"
    );
    if validate {
        let lambda = template(&json(dir.path()), "lambda.yaml").clone();
        assert_eq!(lambda["validation"]["valid"], true, "{lambda}");
        assert_eq!(out.status.code(), Some(0), "{}", text(&out.stderr));
    }
}
