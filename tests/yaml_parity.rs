//! CloudFormation's YAML leniency: no template that cfn-lint's loader (`cfnlint.decode`, PyYAML
//! as CloudFormation reads it) parses may be refused by cfn2tf's parser, on every template of
//! the corpus and of the project's sample. Needs python3 with cfn-lint (required under CI=true).

mod common;
use common::*;
use std::io::Write;
use std::process::{Command, Stdio};

/// Which of `files` cfn-lint's loader reads without a parse error (one python3 for all).
fn cfn_lint_parses(files: &[std::path::PathBuf]) -> Vec<bool> {
    let script = r#"
import sys, cfnlint.decode
for line in sys.stdin:
    t, m = cfnlint.decode.decode(line.rstrip("\n"))
    print("OK" if t is not None and not m else "REFUSED", flush=True)
"#;
    let mut child = Command::new("python3")
        .args(["-c", script])
        .stdin(Stdio::piped())
        .stdout(Stdio::piped())
        .stderr(Stdio::null())
        .spawn()
        .expect("python3");
    let mut stdin = child.stdin.take().unwrap();
    let names: String = files.iter().map(|f| format!("{}\n", f.display())).collect();
    let writer = std::thread::spawn(move || stdin.write_all(names.as_bytes()));
    let out = child.wait_with_output().unwrap();
    writer.join().unwrap().unwrap();
    let verdicts: Vec<bool> = text(&out.stdout).lines().map(|l| l == "OK").collect();
    assert_eq!(verdicts.len(), files.len(), "cfn-lint's loader stopped early");
    verdicts
}

#[test]
fn every_template_cfn_lint_parses_is_parsed() {
    let lint_present = Command::new("python3")
        .args(["-c", "import cfnlint.decode"])
        .output()
        .is_ok_and(|o| o.status.success());
    if !available("python3 with cfn-lint (scripts/setup installs it)", lint_present) {
        return;
    }
    let mut files = Vec::new();
    let mut dirs = vec![repo_root().join("tests/corpus/cfn")];
    let whole = corpus();
    if whole.whole {
        dirs.push(whole.dir);
    }
    for dir in dirs {
        let mut here: Vec<_> = std::fs::read_dir(&dir).unwrap().map(|e| e.unwrap().path()).collect();
        here.sort();
        files.extend(here.into_iter().filter(|p| {
            p.extension()
                .is_some_and(|e| ["yaml", "yml", "json", "template"].contains(&e.to_str().unwrap_or("")))
        }));
    }
    let verdicts = cfn_lint_parses(&files);
    let mut refused = Vec::new();
    let mut parsed_by_both = 0;
    for (path, lint_ok) in files.iter().zip(verdicts) {
        if !lint_ok {
            continue;
        }
        let Ok(text) = std::fs::read_to_string(path) else {
            continue;
        };
        let file = cfn2tf::source::SourceFile::new(path.display().to_string(), text);
        match cfn2tf::parse::parse_template(&file, cfn2tf::parse::Limits::default()) {
            Ok(_) => parsed_by_both += 1,
            Err(e) => refused.push(format!("{}: {} {}", path.display(), e.code, e.message)),
        }
    }
    assert!(
        refused.is_empty(),
        "cfn-lint parses these, cfn2tf refuses them:\n{}",
        refused.join("\n")
    );
    assert!(parsed_by_both >= 20, "only {parsed_by_both} templates compared");
}
