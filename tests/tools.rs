//! cfn2tf in the tools people already use (issue 19): shell completions, the man page,
//! `--quiet`, the versioned JSON, JUnit from `batch`, and the pre-commit hook and GitHub Action
//! run through their own entry commands.

mod common;
use common::*;
use std::path::{Path, PathBuf};

const SUBCOMMANDS: [&str; 7] = ["convert", "migrate", "diff", "graph", "batch", "completions", "man"];

/// One resource converts, one type is unknown: a conversion with a warning.
const WITH_WARNING: &str = "Resources:
  Vpc:
    Type: AWS::EC2::VPC
    Properties:
      CidrBlock: 10.0.0.0/16
  Widget:
    Type: AWS::Made::Up
    Properties:
      Size: 3
";

/// An unknown function on line 5: refused.
const BROKEN: &str = "Resources:
  Topic:
    Type: AWS::SNS::Topic
    Properties:
      TopicName: !NoSuchFunction x
";

fn seed() -> PathBuf {
    repo_root().join("samples/gateway-endpoint/gateway-endpoint.yaml")
}

/// The seed with one subnet moved: a different network.
fn mutant(dir: &Path) -> PathBuf {
    let text = std::fs::read_to_string(seed()).unwrap();
    assert!(text.contains("CidrBlock: 10.0.1.0/24"));
    let path = dir.join("mutant.yaml");
    std::fs::write(&path, text.replace("CidrBlock: 10.0.1.0/24", "CidrBlock: 10.0.2.0/24")).unwrap();
    path
}

fn text(bytes: &[u8]) -> String {
    String::from_utf8_lossy(bytes).into_owned()
}

#[test]
fn completions_name_every_subcommand() {
    let out = run(cfn2tf().args(["completions", "bash"]));
    assert_eq!(out.status.code(), Some(0), "{}", text(&out.stderr));
    let script = text(&out.stdout);
    assert!(script.contains("complete"), "{script}");
    for sub in SUBCOMMANDS {
        assert!(script.contains(sub), "bash completions lack {sub}");
    }
    for shell in ["zsh", "fish", "powershell"] {
        let out = run(cfn2tf().args(["completions", shell]));
        assert_eq!(out.status.code(), Some(0), "{shell}: {}", text(&out.stderr));
        assert!(text(&out.stdout).contains("batch"), "{shell}");
    }
    assert_eq!(run(cfn2tf().args(["completions", "tcsh"])).status.code(), Some(2));
}

#[test]
fn man_page_is_roff_with_every_subcommand() {
    let out = run(cfn2tf().arg("man"));
    assert_eq!(out.status.code(), Some(0), "{}", text(&out.stderr));
    let page = text(&out.stdout);
    assert!(
        page.starts_with(".ie") || page.starts_with(".TH"),
        "{}",
        &page[..80.min(page.len())]
    );
    assert!(page.lines().any(|l| l.starts_with(".TH cfn2tf")), "no .TH line");
    for sub in SUBCOMMANDS {
        let heading = format!(".SH \"CFN2TF {}\"", sub.to_uppercase());
        assert!(page.contains(&heading), "no section {heading}");
    }
    // A subcommand's own options are in its section.
    assert!(page.contains("\\-\\-resume"), "batch --resume missing");
}

#[test]
fn quiet_leaves_stderr_empty_but_keeps_results_and_errors() {
    let dir = tempfile::tempdir().unwrap();
    let template = dir.path().join("t.yaml");
    std::fs::write(&template, WITH_WARNING).unwrap();

    let loud = run(cfn2tf().arg("convert").arg(&template));
    assert_eq!(loud.status.code(), Some(0));
    assert!(text(&loud.stderr).contains("AWS::Made::Up"), "{}", text(&loud.stderr));

    for args in [["--quiet", "convert"], ["-q", "convert"]] {
        let out = run(cfn2tf().args(args).arg(&template));
        assert_eq!(out.status.code(), Some(0));
        assert_eq!(text(&out.stderr), "", "{args:?}");
        assert_eq!(out.stdout, loud.stdout);
    }
    // Global: after the subcommand too, and into an output folder.
    let out = run(cfn2tf()
        .arg("convert")
        .arg(&template)
        .arg("-o")
        .arg(dir.path().join("tf"))
        .arg("--quiet"));
    assert_eq!(out.status.code(), Some(0));
    assert_eq!(text(&out.stderr), "");
    assert!(dir.path().join("tf/main.tf").is_file());

    // Errors are still printed, and --strict still says why it fails.
    let broken = dir.path().join("broken.yaml");
    std::fs::write(&broken, BROKEN).unwrap();
    let out = run(cfn2tf().args(["--quiet", "convert"]).arg(&broken));
    assert_eq!(out.status.code(), Some(2));
    assert!(text(&out.stderr).contains("NoSuchFunction"));
    let out = run(cfn2tf().args(["--quiet", "convert", "--strict"]).arg(&template));
    assert_eq!(out.status.code(), Some(1));
    assert!(text(&out.stderr).contains("AWS::Made::Up"));

    // batch: no progress lines and no summary.
    std::fs::create_dir(dir.path().join("labs")).unwrap();
    std::fs::write(dir.path().join("labs/t.yaml"), WITH_WARNING).unwrap();
    let out = run(cfn2tf()
        .current_dir(dir.path())
        .args(["--quiet", "batch", "labs", "-o", "out"]));
    assert_eq!(out.status.code(), Some(0), "{}", text(&out.stderr));
    assert_eq!(text(&out.stderr), "");
}

#[test]
fn json_outputs_carry_format_version_1() {
    let out = run(cfn2tf().arg("diff").arg(seed()).arg(seed()).args(["--format", "json"]));
    assert_eq!(out.status.code(), Some(0), "{}", text(&out.stderr));
    let diff: serde_json::Value = serde_json::from_slice(&out.stdout).unwrap();
    assert_eq!(diff["format_version"], 1);
    assert_eq!(diff["same"], true, "the report's own fields are still there");
    assert!(
        text(&out.stdout)
            .trim_start()
            .starts_with("{\n  \"format_version\": 1,")
    );

    let dir = tempfile::tempdir().unwrap();
    std::fs::create_dir(dir.path().join("labs")).unwrap();
    std::fs::write(dir.path().join("labs/t.yaml"), WITH_WARNING).unwrap();
    let out = run(cfn2tf()
        .current_dir(dir.path())
        .args(["batch", "labs", "-o", "out", "--json", "r.json", "--format", "json"]));
    assert_eq!(out.status.code(), Some(0), "{}", text(&out.stderr));
    let file: serde_json::Value =
        serde_json::from_str(&std::fs::read_to_string(dir.path().join("r.json")).unwrap()).unwrap();
    assert_eq!(file["format_version"], 1);
    assert_eq!(file["totals"]["templates"], 1);
    let printed: serde_json::Value = serde_json::from_slice(&out.stdout).unwrap();
    assert_eq!(printed["format_version"], 1);
}

/// A test case's name and its failure's type.
type Case = (String, Option<String>);

/// Every test case, and the suite's counts, read with an XML parser.
fn junit_cases(xml: &str) -> (Vec<Case>, Vec<(String, String)>) {
    use quick_xml::events::Event;
    let mut reader = quick_xml::Reader::from_str(xml);
    let mut cases: Vec<Case> = Vec::new();
    let mut suite = Vec::new();
    let mut depth = Vec::new();
    let attr = |e: &quick_xml::events::BytesStart, name: &str| -> Option<String> {
        e.try_get_attribute(name).unwrap().map(|a| {
            a.normalized_value(quick_xml::XmlVersion::Implicit1_0)
                .unwrap()
                .into_owned()
        })
    };
    loop {
        match reader.read_event().unwrap() {
            Event::Eof => break,
            Event::Start(e) | Event::Empty(e) if e.name().0 == "testsuite" => {
                for name in ["tests", "failures"] {
                    suite.push((name.to_string(), attr(&e, name).unwrap()));
                }
                depth.push("testsuite".to_string());
            }
            Event::Start(e) | Event::Empty(e) if e.name().0 == "testcase" => {
                assert_eq!(
                    depth.last().map(String::as_str),
                    Some("testsuite"),
                    "a testcase outside a testsuite"
                );
                cases.push((attr(&e, "name").unwrap(), None));
            }
            Event::Start(e) | Event::Empty(e) if e.name().0 == "failure" => {
                cases.last_mut().expect("a failure inside a testcase").1 = attr(&e, "type");
            }
            Event::End(e) if e.name().0 == "testsuite" => {
                depth.pop();
            }
            _ => {}
        }
    }
    (cases, suite)
}

#[test]
fn batch_junit_has_one_case_per_template_and_fails_the_refused() {
    let dir = tempfile::tempdir().unwrap();
    let labs = dir.path().join("labs");
    std::fs::create_dir_all(labs.join("sub")).unwrap();
    std::fs::write(labs.join("warn.yaml"), WITH_WARNING).unwrap();
    std::fs::write(labs.join("sub/broken & <odd>.yaml"), BROKEN).unwrap();
    std::fs::copy(seed(), labs.join("seed.yaml")).unwrap();
    std::fs::write(labs.join("package.json"), "{\"name\": \"x\"}").unwrap();
    let out = run(cfn2tf().current_dir(dir.path()).args([
        "batch",
        "labs",
        "-o",
        "out",
        "--junit",
        "junit.xml",
        "--format",
        "junit",
    ]));
    assert_eq!(out.status.code(), Some(1), "a refused template fails the batch");
    let written = std::fs::read_to_string(dir.path().join("junit.xml")).unwrap();
    assert_eq!(text(&out.stdout), written, "--format junit prints what --junit writes");

    let (mut cases, suite) = junit_cases(&written);
    cases.sort();
    assert_eq!(
        cases,
        [
            ("seed.yaml".to_string(), None),
            ("sub/broken & <odd>.yaml".to_string(), Some("refused".to_string())),
            ("warn.yaml".to_string(), None),
        ],
        "package.json is skipped, not a case"
    );
    assert_eq!(
        suite,
        [
            ("tests".to_string(), "3".to_string()),
            ("failures".to_string(), "1".to_string())
        ]
    );
    assert!(written.contains("NoSuchFunction"), "the failure says why");
    assert!(
        written.contains("<system-out>warning:"),
        "warnings are the case's output"
    );

    // The report files are checked before anything runs, as --report and --json are.
    let out = run(cfn2tf()
        .current_dir(dir.path())
        .args(["batch", "labs", "-o", "out2", "--junit", "junit.xml"]));
    assert_eq!(out.status.code(), Some(2), "{}", text(&out.stderr));
    let out = run(cfn2tf().current_dir(dir.path()).args([
        "batch", "labs", "-o", "out3", "--json", "same.xml", "--junit", "same.xml",
    ]));
    assert_eq!(out.status.code(), Some(2));
    assert!(
        text(&out.stderr).contains("--json and --junit both name"),
        "{}",
        text(&out.stderr)
    );
}

/// PATH with the built binary's folder first, as an install would put `cfn2tf` on it.
fn path_with_cfn2tf() -> std::ffi::OsString {
    let bin = Path::new(env!("CARGO_BIN_EXE_cfn2tf")).parent().unwrap().to_path_buf();
    let rest = std::env::var_os("PATH").unwrap_or_default();
    std::env::join_paths(std::iter::once(bin).chain(std::env::split_paths(&rest))).unwrap()
}

/// The value of `key:` on a line of a small YAML file (the files are ours, so a line scan is
/// enough and needs no YAML crate).
fn yaml_value<'a>(yaml: &'a str, key: &str) -> &'a str {
    yaml.lines()
        .find_map(|l| l.trim_start().trim_start_matches("- ").strip_prefix(&format!("{key}:")))
        .unwrap_or_else(|| panic!("no {key}: in\n{yaml}"))
        .trim()
}

#[test]
fn pre_commit_hook_entry_passes_same_and_fails_different() {
    let yaml = std::fs::read_to_string(repo_root().join(".pre-commit-hooks.yaml")).unwrap();
    assert_eq!(yaml_value(&yaml, "id"), "cfn2tf-diff");
    assert_eq!(yaml_value(&yaml, "language"), "system");
    assert_eq!(yaml_value(&yaml, "pass_filenames"), "false");
    let entry: Vec<&str> = yaml_value(&yaml, "entry").split_whitespace().collect();
    assert_eq!(entry[0], "cfn2tf");
    let dir = tempfile::tempdir().unwrap();
    let mutant = mutant(dir.path());
    // pre-commit runs `entry args...`; the args are the user's two sides.
    let hook = |b: &Path| {
        run(std::process::Command::new(entry[0])
            .env("PATH", path_with_cfn2tf())
            .args(&entry[1..])
            .arg(seed())
            .arg(b))
    };
    let same = hook(&seed());
    assert_eq!(
        same.status.code(),
        Some(0),
        "{}{}",
        text(&same.stdout),
        text(&same.stderr)
    );
    let different = hook(&mutant);
    assert_eq!(different.status.code(), Some(1), "{}", text(&different.stderr));
    assert!(
        text(&different.stdout).contains("10.0.2.0/24"),
        "{}",
        text(&different.stdout)
    );
}

/// The `run: |` block of the action's step, as the runner hands it to bash.
fn action_script(yaml: &str) -> String {
    let mut lines = yaml.lines().skip_while(|l| l.trim() != "run: |").skip(1);
    let first = lines.next().expect("a run: | block");
    let indent = first.len() - first.trim_start().len();
    std::iter::once(first)
        .chain(lines.take_while(|l| l.trim().is_empty() || l.len() - l.trim_start().len() >= indent))
        .map(|l| l.get(indent..).unwrap_or(""))
        .collect::<Vec<_>>()
        .join("\n")
        + "\n"
}

#[test]
fn github_action_writes_the_summary_and_fails_on_difference() {
    let yaml = std::fs::read_to_string(repo_root().join("action.yml")).unwrap();
    assert_eq!(yaml_value(&yaml, "using"), "composite");
    assert_eq!(yaml_value(&yaml, "shell"), "bash");
    for (var, input) in [("CFN2TF_A", "a"), ("CFN2TF_B", "b"), ("CFN2TF_ARGS", "args")] {
        assert_eq!(yaml_value(&yaml, var), format!("${{{{ inputs.{input} }}}}"));
    }
    let script = action_script(&yaml);
    assert!(script.contains("cfn2tf diff"), "{script}");
    let dir = tempfile::tempdir().unwrap();
    let mutant = mutant(dir.path());
    // As the runner does: `bash -e {0}` with the inputs in the environment.
    let step = |b: &Path, summary: &Path| {
        std::fs::write(summary, "").unwrap();
        run(std::process::Command::new("bash")
            .args(["--noprofile", "--norc", "-eo", "pipefail", "-c", &script])
            .env("PATH", path_with_cfn2tf())
            .env("GITHUB_STEP_SUMMARY", summary)
            .env("CFN2TF_A", seed())
            .env("CFN2TF_B", b)
            .env("CFN2TF_ARGS", ""))
    };
    let summary = dir.path().join("summary.md");
    let same = step(&seed(), &summary);
    assert_eq!(
        same.status.code(),
        Some(0),
        "{}{}",
        text(&same.stdout),
        text(&same.stderr)
    );
    let written = std::fs::read_to_string(&summary).unwrap();
    assert!(written.starts_with("## cfn2tf diff"), "{written}");
    assert!(
        written.contains(text(&same.stdout).trim_end()),
        "the report is the summary"
    );

    let different = step(&mutant, &summary);
    assert_eq!(different.status.code(), Some(1), "{}", text(&different.stderr));
    let written = std::fs::read_to_string(&summary).unwrap();
    assert!(written.contains("10.0.2.0/24"), "{written}");
    assert!(written.contains(text(&different.stdout).trim_end()));

    // Extra options pass through, split on whitespace.
    let out = run(std::process::Command::new("bash")
        .args(["-c", &script])
        .env("PATH", path_with_cfn2tf())
        .env_remove("GITHUB_STEP_SUMMARY")
        .env("CFN2TF_A", seed())
        .env("CFN2TF_B", seed())
        .env("CFN2TF_ARGS", "--format json"));
    assert_eq!(out.status.code(), Some(0), "{}", text(&out.stderr));
    assert!(text(&out.stdout).contains("\"format_version\": 1"));
}
