//! One side of a diff: a CloudFormation template (converted forward by `convert`) or Terraform
//! (read by `tf::load_path`, local modules inlined), evaluated with the given values and
//! normalised into resources whose attributes carry only meaning: one shape per idea, sets
//! sorted, defaults written out.

use super::value::{Env, MAX_VALUE_NODES, Ref, Value, parse_json};
use crate::diagnostics::Diagnostics;
use crate::mapping::{PropertySpec, Registry, Shape};
use crate::model::naming::snake_case;
use crate::tf::{Block, BodyItem, Config, Expression, Origin};
use indexmap::IndexMap;
use std::collections::{BTreeMap, HashMap};
use std::path::Path;
use std::sync::OnceLock;

#[derive(Debug, Clone)]
pub struct Resource {
    pub ty: String,
    pub name: String,
    pub origin: Option<Origin>,
    pub attrs: BTreeMap<String, Value>,
}

pub use crate::files::Language as Kind;

pub struct Side {
    pub label: String,
    pub kind: Kind,
    /// (type, name) -> resource.
    pub resources: BTreeMap<(String, String), Resource>,
    /// Given `--param` / `--var` names this side has no parameter or variable for.
    pub undeclared: Vec<String>,
}

/// Loads and normalises one side. `values` are `--param` (CloudFormation) or `--var`
/// (Terraform) assignments; the names this side does not declare come back in `undeclared`.
pub fn load(path: &Path, values: &[(String, String)], color: bool) -> Result<Side, String> {
    let kind = crate::files::language_of(&path.display().to_string());
    let mut config = match kind {
        Kind::Terraform => match crate::tf::load_path(path) {
            Ok((config, _)) => config,
            Err(failed) => return Err(failed.1.render(&failed.0, color)),
        },
        Kind::CloudFormation => convert_template(path, color)?,
    };
    for (_, block) in config.blocks.iter_mut() {
        crate::tf::current_spelling(block);
    }
    // `count`, `for_each` and `dynamic` written out as the reverse direction writes them, on
    // both sides, so they build the same. A parameter's value goes to the variable it became.
    let named: Vec<(String, String)> = match kind {
        Kind::Terraform => values.to_vec(),
        Kind::CloudFormation => values
            .iter()
            .flat_map(|(n, v)| {
                let s = snake_case(n);
                [(format!("{s}_value"), v.clone()), (s, v.clone())]
            })
            .collect(),
    };
    let config = crate::reverse::write_out_copies(&config, &named);
    let (env, undeclared) = environment(&config, values, kind);
    let mut resources = BTreeMap::new();
    for (_, block) in &config.blocks {
        if let Some(r) = resource(block, &env) {
            resources.insert((r.ty.clone(), r.name.clone()), r);
        }
    }
    if let Some(local) = env.over_budget.borrow().as_ref() {
        let at = config
            .blocks
            .iter()
            .find(|(_, b)| b.ident == "locals" && b.attribute(local).is_some())
            .and_then(|(_, b)| b.origin.as_ref())
            .map_or_else(|| path.display().to_string(), |o| o.to_string());
        return Err(format!(
            "{at}: error: local.{local} grows past {MAX_VALUE_NODES} values when evaluated (locals that each use the one before more than once double at every step): not compared\n  help: diff compares what a configuration builds; simplify the chain of locals"
        ));
    }
    normalise(&mut resources);
    Ok(Side {
        label: path.display().to_string(),
        kind,
        resources,
        undeclared,
    })
}

fn convert_template(path: &Path, color: bool) -> Result<Config, String> {
    let file = crate::files::read_source(&path.display().to_string())?;
    let render = |diags: &Diagnostics| {
        diags
            .errors()
            .map(|d| d.render(&file, color))
            .collect::<Vec<_>>()
            .join("\n")
    };
    let converted = crate::run_pipeline(&file).map_err(|d| render(&d))?.conversion.config;
    // Read back through the same HCL parser as the Terraform side, so that both sides spell
    // strings the same way (escapes included); the blocks keep their template locations.
    let mut origins = HashMap::new();
    for (_, b) in &converted.blocks {
        origins.insert((b.ident.clone(), b.labels.clone()), b.origin.clone());
    }
    let mut config = Config::default();
    for (kind, text) in crate::emit::render_files(&converted) {
        let rendered = crate::source::SourceFile::new(kind.file_name(), text);
        let part = crate::tf::load_text(&rendered).map_err(|d| d.render(&rendered, color))?;
        for (kind, mut b) in part.blocks {
            b.origin = origins.get(&(b.ident.clone(), b.labels.clone())).cloned().flatten();
            config.push(kind, b);
        }
    }
    Ok(config)
}

fn environment(config: &Config, values: &[(String, String)], kind: Kind) -> (Env, Vec<String>) {
    let empty = Env {
        vars: HashMap::new(),
        locals: HashMap::new(),
        literals: HashMap::new(),
        steps: Default::default(),
        local_values: Default::default(),
        over_budget: Default::default(),
    };
    let mut vars = HashMap::new();
    let mut types = HashMap::new();
    let mut locals = HashMap::new();
    for (_, b) in &config.blocks {
        match (b.ident.as_str(), b.labels.first()) {
            ("variable", Some(name)) => {
                if let Some(d) = b.attribute("default") {
                    vars.insert(name.clone(), empty.eval(d));
                } else if let Some(Expression::String(description)) = b.attribute("description")
                    && let Some(data) = crate::reverse::data_stand_in(description)
                {
                    // A parameter the reverse direction made for a data source reads as it.
                    vars.insert(name.clone(), Value::Scalar(format!("<{data}>")));
                }
                let ty = b.attribute("type").map(crate::emit::inline_text).unwrap_or_default();
                types.insert(name.clone(), ty);
            }
            ("locals", _) => {
                for item in &b.body {
                    if let BodyItem::Attribute(k, v) = item {
                        locals.insert(k.clone(), v.clone());
                    }
                }
            }
            _ => {}
        }
    }
    let mut undeclared = Vec::new();
    for (given, value) in values {
        let name = match kind {
            Kind::Terraform => given.clone(),
            Kind::CloudFormation => {
                let s = snake_case(given);
                if types.contains_key(&s) {
                    s
                } else {
                    format!("{s}_value")
                }
            }
        };
        let Some(ty) = types.get(&name) else {
            undeclared.push(given.clone());
            continue;
        };
        let v = if ty.starts_with("list") || ty.starts_with("set") {
            Value::List(value.split(',').map(|s| Value::scalar(s.trim())).collect())
        } else {
            Value::scalar(value.clone())
        };
        vars.insert(name, v);
    }
    let mut env = Env {
        vars,
        locals,
        literals: HashMap::new(),
        steps: Default::default(),
        local_values: Default::default(),
        over_budget: Default::default(),
    };
    let mut literals = HashMap::new();
    for (_, b) in &config.blocks {
        let ("resource", [ty, name]) = (b.ident.as_str(), b.labels.as_slice()) else {
            continue;
        };
        for item in &b.body {
            if let BodyItem::Attribute(arg, x) = item
                && let v @ Value::Scalar(_) = env.eval(x)
                && !v.render().starts_with('<')
            {
                literals.insert(format!("{ty}.{name}.{arg}"), v);
            }
        }
    }
    literals.extend(zone_regions(config));
    env.literals = literals;
    (env, undeclared)
}

/// `data.aws_availability_zones.x.region` for a zones data source read through a provider
/// alias with a literal region: another region's zones are not the stack region's.
fn zone_regions(config: &Config) -> Vec<(String, Value)> {
    let mut regions = HashMap::new();
    for (_, b) in config.blocks.iter().filter(|(_, b)| b.ident == "provider") {
        if let (Some(Expression::String(alias)), Some(Expression::String(region))) =
            (b.attribute("alias"), b.attribute("region"))
        {
            regions.insert(format!("aws.{alias}"), region.clone());
        }
    }
    config
        .blocks
        .iter()
        .filter_map(
            |(_, b)| match (b.ident.as_str(), b.labels.as_slice(), b.attribute("provider")) {
                ("data", [ty, name], Some(provider)) if ty == "aws_availability_zones" => {
                    let region = regions.get(&crate::emit::inline_text(provider))?;
                    Some((format!("data.{ty}.{name}.region"), Value::Scalar(region.clone())))
                }
                _ => None,
            },
        )
        .collect()
}

/// Operational arguments that change how Terraform works, not what gets built.
const NOT_MEANING: &[&str] = &["depends_on", "lifecycle", "provider", "timeouts", "count", "tags_all"];

fn resource(block: &Block, env: &Env) -> Option<Resource> {
    let (ty, name) = match (block.ident.as_str(), block.labels.as_slice()) {
        ("resource", [ty, name]) => (ty.clone(), name.clone()),
        ("output", [name]) => ("output".to_string(), name.clone()),
        _ => return None,
    };
    let mut attrs = body(&ty, "", block, env);
    if let Some(count) = block.attribute("count") {
        match env.eval(count).as_str() {
            Some("0") => return None,
            Some("1") => {}
            _ => {
                attrs.insert("count".into(), env.eval(count));
            }
        }
    }
    Some(Resource {
        ty,
        name,
        origin: block.origin.clone(),
        attrs,
    })
}

fn body(ty: &str, prefix: &str, block: &Block, env: &Env) -> BTreeMap<String, Value> {
    let mut attrs = BTreeMap::new();
    let mut nested: BTreeMap<String, Vec<Value>> = BTreeMap::new();
    for item in &block.body {
        match item {
            BodyItem::Attribute(k, _) | BodyItem::Block(Block { ident: k, .. })
                if NOT_MEANING.contains(&k.as_str()) => {}
            BodyItem::Attribute(k, v) => {
                let path = format!("{prefix}{k}");
                attrs.insert(k.clone(), shaped(ty, &path, k, env.eval(v)));
            }
            BodyItem::Block(b) => {
                let inner = body(ty, &format!("{prefix}{}.", b.ident), b, env);
                nested.entry(b.ident.clone()).or_default().push(Value::Map(inner));
            }
            BodyItem::Comment(_) => {}
        }
    }
    for (k, items) in nested {
        let path = format!("{prefix}{k}");
        attrs.insert(k, shaped(ty, &path, "", Value::List(items)));
    }
    attrs.retain(|_, v| !v.is_empty());
    attrs
}

/// Sets sorted, JSON documents parsed.
fn shaped(ty: &str, path: &str, name: &str, v: Value) -> Value {
    let v = match v {
        Value::Scalar(s) if name.contains("policy") => parse_json(&s).unwrap_or(Value::Scalar(s)),
        other => other,
    };
    if is_set(ty, path) {
        Value::set(v.items().into_iter().cloned().collect())
    } else {
        v
    }
}

fn is_set(ty: &str, path: &str) -> bool {
    static SETS: OnceLock<std::collections::HashSet<(String, String)>> = OnceLock::new();
    SETS.get_or_init(|| {
        include_str!("../../mappings/diff/provider-sets.txt")
            .lines()
            .filter(|l| !l.starts_with('#'))
            .filter_map(|l| l.split_once(' '))
            .map(|(t, a)| (t.to_string(), a.trim().to_string()))
            .collect()
    })
    .contains(&(ty.to_string(), path.to_string()))
}

fn defaults() -> &'static [(String, String, String)] {
    static DEFAULTS: OnceLock<Vec<(String, String, String)>> = OnceLock::new();
    DEFAULTS.get_or_init(|| {
        include_str!("../../mappings/diff/defaults.txt")
            .lines()
            .filter(|l| !l.starts_with('#') && !l.trim().is_empty())
            .filter_map(|l| {
                let mut parts = l.splitn(3, ' ');
                Some((parts.next()?.into(), parts.next()?.into(), parts.next()?.trim().into()))
            })
            .collect()
    })
}

type Resources = BTreeMap<(String, String), Resource>;

fn reference(ty: &str, name: &str) -> Value {
    Value::Ref(Ref {
        ty: ty.into(),
        name: name.into(),
        attr: "id".into(),
    })
}

/// The shape rewrites: each Terraform idiom becomes the one form CloudFormation also has.
fn normalise(resources: &mut Resources) {
    gateway_vpc_id_to_attachment(
        resources,
        "aws_internet_gateway",
        "aws_internet_gateway_attachment",
        "internet_gateway_id",
    );
    gateway_vpc_id_to_attachment(
        resources,
        "aws_vpn_gateway",
        "aws_vpn_gateway_attachment",
        "vpn_gateway_id",
    );
    inline_routes(resources);
    security_group_rules(resources);
    endpoint_associations(resources);
    for r in resources.values_mut() {
        user_data(r);
        if let Some(m) = Registry::get().by_terraform(&r.ty) {
            provider_defaults(&m.properties, &mut r.attrs);
        }
        for v in r.attrs.values_mut() {
            ids_as_attributes(v);
        }
        for (ty, arg, value) in defaults() {
            if &r.ty == ty && !r.attrs.contains_key(arg) {
                r.attrs.insert(arg.clone(), Value::scalar(value.clone()));
            }
        }
    }
}

/// What the provider fills for an argument a configuration leaves out where CloudFormation
/// requires the property (`provider_default` in the mappings), at every level: leaving it out
/// and writing the value mean the same.
fn provider_defaults(properties: &IndexMap<String, PropertySpec>, attrs: &mut BTreeMap<String, Value>) {
    for rule in properties.values().filter_map(PropertySpec::table) {
        let Some(tf) = &rule.tf else { continue };
        match (&rule.provider_default, attrs.get_mut(tf)) {
            (Some(default), None) => {
                if let Some(v) = default_value(default) {
                    attrs.insert(tf.clone(), v);
                }
            }
            (None, Some(v)) if matches!(rule.shape, Shape::Block | Shape::Blocks) && !rule.properties.is_empty() => {
                let is_set = matches!(v, Value::Set(_));
                let (Value::List(items) | Value::Set(items)) = v else {
                    continue;
                };
                for item in items.iter_mut() {
                    if let Value::Map(m) = item {
                        provider_defaults(&rule.properties, m);
                    }
                }
                if is_set {
                    *v = Value::set(std::mem::take(items));
                }
            }
            _ => {}
        }
    }
}

/// A `provider_default` as the diff spells it (a pseudo parameter as the placeholder the
/// matching data source evaluates to).
fn default_value(default: &toml::Value) -> Option<Value> {
    Some(match default {
        toml::Value::String(s) => Value::scalar(s.clone()),
        toml::Value::Boolean(b) => Value::scalar(b.to_string()),
        toml::Value::Integer(i) => Value::scalar(i.to_string()),
        toml::Value::Table(t) => match t.get("ref").and_then(toml::Value::as_str)? {
            "AWS::Region" => Value::scalar("<region>"),
            "AWS::AccountId" => Value::scalar("<account>"),
            "AWS::Partition" => Value::scalar("<partition>"),
            _ => return None,
        },
        _ => return None,
    })
}

/// `x.id` names the attribute the provider's id equals (the mapping's `id`, else what `Ref`
/// returns), so a reference by `id` and one by that attribute compare equal.
fn ids_as_attributes(v: &mut Value) {
    match v {
        Value::Ref(r) if r.attr == "id" => {
            let same = Registry::get().by_terraform(&r.ty).and_then(|m| {
                let by_ref = m
                    .ref_attribute
                    .as_deref()
                    .filter(|a| a.chars().all(|c| c.is_ascii_lowercase() || c == '_'));
                m.id.as_deref().or(by_ref)
            });
            if let Some(attr) = same {
                r.attr = attr.to_string();
            }
        }
        Value::List(items) | Value::Concat(items) | Value::Call(_, items) => {
            items.iter_mut().for_each(ids_as_attributes)
        }
        Value::Set(items) => {
            items.iter_mut().for_each(ids_as_attributes);
            *v = Value::set(std::mem::take(items));
        }
        Value::Map(m) => m.values_mut().for_each(ids_as_attributes),
        Value::Null | Value::Scalar(_) | Value::Ref(_) => {}
    }
}

/// A name for a resource the normaliser creates, free on this side.
fn fresh_name(resources: &Resources, ty: &str, base: &str) -> String {
    let mut name = base.to_string();
    let mut n = 2;
    while resources.contains_key(&(ty.to_string(), name.clone())) {
        name = format!("{base}_{n}");
        n += 1;
    }
    name
}

/// `aws_internet_gateway.vpc_id` is an attachment written inline.
fn gateway_vpc_id_to_attachment(resources: &mut Resources, gw_ty: &str, attach_ty: &str, gw_arg: &str) {
    let inline: Vec<(String, Value, Option<Origin>)> = resources
        .values_mut()
        .filter(|r| r.ty == gw_ty)
        .filter_map(|r| r.attrs.remove("vpc_id").map(|v| (r.name.clone(), v, r.origin.clone())))
        .collect();
    for (gw, vpc, origin) in inline {
        let name = fresh_name(resources, attach_ty, &format!("{gw}_attachment"));
        let mut attrs = BTreeMap::new();
        attrs.insert(gw_arg.to_string(), reference(gw_ty, &gw));
        attrs.insert("vpc_id".to_string(), vpc);
        resources.insert(
            (attach_ty.to_string(), name.clone()),
            Resource {
                ty: attach_ty.into(),
                name,
                origin,
                attrs,
            },
        );
    }
}

/// Inline `route` blocks of a route table are `aws_route` resources.
fn inline_routes(resources: &mut Resources) {
    let mut new = Vec::new();
    for r in resources.values_mut().filter(|r| r.ty == "aws_route_table") {
        let Some(routes) = r.attrs.remove("route") else {
            continue;
        };
        for route in routes.items() {
            let Value::Map(m) = route else { continue };
            let mut attrs: BTreeMap<String, Value> = m
                .iter()
                .filter(|(_, v)| !v.is_empty() && v.as_str() != Some(""))
                .map(|(k, v)| {
                    let k = match k.as_str() {
                        "cidr_block" => "destination_cidr_block",
                        "ipv6_cidr_block" => "destination_ipv6_cidr_block",
                        other => other,
                    };
                    (k.to_string(), v.clone())
                })
                .collect();
            attrs.insert("route_table_id".into(), reference("aws_route_table", &r.name));
            new.push((r.name.clone(), r.origin.clone(), attrs));
        }
    }
    for (rt, origin, attrs) in new {
        let name = fresh_name(resources, "aws_route", &format!("{rt}_route"));
        resources.insert(
            ("aws_route".into(), name.clone()),
            Resource {
                ty: "aws_route".into(),
                name,
                origin,
                attrs,
            },
        );
    }
}

/// One rule per source or destination, protocol and ports in one spelling.
fn rule(
    direction: &str,
    protocol: &Value,
    from: Option<&Value>,
    to: Option<&Value>,
    peer: (&str, Value),
    description: Option<&Value>,
) -> Value {
    let mut m = BTreeMap::new();
    let protocol = match protocol.render().to_ascii_lowercase().as_str() {
        "-1" | "all" => "-1".to_string(),
        "6" => "tcp".into(),
        "17" => "udp".into(),
        "1" => "icmp".into(),
        "58" => "icmpv6".into(),
        other => other.to_string(),
    };
    if protocol != "-1" {
        m.insert("from_port".into(), from.cloned().unwrap_or(Value::Null));
        m.insert("to_port".into(), to.cloned().unwrap_or(Value::Null));
    }
    m.insert("protocol".into(), Value::Scalar(protocol));
    m.insert(peer.0.into(), peer.1);
    if let Some(d) = description.filter(|d| d.as_str() != Some("")) {
        m.insert("description".into(), d.clone());
    }
    m.insert("direction".into(), Value::Scalar(direction.into()));
    Value::Map(m)
}

/// Inline blocks, `aws_security_group_rule` and `aws_vpc_security_group_*_rule` all become
/// the group's `ingress` / `egress` sets of single rules.
fn security_group_rules(resources: &mut Resources) {
    let mut folded: BTreeMap<String, Vec<Value>> = BTreeMap::new();
    for r in resources.values_mut().filter(|r| r.ty == "aws_security_group") {
        let mut rules = Vec::new();
        for direction in ["ingress", "egress"] {
            for block in r.attrs.remove(direction).iter().flat_map(|v| v.items()) {
                let Value::Map(m) = block else { continue };
                rules.extend(explode(direction, m, Some(&r.name)));
            }
        }
        folded.insert(r.name.clone(), rules);
    }
    let separate: Vec<(String, String)> = resources
        .values()
        .filter(|r| {
            matches!(
                r.ty.as_str(),
                "aws_security_group_rule"
                    | "aws_vpc_security_group_ingress_rule"
                    | "aws_vpc_security_group_egress_rule"
            )
        })
        .map(|r| (r.ty.clone(), r.name.clone()))
        .collect();
    for key in separate {
        let r = &resources[&key];
        let Some(Ref { ty, name: sg, .. }) = r.attrs.get("security_group_id").and_then(Value::as_ref) else {
            continue;
        };
        if ty != "aws_security_group" || !folded.contains_key(sg) {
            continue;
        }
        let sg = sg.clone();
        let a = &r.attrs;
        let rules = match r.ty.as_str() {
            "aws_security_group_rule" => {
                let direction = a.get("type").map(Value::render).unwrap_or_default();
                let mut m = a.clone();
                if let Some(source) = m.remove("source_security_group_id") {
                    m.insert("security_groups".into(), Value::List(vec![source]));
                }
                explode(&direction, &m, Some(&sg))
            }
            _ => {
                let direction = if r.ty.contains("ingress") { "ingress" } else { "egress" };
                let peer = [
                    ("cidr_ipv4", "cidr_ipv4"),
                    ("cidr_ipv6", "cidr_ipv6"),
                    ("prefix_list_id", "prefix_list"),
                    ("referenced_security_group_id", "security_group"),
                ]
                .iter()
                .find_map(|(arg, key)| a.get(*arg).map(|v| (*key, v.clone())));
                let Some(peer) = peer else { continue };
                let protocol = a.get("ip_protocol").cloned().unwrap_or(Value::scalar("-1"));
                vec![rule(
                    direction,
                    &protocol,
                    a.get("from_port"),
                    a.get("to_port"),
                    peer,
                    a.get("description"),
                )]
            }
        };
        if let Some(list) = folded.get_mut(&sg) {
            list.extend(rules);
        }
        resources.remove(&key);
    }
    for (sg, rules) in folded {
        if let Some(r) = resources.get_mut(&("aws_security_group".to_string(), sg)) {
            for direction in ["ingress", "egress"] {
                let these: Vec<Value> = rules
                    .iter()
                    .filter(
                        |v| matches!(v, Value::Map(m) if m.get("direction").and_then(Value::as_str) == Some(direction)),
                    )
                    .cloned()
                    .collect();
                if !these.is_empty() && !is_no_egress(&these) {
                    r.attrs.insert(direction.into(), Value::set(these));
                }
            }
        }
    }
}

/// CloudFormation's documented way to write a group without egress (its default is allow-all):
/// one rule for all protocols to 127.0.0.1/32, traffic that never leaves the host. It means
/// what a Terraform group without egress blocks means.
fn is_no_egress(rules: &[Value]) -> bool {
    let [Value::Map(m)] = rules else { return false };
    m.get("direction").and_then(Value::as_str) == Some("egress")
        && m.get("protocol").and_then(Value::as_str) == Some("-1")
        && m.get("cidr_ipv4").and_then(Value::as_str) == Some("127.0.0.1/32")
}

/// An inline or `aws_security_group_rule` rule, one entry per CIDR / group / prefix list.
fn explode(direction: &str, m: &BTreeMap<String, Value>, own_group: Option<&str>) -> Vec<Value> {
    let protocol = m.get("protocol").cloned().unwrap_or(Value::scalar("-1"));
    let (from, to, description) = (m.get("from_port"), m.get("to_port"), m.get("description"));
    let mut out = Vec::new();
    let mut peers: Vec<(&str, Value)> = Vec::new();
    for (arg, key) in [
        ("cidr_blocks", "cidr_ipv4"),
        ("ipv6_cidr_blocks", "cidr_ipv6"),
        ("prefix_list_ids", "prefix_list"),
        ("security_groups", "security_group"),
    ] {
        for v in m.get(arg).iter().flat_map(|v| v.items()) {
            peers.push((key, v.clone()));
        }
    }
    if m.get("self").and_then(Value::as_str) == Some("true")
        && let Some(sg) = own_group
    {
        peers.push(("security_group", reference("aws_security_group", sg)));
    }
    for peer in peers {
        out.push(rule(direction, &protocol, from, to, peer, description));
    }
    out
}

/// `aws_vpc_endpoint_*_association` resources are the endpoint's own lists.
fn endpoint_associations(resources: &mut Resources) {
    for &(assoc_ty, arg, list) in crate::tf::ENDPOINT_ASSOCIATIONS {
        let keys: Vec<(String, String)> = resources.keys().filter(|(t, _)| t == assoc_ty).cloned().collect();
        for key in keys {
            let r = &resources[&key];
            let (Some(Ref { ty, name, .. }), Some(member)) =
                (r.attrs.get("vpc_endpoint_id").and_then(Value::as_ref), r.attrs.get(arg))
            else {
                continue;
            };
            let endpoint = (ty.clone(), name.clone());
            let member = member.clone();
            let Some(ep) = resources.get_mut(&endpoint) else {
                continue;
            };
            let mut items: Vec<Value> = ep
                .attrs
                .get(list)
                .map(|v| v.items().into_iter().cloned().collect())
                .unwrap_or_default();
            items.push(member);
            ep.attrs.insert(list.into(), Value::set(items));
            resources.remove(&key);
        }
    }
}

/// `user_data_base64` of text is `user_data` of that text.
fn user_data(r: &mut Resource) {
    let Some(encoded) = r.attrs.remove("user_data_base64") else {
        return;
    };
    let plain = match &encoded {
        Value::Scalar(s) => super::base64::decode(s).map(Value::Scalar),
        Value::Call(f, args) if f == "base64encode" && args.len() == 1 => Some(args[0].clone()),
        _ => None,
    };
    match plain {
        Some(text) => r.attrs.insert("user_data".into(), text),
        None => r.attrs.insert("user_data_base64".into(), encoded),
    };
}
