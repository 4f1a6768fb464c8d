//! SARIF 2.1.0 from `convert --sarif`, `batch --format sarif` / `--sarif` and `diff --format
//! sarif`, validated against the official schema (vendored in tests/schemas) and checked to
//! carry every finding at its file and line.

mod common;
use common::*;
use serde_json::Value;
use std::path::{Path, PathBuf};

fn schema_path() -> PathBuf {
    repo_root().join("tests/schemas/sarif-schema-2.1.0.json")
}

fn schema() -> Value {
    // Vendored, so it is there on every checkout, CI or not.
    let text = std::fs::read_to_string(schema_path()).expect("tests/schemas/sarif-schema-2.1.0.json is vendored");
    serde_json::from_str(&text).expect("the schema is JSON")
}

fn text(bytes: &[u8]) -> String {
    String::from_utf8_lossy(bytes).into_owned()
}

/// Parses `log` and checks it against the official schema; the parsed log.
fn valid_sarif(log: &str) -> Value {
    let log: Value = serde_json::from_str(log).unwrap_or_else(|e| panic!("not JSON ({e}):\n{log}"));
    let schema = schema();
    let validator = jsonschema::draft4::new(&schema).expect("the official schema compiles");
    let errors: Vec<String> = validator
        .iter_errors(&log)
        .map(|e| format!("{} at {}", e, e.instance_path()))
        .take(10)
        .collect();
    assert!(errors.is_empty(), "not valid SARIF 2.1.0:\n{}", errors.join("\n"));
    log
}

fn results(log: &Value) -> &Vec<Value> {
    log["runs"][0]["results"].as_array().expect("results")
}

/// The file a result's location names, resolved against the directory the command ran in.
fn located_file(location: &Value, cwd: &Path) -> PathBuf {
    let artifact = &location["physicalLocation"]["artifactLocation"];
    assert_eq!(artifact["uriBaseId"], "%SRCROOT%", "{artifact}");
    let uri = artifact["uri"].as_str().expect("uri");
    cwd.join(percent_decode(uri))
}

fn percent_decode(uri: &str) -> String {
    let bytes = uri.as_bytes();
    let mut out = Vec::new();
    let mut i = 0;
    while i < bytes.len() {
        if bytes[i] == b'%' {
            out.push(u8::from_str_radix(&uri[i + 1..i + 3], 16).unwrap());
            i += 3;
        } else {
            out.push(bytes[i]);
            i += 1;
        }
    }
    String::from_utf8(out).unwrap()
}

fn region(location: &Value) -> (u64, Option<u64>) {
    let region = &location["physicalLocation"]["region"];
    (
        region["startLine"].as_u64().expect("startLine"),
        region["startColumn"].as_u64(),
    )
}

#[test]
fn the_vendored_schema_is_the_complete_official_2_1_0() {
    let schema = schema();
    assert_eq!(schema["$schema"], "http://json-schema.org/draft-04/schema#");
    assert_eq!(
        schema["id"],
        "https://docs.oasis-open.org/sarif/sarif/v2.1.0/errata01/os/schemas/sarif-schema-2.1.0.json"
    );
    let definitions = schema["definitions"].as_object().unwrap();
    assert_eq!(definitions.len(), 52, "all of the 2.1.0 definitions");
    for name in [
        "run",
        "result",
        "location",
        "physicalLocation",
        "region",
        "toolComponent",
        "webResponse",
    ] {
        assert!(definitions.contains_key(name), "{name}");
    }
    // A check that can fail: the validator rejects what the schema forbids.
    let validator = jsonschema::draft4::new(&schema).unwrap();
    assert!(
        !validator.is_valid(&serde_json::json!({"version": "2.1.0", "runs": [{"results": []}]})),
        "a run needs its tool"
    );
    assert!(!validator.is_valid(&serde_json::json!({"version": "2.0.0", "runs": []})));
}

/// One resource converts with an unknown property (line 6, column 7), one type is unknown.
const UNTRANSLATED: &str = "Resources:
  Vpc:
    Type: AWS::EC2::VPC
    Properties:
      CidrBlock: 10.0.0.0/16
      NoSuchProperty: 3
  Widget:
    Type: AWS::Made::Up
";

/// An unknown function on line 5, column 18: refused.
const BROKEN: &str = "Resources:
  Topic:
    Type: AWS::SNS::Topic
    Properties:
      TopicName: !NoSuchFunction x
";

#[test]
fn convert_puts_an_untranslated_property_at_its_line() {
    let dir = tempfile::tempdir().unwrap();
    std::fs::write(dir.path().join("stack.yaml"), UNTRANSLATED).unwrap();
    let out =
        run(cfn2tf()
            .current_dir(dir.path())
            .args(["convert", "stack.yaml", "-o", "tf", "--sarif", "stack.sarif"]));
    assert_eq!(out.status.code(), Some(0), "{}", text(&out.stderr));
    assert!(
        dir.path().join("tf/main.tf").is_file(),
        "the Terraform is still written"
    );
    let log = valid_sarif(&std::fs::read_to_string(dir.path().join("stack.sarif")).unwrap());
    let property = results(&log)
        .iter()
        .find(|r| r["ruleId"] == "convert::unmapped-property")
        .unwrap_or_else(|| panic!("no unmapped-property result in {log:#}"));
    assert_eq!(property["level"], "warning");
    assert!(property["message"]["text"].as_str().unwrap().contains("NoSuchProperty"));
    let location = &property["locations"][0];
    assert_eq!(located_file(location, dir.path()), dir.path().join("stack.yaml"));
    assert_eq!(region(location), (6, Some(7)));
    assert!(
        results(&log).iter().any(|r| r["ruleId"] == "convert::unsupported-type"),
        "the unknown type too: {log:#}"
    );
    let driver = &log["runs"][0]["tool"]["driver"];
    assert_eq!(driver["name"], "cfn2tf");
    assert_eq!(driver["version"], env!("CARGO_PKG_VERSION"));
    let rule_ids: Vec<&str> = driver["rules"]
        .as_array()
        .unwrap()
        .iter()
        .map(|r| r["id"].as_str().unwrap())
        .collect();
    for r in results(&log) {
        let index = r["ruleIndex"].as_u64().unwrap() as usize;
        assert_eq!(rule_ids[index], r["ruleId"], "ruleIndex points at the result's rule");
    }

    // The SARIF file is an output like any other: not replaced without --force.
    let again = run(cfn2tf()
        .current_dir(dir.path())
        .args(["convert", "stack.yaml", "--sarif", "stack.sarif"]));
    assert_eq!(again.status.code(), Some(2), "{}", text(&again.stderr));
    assert!(again.stdout.is_empty(), "no partial output");
}

#[test]
fn convert_reports_a_refused_template_and_an_unreadable_one() {
    let dir = tempfile::tempdir().unwrap();
    std::fs::write(dir.path().join("broken.yaml"), BROKEN).unwrap();
    let out =
        run(cfn2tf()
            .current_dir(dir.path())
            .args(["convert", "broken.yaml", "-o", "tf", "--sarif", "broken.sarif"]));
    assert_eq!(out.status.code(), Some(2));
    assert!(!dir.path().join("tf").exists(), "nothing converted is written");
    let log = valid_sarif(&std::fs::read_to_string(dir.path().join("broken.sarif")).unwrap());
    let error = results(&log)
        .iter()
        .find(|r| r["level"] == "error")
        .expect("an error result");
    assert_eq!(region(&error["locations"][0]), (5, Some(18)), "{error:#}");

    let out = run(cfn2tf()
        .current_dir(dir.path())
        .args(["convert", "missing.yaml", "--sarif", "missing.sarif"]));
    assert_eq!(out.status.code(), Some(2));
    let log = valid_sarif(&std::fs::read_to_string(dir.path().join("missing.sarif")).unwrap());
    assert_eq!(results(&log)[0]["ruleId"], "parse::io");
    assert_eq!(
        region(&results(&log)[0]["locations"][0]),
        (1, None),
        "a file-level result"
    );
}

#[test]
fn convert_terraform_to_cloudformation_reports_too() {
    let dir = tempfile::tempdir().unwrap();
    std::fs::write(
        dir.path().join("main.tf"),
        "resource \"aws_vpc\" \"main\" {\n  cidr_block = \"10.0.0.0/16\"\n}\n\nresource \"aws_made_up\" \"x\" {\n  size = 3\n}\n",
    )
    .unwrap();
    let out = run(cfn2tf()
        .current_dir(dir.path())
        .args(["convert", "main.tf", "--sarif", "back.sarif"]));
    assert_eq!(out.status.code(), Some(0), "{}", text(&out.stderr));
    let log = valid_sarif(&std::fs::read_to_string(dir.path().join("back.sarif")).unwrap());
    let unsupported = results(&log)
        .iter()
        .find(|r| r["ruleId"] == "reverse::unsupported-type")
        .unwrap_or_else(|| panic!("{log:#}"));
    let location = &unsupported["locations"][0];
    assert_eq!(located_file(location, dir.path()), dir.path().join("main.tf"));
    assert_eq!(region(location).0, 5);
}

/// Runs `batch DIR --format sarif --sarif FILE --json FILE` from `cwd`: the SARIF (checked to be
/// what the file holds) and the JSON report.
fn batch_sarif(cwd: &Path, input: &Path) -> (Value, Value) {
    let out = run(cfn2tf().current_dir(cwd).arg("batch").arg(input).args([
        "-o",
        "out",
        "--json",
        "report.json",
        "--sarif",
        "report.sarif",
        "--format",
        "sarif",
        "--quiet",
    ]));
    assert!(matches!(out.status.code(), Some(0 | 1)), "{}", text(&out.stderr));
    let written = std::fs::read_to_string(cwd.join("report.sarif")).unwrap();
    assert_eq!(text(&out.stdout), written, "--format sarif prints what --sarif writes");
    let report: Value = serde_json::from_str(&std::fs::read_to_string(cwd.join("report.json")).unwrap()).unwrap();
    (valid_sarif(&written), report)
}

/// Every warning and error of the JSON report is a result, at a line of a file that exists.
fn check_batch_results(log: &Value, report: &Value, cwd: &Path) {
    let mut expected = 0;
    for t in report["templates"].as_array().unwrap() {
        expected += t["warnings"].as_array().unwrap().len() + t["errors"].as_array().unwrap().len();
        if t["validation"].is_object() && !(t["validation"]["fmt_clean"] == true && t["validation"]["valid"] == true) {
            expected += 1;
        }
        if t["status"] == "not_written" {
            expected += 1;
        }
    }
    let results = results(log);
    assert_eq!(results.len(), expected, "one result per finding of the report");
    for r in results {
        let location = &r["locations"][0];
        let file = located_file(location, cwd);
        let source = std::fs::read_to_string(&file).unwrap_or_else(|e| panic!("{}: {e}", file.display()));
        let (line, _) = region(location);
        assert!(
            line as usize <= source.lines().count().max(1),
            "{}:{line} is past the end",
            file.display()
        );
    }
}

#[test]
fn batch_over_the_corpus_sample_is_valid_located_sarif() {
    let dir = tempfile::tempdir().unwrap();
    let labs = dir.path().join("labs");
    std::fs::create_dir_all(labs.join("sub dir")).unwrap();
    for entry in std::fs::read_dir(repo_root().join("tests/corpus/cfn")).unwrap() {
        let path = entry.unwrap().path();
        std::fs::copy(&path, labs.join(path.file_name().unwrap())).unwrap();
    }
    // A refused template under a name that needs percent-encoding.
    std::fs::write(labs.join("sub dir/broken #1.yaml"), BROKEN).unwrap();
    let (log, report) = batch_sarif(dir.path(), Path::new("labs"));
    check_batch_results(&log, &report, dir.path());
    let refused = results(&log)
        .iter()
        .find(|r| r["level"] == "error" && r["message"]["text"].as_str().unwrap().contains("NoSuchFunction"))
        .expect("the refused template is an error");
    assert_eq!(
        refused["locations"][0]["physicalLocation"]["artifactLocation"]["uri"],
        "labs/sub%20dir/broken%20%231.yaml"
    );
    assert_eq!(region(&refused["locations"][0]), (5, Some(18)));
    assert!(
        results(&log)
            .iter()
            .any(|r| r["ruleId"] == "convert::unmapped-property"),
        "the sample has untranslated properties"
    );
}

#[test]
fn batch_over_the_whole_corpus_is_valid_located_sarif() {
    let corpus = corpus();
    if !corpus.whole {
        eprintln!("SKIP: ../shared/corpus/cfn is not beside the checkout (the sample is checked above)");
        return;
    }
    let dir = tempfile::tempdir().unwrap();
    let (log, report) = batch_sarif(dir.path(), &corpus.dir);
    // The corpus is given by an absolute path outside the working directory: file:// URIs.
    for r in results(&log) {
        let artifact = &r["locations"][0]["physicalLocation"]["artifactLocation"];
        let uri = artifact["uri"].as_str().unwrap();
        assert!(uri.starts_with("file:///"), "{uri}");
        assert!(artifact["uriBaseId"].is_null());
        assert!(Path::new(&percent_decode(&uri["file://".len()..])).is_file(), "{uri}");
    }
    let found: usize = report["templates"]
        .as_array()
        .unwrap()
        .iter()
        .map(|t| t["warnings"].as_array().unwrap().len() + t["errors"].as_array().unwrap().len())
        .sum();
    assert!(found > 0 && results(&log).len() >= found, "every finding is a result");
}

fn seed() -> PathBuf {
    repo_root().join("samples/gateway-endpoint/gateway-endpoint.yaml")
}

#[test]
fn a_failing_diff_is_valid_sarif_at_both_sides() {
    let dir = tempfile::tempdir().unwrap();
    std::fs::copy(seed(), dir.path().join("seed.yaml")).unwrap();
    let text_of_seed = std::fs::read_to_string(seed()).unwrap();
    assert!(text_of_seed.contains("CidrBlock: 10.0.1.0/24"));
    std::fs::write(
        dir.path().join("mutant.yaml"),
        text_of_seed.replace("CidrBlock: 10.0.1.0/24", "CidrBlock: 10.0.2.0/24"),
    )
    .unwrap();
    let out = run(cfn2tf()
        .current_dir(dir.path())
        .args(["diff", "seed.yaml", "mutant.yaml", "--format", "sarif"]));
    assert_eq!(out.status.code(), Some(1), "{}", text(&out.stderr));
    let log = valid_sarif(&text(&out.stdout));
    let intent: Vec<&Value> = results(&log).iter().filter(|r| r["ruleId"] == "diff::intent").collect();
    assert!(!intent.is_empty(), "{log:#}");
    let moved = intent
        .iter()
        .find(|r| r["message"]["text"].as_str().unwrap().contains("10.0.2.0/24"))
        .unwrap_or_else(|| panic!("{log:#}"));
    assert_eq!(moved["level"], "error");
    // A's side is the location, B's the related one; both at the subnet's resource.
    let (a, b) = (&moved["locations"][0], &moved["relatedLocations"][0]);
    assert_eq!(located_file(a, dir.path()), dir.path().join("seed.yaml"));
    assert_eq!(located_file(b, dir.path()), dir.path().join("mutant.yaml"));
    let subnet_line = text_of_seed
        .lines()
        .position(|l| l.contains("CidrBlock: 10.0.1.0/24"))
        .unwrap()
        + 1;
    let (line, _) = region(a);
    assert!(
        (line as usize) < subnet_line && subnet_line - (line as usize) < 10,
        "line {line} is the subnet whose CIDR is on line {subnet_line}"
    );
    assert_eq!(region(b).0, line, "the mutant moved nothing else");

    // The same inputs: no results, exit 0.
    let same = run(cfn2tf()
        .current_dir(dir.path())
        .args(["diff", "seed.yaml", "seed.yaml", "--format", "sarif"]));
    assert_eq!(same.status.code(), Some(0));
    assert!(results(&valid_sarif(&text(&same.stdout))).is_empty());
}
