//! Resources through the mapping tables read backwards: Terraform type -> CloudFormation type,
//! argument -> property by its shape, nested blocks -> nested properties.

use super::expr::{json_to_expr, traversal_path};
use super::iterate::split_copy_name;
use super::optional::block_property;
use super::{At, Reverser, Target, gather, rules, x};
use crate::mapping::{PropertyRule, PropertySpec, ResourceMapping, Shape};
use crate::model::{Expr, ExprKind, Property, Pseudo, RefTarget, Resource, SubPart, naming::pascal_case};
use crate::tf::{Block, BodyItem, Expression};
use hcl::expr::ObjectKey;
use indexmap::IndexMap;
use std::collections::{HashMap, HashSet};

/// Arguments every resource may have that are not properties.
const META_ARGUMENTS: &[&str] = &["count", "for_each", "provider", "depends_on"];

/// `LogicalId (AWS::Type) from file:line`, the comment the forward direction writes above each
/// resource: it gives the original logical ID back.
/// The mapping a block was made by: the CloudFormation type the forward direction traced above
/// it, else the one its arguments fit best (several types can make one Terraform type).
pub(super) fn mapping_of<'m>(registry: &'m crate::mapping::Registry, b: &Block) -> Option<&'m ResourceMapping> {
    if let Some((_, ty)) = traced_logical_id(b)
        && let Some(traced) = registry
            .variants(&ty)
            .into_iter()
            .find(|m| b.labels.first() == Some(&m.tf))
    {
        return Some(traced);
    }
    registry.by_terraform_block(b)
}

pub(crate) fn traced_logical_id(b: &Block) -> Option<(String, String)> {
    b.comments.iter().find_map(|c| {
        let (id, rest) = c.split_once(" (")?;
        let (ty, _) = rest.split_once(") from ")?;
        let valid = !id.is_empty() && id.chars().all(|ch| ch.is_ascii_alphanumeric()) && ty.starts_with("AWS::");
        valid.then(|| (id.to_string(), ty.to_string()))
    })
}

impl Reverser<'_> {
    /// Every resource's logical ID, decided before any reference is read.
    pub(super) fn plan_targets(&mut self, resources: &[&Block]) {
        let mut plain: HashMap<String, usize> = HashMap::new();
        let mut counted = HashSet::new();
        for b in resources {
            if let (Some(tf_type), Some(name)) = (b.labels.first(), b.labels.get(1)) {
                // The copies of one resource (`public[0]`, `public[1]`) count once.
                let (stem, _) = split_copy_name(name);
                if counted.insert((tf_type.as_str(), stem)) {
                    *plain.entry(pascal_case(stem)).or_default() += 1;
                }
            }
        }
        for b in resources {
            let (Some(tf_type), Some(name)) = (b.labels.first(), b.labels.get(1)) else {
                continue;
            };
            let address = format!("{tf_type}.{name}");
            let (name, copy_suffix) = split_copy_name(name);
            self.tf_blocks.insert(address.clone(), (*b).clone());
            let mapping = mapping_of(self.registry, b);
            let traced = traced_logical_id(b).filter(|(_, ty)| mapping.is_none_or(|m| m.cfn == *ty));
            let base = match traced {
                Some((id, _)) => id,
                None => {
                    let p = pascal_case(name);
                    // `aws_subnet.public` and `aws_route_table.public` cannot both be `Public`.
                    if plain[&p] > 1 || self.is_used(&p) {
                        let suffix = mapping
                            .map(|m| m.cfn.rsplit("::").next().unwrap_or("").to_string())
                            .unwrap_or_else(|| pascal_case(tf_type.trim_start_matches("aws_")));
                        if p.ends_with(&suffix) {
                            p
                        } else {
                            format!("{p}{suffix}")
                        }
                    } else {
                        p
                    }
                }
            };
            let logical_id = self.unique_name(&format!("{base}{copy_suffix}"));
            if let Some(origin) = &b.origin {
                self.origins.insert(logical_id.clone(), origin.clone());
            }
            self.targets.insert(
                address,
                Target {
                    logical_id,
                    mapping,
                    condition: None,
                },
            );
        }
        for b in resources {
            let (Some(tf_type), Some(name)) = (b.labels.first(), b.labels.get(1)) else {
                continue;
            };
            let address = format!("{tf_type}.{name}");
            let condition = self.count_condition(b, &address);
            if let Some(t) = self.targets.get_mut(&address) {
                t.condition = condition;
            }
        }
    }

    /// `count = cond ? 1 : 0` is a resource Condition; any other count has no counterpart (the
    /// copies of a known count are written out before, by `iterate`).
    fn count_condition(&mut self, b: &Block, address: &str) -> Option<String> {
        let count = b.attribute("count")?;
        let at = At::arg(b, "count");
        let id = self.targets[address].logical_id.clone();
        let number = |e: &Expression| match e {
            Expression::Number(n) => n.as_u64(),
            _ => None,
        };
        match count {
            Expression::Number(n) if n.as_u64() == Some(1) => None,
            // `count` known to be 0 at the variables' defaults (folded before this): the
            // resource is kept, under a condition that is never true.
            Expression::Number(n) if n.as_u64() == Some(0) => {
                let name = self.add_condition(
                    &id,
                    x(ExprKind::Equals(
                        Box::new(x(ExprKind::String("true".into()))),
                        Box::new(x(ExprKind::String("false".into()))),
                    )),
                );
                self.warn_noted(
                    "reverse::count-zero",
                    format!("{address} has count 0 at the variables' defaults: kept under the condition {name}, which is never true"),
                    &at,
                    "Resources",
                    &id,
                );
                Some(name)
            }
            Expression::Conditional(c) if number(&c.true_expr) == Some(1) && number(&c.false_expr) == Some(0) => {
                Some(self.condition_name(&c.cond_expr, &format!("{id}Condition"), &at))
            }
            Expression::Conditional(c) if number(&c.true_expr) == Some(0) && number(&c.false_expr) == Some(1) => {
                let inner = self.condition_expr(&c.cond_expr, &at);
                let name = self.add_condition(&id, x(ExprKind::Not(Box::new(inner))));
                Some(name)
            }
            other => {
                let text = crate::emit::inline_text(other);
                self.error_with_help(
                    "reverse::count",
                    format!("{address} has count = {text}: a template declares each resource once"),
                    &at,
                    "only `count = condition ? 1 : 0` (a resource Condition) has a counterpart; write the copies out",
                );
                None
            }
        }
    }

    /// A new condition `<id>Condition` (numbered if taken) holding `expr`; its name.
    fn add_condition(&mut self, id: &str, expr: Expr) -> String {
        self.new_condition(&format!("{id}Condition"), expr)
    }

    /// A new condition named `base` (numbered if taken) holding `expr`; its name. The one place
    /// the reverse direction adds a condition.
    pub(super) fn new_condition(&mut self, base: &str, expr: Expr) -> String {
        let name = self.unique_in("Conditions", base);
        self.put_condition(name.clone(), expr);
        name
    }

    /// Adds the condition `name` (a name already allocated).
    pub(super) fn put_condition(&mut self, name: String, expr: Expr) {
        let condition = crate::model::Condition {
            name: name.clone(),
            span: Default::default(),
            expr,
        };
        self.template.conditions.insert(name, condition);
    }

    /// Adds the mapping `name` (a name already allocated): top key -> second key -> value.
    pub(super) fn put_mapping(&mut self, name: String, entries: IndexMap<String, IndexMap<String, Expr>>) {
        let mapping = crate::model::Mapping {
            name: name.clone(),
            span: Default::default(),
            entries,
        };
        self.template.mappings.insert(name, mapping);
    }

    pub(super) fn resource(&mut self, b: &Block) {
        let (Some(tf_type), Some(name)) = (b.labels.first(), b.labels.get(1)) else {
            return;
        };
        let address = format!("{tf_type}.{name}");
        let Some(target) = self.targets.get(&address).cloned() else {
            return;
        };
        let id = target.logical_id.clone();
        let Some(mapping) = target.mapping else {
            self.warn_noted(
                "reverse::unsupported-type",
                format!("{tf_type} has no mapping yet: {address} was not converted, and references to {id} are left dangling so cfn-lint fails until you add it"),
                &At::block(b),
                "Resources",
                &id,
            );
            return;
        };
        let mut resource = Resource {
            logical_id: id.clone(),
            span: Default::default(),
            type_name: mapping.cfn.clone(),
            type_span: Default::default(),
            properties: Vec::new(),
            depends_on: Vec::new(),
            condition: target.condition.map(|c| (c, Default::default())),
            deletion_policy: None,
            update_replace_policy: None,
            other_attributes: Vec::new(),
        };
        self.attribute_traces(b, &mut resource);
        let inverse = mapping.inverse_properties();
        let b = &gather::dotted(b, &inverse);
        let mut pending = gather::pending(self, &mapping.properties, &inverse, b);
        let mut consumed = gather::Consumed::default();
        let mut blocks_done: HashSet<String> = HashSet::new();
        for item in &b.body {
            let item_name = match item {
                BodyItem::Attribute(n, _) => n.as_str(),
                BodyItem::Block(nb) => block_property(nb).unwrap_or(&nb.ident),
                BodyItem::Comment(_) => continue,
            };
            if mapping.generated_name.as_ref().map(|g| g.argument()) == Some(item_name)
                && let BodyItem::Attribute(_, value) = item
                && self.is_generated_name(value, &At::arg(b, item_name), &id)
            {
                continue;
            }
            let at = At::arg(b, item_name);
            if let Some(props) = self.gather(&mut pending, &mut consumed, item_name, b, &at, &id) {
                resource
                    .properties
                    .extend(props.into_iter().map(|(p, v)| property(p, v)));
                continue;
            }
            match item {
                BodyItem::Attribute(n, _) if META_ARGUMENTS.contains(&n.as_str()) => {
                    if n == "depends_on" {
                        resource.depends_on = self.depends_on(b);
                    } else if n == "provider" {
                        self.warn_noted(
                            "reverse::provider",
                            format!("{address} uses another provider configuration: a stack deploys into one account and region"),
                            &at,
                            "Resources",
                            &id,
                        );
                    }
                }
                BodyItem::Attribute(n, value) => {
                    if is_fixed(mapping, n, value) {
                        continue;
                    }
                    if takes_final_snapshot(mapping, n, value) {
                        resource
                            .deletion_policy
                            .get_or_insert_with(|| ("Snapshot".into(), Default::default()));
                        continue;
                    }
                    match inverse.get(n) {
                        Some((cfn, rule)) => {
                            if let Some(v) = self.shaped(rule, value, &at, &id) {
                                resource.properties.push(property(cfn.clone(), v));
                            }
                        }
                        None => self.unmapped(&address, n, &at, &id),
                    }
                }
                BodyItem::Block(nb) => match nb.ident.as_str() {
                    "lifecycle" => self.lifecycle(nb, &address, &id, &mut resource),
                    "provisioner" | "connection" | "timeouts" | "dynamic" if block_property(nb).is_none() => {
                        let why = match nb.ident.as_str() {
                            "dynamic" => "a dynamic block repeats blocks from a collection, which a template cannot",
                            "timeouts" => "CloudFormation has its own timeouts",
                            _ => "provisioners run commands from the machine running Terraform",
                        };
                        self.warn_noted(
                            "reverse::block",
                            format!(
                                "`{}` block of {address} has no CloudFormation counterpart: {why}",
                                nb.ident
                            ),
                            &at,
                            "Resources",
                            &id,
                        );
                    }
                    _ => {
                        let ident = block_property(nb).unwrap_or(&nb.ident);
                        if !blocks_done.insert(ident.to_string()) {
                            continue;
                        }
                        match inverse.get(ident) {
                            Some((cfn, rule)) if matches!(rule.shape, Shape::Block | Shape::Blocks) => {
                                let items = self.block_items(b, ident, rule, &id);
                                let value = if rule.shape == Shape::Block {
                                    items.into_iter().next()
                                } else {
                                    Some(x(ExprKind::List(items)))
                                };
                                if let Some(v) = value {
                                    resource.properties.push(property(cfn.clone(), v));
                                }
                            }
                            Some((cfn, rule)) if rule.shape == Shape::Entries => {
                                // The blocks as the attribute spelling `parameter = [{ ... }]`.
                                let objects = b
                                    .blocks(ident)
                                    .map(|eb| {
                                        let mut o = hcl::Object::new();
                                        for item in &eb.body {
                                            if let BodyItem::Attribute(k, v) = item {
                                                o.insert(ObjectKey::from(k.as_str()), v.clone());
                                            }
                                        }
                                        Expression::Object(o)
                                    })
                                    .collect();
                                if let Some(v) = self.shaped(rule, &Expression::Array(objects), &at, &id) {
                                    resource.properties.push(property(cfn.clone(), v));
                                }
                            }
                            _ => self.unmapped(&address, ident, &at, &id),
                        }
                    }
                },
                BodyItem::Comment(_) => {}
            }
        }
        for (cfn, value) in provider_defaults(&mapping.properties, |p| resource.property(p).is_some()) {
            resource.properties.push(property(cfn, value));
        }
        drop_absent_defaults(&mapping.properties, &mut resource);
        if let Some(ty) = rules::resource_type(&mapping.rules, b) {
            resource.type_name = ty;
        }
        self.template.resources.insert(id, resource);
    }

    /// The resource attributes the forward direction kept as traces above the block
    /// (`CloudFormation UpdatePolicy: {...}`); read first, as a traced DeletionPolicy is more
    /// exact than the Retain read from prevent_destroy (RetainExceptOnCreate).
    fn attribute_traces(&mut self, b: &Block, resource: &mut Resource) {
        for c in &b.comments {
            let Some((name, value)) = crate::convert::read_attribute_trace(c) else {
                continue;
            };
            match name {
                "DeletionPolicy" => resource.deletion_policy = Some((value.to_string(), Default::default())),
                "UpdateReplacePolicy" => resource.update_replace_policy = Some((value.to_string(), Default::default())),
                _ => match serde_json::from_str(value) {
                    Ok(v) => resource
                        .other_attributes
                        .push((name.to_string(), Default::default(), v)),
                    Err(e) => self.warn(
                        "reverse::attribute-trace",
                        format!(
                            "the {name} trace of {} is not JSON ({e}): not translated",
                            resource.logical_id
                        ),
                        &At::block(b),
                    ),
                },
            }
        }
    }

    fn unmapped(&mut self, address: &str, arg: &str, at: &At, id: &str) {
        self.warn_noted(
            "reverse::unmapped-argument",
            format!("`{arg}` of {address} has no CloudFormation property in the mappings: not converted"),
            at,
            "Resources",
            id,
        );
    }

    fn depends_on(&mut self, b: &Block) -> Vec<(String, crate::source::Span)> {
        let at = At::arg(b, "depends_on");
        let Some(Expression::Array(items)) = b.attribute("depends_on") else {
            return Vec::new();
        };
        let mut out = Vec::new();
        for item in items {
            let Expression::Traversal(t) = item else { continue };
            let path = traversal_path(t);
            let target = match path.as_slice() {
                [ty, name] => self.targets.get(&format!("{ty}.{name}")).map(|t| t.logical_id.clone()),
                _ => None,
            };
            match target {
                Some(id) if !out.iter().any(|(o, _)| *o == id) => out.push((id, Default::default())),
                Some(_) => {}
                None => {
                    let text = crate::emit::inline_text(item);
                    self.warn(
                        "reverse::depends-on",
                        format!("depends_on {text}: not a resource of this configuration, so it has no DependsOn counterpart"),
                        &at,
                    );
                }
            }
        }
        out
    }

    /// `<stack name>-<logical id>`: what the forward direction writes where CloudFormation
    /// generates the name and the provider requires one (a mapping's `generated_name`), so no
    /// property.
    fn is_generated_name(&mut self, value: &Expression, at: &At, id: &str) -> bool {
        // `lower(...)` around it where AWS accepts no capitals in the name.
        let value = match value {
            Expression::FuncCall(f) if f.name.name.as_str() == "lower" && f.args.len() == 1 => &f.args[0],
            other => other,
        };
        let e = self.expr(value, at);
        let ExprKind::Sub { parts, vars } = &e.kind else {
            return false;
        };
        vars.is_empty()
            && matches!(parts.as_slice(),
                [SubPart::Ref(RefTarget::Pseudo(Pseudo::StackName)), SubPart::Literal(rest)]
                    if rest.strip_prefix('-') == Some(id))
    }

    fn lifecycle(&mut self, lc: &Block, address: &str, id: &str, resource: &mut Resource) {
        for item in &lc.body {
            let BodyItem::Attribute(name, value) = item else {
                continue;
            };
            let at = At::arg(lc, name);
            match (name.as_str(), value) {
                ("prevent_destroy", Expression::Bool(true)) => {
                    let policy = &resource
                        .deletion_policy
                        .get_or_insert_with(|| ("Retain".into(), Default::default()))
                        .0;
                    self.warn(
                        "reverse::prevent-destroy",
                        format!("prevent_destroy on {address}: DeletionPolicy {policy} keeps the resource when the stack is deleted, rather than refusing to delete it"),
                        &at,
                    );
                }
                ("prevent_destroy", Expression::Bool(false)) => {}
                _ => self.warn_noted(
                    "reverse::lifecycle",
                    format!("lifecycle `{name}` of {address} has no CloudFormation counterpart"),
                    &at,
                    "Resources",
                    id,
                ),
            }
        }
    }

    /// A Terraform argument -> the property value, by the property's shape.
    pub(super) fn shaped(&mut self, rule: &PropertyRule, value: &Expression, at: &At, id: &str) -> Option<Expr> {
        if *value == Expression::Null {
            return None;
        }
        match rule.shape {
            // A literal the forward direction translated (`public-read`) reads as it was written.
            Shape::Value if !rule.values.is_empty() => Some(match self.expr(value, at) {
                Expr {
                    kind: ExprKind::String(s),
                    span,
                } => {
                    let cfn = rule.values.iter().find(|(_, tf)| **tf == s).map(|(cfn, _)| cfn.clone());
                    Expr::new(ExprKind::String(cfn.unwrap_or(s)), span)
                }
                other => other,
            }),
            // The forward direction's `lower()` is CloudFormation's own lower-casing: dropped.
            Shape::Value if rule.lower_case => Some(match value {
                Expression::FuncCall(f) if f.name.name.as_str() == "lower" && f.args.len() == 1 => {
                    self.expr(&f.args[0], at)
                }
                other => self.expr(other, at),
            }),
            Shape::Value | Shape::Number | Shape::Bool | Shape::Map => Some(self.expr(value, at)),
            Shape::Tags => self.tags(value, at, id),
            Shape::Json => Some(self.json(value, at)),
            Shape::List => {
                let e = self.expr(value, at);
                match e.kind {
                    ExprKind::List(mut items) if items.len() == 1 => items.pop(),
                    _ => {
                        self.warn_noted(
                            "reverse::list",
                            "this list must hold exactly one value here: written as the list, which cfn-lint flags"
                                .to_string(),
                            at,
                            "Resources",
                            id,
                        );
                        Some(e)
                    }
                }
            }
            Shape::Single => Some(x(ExprKind::List(vec![self.expr(value, at)]))),
            // One `{ name, value }` block per key of a CloudFormation mapping (an ElastiCache
            // parameter group's `Properties`): the mapping again.
            Shape::Entries => {
                let objects: Vec<&hcl::Object<ObjectKey, Expression>> = match value {
                    Expression::Object(o) => vec![o],
                    Expression::Array(items) => items
                        .iter()
                        .filter_map(|i| match i {
                            Expression::Object(o) => Some(o),
                            _ => None,
                        })
                        .collect(),
                    _ => Vec::new(),
                };
                let field = |o: &'_ hcl::Object<ObjectKey, Expression>, wanted: &str| {
                    o.iter()
                        .find(|(k, _)| match k {
                            ObjectKey::Identifier(i) => i.as_str() == wanted,
                            ObjectKey::Expression(Expression::String(s)) => s == wanted,
                            _ => false,
                        })
                        .map(|(_, v)| v.clone())
                };
                let mut entries = Vec::new();
                for o in &objects {
                    let (Some(Expression::String(name)), Some(v)) = (field(o, "name"), field(o, "value")) else {
                        self.warn_noted(
                            "reverse::shape",
                            "each block here needs a literal `name` and a `value` to be a key of the CloudFormation mapping: not converted".to_string(),
                            at,
                            "Resources",
                            id,
                        );
                        return None;
                    };
                    entries.push((name, Default::default(), self.expr(&v, at)));
                }
                Some(x(ExprKind::Map(entries)))
            }
            // Written by the forward direction from a CloudFormation mapping spread over the
            // enclosing block: not read back yet.
            Shape::Flatten => {
                self.warn_noted(
                    "reverse::shape",
                    "this argument comes from a CloudFormation property the reverse direction cannot rebuild yet: not converted".to_string(),
                    at,
                    "Resources",
                    id,
                );
                None
            }
            Shape::Block | Shape::Blocks => {
                // The attribute spelling of blocks: `ingress = [{ ... }]`.
                let objects: Vec<&hcl::Object<ObjectKey, Expression>> = match value {
                    Expression::Object(o) => vec![o],
                    Expression::Array(items) => items
                        .iter()
                        .filter_map(|i| match i {
                            Expression::Object(o) => Some(o),
                            _ => None,
                        })
                        .collect(),
                    _ => Vec::new(),
                };
                let mut items = Vec::new();
                for o in objects {
                    let mut pseudo = Block::new("", &[]);
                    pseudo.origin = at.origin.clone();
                    for (k, v) in o {
                        if let ObjectKey::Identifier(i) = k {
                            pseudo.attr(i.as_str(), v.clone());
                        } else if let ObjectKey::Expression(Expression::String(s)) = k {
                            pseudo.attr(s, v.clone());
                        }
                    }
                    items.extend(self.nested(rule, &pseudo, at, id));
                }
                if rule.shape == Shape::Block {
                    items.into_iter().next()
                } else {
                    Some(x(ExprKind::List(items)))
                }
            }
        }
    }

    /// A nested block -> the property maps it stands for. A block with a list-shaped argument
    /// of several values (`cidr_blocks = [a, b]`) is one CloudFormation item per value.
    pub(super) fn nested(&mut self, rule: &PropertyRule, b: &Block, at: &At, id: &str) -> Vec<Expr> {
        let inverse = rule.inverse_properties();
        let b = &gather::dotted(b, &inverse);
        let mut pending = gather::pending(self, &rule.properties, &inverse, b);
        let mut consumed = gather::Consumed::default();
        let mut base: Vec<(String, Expr)> = Vec::new();
        let mut variants: Vec<(usize, String, Vec<Expr>)> = Vec::new();
        let mut done: HashSet<String> = HashSet::new();
        for item in &b.body {
            let (name, value) = match item {
                BodyItem::Attribute(n, v) => (n.as_str(), Some(v)),
                BodyItem::Block(nb) => (block_property(nb).unwrap_or(&nb.ident), None),
                BodyItem::Comment(_) => continue,
            };
            let arg_at = at.with(name);
            if let Some(props) = self.gather(&mut pending, &mut consumed, name, b, &arg_at, id) {
                base.extend(props);
                continue;
            }
            if let Some(v) = value
                && let Some(fixed) = rule.fixed.get(name)
                && crate::convert::is_fixed_value(fixed, v)
            {
                continue;
            }
            let Some((cfn, sub)) = inverse.get(name) else {
                self.warn_noted(
                    "reverse::unmapped-argument",
                    format!(
                        "`{name}` in a `{}` block has no CloudFormation property in the mappings: not converted",
                        b.ident
                    ),
                    &arg_at,
                    "Resources",
                    id,
                );
                continue;
            };
            match (value, sub.shape) {
                (Some(Expression::Null), _) => {}
                (Some(v), Shape::List) => {
                    let elements = match self.expr(v, &arg_at).kind {
                        ExprKind::List(items) => items,
                        other => {
                            self.warn_noted(
                                "reverse::list",
                                format!(
                                    "`{name}` is not a literal list, so it cannot be split into one item per value"
                                ),
                                &arg_at,
                                "Resources",
                                id,
                            );
                            vec![x(other)]
                        }
                    };
                    variants.push((base.len(), cfn.clone(), elements));
                }
                (Some(v), _) => {
                    if let Some(e) = self.shaped(sub, v, &arg_at, id) {
                        base.push((cfn.clone(), e));
                    }
                }
                (None, Shape::Block | Shape::Blocks) => {
                    if !done.insert(name.to_string()) {
                        continue;
                    }
                    let items = self.block_items(b, name, sub, id);
                    let v = if sub.shape == Shape::Block {
                        items.into_iter().next()
                    } else {
                        Some(x(ExprKind::List(items)))
                    };
                    if let Some(v) = v {
                        base.push((cfn.clone(), v));
                    }
                }
                (None, _) => self.warn_noted(
                    "reverse::unmapped-argument",
                    format!("`{name}` block has no CloudFormation property in the mappings: not converted"),
                    &arg_at,
                    "Resources",
                    id,
                ),
            }
        }
        let given: HashSet<String> = base
            .iter()
            .map(|(k, _)| k.clone())
            .chain(variants.iter().map(|(_, k, _)| k.clone()))
            .collect();
        base.extend(provider_defaults(&rule.properties, |p| given.contains(p)));
        let to_map = |entries: Vec<(String, Expr)>| {
            x(ExprKind::Map(
                entries.into_iter().map(|(k, v)| (k, Default::default(), v)).collect(),
            ))
        };
        if variants.is_empty() {
            return vec![to_map(base)];
        }
        let mut out = Vec::new();
        for (pos, cfn, elements) in variants {
            for el in elements {
                let mut entries = base.clone();
                entries.insert(pos.min(entries.len()), (cfn.clone(), el));
                out.push(to_map(entries));
            }
        }
        out
    }

    /// `{ Name = "x" }` -> `[{Key: Name, Value: x}]`.
    fn tags(&mut self, value: &Expression, at: &At, id: &str) -> Option<Expr> {
        let e = self.expr(value, at);
        let ExprKind::Map(entries) = e.kind else {
            self.warn_noted(
                "reverse::tags",
                "tags computed at deploy time: CloudFormation needs the list of tags written out; not converted"
                    .to_string(),
                at,
                "Resources",
                id,
            );
            return None;
        };
        Some(x(ExprKind::List(
            entries
                .into_iter()
                .map(|(k, _, v)| super::optional::tag(k, v))
                .collect(),
        )))
    }

    /// A JSON document: `jsonencode({...})` or a JSON string -> the object itself.
    fn json(&mut self, value: &Expression, at: &At) -> Expr {
        match value {
            Expression::FuncCall(f) if f.name.name.as_str() == "jsonencode" && f.args.len() == 1 => {
                self.expr(&f.args[0], at)
            }
            Expression::String(s) => match serde_json::from_str::<serde_json::Value>(s) {
                Ok(v) => json_to_expr(&v),
                Err(_) => x(ExprKind::String(s.clone())),
            },
            other => {
                let e = self.expr(other, at);
                match &e.kind {
                    ExprKind::String(s) => serde_json::from_str::<serde_json::Value>(s)
                        .map(|v| json_to_expr(&v))
                        .unwrap_or(e),
                    _ => e,
                }
            }
        }
    }
}

/// The provider's values of the arguments a configuration left out, for the properties
/// CloudFormation requires (`provider_default` in the mappings) that `given` does not have.
fn provider_defaults(properties: &IndexMap<String, PropertySpec>, given: impl Fn(&str) -> bool) -> Vec<(String, Expr)> {
    properties
        .iter()
        .filter(|(cfn, _)| !given(cfn))
        .filter_map(|(cfn, spec)| {
            let value = match spec.table()?.provider_default.as_ref()? {
                toml::Value::Table(t) if t.contains_key("ref") => {
                    let pseudo = t.get("ref").and_then(|r| r.as_str()).and_then(Pseudo::from_name)?;
                    x(ExprKind::Ref(RefTarget::Pseudo(pseudo)))
                }
                other => json_to_expr(&serde_json::to_value(other).ok()?),
            };
            Some((cfn.clone(), value))
        })
        .collect()
}

/// The value the forward direction writes for a property the template leaves out (`absent`)
/// reads back as no property: the same template.
fn drop_absent_defaults(properties: &IndexMap<String, PropertySpec>, resource: &mut Resource) {
    for (cfn, spec) in properties {
        let Some(absent) = spec.table().and_then(|r| r.absent.as_ref()) else {
            continue;
        };
        if absent.unless.as_deref().is_some_and(|u| resource.property(u).is_some()) {
            continue;
        }
        let written = absent
            .value
            .as_str()
            .map(str::to_string)
            .unwrap_or_else(|| absent.value.to_string());
        resource
            .properties
            .retain(|p| !(p.name == *cfn && p.value.as_literal_str() == Some(written.as_str())));
    }
}

fn property(name: String, value: Expr) -> Property {
    Property {
        name,
        span: Default::default(),
        value,
    }
}

/// An argument the forward direction writes with a fixed value (`fixed` in the mapping), holding
/// that value: CloudFormation's behaviour without it.
fn is_fixed(mapping: &ResourceMapping, name: &str, value: &Expression) -> bool {
    holds(&mapping.fixed, name, value)
}

/// An argument that makes destroy take a final snapshot (`snapshot_on_delete` in the mapping):
/// `DeletionPolicy: Snapshot`.
fn takes_final_snapshot(mapping: &ResourceMapping, name: &str, value: &Expression) -> bool {
    holds(&mapping.snapshot_on_delete, name, value)
}

/// The argument holds the value the mapping gives it.
fn holds(arguments: &indexmap::IndexMap<String, toml::Value>, name: &str, value: &Expression) -> bool {
    arguments
        .get(name)
        .is_some_and(|v| crate::convert::toml_to_expr(v) == *value)
}
