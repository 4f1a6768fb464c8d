//! Terminal manners (issue 19): colour only on a terminal and never with `NO_COLOR` set to a
//! non-empty value (no-color.org); results on stdout, progress and diagnostics on stderr.

mod common;
use common::*;
use std::path::{Path, PathBuf};
use std::process::Command;

/// An unknown function on line 5: refused, its error rendered with the source line.
const BROKEN: &str = "Resources:
  Topic:
    Type: AWS::SNS::Topic
    Properties:
      TopicName: !NoSuchFunction x
";

fn seed() -> PathBuf {
    repo_root().join("samples/gateway-endpoint/gateway-endpoint.yaml")
}

/// The files the commands below read: a refused template, the seed and a mutant of it.
fn inputs(dir: &Path) {
    std::fs::write(dir.join("broken.yaml"), BROKEN).unwrap();
    let seed = std::fs::read_to_string(seed()).unwrap();
    std::fs::write(dir.join("seed.yaml"), &seed).unwrap();
    std::fs::write(
        dir.join("mutant.yaml"),
        seed.replace("CidrBlock: 10.0.1.0/24", "CidrBlock: 10.0.2.0/24"),
    )
    .unwrap();
    std::fs::create_dir_all(dir.join("labs")).unwrap();
    std::fs::write(dir.join("labs/broken.yaml"), BROKEN).unwrap();
    std::fs::write(dir.join("labs/seed.yaml"), &seed).unwrap();
}

/// Commands whose output would be coloured on a terminal: a rendered error, the diff report.
const COLOURED: [&[&str]; 2] = [&["convert", "broken.yaml"], &["diff", "seed.yaml", "mutant.yaml"]];

/// A select graphic rendition (colour, bold) escape: ESC [ digits/; m.
fn has_sgr(output: &str) -> bool {
    output
        .match_indices("\x1b[")
        .any(|(i, _)| output[i + 2..].chars().find(|c| !c.is_ascii_digit() && *c != ';') == Some('m'))
}

#[test]
fn no_escape_codes_when_not_on_a_terminal() {
    let dir = tempfile::tempdir().unwrap();
    inputs(dir.path());
    let mut commands: Vec<Vec<&str>> = COLOURED.iter().map(|c| c.to_vec()).collect();
    commands.push(vec!["batch", "labs", "-o", "out"]);
    commands.push(vec!["graph", "seed.yaml"]);
    commands.push(vec!["convert", "seed.yaml"]);
    for args in commands {
        let out = run(cfn2tf().current_dir(dir.path()).env_remove("NO_COLOR").args(&args));
        for (stream, bytes) in [("stdout", &out.stdout), ("stderr", &out.stderr)] {
            assert!(
                !bytes.contains(&0x1b),
                "cfn2tf {}: escape code on {stream} of a pipe:\n{}",
                args.join(" "),
                String::from_utf8_lossy(bytes)
            );
        }
    }
}

/// Runs cfn2tf under a pseudo-terminal (util-linux `script`), both streams on it.
fn on_a_terminal(dir: &Path, args: &[&str], no_color: Option<&str>) -> String {
    let command = std::iter::once(env!("CARGO_BIN_EXE_cfn2tf"))
        .chain(args.iter().copied())
        .map(|a| format!("'{a}'"))
        .collect::<Vec<_>>()
        .join(" ");
    let mut script = Command::new("script");
    script
        .current_dir(dir)
        .args(["-qec", &command, "/dev/null"])
        .env_remove("NO_COLOR");
    if let Some(value) = no_color {
        script.env("NO_COLOR", value);
    }
    String::from_utf8_lossy(&run(&mut script).stdout).into_owned()
}

#[test]
fn colour_on_a_terminal_unless_no_color_is_set() {
    let script = Command::new("script")
        .arg("--version")
        .output()
        .is_ok_and(|o| o.status.success());
    if !available("script (util-linux), for a pseudo-terminal", script) {
        return;
    }
    let dir = tempfile::tempdir().unwrap();
    inputs(dir.path());
    for args in COLOURED {
        let what = args.join(" ");
        let coloured = on_a_terminal(dir.path(), args, None);
        assert!(
            has_sgr(&coloured),
            "cfn2tf {what} on a terminal is coloured:\n{coloured}"
        );
        // no-color.org: an empty NO_COLOR is as if unset.
        assert!(
            has_sgr(&on_a_terminal(dir.path(), args, Some(""))),
            "cfn2tf {what}, NO_COLOR=''"
        );
        for value in ["1", "0", "false"] {
            let plain = on_a_terminal(dir.path(), args, Some(value));
            assert!(!has_sgr(&plain), "cfn2tf {what} with NO_COLOR={value}:\n{plain}");
            assert!(plain.contains(if what.starts_with("diff") {
                "10.0.2.0/24"
            } else {
                "NoSuchFunction"
            }));
        }
    }
}

#[test]
fn results_on_stdout_progress_and_diagnostics_on_stderr() {
    let dir = tempfile::tempdir().unwrap();
    inputs(dir.path());
    // batch: the report on stdout is the whole of stdout; progress lines are on stderr.
    let out = run(cfn2tf()
        .current_dir(dir.path())
        .args(["batch", "labs", "-o", "out", "--format", "json"]));
    let report: serde_json::Value = serde_json::from_slice(&out.stdout).expect("stdout is only the report");
    assert_eq!(report["totals"]["templates"], 2);
    let stderr = String::from_utf8_lossy(&out.stderr);
    assert!(stderr.contains("[1/2]") && stderr.contains("[2/2]"), "{stderr}");

    // convert: the Terraform on stdout, the summary and the warnings on stderr.
    let out = run(cfn2tf().current_dir(dir.path()).args(["convert", "seed.yaml"]));
    let stdout = String::from_utf8_lossy(&out.stdout);
    assert!(stdout.starts_with("# ---- "), "{stdout}");
    assert!(!stdout.contains("resources converted"), "no summary on stdout");
    assert!(String::from_utf8_lossy(&out.stderr).contains("resources converted"));

    // A refused template: nothing on stdout, the located error on stderr.
    let out = run(cfn2tf().current_dir(dir.path()).args(["convert", "broken.yaml"]));
    assert_eq!(out.status.code(), Some(2));
    assert!(out.stdout.is_empty());
    assert!(String::from_utf8_lossy(&out.stderr).contains("broken.yaml:5:"));

    // diff and graph: the report and the picture on stdout, nothing else.
    let out = run(cfn2tf()
        .current_dir(dir.path())
        .args(["diff", "seed.yaml", "mutant.yaml"]));
    assert_eq!(out.status.code(), Some(1));
    assert!(String::from_utf8_lossy(&out.stdout).contains("10.0.2.0/24"));
    assert!(out.stderr.is_empty(), "{}", String::from_utf8_lossy(&out.stderr));
    let out = run(cfn2tf().current_dir(dir.path()).args(["graph", "seed.yaml"]));
    assert!(String::from_utf8_lossy(&out.stdout).starts_with("flowchart"));
}
