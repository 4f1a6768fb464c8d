//! Attributes the mappings define as expressions over the resource (`{self}` templates such as a
//! scalable target's composite `Ref`) or by pattern (`{*}`, a custom resource's `Data.X`), read
//! back by rendering the same template for each resource and comparing.

use super::{Reverser, x};
use crate::model::{Expr, ExprKind, RefTarget};
use crate::tf::Expression;

/// Stands for the `{*}` part of a pattern while it is rendered.
const WILDCARD: &str = "cfn2tf_wildcard";

impl Reverser<'_> {
    /// The `Ref` or `Fn::GetAtt` whose template renders to `e`, if any.
    pub(super) fn templated_attribute(&self, e: &Expression) -> Option<Expr> {
        if !matches!(
            e,
            Expression::Traversal(_) | Expression::FuncCall(_) | Expression::ForExpr(_) | Expression::TemplateExpr(_)
        ) {
            return None;
        }
        let text = crate::emit::inline_text(e);
        self.targets.iter().find_map(|(address, target)| {
            let mapping = target.mapping?;
            if !text.contains(address.as_str()) {
                return None;
            }
            // The forward direction indexes a conditional resource (`count`) with `[0]`.
            let this = match target.condition {
                Some(_) => format!("{address}[0]"),
                None => address.clone(),
            };
            let id = &target.logical_id;
            let reference = mapping
                .ref_attribute
                .as_deref()
                .filter(|t| t.contains("{self}"))
                .filter(|t| canonical(&t.replace("{self}", &this)).as_deref() == Some(text.as_str()))
                .map(|_| x(ExprKind::Ref(RefTarget::Resource(id.clone()))));
            reference.or_else(|| {
                mapping.attributes.iter().find_map(|(cfn, tf)| {
                    let template = tf.replace("{self}", &this);
                    let attribute = match cfn.strip_suffix('*') {
                        Some(prefix) => format!("{prefix}{}", wildcard_part(&template, &text)?),
                        None if tf.contains("{self}") => (canonical(&template)? == text).then(|| cfn.clone())?,
                        None => return None,
                    };
                    Some(x(ExprKind::GetAtt {
                        resource: id.clone(),
                        attribute,
                    }))
                })
            })
        })
    }
}

/// The template as the loader and the emitter write it, so that spacing does not matter.
fn canonical(template: &str) -> Option<String> {
    template
        .parse::<Expression>()
        .ok()
        .map(|e| crate::emit::inline_text(&e))
}

/// What `{*}` stands for in `text`, when `text` is the pattern with a name in its place.
fn wildcard_part<'t>(pattern: &str, text: &'t str) -> Option<&'t str> {
    let rendered = canonical(&pattern.replace("{*}", WILDCARD))?;
    let (before, after) = rendered.split_once(WILDCARD)?;
    let rest = text.strip_prefix(before)?.strip_suffix(after)?;
    let is_name = !rest.is_empty() && rest.chars().all(|c| c.is_ascii_alphanumeric() || c == '_' || c == '.');
    is_name.then_some(rest)
}
