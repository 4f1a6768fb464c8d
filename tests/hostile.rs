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
