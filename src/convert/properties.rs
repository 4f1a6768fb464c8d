//! Resource properties -> Terraform arguments and nested blocks, by the shapes in `mappings/`.

use super::{Converter, json, number, object_key, rules, toml_to_expr};
use crate::mapping::{PropertyRule, PropertySpec, ResourceMapping, Shape};
use crate::model::{Expr, ExprKind, Resource};
use crate::source::Span;
use crate::tf::{Block, BodyItem, Expression, index};
use hcl::expr::ObjectKey;
use indexmap::IndexMap;

impl Converter<'_> {
    pub(super) fn properties(
        &mut self,
        r: &Resource,
        mapping: &ResourceMapping,
        b: &mut Block,
        extra: &mut Vec<Block>,
    ) {
        for p in &r.properties {
            if p.value.is_no_value() {
                continue;
            }
            // `*` stands for every property the mapping does not name (custom resources).
            match mapping
                .properties
                .get(&p.name)
                .or_else(|| mapping.properties.get("*"))
                .map(PropertySpec::rule)
            {
                Some(rule) if rule.resource.is_some() => {
                    let companion = rule.resource.clone().unwrap_or_else(|| unreachable!());
                    self.companion_property(r, &rule, &companion, &p.name, &p.value, extra)
                }
                Some(rule) => self.property(&rule, &p.name, &p.value, p.span, b, r),
                None => self.untranslated(
                    r,
                    &p.name,
                    mapping.unsupported.get(&p.name).map(String::as_str),
                    p.span,
                    b,
                ),
            }
            self.flush_notes(b);
        }
    }

    /// A property with no counterpart: a located warning and a marker comment.
    pub(crate) fn untranslated(&mut self, r: &Resource, name: &str, reason: Option<&str>, span: Span, b: &mut Block) {
        let why = reason.unwrap_or("no mapping for it yet");
        self.warn_at(
            "convert::unmapped-property",
            format!(
                "property {name} of {} ({}) not translated: {why}",
                r.logical_id, r.type_name
            ),
            span,
        );
        b.comment(format!(
            "cfn2tf: property {name} ({}) not translated: {why}",
            self.at(span)
        ));
    }

    pub(crate) fn property(
        &mut self,
        rule: &PropertyRule,
        name: &str,
        value: &Expr,
        span: Span,
        b: &mut Block,
        r: &Resource,
    ) {
        if let Some(custom) = &rule.rule {
            rules::apply_property_rule(self, custom, r, name, value, span, b);
            return;
        }
        if rule.shape == Shape::Flatten {
            match &value.kind {
                ExprKind::Map(entries) => {
                    self.nested_properties(entries, &rule.properties, &rule.unsupported, b, r);
                    for (k, v) in &rule.fixed {
                        if !b.has_attribute(k) {
                            b.attr(k, toml_to_expr(v));
                        }
                    }
                }
                _ => self.untranslated(
                    r,
                    name,
                    Some("its value is not a plain mapping (an intrinsic here is not translated)"),
                    span,
                    b,
                ),
            }
            return;
        }
        let Some(path) = rule.tf.as_deref() else {
            self.untranslated(r, name, Some("the mapping names no Terraform argument"), span, b);
            return;
        };
        // A dotted path writes into nested blocks (`expiration.days`).
        let (parents, tf) = match path.rsplit_once('.') {
            Some((parents, last)) => (Some(parents), last),
            None => (None, path),
        };
        let b = match parents {
            Some(parents) => nested_path(b, parents),
            None => b,
        };
        let writes_attribute = !matches!(rule.shape, Shape::Block | Shape::Blocks | Shape::Entries);
        if writes_attribute && b.has_attribute(tf) {
            // Two properties of one argument (a rule's `SourceSecurityGroupId` and `...Name`):
            // Terraform refuses an argument set twice, so the later one is reported.
            let why = format!("`{tf}` is already set by another property here, and Terraform takes it once");
            self.untranslated(r, name, Some(&why), span, b);
            return;
        }
        match rule.shape {
            // Written into the enclosing block above.
            Shape::Flatten => {}
            Shape::Value | Shape::Map if !rule.values.is_empty() => {
                let x = self.translated_value(value, &rule.values);
                b.attr(tf, x);
            }
            Shape::Value if rule.lower_case => {
                let x = match (&value.kind, value.as_literal_str()) {
                    (_, Some(s)) => Expression::String(s.to_lowercase()),
                    // Another resource's name or id is already stored lower-cased.
                    (ExprKind::Ref(crate::model::RefTarget::Resource(_)) | ExprKind::GetAtt { .. }, _) => {
                        self.expr(value)
                    }
                    _ => crate::tf::call("lower", vec![self.expr(value)]),
                };
                b.attr(tf, x);
            }
            Shape::Value | Shape::Map => {
                let x = self.expr(value);
                b.attr(tf, x);
            }
            Shape::Entries => match &value.kind {
                ExprKind::Map(entries) => {
                    for (k, _, v) in entries {
                        if v.is_no_value() {
                            continue;
                        }
                        let mut nb = Block::new(tf, &[]);
                        nb.attr("name", Expression::String(k.clone()));
                        let x = match self.expr(v) {
                            Expression::Number(n) => Expression::String(n.to_string()),
                            Expression::Bool(v) => Expression::String(v.to_string()),
                            other => other,
                        };
                        nb.attr("value", x);
                        b.body.push(BodyItem::Block(nb));
                    }
                }
                _ => self.untranslated(
                    r,
                    name,
                    Some("its value is not a literal mapping (an intrinsic here needs a dynamic block)"),
                    span,
                    b,
                ),
            },
            Shape::Single => match &value.kind {
                ExprKind::List(items) => {
                    let mut items = items.iter().filter(|i| !i.is_no_value());
                    if let Some(first) = items.next() {
                        let x = self.expr(first);
                        b.attr(tf, x);
                    }
                    for more in items {
                        self.untranslated(
                            r,
                            name,
                            Some("Terraform takes one here: write a copy of this resource for each further item"),
                            more.span,
                            b,
                        );
                    }
                }
                _ => {
                    let x = self.expr(value);
                    let x = index(x, Expression::Number(0.into()));
                    b.attr(tf, x);
                }
            },
            Shape::Number => {
                let x = match &value.kind {
                    ExprKind::String(s) => number(s).unwrap_or(Expression::String(s.clone())),
                    _ => self.expr(value),
                };
                b.attr(tf, x);
            }
            Shape::Bool => {
                let x = match &value.kind {
                    ExprKind::String(s) if s.eq_ignore_ascii_case("true") => Expression::Bool(true),
                    ExprKind::String(s) if s.eq_ignore_ascii_case("false") => Expression::Bool(false),
                    _ => self.expr(value),
                };
                b.attr(tf, x);
            }
            Shape::Tags => {
                let x = self.tags(value);
                b.attr(tf, x);
            }
            Shape::List => {
                let x = self.as_list(value);
                b.attr(tf, x);
            }
            Shape::Json => {
                let x = json(self.expr(value));
                b.attr(tf, x);
            }
            Shape::Block => match self.nested_block_or_dynamic(tf, rule, value, r) {
                Some(blocks) => b.body.extend(blocks.into_iter().map(BodyItem::Block)),
                None => self.untranslated(
                    r,
                    name,
                    Some("its value is not a plain mapping (an intrinsic here needs a dynamic block)"),
                    span,
                    b,
                ),
            },
            Shape::Blocks => match &value.kind {
                ExprKind::List(items) => {
                    for (i, item) in items.iter().enumerate() {
                        if item.is_no_value() {
                            continue;
                        }
                        self.block_index = Some(i + 1);
                        let blocks = self.nested_block_or_dynamic(tf, rule, item, r);
                        self.block_index = None;
                        match blocks {
                            Some(blocks) => b.body.extend(blocks.into_iter().map(BodyItem::Block)),
                            None => self.untranslated(
                                r,
                                name,
                                Some("an item is not a plain mapping (an intrinsic here needs a dynamic block)"),
                                item.span,
                                b,
                            ),
                        }
                    }
                }
                _ => self.untranslated(
                    r,
                    name,
                    Some("its value is not a literal list (an intrinsic here needs a dynamic block)"),
                    span,
                    b,
                ),
            },
        }
    }

    /// A nested block, or for `Fn::If` between mappings (or a mapping and `AWS::NoValue`) one
    /// `dynamic` block per branch, present only when its side of the condition holds.
    fn nested_block_or_dynamic(
        &mut self,
        tf: &str,
        rule: &PropertyRule,
        value: &Expr,
        r: &Resource,
    ) -> Option<Vec<Block>> {
        let ExprKind::If {
            condition,
            then,
            otherwise,
        } = &value.kind
        else {
            return self.nested_block(tf, rule, value, r).map(|b| vec![b]);
        };
        let cond = self.condition_ref(condition);
        let mut out = Vec::new();
        for (when, branch) in [(cond.clone(), then), (super::expr::negate(cond), otherwise)] {
            if branch.is_no_value() {
                continue;
            }
            let mut content = self.nested_block(tf, rule, branch, r)?;
            content.ident = "content".into();
            let mut dynamic = Block::new("dynamic", &[tf]);
            dynamic.attr(
                "for_each",
                super::expr::conditional(
                    when,
                    Expression::Array(vec![Expression::Number(1.into())]),
                    Expression::Array(vec![]),
                ),
            );
            dynamic.body.push(BodyItem::Block(content));
            out.push(dynamic);
        }
        Some(out)
    }

    pub(crate) fn nested_block(&mut self, tf: &str, rule: &PropertyRule, value: &Expr, r: &Resource) -> Option<Block> {
        let ExprKind::Map(entries) = &value.kind else {
            return None;
        };
        let mut nb = Block::new(tf, &[]);
        self.nested_properties(entries, &rule.properties, &rule.unsupported, &mut nb, r);
        for (k, v) in &rule.fixed {
            if !nb.has_attribute(k) {
                nb.attr(k, super::fixed_value(v, self.block_index));
            }
        }
        Some(nb)
    }

    pub(crate) fn nested_properties(
        &mut self,
        entries: &[(String, Span, Expr)],
        specs: &IndexMap<String, PropertySpec>,
        unsupported: &IndexMap<String, String>,
        nb: &mut Block,
        r: &Resource,
    ) {
        for (k, span, v) in entries {
            if v.is_no_value() {
                continue;
            }
            match specs.get(k) {
                Some(spec) => self.property(&spec.rule(), k, v, *span, nb, r),
                None => self.untranslated(r, k, unsupported.get(k).map(String::as_str), *span, nb),
            }
        }
    }

    /// A literal in `values` becomes its Terraform spelling; a computed value is looked up at
    /// plan time, falling back to itself.
    fn translated_value(&mut self, value: &Expr, values: &IndexMap<String, String>) -> Expression {
        if let Some(s) = value.as_literal_str() {
            return Expression::String(values.get(s).cloned().unwrap_or_else(|| s.to_string()));
        }
        let x = self.expr(value);
        let mut table = hcl::Object::new();
        for (k, v) in values {
            table.insert(object_key(k), Expression::String(v.clone()));
        }
        crate::tf::call("lookup", vec![Expression::Object(table), x.clone(), x])
    }

    /// `[{Key, Value}]` -> `{ Key = Value }`; a computed list becomes a `for` expression.
    pub(crate) fn tags(&mut self, value: &Expr) -> Expression {
        let ExprKind::List(items) = &value.kind else {
            let list = self.expr(value);
            let text = format!(
                "{{ for tag in {} : tag.Key => tag.Value }}",
                crate::emit::inline_text(&list)
            );
            return text.parse::<Expression>().unwrap_or(list);
        };
        // Tags present only under a condition (`Fn::If` with `AWS::NoValue`) are merged in.
        let mut object = super::expr::OptionalEntries::default();
        for item in items {
            if item.is_no_value() {
                continue;
            }
            let (cond, item) = match &item.kind {
                ExprKind::If {
                    condition,
                    then,
                    otherwise,
                } if then.is_no_value() || otherwise.is_no_value() => {
                    let cond = self.condition_ref(condition);
                    if then.is_no_value() {
                        (Some(super::expr::negate(cond)), &**otherwise)
                    } else {
                        (Some(cond), &**then)
                    }
                }
                _ => (None, item),
            };
            let (Some(k), Some(v)) = (map_get(item, "Key"), map_get(item, "Value")) else {
                self.note_at(
                    "convert::tag",
                    "a tag that is not a `{Key, Value}` mapping was not translated",
                    item.span,
                );
                continue;
            };
            if v.is_no_value() {
                continue;
            }
            let key = match (k.as_literal_str(), &k.kind) {
                (Some(s), _) => object_key(s),
                // `Key: on` in YAML 1.1 (warned by the parser): the key CloudFormation sees.
                (None, ExprKind::Bool(b)) => object_key(&b.to_string()),
                (None, _) => ObjectKey::Expression(Expression::Parenthesis(Box::new(self.expr(k)))),
            };
            let (cond, v) = match (cond, self.optional(v)) {
                (c, None) => (c, self.expr(v)),
                (None, Some((c, present))) => (Some(c), present),
                (Some(outer), Some((inner, present))) => (
                    Some(Expression::Operation(Box::new(hcl::expr::Operation::Binary(
                        hcl::expr::BinaryOp::new(outer, hcl::expr::BinaryOperator::And, inner),
                    )))),
                    present,
                ),
            };
            let v = match v {
                Expression::Number(n) => Expression::String(n.to_string()),
                Expression::Bool(b) => Expression::String(b.to_string()),
                other => other,
            };
            if !object.push(key, v, cond) {
                self.note_at(
                    "convert::duplicate-tag",
                    format!(
                        "tag key {} appears more than once: CloudFormation refuses it; the last value is kept",
                        k.as_literal_str().unwrap_or("(computed)")
                    ),
                    k.span,
                );
            }
        }
        object.finish()
    }
}

/// The block at a dotted path under `b`, created when missing.
fn nested_path<'b>(b: &'b mut Block, path: &str) -> &'b mut Block {
    let (first, rest) = match path.split_once('.') {
        Some((f, r)) => (f, Some(r)),
        None => (path, None),
    };
    let position = b
        .body
        .iter()
        .position(|i| matches!(i, BodyItem::Block(nb) if nb.ident == first));
    let position = position.unwrap_or_else(|| {
        b.body.push(BodyItem::Block(Block::new(first, &[])));
        b.body.len() - 1
    });
    let BodyItem::Block(child) = &mut b.body[position] else {
        unreachable!("the position was found or made as a block")
    };
    match rest {
        Some(rest) => nested_path(child, rest),
        None => child,
    }
}

pub(crate) fn map_get<'e>(e: &'e Expr, key: &str) -> Option<&'e Expr> {
    match &e.kind {
        ExprKind::Map(entries) => entries.iter().find(|(k, _, _)| k == key).map(|(_, _, v)| v),
        _ => None,
    }
}
