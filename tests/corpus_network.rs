//! The networking and compute mappings (EC2 beyond the seed, load balancers, Auto Scaling, ECS,
//! EFS, Route 53, CloudWatch, CloudFormation's own types): golden HCL of one template that uses
//! every value rule, `terraform validate` on it, located refusals, and deployment equivalence in
//! moto for the corpus networking templates whose parameters all have defaults.

mod common;
use common::*;
use std::path::PathBuf;

fn fixture(name: &str) -> PathBuf {
    repo_root().join("tests/network").join(name)
}

fn convert(name: &str) -> cfn2tf::Converted {
    let path = fixture(name);
    let file = cfn2tf::source::SourceFile::new(name, std::fs::read_to_string(&path).unwrap());
    cfn2tf::cfn_to_tf(&file).unwrap_or_else(|d| panic!("{d:?}"))
}

fn main_tf(converted: &cfn2tf::Converted) -> String {
    converted.files.get("main.tf").cloned().unwrap_or_default()
}

/// The `resource "TYPE" "NAME" { ... }` block, for assertions about one resource.
fn resource_block(main: &str, tf_type: &str, name: &str) -> String {
    let start = main
        .find(&format!("resource \"{tf_type}\" \"{name}\" {{"))
        .unwrap_or_else(|| panic!("no {tf_type}.{name} in:\n{main}"));
    let end = main[start..].find("\n}\n").map(|e| start + e + 3).unwrap_or(main.len());
    main[start..end].to_string()
}

#[test]
fn every_rule_converts_to_the_reviewed_hcl() {
    let converted = convert("rules.yaml");
    for (name, text) in &converted.files {
        insta::assert_snapshot!(format!("network-rules-{name}"), text);
    }
}

#[test]
fn network_acl_entries_flatten_port_ranges_and_icmp() {
    let main = main_tf(&convert("rules.yaml"));
    let http = resource_block(&main, "aws_network_acl_rule", "acl_http_in");
    assert!(
        http.contains("from_port      = 80") && http.contains("to_port        = 80"),
        "{http}"
    );
    assert!(http.contains("egress         = false"), "{http}");
    let ping = resource_block(&main, "aws_network_acl_rule", "acl_ping_out");
    assert!(
        ping.contains("icmp_type      = 8") && ping.contains("icmp_code      = -1"),
        "{ping}"
    );
}

#[test]
fn all_protocol_rules_have_no_ports() {
    // Inline: cfn-lint warns about ports on an all-protocols rule (W3687), and the fixtures lint
    // clean; CloudFormation accepts them.
    // A group outside the template keeps the rule a resource of its own.
    let text = "Parameters:
  Group:
    Type: AWS::EC2::SecurityGroup::Id
Resources:
  AllFromItself:
    Type: AWS::EC2::SecurityGroupIngress
    Properties:
      GroupId: !Ref Group
      IpProtocol: \"-1\"
      FromPort: -1
      ToPort: -1
      SourceSecurityGroupId: !Ref Group
";
    let file = cfn2tf::source::SourceFile::new("inline.yaml", text.to_string());
    let main = main_tf(&cfn2tf::cfn_to_tf(&file).unwrap_or_else(|d| panic!("{d:?}")));
    let rule = resource_block(&main, "aws_vpc_security_group_ingress_rule", "all_from_itself");
    assert!(!rule.contains("from_port") && !rule.contains("to_port"), "{rule}");
}

#[test]
fn secondary_addresses_of_an_interface_are_derived_from_its_addresses() {
    let main = main_tf(&convert("rules.yaml"));
    let eni = resource_block(&main, "aws_network_interface", "eni");
    assert!(
        eni.contains("private_ip_list         = [\"10.0.1.10\", \"10.0.1.11\"]"),
        "primary first: {eni}"
    );
    let assoc = resource_block(&main, "aws_eip_association", "address_on_secondary_ip");
    assert!(
        assoc.contains(
            "([for ip in aws_network_interface.eni.private_ips : ip if ip != aws_network_interface.eni.private_ip])[0]"
        ),
        "{assoc}"
    );
    let eip = resource_block(&main, "aws_eip", "address");
    assert!(eip.contains("domain = \"vpc\""), "{eip}");
}

#[test]
fn load_balancer_value_rules() {
    let main = main_tf(&convert("rules.yaml"));
    let classic = resource_block(&main, "aws_elb", "classic");
    assert!(classic.contains("internal = true"), "{classic}");
    assert!(
        classic.contains("instance_protocol = \"HTTP\""),
        "defaults to Protocol: {classic}"
    );
    let alb = resource_block(&main, "aws_lb", "alb");
    assert!(alb.contains("idle_timeout = 30"), "{alb}");
    let tg = resource_block(&main, "aws_lb_target_group", "targets");
    assert!(tg.contains("deregistration_delay = \"20\""), "{tg}");
    assert!(
        tg.contains("health_check {") && tg.contains("path     = \"/health\""),
        "{tg}"
    );
    let rule = resource_block(&main, "aws_lb_listener_rule", "api_rule");
    assert!(
        rule.contains("path_pattern {") && rule.contains("values = [\"/api/*\"]"),
        "{rule}"
    );
}

#[test]
fn ecs_container_definitions_use_the_ecs_json_casing() {
    let main = main_tf(&convert("rules.yaml"));
    let task = resource_block(&main, "aws_ecs_task_definition", "task");
    for expected in [
        "name      = \"web\"",
        "memory    = 256",
        "essential = true",
        "containerPort = 80",
        "logDriver = \"awslogs\"",
        "awslogs-group  = \"web\"",
        "family = \"${var.stack_name}-Task\"",
    ] {
        assert!(task.contains(expected), "{expected} missing in {task}");
    }
}

#[test]
fn scaling_policy_names_its_target_by_parts() {
    let main = main_tf(&convert("rules.yaml"));
    let policy = resource_block(&main, "aws_appautoscaling_policy", "service_scaling");
    assert!(
        policy.contains("resource_id        = aws_appautoscaling_target.service_target.resource_id"),
        "{policy}"
    );
    assert!(
        policy.contains("service_namespace  = aws_appautoscaling_target.service_target.service_namespace"),
        "{policy}"
    );
}

#[test]
fn wait_conditions_are_dropped_with_notes_and_literal_references() {
    let converted = convert("wait-condition.yaml");
    let main = main_tf(&converted);
    assert!(
        main.contains("# cfn2tf: DROPPED Handle (AWS::CloudFormation::WaitConditionHandle)"),
        "{main}"
    );
    assert!(
        main.contains("# cfn2tf: DROPPED Booted (AWS::CloudFormation::WaitCondition)"),
        "{main}"
    );
    let launch = resource_block(&main, "aws_launch_configuration", "launch");
    assert!(
        launch.contains("cfn-signal -e 0 ''"),
        "the handle's URL became \"\": {launch}"
    );
    let warnings: Vec<String> = converted.diagnostics.warnings().map(|w| format!("{w:?}")).collect();
    assert!(
        warnings.iter().filter(|w| w.contains("dropped")).count() >= 4,
        "each drop and each reference is a located warning: {warnings:#?}"
    );
}

#[test]
fn custom_resources_become_lambda_invocations_with_cloudformation_events() {
    let main = main_tf(&convert("rules.yaml"));
    let lookup = resource_block(&main, "aws_lambda_invocation", "lookup");
    assert!(lookup.contains("RequestType       = \"Create\""), "{lookup}");
    assert!(
        lookup.contains("Key          = aws_cloudformation_stack.child.outputs[\"Key\"]"),
        "{lookup}"
    );
    assert!(
        !lookup.contains("precondition"),
        "a literal Lambda ARN needs no check: {lookup}"
    );
    let from_parameter = resource_block(&main, "aws_lambda_invocation", "from_parameter");
    assert!(
        from_parameter.contains("precondition {"),
        "an unknown token is checked at plan: {from_parameter}"
    );
    let outputs = convert("rules.yaml").files["outputs.tf"].clone();
    assert!(
        outputs.contains("jsondecode(aws_lambda_invocation.lookup.result).Data.Value"),
        "{outputs}"
    );
    assert!(
        outputs.contains("\"${aws_appautoscaling_target.service_target.resource_id}|"),
        "Ref of a scalable target is CloudFormation's composite id: {outputs}"
    );
}

#[test]
fn sns_custom_resources_and_modules_are_refused_with_a_location() {
    let converted = convert("refused.yaml");
    let main = main_tf(&converted);
    assert!(!main.contains("resource \""), "nothing is converted: {main}");
    assert!(
        main.contains("# cfn2tf: UNSUPPORTED ViaTopic (Custom::Notify)"),
        "{main}"
    );
    assert!(
        main.contains("# cfn2tf: UNSUPPORTED Packaged (My::Organization::Network::MODULE)"),
        "{main}"
    );
    let warnings: Vec<String> = converted.diagnostics.warnings().map(|w| format!("{w:?}")).collect();
    assert!(
        warnings.iter().any(|w| w.contains("not a Lambda function ARN")),
        "{warnings:#?}"
    );
    assert!(
        warnings.iter().any(|w| w.contains("CloudFormation module")),
        "{warnings:#?}"
    );
}

fn convert_text(text: &str) -> cfn2tf::Converted {
    let file = cfn2tf::source::SourceFile::new("inline.yaml", text.to_string());
    cfn2tf::cfn_to_tf(&file).unwrap_or_else(|d| panic!("{d:?}"))
}

fn warnings(converted: &cfn2tf::Converted) -> Vec<String> {
    converted.diagnostics.warnings().map(|w| format!("{w:?}")).collect()
}

/// The provider's inline rules and rule resources of one group undo each other on every apply:
/// standalone rules become inline blocks of their group, a rule back to its own group `self`.
#[test]
fn standalone_rules_fold_into_their_group() {
    let converted = convert("split-security-group-rules.yaml");
    let main = main_tf(&converted);
    assert!(warnings(&converted).is_empty(), "{:#?}", warnings(&converted));
    let web = resource_block(&main, "aws_security_group", "web_group");
    assert!(
        web.contains("from_port = 8080") && web.contains("self      = true"),
        "{web}"
    );
    assert!(!web.contains("security_groups"), "{web}");
    let app = resource_block(&main, "aws_security_group", "app_group");
    assert!(
        app.contains("security_groups = [aws_security_group.web_group.id]")
            && app.contains("description     = \"app from web\""),
        "{app}"
    );
    for folded in ["web_from_itself", "app_from_web", "a_from_b"] {
        assert!(
            !main.contains(&format!("\"{folded}\"")),
            "{folded} is still a resource:\n{main}"
        );
    }
    assert!(main.contains("# cfn2tf: WebFromItself (AWS::EC2::SecurityGroupIngress) from split-security-group-rules.yaml:21 is an inline rule of aws_security_group.web_group"), "{main}");
    // Two groups that refer to each other: the second rule stays a resource (a cycle otherwise),
    // on a group with no inline ingress, which the provider then leaves alone.
    let peer_a = resource_block(&main, "aws_security_group", "peer_a");
    assert!(
        peer_a.contains("security_groups = [aws_security_group.peer_b.id]"),
        "{peer_a}"
    );
    let b_from_a = resource_block(&main, "aws_vpc_security_group_ingress_rule", "b_from_a");
    assert!(
        b_from_a.contains("referenced_security_group_id = aws_security_group.peer_a.id"),
        "{b_from_a}"
    );
    assert!(!resource_block(&main, "aws_security_group", "peer_b").contains("ingress"));
    assert_eq!(converted.stats.resources_converted, converted.stats.resources_total);
}

/// A standalone egress rule leaves AWS's default allow-all in place; an egress list of the
/// group's own replaces it.
#[test]
fn folded_egress_keeps_the_default_allow_all_only_without_egress_of_its_own() {
    let main = main_tf(&convert("split-security-group-egress.yaml"));
    let app = resource_block(&main, "aws_security_group", "app_group");
    assert!(
        app.contains("cidr_blocks = [\"0.0.0.0/0\"]") && app.contains("from_port   = 5432"),
        "{app}"
    );
    assert_eq!(app.matches("egress {").count(), 2, "{app}");
    let db = resource_block(&main, "aws_security_group", "db_group");
    assert_eq!(db.matches("egress {").count(), 2, "{db}");
    assert!(
        db.contains("security_groups = [aws_security_group.app_group.id]") && !db.contains("\"-1\""),
        "{db}"
    );
}

/// What cannot be folded next to inline rules of its direction is a located warning.
#[test]
fn a_rule_left_beside_inline_rules_is_a_located_warning() {
    let converted = convert_text(
        "Conditions:
  Never: !Equals [a, b]
Resources:
  Group:
    Type: AWS::EC2::SecurityGroup
    Properties:
      GroupDescription: web
      SecurityGroupIngress:
        - {IpProtocol: tcp, FromPort: 22, ToPort: 22, CidrIp: 10.0.0.0/8}
  Sometimes:
    Type: AWS::EC2::SecurityGroupIngress
    Condition: Never
    Properties:
      GroupId: !Ref Group
      IpProtocol: tcp
      FromPort: 80
      ToPort: 80
      CidrIp: 10.0.0.0/8
",
    );
    let w = warnings(&converted);
    assert!(
        w.iter()
            .any(|w| w.contains("mixed-rules") && w.contains("Sometimes") && w.contains("Condition")),
        "{w:#?}"
    );
    let main = main_tf(&converted);
    resource_block(&main, "aws_vpc_security_group_ingress_rule", "sometimes");
}

/// Something else naming a folded rule in `DependsOn` waits for its group instead.
#[test]
fn depends_on_a_folded_rule_waits_for_its_group() {
    let main = main_tf(&convert_text(
        "Resources:
  Group:
    Type: AWS::EC2::SecurityGroup
    Properties:
      GroupDescription: web
  FromItself:
    Type: AWS::EC2::SecurityGroupIngress
    Properties:
      GroupId: !GetAtt Group.GroupId
      IpProtocol: \"-1\"
      SourceSecurityGroupId: !GetAtt Group.GroupId
  Topic:
    Type: AWS::SNS::Topic
    DependsOn: FromItself
",
    ));
    let topic = resource_block(&main, "aws_sns_topic", "topic");
    assert!(topic.contains("depends_on = [aws_security_group.group]"), "{topic}");
    let group = resource_block(&main, "aws_security_group", "group");
    assert!(
        group.contains("self      = true") && group.contains("from_port = 0"),
        "{group}"
    );
}

/// `self = true` reads back as a standalone rule (inline, CloudFormation would see a circular
/// reference), and the round trip keeps the meaning.
#[test]
fn self_rules_reverse_to_standalone_rules_of_the_same_meaning() {
    let template = fixture("split-security-group-rules.yaml");
    let dir = convert_to_dir(&template);
    let back = dir.path().join("back.yaml");
    let o = run(cfn2tf().arg("convert").arg(dir.path().join("tf")).arg("-o").arg(&back));
    assert!(
        o.status.success() && text(&o.stderr).contains(" 0 warning(s)"),
        "{}",
        text(&o.stderr)
    );
    let yaml = std::fs::read_to_string(&back).unwrap();
    assert!(
        yaml.contains("WebGroupSelfIngress1:\n    Type: AWS::EC2::SecurityGroupIngress\n    Properties:\n      GroupId: !Ref WebGroup\n      SourceSecurityGroupId: !Ref WebGroup"),
        "{yaml}"
    );
    let o = run(cfn2tf().arg("diff").arg(&template).arg(&back));
    assert!(o.status.success(), "{}{}", text(&o.stdout), text(&o.stderr));
}

#[test]
fn convergence_labs_are_fmt_clean_and_valid() {
    let Some(tf) = terraform() else { return };
    for name in ["split-security-group-rules.yaml", "split-security-group-egress.yaml"] {
        let dir = convert_to_dir(&fixture(name));
        let out = dir.path().join("tf");
        tf.fmt_check(&out).unwrap_or_else(|e| panic!("{name}: {e}"));
        tf.validate(&out).unwrap_or_else(|e| panic!("{name}: {e}"));
    }
}

/// Convergence as a tested property: deployed from both sides, applied and re-planned empty.
#[test]
fn convergence_labs_deploy_equal_in_moto() {
    let Some(oracle) = oracle() else { return };
    let template = fixture("split-security-group-rules.yaml");
    let dir = convert_to_dir(&template);
    let verdict = equivalent(&oracle, &template, &dir.path().join("tf"), &[], &[])
        .unwrap_or_else(|e| panic!("split-security-group-rules.yaml is not equivalent:\n{e}"));
    assert!(verdict.contains("security_groups=5"), "{verdict}");
}

#[test]
fn rules_output_is_fmt_clean_and_valid() {
    let Some(tf) = terraform() else { return };
    let dir = convert_to_dir(&fixture("rules.yaml"));
    let out = dir.path().join("tf");
    tf.fmt_check(&out).unwrap();
    tf.validate(&out).unwrap();
}

/// Corpus networking templates whose parameters all have defaults and whose types moto
/// deploys; the others, and why, are listed in the README.
const EQUAL_IN_MOTO: &[&str] =
    &["awslabs__aws-cloudformation-templates__aws__solutions__PersistAZMapping__FindInMapAZs.yaml"];

#[test]
fn corpus_networks_deploy_equal_in_moto() {
    let Some(oracle) = oracle() else { return };
    for name in EQUAL_IN_MOTO {
        let template = corpus_template(name);
        let dir = convert_to_dir(&template);
        let verdict = equivalent(&oracle, &template, &dir.path().join("tf"), &[], &[])
            .unwrap_or_else(|e| panic!("{name} is not equivalent:\n{e}"));
        assert!(verdict.contains("nat_gateways=2"), "{verdict}");
    }
}
