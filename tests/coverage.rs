//! The types mapped for coverage of real templates (issue 15), one template per family under
//! tests/coverage: every resource converted, the resource and its key arguments as the provider
//! wants them, and `terraform validate` on the output.

mod common;
use common::*;
use std::path::PathBuf;

fn fixture(name: &str) -> PathBuf {
    repo_root().join("tests/coverage").join(name)
}

fn convert(name: &str) -> cfn2tf::Converted {
    let path = fixture(name);
    let file = cfn2tf::source::SourceFile::new(name, std::fs::read_to_string(&path).unwrap());
    let converted = cfn2tf::cfn_to_tf(&file).unwrap_or_else(|d| panic!("{d:?}"));
    assert_eq!(
        converted.stats.resources_converted, converted.stats.resources_total,
        "every resource of {name} converted"
    );
    converted
}

/// The `resource "TYPE" "NAME" { ... }` block, for assertions about one resource.
fn resource_block(converted: &cfn2tf::Converted, tf_type: &str, name: &str) -> String {
    let main = converted.files.get("main.tf").cloned().unwrap_or_default();
    let start = main
        .find(&format!("resource \"{tf_type}\" \"{name}\" {{"))
        .unwrap_or_else(|| panic!("no {tf_type}.{name} in:\n{main}"));
    let end = main[start..].find("\n}\n").map(|e| start + e + 3).unwrap_or(main.len());
    main[start..end].to_string()
}

/// Every line of `lines` appears in `block`, whitespace between tokens ignored.
fn assert_has(block: &str, lines: &[&str]) {
    let squeeze = |s: &str| s.split_whitespace().collect::<Vec<_>>().join(" ");
    let have: Vec<String> = block.lines().map(squeeze).collect();
    for line in lines {
        assert!(have.contains(&squeeze(line)), "`{line}` not in:\n{block}");
    }
}

fn assert_valid(name: &str) {
    let Some(tf) = terraform() else { return };
    let dir = convert_to_dir(&fixture(name));
    let out = dir.path().join("tf");
    tf.fmt_check(&out).unwrap();
    tf.validate(&out).unwrap();
}

#[test]
fn ec2_networking_types_convert() {
    let c = convert("network.yaml");
    assert_has(
        &resource_block(&c, "aws_vpc_ipv6_cidr_block_association", "ipv6_block"),
        &["vpc_id = aws_vpc.vpc.id", "assign_generated_ipv6_cidr_block = true"],
    );
    // A VPCCidrBlock with CidrBlock is the IPv4 variant.
    assert_has(
        &resource_block(&c, "aws_vpc_ipv4_cidr_block_association", "secondary_block"),
        &["cidr_block = \"10.1.0.0/16\""],
    );
    assert_has(
        &resource_block(&c, "aws_route_table_association", "edge_association"),
        &[
            "gateway_id = aws_internet_gateway.gateway.id",
            "route_table_id = aws_route_table.edge_table.id",
        ],
    );
    assert_has(
        &resource_block(&c, "aws_ec2_managed_prefix_list", "offices"),
        &[
            "name = \"offices\"",
            "max_entries = 5",
            "entry {",
            "cidr = \"192.0.2.0/24\"",
        ],
    );
    assert_has(
        &resource_block(&c, "aws_ec2_transit_gateway_vpc_attachment", "hub_attachment"),
        &[
            "subnet_ids = [aws_subnet.subnet.id]",
            "appliance_mode_support = \"enable\"",
        ],
    );
    // CloudFormation's default acceptance, which the provider requires written.
    assert_has(
        &resource_block(&c, "aws_vpc_endpoint_service", "endpoint_service"),
        &["acceptance_required = false"],
    );
    assert_has(
        &resource_block(
            &c,
            "aws_vpc_endpoint_service_allowed_principal",
            "endpoint_service_permissions",
        ),
        &["principal_arn = \"arn:aws:iam::123456789012:root\""],
    );
    // LaunchTemplateData's fields are the template's own arguments.
    assert_has(
        &resource_block(&c, "aws_launch_template", "template"),
        &[
            "name = \"web\"",
            "image_id = \"ami-12345678\"",
            "vpc_security_group_ids = [aws_vpc.vpc.default_security_group_id]",
            "metadata_options {",
            "http_tokens = \"required\"",
            "ebs {",
            "volume_size = 20",
        ],
    );
    let outputs = &c.files["outputs.tf"];
    assert!(
        outputs.contains("aws_launch_template.template.latest_version"),
        "{outputs}"
    );
    assert_valid("network.yaml");
}

#[test]
fn network_firewall_types_convert() {
    let c = convert("firewall.yaml");
    assert_has(
        &resource_block(&c, "aws_networkfirewall_rule_group", "domains"),
        &[
            "rule_group {",
            "rules_source {",
            "rules_source_list {",
            "generated_rules_type = \"ALLOWLIST\"",
        ],
    );
    assert_has(
        &resource_block(&c, "aws_networkfirewall_rule_group", "icmp"),
        &[
            "stateless_rule {",
            "priority = 10",
            "match_attributes {",
            "protocols = [1]",
            "address_definition = \"0.0.0.0/0\"",
        ],
    );
    assert_has(
        &resource_block(&c, "aws_networkfirewall_firewall_policy", "policy"),
        &[
            "firewall_policy {",
            "stateless_rule_group_reference {",
            "resource_arn = aws_networkfirewall_rule_group.icmp.arn",
        ],
    );
    assert_has(
        &resource_block(&c, "aws_networkfirewall_firewall", "firewall"),
        &[
            "firewall_policy_arn = aws_networkfirewall_firewall_policy.policy.arn",
            "subnet_mapping {",
        ],
    );
    // GetAtt EndpointIds: "<zone>:<endpoint>" strings built from the provider's firewall_status.
    let route = resource_block(&c, "aws_route", "to_firewall");
    assert!(route.contains("firewall_status[0].sync_states"), "{route}");
    assert_valid("firewall.yaml");
}

#[test]
fn service_types_convert() {
    let c = convert("services.yaml");
    // A name CloudFormation generates, the provider requires: the stack name and logical ID.
    assert_has(
        &resource_block(&c, "aws_kinesis_stream", "stream"),
        &[
            "name = \"${var.stack_name}-Stream\"",
            "retention_period = 48",
            "encryption_type = \"KMS\"",
            "stream_mode = \"ON_DEMAND\"",
        ],
    );
    assert_has(
        &resource_block(&c, "aws_route53_zone", "zone"),
        &["comment = \"private zone\"", "vpc {", "vpc_id = \"vpc-12345678\""],
    );
    assert_has(
        &resource_block(&c, "aws_cognito_user_pool", "pool"),
        &[
            "password_policy {",
            "minimum_length = 12",
            "schema {",
            "attribute_data_type = \"String\"",
        ],
    );
    assert_has(
        &resource_block(&c, "aws_cognito_user_pool_client", "pool_client"),
        &["user_pool_id = aws_cognito_user_pool.pool.id"],
    );
    assert_has(
        &resource_block(&c, "aws_api_gateway_method", "root_get"),
        &[
            "resource_id = aws_api_gateway_rest_api.api.root_resource_id",
            "authorization = \"NONE\"",
        ],
    );
    assert_has(
        &resource_block(&c, "aws_iam_group_policy_attachment", "admins_read_only_access"),
        &["group = aws_iam_group.admins.name"],
    );
    assert_has(
        &resource_block(&c, "aws_iam_access_key", "operator_key"),
        &["user = aws_iam_user.operator.name"],
    );
    assert_has(
        &resource_block(&c, "aws_iam_role_policy", "role_logs"),
        &["role = aws_iam_role.role.name", "name = \"logs\""],
    );
    assert_has(
        &resource_block(&c, "aws_cloudwatch_log_metric_filter", "errors"),
        &["pattern = \"ERROR\"", "metric_transformation {", "namespace = \"App\""],
    );
    assert_has(
        &resource_block(&c, "aws_ssm_document", "runbook"),
        &["document_type = \"Command\""],
    );
    assert_has(
        &resource_block(&c, "aws_elasticache_parameter_group", "cache_parameters"),
        &["parameter {", "name = \"maxmemory-policy\"", "value = \"allkeys-lru\""],
    );
    assert_has(
        &resource_block(&c, "aws_cloudtrail", "trail"),
        &["enable_logging = true"],
    );
    assert_has(
        &resource_block(
            &c,
            "aws_servicecatalog_principal_portfolio_association",
            "portfolio_access",
        ),
        &[
            "portfolio_id = aws_servicecatalog_portfolio.portfolio.id",
            "principal_arn = aws_iam_role.role.arn",
        ],
    );
    let outputs = &c.files["outputs.tf"];
    for attribute in [
        "aws_kinesis_stream.stream.arn",
        "aws_route53_zone.zone.name_servers",
        "aws_iam_access_key.operator_key.secret",
        "aws_ecr_repository.images.repository_url",
    ] {
        assert!(outputs.contains(attribute), "{attribute} not in:\n{outputs}");
    }
    assert_valid("services.yaml");
}

/// Types mapgen generates with `generated_name` (a required Terraform name the template may
/// leave to CloudFormation): unnamed, each gets `<stack name>-<logical id>` as CloudFormation
/// would generate it, and the output validates.
#[test]
fn generated_names_are_stack_derived() {
    let c = convert("generated-names.yaml");
    for (tf_type, name, arg, id) in [
        ("aws_api_gateway_api_key", "key", "name", "Key"),
        ("aws_appmesh_mesh", "mesh", "name", "Mesh"),
        ("aws_cloudwatch_log_stream", "stream", "name", "Stream"),
        ("aws_ses_configuration_set", "emails", "name", "Emails"),
        (
            "aws_codedeploy_deployment_config",
            "rollout",
            "deployment_config_name",
            "Rollout",
        ),
        ("aws_cloudwatch_composite_alarm", "either", "alarm_name", "Either"),
    ] {
        assert_has(
            &resource_block(&c, tf_type, name),
            &[&format!("{arg} = \"${{var.stack_name}}-{id}\"")],
        );
    }
    assert!(c.files["variables.tf"].contains("variable \"stack_name\""));
    assert_valid("generated-names.yaml");
}

#[test]
fn datastore_types_convert() {
    let c = convert("datastores.yaml");
    assert_has(
        &resource_block(&c, "aws_elasticache_replication_group", "cache"),
        &[
            "description = \"sessions\"",
            "node_type = \"cache.t4g.small\"",
            "subnet_group_name = aws_elasticache_subnet_group.cache_subnets.name",
            "num_cache_clusters = 2",
            "automatic_failover_enabled = true",
            "maintenance_window = \"sun:05:00-sun:06:00\"",
            "log_delivery_configuration {",
            "destination = \"/cache/slow\"",
            // CloudFormation generates the id; the provider requires one.
            // AWS accepts no capitals here: the generated name is lower-cased, as CloudFormation does.
            "replication_group_id = lower(\"${var.stack_name}-Cache\")",
        ],
    );
    assert_has(
        &resource_block(&c, "aws_elasticsearch_domain", "search"),
        &[
            "domain_name = \"search\"",
            "cluster_config {",
            "instance_count = 2",
            "zone_awareness_config {",
            "ebs_options {",
            "encrypt_at_rest {",
            "node_to_node_encryption {",
            "automated_snapshot_start_hour = 3",
        ],
    );
    assert_has(
        &resource_block(&c, "aws_redshift_cluster", "warehouse"),
        &[
            "database_name = \"analytics\"",
            "cluster_subnet_group_name = aws_redshift_subnet_group.warehouse_subnets.name",
            "encrypted = true",
            // LoggingProperties turns audit logging on; the copy properties share one block.
            "logging {",
            "enable = true",
            "snapshot_copy {",
            "destination_region = \"us-west-2\"",
            "retention_period = 7",
            "cluster_identifier = lower(\"${var.stack_name}-Warehouse\")",
        ],
    );
    let outputs = &c.files["outputs.tf"];
    for attribute in [
        "aws_elasticache_replication_group.cache.primary_endpoint_address",
        "aws_elasticsearch_domain.search.endpoint",
        "aws_elasticsearch_domain.search.domain_name",
        "aws_redshift_cluster.warehouse.dns_name",
    ] {
        assert!(outputs.contains(attribute), "{attribute} not in:\n{outputs}");
    }
    assert_valid("datastores.yaml");
}

#[test]
fn directory_types_convert() {
    let c = convert("directory.yaml");
    assert_has(
        &resource_block(&c, "aws_directory_service_directory", "corp"),
        &[
            "type = \"MicrosoftAD\"",
            "edition = \"Standard\"",
            "vpc_settings {",
            "vpc_id = \"vpc-12345678\"",
        ],
    );
    assert_has(
        &resource_block(&c, "aws_directory_service_directory", "lab"),
        &["type = \"SimpleAD\"", "size = \"Small\"", "vpc_settings {"],
    );
    // The provider's set of addresses is indexed through a list, as CloudFormation's list is.
    let outputs = &c.files["outputs.tf"];
    assert!(
        outputs.contains("(tolist(aws_directory_service_directory.corp.dns_ip_addresses))[0]"),
        "{outputs}"
    );
    assert_valid("directory.yaml");
}

#[test]
fn firehose_s3_destinations_convert() {
    let c = convert("firehose.yaml");
    assert_has(
        &resource_block(&c, "aws_kinesis_firehose_delivery_stream", "extended"),
        &[
            "destination = \"extended_s3\"",
            "extended_s3_configuration {",
            "buffering_interval = 60",
            "buffering_size = 64",
            "log_stream_name = aws_cloudwatch_log_stream.log_stream.name",
            "processors {",
            "parameter_name = \"Delimiter\"",
            "server_side_encryption {",
            "key_type = \"AWS_OWNED_CMK\"",
            "name = \"${var.stack_name}-Extended\"",
        ],
    );
    assert_valid("firehose.yaml");
    // The plain S3 destination is the extended one since provider 5.
    let c = convert("firehose-s3.yaml");
    assert_has(
        &resource_block(&c, "aws_kinesis_firehose_delivery_stream", "plain"),
        &[
            "name = \"plain\"",
            "destination = \"extended_s3\"",
            "extended_s3_configuration {",
            "kms_key_arn = \"arn:aws:kms:us-east-1:123456789012:key/1234abcd-12ab-34cd-56ef-1234567890ab\"",
        ],
    );
    assert_valid("firehose-s3.yaml");
}

#[test]
fn catalog_types_convert() {
    let c = convert("catalog.yaml");
    assert_has(
        &resource_block(&c, "aws_glue_catalog_database", "database"),
        &["name = \"sales\"", "description = \"sales data\""],
    );
    // One Targets object becomes one repeated block per kind of target.
    assert_has(
        &resource_block(&c, "aws_glue_crawler", "crawler"),
        &[
            "database_name = aws_glue_catalog_database.database.name",
            "schedule = \"cron(0 3 * * ? *)\"",
            "s3_target {",
            "path = \"s3://sales-bucket/raw/\"",
            "jdbc_target {",
            "connection_name = \"warehouse\"",
            "name = \"${var.stack_name}-Crawler\"",
        ],
    );
    assert_has(
        &resource_block(&c, "aws_servicecatalog_provisioned_product", "product"),
        &[
            "name = \"bucket\"",
            "product_id = \"prod-abcdefghijklm\"",
            "provisioning_parameters {",
            "key = \"BucketName\"",
        ],
    );
    let outputs = &c.files["outputs.tf"];
    assert!(
        outputs.contains("o.key == \"BucketArn\"") && outputs.contains("o.key == \"CloudformationStackARN\""),
        "{outputs}"
    );
    assert_valid("catalog.yaml");
}
