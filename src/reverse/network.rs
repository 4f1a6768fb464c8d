//! Inverse rules of the networking and compute mappings: each reads the forward rule's table in
//! `src/convert/rules.rs` backwards, so the two directions cannot disagree.

use super::expr::{object_get, traversal_path};
use super::rules::map;
use super::{At, Reverser, x};
use crate::convert::rules::{
    ECS_FREE_FORM, ELB_LISTENER, HEALTH_CHECK, LB_ATTRIBUTES, LISTENER_CONDITIONS, TARGET_GROUP_ATTRIBUTES,
    TARGET_GROUP_STICKINESS,
};
use crate::model::{Expr, ExprKind, RefTarget};
use crate::tf::{Block, BodyItem, Expression};
use hcl::expr::{FuncCall, ObjectKey};

/// The three arguments a scaling policy names its target by.
const SCALING_TARGET_PARTS: [&str; 3] = ["resource_id", "scalable_dimension", "service_namespace"];

/// The arguments of `b` that `rule` turns back into a property; None for a rule not in this module.
pub(super) fn claimed(rule: &str, b: &Block, r: &Reverser<'_>) -> Option<Vec<&'static str>> {
    Some(match rule {
        "eni_private_ips" if b.has_attribute("private_ip_list") => {
            vec!["private_ip_list", "private_ip_list_enabled"]
        }
        "elb_listeners" => vec!["listener"],
        "scheme_internal" => vec!["internal"],
        "lb_attributes" => LB_ATTRIBUTES.iter().map(|(_, a)| *a).collect(),
        "target_group_attributes" => TARGET_GROUP_ATTRIBUTES
            .iter()
            .map(|(_, a)| *a)
            .chain(["stickiness"])
            .collect(),
        "health_check_argument" => vec!["health_check"],
        "listener_rule_conditions" => vec!["condition"],
        "dimensions_map" => vec!["dimensions"],
        "ecs_container_definitions" if json_encoded(b.attribute("container_definitions")).is_some() => {
            vec!["container_definitions"]
        }
        "scaling_target_id" if scaling_target(b, r).is_some() => SCALING_TARGET_PARTS.to_vec(),
        "hosted_zone_name" if zone_name(b, r).is_some() => vec!["zone_id"],
        "custom_resource_property" if custom_resource_event(b).is_some() => {
            let mut out = vec!["function_name", "input"];
            if b.blocks("lifecycle").all(is_token_check) {
                out.push("lifecycle");
            }
            out
        }
        _ => return None,
    })
}

/// Runs a rule of this module: the properties it makes, in order.
pub(super) fn apply(rule: &str, b: &Block, r: &mut Reverser<'_>, at: &At) -> Option<Vec<(String, Expr)>> {
    Some(match rule {
        "eni_private_ips" => private_ips(b, r, at),
        "elb_listeners" => listeners(b, r, at),
        "scheme_internal" => scheme(b, r, at),
        "lb_attributes" => key_values("LoadBalancerAttributes", LB_ATTRIBUTES, b, r, at),
        "target_group_attributes" => target_group_attributes(b, r, at),
        "health_check_argument" => health_check(b, r, at),
        "listener_rule_conditions" => conditions(b, r, at),
        "dimensions_map" => dimensions(b, r, at),
        "ecs_container_definitions" => container_definitions(b, r, at),
        "scaling_target_id" => {
            let id = scaling_target(b, r)?;
            vec![("ScalingTargetId".into(), x(ExprKind::Ref(RefTarget::Resource(id))))]
        }
        "hosted_zone_name" => {
            let name = zone_name(b, r)?;
            vec![("HostedZoneName".into(), r.expr(&name, &at.with("zone_id")))]
        }
        "custom_resource_property" => custom_resource_properties(b, r, at),
        _ => return None,
    })
}

/// A custom resource's CloudFormation type, from the event the forward direction sends.
pub(super) fn custom_resource_type(b: &Block) -> Option<String> {
    match object_get(custom_resource_event(b)?, "ResourceType")? {
        Expression::String(s) => Some(s.clone()),
        _ => None,
    }
}

fn string(s: &str) -> Expr {
    x(ExprKind::String(s.into()))
}

/// The argument of `jsonencode(...)`.
fn json_encoded(e: Option<&Expression>) -> Option<&Expression> {
    match e? {
        Expression::FuncCall(f) if is_call(f, "jsonencode") => f.args.first(),
        _ => None,
    }
}

fn is_call(f: &FuncCall, name: &str) -> bool {
    f.name.name.as_str() == name && f.name.namespace.is_empty()
}

/// `private_ip_list` (the primary first) -> `PrivateIpAddresses` with `Primary` on the first.
fn private_ips(b: &Block, r: &mut Reverser<'_>, at: &At) -> Vec<(String, Expr)> {
    let Some(Expression::Array(ips)) = b.attribute("private_ip_list") else {
        return Vec::new();
    };
    let items = ips
        .iter()
        .enumerate()
        .map(|(i, ip)| {
            map(vec![
                ("PrivateIpAddress".into(), r.expr(ip, &at.with("private_ip_list"))),
                ("Primary".into(), x(ExprKind::Bool(i == 0))),
            ])
        })
        .collect();
    vec![("PrivateIpAddresses".into(), x(ExprKind::List(items)))]
}

/// `listener` blocks -> `Listeners`; an `instance_protocol` equal to `lb_protocol` is the one
/// CloudFormation defaults to, so it is left out as the forward direction found it.
fn listeners(b: &Block, r: &mut Reverser<'_>, at: &At) -> Vec<(String, Expr)> {
    let mut items = Vec::new();
    for l in b.blocks("listener") {
        let mut entries = Vec::new();
        for item in &l.body {
            let BodyItem::Attribute(arg, v) = item else { continue };
            if arg == "instance_protocol" && l.attribute("lb_protocol") == Some(v) {
                continue;
            }
            match ELB_LISTENER.iter().find(|(_, a)| a == arg) {
                Some((key, _)) => entries.push((key.to_string(), r.expr(v, &at.with(arg)))),
                None => unmapped(r, arg, "listener", at),
            }
        }
        items.push(map(entries));
    }
    vec![("Listeners".into(), x(ExprKind::List(items)))]
}

fn unmapped(r: &mut Reverser<'_>, arg: &str, what: &str, at: &At) {
    r.warn(
        "reverse::unmapped-argument",
        format!("`{arg}` of {what} has no CloudFormation property: not converted"),
        &at.with(arg),
    );
}

/// `internal = true | false` -> `Scheme: internal | internet-facing`.
fn scheme(b: &Block, r: &mut Reverser<'_>, at: &At) -> Vec<(String, Expr)> {
    let value = match b.attribute("internal") {
        Some(Expression::Bool(internal)) => string(if *internal { "internal" } else { "internet-facing" }),
        Some(other) => {
            let condition = r.condition_name(other, "Internal", &at.with("internal"));
            x(ExprKind::If {
                condition,
                then: Box::new(string("internal")),
                otherwise: Box::new(string("internet-facing")),
            })
        }
        None => return Vec::new(),
    };
    vec![("Scheme".into(), value)]
}

/// `{Key, Value}`: a tag, or an attribute of a load balancer or target group.
pub(super) fn key_value(key: &str, value: Expr) -> Expr {
    map(vec![("Key".into(), string(key)), ("Value".into(), value)])
}

/// Arguments named in `table` -> a `[{Key, Value}]` list, in the order of the body.
fn key_value_items(table: &[(&str, &str)], b: &Block, r: &mut Reverser<'_>, at: &At) -> Vec<Expr> {
    let mut items = Vec::new();
    for item in &b.body {
        let BodyItem::Attribute(arg, v) = item else { continue };
        if let Some((key, _)) = table.iter().find(|(_, a)| a == arg) {
            items.push(key_value(key, r.expr(v, &at.with(arg))));
        }
    }
    items
}

fn key_values(property: &str, table: &[(&str, &str)], b: &Block, r: &mut Reverser<'_>, at: &At) -> Vec<(String, Expr)> {
    let items = key_value_items(table, b, r, at);
    vec![(property.into(), x(ExprKind::List(items)))]
}

/// Target group arguments and the `stickiness` block -> `TargetGroupAttributes`; the cookie
/// duration's key follows the stickiness type.
fn target_group_attributes(b: &Block, r: &mut Reverser<'_>, at: &At) -> Vec<(String, Expr)> {
    let mut items = key_value_items(TARGET_GROUP_ATTRIBUTES, b, r, at);
    for s in b.blocks("stickiness") {
        let app_cookie = matches!(s.attribute("type"), Some(Expression::String(t)) if t == "app_cookie");
        let mut stickiness = Vec::new();
        for item in &s.body {
            let BodyItem::Attribute(arg, v) = item else { continue };
            let key = TARGET_GROUP_STICKINESS
                .iter()
                .filter(|(_, a)| a == arg)
                .map(|(k, _)| *k)
                .find(|k| !k.contains("_cookie.") || k.contains("app_cookie.") == app_cookie);
            match key {
                Some(key) => stickiness.push(key_value(key, r.expr(v, &at.with(arg)))),
                None => unmapped(r, arg, "stickiness", at),
            }
        }
        items.extend(stickiness);
    }
    vec![("TargetGroupAttributes".into(), x(ExprKind::List(items)))]
}

/// The `health_check` block -> the flat `HealthCheck*` properties and `Matcher` (a gRPC target
/// group's codes are `GrpcCode`).
fn health_check(b: &Block, r: &mut Reverser<'_>, at: &At) -> Vec<(String, Expr)> {
    let grpc = matches!(b.attribute("protocol_version"), Some(Expression::String(v)) if v.eq_ignore_ascii_case("GRPC"));
    let code = if grpc { "GrpcCode" } else { "HttpCode" };
    let mut out = Vec::new();
    for hc in b.blocks("health_check") {
        for item in &hc.body {
            let BodyItem::Attribute(arg, v) = item else { continue };
            let value = r.expr(v, &at.with(arg));
            match HEALTH_CHECK.iter().find(|(_, a)| a == arg) {
                Some((prop, _)) => out.push((prop.to_string(), value)),
                None if arg == "matcher" => out.push(("Matcher".into(), map(vec![(code.into(), value)]))),
                None => unmapped(r, arg, "health_check", at),
            }
        }
    }
    out
}

/// `condition { path_pattern { values } }` -> `{Field: path-pattern, Values}`.
fn conditions(b: &Block, r: &mut Reverser<'_>, at: &At) -> Vec<(String, Expr)> {
    let mut items = Vec::new();
    for c in b.blocks("condition") {
        for inner in c.body.iter().filter_map(|i| match i {
            BodyItem::Block(nb) => Some(nb),
            _ => None,
        }) {
            let (Some((field, _, _)), Some(values)) = (
                LISTENER_CONDITIONS.iter().find(|(_, blk, _)| *blk == inner.ident),
                inner.attribute("values"),
            ) else {
                unmapped(r, &inner.ident, "a listener rule condition", at);
                continue;
            };
            items.push(map(vec![
                ("Field".into(), string(field)),
                ("Values".into(), r.expr(values, &at.with("values"))),
            ]));
        }
    }
    vec![("Conditions".into(), x(ExprKind::List(items)))]
}

/// A `dimensions` map -> `[{Name, Value}]`.
fn dimensions(b: &Block, r: &mut Reverser<'_>, at: &At) -> Vec<(String, Expr)> {
    let Some(v) = b.attribute("dimensions") else {
        return Vec::new();
    };
    let items = match r.expr(v, &at.with("dimensions")).kind {
        ExprKind::Map(entries) => entries
            .into_iter()
            .map(|(k, _, v)| map(vec![("Name".into(), string(&k)), ("Value".into(), v)]))
            .collect(),
        _ => {
            r.warn(
                "reverse::unmapped-argument",
                "`dimensions` is not an object: Dimensions not converted",
                &at.with("dimensions"),
            );
            return Vec::new();
        }
    };
    vec![("Dimensions".into(), x(ExprKind::List(items)))]
}

/// `jsonencode([...])` of camelCase container definitions -> `ContainerDefinitions` in
/// PascalCase; free-form maps (log options, labels) keep their keys.
fn container_definitions(b: &Block, r: &mut Reverser<'_>, at: &At) -> Vec<(String, Expr)> {
    let Some(v) = json_encoded(b.attribute("container_definitions")) else {
        return Vec::new();
    };
    let value = r.expr(v, &at.with("container_definitions"));
    vec![("ContainerDefinitions".into(), pascal_keys(value, false))]
}

fn pascal_keys(e: Expr, free_form: bool) -> Expr {
    match e.kind {
        ExprKind::Map(entries) => x(ExprKind::Map(
            entries
                .into_iter()
                .map(|(k, span, v)| {
                    let key = if free_form { k } else { upper_first(&k) };
                    let v = pascal_keys(v, !free_form && ECS_FREE_FORM.contains(&key.as_str()));
                    (key, span, v)
                })
                .collect(),
        )),
        ExprKind::List(items) => x(ExprKind::List(
            items.into_iter().map(|i| pascal_keys(i, false)).collect(),
        )),
        kind => Expr { kind, ..e },
    }
}

fn upper_first(k: &str) -> String {
    let mut chars = k.chars();
    match chars.next() {
        Some(f) => f.to_uppercase().collect::<String>() + chars.as_str(),
        None => String::new(),
    }
}

/// The scalable target a policy's three parts all read: its `Ref` is the `ScalingTargetId`.
fn scaling_target(b: &Block, r: &Reverser<'_>) -> Option<String> {
    let mut address = None;
    for part in SCALING_TARGET_PARTS {
        let Some(Expression::Traversal(t)) = b.attribute(part) else {
            return None;
        };
        let [ty, name, attr] = traversal_path(t).try_into().ok()?;
        if ty != "aws_appautoscaling_target" || attr != part {
            return None;
        }
        let this = format!("{ty}.{name}");
        if address.get_or_insert_with(|| this.clone()) != &this {
            return None;
        }
    }
    Some(r.targets.get(&address?)?.logical_id.clone())
}

/// The zone name a `data.aws_route53_zone` lookup in `zone_id` was made from.
fn zone_name(b: &Block, r: &Reverser<'_>) -> Option<Expression> {
    let Some(Expression::Traversal(t)) = b.attribute("zone_id") else {
        return None;
    };
    let [root, kind, name, attr] = traversal_path(t).try_into().ok()?;
    if root != "data" || kind != "aws_route53_zone" || attr != "zone_id" {
        return None;
    }
    let lookup = r.tf_blocks.get(&format!("{kind}.{name}"))?;
    // Only a lookup by name alone is a HostedZoneName; other filters have no counterpart.
    let only_name = lookup
        .body
        .iter()
        .all(|i| matches!(i, BodyItem::Attribute(a, _) if a == "name"));
    only_name.then(|| lookup.attribute("name").cloned()).flatten()
}

/// The event object of an `aws_lambda_invocation` written for a custom resource.
fn custom_resource_event(b: &Block) -> Option<&hcl::Object<ObjectKey, Expression>> {
    match json_encoded(b.attribute("input"))? {
        Expression::Object(o)
            if object_get(o, "RequestType").is_some() && object_get(o, "ResourceProperties").is_some() =>
        {
            Some(o)
        }
        _ => None,
    }
}

/// The `lifecycle` block the forward direction adds for a token known only at deploy time: a
/// single precondition that the token is a Lambda ARN (CloudFormation checks that itself).
fn is_token_check(lc: &Block) -> bool {
    matches!(lc.body.as_slice(), [BodyItem::Block(pre)] if pre.ident == "precondition"
        && matches!(pre.attribute("condition"), Some(Expression::FuncCall(f)) if is_call(f, "can")))
}

/// The event's `ResourceProperties` -> the custom resource's properties (`ServiceToken` first,
/// as it is one of them).
fn custom_resource_properties(b: &Block, r: &mut Reverser<'_>, at: &At) -> Vec<(String, Expr)> {
    let Some(Expression::Object(props)) = custom_resource_event(b).and_then(|e| object_get(e, "ResourceProperties"))
    else {
        return Vec::new();
    };
    let mut out = Vec::new();
    for (k, v) in props {
        let key = match k {
            ObjectKey::Identifier(i) => i.to_string(),
            ObjectKey::Expression(Expression::String(s)) => s.clone(),
            _ => continue,
        };
        let value = r.expr(v, &at.with("input"));
        out.push((key, value));
    }
    out
}
