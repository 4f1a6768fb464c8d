//! Hand-written Terraform leaves to the provider what CloudFormation requires, refers to
//! resources by `id` where the provider's id is not what `Ref` returns, and writes older
//! spellings: the reverse direction writes the provider's values (`provider_default` in the
//! mappings), the attribute the id equals (the mappings' `id`) and the current spelling
//! (`tf::current_spelling`), cfn-lint accepts the result, and the diff reads both as one meaning.

mod common;

use cfn2tf::model::{ExprKind, RefTarget};
use common::*;

fn fixture() -> std::path::PathBuf {
    repo_root().join("tests/reverse-ok/provider-values")
}

#[test]
fn provider_values_and_ids_read_back_as_cloudformation_needs_them() {
    let r = cfn2tf::reverse::load_path(&fixture())
        .unwrap_or_else(|f| panic!("{}", cfn2tf::reverse::render_findings(&f.findings, &f.sources, false)));
    let t = &r.template;
    let property = |id: &str, name: &str| {
        t.resources[id]
            .property(name)
            .unwrap_or_else(|| panic!("{id} has no {name}"))
            .value
            .kind
            .clone()
    };
    assert_eq!(
        property("WebSecurityGroup", "GroupDescription"),
        ExprKind::String("Managed by Terraform".into())
    );
    assert_eq!(
        property("Db", "DBSubnetGroupDescription"),
        ExprKind::String("Managed by Terraform".into())
    );
    let ExprKind::List(vpcs) = property("Internal", "VPCs") else {
        panic!("VPCs is not a list")
    };
    let ExprKind::Map(vpc) = &vpcs[0].kind else {
        panic!("a VPC is not a map")
    };
    let region = vpc.iter().find(|(k, _, _)| k == "VPCRegion").map(|(_, _, v)| &v.kind);
    assert!(
        matches!(
            region,
            Some(ExprKind::Ref(RefTarget::Pseudo(cfn2tf::model::Pseudo::Region)))
        ),
        "{region:?}"
    );
    // aws_eip.nat.id is the allocation id; aws_ecs_cluster.apps.id its ARN; a role's id its name.
    assert_eq!(
        property("NatNatGateway", "AllocationId"),
        ExprKind::GetAtt {
            resource: "NatEIP".into(),
            attribute: "AllocationId".into()
        }
    );
    assert_eq!(
        t.outputs["Cluster"].value.kind,
        ExprKind::GetAtt {
            resource: "Apps".into(),
            attribute: "Arn".into()
        }
    );
    assert_eq!(
        t.outputs["Role"].value.kind,
        ExprKind::Ref(RefTarget::Resource("Task".into()))
    );

    // Older spellings read as the current ones: `vpc = true`, routes in attribute syntax.
    assert_eq!(property("NatEIP", "Domain"), ExprKind::String("vpc".into()));
    let route = t
        .resources
        .values()
        .find(|r| r.type_name == "AWS::EC2::Route")
        .expect("the inline route in attribute syntax is a route");
    assert!(route.property("NatGatewayId").is_none(), "\"\" is unset: {route:?}");
    assert!(route.property("GatewayId").is_some(), "{route:?}");
    // An AMI lookup is a parameter CloudFormation checks as an image id.
    assert_eq!(t.parameters["AmiUbuntuId"].type_name, "AWS::EC2::Image::Id");
    assert_eq!(t.resources["Demo"].type_name, "AWS::EKS::Cluster");
    assert_eq!(t.resources["General"].type_name, "AWS::EKS::Nodegroup");

    let dir = tempfile::tempdir().unwrap();
    let back = dir.path().join("back.yaml");
    std::fs::write(&back, cfn2tf::reverse::to_yaml(t, &r.notes)).unwrap();
    if let Some(lint) = cfn_lint() {
        cfn_check(&lint, &back).unwrap_or_else(|e| panic!("cfn-lint:\n{e}"));
    }
    let diff = run(cfn2tf().arg("diff").arg(fixture()).arg(&back));
    assert!(diff.status.success(), "{}{}", text(&diff.stdout), text(&diff.stderr));
}

#[test]
fn the_diff_reads_a_reference_by_id_as_the_attribute_it_equals() {
    let dir = tempfile::tempdir().unwrap();
    let write = |name: &str, allocation: &str, description: &str| {
        let d = dir.path().join(name);
        std::fs::create_dir(&d).unwrap();
        std::fs::write(
            d.join("main.tf"),
            format!(
                "resource \"aws_eip\" \"ip\" {{\n  domain = \"vpc\"\n}}\n\nresource \"aws_nat_gateway\" \"nat\" {{\n  allocation_id = {allocation}\n  subnet_id     = \"subnet-1\"\n}}\n\nresource \"aws_security_group\" \"sg\" {{\n  vpc_id = \"vpc-1\"\n{description}}}\n"
            ),
        )
        .unwrap();
        d
    };
    let by_id = write("by-id", "aws_eip.ip.id", "");
    let by_attribute = write(
        "by-attribute",
        "aws_eip.ip.allocation_id",
        "  description = \"Managed by Terraform\"\n",
    );
    let other = write("other", "aws_eip.ip.public_ip", "  description = \"web\"\n");
    let same = run(cfn2tf().arg("diff").arg(&by_id).arg(&by_attribute));
    assert!(same.status.success(), "{}", text(&same.stdout));
    let differs = run(cfn2tf().arg("diff").arg(&by_id).arg(&other));
    assert_eq!(differs.status.code(), Some(1), "{}", text(&differs.stdout));
    let out = text(&differs.stdout);
    assert!(out.contains("allocation_id") && out.contains("description"), "{out}");
}
