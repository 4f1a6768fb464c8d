//! `Fn::If` with `AWS::NoValue`, read back from the shapes the forward direction writes for it:
//! `c ? [x] : []` and `c ? {k = v} : {}` (alone or as parts of `concat` / `merge`), a `dynamic`
//! block whose `for_each` is `c ? [1] : []`, and a tag present only under a condition.

use super::{At, Reverser, x};
use crate::mapping::PropertyRule;
use crate::model::{Expr, ExprKind};
use crate::tf::{Block, BodyItem, Expression};
use hcl::expr::{Conditional, Operation, UnaryOperator};

impl Reverser<'_> {
    /// `c ? [x, ..] : []` -> `[Fn::If [c, x, NoValue], ..]`; `c ? {k = v} : {}` -> `{k: Fn::If [c, v,
    /// NoValue]}` (`!c` puts the value in the else branch); None for any other conditional.
    pub(crate) fn optional_parts(&mut self, c: &Conditional, at: &At) -> Option<Expr> {
        let empty = match &c.false_expr {
            Expression::Array(a) => a.is_empty(),
            Expression::Object(o) => o.is_empty(),
            _ => false,
        };
        if !empty || std::mem::discriminant(&c.true_expr) != std::mem::discriminant(&c.false_expr) {
            return None;
        }
        let (condition, negated) = self.optional_condition(&c.cond_expr, at);
        let present = |v: Expr| if_present(&condition, negated, v);
        Some(match self.expr(&c.true_expr, at).kind {
            ExprKind::List(items) => x(ExprKind::List(items.into_iter().map(present).collect())),
            ExprKind::Map(entries) => x(ExprKind::Map(
                entries.into_iter().map(|(k, s, v)| (k, s, present(v))).collect(),
            )),
            _ => return None,
        })
    }

    /// The condition name of `c` or `!c`, and whether it was negated.
    fn optional_condition(&mut self, cond: &Expression, at: &At) -> (String, bool) {
        if let Expression::Operation(op) = cond
            && let Operation::Unary(u) = &**op
            && u.operator == UnaryOperator::Not
        {
            return (self.condition_name(&u.expr, "Condition", at), true);
        }
        (self.condition_name(cond, "Condition", at), false)
    }

    /// The items of block-shaped property `rule` from every `ident` block of `b` and every
    /// `dynamic "ident"` block written for `Fn::If`, in their order.
    pub(crate) fn block_items(&mut self, b: &Block, ident: &str, rule: &PropertyRule, id: &str) -> Vec<Expr> {
        let mut items = Vec::new();
        for item in &b.body {
            let BodyItem::Block(nb) = item else { continue };
            let at = At::arg(nb, ident);
            if nb.ident == ident {
                items.extend(self.nested(rule, nb, &at, id));
            } else if let Some((content, cond)) = optional_block(nb)
                && nb.labels.first().is_some_and(|l| l == ident)
            {
                let (condition, negated) = self.optional_condition(cond, &at);
                let present = self.nested(rule, content, &at, id);
                items.extend(present.into_iter().map(|v| if_present(&condition, negated, v)));
            }
        }
        join_branches(items)
    }
}

/// The property a block stands for: its own name, or the label of a `dynamic` block written for
/// `Fn::If` (None for any other `dynamic` block).
pub(crate) fn block_property(nb: &Block) -> Option<&str> {
    if nb.ident != "dynamic" {
        return Some(&nb.ident);
    }
    optional_block(nb)?;
    nb.labels.first().map(String::as_str)
}

/// A `dynamic` block written for `Fn::If`: `for_each = c ? [1] : []` around one `content`
/// block; returns the content and `c`.
fn optional_block(d: &Block) -> Option<(&Block, &Expression)> {
    let Some(Expression::Conditional(c)) = d.attribute("for_each") else {
        return None;
    };
    let one = matches!(&c.true_expr, Expression::Array(a) if a.len() == 1);
    let none = matches!(&c.false_expr, Expression::Array(a) if a.is_empty());
    let contents: Vec<&Block> = d
        .body
        .iter()
        .filter_map(|i| match i {
            BodyItem::Block(b) if b.ident == "content" => Some(b),
            _ => None,
        })
        .collect();
    match contents.as_slice() {
        [content] if one && none && d.labels.len() == 1 => Some((content, &c.cond_expr)),
        _ => None,
    }
}

/// `Fn::If [c, v, NoValue]`, or `Fn::If [c, NoValue, v]` when negated.
pub(crate) fn if_present(condition: &str, negated: bool, v: Expr) -> Expr {
    let (then, otherwise) = if negated {
        (super::expr::no_value(), v)
    } else {
        (v, super::expr::no_value())
    };
    x(ExprKind::If {
        condition: condition.to_string(),
        then: Box::new(then),
        otherwise: Box::new(otherwise),
    })
}

/// Adjacent items present under `c` and under `!c` are one `Fn::If [c, a, b]`: the forward
/// direction writes the two branches of an `Fn::If` between values as two such items.
pub(crate) fn join_branches(items: Vec<Expr>) -> Vec<Expr> {
    let mut out: Vec<Expr> = Vec::new();
    for item in items {
        if let Some(last) = out.last_mut()
            && let ExprKind::If {
                condition: c1,
                then: t1,
                otherwise: o1,
            } = &mut last.kind
            && let ExprKind::If {
                condition: c2,
                then: t2,
                otherwise: o2,
            } = &item.kind
            && c1 == c2
            && !t1.is_no_value()
            && o1.is_no_value()
            && t2.is_no_value()
            && !o2.is_no_value()
        {
            *o1 = o2.clone();
            continue;
        }
        out.push(item);
    }
    out
}

/// A tag whose value is present only under a condition is the whole tag under it: the forward
/// direction writes both as the same conditional entry.
pub(crate) fn tag(key: String, value: Expr) -> Expr {
    let tag = |v: Expr| super::network::key_value(&key, v);
    match value.kind {
        ExprKind::If {
            condition,
            then,
            otherwise,
        } if then.is_no_value() != otherwise.is_no_value() => {
            let negated = then.is_no_value();
            let v = if negated { *otherwise } else { *then };
            if_present(&condition, negated, tag(v))
        }
        kind => tag(x(kind)),
    }
}
