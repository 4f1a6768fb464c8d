//! One style of rules per security group. The provider documents that a group's inline
//! `ingress`/`egress` blocks and separate rule resources undo each other on every apply, so a
//! template that splits a group's rules between its own `SecurityGroupIngress`/`Egress` and
//! standalone `AWS::EC2::SecurityGroupIngress`/`Egress` resources (the usual way to write a
//! self-referencing rule) would never converge. The standalone rules are folded into the group's
//! inline blocks before conversion, where that makes no reference cycle; a rule that points back
//! at its own group becomes `self = true`.

use super::Converter;
use crate::model::{Expr, ExprKind, Property, RefTarget, Resource, Template};
use crate::tf::{Block, BodyItem, Expression};
use std::collections::{HashMap, HashSet};

const GROUP: &str = "AWS::EC2::SecurityGroup";
/// The template with foldable standalone rules moved into their groups, and for each folded
/// rule the group that took it (its logical ID).
pub(super) struct Folded {
    pub template: Template,
    pub into: HashMap<String, String>,
    /// Rules left standalone next to inline rules of their direction: (rule, group, why).
    pub mixed: Vec<(String, String, &'static str)>,
}

/// The group's own rule list a standalone rule type belongs to.
fn direction(type_name: &str) -> Option<&'static str> {
    match type_name {
        "AWS::EC2::SecurityGroupIngress" => Some("SecurityGroupIngress"),
        "AWS::EC2::SecurityGroupEgress" => Some("SecurityGroupEgress"),
        _ => None,
    }
}

/// The template group a rule's `GroupId` names (`Ref` or `GetAtt .GroupId`).
fn group_of(template: &Template, rule: &Resource) -> Option<String> {
    let id = match &rule.property("GroupId")?.value.kind {
        ExprKind::Ref(RefTarget::Resource(id)) => id,
        ExprKind::GetAtt { resource, attribute } if attribute == "GroupId" => resource,
        _ => return None,
    };
    (template.resources.get(id)?.type_name == GROUP).then(|| id.clone())
}

pub(super) fn fold_security_group_rules(template: &Template) -> Folded {
    let mut edges: HashMap<String, HashSet<String>> = template
        .resources
        .values()
        .map(|r| {
            let mut to: HashSet<String> = r
                .properties
                .iter()
                .flat_map(|p| p.value.referenced_resources())
                .collect();
            to.extend(r.depends_on.iter().map(|(d, _)| d.clone()));
            (r.logical_id.clone(), to)
        })
        .collect();
    // A rule something refers to (not only `DependsOn`) keeps its own resource.
    let mut referenced: HashSet<String> = template
        .resources
        .values()
        .flat_map(|r| r.properties.iter().flat_map(|p| p.value.referenced_resources()))
        .collect();
    for o in template.outputs.values() {
        referenced.extend(o.value.referenced_resources());
    }

    let mut out = template.clone();
    let mut into = HashMap::new();
    let mut left = Vec::new();
    // Groups whose own list for a direction was absent: AWS keeps its allow-all egress there.
    let mut had_no_egress: HashSet<String> = HashSet::new();
    for rule in template.resources.values() {
        let Some(list_property) = direction(&rule.type_name) else {
            continue;
        };
        let Some(group) = group_of(template, rule) else {
            continue;
        };
        let own = template.resources[&group].property(list_property).map(|p| &p.value);
        let why = if rule.condition.is_some() {
            Some("the rule has a Condition, which an inline block cannot carry")
        } else if !rule.depends_on.is_empty() || !rule.other_attributes.is_empty() {
            Some("the rule has DependsOn or other attributes an inline block cannot carry")
        } else if referenced.contains(&rule.logical_id) {
            Some("something refers to the rule itself")
        } else if own.is_some_and(|v| !matches!(v.kind, ExprKind::List(_)) && !v.is_no_value()) {
            Some("the group's own rule list is computed by an intrinsic")
        } else if rule.property("SourceSecurityGroupOwnerId").is_some() {
            Some("a cross-account rule is not expressible inline")
        } else {
            let peers: HashSet<String> = rule
                .properties
                .iter()
                .filter(|p| p.name != "GroupId")
                .flat_map(|p| p.value.referenced_resources())
                .filter(|id| id != &group)
                .collect();
            if peers.iter().any(|p| reaches(&edges, p, &group)) {
                Some("folding it into the group would make a reference cycle")
            } else {
                edges.entry(group.clone()).or_default().extend(peers);
                None
            }
        };
        if let Some(why) = why {
            left.push((rule.logical_id.clone(), group, why));
            continue;
        }
        let item = Expr::new(
            ExprKind::Map(
                rule.properties
                    .iter()
                    .filter(|p| p.name != "GroupId")
                    .map(|p| (p.name.clone(), p.span, p.value.clone()))
                    .collect(),
            ),
            rule.span,
        );
        let g = out.resources.get_mut(&group).expect("group of a template rule");
        if list_property == "SecurityGroupEgress" && own.is_none_or(Expr::is_no_value) {
            had_no_egress.insert(group.clone());
        }
        push_item(g, list_property, item, rule.span);
        into.insert(rule.logical_id.clone(), group);
    }
    for group in &had_no_egress {
        let g = out.resources.get_mut(group).expect("folded group");
        let list = g
            .properties
            .iter_mut()
            .find(|p| p.name == "SecurityGroupEgress")
            .expect("folded egress");
        if let ExprKind::List(items) = &mut list.value.kind {
            items.insert(0, allow_all(list.span));
        }
    }
    for r in out.resources.values_mut() {
        let mut seen = HashSet::new();
        let own = r.logical_id.clone();
        r.depends_on = std::mem::take(&mut r.depends_on)
            .into_iter()
            .map(|(d, span)| (into.get(&d).cloned().unwrap_or(d), span))
            .filter(|(d, _)| d != &own && seen.insert(d.clone()))
            .collect();
    }
    // The provider leaves a direction the group does not write to rule resources, so only a
    // rule next to inline rules of its own direction fights them. Every group writes egress
    // (at least the allow-all of `default_egress`).
    let mixed = left
        .into_iter()
        .filter(|(rule, group, _)| {
            let list_property = direction(&template.resources[rule].type_name).expect("a rule type");
            list_property == "SecurityGroupEgress"
                || out.resources[group].property(list_property).is_some_and(|p| {
                    !p.value.is_no_value() && !matches!(&p.value.kind, ExprKind::List(items) if items.is_empty())
                })
        })
        .collect();
    Folded {
        template: out,
        into,
        mixed,
    }
}

fn reaches(edges: &HashMap<String, HashSet<String>>, from: &str, to: &str) -> bool {
    let mut stack = vec![from.to_string()];
    let mut seen = HashSet::new();
    while let Some(n) = stack.pop() {
        if n == to {
            return true;
        }
        if seen.insert(n.clone()) {
            stack.extend(edges.get(&n).into_iter().flatten().cloned());
        }
    }
    false
}

fn push_item(group: &mut Resource, list_property: &str, item: Expr, span: crate::source::Span) {
    match group.properties.iter_mut().find(|p| p.name == list_property) {
        Some(p) => match &mut p.value.kind {
            ExprKind::List(items) => items.push(item),
            // `AWS::NoValue`: no rules of its own.
            _ => p.value = Expr::new(ExprKind::List(vec![item]), span),
        },
        None => group.properties.push(Property {
            name: list_property.to_string(),
            span,
            value: Expr::new(ExprKind::List(vec![item]), span),
        }),
    }
}

/// AWS's default egress rule of a new VPC group, which a standalone egress rule does not remove.
fn allow_all(span: crate::source::Span) -> Expr {
    let s = |v: &str| Expr::new(ExprKind::String(v.to_string()), span);
    Expr::new(
        ExprKind::Map(vec![
            ("IpProtocol".to_string(), span, s("-1")),
            ("CidrIp".to_string(), span, s("0.0.0.0/0")),
        ]),
        span,
    )
}

/// The group's inline rules as the provider reads them back. A folded rule whose peer is its own
/// group is `self = true` (a reference to the group inside its own block is a cycle Terraform
/// refuses); an all-protocols rule has ports 0, which AWS reports whatever the template said.
pub(super) fn inline_rules(c: &mut Converter<'_>, r: &Resource, b: &mut Block) {
    let own = c.expr(&Expr::new(
        ExprKind::Ref(RefTarget::Resource(r.logical_id.clone())),
        r.span,
    ));
    for item in b.body.iter_mut() {
        let BodyItem::Block(rule) = item else { continue };
        if rule.ident != "ingress" && rule.ident != "egress" {
            continue;
        }
        let mut is_self = false;
        for inner in rule.body.iter_mut() {
            if let BodyItem::Attribute(name, Expression::Array(peers)) = inner
                && name == "security_groups"
            {
                let before = peers.len();
                peers.retain(|p| p != &own);
                is_self |= peers.len() != before;
            }
        }
        let all_protocols = match rule.attribute("protocol") {
            Some(Expression::String(p)) => p == "-1",
            Some(Expression::Number(n)) => n.as_i64() == Some(-1),
            _ => false,
        };
        if all_protocols {
            for inner in rule.body.iter_mut() {
                if let BodyItem::Attribute(name, value) = inner
                    && (name == "from_port" || name == "to_port")
                {
                    *value = Expression::Number(0.into());
                }
            }
        }
        if is_self {
            rule.body.retain(
                |i| !matches!(i, BodyItem::Attribute(n, Expression::Array(peers)) if n == "security_groups" && peers.is_empty()),
            );
            rule.attr("self", Expression::Bool(true));
        }
    }
}
