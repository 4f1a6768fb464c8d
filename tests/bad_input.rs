//! Bad input: each case is a located error (file:line:col), exit code 2, no panic, nothing written.

mod common;
use common::*;

fn check(file: &str, line_col: &str, needle: &str) {
    let path = repo_root().join("tests/bad-input").join(file);
    let dir = tempfile::tempdir().unwrap();
    let out = dir.path().join("out");
    let o = run(cfn2tf().arg("convert").arg(&path).arg("-o").arg(&out));
    let err = text(&o.stderr);
    assert_eq!(o.status.code(), Some(2), "{file}: {err}");
    assert!(
        err.contains(&format!("{file}:{line_col}")),
        "{file}: expected location {line_col}:\n{err}"
    );
    assert!(err.contains(": error: "), "{err}");
    assert!(err.contains(needle), "{file}: expected {needle:?}:\n{err}");
    assert!(!err.contains("panicked"), "{err}");
    assert!(!out.exists(), "{file}: nothing may be written");
}

#[test]
fn empty_file() {
    check("empty.yaml", "1:1:", "the file is empty");
}

#[test]
fn json_syntax_error() {
    check("syntax-error.json", "5:49:", "JSON syntax error: trailing comma");
}

#[test]
fn template_without_resources() {
    check("no-resources.yaml", "1:1:", "no `Resources` section");
}

#[test]
fn binary_file() {
    check("binary.yaml", "1:", "not");
}

#[test]
fn unknown_function() {
    check(
        "unknown-function.yaml",
        "5:18:",
        "`Fn::Foo` is not a CloudFormation intrinsic function",
    );
}

#[test]
fn ref_to_a_missing_name() {
    check("unknown-ref.yaml", "5:14:", "`Ref` to `MissingVpc`");
}

#[test]
fn circular_depends_on() {
    check(
        "circular-depends-on.yaml",
        "9:16:",
        "circular dependency between resources",
    );
}

#[test]
fn condition_that_refers_to_itself() {
    check(
        "self-referencing-condition.yaml",
        "2:15:",
        "conditions refer to each other in a circle: Loop -> Loop",
    );
}

#[test]
fn select_out_of_range() {
    check(
        "select-out-of-range.yaml",
        "6:27:",
        "`Fn::Select` index 3 is out of range for a list of 2",
    );
}

#[test]
fn transform_is_refused() {
    check("transform.yaml", "1:1:", "templates with a `Transform`");
}

#[test]
fn for_each_is_refused() {
    check(
        "for-each.yaml",
        "3:3:",
        "`Fn::ForEach` (AWS::LanguageExtensions) is not translated",
    );
}

#[test]
fn fn_transform_is_refused() {
    check(
        "fn-transform.yaml",
        "5:7:",
        "`Fn::Transform` in place of the `Properties` mapping is not translated",
    );
}

#[test]
fn select_out_of_range_of_a_cidr() {
    check(
        "select-cidr-out-of-range.yaml",
        "5:27:",
        "`Fn::Select` index 4 is out of range for a list of 4",
    );
}
