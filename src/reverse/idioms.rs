//! Terraform-only shapes normalised into the shape CloudFormation has. Before conversion, the
//! configuration is rewritten in Terraform terms (so the mappings do the rest):
//! - `aws_internet_gateway.vpc_id` -> an `aws_internet_gateway_attachment` (a
//!   VPCGatewayAttachment); what depended on the gateway depends on the attachment;
//! - deprecated arguments in their current spelling (`tf::current_spelling`);
//! - `aws_route_table` inline `route` blocks -> `aws_route` resources;
//! - `aws_vpc_endpoint_*_association` -> the endpoint's `route_table_ids` / `subnet_ids` /
//!   `security_group_ids`;
//! - an inline security group rule with `self = true` -> an `aws_vpc_security_group_*_rule`
//!   (a SecurityGroupIngress/Egress: inside its own group, the reference would be circular).
//!
//! After conversion, in CloudFormation terms:
//! - `aws_vpc_security_group_egress_rule`s of a group in the template are folded into its
//!   `SecurityGroupEgress` (a standalone SecurityGroupEgress would keep AWS's default allow-all
//!   rule, which Terraform removes);
//! - the `default_egress` rule inverted: an allow-all egress is CloudFormation's default, so it
//!   is dropped; a group with no egress at all gets a rule that allows nothing useful, because
//!   CloudFormation would otherwise add allow-all.

use super::expr::traversal_path;
use super::resources::traced_logical_id;
use super::{At, Reverser, x};
use crate::model::{Expr, ExprKind, RefTarget};
use crate::tf::{Block, BodyItem, Config, Expression, traversal};

/// Inline route arguments named differently on `aws_route`.
const INLINE_ROUTE_RENAMES: &[(&str, &str)] = &[
    ("cidr_block", "destination_cidr_block"),
    ("ipv6_cidr_block", "destination_ipv6_cidr_block"),
];

pub(super) fn rewrite(r: &mut Reverser<'_>, config: &Config) -> Vec<Block> {
    let mut blocks: Vec<Block> = config.blocks.iter().map(|(_, b)| b.clone()).collect();
    blocks.iter_mut().for_each(crate::tf::current_spelling);
    inline_routes(&mut blocks);
    self_rules(&mut blocks);
    endpoint_associations(r, &mut blocks);
    gateway_attachments(&mut blocks);
    blocks
}

fn is_resource(b: &Block, ty: &str) -> bool {
    b.ident == "resource" && b.labels.first().is_some_and(|l| l == ty)
}

fn name_of(b: &Block) -> String {
    b.labels.get(1).cloned().unwrap_or_default()
}

/// A synthesised block keeps the trace of the block it came from, with its own logical ID.
fn derived(from: &Block, ty: &str, name: &str, id_suffix: &str, cfn_type: &str) -> Block {
    let mut b = Block::new("resource", &[ty, name]);
    b.origin = from.origin.clone();
    if let Some((id, _)) = traced_logical_id(from) {
        b.comments
            .push(format!("{id}{id_suffix} ({cfn_type}) from {}", trace_origin(from)));
    }
    b
}

fn trace_origin(b: &Block) -> String {
    b.origin.as_ref().map(|o| o.to_string()).unwrap_or_default()
}

fn inline_routes(blocks: &mut Vec<Block>) {
    let mut out = Vec::with_capacity(blocks.len());
    for mut b in std::mem::take(blocks) {
        if !is_resource(&b, "aws_route_table") {
            out.push(b);
            continue;
        }
        let rt = name_of(&b);
        let routes: Vec<Block> = b.blocks("route").cloned().collect();
        // `route = []` says "no routes", which is also CloudFormation's default.
        b.body.retain(|i| {
            !matches!(i, BodyItem::Block(nb) if nb.ident == "route")
                && !matches!(i, BodyItem::Attribute(n, Expression::Array(a)) if n == "route" && a.is_empty())
        });
        let routes: Vec<Block> = routes
            .into_iter()
            .filter(|r| !matches!(r.attribute("gateway_id"), Some(Expression::String(s)) if s == "local"))
            .collect();
        let many = routes.len() > 1;
        let mut made = Vec::new();
        for (i, route) in routes.iter().enumerate() {
            let (name, suffix) = if many {
                (format!("{rt}_route_{}", i + 1), format!("Route{}", i + 1))
            } else {
                (format!("{rt}_route"), "Route".to_string())
            };
            let mut nb = derived(&b, "aws_route", &name, &suffix, "AWS::EC2::Route");
            nb.origin = route.origin.clone().or(b.origin.clone());
            nb.attr("route_table_id", traversal(&["aws_route_table", &rt, "id"]));
            for item in &route.body {
                if let BodyItem::Attribute(n, v) = item {
                    let n = INLINE_ROUTE_RENAMES
                        .iter()
                        .find(|(from, _)| from == n)
                        .map(|(_, to)| *to)
                        .unwrap_or(n);
                    nb.attr(n, v.clone());
                }
            }
            made.push(nb);
        }
        out.push(b);
        out.extend(made);
    }
    *blocks = out;
}

/// Inline rule arguments named differently on the rule resources.
const INLINE_RULE_RENAMES: &[(&str, &str)] = &[("protocol", "ip_protocol")];

fn self_rules(blocks: &mut Vec<Block>) {
    let mut out = Vec::with_capacity(blocks.len());
    for mut b in std::mem::take(blocks) {
        if !is_resource(&b, "aws_security_group") || b.has_attribute("count") || b.has_attribute("for_each") {
            out.push(b);
            continue;
        }
        let sg = name_of(&b);
        let own = traversal(&["aws_security_group", &sg, "id"]);
        let mut made = Vec::new();
        let group = b.clone();
        for item in b.body.iter_mut() {
            let BodyItem::Block(rule) = item else { continue };
            let (ty, cfn_type, word) = match rule.ident.as_str() {
                "ingress" => (
                    "aws_vpc_security_group_ingress_rule",
                    "AWS::EC2::SecurityGroupIngress",
                    "Ingress",
                ),
                "egress" => (
                    "aws_vpc_security_group_egress_rule",
                    "AWS::EC2::SecurityGroupEgress",
                    "Egress",
                ),
                _ => continue,
            };
            if !matches!(rule.attribute("self"), Some(Expression::Bool(true))) {
                continue;
            }
            rule.body
                .retain(|i| !matches!(i, BodyItem::Attribute(n, _) if n == "self"));
            let n = made.len() + 1;
            let mut nb = derived(
                &group,
                ty,
                &format!("{sg}_self_{}_{n}", rule.ident),
                &format!("Self{word}{n}"),
                cfn_type,
            );
            nb.origin = rule.origin.clone().or(group.origin.clone());
            nb.attr("security_group_id", own.clone());
            nb.attr("referenced_security_group_id", own.clone());
            let all_protocols = matches!(rule.attribute("protocol"), Some(Expression::String(p)) if p == "-1");
            for inner in &rule.body {
                let BodyItem::Attribute(name, value) = inner else {
                    continue;
                };
                match name.as_str() {
                    "protocol" | "description" => {}
                    "from_port" | "to_port" if !all_protocols => {}
                    _ => continue,
                }
                let name = INLINE_RULE_RENAMES
                    .iter()
                    .find(|(from, _)| from == name)
                    .map_or(name.as_str(), |(_, to)| to);
                nb.attr(name, value.clone());
            }
            made.push(nb);
        }
        // A block whose only peer was the group itself is now the rule resource alone.
        b.body.retain(|i| {
            !matches!(i, BodyItem::Block(rule) if (rule.ident == "ingress" || rule.ident == "egress")
                && !["cidr_blocks", "ipv6_cidr_blocks", "prefix_list_ids", "security_groups"].iter().any(|p| rule.has_attribute(p)))
        });
        out.push(b);
        out.extend(made);
    }
    *blocks = out;
}

fn endpoint_associations(r: &mut Reverser<'_>, blocks: &mut Vec<Block>) {
    let mut i = 0;
    while i < blocks.len() {
        let Some((_, arg, list)) = crate::tf::ENDPOINT_ASSOCIATIONS
            .iter()
            .find(|(ty, _, _)| is_resource(&blocks[i], ty))
        else {
            i += 1;
            continue;
        };
        let assoc = blocks[i].clone();
        let endpoint = match assoc.attribute("vpc_endpoint_id") {
            Some(Expression::Traversal(t)) => match traversal_path(t).as_slice() {
                [ty, name, _] if ty == "aws_vpc_endpoint" => {
                    blocks.iter().position(|b| is_resource(b, ty) && name_of(b) == *name)
                }
                _ => None,
            },
            _ => None,
        };
        let value = assoc.attribute(arg).cloned();
        let (Some(e), Some(value)) = (endpoint, value) else {
            r.error_with_help(
                "reverse::endpoint-association",
                format!(
                    "{}.{}: its endpoint is not an aws_vpc_endpoint of this configuration, and CloudFormation lists an endpoint's {list} on the endpoint itself",
                    assoc.labels[0],
                    name_of(&assoc)
                ),
                &At::arg(&assoc, "vpc_endpoint_id"),
                "convert the configuration that declares the endpoint together with this one",
            );
            i += 1;
            continue;
        };
        let target = &mut blocks[e];
        let mut pushed = false;
        for item in target.body.iter_mut() {
            if let BodyItem::Attribute(n, Expression::Array(items)) = item
                && n == list
            {
                items.push(value.clone());
                pushed = true;
            }
        }
        if !pushed {
            if target.has_attribute(list) {
                r.error(
                    "reverse::endpoint-association",
                    format!("the endpoint's {list} is computed, so this association cannot be added to it"),
                    &At::block(&assoc),
                );
            } else {
                target.attr(list, Expression::Array(vec![value]));
            }
        }
        blocks.remove(i);
    }
}

fn gateway_attachments(blocks: &mut Vec<Block>) {
    let mut out = Vec::with_capacity(blocks.len());
    let mut attached: Vec<(String, String)> = Vec::new();
    for mut b in std::mem::take(blocks) {
        let vpc = if is_resource(&b, "aws_internet_gateway") {
            b.attribute("vpc_id").cloned()
        } else {
            None
        };
        let Some(vpc) = vpc else {
            out.push(b);
            continue;
        };
        let igw = name_of(&b);
        b.body
            .retain(|i| !matches!(i, BodyItem::Attribute(n, _) if n == "vpc_id"));
        let attachment = format!("{igw}_attachment");
        let mut nb = derived(
            &b,
            "aws_internet_gateway_attachment",
            &attachment,
            "Attachment",
            "AWS::EC2::VPCGatewayAttachment",
        );
        nb.attr("internet_gateway_id", traversal(&["aws_internet_gateway", &igw, "id"]));
        nb.attr("vpc_id", vpc);
        attached.push((igw, attachment));
        out.push(b);
        out.push(nb);
    }
    // What needs the gateway attached: routes through it, and whatever depended on it.
    for b in out.iter_mut().filter(|b| b.ident == "resource") {
        for (igw, attachment) in &attached {
            let gateway = format!("aws_internet_gateway.{igw}");
            let routes_through = is_resource(b, "aws_route")
                && matches!(b.attribute("gateway_id"), Some(Expression::Traversal(t)) if traversal_path(t).join(".") == format!("{gateway}.id"));
            let mut deps: Vec<Expression> = match b.attribute("depends_on") {
                Some(Expression::Array(a)) => a.clone(),
                _ => Vec::new(),
            };
            let depended = deps.iter().any(|d| crate::emit::inline_text(d) == gateway);
            if !routes_through && !depended {
                continue;
            }
            let to = traversal(&["aws_internet_gateway_attachment", attachment]);
            deps.retain(|d| crate::emit::inline_text(d) != gateway);
            if !deps.contains(&to) {
                deps.push(to);
            }
            b.body
                .retain(|i| !matches!(i, BodyItem::Attribute(n, _) if n == "depends_on"));
            b.attr("depends_on", Expression::Array(deps));
        }
    }
    *blocks = out;
}

/// The CloudFormation-side steps, once every resource is converted.
pub(super) fn after(r: &mut Reverser<'_>, resources: &[&Block]) {
    fold_egress_rules(r);
    for b in resources {
        let Some(mapping) = super::resources::mapping_of(r.registry, b) else {
            continue;
        };
        for rule in &mapping.rules {
            let address = format!("{}.{}", b.labels[0], name_of(b));
            let Some(id) = r.targets.get(&address).map(|t| t.logical_id.clone()) else {
                continue;
            };
            match rule.as_str() {
                "default_egress" => default_egress(r, &id, b),
                "cloudfront_defaults" => super::cloudfront::drop_defaults(r, &id),
                // A forward-only normalisation: what it removes reads back as it is.
                "all_protocols_without_ports" => {}
                // Read back by its property rule (`custom_resource_property`) and `resource_type`.
                "custom_resource" => {}
                other => r.warn(
                    "reverse::rule",
                    format!("the mapping names a rule `{other}` that has no reverse"),
                    &At::block(b),
                ),
            }
        }
    }
}

fn fold_egress_rules(r: &mut Reverser<'_>) {
    let egress_ids: Vec<String> = r
        .template
        .resources
        .iter()
        .filter(|(_, res)| res.type_name == "AWS::EC2::SecurityGroupEgress")
        .map(|(id, _)| id.clone())
        .collect();
    for id in egress_ids {
        let group = r.template.resources[&id].property("GroupId").map(|p| p.value.clone());
        let Some(Expr {
            kind: ExprKind::Ref(RefTarget::Resource(sg)) | ExprKind::GetAtt { resource: sg, .. },
            ..
        }) = group
        else {
            continue;
        };
        if r.template
            .resources
            .get(&sg)
            .is_none_or(|g| g.type_name != "AWS::EC2::SecurityGroup")
            || r.template.resources[&id].condition.is_some()
            || r.template.resources[&id]
                .property("DestinationSecurityGroupId")
                .is_some_and(|p| p.value.referenced_resources().contains(&sg))
        {
            continue;
        }
        let rule = r.template.resources.shift_remove(&id).expect("listed above");
        let entries: Vec<(String, crate::source::Span, Expr)> = rule
            .properties
            .into_iter()
            .filter(|p| p.name != "GroupId")
            .map(|p| (p.name, p.span, p.value))
            .collect();
        let group = r.template.resources.get_mut(&sg).expect("checked above");
        let item = x(ExprKind::Map(entries));
        match group.properties.iter_mut().find(|p| p.name == "SecurityGroupEgress") {
            Some(p) => match &mut p.value.kind {
                ExprKind::List(items) => items.push(item),
                _ => continue,
            },
            None => group.properties.push(crate::model::Property {
                name: "SecurityGroupEgress".into(),
                span: Default::default(),
                value: x(ExprKind::List(vec![item])),
            }),
        }
        // What depended on the rule depends on its group.
        for res in r.template.resources.values_mut() {
            for d in res.depends_on.iter_mut() {
                if d.0 == id {
                    d.0 = sg.clone();
                }
            }
            let mut seen = std::collections::HashSet::new();
            res.depends_on.retain(|d| seen.insert(d.0.clone()));
        }
        r.origins.shift_remove(&id);
    }
}

/// An allow-all rule to 0.0.0.0/0 (or ::/0), as AWS creates by default.
fn is_allow_all(item: &Expr) -> bool {
    let ExprKind::Map(entries) = &item.kind else {
        return false;
    };
    let mut destination = false;
    for (k, _, v) in entries {
        let text = v.as_literal_str().unwrap_or("");
        let ok = match k.as_str() {
            "IpProtocol" => text == "-1",
            "FromPort" | "ToPort" => text == "0" || text == "-1",
            "CidrIp" => {
                destination = true;
                text == "0.0.0.0/0"
            }
            "CidrIpv6" => {
                destination = true;
                text == "::/0"
            }
            _ => false,
        };
        if !ok {
            return false;
        }
    }
    destination
}

fn default_egress(r: &mut Reverser<'_>, id: &str, b: &Block) {
    let Some(group) = r.template.resources.get_mut(id) else {
        return;
    };
    let egress = group.properties.iter().position(|p| p.name == "SecurityGroupEgress");
    let items = egress.and_then(|i| match &group.properties[i].value.kind {
        ExprKind::List(items) => Some(items.clone()),
        _ => None,
    });
    match (egress, items) {
        (Some(i), Some(items)) if !items.is_empty() && items.iter().all(is_allow_all) => {
            // CloudFormation's default: written, it would read as a deliberate rule.
            group.properties.remove(i);
        }
        (Some(_), Some(items)) if !items.is_empty() => {}
        (Some(_), None) => {}
        (egress, _) => {
            if let Some(i) = egress {
                group.properties.remove(i);
            }
            let sentinel = x(ExprKind::Map(vec![
                (
                    "IpProtocol".into(),
                    Default::default(),
                    x(ExprKind::String("-1".into())),
                ),
                (
                    "CidrIp".into(),
                    Default::default(),
                    x(ExprKind::String("127.0.0.1/32".into())),
                ),
            ]));
            group.properties.push(crate::model::Property {
                name: "SecurityGroupEgress".into(),
                span: Default::default(),
                value: x(ExprKind::List(vec![sentinel])),
            });
            r.warn_noted(
                "reverse::no-egress",
                "this security group has no egress rule in Terraform; CloudFormation would add allow-all, so a rule to 127.0.0.1/32 stands in for none".to_string(),
                &At::block(b),
                "Resources",
                id,
            );
        }
    }
}
