//! `cfn2tf graph` and `diff --html`: the picture's model and Mermaid text for the seed lab and a
//! peering lab (golden), what the seed's picture must show, the diff picture's losses and
//! gains, and the command line's handling of output files and bad input.

mod common;

use cfn2tf::diff::{Options, intent_of};
use cfn2tf::graph::{EdgeKind, Network, NodeKind, Status, diff_network, mermaid, network, svg};
use common::{cfn2tf, repo_root, run, text};
use std::path::PathBuf;

fn seed() -> PathBuf {
    repo_root().join("samples/gateway-endpoint/gateway-endpoint.yaml")
}

fn fixture(name: &str) -> PathBuf {
    repo_root().join("tests/graph").join(name)
}

fn picture(path: &std::path::Path) -> Network {
    network(&intent_of(path, &Options::default(), false).expect("the input loads"))
}

fn node<'a>(net: &'a Network, id: &str) -> &'a cfn2tf::graph::Node {
    net.nodes.iter().find(|n| n.id == id).unwrap_or_else(|| {
        panic!(
            "no node {id} in {:#?}",
            net.nodes.iter().map(|n| &n.id).collect::<Vec<_>>()
        )
    })
}

fn routes<'a>(net: &'a Network, from: &str, to: &str) -> Vec<&'a cfn2tf::graph::Edge> {
    net.edges
        .iter()
        .filter(|e| e.from == from && e.to == to && e.kind == EdgeKind::Route)
        .collect()
}

#[test]
fn seed_model_and_mermaid() {
    let net = picture(&seed());
    insta::assert_snapshot!("seed-model", serde_json::to_string_pretty(&net).unwrap());
    insta::assert_snapshot!("seed-mermaid", mermaid::render(&net));
}

#[test]
fn peering_lab_model_and_mermaid() {
    let net = picture(&fixture("peering-lab.yaml"));
    insta::assert_snapshot!("peering-model", serde_json::to_string_pretty(&net).unwrap());
    insta::assert_snapshot!("peering-mermaid", mermaid::render(&net));
}

/// The issue's "done when" for the seed: both subnets, both route tables, the IGW route and
/// the S3 endpoint serving both tables.
#[test]
fn seed_picture_shows_the_lab() {
    let net = picture(&seed());
    assert_eq!(net.frames.len(), 1);
    for subnet in ["subnet:cloud_neta_public_sn", "subnet:cloud_neta_private_sn"] {
        assert_eq!(node(&net, subnet).kind, NodeKind::Subnet);
        assert_eq!(node(&net, subnet).vpc.as_deref(), Some("cloud_neta_vpc"));
    }
    let public = node(&net, "subnet:cloud_neta_public_sn");
    assert!(
        public
            .lines
            .iter()
            .any(|l| l.text.starts_with("public (internet via igw cloud_neta_igw"))
    );
    let private = node(&net, "subnet:cloud_neta_private_sn");
    assert!(private.lines.iter().any(|l| l.text.starts_with("private")));
    for (subnet, table) in [
        ("subnet:cloud_neta_public_sn", "rt:cloud_neta_public_rt"),
        ("subnet:cloud_neta_private_sn", "rt:cloud_neta_private_rt"),
    ] {
        assert_eq!(node(&net, table).kind, NodeKind::RouteTable);
        assert!(
            net.edges
                .iter()
                .any(|e| e.from == subnet && e.to == table && e.kind == EdgeKind::Association)
        );
        let to_s3 = routes(&net, table, "vpce:endpoint");
        assert_eq!(to_s3.len(), 1, "{table} reaches the S3 endpoint");
    }
    let igw = routes(&net, "rt:cloud_neta_public_rt", "igw:cloud_neta_igw");
    assert_eq!(igw.len(), 1);
    assert_eq!(igw[0].port.as_deref(), Some("0.0.0.0/0"));
    assert!(routes(&net, "rt:cloud_neta_private_rt", "igw:cloud_neta_igw").is_empty());
    assert_eq!(node(&net, "vpce:endpoint").kind, NodeKind::GatewayEndpoint);
    assert!(net.nodes.iter().all(|n| n.status == Status::Same));
}

/// The mutant's endpoint no longer serves the private table: that arrow, that route and that
/// line of the endpoint are lost; everything else is on both sides.
#[test]
fn diff_picture_marks_what_b_loses() {
    let a = intent_of(&seed(), &Options::default(), false).unwrap();
    let b = intent_of(
        &fixture("gateway-endpoint-lost-private.yaml"),
        &Options::default(),
        false,
    )
    .unwrap();
    let net = diff_network(&a, &b);
    let lost: Vec<_> = net.edges.iter().filter(|e| e.status == Status::Lost).collect();
    assert_eq!(lost.len(), 1, "{lost:#?}");
    assert_eq!(
        (lost[0].from.as_str(), lost[0].to.as_str()),
        ("rt:cloud_neta_private_rt", "vpce:endpoint")
    );
    assert_eq!(
        routes(&net, "rt:cloud_neta_public_rt", "vpce:endpoint")[0].status,
        Status::Same
    );
    let table = node(&net, "rt:cloud_neta_private_rt");
    let lost_lines: Vec<&str> = table
        .lines
        .iter()
        .filter(|l| l.status == Status::Lost)
        .map(|l| l.text.as_str())
        .collect();
    assert_eq!(lost_lines, ["S3 prefix list → vpce S3"]);
    let endpoint = node(&net, "vpce:endpoint");
    assert!(
        endpoint
            .lines
            .iter()
            .any(|l| l.status == Status::Lost && l.text == "serves route table cloud_neta_private_rt")
    );
    assert!(net.edges.iter().all(|e| e.status != Status::Gained));
    // Reversed, the same arrow is a gain.
    let reversed = diff_network(&b, &a);
    let gained: Vec<_> = reversed.edges.iter().filter(|e| e.status == Status::Gained).collect();
    assert_eq!(gained.len(), 1);
    assert_eq!(gained[0].from, "rt:cloud_neta_private_rt");
    // Drawn: the lost arrow in the lost style, next to the report's file:line.
    let svg = svg::render_svg(&net, "t");
    assert!(svg.contains(r#"class="edge route lost" data-from="rt:cloud_neta_private_rt" data-to="vpce:endpoint""#));
    insta::assert_snapshot!("seed-lost-private-mermaid", mermaid::render(&net));
}

#[test]
fn peering_lab_joins_the_vpcs() {
    let net = picture(&fixture("peering-lab.yaml"));
    assert_eq!(net.frames.len(), 2);
    let pcx = node(&net, "pcx:peering");
    assert_eq!(pcx.kind, NodeKind::Peering);
    assert_eq!(pcx.vpc, None, "a peering connection is drawn outside both VPCs");
    assert_eq!(
        routes(&net, "rt:app_private_rt", "pcx:peering")[0].port.as_deref(),
        Some("10.1.0.0/16")
    );
    assert_eq!(
        routes(&net, "rt:shared_rt", "pcx:peering")[0].port.as_deref(),
        Some("10.0.0.0/16")
    );
    assert_eq!(routes(&net, "rt:app_private_rt", "nat:app_nat").len(), 1);
    assert_eq!(routes(&net, "rt:app_private_rt", "tgw:corporate_tgw").len(), 1);
    let ssm = node(&net, "vpce:ssm_endpoint");
    assert_eq!(ssm.kind, NodeKind::InterfaceEndpoint);
    assert!(net.edges.iter().any(|e| e.from == "subnet:shared_private_subnet"
        && e.to == "vpce:ssm_endpoint"
        && e.kind == EdgeKind::Placement));
    let group = node(&net, "sg:from_app_group");
    assert_eq!(group.vpc.as_deref(), Some("shared_vpc"));
    assert!(group.lines.iter().any(|l| l.text == "in: tcp 443 from 10.0.0.0/16"));
}

/// Hand-written Terraform for the seed draws the seed's picture (once the diff has paired its
/// names with the template's), and its diff picture marks nothing.
#[test]
fn terraform_and_cloudformation_draw_the_same_seed() {
    let tf = repo_root().join("samples/gateway-endpoint-idiomatic");
    let (report, cfn, tf) = cfn2tf::diff::diff_with_intent(&seed(), &tf, &Options::default(), false).unwrap();
    assert!(report.intent.is_empty(), "{:#?}", report.intent);
    assert_eq!(mermaid::render(&network(&tf)), mermaid::render(&network(&cfn)));
    let both = diff_network(&cfn, &tf);
    assert!(both.edges.iter().all(|e| e.status == Status::Same));
    assert!(
        both.nodes
            .iter()
            .all(|n| n.lines.iter().all(|l| l.status == Status::Same))
    );
}

#[test]
fn svg_and_html_are_self_contained() {
    let net = picture(&fixture("peering-lab.yaml"));
    for page in [svg::render_svg(&net, "t"), svg::render_html(&net, "t")] {
        assert!(!page.contains("<script"), "no scripts");
        let without_ns = page.replace("http://www.w3.org/2000/svg", "");
        assert!(
            !without_ns.contains("http://") && !without_ns.contains("https://"),
            "no network"
        );
        assert!(
            !page.contains("@import") && !page.contains("@font-face"),
            "no external fonts"
        );
        for url in page.match_indices("url(").map(|(i, _)| &page[i..i + 5]) {
            assert_eq!(url, "url(#", "only references into the document");
        }
    }
}

#[test]
fn cli_writes_each_format_and_refuses_to_overwrite() {
    let dir = tempfile::tempdir().unwrap();
    for (name, start) in [
        ("net.svg", "<svg"),
        ("net.html", "<!DOCTYPE html>"),
        ("net.mmd", "flowchart LR"),
    ] {
        let out = dir.path().join(name);
        let o = run(cfn2tf().arg("graph").arg(seed()).arg("-o").arg(&out));
        assert!(o.status.success(), "{}", text(&o.stderr));
        assert!(std::fs::read_to_string(&out).unwrap().starts_with(start), "{name}");
        let again = run(cfn2tf().arg("graph").arg(seed()).arg("-o").arg(&out));
        assert_eq!(again.status.code(), Some(2));
        assert!(text(&again.stderr).contains("--force"));
        let forced = run(cfn2tf().arg("graph").arg(seed()).arg("-o").arg(&out).arg("--force"));
        assert!(forced.status.success());
    }
    let stdout = run(cfn2tf().arg("graph").arg(seed()));
    assert!(text(&stdout.stdout).starts_with("flowchart LR\n"));
    let unknown = run(cfn2tf()
        .arg("graph")
        .arg(seed())
        .arg("-o")
        .arg(dir.path().join("net.png")));
    assert_eq!(unknown.status.code(), Some(2));
    assert!(text(&unknown.stderr).contains(".svg, .html or .mmd"));
    assert!(!dir.path().join("net.png").exists());
}

#[test]
fn cli_bad_input_is_located_and_writes_nothing() {
    let dir = tempfile::tempdir().unwrap();
    let bad = dir.path().join("bad.yaml");
    std::fs::write(
        &bad,
        "Resources:\n  Vpc:\n    Type: AWS::EC2::VPC\n    Properties: [unclosed\n",
    )
    .unwrap();
    let out = dir.path().join("net.svg");
    let o = run(cfn2tf().arg("graph").arg(&bad).arg("-o").arg(&out));
    assert_eq!(o.status.code(), Some(2));
    assert!(text(&o.stderr).contains("bad.yaml:"), "{}", text(&o.stderr));
    assert!(!out.exists());
}

#[test]
fn diff_html_puts_the_picture_beside_the_located_report() {
    let dir = tempfile::tempdir().unwrap();
    let page = dir.path().join("report.html");
    let mutant = fixture("gateway-endpoint-lost-private.yaml");
    let o = run(cfn2tf().arg("diff").arg(seed()).arg(&mutant).arg("--html").arg(&page));
    assert_eq!(o.status.code(), Some(1), "the sides differ: {}", text(&o.stderr));
    let html = std::fs::read_to_string(&page).unwrap();
    assert!(html.contains("<svg"));
    assert!(html.contains("no longer serves route table cloud_neta_private_rt"));
    assert!(html.contains("gateway-endpoint.yaml:156"), "A's location");
    assert!(html.contains("gateway-endpoint-lost-private.yaml:158"), "B's location");
    let again = run(cfn2tf().arg("diff").arg(seed()).arg(&mutant).arg("--html").arg(&page));
    assert_eq!(again.status.code(), Some(2), "no overwrite without --force");
    let graph = dir.path().join("diff.svg");
    let o = run(cfn2tf().arg("graph").arg(seed()).arg(&mutant).arg("-o").arg(&graph));
    assert!(o.status.success());
    assert!(std::fs::read_to_string(&graph).unwrap().contains("edge route lost"));
}

/// `batch --report` writes each networked template's picture beside its Terraform and links
/// it from the report; a template without a network gets neither.
#[test]
fn batch_report_links_each_template_to_its_picture() {
    let dir = tempfile::tempdir().unwrap();
    let input = dir.path().join("labs");
    std::fs::create_dir_all(input.join("net")).unwrap();
    std::fs::copy(seed(), input.join("net/seed.yaml")).unwrap();
    std::fs::write(
        input.join("bucket.yaml"),
        "Resources:\n  B:\n    Type: AWS::S3::Bucket\n",
    )
    .unwrap();
    let reports = dir.path().join("reports");
    std::fs::create_dir_all(&reports).unwrap();
    let report = reports.join("report.md");
    let o = run(cfn2tf()
        .arg("batch")
        .arg(&input)
        .arg("-o")
        .arg(dir.path().join("out"))
        .arg("--report")
        .arg(&report));
    assert!(o.status.success(), "{}", text(&o.stderr));
    let md = std::fs::read_to_string(&report).unwrap();
    let link = "../out/net/seed/network.svg";
    assert!(md.contains(&format!("([picture]({link}))")), "{md}");
    let svg = std::fs::read_to_string(reports.join(link)).unwrap();
    assert!(svg.contains("subnet cloud_neta_private_sn"));
    assert_eq!(md.matches("[picture]").count(), 1, "the bucket has no network");
    assert!(!dir.path().join("out/bucket/network.svg").exists());
}
