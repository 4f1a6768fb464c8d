//! Companion resources folded back into the CloudFormation resource they came from.
//!
//! The forward direction writes some properties as separate Terraform resources (`resource =
//! {...}` in `mappings/`, see `src/convert/companions.rs`): an S3 bucket's versioning, a role's
//! inline policies. The same tables read backwards: a resource of a companion type whose `link`
//! arguments (`bucket = aws_s3_bucket.data.id`) name a resource of this configuration is that
//! property of it again, or one item of it (`per_item`). Written by cfn2tf (its trace comment
//! names the property) or by hand, it reads the same.

use super::expr::no_value;
use super::resources::traced_logical_id;
use super::{At, Reverser, Target, x};
use crate::mapping::{Companion, PropertyRule, PropertySpec, ResourceMapping, Shape};
use crate::model::{Expr, ExprKind, Property};
use crate::tf::{Block, BodyItem, Expression};
use hcl::expr::{BinaryOperator, Operation, TraversalOperator, UnaryOperator};
use indexmap::IndexMap;
use std::collections::HashSet;

/// Meta-arguments and blocks that keep a companion a resource of its own: a template has no
/// counterpart for them on a property.
const KEEPS_SEPARATE: &[&str] = &["for_each", "provider", "lifecycle", "provisioner", "connection"];

/// One Terraform resource that is a property (or a list item) of another.
pub(super) struct Folded<'b> {
    block: &'b Block,
    address: String,
    /// The address of the resource it belongs to.
    main: String,
    property: &'static str,
    rule: &'static PropertyRule,
    companion: &'static Companion,
}

/// The companions the mappings declare for the resource types of this configuration: (main
/// mapping, property, its rule), in a fixed order so the choice between two that fit does not
/// depend on hashing. Only the types present are looked up (the reverse direction reads each
/// main resource through `by_terraform`, and so does this).
fn declared(
    r: &Reverser<'_>,
    resources: &[&Block],
) -> Vec<(&'static ResourceMapping, &'static str, &'static PropertyRule)> {
    let mut types: Vec<&str> = resources
        .iter()
        .filter_map(|b| b.labels.first().map(String::as_str))
        .collect();
    types.sort_unstable();
    types.dedup();
    let registry = r.registry;
    types
        .into_iter()
        .filter_map(|t| registry.by_terraform(t))
        .flat_map(|m| {
            m.properties.iter().filter_map(move |(p, spec)| match spec {
                PropertySpec::Rule(rule) if rule.resource.is_some() => Some((m, p.as_str(), &**rule)),
                _ => None,
            })
        })
        .collect()
}

/// `VersioningConfiguration of Data (AWS::S3::Bucket) from file:line`, the comment the forward
/// direction writes above a companion: (property, CloudFormation type).
fn companion_trace(b: &Block) -> Option<(String, String)> {
    b.comments.iter().find_map(|c| {
        let (property, rest) = c.split_once(" of ")?;
        let (_, rest) = rest.split_once(" (")?;
        let (ty, _) = rest.split_once(") from ")?;
        Some((property.to_string(), ty.to_string()))
    })
}

/// `aws_s3_bucket.data.id` or `aws_s3_bucket.data[0].id` -> (type, name).
fn resource_attribute(e: &Expression) -> Option<(String, String)> {
    let Expression::Traversal(t) = e else { return None };
    let Expression::Variable(root) = &t.expr else {
        return None;
    };
    let mut names = Vec::new();
    for op in &t.operators {
        match op {
            TraversalOperator::GetAttr(a) => names.push(a.as_str().to_string()),
            // The first instance of a resource with `count = cond ? 1 : 0` is the resource.
            TraversalOperator::Index(Expression::Number(n)) if names.len() == 1 && n.as_u64() == Some(0) => {}
            TraversalOperator::LegacyIndex(0) if names.len() == 1 => {}
            _ => return None,
        }
    }
    match names.as_slice() {
        [name, _attribute] => Some((root.as_str().to_string(), name.clone())),
        _ => None,
    }
}

/// The main resource a companion's `link` arguments all name. Any attribute names it: Terraform
/// accepts only one that identifies it, and hand-written code uses several (a role by `id` or
/// `name`, a bucket by `id` or `bucket`).
fn linked_main(b: &Block, main: &ResourceMapping, companion: &Companion) -> Option<String> {
    let mut found: Option<String> = None;
    for arg in companion.link.keys() {
        let (ty, name) = resource_attribute(b.attribute(arg)?)?;
        if ty != main.tf {
            return None;
        }
        let address = format!("{ty}.{name}");
        if found.as_ref().is_some_and(|f| *f != address) {
            return None;
        }
        found = Some(address);
    }
    found
}

fn count_is_a_condition(b: &Block) -> bool {
    let one_or_zero =
        |e: &Expression| matches!(e, Expression::Number(n) if n.as_u64() == Some(1) || n.as_u64() == Some(0));
    match b.attribute("count") {
        None => true,
        Some(Expression::Conditional(c)) => {
            one_or_zero(&c.true_expr) && one_or_zero(&c.false_expr) && c.true_expr != c.false_expr
        }
        Some(_) => false,
    }
}

/// Splits the companions off the resources, before logical IDs are planned (a companion has none
/// of its own).
pub(super) fn split<'b>(r: &Reverser<'_>, resources: Vec<&'b Block>) -> (Vec<&'b Block>, Vec<Folded<'b>>) {
    let declared = declared(r, &resources);
    let addresses: HashSet<String> = resources
        .iter()
        .filter_map(|b| Some(format!("{}.{}", b.labels.first()?, b.labels.get(1)?)))
        .collect();
    let mut kept = Vec::new();
    let mut folded = Vec::new();
    for b in resources {
        match as_companion(b, &declared, &addresses) {
            Some(f) => folded.push(f),
            None => kept.push(b),
        }
    }
    (kept, folded)
}

fn as_companion<'b>(
    b: &'b Block,
    declared: &[(&'static ResourceMapping, &'static str, &'static PropertyRule)],
    addresses: &HashSet<String>,
) -> Option<Folded<'b>> {
    let (tf_type, name) = (b.labels.first()?, b.labels.get(1)?);
    // Written by cfn2tf as a resource of its own (an AWS::IAM::Policy is an aws_iam_role_policy too).
    if traced_logical_id(b).is_some() || !count_is_a_condition(b) {
        return None;
    }
    let separate = b.body.iter().any(|i| match i {
        BodyItem::Attribute(n, _) => KEEPS_SEPARATE.contains(&n.as_str()),
        BodyItem::Block(nb) => KEEPS_SEPARATE.contains(&nb.ident.as_str()),
        BodyItem::Comment(_) => false,
    });
    if separate {
        return None;
    }
    let trace = companion_trace(b);
    declared.iter().find_map(|&(mapping, property, rule)| {
        let companion = rule.resource.as_ref()?;
        if companion.tf != *tf_type
            || trace
                .as_ref()
                .is_some_and(|(p, ty)| p != property || *ty != mapping.cfn)
        {
            return None;
        }
        let main = linked_main(b, mapping, companion)?;
        addresses.contains(&main).then(|| Folded {
            block: b,
            address: format!("{tf_type}.{name}"),
            main,
            property,
            rule,
            companion,
        })
    })
}

/// References to a companion are references to its resource.
pub(super) fn register(r: &mut Reverser<'_>, folded: &[Folded<'_>]) {
    for f in folded {
        if let Some(main) = r.targets.get(&f.main).cloned() {
            r.targets.insert(f.address.clone(), main);
        }
    }
}

/// A property value, present only under a condition (`Fn::If` with `AWS::NoValue`).
type Guarded = (Expr, Option<(String, bool)>);

fn guard(value: Expr, condition: Option<(String, bool)>) -> Expr {
    match condition {
        None => value,
        Some((c, holds)) => {
            let (then, otherwise) = if holds {
                (value, no_value())
            } else {
                (no_value(), value)
            };
            x(ExprKind::If {
                condition: c,
                then: Box::new(then),
                otherwise: Box::new(otherwise),
            })
        }
    }
}

/// Folds the companions into the converted resources: properties in the order their resources
/// come, list items in order.
pub(super) fn fold(r: &mut Reverser<'_>, folded: &[Folded<'_>], resources: &[&Block]) {
    let mut gathered: IndexMap<(String, &'static str), (bool, Vec<Guarded>)> = IndexMap::new();
    for f in folded {
        let Some(Target { logical_id: id, .. }) = r.targets.get(&f.main).cloned() else {
            continue;
        };
        let at = At::block(f.block);
        let Some(value) = value_of(r, f, &id, &at) else {
            continue;
        };
        let condition = condition_of(r, f, &id, &at);
        let entry = gathered
            .entry((id.clone(), f.property))
            .or_insert((f.companion.per_item, Vec::new()));
        if !entry.0 && !entry.1.is_empty() {
            r.warn_noted(
                "reverse::companion-twice",
                format!(
                    "{} sets {} of {id} a second time: only the first is converted",
                    f.address, f.property
                ),
                &at,
                "Resources",
                &id,
            );
            continue;
        }
        entry.1.push((value, condition));
    }
    for ((id, property), (per_item, values)) in gathered {
        let value = if per_item {
            let first = values.first().and_then(|(_, c)| c.clone());
            if first.is_some() && values.iter().all(|(_, c)| *c == first) {
                guard(x(ExprKind::List(values.into_iter().map(|(v, _)| v).collect())), first)
            } else {
                x(ExprKind::List(values.into_iter().map(|(v, c)| guard(v, c)).collect()))
            }
        } else {
            let Some((v, c)) = values.into_iter().next() else {
                continue;
            };
            guard(v, c)
        };
        let Some(resource) = r.template.resources.get_mut(&id) else {
            continue;
        };
        match resource.properties.iter_mut().find(|p| p.name == property) {
            // Items written inline as well as separately.
            Some(Property {
                value: Expr {
                    kind: ExprKind::List(items),
                    ..
                },
                ..
            }) if per_item => match value.kind {
                ExprKind::List(more) => items.extend(more),
                other => items.push(x(other)),
            },
            Some(_) => {
                let at = At {
                    origin: r.origins.get(&id).cloned(),
                    needle: None,
                };
                r.warn_noted(
                    "reverse::companion-twice",
                    format!("{property} of {id} is set on the resource and by a separate resource: the separate one is not converted"),
                    &at,
                    "Resources",
                    &id,
                );
            }
            None => resource.properties.push(Property {
                name: property.to_string(),
                span: Default::default(),
                value,
            }),
        }
    }
    depends_on(r, folded, resources);
}

/// The companion's arguments (without its link, `count` and `depends_on`) as the property value.
fn value_of(r: &mut Reverser<'_>, f: &Folded<'_>, id: &str, at: &At) -> Option<Expr> {
    let mut pseudo = Block::new(&f.companion.tf, &[]);
    pseudo.origin = f.block.origin.clone();
    pseudo.body = f
        .block
        .body
        .iter()
        .filter(|i| match i {
            BodyItem::Attribute(n, _) => {
                !f.companion.link.contains_key(n.as_str()) && n != "count" && n != "depends_on"
            }
            BodyItem::Block(_) => true,
            BodyItem::Comment(_) => false,
        })
        .cloned()
        .collect();
    let inner = PropertyRule {
        resource: None,
        ..f.rule.clone()
    };
    let value = if inner.shape == Shape::Flatten {
        r.nested(&inner, &pseudo, at, id).into_iter().next()
    } else {
        // The companion holds the property's own argument: read it as a block holding just that.
        let wrapper = PropertyRule {
            shape: Shape::Block,
            properties: IndexMap::from([(f.property.to_string(), PropertySpec::Rule(Box::new(inner)))]),
            ..Default::default()
        };
        match r.nested(&wrapper, &pseudo, at, id).into_iter().next().map(|e| e.kind) {
            Some(ExprKind::Map(entries)) => entries.into_iter().next().map(|(_, _, v)| v),
            _ => None,
        }
    };
    let empty = |v: &Expr| matches!(&v.kind, ExprKind::Map(e) if e.is_empty());
    value.filter(|v| !empty(v))
}

fn unparen(e: &Expression) -> &Expression {
    match e {
        Expression::Parenthesis(inner) => unparen(inner),
        other => other,
    }
}

fn conjuncts(e: &Expression, out: &mut Vec<Expression>) {
    match unparen(e) {
        Expression::Operation(op) => match op.as_ref() {
            Operation::Binary(b) if b.operator == BinaryOperator::And => {
                conjuncts(&b.lhs_expr, out);
                conjuncts(&b.rhs_expr, out);
            }
            _ => out.push(unparen(e).clone()),
        },
        other => out.push(other.clone()),
    }
}

/// `count = cond ? 1 : 0` of a companion: the part of `cond` that is not its resource's own
/// condition is the property's `Fn::If` condition (and whether it must hold).
fn condition_of(r: &mut Reverser<'_>, f: &Folded<'_>, id: &str, at: &At) -> Option<(String, bool)> {
    let Some(Expression::Conditional(c)) = f.block.attribute("count") else {
        return None;
    };
    let holds = matches!(&c.true_expr, Expression::Number(n) if n.as_u64() == Some(1));
    let mut own = Vec::new();
    conjuncts(&c.cond_expr, &mut own);
    if let Some(Expression::Conditional(main)) = r.tf_blocks.get(&f.main).and_then(|b| b.attribute("count")) {
        let mut mains = Vec::new();
        conjuncts(&main.cond_expr, &mut mains);
        for m in mains {
            if let Some(pos) = own.iter().position(|o| *o == m) {
                own.remove(pos);
            }
        }
    }
    let hint = format!("{id}{}", f.property);
    match own.as_slice() {
        [] => None,
        [Expression::Operation(op)] if matches!(op.as_ref(), Operation::Unary(u) if u.operator == UnaryOperator::Not) =>
        {
            let Operation::Unary(u) = op.as_ref() else { return None };
            let inner = unparen(&u.expr).clone();
            Some((r.condition_name(&inner, &hint, at), !holds))
        }
        [one] => {
            let one = one.clone();
            Some((r.condition_name(&one, &hint, at), holds))
        }
        [first, rest @ ..] => {
            let all = rest.iter().cloned().fold(first.clone(), |acc, e| {
                Expression::Operation(Box::new(Operation::Binary(hcl::expr::BinaryOp::new(
                    acc,
                    BinaryOperator::And,
                    e,
                ))))
            });
            Some((r.condition_name(&all, &hint, at), holds))
        }
    }
}

/// `depends_on` read back: waiting for a companion is waiting for its resource, which a resource
/// that refers to it does anyway in CloudFormation (the forward direction adds such waits for
/// `ordering` companions); only a resource named itself stays a `DependsOn`. A companion's own
/// `depends_on` is its resource's.
fn depends_on(r: &mut Reverser<'_>, folded: &[Folded<'_>], resources: &[&Block]) {
    let companions: HashSet<&str> = folded.iter().map(|f| f.address.as_str()).collect();
    let id_of = |r: &Reverser<'_>, address: &str| r.targets.get(address).map(|t| t.logical_id.clone());
    for b in resources {
        let (Some(ty), Some(name)) = (b.labels.first(), b.labels.get(1)) else {
            continue;
        };
        let Some(id) = id_of(r, &format!("{ty}.{name}")) else {
            continue;
        };
        let explicit: HashSet<String> = depends_on_addresses(b)
            .iter()
            .filter(|a| !companions.contains(a.as_str()))
            .filter_map(|a| id_of(r, a))
            .collect();
        let Some(resource) = r.template.resources.get_mut(&id) else {
            continue;
        };
        let referenced: HashSet<String> = resource
            .properties
            .iter()
            .flat_map(|p| p.value.referenced_resources())
            .collect();
        resource
            .depends_on
            .retain(|(d, _)| explicit.contains(d) || !referenced.contains(d));
    }
    for f in folded {
        let Some(main) = id_of(r, &f.main) else { continue };
        let extra: Vec<String> = depends_on_addresses(f.block)
            .iter()
            .filter_map(|a| id_of(r, a))
            .filter(|d| *d != main)
            .collect();
        let Some(resource) = r.template.resources.get_mut(&main) else {
            continue;
        };
        for d in extra {
            if !resource.depends_on.iter().any(|(e, _)| *e == d) {
                resource.depends_on.push((d, Default::default()));
            }
        }
    }
}

fn depends_on_addresses(b: &Block) -> Vec<String> {
    let Some(Expression::Array(items)) = b.attribute("depends_on") else {
        return Vec::new();
    };
    items
        .iter()
        .filter_map(|i| match i {
            Expression::Traversal(t) => match super::expr::traversal_path(t).as_slice() {
                [ty, name] => Some(format!("{ty}.{name}")),
                _ => None,
            },
            _ => None,
        })
        .collect()
}
