//! Terraform -> CloudFormation: `count`, `for_each` and `dynamic` over collections known at
//! conversion time are written out, one resource (or nested block) per element, with logical IDs
//! from the address (`Private0`, `PublicSubnetPublicA`) and the references rewritten; what depends
//! on a parameter, or makes too many copies, is a located error.

mod common;
use common::*;
use std::path::{Path, PathBuf};

fn iterate_dir() -> PathBuf {
    repo_root().join("tests/reverse-ok/iterate")
}

fn reversed(path: &Path) -> cfn2tf::reverse::Reversed {
    cfn2tf::reverse::load_path(path)
        .unwrap_or_else(|f| panic!("{}", cfn2tf::reverse::render_findings(&f.findings, &f.sources, false)))
}

fn yaml_of(path: &Path) -> String {
    let r = reversed(path);
    cfn2tf::reverse::to_yaml(&r.template, &r.notes)
}

/// The YAML of one resource: from its `  Id:` line to the next resource's.
fn resource_text<'y>(yaml: &'y str, id: &str) -> &'y str {
    let start = yaml
        .find(&format!("\n  {id}:\n"))
        .unwrap_or_else(|| panic!("no resource {id} in\n{yaml}"));
    let rest = &yaml[start + 1..];
    let end = rest[1..].find("\n\n").map(|e| e + 1).unwrap_or(rest.len());
    &rest[..end]
}

#[test]
fn copies_get_logical_ids_from_their_address() {
    let r = reversed(&iterate_dir());
    let ids: Vec<&str> = r.template.resources.keys().map(String::as_str).collect();
    assert_eq!(
        ids,
        [
            "Main",
            "PublicSubnetPublicA",
            "PublicSubnetPublicB",
            "PrivateSubnet0",
            "PrivateSubnet1",
            "PrivateSubnet2",
            "PrivateRouteTable0",
            "PrivateRouteTable1",
            "PrivateRouteTable2",
            "PrivateSubnetRouteTableAssociation0",
            "PrivateSubnetRouteTableAssociation1",
            "PrivateSubnetRouteTableAssociation2",
            "PublicRouteTablePublicA",
            "PublicRouteTablePublicB",
            "Nat0",
            "Nat1",
            "TierApi",
            "TierWeb",
        ]
    );
    // Each copy points at its own Terraform block.
    assert_eq!(r.origins["PrivateSubnet2"].line, r.origins["PrivateSubnet0"].line);
}

#[test]
fn count_index_and_each_are_read_inside_each_copy() {
    let yaml = yaml_of(&iterate_dir());
    // for_each over a map of objects: each.value.attr and each.key.
    let public_b = resource_text(&yaml, "PublicSubnetPublicB");
    assert!(public_b.contains("CidrBlock: 10.0.2.0/24"), "{public_b}");
    assert!(public_b.contains("AvailabilityZone: eu-west-1b"), "{public_b}");
    assert!(public_b.contains("Value: !Sub '${Env}-public-b'"), "{public_b}");
    // count over length(local list): count.index.
    let private = resource_text(&yaml, "PrivateSubnet1");
    assert!(private.contains("CidrBlock: 10.0.11.0/24"), "{private}");
    assert!(private.contains("Value: private-1"), "{private}");
    // x[count.index] of other repeated resources.
    let association = resource_text(&yaml, "PrivateSubnetRouteTableAssociation2");
    assert!(association.contains("SubnetId: !Ref PrivateSubnet2"), "{association}");
    assert!(
        association.contains("RouteTableId: !Ref PrivateRouteTable2"),
        "{association}"
    );
    // for_each over another resource's copies: each.value is the copy.
    let table = resource_text(&yaml, "PublicRouteTablePublicA");
    assert!(table.contains("Value: !Ref PublicSubnetPublicA"), "{table}");
    // c ? n : 0 with c a bool parameter: n copies under its condition.
    for id in ["Nat0", "Nat1"] {
        assert!(resource_text(&yaml, id).contains("Condition: CreateNat"), "{yaml}");
    }
    // for_each over a set: each.key; a dynamic block over a local list, with an iterator.
    let web = resource_text(&yaml, "TierWeb");
    assert!(web.contains("GroupName: web-sg"), "{web}");
    assert!(web.contains("- FromPort: 80\n          ToPort: 80"), "{web}");
    assert!(web.contains("- FromPort: 443\n          ToPort: 443"), "{web}");
}

#[test]
fn references_from_outside_read_the_copies() {
    let yaml = yaml_of(&iterate_dir());
    let outputs = &yaml[yaml.find("\nOutputs:").expect("outputs")..];
    for expected in [
        // x[*].id
        "PrivateIds:\n    Value: !Join [',', [!Ref PrivateSubnet0, !Ref PrivateSubnet1, !Ref PrivateSubnet2]]",
        // [for s in x : s.id] over a for_each resource, in key order.
        "PublicIds:\n    Value: !Join [',', [!Ref PublicSubnetPublicA, !Ref PublicSubnetPublicB]]",
        // values(x)[0]
        "FirstPublic:\n    Value: !Ref PublicSubnetPublicA",
        // x[\"key\"]
        "WebGroup:\n    Value: !Ref TierWeb",
        // values(x)[*].id
        "PublicRouteTables:\n    Value: !Join [',', [!Ref PublicRouteTablePublicA, !Ref PublicRouteTablePublicB]]",
    ] {
        assert!(outputs.contains(expected), "{expected}\nin\n{outputs}");
    }
}

/// The diff writes the copies out the same way, so the configuration and its template compare
/// as the same meaning; the template lints clean.
#[test]
fn written_out_copies_diff_as_the_same_meaning_and_lint_clean() {
    let dir = tempfile::tempdir().unwrap();
    let back = dir.path().join("back.yaml");
    let o = run(cfn2tf().arg("convert").arg(iterate_dir()).arg("-o").arg(&back));
    assert_eq!(o.status.code(), Some(0), "{}", text(&o.stderr));
    let o = run(cfn2tf().arg("diff").arg(iterate_dir()).arg(&back));
    assert_eq!(o.status.code(), Some(0), "{}{}", text(&o.stdout), text(&o.stderr));
    if let Some(lint) = cfn_lint() {
        cfn_check(&lint, &back).unwrap_or_else(|e| panic!("cfn-lint:\n{e}"));
    }
}

#[test]
fn an_empty_collection_drops_the_resource_with_a_located_warning() {
    let dir = tempfile::tempdir().unwrap();
    std::fs::write(
        dir.path().join("main.tf"),
        r#"variable "extra" {
  type    = map(string)
  default = {}
}

resource "aws_vpc" "main" {
  cidr_block = "10.0.0.0/16"
}

resource "aws_subnet" "extra" {
  for_each   = var.extra
  vpc_id     = aws_vpc.main.id
  cidr_block = each.value
}

output "extra_ids" {
  value = join(",", values(aws_subnet.extra)[*].id)
}
"#,
    )
    .unwrap();
    let r = reversed(dir.path());
    assert_eq!(r.template.resources.keys().collect::<Vec<_>>(), ["Main"]);
    let dropped: Vec<String> = r
        .findings
        .iter()
        .filter(|f| f.diagnostic.code == "reverse::no-copies")
        .map(|f| {
            let line = r.sources[f.source].line_col(f.diagnostic.span.unwrap().start).line;
            format!("{line}: {}", f.diagnostic.message)
        })
        .collect();
    assert_eq!(
        dropped,
        [
            "11: aws_subnet.extra has no copies at the variables' defaults (for_each is empty): it is not in the template"
        ]
    );
}

fn bad(name: &str) -> PathBuf {
    repo_root().join("tests/reverse-bad").join(name)
}

fn expect_error(file: &str, location: &str, words: &[&str]) {
    let dir = tempfile::tempdir().unwrap();
    let out = dir.path().join("x.yaml");
    let o = run(cfn2tf().arg("convert").arg(bad(file)).arg("-o").arg(&out));
    let err = text(&o.stderr);
    assert_eq!(o.status.code(), Some(2), "{file}: {err}");
    assert!(
        err.contains(&format!("{file}:{location}: error")),
        "{file}: located at {location}: {err}"
    );
    for w in words {
        assert!(err.contains(w), "{file}: says `{w}`: {err}");
    }
    assert!(!out.exists(), "{file}: nothing is written");
}

#[test]
fn a_count_of_a_parameter_is_a_located_error_that_says_why() {
    expect_error(
        "count.tf",
        "2:3",
        &[
            "count = var.copies, which depends on var.copies, a parameter known only at deploy time",
            "does not write Fn::ForEach",
        ],
    );
}

#[test]
fn a_huge_count_is_a_bounded_located_error() {
    let started = std::time::Instant::now();
    expect_error(
        "count_huge.tf",
        "2:3",
        &["count = 100000, which is 100000 copies: a template holds at most 500 resources"],
    );
    assert!(started.elapsed().as_secs() < 30, "bounded: {:?}", started.elapsed());
}

#[test]
fn a_copy_that_does_not_exist_is_a_located_error() {
    expect_error(
        "copy_missing.tf",
        "7:3",
        &["aws_eip.pair[2] does not exist at the variables' defaults"],
    );
}

#[test]
fn a_dynamic_block_over_a_parameter_is_a_located_error() {
    expect_error(
        "dynamic_parameter.tf",
        "4:5",
        &["dynamic \"ingress\" has for_each = var.ports, which depends on var.ports, a parameter"],
    );
}

/// `dynamic` over `c ? [x] : []` (or `c ? [] : [x]`) with `c` a parameter is the block under
/// `Fn::If`, its content read with the one element.
#[test]
fn a_dynamic_block_under_a_parameter_condition_is_fn_if() {
    let dir = tempfile::tempdir().unwrap();
    std::fs::write(
        dir.path().join("main.tf"),
        r#"variable "closed" {
  type    = bool
  default = false
}

resource "aws_security_group" "web" {
  description = "web"
  dynamic "ingress" {
    for_each = var.closed ? [] : [443]
    content {
      from_port   = ingress.value
      to_port     = ingress.value
      protocol    = "tcp"
      cidr_blocks = ["0.0.0.0/0"]
    }
  }
  egress {
    from_port   = 0
    to_port     = 0
    protocol    = "-1"
    cidr_blocks = ["10.0.0.0/8"]
  }
}
"#,
    )
    .unwrap();
    let yaml = yaml_of(dir.path());
    assert!(
        yaml.contains(
            "- !If [Closed, !Ref AWS::NoValue, {FromPort: 443, ToPort: 443, IpProtocol: tcp, CidrIp: 0.0.0.0/0}]"
        ),
        "{yaml}"
    );
}
