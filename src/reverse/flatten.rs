//! The `flatten` shape read back: a CloudFormation mapping whose entries the forward direction
//! spreads over the enclosing block (`PortRange: {From, To}` -> `from_port`, `to_port`).

use super::{At, Reverser, x};
use crate::mapping::{PropertyRule, PropertySpec, Shape};
use crate::model::{ExprKind, Property, Resource};
use crate::tf::Expression;
use indexmap::IndexMap;

/// A Terraform argument that one entry of a flattened property was written as.
pub(crate) struct Flattened {
    pub(crate) property: String,
    pub(crate) entry: String,
    pub(crate) rule: PropertyRule,
}

/// Each argument the `flatten` properties of `properties` write, from the same table.
pub(crate) fn flattened(properties: &IndexMap<String, PropertySpec>) -> IndexMap<String, Flattened> {
    let mut out = IndexMap::new();
    for (cfn, spec) in properties {
        let rule = spec.rule();
        if rule.shape != Shape::Flatten {
            continue;
        }
        for (tf, (entry, nested)) in rule.inverse_properties() {
            out.entry(tf).or_insert(Flattened {
                property: cfn.clone(),
                entry,
                rule: nested,
            });
        }
    }
    out
}

impl Reverser<'_> {
    /// Adds the argument's value to the mapping it was flattened from, made on first use.
    pub(crate) fn unflatten(&mut self, resource: &mut Resource, f: &Flattened, value: &Expression, at: &At, id: &str) {
        let Some(v) = self.shaped(&f.rule, value, at, id) else {
            return;
        };
        if !resource.properties.iter().any(|p| p.name == f.property) {
            resource.properties.push(Property {
                name: f.property.clone(),
                span: Default::default(),
                value: x(ExprKind::Map(Vec::new())),
            });
        }
        if let Some(p) = resource.properties.iter_mut().find(|p| p.name == f.property)
            && let ExprKind::Map(entries) = &mut p.value.kind
        {
            entries.push((f.entry.clone(), Default::default(), v));
        }
    }
}
