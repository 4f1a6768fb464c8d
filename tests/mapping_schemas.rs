//! Every mapping file, curated (`mappings/*.toml`) and generated (`mappings/generated/*.toml`),
//! checked against the two schemas on this machine: cfn-lint's CloudFormation resource schemas
//! (read with python3) and the hashicorp/aws provider schema (`terraform providers schema -json`
//! with the offline mirror, cached in target/schemas/). Skips with the reason when either is
//! missing; required under CI=true.

mod common;

use cfn2tf::mapping::{MAPPING_FILES, PropertyRule, PropertySpec, Registry, ResourceMapping, Shape};
use indexmap::IndexMap;
use mapgen::schema::{CfnKind, CfnSchemas, CfnType, TfAttribute, TfBlock, TfBlockType, TfSchema, TfType};
use serde_json::{Map, Value};
use std::collections::BTreeSet;
use std::sync::OnceLock;

fn schemas() -> Option<&'static (CfnSchemas, TfSchema)> {
    static SCHEMAS: OnceLock<Result<(CfnSchemas, TfSchema), String>> = OnceLock::new();
    let loaded = SCHEMAS.get_or_init(|| {
        let cache = common::repo_root().join("target/schemas");
        let cfn =
            CfnSchemas::load_cached(&cache.join("cfn-lint.json")).map_err(|e| format!("cfn-lint schemas: {e}"))?;
        let tf = TfSchema::load_cached(&cache.join("tf-schema.json"), &common::tf_mirror())
            .map_err(|e| format!("provider schema: {e}"))?;
        Ok((cfn, tf))
    });
    match loaded {
        Ok(s) => Some(s),
        Err(why) => {
            common::available(&format!("the CloudFormation and provider schemas ({why})"), false);
            None
        }
    }
}

/// The problems of one mapping, each naming the file, the type and the property path.
fn check(m: &ResourceMapping, cfn: &CfnSchemas, tf: &TfSchema) -> Vec<String> {
    let mut errors = Vec::new();
    let mut err = |msg: String| errors.push(format!("mappings/{}: {} -> {}: {msg}", m.file, m.cfn, m.tf));
    let Some(c) = cfn.get(&m.cfn) else {
        err("not a CloudFormation type in cfn-lint's schemas".into());
        return errors;
    };
    if m.dropped.is_some() {
        // Left out on purpose: no Terraform resource to check against.
        return errors;
    }
    let Some(t) = tf.resources.get(&m.tf) else {
        err("not a resource of the hashicorp/aws provider".into());
        return errors;
    };
    let mut problems = Vec::new();
    if let Some(when) = &m.when
        && !c.properties().contains_key(when)
    {
        problems.push(format!("`when = {when}` is not a CloudFormation property"));
    }
    let has_rules = !m.rules.is_empty();
    // The generated name is written like a fixed argument: `<stack name>-<logical id>`.
    let mut fixed = m.fixed.clone();
    if let Some(name) = &m.generated_name {
        let arg = name.argument();
        if !t.attributes.get(arg).is_some_and(|a| a.ty == TfType::String) {
            problems.push(format!("`generated_name = {arg}` is not a string argument of {}", m.tf));
        }
        fixed.insert(arg.to_string(), toml::Value::String(String::new()));
    }
    check_level(
        c,
        c.properties(),
        t,
        &m.properties,
        &m.unsupported,
        &fixed,
        has_rules,
        "",
        &mut problems,
    );
    if let Some(r) = &m.ref_attribute {
        for a in attributes_named(r) {
            if !t.attributes.contains_key(&a) {
                problems.push(format!("`ref = {r}`: `{a}` is not an attribute of {}", m.tf));
            }
        }
    }
    if let Some(id) = &m.id {
        if !t.attributes.contains_key(id) {
            problems.push(format!("`id = {id}`: not an attribute of {}", m.tf));
        }
        if id == "id" || m.ref_attribute.as_deref() == Some(id.as_str()) {
            problems.push(format!("`id = {id}` says what `ref` already does: leave it out"));
        }
    }
    for (getatt, why) in &m.unsupported_attributes {
        if !c.getatts.contains(getatt) {
            problems.push(format!(
                "unsupported attribute {getatt} is not a CloudFormation attribute of {}",
                m.cfn
            ));
        }
        if m.attributes.contains_key(getatt) {
            problems.push(format!("GetAtt {getatt} is both mapped and unsupported ({why})"));
        }
    }
    for (getatt, target) in &m.attributes {
        if !getatt.contains('*') && target.contains('{') {
            // A template: its shape is its outermost form, checked against CloudFormation's.
            if let Some(node) = c.attribute_node(getatt) {
                let cfn_list = matches!(c.kind(node), CfnKind::Array(_));
                if let Some(tf_list) = template_is_list(target)
                    && (cfn_list || c.kind(node).is_scalar())
                    && tf_list != cfn_list
                {
                    problems.push(format!(
                        "GetAtt {getatt} is a {} in CloudFormation but `{target}` makes a {}",
                        if cfn_list { "list" } else { "single value" },
                        if tf_list { "list" } else { "single value" }
                    ));
                }
            }
        }
        if target.contains("{companion:") || target.contains("{associated:") {
            problems.extend(related_problems(m, tf, getatt, target));
            if !target.contains("{self}") {
                continue;
            }
        }
        if getatt.contains('*') || target.contains("{self}") {
            // A pattern (`Outputs.*`) or an expression over the resource's own attributes.
            if getatt.contains('*') && !c.getatts.iter().any(|g| g.contains(".*")) {
                problems.push(format!(
                    "GetAtt pattern {getatt}: cfn-lint accepts no pattern for {}",
                    m.cfn
                ));
            }
            for a in attributes_named(target) {
                if !t.attributes.contains_key(&a) {
                    problems.push(format!(
                        "GetAtt {getatt} -> `{target}`: `{a}` is not an attribute of {}",
                        m.tf
                    ));
                }
            }
            continue;
        }
        if !c.getatts.contains(getatt) {
            problems.push(format!(
                "GetAtt {getatt} is not a CloudFormation attribute of {} (cfn-lint accepts: {})",
                m.cfn,
                c.getatts.join(", ")
            ));
            continue;
        }
        let root = target.split('.').next().unwrap_or(target);
        let Some(a) = t.attributes.get(root) else {
            problems.push(format!("GetAtt {getatt} -> `{target}` is not an attribute of {}", m.tf));
            continue;
        };
        if root == target
            && let Some(node) = c.attribute_node(getatt)
        {
            let cfn_list = matches!(c.kind(node), CfnKind::Array(_));
            let known = cfn_list || c.kind(node).is_scalar();
            let scalar_items = match c.kind(node) {
                CfnKind::Array(items) => c.kind(items).is_scalar(),
                _ => false,
            };
            if known && cfn_list != a.ty.is_collection() {
                problems.push(format!(
                    "GetAtt {getatt} is a {} in CloudFormation but `{target}` is {:?} in Terraform",
                    if cfn_list { "list" } else { "single value" },
                    a.ty
                ));
            } else if scalar_items && a.ty.element().is_some_and(|e| !e.is_primitive()) {
                problems.push(format!(
                    "GetAtt {getatt} is a list of strings in CloudFormation but `{target}` is {:?} in Terraform",
                    a.ty
                ));
            }
        }
    }
    for p in problems {
        err(p);
    }
    errors
}

/// Whether an attribute template makes a list (its outermost form is a list or a function that
/// returns one) or a single value (a string template); None when its form does not say.
fn template_is_list(target: &str) -> Option<bool> {
    let t = target.trim();
    if t.starts_with('[') {
        return Some(true);
    }
    if t.starts_with('"') {
        return Some(false);
    }
    let function = t.split('(').next().filter(|f| t.len() > f.len())?;
    match function {
        "concat" | "compact" | "distinct" | "flatten" | "split" | "tolist" | "sort" | "cidrsubnets" => Some(true),
        "join" | "format" | "lower" | "upper" | "tostring" | "element" => Some(false),
        _ => None,
    }
}

/// `{companion:TYPE}.attr` names a companion the mapping declares and an attribute of it;
/// `{associated:TYPE}` names a provider resource, and what a `for` over it reads is its attribute.
fn related_problems(m: &ResourceMapping, tf: &TfSchema, getatt: &str, target: &str) -> Vec<String> {
    let mut problems = Vec::new();
    for (marker, rest) in [("{companion:", "}."), ("{associated:", "}")] {
        for piece in target.split(marker).skip(1) {
            let Some((tf_type, after)) = piece.split_once(rest) else {
                problems.push(format!("GetAtt {getatt} -> `{target}`: an unclosed {marker}"));
                continue;
            };
            let Some(t) = tf.resources.get(tf_type) else {
                problems.push(format!(
                    "GetAtt {getatt} -> `{target}`: {tf_type} is not a provider resource"
                ));
                continue;
            };
            let read: String = if marker == "{companion:" {
                if !m
                    .properties
                    .values()
                    .any(|p| p.rule().resource.is_some_and(|c| c.tf == tf_type && !c.per_item))
                {
                    problems.push(format!(
                        "GetAtt {getatt} -> `{target}`: {tf_type} is no (single) companion of {}",
                        m.tf
                    ));
                }
                after
                    .chars()
                    .take_while(|c| c.is_ascii_alphanumeric() || *c == '_')
                    .collect()
            } else {
                // `[for a in {associated:T} : a.name]`: the variable's attribute.
                let var = target
                    .split("for ")
                    .nth(1)
                    .and_then(|f| f.split_whitespace().next())
                    .unwrap_or("");
                after
                    .split_once(&format!("{var}."))
                    .map(|(_, a)| {
                        a.chars()
                            .take_while(|c| c.is_ascii_alphanumeric() || *c == '_')
                            .collect()
                    })
                    .unwrap_or_default()
            };
            if !read.is_empty() && !t.attributes.contains_key(&read) {
                problems.push(format!(
                    "GetAtt {getatt} -> `{target}`: `{read}` is not an attribute of {tf_type}"
                ));
            }
        }
    }
    problems
}

/// The resource attributes a `ref`/`attributes` value names: itself, or each `{self}.name` of a
/// template expression.
fn attributes_named(target: &str) -> Vec<String> {
    if !target.contains("{self}") {
        return vec![target.split('.').next().unwrap_or(target).to_string()];
    }
    target
        .split("{self}.")
        .skip(1)
        .map(|rest| {
            rest.chars()
                .take_while(|c| c.is_ascii_alphanumeric() || *c == '_')
                .collect()
        })
        .collect()
}

/// Value semantics against the CloudFormation schema: the literals a `values` table translates
/// are the schema's enum values where it has an enum, and `lower_case` is declared exactly where
/// CloudFormation lower-cases the property itself (its `propertyTransform`).
fn check_values(c: &CfnType, node: &Value, rule: &PropertyRule, at: &str, top_level: bool, problems: &mut Vec<String>) {
    if let Some(Value::Array(allowed)) = c.resolve(node).get("enum") {
        let allowed: BTreeSet<&str> = allowed.iter().filter_map(Value::as_str).collect();
        for literal in rule.values.keys() {
            if !allowed.contains(literal.as_str()) {
                problems.push(format!(
                    "property {at}: `values` translates `{literal}`, not one of CloudFormation's enum {allowed:?}"
                ));
            }
        }
    }
    // An enum CloudFormation reads in any case (`RuleAction: Allow`), spelt lower-case.
    let any_case_lower = c
        .resolve(node)
        .get("enumCaseInsensitive")
        .and_then(Value::as_array)
        .is_some_and(|e| e.iter().filter_map(Value::as_str).all(|v| v == v.to_lowercase()));
    if rule.shape == Shape::Value && rule.values.is_empty() {
        let transformed = top_level && c.lower_cased().iter().any(|p| p == at);
        if transformed && !rule.lower_case {
            problems.push(format!(
                "property {at}: CloudFormation stores it lower-cased (propertyTransform): declare `lower_case = true`"
            ));
        }
        if rule.lower_case && !transformed && !any_case_lower {
            problems.push(format!(
                "property {at}: `lower_case = true`, but CloudFormation neither lower-cases it nor reads a lower-case enum in any case"
            ));
        }
    }
}

/// The arguments a `flatten` property writes into the enclosing block, through flattens nested in
/// it (an ElastiCache log delivery's `DestinationDetails.CloudWatchLogsDetails.LogGroup`).
fn flattened_arguments(rule: &PropertyRule, produced: &mut BTreeSet<String>) {
    for spec in rule.properties.values() {
        let nested = spec.rule();
        if nested.shape == Shape::Flatten {
            flattened_arguments(&nested, produced);
        } else if let Some(tf) = nested.tf {
            produced.insert(tf);
        }
    }
}

/// The arguments and blocks the provider requires at one level of a resource.
fn required_arguments(t: &TfBlock) -> impl Iterator<Item = &String> {
    t.attributes
        .iter()
        .filter(|(_, a)| a.required)
        .map(|(n, _)| n)
        .chain(t.blocks.iter().filter(|(_, b)| b.min_items > 0).map(|(n, _)| n))
}

/// One level of properties (the resource, or a nested block): names, shapes, required arguments.
#[allow(clippy::too_many_arguments)]
fn check_level(
    c: &CfnType,
    cfn_props: &Map<String, Value>,
    t: &TfBlock,
    specs: &IndexMap<String, PropertySpec>,
    unsupported: &IndexMap<String, String>,
    fixed: &IndexMap<String, toml::Value>,
    has_rules: bool,
    path: &str,
    problems: &mut Vec<String>,
) {
    let mut produced: BTreeSet<String> = BTreeSet::new();
    let mut by_rule = has_rules;
    for (name, spec) in specs {
        let at = format!("{path}{name}");
        if name == "*" {
            // Every property the mapping does not name (custom resources): nothing to check.
            continue;
        }
        let Some(node) = cfn_props.get(name) else {
            problems.push(format!("property {at} is not in the CloudFormation schema"));
            continue;
        };
        let rule = spec.rule();
        // Custom rules and companion resources write arguments this level cannot see.
        if rule.rule.is_some() || rule.resource.is_some() {
            by_rule = true;
            continue;
        }
        if rule.shape == Shape::Flatten {
            // The nested properties are arguments of this same block.
            match c.nested_properties(node) {
                Some(props) => {
                    flattened_arguments(&rule, &mut produced);
                    check_level(
                        c,
                        props,
                        t,
                        &rule.properties,
                        &rule.unsupported,
                        &rule.fixed,
                        true,
                        &format!("{at}."),
                        problems,
                    )
                }
                None => problems.push(format!(
                    "property {at}: shape flatten but CloudFormation declares no nested properties"
                )),
            }
            continue;
        }
        let Some(arg) = rule.tf.as_deref() else {
            problems.push(format!("property {at} names no Terraform argument"));
            continue;
        };
        produced.insert(arg.split('.').next().unwrap_or(arg).to_string());
        let kind = c.kind(node);
        check_values(c, node, &rule, &at, path.is_empty(), problems);
        // A dotted path (`expiration.days`) writes into nested blocks: check the last step there.
        let (t, arg) = match arg.rsplit_once('.') {
            None => (t, arg),
            Some((parents, last)) => {
                let mut block = Some(t);
                for step in parents.split('.') {
                    block = block.and_then(|b| b.blocks.get(step)).map(|b| &b.block);
                }
                match block {
                    Some(b) => (b, last),
                    None => {
                        problems.push(format!(
                            "property {at}: `{parents}` is not a chain of nested blocks in Terraform"
                        ));
                        continue;
                    }
                }
            }
        };
        if rule.shape == Shape::Entries {
            if !t.blocks.contains_key(arg) {
                problems.push(format!(
                    "property {at}: shape entries but `{arg}` is not a nested block"
                ));
            }
            continue;
        }
        if matches!(rule.shape, Shape::Block | Shape::Blocks) {
            let attrs_as_blocks;
            let b = match (
                t.blocks.get(arg),
                t.attributes.get(arg).and_then(|a| a.ty.block_fields()),
            ) {
                (Some(b), _) => b,
                (None, Some(fields)) => {
                    // Written as blocks; the object type says which fields exist, not which are required.
                    attrs_as_blocks = as_block(fields);
                    &attrs_as_blocks
                }
                (None, None) => {
                    problems.push(format!(
                        "property {at}: `{arg}` is not a nested block in Terraform ({})",
                        if t.attributes.contains_key(arg) {
                            "it is an attribute"
                        } else {
                            "no such argument"
                        }
                    ));
                    continue;
                }
            };
            let object = match (rule.shape, kind) {
                (Shape::Block, CfnKind::Object(_)) => Some(node),
                (Shape::Blocks, CfnKind::Array(items)) => Some(items),
                (_, CfnKind::Unknown) => None,
                (shape, _) => {
                    problems.push(format!(
                        "property {at}: shape {shape:?} but CloudFormation has {}",
                        describe(kind)
                    ));
                    continue;
                }
            };
            if rule.shape == Shape::Blocks && !matches!(b.nesting.as_str(), "list" | "set") {
                problems.push(format!(
                    "property {at}: shape blocks but `{arg}` nests as {}",
                    b.nesting
                ));
            }
            let nested = object.and_then(|o| c.nested_properties(o));
            match nested {
                Some(props) => check_level(
                    c,
                    props,
                    &b.block,
                    &rule.properties,
                    &rule.unsupported,
                    &rule.fixed,
                    false,
                    &format!("{at}."),
                    problems,
                ),
                None if rule.properties.is_empty() => {}
                None => problems.push(format!("property {at}: CloudFormation declares no nested properties")),
            }
            continue;
        }
        let Some(a) = t.attributes.get(arg) else {
            problems.push(format!(
                "property {at}: `{arg}` is not a Terraform argument{}",
                if t.blocks.contains_key(arg) {
                    " (it is a nested block: use shape block/blocks)"
                } else {
                    ""
                }
            ));
            continue;
        };
        if !a.settable() {
            problems.push(format!("property {at}: `{arg}` is computed-only in Terraform"));
            continue;
        }
        if let Some(why) = shape_mismatch(c, rule.shape, kind, &a.ty) {
            problems.push(format!("property {at} -> {arg}: {why}"));
        }
    }
    for name in unsupported.keys() {
        if !cfn_props.contains_key(name) {
            problems.push(format!(
                "unsupported property {path}{name} is not in the CloudFormation schema"
            ));
        }
    }
    for name in fixed.keys() {
        match t.attributes.get(name) {
            Some(a) if a.settable() => {
                produced.insert(name.clone());
            }
            _ => problems.push(format!("fixed `{path}{name}` is not a settable Terraform argument")),
        }
    }
    // A custom rule may write required arguments itself; only data-driven levels are checked.
    if !by_rule {
        for n in required_arguments(t) {
            if !produced.contains(n) {
                problems.push(format!(
                    "required Terraform argument {path}{n} is neither mapped nor fixed"
                ));
            }
        }
    }
}

/// The fields of a list of objects as repeated nested blocks whose arguments are all optional.
fn as_block(fields: &std::collections::BTreeMap<String, TfType>) -> TfBlockType {
    let mut block = TfBlock::default();
    for (name, ty) in fields {
        block.attributes.insert(
            name.clone(),
            TfAttribute {
                ty: ty.clone(),
                required: false,
                optional: true,
                computed: false,
            },
        );
    }
    TfBlockType {
        nesting: "list".into(),
        block,
        min_items: 0,
        max_items: 0,
    }
}

fn describe(kind: CfnKind) -> &'static str {
    match kind {
        CfnKind::String => "a string",
        CfnKind::Integer => "an integer",
        CfnKind::Number => "a number",
        CfnKind::Boolean => "a boolean",
        CfnKind::Object(_) => "an object with properties",
        CfnKind::Array(_) => "a list",
        CfnKind::Map => "a map",
        CfnKind::Json => "free-form JSON",
        CfnKind::Unknown => "an untyped value",
    }
}

/// Why a value of `kind` written with `shape` does not fit a Terraform attribute of type `ty`.
fn shape_mismatch(c: &CfnType, shape: Shape, kind: CfnKind, ty: &TfType) -> Option<String> {
    if matches!(kind, CfnKind::Unknown) {
        return None;
    }
    let scalar_collection = ty.is_collection() && ty.element().is_some_and(TfType::is_primitive);
    let fits = match shape {
        Shape::Value => match kind {
            k if k.is_scalar() => ty.is_primitive() && (*ty == TfType::String || fits_scalar(k, ty)),
            CfnKind::Array(_) => ty.is_collection(),
            _ => matches!(ty, TfType::Map(_) | TfType::Object(_) | TfType::Dynamic),
        },
        Shape::Number => *ty == TfType::Number && kind.is_scalar(),
        Shape::Bool => *ty == TfType::Bool && matches!(kind, CfnKind::Boolean | CfnKind::String),
        Shape::Tags => {
            matches!(ty, TfType::Map(_))
                && match kind {
                    CfnKind::Array(items) => {
                        matches!(c.kind(items), CfnKind::Object(p) if p.contains_key("Key") && p.contains_key("Value"))
                    }
                    CfnKind::Map | CfnKind::Json => true,
                    _ => false,
                }
        }
        Shape::Json => *ty == TfType::String && !matches!(kind, CfnKind::Array(_)),
        Shape::List => scalar_collection && kind.is_scalar(),
        Shape::Map => matches!(ty, TfType::Map(_)) && matches!(kind, CfnKind::Map | CfnKind::Json | CfnKind::Object(_)),
        Shape::Single => ty.is_primitive() && matches!(kind, CfnKind::Array(_)),
        Shape::Block | Shape::Blocks | Shape::Flatten | Shape::Entries => unreachable!("checked as nested blocks"),
    };
    (!fits).then(|| {
        format!(
            "shape {shape:?} does not carry {} (CloudFormation) into {ty:?} (Terraform)",
            describe(kind)
        )
    })
}

fn fits_scalar(kind: CfnKind, ty: &TfType) -> bool {
    match ty {
        TfType::Number => matches!(kind, CfnKind::Integer | CfnKind::Number),
        TfType::Bool => matches!(kind, CfnKind::Boolean),
        _ => true,
    }
}

#[test]
fn every_mapping_file_agrees_with_both_schemas() {
    let Some((cfn, tf)) = schemas() else { return };
    let mut errors = Vec::new();
    let mut checked = 0;
    for (name, text) in MAPPING_FILES {
        let registry = Registry::from_files(&[(name, text)]).unwrap_or_else(|e| panic!("{e}"));
        for m in registry.all() {
            checked += 1;
            errors.extend(check(m, cfn, tf));
        }
    }
    errors.sort();
    println!(
        "checked {checked} mappings in {} files against cfn-lint {} and {}",
        MAPPING_FILES.len(),
        cfn.cfn_lint_version,
        tf.provider
    );
    assert!(checked > 300, "the generated mappings are compiled in");
    assert!(errors.is_empty(), "{} problem(s):\n{}", errors.len(), errors.join("\n"));
}

/// The checker itself: a mapping with one mistake of each kind gets each reported.
#[test]
fn the_check_finds_each_kind_of_mistake() {
    let Some((cfn, tf)) = schemas() else { return };
    let broken = r#"
[[resource]]
cfn = "AWS::EC2::Route"
tf = "aws_route"
ref = "no_such_attribute"
when = "NoSuchProperty"
attributes = { NoSuchAttribute = "id" }
[resource.properties]
DestinationCidrBlok = "destination_cidr_block"
GatewayId = "gateway_idd"
DestinationIpv6CidrBlock = { tf = "destination_ipv6_cidr_block", shape = "number" }
VpcEndpointId = { tf = "vpc_endpoint_id", shape = "block" }

[[resource]]
cfn = "AWS::EC2::VPC"
tf = "aws_vpc"
attributes = { Ipv6CidrBlocks = "ipv6_cidr_block" }
[resource.properties]
Tags = { tf = "tags", shape = "list" }
InstanceTenancy = { tf = "instance_tenancy", lower_case = true }

[[resource]]
cfn = "AWS::RDS::DBSubnetGroup"
tf = "aws_db_subnet_group"
[resource.properties]
DBSubnetGroupDescription = "description"
DBSubnetGroupName = "name"
SubnetIds = "subnet_ids"

[[resource]]
cfn = "AWS::S3::Bucket"
tf = "aws_s3_bucket"
attributes = { WebsiteURL = "[{companion:aws_s3_bucket_website_configuration}.website_endpoint]", DualStackDomainName = "\"${{self}.no_such_attribute}\"" }
unsupported_attributes = { NoSuchGetAtt = "why" }
[resource.properties]
AccessControl = { tf = "acl", values = { Public = "public-read" } }
"#;
    let registry = Registry::from_files(&[("broken.toml", broken)]).unwrap();
    let found: Vec<String> = registry.all().flat_map(|m| check(m, cfn, tf)).collect();
    let text = found.join("\n");
    for expected in [
        "property DestinationCidrBlok is not in the CloudFormation schema",
        "property GatewayId: `gateway_idd` is not a Terraform argument",
        "property DestinationIpv6CidrBlock -> destination_ipv6_cidr_block: shape Number",
        "property VpcEndpointId: `vpc_endpoint_id` is not a nested block",
        "required Terraform argument route_table_id is neither mapped nor fixed",
        "`ref = no_such_attribute`: `no_such_attribute` is not an attribute",
        "`when = NoSuchProperty` is not a CloudFormation property",
        "GetAtt NoSuchAttribute is not a CloudFormation attribute",
        "GetAtt Ipv6CidrBlocks is a list in CloudFormation",
        "property Tags -> tags: shape List",
        "property DBSubnetGroupName: CloudFormation stores it lower-cased (propertyTransform): declare `lower_case = true`",
        "property InstanceTenancy: `lower_case = true`, but CloudFormation neither lower-cases it",
        "property AccessControl: `values` translates `Public`, not one of CloudFormation's enum",
        "GetAtt WebsiteURL is a single value in CloudFormation but `[{companion:aws_s3_bucket_website_configuration}.website_endpoint]` makes a list",
        "aws_s3_bucket_website_configuration is no (single) companion of aws_s3_bucket",
        "`no_such_attribute` is not an attribute of aws_s3_bucket",
        "unsupported attribute NoSuchGetAtt is not a CloudFormation attribute",
    ] {
        assert!(text.contains(expected), "expected `{expected}` in:\n{text}");
    }
}

/// Required provider arguments that a curated mapping feeds from a property CloudFormation
/// leaves optional, and that get no value when the template leaves it out, on purpose: why.
/// Everything else required has a CloudFormation-required property, a `fixed` value (written
/// only when the template sets none: CloudFormation's documented default) or a generated name.
const REQUIRED_WITHOUT_DEFAULT: &[(&str, &str, &str)] = &[
    (
        "AWS::EKS::Nodegroup",
        "scaling_config",
        "EKS documents no sizes for a node group created without ScalingConfig (all or none of the three): a template without it has no counterpart the provider accepts",
    ),
    (
        "AWS::EKS::Nodegroup",
        "scaling_config.desired_size",
        "all or none of the three sizes, EKS says: a ScalingConfig that gives some fails in AWS too",
    ),
    (
        "AWS::EKS::Nodegroup",
        "scaling_config.max_size",
        "all or none of the three sizes, EKS says: a ScalingConfig that gives some fails in AWS too",
    ),
    (
        "AWS::EKS::Nodegroup",
        "scaling_config.min_size",
        "all or none of the three sizes, EKS says: a ScalingConfig that gives some fails in AWS too",
    ),
    (
        "AWS::Cloud9::EnvironmentEC2",
        "image_id",
        "no default: since 2023-12-04 CreateEnvironmentEC2 itself requires ImageId, so CloudFormation fails without it too",
    ),
    (
        "AWS::NetworkFirewall::Firewall",
        "vpc_id",
        "a transit-gateway-attached firewall has no VPC, and provider 5.100 has no transit gateway argument: such a firewall has no counterpart",
    ),
];

/// The gaps the check found when it was written and that are not reviewed yet (`cfn tf argument`):
/// most are properties CloudFormation's schema leaves optional but the service needs (a nested
/// block written only when its parent is). Each reviewed one moves to REQUIRED_WITHOUT_DEFAULT with
/// its reason, or gets a `fixed` default; a gap not listed here fails the test.
const UNREVIEWED_REQUIRED: &[&str] = &include!("mapping_schemas_unreviewed.in");

/// One level (the resource or a nested block) of a curated mapping: its required provider
/// arguments that can end up unset although CloudFormation deploys the template.
#[allow(clippy::too_many_arguments)]
fn required_level(
    m: &ResourceMapping,
    c: &CfnType,
    cfn_props: &Map<String, Value>,
    cfn_required: &BTreeSet<String>,
    t: &TfBlock,
    specs: &IndexMap<String, PropertySpec>,
    fixed: &IndexMap<String, toml::Value>,
    path: &str,
    mut by_rule: bool,
    gaps: &mut Vec<String>,
    tf: &TfSchema,
) {
    // Terraform argument -> (the CloudFormation property feeding it, whether CloudFormation requires it).
    let mut fed: IndexMap<String, (String, bool)> = IndexMap::new();
    for (name, spec) in specs {
        let rule = spec.rule();
        if rule.rule.is_some() {
            by_rule = true;
            continue;
        }
        if let Some(companion) = &rule.resource {
            // A companion resource: its own required arguments, the link ones always written.
            if rule.shape == Shape::Flatten
                && let (Some(ct), Some(node)) = (tf.resources.get(&companion.tf), cfn_props.get(name))
                && let Some(props) = c.nested_properties(node)
            {
                let inner_required: BTreeSet<String> = c
                    .resolve(node)
                    .get("required")
                    .and_then(Value::as_array)
                    .map(|a| a.iter().filter_map(Value::as_str).map(String::from).collect())
                    .unwrap_or_default();
                let mut given = rule.fixed.clone();
                for arg in companion.link.keys() {
                    given.insert(arg.clone(), toml::Value::Boolean(true));
                }
                required_level(
                    m,
                    c,
                    props,
                    &inner_required,
                    ct,
                    &rule.properties,
                    &given,
                    &format!("{}:", companion.tf),
                    false,
                    gaps,
                    tf,
                );
            }
            continue;
        }
        let required = cfn_required.contains(name);
        if rule.shape == Shape::Flatten {
            let inner_required: BTreeSet<String> = cfn_props
                .get(name)
                .map(|n| c.resolve(n))
                .and_then(|n| n.get("required"))
                .and_then(Value::as_array)
                .map(|a| a.iter().filter_map(Value::as_str).map(String::from).collect())
                .unwrap_or_default();
            for (inner, spec) in &rule.properties {
                if let Some(arg) = spec.rule().tf {
                    let root = arg.split('.').next().unwrap_or(&arg).to_string();
                    let both = required && inner_required.contains(inner);
                    let entry = fed.entry(root).or_insert((format!("{name}.{inner}"), both));
                    entry.1 |= both;
                }
            }
            continue;
        }
        let Some(arg) = rule.tf.clone() else { continue };
        let root = arg.split('.').next().unwrap_or(&arg).to_string();
        let entry = fed.entry(root.clone()).or_insert((name.clone(), required));
        entry.1 |= required;
        if matches!(rule.shape, Shape::Block | Shape::Blocks)
            && !arg.contains('.')
            && let (Some(b), Some(node)) = (t.blocks.get(&arg), cfn_props.get(name))
        {
            let object = match c.kind(node) {
                CfnKind::Array(items) => items,
                _ => node,
            };
            if let Some(props) = c.nested_properties(object) {
                let inner_required: BTreeSet<String> = c
                    .resolve(object)
                    .get("required")
                    .and_then(Value::as_array)
                    .map(|a| a.iter().filter_map(Value::as_str).map(String::from).collect())
                    .unwrap_or_default();
                required_level(
                    m,
                    c,
                    props,
                    &inner_required,
                    &b.block,
                    &rule.properties,
                    &rule.fixed,
                    &format!("{path}{arg}."),
                    false,
                    gaps,
                    tf,
                );
            }
        }
    }
    if by_rule {
        return;
    }
    for n in required_arguments(t) {
        let at = format!("{path}{n}");
        if fixed.contains_key(n)
            || (path.is_empty() && m.generated_name.as_ref().map(|g| g.argument()) == Some(n.as_str()))
        {
            continue;
        }
        if REQUIRED_WITHOUT_DEFAULT
            .iter()
            .any(|(cfn, arg, _)| *cfn == m.cfn && *arg == at)
            || UNREVIEWED_REQUIRED.contains(&format!("{} {} {at}", m.cfn, m.tf).as_str())
        {
            continue;
        }
        match fed.get(n) {
            Some((_, true)) => {}
            Some((property, false)) => gaps.push(format!(
                "mappings/{}: {} -> {}: required `{at}` is fed by {property}, which CloudFormation leaves optional, and gets no value when it is absent (`fixed` with CloudFormation's default, or a reason in REQUIRED_WITHOUT_DEFAULT)",
                m.file, m.cfn, m.tf
            )),
            None => {} // Neither mapped nor fixed: `every_mapping_file_agrees_with_both_schemas` reports it.
        }
    }
}

/// Every required argument of every curated mapping (resource and nested blocks) has a value
/// whenever CloudFormation deploys the template: fed by a property CloudFormation requires,
/// `fixed` (written when the template is silent), a generated name, or listed with a reason.
#[test]
fn curated_required_arguments_always_get_a_value() {
    let Some((cfn, tf)) = schemas() else { return };
    let mut gaps = Vec::new();
    for (name, text) in MAPPING_FILES.iter().filter(|(name, _)| !name.starts_with("generated")) {
        let registry = Registry::from_files(&[(name, text)]).unwrap_or_else(|e| panic!("{e}"));
        for m in registry.all() {
            if m.dropped.is_some() {
                continue;
            }
            let (Some(c), Some(t)) = (cfn.get(&m.cfn), tf.resources.get(&m.tf)) else {
                continue;
            };
            let mut required: BTreeSet<String> = c.required().into_iter().collect();
            // A variant is chosen by its `when` property: that one is always set.
            required.extend(m.when.clone());
            // A resource-level rule may write any top-level argument: only nested levels then.
            let by_rule = !m.rules.is_empty();
            required_level(
                m,
                c,
                c.properties(),
                &required,
                t,
                &m.properties,
                &m.fixed,
                "",
                by_rule,
                &mut gaps,
                tf,
            );
        }
    }
    for (cfn_type, arg, why) in REQUIRED_WITHOUT_DEFAULT {
        assert!(!why.is_empty(), "{cfn_type} {arg}: give the reason");
    }
    gaps.sort();
    gaps.dedup();
    assert!(gaps.is_empty(), "{} gap(s):\n{}", gaps.len(), gaps.join("\n"));
}

/// Properties CloudFormation requires whose provider argument is optional: a hand-written
/// configuration may leave the argument out (the provider fills its own value), and the reverse
/// direction must still write the property, or cfn-lint refuses the template. Each such
/// top-level property has a `provider_default` (the provider's documented value), or is named
/// here with why the reverse cannot know it.
const REQUIRED_WITHOUT_PROVIDER_DEFAULT: &[(&str, &str, &str)] = &[
    (
        "AWS::CloudFormation::Stack",
        "TemplateURL",
        "a configuration may give the template inline (template_body), which a nested stack cannot: that is an error of its own",
    ),
    (
        "AWS::DirectoryService::MicrosoftAD",
        "VpcSettings",
        "optional only because an AD Connector takes connect_settings instead; a Microsoft AD directory without vpc_settings does not deploy either",
    ),
    (
        "AWS::DirectoryService::SimpleAD",
        "VpcSettings",
        "optional only because an AD Connector takes connect_settings instead; a Simple AD directory without vpc_settings does not deploy either",
    ),
    (
        "AWS::DirectoryService::SimpleAD",
        "Size",
        "the provider defaults size to Large only for the types that take a size, and SimpleAD requires one: a configuration without it fails in AWS too",
    ),
    (
        "AWS::EC2::GatewayRouteTableAssociation",
        "GatewayId",
        "aws_route_table_association also associates subnets: a block without gateway_id is the subnet variant, chosen by its arguments",
    ),
    (
        "AWS::EC2::SubnetRouteTableAssociation",
        "SubnetId",
        "aws_route_table_association also associates gateways: a block without subnet_id is the gateway variant, chosen by its arguments",
    ),
    (
        "AWS::EFS::MountTarget",
        "SecurityGroups",
        "the provider leaves them to AWS, which attaches the VPC's default security group: its id is known only in the account",
    ),
    (
        "AWS::ElasticLoadBalancingV2::ListenerRule",
        "Priority",
        "the provider takes the next free priority at apply time: no value is known before",
    ),
    (
        "AWS::IAM::InstanceProfile",
        "Roles",
        "a profile without a role is valid in Terraform and not in CloudFormation: cfn-lint says so, rightly",
    ),
    (
        "AWS::IAM::Policy",
        "PolicyName",
        "the provider generates a random name when none is given: the reverse cannot know it",
    ),
    (
        "AWS::IAM::RolePolicy",
        "PolicyName",
        "the provider generates a random name when none is given: the reverse cannot know it",
    ),
    (
        "AWS::KMS::Alias",
        "AliasName",
        "a configuration may give name_prefix instead, whose random suffix is known only after apply",
    ),
    (
        "AWS::Redshift::Cluster",
        "ClusterType",
        "the provider computes it from number_of_nodes (single-node for 1, multi-node otherwise), which the reverse reads separately",
    ),
    (
        "AWS::Redshift::Cluster",
        "MasterUsername",
        "optional only for a cluster restored from a snapshot, which CloudFormation expresses with SnapshotIdentifier",
    ),
    (
        "AWS::SSM::Parameter",
        "Value",
        "written either as value (sensitive) or insecure_value: the other argument of the pair carries it",
    ),
];

/// The gaps of generated mappings when the check was written, not reviewed yet (`Type Property`):
/// each gets a `provider_default` through mapgen, or a reason above; a gap not listed fails.
const REVERSE_UNREVIEWED: &[&str] = &include!("mapping_schemas_reverse_unreviewed.in");

#[test]
fn required_properties_read_back_when_the_argument_is_left_out() {
    let Some((cfn, tf)) = schemas() else { return };
    let mut gaps = Vec::new();
    let mut still_unreviewed = BTreeSet::new();
    for m in Registry::get().all() {
        if m.dropped.is_some() {
            continue;
        }
        let (Some(c), Some(t)) = (cfn.get(&m.cfn), tf.resources.get(&m.tf)) else {
            continue;
        };
        for property in c.required() {
            let Some(spec) = m.properties.get(&property) else {
                continue;
            };
            // A variant's `when` property is what chose it: always there.
            if m.when.as_deref() == Some(property.as_str()) {
                continue;
            }
            let rule = spec.rule();
            let Some(arg) = rule.tf.as_deref() else { continue };
            let optional = t.attributes.get(arg).is_some_and(|a| !a.required)
                || t.blocks.get(arg).is_some_and(|b| b.min_items == 0);
            if !optional
                || rule.provider_default.is_some()
                || m.generated_name.as_ref().map(|g| g.argument()) == Some(arg)
            {
                continue;
            }
            let key = format!("{} {property}", m.cfn);
            let reviewed = REQUIRED_WITHOUT_PROVIDER_DEFAULT
                .iter()
                .any(|(ty, p, _)| *ty == m.cfn && *p == property);
            if REVERSE_UNREVIEWED.contains(&key.as_str()) {
                still_unreviewed.insert(key);
            } else if !reviewed {
                gaps.push(format!("{key} -> {}.{arg}", m.tf));
            }
        }
    }
    for listed in REVERSE_UNREVIEWED {
        if !still_unreviewed.contains(*listed) {
            gaps.push(format!(
                "{listed} is no gap any more: take it out of mapping_schemas_reverse_unreviewed.in"
            ));
        }
    }
    gaps.sort();
    gaps.dedup();
    assert!(gaps.is_empty(), "{} gap(s):\n{}", gaps.len(), gaps.join("\n"));
}
