//! Candidate mappings by name, checked against both schemas. A type pair or a property is only
//! emitted when the names match and the shapes agree; a type only when every required
//! CloudFormation property has a counterpart and every required Terraform argument is fed by a
//! required CloudFormation property (so any valid template yields a valid resource), except one
//! name (`name`, `*_name`) that CloudFormation generates when the template leaves it out: that
//! one becomes the mapping's `generated_name` (cfn2tf writes `<stack name>-<logical id>`).
//! Everything else is left out with the reason, for a person to curate.

use crate::naming::snake_case;
use crate::schema::{CfnKind, CfnSchemas, CfnType, TfBlock, TfSchema, TfType};
use serde_json::{Map, Value};
use std::collections::{BTreeMap, BTreeSet};

/// Services whose Terraform names use another prefix than the service name.
const SERVICE_PREFIXES: &[(&str, &[&str])] = &[
    ("Logs", &["cloudwatch", "cloudwatchlog"]),
    ("Events", &["cloudwatch", "cloudwatchevent"]),
    ("CloudWatch", &["cloudwatchmetric"]),
    ("ElasticLoadBalancingV2", &["lb"]),
    ("ElasticLoadBalancing", &["elb"]),
    ("CertificateManager", &["acm"]),
    ("StepFunctions", &["sfn"]),
];

/// Services whose Terraform names may drop the service prefix (`aws_vpc`, `aws_db_instance`,
/// `aws_autoscaling_group`).
const UNPREFIXED_SERVICES: &[&str] = &["EC2", "AutoScaling", "RDS"];

/// Nested blocks deeper than this are left to curation.
const MAX_DEPTH: usize = 6;

pub struct Generated {
    pub resources: Vec<GenResource>,
    /// CloudFormation type -> why no mapping was generated.
    pub skipped: BTreeMap<String, String>,
}

pub struct GenResource {
    pub service: String,
    pub cfn: String,
    pub tf: String,
    pub ref_attribute: Option<String>,
    pub attributes: BTreeMap<String, String>,
    /// The required name argument CloudFormation generates when the template gives none.
    pub generated_name: Option<String>,
    pub properties: Vec<(String, GenProp)>,
}

#[derive(Debug, Clone)]
pub enum GenProp {
    Name(String),
    /// A name whose value CloudFormation stores lower-cased (`lower_case = true`).
    Lower(String),
    Shaped {
        tf: String,
        shape: &'static str,
        properties: Vec<(String, GenProp)>,
    },
}

impl GenProp {
    fn tf(&self) -> &str {
        match self {
            GenProp::Name(n) | GenProp::Lower(n) => n,
            GenProp::Shaped { tf, .. } => tf,
        }
    }
}

fn norm(s: &str) -> String {
    s.chars()
        .filter(char::is_ascii_alphanumeric)
        .map(|c| c.to_ascii_lowercase())
        .collect()
}

/// `AWS::Svc::Name` -> the provider resource whose normalised name is the same, when exactly
/// one is (with the service prefixes above).
pub fn pair_types(cfn: &CfnSchemas, tf: &TfSchema) -> (BTreeMap<String, String>, BTreeMap<String, String>) {
    let mut by_norm: BTreeMap<String, Vec<&str>> = BTreeMap::new();
    for name in tf.resources.keys() {
        by_norm
            .entry(norm(name.trim_start_matches("aws_")))
            .or_default()
            .push(name);
    }
    let mut pairs = BTreeMap::new();
    let mut skipped = BTreeMap::new();
    for cfn_type in cfn.types.keys() {
        let parts: Vec<&str> = cfn_type.split("::").collect();
        let [_, service, name] = parts.as_slice() else {
            continue;
        };
        if parts[0] != "AWS" {
            continue;
        }
        let mut keys = vec![norm(service) + &norm(name)];
        if let Some((_, prefixes)) = SERVICE_PREFIXES.iter().find(|(s, _)| s == service) {
            keys.extend(prefixes.iter().map(|p| format!("{p}{}", norm(name))));
        }
        if UNPREFIXED_SERVICES.contains(service) {
            keys.push(norm(name));
        }
        let found: BTreeSet<&str> = keys.iter().filter_map(|k| by_norm.get(k)).flatten().copied().collect();
        match found.len() {
            0 => {}
            1 => {
                pairs.insert(cfn_type.clone(), found.first().unwrap().to_string());
            }
            _ => {
                skipped.insert(
                    cfn_type.clone(),
                    format!("ambiguous: {}", found.into_iter().collect::<Vec<_>>().join(", ")),
                );
            }
        }
    }
    // A Terraform type claimed by two CloudFormation types is not a clear pair for either.
    let mut claims: BTreeMap<&str, Vec<&str>> = BTreeMap::new();
    for (c, t) in &pairs {
        claims.entry(t.as_str()).or_default().push(c.as_str());
    }
    let shared: Vec<(String, String)> = claims
        .iter()
        .filter(|(_, cs)| cs.len() > 1)
        .flat_map(|(t, cs)| {
            cs.iter()
                .map(move |c| (c.to_string(), format!("{t} is also named by {}", cs.join(", "))))
        })
        .collect();
    for (c, why) in shared {
        pairs.remove(&c);
        skipped.insert(c, why);
    }
    (pairs, skipped)
}

pub fn generate(cfn: &CfnSchemas, tf: &TfSchema) -> Generated {
    let (pairs, mut skipped) = pair_types(cfn, tf);
    let mut resources = Vec::new();
    for (cfn_type, tf_type) in pairs {
        let (Some(c), Some(t)) = (cfn.get(&cfn_type), tf.resources.get(&tf_type)) else {
            continue;
        };
        match resource(c, &tf_type, t) {
            Ok(r) => resources.push(r),
            Err(why) => {
                skipped.insert(cfn_type, format!("{tf_type}: {why}"));
            }
        }
    }
    Generated { resources, skipped }
}

fn resource(c: &CfnType, tf_type: &str, t: &TfBlock) -> Result<GenResource, String> {
    let read_only: BTreeSet<String> = c.read_only().into_iter().collect();
    let settable: Map<String, Value> = c
        .properties()
        .iter()
        .filter(|(k, _)| !read_only.contains(*k))
        .map(|(k, v)| (k.clone(), v.clone()))
        .collect();
    let required = c.required();
    let (mut properties, missing) = map_level(c, &settable, &required, t, 0);
    let parts: Vec<&str> = c.name.split("::").collect();
    let short = parts[2];
    // One required name the template may leave to CloudFormation is generated; any other
    // required argument left unfed keeps the type out.
    let generated_name = missing
        .iter()
        .find(|n| is_name(n) && t.attributes.get(n.as_str()).is_some_and(|a| a.ty == TfType::String))
        .cloned();
    if let Some(n) = missing.iter().find(|n| Some(*n) != generated_name.as_ref()) {
        return Err(unfed(n));
    }
    if properties.is_empty() && !settable.is_empty() {
        return Err("no property matches a Terraform argument by name".into());
    }
    let mapped: BTreeSet<&str> = properties.iter().map(|(k, _)| k.as_str()).collect();
    if let Some(missing) = required.iter().find(|r| !mapped.contains(r.as_str())) {
        return Err(format!(
            "required property {missing} has no Terraform argument of the same name"
        ));
    }
    if let Some(arg) = &generated_name {
        feed_generated_name(c, &settable, short, arg, &mut properties)?;
    }
    let named = |p: &str| -> Option<String> {
        let snake = snake_case(p);
        if t.attributes.get(&snake).is_some_and(|a| a.ty.is_primitive()) {
            return Some(snake);
        }
        let alias = if p == "Id" || p == format!("{short}Id") {
            "id"
        } else if p == "Arn" || p == format!("{short}Arn") {
            "arn"
        } else if p == format!("{short}Name") {
            "name"
        } else {
            return None;
        };
        t.attributes.contains_key(alias).then(|| alias.to_string())
    };
    let identifier = c.primary_identifier();
    let ref_attribute = match identifier.as_slice() {
        [p] => properties
            .iter()
            .find(|(k, v)| k == p && matches!(v, GenProp::Name(_) | GenProp::Lower(_)))
            .map(|(_, v)| v.tf().to_string())
            .or_else(|| named(p)),
        _ => None,
    };
    let mut attributes = BTreeMap::new();
    for a in &c.getatts {
        if !a.chars().all(|ch| ch.is_ascii_alphanumeric()) {
            continue;
        }
        let Some(node) = c.attribute_node(a) else { continue };
        let Some(target) = named(a) else { continue };
        let cfn_list = matches!(c.kind(node), CfnKind::Array(_));
        let tf_list = t
            .attributes
            .get(&target)
            .is_some_and(|x| x.ty.is_collection() && x.ty.element().is_some_and(TfType::is_primitive));
        if cfn_list == tf_list && (cfn_list || c.kind(node).is_scalar()) {
            attributes.insert(a.clone(), target);
        }
    }
    Ok(GenResource {
        service: parts[1].to_string(),
        cfn: c.name.clone(),
        tf: tf_type.to_string(),
        ref_attribute,
        attributes,
        generated_name,
        properties,
    })
}

/// A name argument: `name` or `*_name`.
fn is_name(arg: &str) -> bool {
    arg == "name" || arg.ends_with("_name")
}

fn unfed(arg: &str) -> String {
    format!("required argument {arg} is not fed by a required CloudFormation property")
}

/// Name-like arguments the stack-derived form does not fit, where the CloudFormation schema does
/// not say so (CloudFormation type, or `*` for every type; argument; why).
const NOT_GENERATED: &[(&str, &str, &str)] = &[
    (
        "*",
        "device_name",
        "holds a device path, not a name CloudFormation generates",
    ),
    (
        "*",
        "aws_service_name",
        "holds a service principal, not a name CloudFormation generates",
    ),
    (
        "AWS::ApiGateway::DomainName",
        "domain_name",
        "holds a DNS name, not a name CloudFormation generates",
    ),
    (
        "AWS::Elasticsearch::Domain",
        "domain_name",
        "a domain name has 3 to 28 lower-case characters, which <stack name>-<logical id> does not fit",
    ),
    (
        "AWS::DAX::Cluster",
        "cluster_name",
        "a DAX cluster name has at most 20 characters, too few for <stack name>-<logical id>",
    ),
    (
        "AWS::SageMaker::CodeRepository",
        "code_repository_name",
        "a code repository name has at most 63 characters, too few for <stack name>-<logical id>",
    ),
];

/// Names in the stack-derived form `<stack name>-<logical id>` (letters, digits, hyphens): a
/// short one and one of 64 characters, both checked against the feeding property's pattern.
const STACK_DERIVED_SAMPLES: &[&str] = &[
    "MyStack-MyResource1",
    "MyStackWithALongerNameaaaaaaaaaaaaaaaaaaaaaaaaaaaaaa-MyResource1",
];

/// The shortest length limit a stack-derived name is trusted with: a stack name alone may have
/// 128 characters, and CloudFormation's own generated names keep well inside 64.
const MIN_GENERATED_NAME_LENGTH: u64 = 64;

/// The optional property that feeds a generated name argument: the one mapped to it by name, else
/// for `name` the one string property `<X>Name` whose `X` ends or starts the type's name
/// (`UserPoolClient`'s `ClientName`), which is added. Err when the argument holds something
/// CloudFormation does not generate, when unmapped `*Name` properties might feed it, or when the
/// feeding property's schema rules out the stack-derived form (a pattern it fails, a length limit
/// under 64).
fn feed_generated_name(
    c: &CfnType,
    settable: &Map<String, Value>,
    short: &str,
    arg: &str,
    properties: &mut Vec<(String, GenProp)>,
) -> Result<(), String> {
    if let Some((_, _, why)) = NOT_GENERATED
        .iter()
        .find(|(t, a, _)| (*t == "*" || *t == c.name) && *a == arg)
    {
        return Err(format!(
            "required argument {arg} is not fed by a required CloudFormation property, and {why}"
        ));
    }
    let mut feeder = properties
        .iter()
        .find(|(_, p)| matches!(p, GenProp::Name(n) if n == arg))
        .map(|(k, _)| k.clone());
    if feeder.is_none() {
        let stem = arg.strip_suffix("name").unwrap_or(arg).trim_end_matches('_');
        let unmapped: Vec<&String> = settable
            .iter()
            .filter(|(k, node)| {
                let snake = snake_case(k);
                matches!(c.kind(node), CfnKind::String)
                    && !properties.iter().any(|(p, _)| p == *k)
                    && (snake.ends_with("_name") || (!stem.is_empty() && snake.contains(stem)))
            })
            .map(|(k, _)| k)
            .collect();
        let related: Vec<&&String> = unmapped
            .iter()
            .filter(|k| {
                arg == "name"
                    && k.strip_suffix("Name")
                        .is_some_and(|x| !x.is_empty() && (short.ends_with(x) || short.starts_with(x)))
            })
            .collect();
        match (related.as_slice(), unmapped.as_slice()) {
            ([k], _) => {
                properties.push(((**k).clone(), GenProp::Name(arg.to_string())));
                feeder = Some((**k).clone());
            }
            (_, []) => {}
            (_, others) => {
                return Err(format!(
                    "required argument {arg} is not fed by a required CloudFormation property, and {} may name it",
                    others.iter().map(|k| k.as_str()).collect::<Vec<_>>().join(", ")
                ));
            }
        }
    }
    let Some(feeder) = feeder else {
        return Ok(());
    };
    let node = c.resolve(&settable[&feeder]);
    if let Some(max) = node.get("maxLength").and_then(Value::as_u64)
        && max < MIN_GENERATED_NAME_LENGTH
    {
        return Err(format!(
            "required argument {arg} would be generated, but {feeder} allows {max} characters, too few for <stack name>-<logical id>"
        ));
    }
    if let Some(pattern) = node.get("pattern").and_then(Value::as_str)
        && !pattern.is_empty()
        && let Some(sample) = STACK_DERIVED_SAMPLES.iter().find(|s| !pattern_admits(pattern, s))
    {
        return Err(format!(
            "required argument {arg} would be generated, but {feeder} must match {pattern}, which <stack name>-<logical id> ({sample}) does not"
        ));
    }
    Ok(())
}

/// Whether a CloudFormation schema pattern (ECMAScript) admits the whole of `text`: read as a
/// whole-value pattern, as the services enforce it (`[a-zA-Z][_a-zA-Z0-9]*` forbids hyphens),
/// stricter than JSON Schema's search. The regex crate has no lookaround: a lookahead at the
/// start is checked on its own (anchored there), one elsewhere is left out; a pattern that still
/// does not compile admits nothing (so the type stays out).
fn pattern_admits(pattern: &str, text: &str) -> bool {
    let mut rest = String::new();
    let chars: Vec<char> = pattern.chars().collect();
    let mut i = 0;
    while i < chars.len() {
        let look =
            chars[i] == '(' && chars.get(i + 1) == Some(&'?') && matches!(chars.get(i + 2), Some('=') | Some('!'));
        if !look {
            if chars[i] == '\\' && i + 1 < chars.len() {
                rest.push(chars[i]);
                i += 1;
            }
            rest.push(chars[i]);
            i += 1;
            continue;
        }
        // The matching `)`, past escapes and nested groups.
        let (mut depth, mut j) = (0usize, i);
        while j < chars.len() {
            match chars[j] {
                '\\' => j += 1,
                '(' => depth += 1,
                ')' => {
                    depth -= 1;
                    if depth == 0 {
                        break;
                    }
                }
                _ => {}
            }
            j += 1;
        }
        let body: String = chars[i + 3..j.min(chars.len())].iter().collect();
        let at_start = rest.is_empty() || rest == "^";
        if at_start {
            let Ok(re) = regex::Regex::new(&format!("^(?:{body})")) else {
                return false;
            };
            if re.is_match(text) != (chars[i + 2] == '=') {
                return false;
            }
        }
        i = j + 1;
    }
    regex::Regex::new(&format!("^(?:{rest})$")).is_ok_and(|re| re.is_match(text))
}

/// Property -> argument for one level. Err when a required Terraform argument would not be
/// produced by a required CloudFormation property.
fn map_properties(
    c: &CfnType,
    props: &Map<String, Value>,
    required: &[String],
    t: &TfBlock,
    depth: usize,
) -> Result<Vec<(String, GenProp)>, String> {
    let (out, missing) = map_level(c, props, required, t, depth);
    match missing.first() {
        Some(n) => Err(unfed(n)),
        None => Ok(out),
    }
}

/// Property -> argument for one level, and the required Terraform arguments no required
/// CloudFormation property feeds (attributes, then blocks).
fn map_level(
    c: &CfnType,
    props: &Map<String, Value>,
    required: &[String],
    t: &TfBlock,
    depth: usize,
) -> (Vec<(String, GenProp)>, Vec<String>) {
    let mut out: Vec<(String, GenProp)> = Vec::new();
    let mut used: BTreeSet<String> = BTreeSet::new();
    for (name, node) in props {
        if let Some(p) = property(c, name, node, t, depth)
            && used.insert(p.tf().to_string())
        {
            out.push((name.clone(), p));
        }
    }
    let fed: BTreeSet<&str> = out
        .iter()
        .filter(|(k, _)| required.contains(k))
        .map(|(_, p)| p.tf())
        .collect();
    let missing = t
        .attributes
        .iter()
        .filter(|(_, a)| a.required)
        .map(|(n, _)| n)
        .chain(t.blocks.iter().filter(|(_, b)| b.min_items > 0).map(|(n, _)| n))
        .filter(|n| !fed.contains(n.as_str()))
        .cloned()
        .collect();
    (out, missing)
}

fn property(c: &CfnType, name: &str, node: &Value, t: &TfBlock, depth: usize) -> Option<GenProp> {
    let kind = c.kind(node);
    if name == "Tags" {
        let tags = t.attributes.get("tags")?;
        if !tags.settable() || !matches!(tags.ty, TfType::Map(_)) {
            return None;
        }
        return match kind {
            CfnKind::Array(items) if tag_list(c, items) => Some(shaped("tags", "tags", vec![])),
            CfnKind::Map | CfnKind::Json => Some(shaped("tags", "map", vec![])),
            _ => None,
        };
    }
    let base = snake_case(name);
    let mut candidates = vec![base.clone()];
    match kind {
        CfnKind::Array(_) => candidates.extend(singular(&base)),
        k if k.is_scalar() => candidates.push(format!("{base}s")),
        _ => {}
    }
    let lowered = depth == 0 && c.lower_cased().iter().any(|p| p == name);
    candidates
        .iter()
        .filter(|n| !matches!(n.as_str(), "id" | "tags_all" | "region"))
        .find_map(|n| argument(c, node, kind, t, n, depth))
        .map(|p| match p {
            GenProp::Name(n) if lowered => GenProp::Lower(n),
            other => other,
        })
}

fn tag_list(c: &CfnType, items: &Value) -> bool {
    matches!(c.kind(items), CfnKind::Object(p) if p.contains_key("Key") && p.contains_key("Value"))
}

fn singular(plural: &str) -> Option<String> {
    if let Some(stem) = plural.strip_suffix("ies") {
        Some(format!("{stem}y"))
    } else if plural.ends_with("ses") || plural.ends_with("xes") {
        plural.strip_suffix("es").map(String::from)
    } else {
        plural.strip_suffix('s').filter(|s| !s.ends_with('s')).map(String::from)
    }
}

fn shaped(tf: &str, shape: &'static str, properties: Vec<(String, GenProp)>) -> GenProp {
    GenProp::Shaped {
        tf: tf.to_string(),
        shape,
        properties,
    }
}

/// The shape that carries a CloudFormation value of `kind` into the Terraform argument `n`.
fn argument(c: &CfnType, node: &Value, kind: CfnKind, t: &TfBlock, n: &str, depth: usize) -> Option<GenProp> {
    if let Some(a) = t.attributes.get(n) {
        if !a.settable() {
            return None;
        }
        let scalar_list = |ty: &TfType| ty.is_collection() && ty.element().is_some_and(TfType::is_primitive);
        return match (kind, &a.ty) {
            (CfnKind::String | CfnKind::Integer | CfnKind::Number | CfnKind::Boolean, TfType::String) => {
                Some(GenProp::Name(n.to_string()))
            }
            (CfnKind::Integer | CfnKind::Number | CfnKind::String, TfType::Number) => Some(shaped(n, "number", vec![])),
            (CfnKind::Boolean | CfnKind::String, TfType::Bool) => Some(shaped(n, "bool", vec![])),
            (CfnKind::String, ty) if scalar_list(ty) => Some(shaped(n, "list", vec![])),
            (CfnKind::Array(items), ty) if scalar_list(ty) && c.kind(items).is_scalar() => {
                Some(GenProp::Name(n.to_string()))
            }
            (CfnKind::Json, TfType::String) => Some(shaped(n, "json", vec![])),
            // A map of lists (an SSM association's parameters) is no map of strings.
            (CfnKind::Map, TfType::Map(e)) if e.is_primitive() && scalar_values(c, node) => {
                Some(shaped(n, "map", vec![]))
            }
            _ => None,
        };
    }
    let b = t.blocks.get(n)?;
    if depth >= MAX_DEPTH || !matches!(b.nesting.as_str(), "single" | "list" | "set") {
        return None;
    }
    let (shape, object) = match kind {
        CfnKind::Object(_) => ("block", c.resolve(node)),
        CfnKind::Array(items) if b.nesting != "single" && b.max_items != 1 => ("blocks", c.resolve(items)),
        _ => return None,
    };
    let CfnKind::Object(props) = c.kind(object) else {
        return None;
    };
    let required: Vec<String> = object
        .get("required")
        .and_then(Value::as_array)
        .map(|a| a.iter().filter_map(Value::as_str).map(String::from).collect())
        .unwrap_or_default();
    let nested = map_properties(c, props, &required, &b.block, depth + 1).ok()?;
    (!nested.is_empty()).then(|| shaped(n, shape, nested))
}

/// The values a map's `patternProperties` allow are no lists or objects.
fn scalar_values(c: &CfnType, node: &Value) -> bool {
    c.resolve(node)
        .get("patternProperties")
        .and_then(Value::as_object)
        .is_none_or(|p| {
            p.values()
                .all(|v| !matches!(c.kind(v), CfnKind::Array(_) | CfnKind::Object(_)))
        })
}

/// TOML key: bare when it can be, quoted otherwise.
fn key(k: &str) -> String {
    if !k.is_empty() && k.chars().all(|c| c.is_ascii_alphanumeric() || c == '_' || c == '-') {
        k.to_string()
    } else {
        toml::Value::String(k.to_string()).to_string()
    }
}

fn quote(s: &str) -> String {
    toml::Value::String(s.to_string()).to_string()
}

fn inline(p: &GenProp) -> String {
    match p {
        GenProp::Name(n) => quote(n),
        GenProp::Lower(n) => format!("{{ tf = {}, lower_case = true }}", quote(n)),
        GenProp::Shaped { tf, shape, properties } => {
            let mut s = format!("{{ tf = {}, shape = \"{shape}\"", quote(tf));
            if !properties.is_empty() {
                let inner: Vec<String> = properties
                    .iter()
                    .map(|(k, v)| format!("{} = {}", key(k), inline(v)))
                    .collect();
                s.push_str(&format!(", properties = {{ {} }}", inner.join(", ")));
            }
            s + " }"
        }
    }
}

/// The note every generated mapping carries into the converted output.
pub const NOTE: &str = "generated mapping (names matched in the CloudFormation and provider schemas; not reviewed)";

impl GenResource {
    /// The `[[resource]]` table, in the format of `mappings/*.toml`.
    pub fn to_toml(&self) -> String {
        let mut s = format!(
            "[[resource]]\ncfn = {}\ntf = {}\nnote = {}\n",
            quote(&self.cfn),
            quote(&self.tf),
            quote(NOTE)
        );
        if let Some(r) = &self.ref_attribute {
            s.push_str(&format!("ref = {}\n", quote(r)));
            // The provider imports by its `id` (passthrough) where that is the primary identifier,
            // which is the physical id CloudFormation reports.
            if r == "id" {
                s.push_str("import = \"{Ref}\"\n");
            }
        }
        if let Some(n) = &self.generated_name {
            s.push_str(&format!("generated_name = {}\n", quote(n)));
        }
        if !self.attributes.is_empty() {
            let attrs: Vec<String> = self
                .attributes
                .iter()
                .map(|(k, v)| format!("{} = {}", key(k), quote(v)))
                .collect();
            s.push_str(&format!("attributes = {{ {} }}\n", attrs.join(", ")));
        }
        if !self.properties.is_empty() {
            s.push_str("[resource.properties]\n");
            for (k, v) in &self.properties {
                s.push_str(&format!("{} = {}\n", key(k), inline(v)));
            }
        }
        s
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn singular_forms() {
        assert_eq!(singular("listeners").as_deref(), Some("listener"));
        assert_eq!(singular("policies").as_deref(), Some("policy"));
        assert_eq!(singular("addresses").as_deref(), Some("address"));
        assert_eq!(singular("access"), None);
    }

    #[test]
    fn toml_keys_and_nested_shapes() {
        let p = shaped(
            "ebs",
            "blocks",
            vec![("VolumeSize".into(), shaped("volume_size", "number", vec![]))],
        );
        assert_eq!(
            inline(&p),
            r#"{ tf = "ebs", shape = "blocks", properties = { VolumeSize = { tf = "volume_size", shape = "number" } } }"#
        );
        assert_eq!(key("a.b"), "\"a.b\"");
    }

    #[test]
    fn patterns_with_lookaheads() {
        let lower = "^(?!tg-)(?![-])(?!.*[-]$)(?!.*[-]{2})[a-z0-9-]+$";
        assert!(pattern_admits(lower, "my-stack-web"));
        assert!(!pattern_admits(lower, "tg-web"));
        assert!(!pattern_admits(lower, "MyStack-Web"));
        assert!(!pattern_admits("^(?=^[a-z0-9-]+$).{3,64}$", "MyStack-Web"));
        assert!(pattern_admits("(?!^[0-9]+$)([a-zA-Z0-9\\-_' ']+)", "MyStack-Web"));
        assert!(!pattern_admits("(?!^[0-9]+$)([a-zA-Z0-9\\-_' ']+)", "123"));
        assert!(!pattern_admits("^[ A-Za-z0-9_-]{1,50}$", STACK_DERIVED_SAMPLES[1]));
        assert!(!pattern_admits("[a-zA-Z][_a-zA-Z0-9]*", "MyStack-Web"));
    }
}
