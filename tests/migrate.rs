//! Migrating a live stack: deploy the seed with CloudFormation into moto, `cfn2tf migrate
//! --stack` against it, then `terraform plan` on the output against the same moto must import
//! every resource and change nothing.

mod common;
use common::*;
use std::path::{Path, PathBuf};
use std::process::Command;

/// A moto server of the oracle's, stopped when dropped.
struct Moto {
    oracle: PathBuf,
    port: u16,
    state: tempfile::TempDir,
}

impl Moto {
    fn start(oracle: &Path) -> Moto {
        let port = std::net::TcpListener::bind("127.0.0.1:0")
            .unwrap()
            .local_addr()
            .unwrap()
            .port();
        let state = tempfile::tempdir().unwrap();
        let out = run(Command::new("bash")
            .arg(oracle.join("moto-up.sh"))
            .arg(port.to_string())
            .env("ORACLE_STATE_DIR", state.path()));
        assert!(out.status.success(), "moto did not start: {}", text(&out.stdout));
        Moto {
            oracle: oracle.to_path_buf(),
            port,
            state,
        }
    }

    fn endpoint(&self) -> String {
        format!("http://127.0.0.1:{}", self.port)
    }

    /// The environment that points the AWS SDK, the CLI and the provider at this moto only.
    fn env(&self, cmd: &mut Command) {
        cmd.env("AWS_ENDPOINT_URL", self.endpoint())
            .env("AWS_ACCESS_KEY_ID", "testing")
            .env("AWS_SECRET_ACCESS_KEY", "testing")
            .env("AWS_REGION", REGION)
            .env("AWS_DEFAULT_REGION", REGION)
            .env("AWS_EC2_METADATA_DISABLED", "true")
            .env("AWS_CONFIG_FILE", "/dev/null")
            .env("AWS_SHARED_CREDENTIALS_FILE", "/dev/null")
            .env_remove("AWS_PROFILE");
    }
}

impl Drop for Moto {
    fn drop(&mut self) {
        let _ = Command::new("bash")
            .arg(self.oracle.join("moto-down.sh"))
            .arg(self.port.to_string())
            .env("ORACLE_STATE_DIR", self.state.path())
            .output();
    }
}

const REGION: &str = "ap-northeast-2";

fn oracle_dir() -> Option<PathBuf> {
    oracle().map(|script| script.parent().unwrap().to_path_buf())
}

#[test]
fn seed_stack_migrates_with_imports_only() {
    let Some(oracle) = oracle_dir() else { return };
    let template = repo_root().join("samples/gateway-endpoint/gateway-endpoint.yaml");
    let moto = Moto::start(&oracle);

    let deployed = run(Command::new("python3")
        .arg(oracle.join("deploy-cfn.py"))
        .arg(&template)
        .args([
            "--param",
            "KeyName=lab-key",
            "--stack-name",
            "lab-stack",
            "--region",
            REGION,
        ])
        .args(["--endpoint", &moto.endpoint()]));
    assert!(deployed.status.success(), "deploy failed: {}", text(&deployed.stdout));

    let work = tempfile::tempdir().unwrap();
    let out = work.path().join("tf");
    let mut migrate = cfn2tf();
    migrate
        .args(["migrate", "--stack", "lab-stack", "--region", REGION, "-o"])
        .arg(&out);
    moto.env(&mut migrate);
    let migrated = run(&mut migrate);
    assert!(migrated.status.success(), "migrate failed: {}", text(&migrated.stderr));
    for f in [
        "main.tf",
        "imports.tf",
        "terraform.tfvars",
        "retain.yaml",
        "MIGRATION.md",
    ] {
        assert!(out.join(f).is_file(), "{f} is written");
    }
    let tfvars = std::fs::read_to_string(out.join("terraform.tfvars")).unwrap();
    assert!(tfvars.contains("key_name = \"lab-key\""), "{tfvars}");

    let rc = terraform_rc(work.path());
    let tf = |args: &[&str]| {
        let mut cmd = Command::new("terraform");
        cmd.args(args)
            .current_dir(&out)
            .env("TF_CLI_CONFIG_FILE", &rc)
            .env("CHECKPOINT_DISABLE", "1");
        moto.env(&mut cmd);
        run(&mut cmd)
    };
    let init = tf(&["init", "-input=false", "-no-color"]);
    assert!(init.status.success(), "init: {}", text(&init.stdout));
    let plan = tf(&["plan", "-input=false", "-no-color"]);
    let plan_text = text(&plan.stdout);
    assert!(plan.status.success(), "plan failed:\n{plan_text}{}", text(&plan.stderr));
    assert!(
        plan_text.contains("Plan: 14 to import, 0 to add, 0 to change, 0 to destroy."),
        "the plan must only import:\n{plan_text}"
    );
    let guide = std::fs::read_to_string(out.join("MIGRATION.md")).unwrap();
    assert!(
        guide.contains("Plan: 14 to import, 0 to add, 0 to change, 0 to destroy."),
        "{guide}"
    );
    assert!(!guide.contains("## Not imported"), "{guide}");
}

#[test]
fn offline_form_builds_import_ids_from_saved_cli_output() {
    let work = tempfile::tempdir().unwrap();
    let resources = work.path().join("resources.json");
    std::fs::write(
        &resources,
        r#"{"StackResources": [
            {"StackName": "lab", "LogicalResourceId": "CloudNetaVPC", "PhysicalResourceId": "vpc-1", "ResourceType": "AWS::EC2::VPC"},
            {"StackName": "lab", "LogicalResourceId": "CloudNetaIGW", "PhysicalResourceId": "igw-1", "ResourceType": "AWS::EC2::InternetGateway"},
            {"StackName": "lab", "LogicalResourceId": "CloudNetaIGWAttachment", "PhysicalResourceId": "lab-Cloud-1", "ResourceType": "AWS::EC2::VPCGatewayAttachment"},
            {"StackName": "lab", "LogicalResourceId": "CloudNetaPublicRT", "PhysicalResourceId": "rtb-1", "ResourceType": "AWS::EC2::RouteTable"},
            {"StackName": "lab", "LogicalResourceId": "CloudNetaPublicSN", "PhysicalResourceId": "subnet-1", "ResourceType": "AWS::EC2::Subnet"},
            {"StackName": "lab", "LogicalResourceId": "DefaultPublicRoute", "PhysicalResourceId": "lab-Defau-1", "ResourceType": "AWS::EC2::Route"},
            {"StackName": "lab", "LogicalResourceId": "CloudNetaPublicSNRouteTableAssociation", "PhysicalResourceId": "rtbassoc-1", "ResourceType": "AWS::EC2::SubnetRouteTableAssociation"}
        ]}"#,
    )
    .unwrap();
    let params = work.path().join("stacks.json");
    std::fs::write(
        &params,
        r#"{"Stacks": [{"StackName": "lab", "Parameters": [{"ParameterKey": "KeyName", "ParameterValue": "k"}, {"ParameterKey": "ImageId", "ParameterValue": "ami-1"}]}]}"#,
    )
    .unwrap();
    let out = work.path().join("tf");
    let o = run(cfn2tf()
        .arg("migrate")
        .arg(repo_root().join("samples/gateway-endpoint/gateway-endpoint.yaml"))
        .arg("--resources")
        .arg(&resources)
        .arg("--parameters")
        .arg(&params)
        .arg("-o")
        .arg(&out));
    assert!(o.status.success(), "{}", text(&o.stderr));
    let imports = std::fs::read_to_string(out.join("imports.tf")).unwrap();
    for (to, id) in [
        ("aws_vpc.cloud_neta_vpc", "vpc-1"),
        (
            "aws_internet_gateway_attachment.cloud_neta_igw_attachment",
            "igw-1:vpc-1",
        ),
        ("aws_route.default_public_route", "rtb-1_0.0.0.0/0"),
        (
            "aws_route_table_association.cloud_neta_public_sn_route_table_association",
            "subnet-1/rtb-1",
        ),
    ] {
        assert!(
            imports.contains(&format!("to = {to}\n  id = \"{id}\"")),
            "{to} <- {id}:\n{imports}"
        );
    }
    let guide = std::fs::read_to_string(out.join("MIGRATION.md")).unwrap();
    assert!(
        guide.contains("`CloudNetaPrivateRT`: the stack lists no physical resource for it"),
        "{guide}"
    );
    let tfvars = std::fs::read_to_string(out.join("terraform.tfvars")).unwrap();
    assert!(tfvars.contains("image_id = \"ami-1\""), "{tfvars}");
}

#[test]
fn retain_template_keeps_the_text_and_passes_cfn_lint() {
    let template = repo_root().join("samples/gateway-endpoint/gateway-endpoint.yaml");
    let file = cfn2tf::source::SourceFile::new("t.yaml", std::fs::read_to_string(&template).unwrap());
    let root = cfn2tf::parse::parse_template_text(&file, Default::default()).unwrap();
    let retained = cfn2tf::migrate::retain_template(&file, &root);
    assert_eq!(retained.matches("DeletionPolicy: Retain").count(), 14);
    assert_eq!(retained.matches("UpdateReplacePolicy: Retain").count(), 14);
    assert!(
        retained.contains("CloudNetaVPC: # VPC\n    DeletionPolicy: Retain\n"),
        "{retained}"
    );
    // Comments survive: only the two lines per resource were added.
    assert_eq!(retained.lines().count(), file.text.lines().count() + 28);
    let Some(shared) = shared_dir() else {
        available("../shared/oracle/cfn-check.sh", false);
        return;
    };
    if !available(
        "cfn-lint",
        Command::new("cfn-lint")
            .arg("--version")
            .output()
            .is_ok_and(|o| o.status.success()),
    ) {
        return;
    }
    let dir = tempfile::tempdir().unwrap();
    let path = dir.path().join("retain.yaml");
    std::fs::write(&path, &retained).unwrap();
    let o = run(Command::new("bash").arg(shared.join("oracle/cfn-check.sh")).arg(&path));
    assert!(o.status.success(), "cfn-lint: {}", text(&o.stdout));
}
