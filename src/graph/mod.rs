//! `cfn2tf graph`: the routing intent as a picture. The picture is a `Network` built from the
//! diff's intent (`diff::intent`) and nothing else, so the picture and the diff never disagree:
//! VPCs as frames, subnets with their instances, each subnet's route table with its routes as
//! arrows to their targets, endpoints, security groups with their rules. For a diff, both
//! sides' networks are merged and every node, line and arrow says whether B lost or gained it.
//!
//! `layout` places it (Sugiyama's layered algorithm, rust-sugiyama), `svg` draws SVG and HTML,
//! `mermaid` writes Mermaid text.

mod layout;
pub mod mermaid;
pub mod svg;

use crate::diff::intent::{Intent, Kind, Subject, target_parts};
use serde::Serialize;
use std::collections::{BTreeMap, BTreeSet};

/// Whether a part of a diff picture is on both sides, lost by B or gained by B.
#[derive(Debug, Clone, Copy, Default, PartialEq, Eq, Serialize)]
#[serde(rename_all = "snake_case")]
pub enum Status {
    #[default]
    Same,
    Lost,
    Gained,
}

impl Status {
    pub fn class(self) -> &'static str {
        match self {
            Status::Same => "same",
            Status::Lost => "lost",
            Status::Gained => "gained",
        }
    }
}

#[derive(Debug, Clone, Copy, PartialEq, Eq, PartialOrd, Ord, Serialize)]
#[serde(rename_all = "snake_case")]
pub enum NodeKind {
    Subnet,
    RouteTable,
    InternetGateway,
    NatGateway,
    GatewayEndpoint,
    InterfaceEndpoint,
    VpnGateway,
    Peering,
    TransitGateway,
    /// Any other route target: an instance, an ENI, an egress-only gateway...
    Target,
    SecurityGroup,
}

impl NodeKind {
    pub fn class(self) -> &'static str {
        match self {
            NodeKind::Subnet => "subnet",
            NodeKind::RouteTable => "route-table",
            NodeKind::InternetGateway => "igw",
            NodeKind::NatGateway => "nat",
            NodeKind::GatewayEndpoint => "gateway-endpoint",
            NodeKind::InterfaceEndpoint => "interface-endpoint",
            NodeKind::VpnGateway => "vgw",
            NodeKind::Peering => "peering",
            NodeKind::TransitGateway => "tgw",
            NodeKind::Target => "target",
            NodeKind::SecurityGroup => "security-group",
        }
    }

    /// Targets that join VPCs are drawn outside every frame.
    pub fn is_external(self) -> bool {
        matches!(self, NodeKind::Peering | NodeKind::TransitGateway)
    }
}

#[derive(Debug, Clone, PartialEq, Eq, Serialize)]
pub struct Line {
    pub text: String,
    /// A route's destination: the arrow for that route leaves from this line.
    #[serde(skip_serializing_if = "Option::is_none")]
    pub port: Option<String>,
    pub status: Status,
}

#[derive(Debug, Clone, Serialize)]
pub struct Node {
    pub id: String,
    pub kind: NodeKind,
    pub title: String,
    pub lines: Vec<Line>,
    /// The frame (VPC) it is drawn in; None for targets that join VPCs.
    pub vpc: Option<String>,
    pub status: Status,
}

#[derive(Debug, Clone, Copy, PartialEq, Eq, Serialize)]
#[serde(rename_all = "snake_case")]
pub enum EdgeKind {
    /// A subnet uses a route table.
    Association,
    /// A route table sends a destination to a target.
    Route,
    /// An interface endpoint has a network interface in a subnet.
    Placement,
}

#[derive(Debug, Clone, Serialize)]
pub struct Edge {
    pub from: String,
    pub to: String,
    pub kind: EdgeKind,
    /// For a route, its destination (the line of the route table it leaves from).
    #[serde(skip_serializing_if = "Option::is_none")]
    pub port: Option<String>,
    pub status: Status,
}

#[derive(Debug, Clone, Serialize)]
pub struct Frame {
    pub id: String,
    pub title: String,
    pub lines: Vec<Line>,
    pub status: Status,
}

/// What the picture shows, in drawing order.
#[derive(Debug, Clone, Default, Serialize)]
pub struct Network {
    pub frames: Vec<Frame>,
    pub nodes: Vec<Node>,
    pub edges: Vec<Edge>,
}

fn line(text: impl Into<String>) -> Line {
    Line {
        text: text.into(),
        port: None,
        status: Status::Same,
    }
}

/// `CIDR (name)` as the intent labels a subnet: the name.
fn name_in_label(label: &str) -> &str {
    label
        .rsplit_once(" (")
        .and_then(|(_, rest)| rest.strip_suffix(')'))
        .unwrap_or(label)
}

/// `com.amazonaws.<region>.s3` -> `S3`.
fn short_service(service: &str) -> String {
    service.rsplit('.').next().unwrap_or(service).to_ascii_uppercase()
}

/// A route as its table lists it; a gateway endpoint's route (to the service's prefix list)
/// by the service's short name.
fn route_text(dest: &str, target: &str) -> String {
    match target_parts(target) {
        Some(("vpce", service)) if service == dest => {
            let short = short_service(service);
            format!("{short} prefix list → vpce {short}")
        }
        // The NAT gateway's subnet is on its own node.
        Some(("nat", name)) => format!("{dest} → nat {name}"),
        _ => format!("{dest} → {target}"),
    }
}

fn facts_with<'a>(s: &'a Subject, prefix: &'a str) -> impl Iterator<Item = (&'a str, &'a String)> + 'a {
    s.facts
        .iter()
        .filter_map(move |(k, v)| k.strip_prefix(prefix).map(|rest| (rest, v)))
}

fn fact<'a>(s: &'a Subject, key: &str) -> &'a str {
    s.facts.get(key).map(String::as_str).unwrap_or("")
}

fn subjects(intent: &Intent, kind: Kind) -> impl Iterator<Item = (&String, &Subject)> {
    intent
        .iter()
        .filter(move |((k, _), _)| *k == kind)
        .map(|((_, name), s)| (name, s))
}

fn route_table_id(table: &str) -> String {
    format!("rt:{table}")
}

/// Builds the picture of one side.
pub fn network(intent: &Intent) -> Network {
    Builder::default().build(intent)
}

#[derive(Default)]
struct Builder {
    nodes: BTreeMap<String, Node>,
    edges: Vec<Edge>,
    frames: BTreeMap<String, Frame>,
}

impl Builder {
    fn node(&mut self, id: &str, kind: NodeKind, title: String, vpc: Option<&str>) -> &mut Node {
        self.nodes.entry(id.to_string()).or_insert_with(|| Node {
            id: id.to_string(),
            kind,
            title,
            lines: Vec::new(),
            vpc: vpc.filter(|v| !v.is_empty()).map(str::to_string),
            status: Status::Same,
        })
    }

    fn edge(&mut self, from: &str, to: &str, kind: EdgeKind, port: Option<&str>) {
        self.edges.push(Edge {
            from: from.to_string(),
            to: to.to_string(),
            kind,
            port: port.map(str::to_string),
            status: Status::Same,
        });
    }

    fn build(mut self, intent: &Intent) -> Network {
        for (name, vpc) in subjects(intent, Kind::Vpc) {
            let mut lines = vec![line(fact(vpc, "cidr"))];
            for (igw, _) in facts_with(vpc, "internet gateway ") {
                lines.push(line(format!("internet gateway {igw} attached")));
            }
            self.frames.insert(
                name.clone(),
                Frame {
                    id: name.clone(),
                    title: format!("VPC {name}"),
                    lines,
                    status: Status::Same,
                },
            );
        }
        let endpoints: Vec<(&String, &Subject)> = subjects(intent, Kind::VpcEndpoint).collect();
        for (name, subnet) in subjects(intent, Kind::Subnet) {
            self.subnet(name, subnet, &endpoints);
        }
        for (name, ep) in &endpoints {
            self.endpoint(name, ep);
        }
        for (name, nat) in subjects(intent, Kind::NatGateway) {
            let id = format!("nat:{name}");
            let vpc = subjects(intent, Kind::Subnet)
                .find(|(s, _)| s.as_str() == name_in_label(fact(nat, "subnet")))
                .map(|(_, s)| fact(s, "vpc").to_string());
            let node = self.node(&id, NodeKind::NatGateway, format!("NAT gateway {name}"), vpc.as_deref());
            node.lines.push(line(format!("in subnet {}", fact(nat, "subnet"))));
            if fact(nat, "public") == "false" {
                node.lines.push(line("private connectivity"));
            }
        }
        for (name, sg) in subjects(intent, Kind::SecurityGroup) {
            let node = self.node(
                &format!("sg:{name}"),
                NodeKind::SecurityGroup,
                format!("security group {name}"),
                Some(fact(sg, "vpc")),
            );
            for (rule, _) in facts_with(sg, "ingress rule ") {
                node.lines.push(line(format!("in: {rule}")));
            }
            for (rule, _) in facts_with(sg, "egress rule ") {
                node.lines.push(line(format!("out: {rule}")));
            }
        }
        self.instances(intent);
        // A VPC that nodes name but the input does not define (a parameter, an import).
        let named: BTreeSet<String> = self.nodes.values().filter_map(|n| n.vpc.clone()).collect();
        for vpc in named {
            self.frames.entry(vpc.clone()).or_insert_with(|| Frame {
                id: vpc.clone(),
                title: format!("VPC {vpc}"),
                lines: vec![line("not defined here")],
                status: Status::Same,
            });
        }
        let mut edges = self.edges;
        edges.sort_by(|a, b| (&a.from, &a.port, &a.to).cmp(&(&b.from, &b.port, &b.to)));
        edges.dedup_by(|a, b| (&a.from, &a.port, &a.to) == (&b.from, &b.port, &b.to));
        Network {
            frames: self.frames.into_values().collect(),
            nodes: self.nodes.into_values().collect(),
            edges,
        }
    }

    fn subnet(&mut self, name: &str, subnet: &Subject, endpoints: &[(&String, &Subject)]) {
        let vpc = fact(subnet, "vpc");
        let table = fact(subnet, "route table");
        let routes: Vec<(&str, &String)> = facts_with(subnet, "route to ").collect();
        let internet = routes
            .iter()
            .find(|(dest, target)| {
                matches!(*dest, "0.0.0.0/0" | "::/0")
                    && target_parts(target).is_some_and(|(kind, _)| kind == "igw" || kind == "egress-only igw")
            })
            .map(|(_, target)| target.as_str());
        let id = format!("subnet:{name}");
        let node = self.node(&id, NodeKind::Subnet, format!("subnet {name}"), Some(vpc));
        node.lines.push(line(format!(
            "{} · {}",
            fact(subnet, "cidr"),
            fact(subnet, "availability zone")
        )));
        node.lines.push(line(match internet {
            Some(igw) => format!("public (internet via {igw})"),
            None => "private (no internet gateway route)".into(),
        }));
        let rt = route_table_id(table);
        self.edge(&id, &rt, EdgeKind::Association, None);
        let rt_node = self.node(&rt, NodeKind::RouteTable, format!("route table {table}"), Some(vpc));
        if !rt_node.lines.is_empty() {
            return;
        }
        for (dest, target) in &routes {
            rt_node.lines.push(Line {
                text: route_text(dest, target),
                port: Some(dest.to_string()),
                status: Status::Same,
            });
        }
        for (dest, target) in routes {
            let Some((kind, target_name)) = target_parts(target) else {
                continue;
            };
            let (target_id, node_kind, title, in_vpc) = match kind {
                "igw" => (
                    format!("igw:{target_name}"),
                    NodeKind::InternetGateway,
                    format!("internet gateway {target_name}"),
                    true,
                ),
                "nat" => (
                    format!("nat:{target_name}"),
                    NodeKind::NatGateway,
                    format!("NAT gateway {target_name}"),
                    true,
                ),
                "vpce" => {
                    // The endpoint for that service that serves this table.
                    let serving = endpoints.iter().find(|(_, ep)| {
                        fact(ep, "service") == target_name
                            && ep.facts.contains_key(&format!("serves route table {table}"))
                    });
                    match serving {
                        Some((ep, _)) => (format!("vpce:{ep}"), NodeKind::GatewayEndpoint, String::new(), true),
                        None => (
                            format!("vpce:{target_name}"),
                            NodeKind::GatewayEndpoint,
                            format!("VPC endpoint {target_name}"),
                            true,
                        ),
                    }
                }
                "vgw" => (
                    format!("vgw:{target_name}"),
                    NodeKind::VpnGateway,
                    format!("VPN gateway {target_name}"),
                    true,
                ),
                "peering" => (
                    format!("pcx:{target_name}"),
                    NodeKind::Peering,
                    format!("peering {target_name}"),
                    false,
                ),
                "transit gateway" => (
                    format!("tgw:{target_name}"),
                    NodeKind::TransitGateway,
                    format!("transit gateway {target_name}"),
                    false,
                ),
                other => (
                    format!("{other}:{target_name}"),
                    NodeKind::Target,
                    format!("{other} {target_name}"),
                    true,
                ),
            };
            if !title.is_empty() {
                self.node(&target_id, node_kind, title, in_vpc.then_some(vpc));
            }
            self.edge(&rt, &target_id, EdgeKind::Route, Some(dest));
        }
    }

    fn endpoint(&mut self, name: &str, ep: &Subject) {
        let service = fact(ep, "service");
        let gateway = fact(ep, "type") == "Gateway";
        let (kind, what) = if gateway {
            (NodeKind::GatewayEndpoint, "gateway endpoint")
        } else {
            (NodeKind::InterfaceEndpoint, "interface endpoint")
        };
        let id = format!("vpce:{name}");
        let node = self.node(&id, kind, format!("VPC endpoint {name}"), Some(fact(ep, "vpc")));
        node.lines.push(line(format!("{} {what}", short_service(service))));
        node.lines.push(line(service));
        let mut placements = Vec::new();
        for key in ep.facts.keys() {
            if let Some(table) = key.strip_prefix("serves route table ") {
                node.lines.push(line(format!("serves route table {table}")));
            } else if let Some(subnet) = key.strip_prefix("serves subnet ") {
                node.lines.push(line(format!("in subnet {subnet}")));
                placements.push(format!("subnet:{}", name_in_label(subnet)));
            } else if let Some(group) = key.strip_prefix("uses security group ") {
                node.lines.push(line(format!("security group {group}")));
            } else if key == "private DNS" {
                node.lines.push(line(format!("private DNS {}", ep.facts[key])));
            }
        }
        for subnet in placements {
            self.edge(&subnet, &id, EdgeKind::Placement, None);
        }
        // A table the endpoint serves that no subnet uses still gets its node and arrow.
        if gateway {
            for (table, _) in facts_with(ep, "serves route table ") {
                let rt = route_table_id(table);
                if !self.nodes.contains_key(&rt) {
                    let vpc = fact(ep, "vpc").to_string();
                    let rt_node = self.node(&rt, NodeKind::RouteTable, format!("route table {table}"), Some(&vpc));
                    rt_node.lines.push(line("(no subnet uses it)"));
                    rt_node.lines.push(Line {
                        text: route_text(service, &format!("vpce {service}")),
                        port: Some(service.to_string()),
                        status: Status::Same,
                    });
                    self.edge(&rt, &id, EdgeKind::Route, Some(service));
                }
            }
        }
    }

    fn instances(&mut self, intent: &Intent) {
        for (name, inst) in subjects(intent, Kind::Instance) {
            let groups: Vec<&str> = facts_with(inst, "security group ").map(|(g, _)| g).collect();
            let subnet = format!("subnet:{}", fact(inst, "subnet"));
            let Some(node) = self.nodes.get_mut(&subnet) else {
                continue;
            };
            let public = fact(inst, "public IP");
            let public = if public.starts_with("assigned") {
                ", public IP"
            } else {
                ""
            };
            node.lines.push(line(format!("▣ instance {name}{public}")));
            if !groups.is_empty() {
                node.lines.push(line(format!("   groups: {}", groups.join(", "))));
            }
        }
    }
}

/// The picture of a diff: everything on either side, marked lost (only in A) or gained (only
/// in B), down to the single line and arrow.
pub fn diff_network(a: &Intent, b: &Intent) -> Network {
    let (a, b) = (network(a), network(b));
    let mut out = Network::default();
    let frames_b: BTreeMap<&str, &Frame> = b.frames.iter().map(|f| (f.id.as_str(), f)).collect();
    let mut seen = BTreeSet::new();
    for fa in &a.frames {
        seen.insert(fa.id.as_str());
        out.frames.push(match frames_b.get(fa.id.as_str()) {
            Some(fb) => Frame {
                lines: merge_lines(&fa.lines, &fb.lines),
                ..fa.clone()
            },
            None => marked_frame(fa, Status::Lost),
        });
    }
    for fb in &b.frames {
        if !seen.contains(fb.id.as_str()) {
            out.frames.push(marked_frame(fb, Status::Gained));
        }
    }
    let nodes_b: BTreeMap<&str, &Node> = b.nodes.iter().map(|n| (n.id.as_str(), n)).collect();
    let mut seen = BTreeSet::new();
    for na in &a.nodes {
        seen.insert(na.id.as_str());
        out.nodes.push(match nodes_b.get(na.id.as_str()) {
            Some(nb) => Node {
                lines: merge_lines(&na.lines, &nb.lines),
                ..na.clone()
            },
            None => marked_node(na, Status::Lost),
        });
    }
    for nb in &b.nodes {
        if !seen.contains(nb.id.as_str()) {
            out.nodes.push(marked_node(nb, Status::Gained));
        }
    }
    let key = |e: &Edge| (e.from.clone(), e.port.clone(), e.to.clone());
    let keys_b: BTreeSet<_> = b.edges.iter().map(key).collect();
    let keys_a: BTreeSet<_> = a.edges.iter().map(key).collect();
    for e in &a.edges {
        let status = if keys_b.contains(&key(e)) {
            Status::Same
        } else {
            Status::Lost
        };
        out.edges.push(Edge { status, ..e.clone() });
    }
    for e in &b.edges {
        if !keys_a.contains(&key(e)) {
            out.edges.push(Edge {
                status: Status::Gained,
                ..e.clone()
            });
        }
    }
    out
}

fn marked_frame(f: &Frame, status: Status) -> Frame {
    Frame {
        status,
        lines: f.lines.iter().map(|l| Line { status, ..l.clone() }).collect(),
        ..f.clone()
    }
}

fn marked_node(n: &Node, status: Status) -> Node {
    Node {
        status,
        lines: n.lines.iter().map(|l| Line { status, ..l.clone() }).collect(),
        ..n.clone()
    }
}

/// A's lines in order, each B lacks marked lost, then the lines only B has, marked gained; a
/// changed line therefore shows as its old text struck out above its new text.
fn merge_lines(a: &[Line], b: &[Line]) -> Vec<Line> {
    let mut out = Vec::new();
    for la in a {
        let status = if b.iter().any(|lb| lb.text == la.text) {
            Status::Same
        } else {
            Status::Lost
        };
        out.push(Line { status, ..la.clone() });
    }
    for lb in b {
        if !a.iter().any(|la| la.text == lb.text) {
            out.push(Line {
                status: Status::Gained,
                ..lb.clone()
            });
        }
    }
    out
}
