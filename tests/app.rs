//! Application services (issue 6): one small template per rule that data alone cannot express,
//! each with golden HCL, `terraform fmt -check` + `terraform validate`, and an app template
//! deployed into moto next to its Terraform (EQUAL).

mod common;
use common::*;
use std::path::PathBuf;

fn template(name: &str) -> PathBuf {
    repo_root().join("tests/app").join(name)
}

/// Converts in-process and snapshots every .tf file; returns the conversion.
fn golden(name: &str) -> cfn2tf::Converted {
    let path = template(name);
    let file = cfn2tf::source::SourceFile::new(name, std::fs::read_to_string(&path).unwrap());
    let converted = cfn2tf::cfn_to_tf(&file).unwrap_or_else(|d| panic!("{d:?}"));
    assert_eq!(
        converted.stats.resources_converted, converted.stats.resources_total,
        "every resource of {name} is converted"
    );
    assert_eq!(
        converted.diagnostics.warnings().count(),
        0,
        "{:?}",
        converted.diagnostics
    );
    let stem = name.trim_end_matches(".yaml");
    for (file, text) in &converted.files {
        insta::assert_snapshot!(format!("{stem}-{file}"), text);
    }
    converted
}

fn valid(name: &str) {
    let Some(tf) = terraform() else { return };
    let dir = convert_to_dir(&template(name));
    let out = dir.path().join("tf");
    tf.fmt_check(&out).unwrap();
    tf.validate(&out).unwrap_or_else(|e| panic!("{name}: {e}"));
}

fn main_tf(c: &cfn2tf::Converted) -> &str {
    &c.files["main.tf"]
}

/// The text of the resource block `type.name` in `main`.
fn block<'a>(main: &'a str, tf_type: &str, name: &str) -> &'a str {
    let head = format!("resource \"{tf_type}\" \"{name}\" {{");
    let start = main
        .find(&head)
        .unwrap_or_else(|| panic!("no {tf_type}.{name} in:\n{main}"));
    let end = main[start..].find("\n}\n").map(|e| start + e + 3).unwrap_or(main.len());
    &main[start..end]
}

#[test]
fn s3_bucket_sub_configurations_become_separate_resources() {
    let c = golden("s3-split.yaml");
    let main = main_tf(&c);
    for (tf_type, arg) in [
        ("aws_s3_bucket_versioning", "versioning_configuration {"),
        (
            "aws_s3_bucket_server_side_encryption_configuration",
            "sse_algorithm = \"aws:kms\"",
        ),
        ("aws_s3_bucket_public_access_block", "restrict_public_buckets = true"),
        ("aws_s3_bucket_acl", "\"private\""),
        ("aws_s3_bucket_lifecycle_configuration", "prefix = \"tmp/\""),
    ] {
        let b = block(main, tf_type, "data_bucket");
        assert!(b.contains("= aws_s3_bucket.data_bucket.id\n"), "{b}");
        assert!(b.contains(arg), "{tf_type} lacks {arg}:\n{b}");
    }
    // A companion under `Fn::If [.., AWS::NoValue]` exists only when the condition holds.
    assert!(block(main, "aws_s3_bucket_logging", "data_bucket").contains("count         = local.logging ? 1 : 0"));
    // References still name the bucket; a DependsOn on it waits for its parts too.
    let policy = block(main, "aws_s3_bucket_policy", "data_bucket_policy");
    assert!(policy.contains("bucket = aws_s3_bucket.data_bucket.id"), "{policy}");
    assert!(policy.contains("\"${aws_s3_bucket.data_bucket.arn}/*\""), "{policy}");
    assert!(policy.contains("aws_s3_bucket_versioning.data_bucket,"), "{policy}");
    assert!(c.files["outputs.tf"].contains("aws_s3_bucket.data_bucket.arn"));
}

#[test]
fn s3_split_is_valid() {
    valid("s3-split.yaml");
}

#[test]
fn iam_inline_policies_become_role_policies_that_dependents_wait_for() {
    let c = golden("iam-inline.yaml");
    let main = main_tf(&c);
    let read = block(main, "aws_iam_role_policy", "app_role_read_queue");
    assert!(read.contains("role = aws_iam_role.app_role.id"), "{read}");
    assert!(
        read.contains("Resource = aws_sqs_queue.queue.arn"),
        "intrinsics inside the document: {read}"
    );
    assert!(
        block(main, "aws_iam_role_policy", "app_role_write_logs")
            .contains("data.aws_caller_identity.current.account_id")
    );
    assert!(
        block(
            main,
            "aws_iam_role_policy_attachment",
            "app_role_amazon_ssm_managed_instance_core"
        )
        .contains("arn:aws:iam::aws:policy/AmazonSSMManagedInstanceCore")
    );
    assert!(
        block(main, "aws_iam_role_policy_attachment", "extra_policy_1")
            .contains("policy_arn = aws_iam_policy.extra_policy.arn")
    );
    // CloudFormation creates the inline policies as part of the role: whoever uses the role
    // (by reference or DependsOn) waits for them.
    let profile = block(main, "aws_iam_instance_profile", "app_profile");
    assert!(profile.contains("role = aws_iam_role.app_role.name"), "{profile}");
    assert!(
        profile.contains("aws_iam_role_policy.app_role_read_queue,"),
        "{profile}"
    );
    let waiter = block(main, "aws_sqs_queue", "waiter");
    assert!(
        waiter.contains("aws_iam_role.app_role,") && waiter.contains("aws_iam_role_policy.app_role_write_logs,"),
        "{waiter}"
    );
}

#[test]
fn iam_inline_is_valid() {
    valid("iam-inline.yaml");
}

#[test]
fn lambda_inline_code_is_zipped_beside_the_configuration() {
    let c = golden("lambda-zip.yaml");
    let zip = &c.artefacts["hello.zip"];
    assert_eq!(&zip[..4], b"PK\x03\x04");
    let text = String::from_utf8_lossy(zip);
    assert!(
        text.contains("index.py") && text.contains("def handler(event, context):\n    return {\"hello\": \"world\"}\n")
    );
    let again = golden("lambda-zip.yaml");
    assert_eq!(zip, &again.artefacts["hello.zip"], "the zip is deterministic");
    let f = block(main_tf(&c), "aws_lambda_function", "hello");
    assert!(f.contains("filename         = \"${path.module}/hello.zip\""), "{f}");
    assert!(
        f.contains("source_code_hash = filebase64sha256(\"${path.module}/hello.zip\")"),
        "{f}"
    );
    assert!(
        f.contains("aws_iam_role_policy.function_role_logs"),
        "the function waits for its role's policy: {f}"
    );
}

#[test]
fn lambda_zip_is_written_with_o_and_announced_without() {
    let dir = convert_to_dir(&template("lambda-zip.yaml"));
    let zip = std::fs::read(dir.path().join("tf/hello.zip")).unwrap();
    assert_eq!(&zip[..4], b"PK\x03\x04");
    let o = run(cfn2tf().arg("convert").arg(template("lambda-zip.yaml")));
    assert!(o.status.success());
    assert!(text(&o.stderr).contains("hello.zip"), "{}", text(&o.stderr));
    assert!(text(&o.stderr).contains("-o DIR"), "{}", text(&o.stderr));
    assert!(!text(&o.stdout).contains("PK\u{3}\u{4}"));
}

#[test]
fn lambda_zip_is_valid() {
    valid("lambda-zip.yaml");
}

#[test]
fn dynamodb_key_schemas_become_hash_and_range_keys() {
    let c = golden("dynamodb-keys.yaml");
    let t = block(main_tf(&c), "aws_dynamodb_table", "orders");
    assert!(t.contains("hash_key       = \"customer\""), "{t}");
    assert!(t.contains("range_key      = \"placed\""), "{t}");
    assert!(t.contains("read_capacity  = 5"), "{t}");
    let lsi = t.split("local_secondary_index {").nth(1).unwrap();
    assert!(
        !lsi.contains("hash_key"),
        "a local index shares the table's hash key: {lsi}"
    );
    assert!(lsi.contains("range_key       = \"status\""), "{lsi}");
}

#[test]
fn dynamodb_keys_is_valid() {
    valid("dynamodb-keys.yaml");
}

fn equal_in_moto(name: &str) -> Option<String> {
    let oracle = oracle()?;
    let dir = convert_to_dir(&template(name));
    let verdict = equivalent(
        &oracle,
        &template(name),
        &dir.path().join("tf"),
        &[],
        &[("stack_name", "oracle")],
    )
    .unwrap_or_else(|e| panic!("{name} not equivalent:\n{e}"));
    Some(verdict)
}

#[test]
fn app_services_deploy_equal_in_moto() {
    let Some(verdict) = equal_in_moto("app-stack.yaml") else {
        return;
    };
    assert!(verdict.contains("EQUAL"), "{verdict}");
}

#[test]
fn a_block_under_fn_if_becomes_dynamic_blocks_and_cloudfront_defaults_fill_the_other_branch() {
    let c = golden("cloudfront-conditional.yaml");
    let cdn = block(main_tf(&c), "aws_cloudfront_distribution", "cdn");
    assert!(cdn.contains("for_each = local.has_certificate ? [1] : []"), "{cdn}");
    assert!(cdn.contains("for_each = !local.has_certificate ? [1] : []"), "{cdn}");
    assert!(cdn.contains("cloudfront_default_certificate = true"), "{cdn}");
    assert!(cdn.contains("restriction_type = \"none\""), "{cdn}");
    let flat = cdn.split_whitespace().collect::<Vec<_>>().join(" ");
    assert!(flat.contains("cached_methods = [\"GET\", \"HEAD\"]"), "{cdn}");
}

#[test]
fn cloudfront_conditional_is_valid() {
    valid("cloudfront-conditional.yaml");
}
