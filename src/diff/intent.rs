//! The intent layer: what the resources are FOR, derived from each side and compared before
//! any property. For every subnet its route table and effective routes as
//! `destination -> target`; for every VPC endpoint the service, type and what it serves; for
//! every security group its rules; for every instance its subnet, public IP and groups.
//! A fact is a (subject, key) -> value line, so one that holds on one side only is one line.

use super::matching::Key;
use super::side::Resource;
use super::value::{Ref, Value};
use crate::tf::Origin;
use serde::Serialize;
use std::collections::BTreeMap;

type Resources = BTreeMap<Key, Resource>;

/// Subjects in report order: the network first, then what runs in it.
#[derive(Debug, Clone, Copy, PartialEq, Eq, PartialOrd, Ord, Serialize)]
#[serde(rename_all = "snake_case")]
pub enum Kind {
    Vpc,
    VpcEndpoint,
    Subnet,
    NatGateway,
    SecurityGroup,
    Instance,
}

#[derive(Debug, Clone, Default)]
pub struct Subject {
    /// How the report names it, e.g. `subnet 10.0.1.0/24 (private_sn)`.
    pub label: String,
    pub facts: BTreeMap<String, String>,
    /// Where the resource it describes is written, for located reports (SARIF).
    pub origin: Option<Origin>,
}

/// (kind, resource name) -> subject.
pub type Intent = BTreeMap<(Kind, String), Subject>;

#[derive(Debug, Clone, Serialize, PartialEq, Eq, PartialOrd, Ord)]
pub struct Change {
    pub kind: Kind,
    pub subject: String,
    pub fact: String,
    pub a: Option<String>,
    pub b: Option<String>,
    pub message: String,
    /// Where the subject is written on each side (not in the JSON, whose shape is versioned).
    #[serde(skip)]
    pub a_origin: Option<Origin>,
    #[serde(skip)]
    pub b_origin: Option<Origin>,
}

pub fn derive(resources: &Resources) -> Intent {
    let d = Deriver { r: resources };
    let mut intent = Intent::new();
    d.vpcs(&mut intent);
    d.endpoints(&mut intent);
    d.subnets(&mut intent);
    d.nat_gateways(&mut intent);
    d.security_groups(&mut intent);
    d.instances(&mut intent);
    intent
}

struct Deriver<'a> {
    r: &'a Resources,
}

fn get<'a>(r: &'a Resource, attr: &str) -> Option<&'a Value> {
    r.attrs.get(attr)
}

fn text(v: Option<&Value>) -> String {
    v.map(Value::render).unwrap_or_else(|| "(not set)".into())
}

impl<'a> Deriver<'a> {
    fn of_type(&self, ty: &'a str) -> impl Iterator<Item = &'a Resource> + 'a {
        self.r.values().filter(move |r| r.ty == ty)
    }

    fn target(&self, v: &Value) -> Option<&'a Resource> {
        let r = v.as_ref()?;
        self.r.get(&(r.ty.clone(), r.name.clone()))
    }

    /// Names a referenced subnet by its CIDR, which is what a reader recognises.
    fn subnet_label(&self, v: Option<&Value>) -> String {
        match v {
            Some(v) => match self.target(v) {
                Some(s) if s.ty == "aws_subnet" => format!("{} ({})", text(get(s, "cidr_block")), s.name),
                _ => v.render(),
            },
            None => "(none)".into(),
        }
    }

    fn name_of(&self, v: &Value) -> String {
        match v.as_ref() {
            Some(Ref { name, attr, .. }) if attr == "id" => name.clone(),
            _ => v.render(),
        }
    }

    fn vpcs(&self, out: &mut Intent) {
        for vpc in self.of_type("aws_vpc") {
            let mut s = Subject {
                label: format!("VPC {} ({})", text(get(vpc, "cidr_block")), vpc.name),
                origin: vpc.origin.clone(),
                ..Default::default()
            };
            s.facts.insert("cidr".into(), text(get(vpc, "cidr_block")));
            for att in self.of_type("aws_internet_gateway_attachment") {
                if get(att, "vpc_id")
                    .and_then(|v| self.target(v))
                    .is_some_and(|t| t.name == vpc.name)
                {
                    let igw = get(att, "internet_gateway_id")
                        .map(|v| self.name_of(v))
                        .unwrap_or_default();
                    s.facts.insert(format!("internet gateway {igw}"), "attached".into());
                }
            }
            out.insert((Kind::Vpc, vpc.name.clone()), s);
        }
    }

    fn service(&self, ep: &Resource) -> String {
        text(get(ep, "service_name"))
    }

    fn endpoints(&self, out: &mut Intent) {
        let all: Vec<&Resource> = self.of_type("aws_vpc_endpoint").collect();
        for ep in &all {
            let service = self.service(ep);
            let shared = all.iter().filter(|e| self.service(e) == service).count() > 1;
            let label = if shared {
                format!("VPC endpoint {service} ({})", ep.name)
            } else {
                format!("VPC endpoint {service}")
            };
            let mut s = Subject {
                label,
                origin: ep.origin.clone(),
                ..Default::default()
            };
            s.facts.insert("service".into(), service);
            s.facts.insert("type".into(), text(get(ep, "vpc_endpoint_type")));
            s.facts.insert(
                "vpc".into(),
                get(ep, "vpc_id").map(|v| self.name_of(v)).unwrap_or_default(),
            );
            for (attr, what) in [
                ("route_table_ids", "serves route table"),
                ("subnet_ids", "serves subnet"),
                ("security_group_ids", "uses security group"),
            ] {
                for item in get(ep, attr).map(Value::items).unwrap_or_default() {
                    let name = if attr == "subnet_ids" {
                        self.subnet_label(Some(item))
                    } else {
                        self.route_table_label(item)
                    };
                    s.facts.insert(format!("{what} {name}"), "yes".into());
                }
            }
            if let Some(p) = get(ep, "policy") {
                s.facts.insert("policy".into(), p.render());
            }
            if let Some(p) = get(ep, "private_dns_enabled") {
                s.facts.insert("private DNS".into(), p.render());
            }
            out.insert((Kind::VpcEndpoint, ep.name.clone()), s);
        }
    }

    /// A route table by name; a VPC's main table (however it is referred to) as such.
    fn route_table_label(&self, v: &Value) -> String {
        match v.as_ref() {
            Some(Ref { ty, name, attr }) if ty == "aws_vpc" && attr.contains("route_table_id") => {
                format!("main route table of VPC {name}")
            }
            Some(Ref { ty, name, .. }) if ty == "aws_default_route_table" => {
                let vpc = self
                    .r
                    .get(&(ty.clone(), name.clone()))
                    .and_then(|t| get(t, "default_route_table_id"))
                    .and_then(Value::as_ref)
                    .map(|r| r.name.clone())
                    .unwrap_or_else(|| name.clone());
                format!("main route table of VPC {vpc}")
            }
            Some(Ref { name, .. }) => name.clone(),
            None => v.render(),
        }
    }

    /// The route table a subnet uses: its explicit association, else its VPC's main table.
    fn subnet_route_table(&self, subnet: &Resource) -> String {
        for assoc in self.of_type("aws_route_table_association") {
            if get(assoc, "subnet_id")
                .and_then(|v| self.target(v))
                .is_some_and(|t| t.name == subnet.name)
                && let Some(rt) = get(assoc, "route_table_id")
            {
                return self.route_table_label(rt);
            }
        }
        let vpc = get(subnet, "vpc_id").map(|v| self.name_of(v)).unwrap_or_default();
        for main in self.of_type("aws_main_route_table_association") {
            if get(main, "vpc_id").is_some_and(|v| self.name_of(v) == vpc)
                && let Some(rt) = get(main, "route_table_id")
            {
                return self.route_table_label(rt);
            }
        }
        format!("main route table of VPC {vpc}")
    }

    fn route_target(&self, route: &Resource) -> String {
        // Each kind here is one of TARGET_KINDS, so `target_parts` can read the text back.
        const TARGETS: &[(&str, &str)] = &[
            ("gateway_id", "gateway"),
            ("nat_gateway_id", "nat"),
            ("vpc_peering_connection_id", "peering"),
            ("instance_id", "instance"),
            ("network_interface_id", "eni"),
            ("transit_gateway_id", "transit gateway"),
            ("egress_only_gateway_id", "egress-only igw"),
            ("vpc_endpoint_id", "vpce"),
            ("carrier_gateway_id", "carrier gateway"),
            ("local_gateway_id", "local gateway"),
            ("core_network_arn", "core network"),
        ];
        for (arg, kind) in TARGETS {
            let Some(v) = get(route, arg) else { continue };
            if v.as_str() == Some("local") {
                return "local".into();
            }
            return match self.target(v) {
                Some(t) if t.ty == "aws_internet_gateway" => format!("igw {}", t.name),
                Some(t) if t.ty == "aws_vpn_gateway" => format!("vgw {}", t.name),
                Some(t) if t.ty == "aws_nat_gateway" => {
                    format!("nat {} in subnet {}", t.name, self.subnet_label(get(t, "subnet_id")))
                }
                Some(t) if t.ty == "aws_vpc_endpoint" => format!("vpce {}", self.service(t)),
                Some(t) => format!("{kind} {}", t.name),
                None => format!("{kind} {}", v.render()),
            };
        }
        "(no target)".into()
    }

    fn routes_of(&self, table: &str, vpc: &str) -> BTreeMap<String, String> {
        let mut routes = BTreeMap::new();
        if let Some(cidr) = self
            .r
            .get(&("aws_vpc".to_string(), vpc.to_string()))
            .and_then(|v| get(v, "cidr_block"))
        {
            routes.insert(cidr.render(), "local".to_string());
        }
        for route in self.of_type("aws_route") {
            if get(route, "route_table_id").is_some_and(|v| self.route_table_label(v) == table) {
                let dest = [
                    "destination_cidr_block",
                    "destination_ipv6_cidr_block",
                    "destination_prefix_list_id",
                ]
                .iter()
                .find_map(|a| get(route, a))
                .map(Value::render)
                .unwrap_or_else(|| "(no destination)".into());
                routes.insert(dest, self.route_target(route));
            }
        }
        for ep in self.of_type("aws_vpc_endpoint") {
            let gateway = get(ep, "vpc_endpoint_type").and_then(Value::as_str) == Some("Gateway");
            let serves = get(ep, "route_table_ids")
                .map(Value::items)
                .unwrap_or_default()
                .iter()
                .any(|rt| self.route_table_label(rt) == table);
            if gateway && serves {
                let service = self.service(ep);
                routes.insert(service.clone(), format!("vpce {service}"));
            }
        }
        routes
    }

    fn subnets(&self, out: &mut Intent) {
        for subnet in self.of_type("aws_subnet") {
            let mut s = Subject {
                label: format!("subnet {} ({})", text(get(subnet, "cidr_block")), subnet.name),
                origin: subnet.origin.clone(),
                ..Default::default()
            };
            s.facts.insert("cidr".into(), text(get(subnet, "cidr_block")));
            let az = get(subnet, "availability_zone").or_else(|| get(subnet, "availability_zone_id"));
            s.facts.insert("availability zone".into(), text(az));
            let vpc = get(subnet, "vpc_id").map(|v| self.name_of(v)).unwrap_or_default();
            s.facts.insert("vpc".into(), vpc.clone());
            let table = self.subnet_route_table(subnet);
            for (dest, target) in self.routes_of(&table, &vpc) {
                s.facts.insert(format!("route to {dest}"), target);
            }
            s.facts.insert("route table".into(), table);
            out.insert((Kind::Subnet, subnet.name.clone()), s);
        }
    }

    fn nat_gateways(&self, out: &mut Intent) {
        for nat in self.of_type("aws_nat_gateway") {
            let mut s = Subject {
                label: format!("NAT gateway {}", nat.name),
                origin: nat.origin.clone(),
                ..Default::default()
            };
            s.facts
                .insert("subnet".into(), self.subnet_label(get(nat, "subnet_id")));
            let public = get(nat, "connectivity_type").and_then(Value::as_str) != Some("private");
            s.facts.insert("public".into(), public.to_string());
            out.insert((Kind::NatGateway, nat.name.clone()), s);
        }
    }

    fn security_groups(&self, out: &mut Intent) {
        for sg in self.of_type("aws_security_group") {
            let mut s = Subject {
                label: format!("security group {}", sg.name),
                origin: sg.origin.clone(),
                ..Default::default()
            };
            s.facts.insert(
                "vpc".into(),
                get(sg, "vpc_id").map(|v| self.name_of(v)).unwrap_or_default(),
            );
            for direction in ["ingress", "egress"] {
                for rule in get(sg, direction).map(Value::items).unwrap_or_default() {
                    s.facts
                        .insert(format!("{direction} rule {}", self.rule_text(rule)), "yes".into());
                }
            }
            out.insert((Kind::SecurityGroup, sg.name.clone()), s);
        }
    }

    fn rule_text(&self, rule: &Value) -> String {
        let Value::Map(m) = rule else { return rule.render() };
        let egress = m.get("direction").and_then(Value::as_str) == Some("egress");
        let protocol = text(m.get("protocol"));
        let what = if protocol == "-1" {
            "all traffic".to_string()
        } else {
            let (from, to) = (text(m.get("from_port")), text(m.get("to_port")));
            let ports = if from == to { from } else { format!("{from}-{to}") };
            format!("{protocol} {ports}")
        };
        let peer = ["cidr_ipv4", "cidr_ipv6", "prefix_list", "security_group"]
            .iter()
            .find_map(|k| m.get(*k))
            .map(|v| self.name_of(v))
            .unwrap_or_default();
        let dir = if egress { "to" } else { "from" };
        match m.get("description") {
            Some(d) => format!("{what} {dir} {peer} ({})", d.render()),
            None => format!("{what} {dir} {peer}"),
        }
    }

    fn instances(&self, out: &mut Intent) {
        for inst in self.of_type("aws_instance") {
            let mut s = Subject {
                label: format!("instance {}", inst.name),
                origin: inst.origin.clone(),
                ..Default::default()
            };
            let subnet = get(inst, "subnet_id");
            // By name: a subnet's CIDR change is reported once, on the subnet.
            s.facts
                .insert("subnet".into(), subnet.map(|v| self.name_of(v)).unwrap_or_default());
            let public = match get(inst, "associate_public_ip_address").and_then(Value::as_str) {
                Some("true") => "assigned".to_string(),
                Some("false") => "none".to_string(),
                _ => {
                    let on_launch = subnet
                        .and_then(|v| self.target(v))
                        .and_then(|s| get(s, "map_public_ip_on_launch"))
                        .and_then(Value::as_str)
                        == Some("true");
                    if on_launch {
                        "assigned (subnet default)".into()
                    } else {
                        "none (subnet default)".into()
                    }
                }
            };
            s.facts.insert("public IP".into(), public);
            for attr in ["vpc_security_group_ids", "security_groups"] {
                for g in get(inst, attr).map(Value::items).unwrap_or_default() {
                    s.facts
                        .insert(format!("security group {}", self.name_of(g)), "yes".into());
                }
            }
            out.insert((Kind::Instance, inst.name.clone()), s);
        }
    }
}

/// The kinds of route target `route_target` writes, multi-word ones first.
const TARGET_KINDS: &[&str] = &[
    "transit gateway",
    "egress-only igw",
    "carrier gateway",
    "local gateway",
    "core network",
    "igw",
    "vgw",
    "nat",
    "vpce",
    "gateway",
    "peering",
    "instance",
    "eni",
];

/// A route target as written in a subnet's `route to` fact, read back as (kind, name): the
/// picture draws an arrow to that named thing. `local` and unknown targets give None.
pub fn target_parts(target: &str) -> Option<(&'static str, &str)> {
    TARGET_KINDS.iter().find_map(|kind| {
        let name = target.strip_prefix(kind)?.strip_prefix(' ')?;
        // "nat NAME in subnet CIDR (NAME)": the gateway's own name comes first.
        let name = name.split_once(" in subnet ").map_or(name, |(n, _)| n);
        Some((*kind, name))
    })
}

/// Facts that differ, in report order. `a_intent` names the subnets that lose a route in
/// the endpoint messages (those on the side that had it).
pub fn compare(a: &Intent, b: &Intent) -> Vec<Change> {
    let mut out = Vec::new();
    let keys: std::collections::BTreeSet<&(Kind, String)> = a.keys().chain(b.keys()).collect();
    for key in keys {
        let (kind, name) = key;
        match (a.get(key), b.get(key)) {
            (Some(sa), None) => out.push(Change {
                kind: *kind,
                subject: name.clone(),
                fact: "exists".into(),
                a: Some("yes".into()),
                b: None,
                message: format!("{} exists only in A", sa.label),
                a_origin: sa.origin.clone(),
                b_origin: None,
            }),
            (None, Some(sb)) => out.push(Change {
                kind: *kind,
                subject: name.clone(),
                fact: "exists".into(),
                a: None,
                b: Some("yes".into()),
                message: format!("{} exists only in B", sb.label),
                a_origin: None,
                b_origin: sb.origin.clone(),
            }),
            (Some(sa), Some(sb)) => {
                let facts: std::collections::BTreeSet<&String> = sa.facts.keys().chain(sb.facts.keys()).collect();
                // The route table comes first: a subnet that moved explains its route changes.
                let mut facts: Vec<&String> = facts.into_iter().collect();
                facts.sort_by_key(|f| (f.as_str() != "route table", f.as_str() != "cidr", f.to_string()));
                for fact in facts {
                    let (va, vb) = (sa.facts.get(fact), sb.facts.get(fact));
                    if va == vb {
                        continue;
                    }
                    let message = message(*kind, sa, fact, va, vb, a, b);
                    out.push(Change {
                        kind: *kind,
                        subject: name.clone(),
                        fact: fact.clone(),
                        a: va.cloned(),
                        b: vb.cloned(),
                        message,
                        a_origin: sa.origin.clone(),
                        b_origin: sb.origin.clone(),
                    });
                }
            }
            (None, None) => {}
        }
    }
    out
}

/// The subnets that use a route table, by CIDR.
fn subnets_using(intent: &Intent, table: &str) -> Vec<String> {
    intent
        .iter()
        .filter(|((k, _), s)| *k == Kind::Subnet && s.facts.get("route table").is_some_and(|t| t == table))
        .map(|(_, s)| s.facts.get("cidr").cloned().unwrap_or_default())
        .collect()
}

fn short_service(service: &str) -> String {
    service.rsplit('.').next().unwrap_or(service).to_ascii_uppercase()
}

fn message(
    kind: Kind,
    s: &Subject,
    fact: &str,
    va: Option<&String>,
    vb: Option<&String>,
    a: &Intent,
    b: &Intent,
) -> String {
    let label = &s.label;
    if kind == Kind::VpcEndpoint
        && let Some(table) = fact.strip_prefix("serves route table ")
    {
        let svc = short_service(s.facts.get("service").map(String::as_str).unwrap_or(""));
        let (verb, side, consequence) = if va.is_some() {
            ("no longer serves", a, "loses its")
        } else {
            ("now also serves", b, "gains an")
        };
        let subnets = subnets_using(side, table);
        let tail = if subnets.is_empty() {
            " (no subnet uses it)".to_string()
        } else {
            format!(
                ": {}",
                subnets
                    .iter()
                    .map(|c| format!("subnet {c} {consequence} {svc} route"))
                    .collect::<Vec<_>>()
                    .join("; ")
            )
        };
        return format!("{label} {verb} route table {table}{tail}");
    }
    if kind == Kind::Subnet {
        if fact == "route table" {
            return format!("{label} moved from route table {} to {}", show(va), show(vb));
        }
        if let Some(dest) = fact.strip_prefix("route to ") {
            return match (va, vb) {
                (Some(x), Some(y)) => format!("{label}: traffic to {dest} now goes to {y} instead of {x}"),
                (Some(x), None) => format!("{label} loses its route to {dest} (-> {x})"),
                _ => format!("{label} gains a route to {dest} (-> {})", show(vb)),
            };
        }
    }
    if let Some(rule) = fact
        .strip_prefix("ingress rule ")
        .or_else(|| fact.strip_prefix("egress rule "))
    {
        let direction = if fact.starts_with("ingress") {
            "ingress"
        } else {
            "egress"
        };
        return if va.is_some() {
            format!("{label} loses its {direction} rule: {rule}")
        } else {
            format!("{label} gains an {direction} rule: {rule}")
        };
    }
    match (va, vb) {
        (Some(x), Some(y)) => format!("{label}: {fact} is {y} instead of {x}"),
        (Some(x), None) => format!("{label}: {fact} ({x}) holds only in A"),
        _ => format!("{label}: {fact} ({}) holds only in B", show(vb)),
    }
}

fn show(v: Option<&String>) -> String {
    v.cloned().unwrap_or_else(|| "(none)".into())
}

/// One line per subject, for `--explain`: what was checked.
pub fn explain(intent: &Intent) -> Vec<String> {
    intent
        .values()
        .map(|s| {
            let facts: Vec<String> = s
                .facts
                .iter()
                .map(|(k, v)| match (k.strip_prefix("route to "), v.as_str()) {
                    (Some(dest), _) => format!("{dest} -> {v}"),
                    (None, "yes") => k.clone(),
                    _ => format!("{k} {v}"),
                })
                .collect();
            format!("{}: {}", s.label, facts.join("; "))
        })
        .collect()
}
