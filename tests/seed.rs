//! The first user story: the seed lab (an S3 gateway endpoint) converts to Terraform that is
//! fmt-clean, valid against the real provider, and builds the same network in moto.

mod common;
use common::*;
use std::path::PathBuf;

fn seed() -> PathBuf {
    repo_root().join("samples/gateway-endpoint/gateway-endpoint.yaml")
}

fn original() -> PathBuf {
    repo_root().join("samples/gateway-endpoint/gateway-endpoint.original.yaml")
}

#[test]
fn seed_converts_to_the_reviewed_hcl() {
    let file = cfn2tf::source::SourceFile::new("gateway-endpoint.yaml", std::fs::read_to_string(seed()).unwrap());
    let converted = cfn2tf::cfn_to_tf(&file).unwrap_or_else(|d| panic!("{d:?}"));
    assert_eq!(converted.stats.resources_converted, 14);
    assert_eq!(
        converted.diagnostics.warnings().count(),
        0,
        "{:?}",
        converted.diagnostics
    );
    for (name, text) in &converted.files {
        insta::assert_snapshot!(format!("seed-{name}"), text);
    }
}

#[test]
fn seed_endpoint_serves_both_route_tables() {
    let dir = convert_to_dir(&seed());
    let main = std::fs::read_to_string(dir.path().join("tf/main.tf")).unwrap();
    let endpoint = main
        .split("resource \"aws_vpc_endpoint\"")
        .nth(1)
        .expect("an aws_vpc_endpoint");
    assert!(endpoint.contains(
        "route_table_ids = [aws_route_table.cloud_neta_public_rt.id, aws_route_table.cloud_neta_private_rt.id]"
    ));
    assert!(endpoint.contains("service_name    = \"com.amazonaws.${data.aws_region.current.name}.s3\""));
}

#[test]
fn seed_output_is_fmt_clean_and_valid() {
    let Some(tf) = terraform() else { return };
    let dir = convert_to_dir(&seed());
    let out = dir.path().join("tf");
    tf.fmt_check(&out).unwrap();
    tf.validate(&out).unwrap();
}

#[test]
fn seed_deploys_equal_in_moto() {
    let Some(oracle) = oracle() else { return };
    let dir = convert_to_dir(&seed());
    let verdict = equivalent(
        &oracle,
        &seed(),
        &dir.path().join("tf"),
        &[("KeyName", "lab-key")],
        &[("key_name", "lab-key")],
    )
    .unwrap_or_else(|e| panic!("not equivalent:\n{e}"));
    assert!(verdict.contains("vpc_endpoints=1"), "{verdict}");
}

#[test]
fn original_blog_template_fails_at_line_8_and_writes_nothing() {
    let dir = tempfile::tempdir().unwrap();
    let out = dir.path().join("x");
    let o = run(cfn2tf().arg("convert").arg(original()).arg("-o").arg(&out));
    assert_eq!(o.status.code(), Some(2));
    let err = text(&o.stderr);
    assert!(err.contains("gateway-endpoint.original.yaml:8:15: error"), "{err}");
    assert!(err.contains("CloudNetaVPC:# VPC"), "the source line is shown: {err}");
    assert!(err.contains("space before `#`"), "a hint is given: {err}");
    assert!(!out.exists(), "nothing is written");
}

#[test]
fn existing_output_is_not_overwritten_without_force() {
    let dir = tempfile::tempdir().unwrap();
    let out = dir.path().join("tf");
    std::fs::create_dir_all(&out).unwrap();
    std::fs::write(out.join("main.tf"), "# mine\n").unwrap();
    let o = run(cfn2tf().arg("convert").arg(seed()).arg("-o").arg(&out));
    assert_eq!(o.status.code(), Some(2));
    assert!(text(&o.stderr).contains("--force"));
    assert_eq!(std::fs::read_to_string(out.join("main.tf")).unwrap(), "# mine\n");
    let o = run(cfn2tf().arg("convert").arg(seed()).arg("-o").arg(&out).arg("--force"));
    assert!(o.status.success(), "{}", text(&o.stderr));
    assert!(
        std::fs::read_to_string(out.join("main.tf"))
            .unwrap()
            .contains("aws_vpc_endpoint")
    );
}

#[test]
fn stdin_input_prints_to_stdout() {
    let o = run_with_stdin(cfn2tf().args(["convert", "-"]), &std::fs::read(seed()).unwrap());
    assert!(o.status.success());
    assert!(text(&o.stdout).contains("resource \"aws_vpc_endpoint\" \"endpoint\""));
}
