//! Properties that gather several Terraform arguments of the enclosing block, read backwards:
//! a `flatten` property (DynamoDB `ProvisionedThroughput` -> `read_capacity`, `write_capacity`),
//! a named `rule` (`KeySchema` -> `hash_key`, `range_key`), and dotted argument paths
//! (`Prefix = "filter.prefix"` -> a `filter { prefix }` block).

use super::{At, Reverser, rules};
use crate::mapping::{PropertyRule, PropertySpec, Shape};
use crate::model::{Expr, ExprKind};
use crate::tf::{Block, BodyItem};
use indexmap::IndexMap;
use std::collections::HashSet;

/// One property waiting for the first of its arguments in the body.
pub(super) struct Gather {
    property: String,
    rule: PropertyRule,
    args: Vec<String>,
}

/// The gathering properties among `properties` that have an argument in `b`. Companions
/// (`resource`) are folded from their own resources instead. A rule claims its arguments before
/// any property; a flatten property leaves those a property of this level names (`direct`).
pub(super) fn pending<T>(
    r: &Reverser<'_>,
    properties: &IndexMap<String, PropertySpec>,
    direct: &IndexMap<String, T>,
    b: &Block,
) -> Vec<Gather> {
    properties
        .iter()
        .filter_map(|(property, spec)| {
            let rule = spec.rule();
            if rule.resource.is_some() || (rule.rule.is_none() && rule.shape != Shape::Flatten) {
                return None;
            }
            let args: Vec<String> = args_of(r, &rule, b)
                .into_iter()
                .filter(|a| has_item(b, a) && (rule.rule.is_some() || !direct.contains_key(a)))
                .collect();
            (!args.is_empty()).then(|| Gather {
                property: property.clone(),
                rule,
                args,
            })
        })
        .collect()
}

/// The arguments a gathering property reads, by the first part of a dotted path.
fn args_of(r: &Reverser<'_>, rule: &PropertyRule, b: &Block) -> Vec<String> {
    if let Some(name) = &rule.rule {
        return rules::claimed(name, b, r).into_iter().map(str::to_string).collect();
    }
    let mut out: Vec<String> = Vec::new();
    for spec in rule.properties.values() {
        let sub = spec.rule();
        if sub.resource.is_some() {
            continue;
        }
        if sub.rule.is_some() || sub.shape == Shape::Flatten {
            out.extend(args_of(r, &sub, b));
        } else if let Some(tf) = &sub.tf {
            // As written (`filter { ... }`), or already read as the dotted path.
            out.push(tf.split('.').next().unwrap_or(tf).to_string());
            out.push(tf.clone());
        }
    }
    out.extend(rule.fixed.keys().cloned());
    out
}

fn has_item(b: &Block, name: &str) -> bool {
    b.body.iter().any(|i| item_name(i) == Some(name))
}

fn item_name(i: &BodyItem) -> Option<&str> {
    match i {
        BodyItem::Attribute(n, _) => Some(n.as_str()),
        // A `dynamic` block written for `Fn::If` stands for the block it labels.
        BodyItem::Block(nb) => Some(super::optional::block_property(nb).unwrap_or(&nb.ident)),
        BodyItem::Comment(_) => None,
    }
}

/// Tracks which arguments of a block gathering properties have read.
#[derive(Default)]
pub(super) struct Consumed(HashSet<String>);

impl Reverser<'_> {
    /// For the argument `name` of `b`: `None` when no gathering property reads it; otherwise the
    /// properties made on its first argument (empty on the others).
    pub(super) fn gather(
        &mut self,
        pending: &mut Vec<Gather>,
        consumed: &mut Consumed,
        name: &str,
        b: &Block,
        at: &At,
        id: &str,
    ) -> Option<Vec<(String, Expr)>> {
        if consumed.0.contains(name) {
            return Some(Vec::new());
        }
        let pos = pending.iter().position(|g| g.args.iter().any(|a| a == name))?;
        let g = pending.remove(pos);
        consumed.0.extend(g.args.iter().cloned());
        if let Some(rule) = &g.rule.rule {
            return Some(rules::apply(rule, b, self, at));
        }
        let mut part = Block::new(&b.ident, &[]);
        part.origin = b.origin.clone();
        part.body = b
            .body
            .iter()
            .filter(|i| item_name(i).is_some_and(|n| g.args.iter().any(|a| a == n)))
            .cloned()
            .collect();
        let value = self.nested(&g.rule, &part, at, id).into_iter().next();
        Some(match value {
            Some(v) if matches!(&v.kind, ExprKind::Map(e) if !e.is_empty()) => vec![(g.property, v)],
            _ => Vec::new(),
        })
    }
}

/// `filter { prefix = "tmp/" }` read as the argument `filter.prefix` where the mapping names that
/// dotted path (and no `filter` of its own).
pub(super) fn dotted<T>(b: &Block, inverse: &IndexMap<String, T>) -> Block {
    let mut out = b.clone();
    out.body = Vec::with_capacity(b.body.len());
    for item in &b.body {
        match item {
            BodyItem::Block(nb)
                if !inverse.contains_key(&nb.ident)
                    && inverse.keys().any(|k| k.starts_with(&format!("{}.", nb.ident))) =>
            {
                flatten_into(&mut out.body, &nb.ident, nb);
            }
            other => out.body.push(other.clone()),
        }
    }
    out
}

fn flatten_into(body: &mut Vec<BodyItem>, prefix: &str, b: &Block) {
    for item in &b.body {
        match item {
            BodyItem::Attribute(n, v) => body.push(BodyItem::Attribute(format!("{prefix}.{n}"), v.clone())),
            BodyItem::Block(nb) => flatten_into(body, &format!("{prefix}.{}", nb.ident), nb),
            BodyItem::Comment(_) => {}
        }
    }
}
