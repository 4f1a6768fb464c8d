//! One CloudFormation resource -> several Terraform resources.
//!
//! Some CloudFormation properties are separate resources in provider 5 (an S3 bucket's
//! versioning, a role's inline policies). A mapping marks such a property with `resource`;
//! the property then becomes a companion resource beside the main one, tied to it by `link`
//! arguments. References keep following the CloudFormation resource: `Ref`/`GetAtt` resolve to
//! the main resource, a `DependsOn` on it waits for its companions too, and companions marked
//! `ordering` (created by CloudFormation as part of the main resource) are waited for by every
//! resource that refers to the main one.

use super::Converter;
use crate::mapping::{Companion, PropertyRule, ResourceMapping};
use crate::model::{Expr, ExprKind, Pseudo, RefTarget, Resource, naming::snake_case};
use crate::tf::{Block, Expression, traversal};
use hcl::expr::{BinaryOperator, Conditional};
use std::collections::{HashMap, HashSet};

/// Where one companion resource ended up.
#[derive(Debug, Clone)]
pub struct CompanionTarget {
    pub tf_type: String,
    pub name: String,
    pub ordering: bool,
    /// The CloudFormation property it comes from, and the list position for `per_item`.
    pub property: String,
    pub item: Option<usize>,
}

/// `Fn::If [cond, value, AWS::NoValue]` (or the reverse) around a whole property value: the
/// companion exists only when the condition holds, so it gets a `count`.
pub(crate) struct Guarded<'e> {
    pub(crate) value: &'e Expr,
    condition: Option<(String, bool)>,
}

pub(crate) fn unguard(e: &Expr) -> Guarded<'_> {
    if let ExprKind::If {
        condition,
        then,
        otherwise,
    } = &e.kind
    {
        if otherwise.is_no_value() && !then.is_no_value() {
            return Guarded {
                value: then,
                condition: Some((condition.clone(), true)),
            };
        }
        if then.is_no_value() && !otherwise.is_no_value() {
            return Guarded {
                value: otherwise,
                condition: Some((condition.clone(), false)),
            };
        }
    }
    Guarded {
        value: e,
        condition: None,
    }
}

fn is_absent(e: &Expr) -> bool {
    matches!(
        e.kind,
        ExprKind::Ref(RefTarget::Pseudo(Pseudo::NoValue)) | ExprKind::Null
    )
}

/// The items of a `per_item` property, with their positions (`AWS::NoValue` items skipped).
fn items(value: &Expr) -> Vec<(usize, &Expr)> {
    match &value.kind {
        ExprKind::List(items) => items.iter().enumerate().filter(|(_, i)| !is_absent(i)).collect(),
        _ => Vec::new(),
    }
}

fn item_label(item: &Expr, label: Option<&str>) -> Option<String> {
    let text = match label {
        Some(key) => super::properties::map_get(unguard(item).value, key)?.as_literal_str()?,
        // A scalar item names itself by its last path segment (a managed policy ARN).
        None => item.as_literal_str()?.rsplit(['/', ':']).next()?,
    };
    (!text.is_empty()).then(|| snake_case(text))
}

impl Converter<'_> {
    /// Decides the companions' names before any reference is translated.
    pub(super) fn plan_companions(
        &self,
        r: &Resource,
        mapping: &ResourceMapping,
        main_name: &str,
        used: &mut HashMap<(String, String), usize>,
    ) -> Vec<CompanionTarget> {
        let mut out = Vec::new();
        for p in &r.properties {
            if is_absent(&p.value) {
                continue;
            }
            let Some(rule) = mapping.properties.get(&p.name).map(|s| s.rule()) else {
                continue;
            };
            let Some(companion) = &rule.resource else { continue };
            let mut push = |name: String, item: Option<usize>| {
                let n = used.entry((companion.tf.clone(), name.clone())).or_insert(0);
                *n += 1;
                let name = if *n > 1 { format!("{name}_{n}") } else { name };
                out.push(CompanionTarget {
                    tf_type: companion.tf.clone(),
                    name,
                    ordering: companion.ordering,
                    property: p.name.clone(),
                    item,
                });
            };
            if companion.per_item {
                for (i, item) in items(unguard(&p.value).value) {
                    let suffix = item_label(item, companion.label.as_deref()).unwrap_or_else(|| (i + 1).to_string());
                    push(format!("{main_name}_{suffix}"), Some(i));
                }
            } else {
                push(main_name.to_string(), None);
            }
        }
        out
    }

    /// Translates a property marked `resource` into its companion resource(s), pushed to `extra`.
    pub(super) fn companion_property(
        &mut self,
        r: &Resource,
        rule: &PropertyRule,
        companion: &Companion,
        name: &str,
        value: &Expr,
        extra: &mut Vec<Block>,
    ) {
        let target = self.targets[&r.logical_id].clone();
        let inner = PropertyRule {
            resource: None,
            ..rule.clone()
        };
        let whole = unguard(value);
        if companion.per_item {
            let ExprKind::List(_) = &whole.value.kind else {
                let mut b = Block::comment_only();
                self.untranslated(
                    r,
                    name,
                    Some("not a literal list, so the separate resources it needs cannot be written"),
                    value.span,
                    &mut b,
                );
                extra.push(b);
                return;
            };
            for (i, item) in items(whole.value) {
                let Some(ct) = target
                    .companions
                    .iter()
                    .find(|c| c.property == name && c.item == Some(i))
                else {
                    continue;
                };
                let guarded = unguard(item);
                let conditions: Vec<(String, bool)> = whole
                    .condition
                    .iter()
                    .chain(guarded.condition.iter())
                    .cloned()
                    .collect();
                let mut b = self.companion_block(r, ct, companion, &conditions, name);
                self.property(&inner, name, guarded.value, item.span, &mut b, r);
                extra.push(b);
            }
        } else if let Some(ct) = target.companions.iter().find(|c| c.property == name) {
            let conditions: Vec<(String, bool)> = whole.condition.iter().cloned().collect();
            let mut b = self.companion_block(r, ct, companion, &conditions, name);
            self.property(&inner, name, whole.value, value.span, &mut b, r);
            extra.push(b);
        }
    }

    fn companion_block(
        &mut self,
        r: &Resource,
        ct: &CompanionTarget,
        companion: &Companion,
        conditions: &[(String, bool)],
        property: &str,
    ) -> Block {
        let mut b = Block::new("resource", &[&ct.tf_type, &ct.name]);
        b.comments.push(format!(
            "{property} of {} ({}) from {}",
            r.logical_id,
            r.type_name,
            self.at(r.span)
        ));
        b.origin = Some(crate::tf::Origin {
            file: self.file.name.clone(),
            line: self.file.line_col(r.span.start).line,
        });
        let mut guards: Vec<Expression> = Vec::new();
        if let Some((cond, _)) = &r.condition {
            guards.push(self.condition_ref(cond));
        }
        for (cond, holds) in conditions {
            let c = self.condition_ref(cond);
            guards.push(if *holds {
                c
            } else {
                Expression::Operation(Box::new(hcl::expr::Operation::Unary(hcl::expr::UnaryOp::new(
                    hcl::expr::UnaryOperator::Not,
                    c,
                ))))
            });
        }
        if let Some(first) = guards.first().cloned() {
            let all = guards[1..].iter().cloned().fold(first, |acc, g| {
                Expression::Operation(Box::new(hcl::expr::Operation::Binary(hcl::expr::BinaryOp::new(
                    acc,
                    BinaryOperator::And,
                    g,
                ))))
            });
            b.attr(
                "count",
                Expression::Conditional(Box::new(Conditional::new(
                    all,
                    Expression::Number(1.into()),
                    Expression::Number(0.into()),
                ))),
            );
        }
        let anchor = Expr::new(ExprKind::Null, r.span);
        for (arg, attribute) in &companion.link {
            let x = self.resource_ref(&r.logical_id, Some(attribute), &anchor);
            b.attr(arg, x);
        }
        b
    }

    /// `depends_on` of a resource: its `DependsOn` (each with the companions of what it names)
    /// and the `ordering` companions of every resource its properties refer to.
    pub(super) fn depends_on(&self, r: &Resource) -> Vec<Expression> {
        let mut seen = HashSet::new();
        let mut out = Vec::new();
        let mut push = |t: &str, n: &str| {
            if seen.insert((t.to_string(), n.to_string())) {
                out.push(traversal(&[t, n]));
            }
        };
        for (d, _) in &r.depends_on {
            let t = &self.targets[d];
            push(&t.tf_type, &t.name);
            for c in &t.companions {
                push(&c.tf_type, &c.name);
            }
        }
        let mut referenced: Vec<String> = r
            .properties
            .iter()
            .flat_map(|p| p.value.referenced_resources())
            .collect();
        referenced.dedup();
        for id in referenced {
            if id == r.logical_id {
                continue;
            }
            if let Some(t) = self.targets.get(&id) {
                for c in t.companions.iter().filter(|c| c.ordering) {
                    push(&c.tf_type, &c.name);
                }
            }
        }
        out
    }
}
