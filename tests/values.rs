//! Value semantics declared in the mappings: each class converted from a snippet, the argument
//! asserted, and the output validated by terraform (skipped without it; required under CI=true).

mod common;

use cfn2tf::source::SourceFile;

fn convert(yaml: &str) -> (String, Vec<String>) {
    let file = SourceFile::new("values.yaml", yaml.to_string());
    let converted = cfn2tf::cfn_to_tf(&file).unwrap_or_else(|d| panic!("{:?}", d.items));
    let warnings = converted.diagnostics.items.iter().map(|d| d.message.clone()).collect();
    (
        converted.files.values().cloned().collect::<Vec<_>>().join("\n"),
        warnings,
    )
}

fn validates(yaml: &str) {
    let Some(tf) = common::terraform() else { return };
    let file = SourceFile::new("values.yaml", yaml.to_string());
    let converted = cfn2tf::cfn_to_tf(&file).unwrap();
    let dir = tempfile::tempdir().unwrap();
    for (name, body) in &converted.files {
        std::fs::write(dir.path().join(name), body).unwrap();
    }
    if let Err(e) = tf.validate(dir.path()) {
        panic!("terraform validate failed:\n{e}");
    }
}

const LOWER_CASE: &str = "
Parameters:
  Name: { Type: String }
Resources:
  Db:
    Type: AWS::RDS::DBInstance
    Properties:
      DBInstanceIdentifier: MyDatabase
      DBSubnetGroupName: !Ref Name
      Engine: mysql
      DBInstanceClass: db.t3.micro
      AllocatedStorage: '20'
      MasterUsername: admin
      MasterUserPassword: secretsecret
  Entry:
    Type: AWS::EC2::NetworkAclEntry
    Properties:
      NetworkAclId: acl-12345678
      RuleNumber: 100
      Protocol: -1
      RuleAction: Allow
      CidrBlock: 0.0.0.0/0
";

#[test]
fn identifiers_cloudformation_lower_cases_are_written_lower_case() {
    let (hcl, _) = convert(LOWER_CASE);
    assert!(hcl.contains(r#"identifier           = "mydatabase""#), "{hcl}");
    assert!(hcl.contains("db_subnet_group_name = lower(var.name)"), "{hcl}");
    assert!(hcl.contains(r#"rule_action    = "allow""#), "{hcl}");
    validates(LOWER_CASE);
}

#[test]
fn reverse_reads_the_lower_casing_back_as_the_plain_value() {
    let dir = tempfile::tempdir().unwrap();
    let tf = dir.path().join("main.tf");
    std::fs::write(
        &tf,
        "variable \"name\" {\n  type = string\n}\n\nresource \"aws_db_subnet_group\" \"group\" {\n  name       = lower(var.name)\n  subnet_ids = [\"subnet-1\"]\n}\n",
    )
    .unwrap();
    let out = common::run(common::cfn2tf().arg("convert").arg(&tf));
    let text = common::text(&out.stdout);
    assert!(
        text.contains("DBSubnetGroupName: !Ref Name"),
        "{text}\n{}",
        common::text(&out.stderr)
    );
}

const TWO_PROPERTIES_ONE_ARGUMENT: &str = "
Resources:
  Group:
    Type: AWS::EC2::SecurityGroup
    Properties:
      GroupDescription: web
      SecurityGroupIngress:
        - IpProtocol: tcp
          FromPort: 80
          ToPort: 80
          SourceSecurityGroupId: sg-12345678
          SourceSecurityGroupName: other
";

#[test]
fn a_second_property_of_the_same_argument_is_reported_not_written_twice() {
    let (hcl, warnings) = convert(TWO_PROPERTIES_ONE_ARGUMENT);
    assert_eq!(hcl.matches("security_groups =").count(), 1, "{hcl}");
    assert!(
        warnings
            .iter()
            .any(|w| w.contains("SourceSecurityGroupName") && w.contains("already set")),
        "{warnings:?}"
    );
    validates(TWO_PROPERTIES_ONE_ARGUMENT);
}

const STICKINESS: &str = "
Resources:
  Listener:
    Type: AWS::ElasticLoadBalancingV2::Listener
    Properties:
      LoadBalancerArn: arn:aws:elasticloadbalancing:us-east-1:123456789012:loadbalancer/app/a/1
      Port: 80
      Protocol: HTTP
      DefaultActions:
        - Type: forward
          ForwardConfig:
            TargetGroups:
              - TargetGroupArn: arn:aws:elasticloadbalancing:us-east-1:123456789012:targetgroup/t/1
            TargetGroupStickinessConfig:
              Enabled: false
";

#[test]
fn the_stickiness_duration_the_provider_requires_is_written() {
    let (hcl, _) = convert(STICKINESS);
    assert!(hcl.contains("duration = 3600"), "{hcl}");
    validates(STICKINESS);
}

const KEYED_CONDITIONS: &str = "
Resources:
  Rule:
    Type: AWS::ElasticLoadBalancingV2::ListenerRule
    Properties:
      ListenerArn: arn:aws:elasticloadbalancing:us-east-1:123456789012:listener/app/a/1/2
      Priority: 1
      Actions:
        - Type: forward
          TargetGroupArn: arn:aws:elasticloadbalancing:us-east-1:123456789012:targetgroup/t/1
      Conditions:
        - Field: http-header
          HttpHeaderConfig:
            HttpHeaderName: X-Env
            Values: [blue]
        - Field: query-string
          QueryStringConfig:
            Values:
              - Key: version
                Value: v2
              - Value: beta
";

#[test]
fn header_and_query_string_conditions_keep_their_keys() {
    let (hcl, warnings) = convert(KEYED_CONDITIONS);
    assert!(hcl.contains(r#"http_header_name = "X-Env""#), "{hcl}");
    assert!(hcl.contains(r#"key   = "version""#), "{hcl}");
    assert_eq!(hcl.matches("query_string {").count(), 2, "{hcl}");
    assert!(warnings.iter().all(|w| !w.contains("Conditions")), "{warnings:?}");
    validates(KEYED_CONDITIONS);
}

const DEFAULT_INSTANCE_TYPE: &str = "
Resources:
  Plain:
    Type: AWS::EC2::Instance
    Properties:
      ImageId: ami-12345678
  FromTemplate:
    Type: AWS::EC2::Instance
    Properties:
      LaunchTemplate:
        LaunchTemplateId: lt-12345678
        Version: '1'
";

/// `absent`: CloudFormation's default the provider requires is written when the template is
/// silent (EC2's m1.small), not when another property supplies it (a launch template), and
/// reads back as no property.
#[test]
fn a_default_the_provider_requires_is_written_when_the_template_is_silent() {
    let (hcl, _) = convert(DEFAULT_INSTANCE_TYPE);
    let plain = hcl.split("resource \"aws_instance\" \"plain\"").nth(1).unwrap();
    let plain = plain.split("\n}").next().unwrap();
    assert!(plain.contains("instance_type = \"m1.small\""), "{hcl}");
    let from_template = hcl.split("resource \"aws_instance\" \"from_template\"").nth(1).unwrap();
    let from_template = from_template.split("\n}").next().unwrap();
    assert!(!from_template.contains("instance_type"), "{hcl}");
    validates(DEFAULT_INSTANCE_TYPE);

    let dir = tempfile::tempdir().unwrap();
    std::fs::write(dir.path().join("main.tf"), &hcl).unwrap();
    let out = common::run(common::cfn2tf().arg("convert").arg(dir.path().join("main.tf")));
    let text = common::text(&out.stdout);
    assert!(out.status.success(), "{}", common::text(&out.stderr));
    assert!(
        text.contains("ImageId: ami-12345678") && !text.contains("InstanceType"),
        "{text}"
    );
}

const DYNAMIC_REFERENCES: &str = "
Parameters:
  Secret: { Type: String }
Resources:
  Instance:
    Type: AWS::EC2::Instance
    Properties:
      ImageId: '{{resolve:ssm:/aws/service/ami-amazon-linux-latest/al2023-ami-kernel-6.1-x86_64}}'
      InstanceType: t3.micro
  Db:
    Type: AWS::RDS::DBInstance
    Properties:
      Engine: mysql
      DBInstanceClass: db.t3.micro
      AllocatedStorage: '20'
      MasterUsername: admin
      MasterUserPassword: !Sub '{{resolve:secretsmanager:${Secret}:SecretString:password}}'
";

/// A dynamic reference is resolved by CloudFormation at deploy time: Terraform would pass the
/// text on, so each is a located warning and a marker in the output, never silent.
#[test]
fn dynamic_references_are_reported_where_they_are() {
    let (hcl, warnings) = convert(DYNAMIC_REFERENCES);
    let dynamic: Vec<&String> = warnings.iter().filter(|w| w.contains("dynamic reference")).collect();
    assert_eq!(dynamic.len(), 2, "{warnings:#?}");
    assert!(
        dynamic[0].contains("resolve:ssm:") && dynamic[0].contains("aws_ssm_parameter"),
        "{dynamic:?}"
    );
    assert!(
        dynamic[1].contains("resolve:secretsmanager:") && dynamic[1].contains("aws_secretsmanager_secret_version"),
        "{dynamic:?}"
    );
    assert_eq!(hcl.matches("# cfn2tf: `{{resolve:").count(), 2, "{hcl}");
}
