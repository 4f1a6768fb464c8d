//! Terraform expressions -> CloudFormation intrinsics.

use super::{At, Data, Local, Reverser, Variable, x};
use crate::mapping::InverseAttribute;
use crate::model::{Expr, ExprKind, Pseudo, RefTarget, SubPart, naming::pascal_case};
use crate::tf::Expression;
use hcl::expr::{BinaryOperator, FuncCall, ObjectKey, TemplateExpr, Traversal, TraversalOperator, UnaryOperator};
use hcl::template::Element;

/// Work bound of one reverse conversion: each use of a local copies its expression, so a chain
/// of locals that each use the one before twice doubles per link.
const MAX_INLINED: usize = 10_000;

impl Reverser<'_> {
    /// A value (a property, an output, a parameter default).
    pub(crate) fn expr(&mut self, e: &Expression, at: &At) -> Expr {
        if let Some(reference) = self.templated_attribute(e) {
            return reference;
        }
        // Known at conversion time (a fixed variable, a `for` over literals): the value itself.
        if let Some(v) = self.fold(e, at) {
            return Self::value_expr(&v);
        }
        match e {
            Expression::Null => no_value(),
            Expression::Bool(b) => x(ExprKind::Bool(*b)),
            Expression::Number(n) => x(ExprKind::Number(n.to_string())),
            Expression::String(s) => x(ExprKind::String(s.clone())),
            Expression::Array(items) => x(ExprKind::List(items.iter().map(|i| self.expr(i, at)).collect())),
            Expression::Object(o) => {
                let mut entries = Vec::new();
                for (k, v) in o {
                    let Some(key) = self.object_key(k, at) else { continue };
                    let v = self.expr(v, at);
                    entries.push((key, Default::default(), v));
                }
                x(ExprKind::Map(entries))
            }
            Expression::TemplateExpr(t) => self.template(t, at),
            Expression::Variable(v) => {
                self.error(
                    "reverse::expression",
                    format!("`{}` alone is not a value CloudFormation has", v.as_str()),
                    &at.with(v.as_str()),
                );
                x(ExprKind::Null)
            }
            Expression::Traversal(t) => self.traversal(t, at),
            Expression::FuncCall(f) => self.func(f, at),
            Expression::Parenthesis(inner) => self.expr(inner, at),
            Expression::Conditional(c) => {
                if let Expression::Bool(b) = &c.cond_expr {
                    return self.expr(if *b { &c.true_expr } else { &c.false_expr }, at);
                }
                if let Some(b) = self.fold_bool(&c.cond_expr, at) {
                    return self.expr(if b { &c.true_expr } else { &c.false_expr }, at);
                }
                if let Some(parts) = self.optional_parts(c, at) {
                    return parts;
                }
                let condition = self.condition_name(&c.cond_expr, "Condition", at);
                let then = self.expr(&c.true_expr, at);
                let otherwise = self.expr(&c.false_expr, at);
                x(ExprKind::If {
                    condition,
                    then: Box::new(then),
                    otherwise: Box::new(otherwise),
                })
            }
            Expression::Operation(op) => self.operation_value(e, op, at),
            Expression::ForExpr(f) => {
                if let Some(list) = self.cidr_list(f, at) {
                    return list;
                }
                self.error_with_help(
                    "reverse::for-expression",
                    "a `for` expression has no CloudFormation counterpart",
                    &at.with("for"),
                    "write the list out, or compute it outside the template",
                );
                x(ExprKind::Null)
            }
            other => {
                let text = crate::emit::inline_text(other);
                self.error(
                    "reverse::expression",
                    format!("`{text}` has no CloudFormation counterpart"),
                    at,
                );
                x(ExprKind::Null)
            }
        }
    }

    fn object_key(&mut self, k: &ObjectKey, at: &At) -> Option<String> {
        match k {
            ObjectKey::Identifier(i) => Some(i.as_str().to_string()),
            ObjectKey::Expression(Expression::String(s)) => Some(s.clone()),
            other => {
                let text = match other {
                    ObjectKey::Expression(e) => crate::emit::inline_text(e),
                    _ => String::new(),
                };
                self.error(
                    "reverse::computed-key",
                    format!("the object key `{text}` is computed: CloudFormation keys are literal"),
                    at,
                );
                None
            }
        }
    }

    fn operation_value(&mut self, e: &Expression, op: &hcl::expr::Operation, at: &At) -> Expr {
        match op {
            hcl::expr::Operation::Unary(u) if u.operator == UnaryOperator::Neg => {
                if let Expression::Number(n) = &u.expr {
                    return x(ExprKind::Number(format!("-{n}")));
                }
            }
            hcl::expr::Operation::Binary(b) => {
                let logical = matches!(
                    b.operator,
                    BinaryOperator::Eq | BinaryOperator::NotEq | BinaryOperator::And | BinaryOperator::Or
                );
                if logical {
                    // A boolean value: true or false by a condition.
                    let condition = self.condition_name(e, "Condition", at);
                    return x(ExprKind::If {
                        condition,
                        then: Box::new(x(ExprKind::Bool(true))),
                        otherwise: Box::new(x(ExprKind::Bool(false))),
                    });
                }
                if let (Expression::Number(a), Expression::Number(c)) = (&b.lhs_expr, &b.rhs_expr)
                    && let (Some(a), Some(c)) = (a.as_f64(), c.as_f64())
                {
                    let v = match b.operator {
                        BinaryOperator::Plus => Some(a + c),
                        BinaryOperator::Minus => Some(a - c),
                        BinaryOperator::Mul => Some(a * c),
                        BinaryOperator::Div if c != 0.0 => Some(a / c),
                        _ => None,
                    };
                    if let Some(v) = v.and_then(hcl::Number::from_f64) {
                        return x(ExprKind::Number(v.to_string()));
                    }
                }
            }
            hcl::expr::Operation::Unary(_) => {
                let condition = self.condition_name(e, "Condition", at);
                return x(ExprKind::If {
                    condition,
                    then: Box::new(x(ExprKind::Bool(true))),
                    otherwise: Box::new(x(ExprKind::Bool(false))),
                });
            }
        }
        let text = crate::emit::inline_text(e);
        self.error_with_help(
            "reverse::operator",
            format!("`{text}`: CloudFormation has no arithmetic or ordering operators"),
            at,
            "compute the value outside the template and pass it as a parameter",
        );
        x(ExprKind::Null)
    }

    // ---- conditions

    /// The name of a Condition for a boolean expression: a local that is one, an identical
    /// condition already made, or a new one named after `hint`.
    pub(crate) fn condition_name(&mut self, e: &Expression, hint: &str, at: &At) -> String {
        if let Some(name) = self.condition_local(e) {
            return name;
        }
        let cond = self.condition_expr(e, at);
        if let ExprKind::Condition(name) = &cond.kind {
            return name.clone();
        }
        if let Some((name, _)) = self.template.conditions.iter().find(|(_, c)| c.expr == cond) {
            return name.clone();
        }
        let base = match e {
            Expression::Traversal(t) => match traversal_path(t).as_slice() {
                [root, name] if root == "var" => pascal_case(name),
                _ => hint.to_string(),
            },
            _ => hint.to_string(),
        };
        self.new_condition(&base, cond)
    }

    fn condition_local(&self, e: &Expression) -> Option<String> {
        let Expression::Traversal(t) = e else { return None };
        match traversal_path(t).as_slice() {
            [root, name] if root == "local" => match self.locals.get(name) {
                Some(Local::Condition(c)) => Some(c.clone()),
                _ => None,
            },
            _ => None,
        }
    }

    /// A boolean expression as a condition function (`Fn::Equals`, `Fn::And`, ...).
    pub(crate) fn condition_expr(&mut self, e: &Expression, at: &At) -> Expr {
        if let Some(name) = self.condition_local(e) {
            return x(ExprKind::Condition(name));
        }
        // Known at conversion time: a constant condition, as a literal `true`/`false` is.
        if let Some(b) = self.fold_bool(e, at) {
            return x(ExprKind::Equals(
                Box::new(x(ExprKind::String("true".into()))),
                Box::new(x(ExprKind::String(b.to_string()))),
            ));
        }
        match e {
            Expression::Parenthesis(inner) => self.condition_expr(inner, at),
            Expression::Bool(b) => x(ExprKind::Equals(
                Box::new(x(ExprKind::String("true".into()))),
                Box::new(x(ExprKind::String(b.to_string()))),
            )),
            Expression::Traversal(t) => {
                let path = traversal_path(t);
                if let [root, name] = path.as_slice()
                    && root == "local"
                    && let Some(Local::Inline(inner, origin)) = self.locals.get(name).cloned()
                    && !self.inlining.contains(name)
                {
                    self.inlining.push(name.clone());
                    let at = At {
                        origin: origin.or(at.origin.clone()),
                        needle: Some(name.clone()),
                    };
                    let c = self.condition_expr(&inner, &at);
                    self.inlining.pop();
                    return c;
                }
                // A boolean variable (or anything else that holds "true"/"false").
                let value = self.expr(e, at);
                x(ExprKind::Equals(
                    Box::new(value),
                    Box::new(x(ExprKind::String("true".into()))),
                ))
            }
            Expression::Operation(op) => match op.as_ref() {
                hcl::expr::Operation::Unary(u) if u.operator == UnaryOperator::Not => {
                    let inner = self.condition_expr(&u.expr, at);
                    x(ExprKind::Not(Box::new(inner)))
                }
                hcl::expr::Operation::Binary(b) => match b.operator {
                    BinaryOperator::Eq | BinaryOperator::NotEq => {
                        let l = self.comparand(&b.lhs_expr, at);
                        let r = self.comparand(&b.rhs_expr, at);
                        let eq = x(ExprKind::Equals(Box::new(l), Box::new(r)));
                        if b.operator == BinaryOperator::Eq {
                            eq
                        } else {
                            x(ExprKind::Not(Box::new(eq)))
                        }
                    }
                    BinaryOperator::And | BinaryOperator::Or => {
                        let mut items = Vec::new();
                        self.flatten(e, b.operator, &mut items, at);
                        if b.operator == BinaryOperator::And {
                            x(ExprKind::And(items))
                        } else {
                            x(ExprKind::Or(items))
                        }
                    }
                    _ => self.not_a_condition(e, at),
                },
                _ => self.not_a_condition(e, at),
            },
            _ => self.not_a_condition(e, at),
        }
    }

    fn flatten(&mut self, e: &Expression, op: BinaryOperator, out: &mut Vec<Expr>, at: &At) {
        let inner = match e {
            Expression::Parenthesis(p) => p.as_ref(),
            other => other,
        };
        if let Expression::Operation(o) = inner
            && let hcl::expr::Operation::Binary(b) = o.as_ref()
            && b.operator == op
        {
            self.flatten(&b.lhs_expr, op, out, at);
            self.flatten(&b.rhs_expr, op, out, at);
            return;
        }
        out.push(self.condition_expr(inner, at));
    }

    /// One side of `==`: `tostring(x)` is how the forward direction compares as strings.
    fn comparand(&mut self, e: &Expression, at: &At) -> Expr {
        if let Expression::FuncCall(f) = e
            && f.name.namespace.is_empty()
            && f.name.name.as_str() == "tostring"
            && f.args.len() == 1
        {
            return self.expr(&f.args[0], at);
        }
        self.expr(e, at)
    }

    fn not_a_condition(&mut self, e: &Expression, at: &At) -> Expr {
        let text = crate::emit::inline_text(e);
        self.error_with_help(
            "reverse::condition",
            format!("`{text}` is not a condition CloudFormation can express"),
            at,
            "conditions are made of ==, !=, &&, || and ! over parameters",
        );
        x(ExprKind::Null)
    }

    // ---- references

    fn traversal(&mut self, t: &Traversal, at: &At) -> Expr {
        // `({ Name = local.name, ... })[m][a][b]`: Fn::FindInMap with a computed map name.
        if let (
            true,
            [
                TraversalOperator::Index(map),
                TraversalOperator::Index(top),
                TraversalOperator::Index(second),
                rest @ ..,
            ],
        ) = (self.is_every_mapping(&t.expr), t.operators.as_slice())
        {
            let found = x(ExprKind::FindInMap {
                map: Box::new(self.expr(map, at)),
                top: Box::new(self.expr(top, at)),
                second: Box::new(self.expr(second, at)),
                default: None,
            });
            return self.apply_operators(found, rest, at);
        }
        let Expression::Variable(root) = &t.expr else {
            // `cidrsubnets(...)[0]`, `(expr)[1]`: the value, then its operators.
            let base = self.expr(&t.expr, at);
            return self.apply_operators(base, &t.operators, at);
        };
        let root = root.as_str();
        let ops = &t.operators;
        let attr = |i: usize| match ops.get(i) {
            Some(TraversalOperator::GetAttr(a)) => Some(a.as_str().to_string()),
            _ => None,
        };
        match root {
            "var" => {
                let Some(name) = attr(0) else {
                    return self.bad_reference(t, at);
                };
                let base = match self.variables.get(&name) {
                    Some(Variable::Parameter(p)) => x(ExprKind::Ref(RefTarget::Parameter(p.clone()))),
                    Some(Variable::Pseudo(p)) => x(ExprKind::Ref(RefTarget::Pseudo(*p))),
                    Some(Variable::Refused) => return x(ExprKind::Null),
                    // Not folded: read with something known only at deploy time.
                    Some(Variable::Fixed(_)) => {
                        if let [TraversalOperator::Index(key), rest @ ..] = &ops[1..]
                            && let Some(found) = self.fixed_lookup(&name, key, None, at)
                        {
                            return self.apply_operators(found, rest, at);
                        }
                        return self.fixed_unknown(&name, at);
                    }
                    None => {
                        self.error(
                            "reverse::undeclared",
                            format!("var.{name} is not declared"),
                            &at.with(&name),
                        );
                        return x(ExprKind::Null);
                    }
                };
                self.apply_operators(base, &ops[1..], at)
            }
            "local" => {
                let Some(name) = attr(0) else {
                    return self.bad_reference(t, at);
                };
                self.local_ref(&name, &ops[1..], at)
            }
            "data" => {
                let (Some(kind), Some(name)) = (attr(0), attr(1)) else {
                    return self.bad_reference(t, at);
                };
                self.data_ref(&kind, &name, &ops[2..], at)
            }
            "module" => {
                self.error(
                    "reverse::module",
                    "a module output has no CloudFormation counterpart",
                    &at.with("module"),
                );
                x(ExprKind::Null)
            }
            "count" | "each" | "self" | "path" | "terraform" => {
                self.error_with_help(
                    "reverse::expression",
                    format!("`{root}.` values have no CloudFormation counterpart"),
                    &at.with(root),
                    "count.index and each. are read inside a resource whose count or for_each is known at conversion time",
                );
                x(ExprKind::Null)
            }
            resource_type => {
                let Some(name) = attr(0) else {
                    return self.bad_reference(t, at);
                };
                self.resource_ref(resource_type, &name, &ops[1..], at)
            }
        }
    }

    fn bad_reference(&mut self, t: &Traversal, at: &At) -> Expr {
        let text = crate::emit::inline_text(&Expression::Traversal(Box::new(t.clone())));
        self.error(
            "reverse::reference",
            format!("`{text}` is not a reference this tool reads"),
            at,
        );
        x(ExprKind::Null)
    }

    /// `[i]` after a value is `Fn::Select`; anything else has no counterpart.
    fn apply_operators(&mut self, mut base: Expr, ops: &[TraversalOperator], at: &At) -> Expr {
        for op in ops {
            let index = match op {
                TraversalOperator::Index(i) => Some(self.expr(i, at)),
                TraversalOperator::LegacyIndex(n) => Some(x(ExprKind::Number(n.to_string()))),
                _ => None,
            };
            match (index, op) {
                (Some(index), _) => {
                    base = x(ExprKind::Select {
                        index: Box::new(index),
                        list: Box::new(base),
                    });
                }
                (None, other) => {
                    let what = match other {
                        TraversalOperator::GetAttr(a) => format!("the attribute `.{}`", a.as_str()),
                        _ => "a splat (`[*]`)".to_string(),
                    };
                    self.error(
                        "reverse::reference",
                        format!("{what} of this value has no CloudFormation counterpart"),
                        at,
                    );
                    return x(ExprKind::Null);
                }
            }
        }
        base
    }

    /// An object of mapping locals, each under its CloudFormation name.
    fn is_every_mapping(&self, e: &Expression) -> bool {
        let e = match e {
            Expression::Parenthesis(inner) => inner.as_ref(),
            e => e,
        };
        let Expression::Object(o) = e else { return false };
        !o.is_empty()
            && o.iter().all(|(k, v)| {
                let key = match k {
                    ObjectKey::Identifier(i) => i.as_str().to_string(),
                    ObjectKey::Expression(Expression::String(s)) => s.clone(),
                    _ => return false,
                };
                matches!(v, Expression::Traversal(t) if matches!(traversal_path(t).as_slice(), [root, name] if root == "local"
                    && matches!(self.locals.get(name.as_str()), Some(Local::Mapping(m)) if *m == key)))
            })
    }

    fn local_ref(&mut self, name: &str, ops: &[TraversalOperator], at: &At) -> Expr {
        match self.locals.get(name).cloned() {
            Some(Local::Mapping(map)) => {
                // local.map[top][second] is Fn::FindInMap; further steps select from its value.
                let (Some(TraversalOperator::Index(top)), Some(TraversalOperator::Index(second))) =
                    (ops.first(), ops.get(1))
                else {
                    self.error(
                        "reverse::mapping",
                        format!("local.{name} is a two-level map: read it as local.{name}[a][b] (Fn::FindInMap)"),
                        &at.with(name),
                    );
                    return x(ExprKind::Null);
                };
                let top = self.expr(top, at);
                let second = self.expr(second, at);
                let found = x(ExprKind::FindInMap {
                    map: Box::new(x(ExprKind::String(map))),
                    top: Box::new(top),
                    second: Box::new(second),
                    default: None,
                });
                self.apply_operators(found, &ops[2..], at)
            }
            Some(Local::Condition(c)) => {
                let base = x(ExprKind::If {
                    condition: c,
                    then: Box::new(x(ExprKind::Bool(true))),
                    otherwise: Box::new(x(ExprKind::Bool(false))),
                });
                self.apply_operators(base, ops, at)
            }
            Some(Local::Inline(value, origin)) => {
                if self.inlining.iter().any(|n| n == name) {
                    self.error(
                        "reverse::cycle",
                        format!("local.{name} refers to itself"),
                        &at.with(name),
                    );
                    return x(ExprKind::Null);
                }
                // Static lookups into a literal object or list first, so `local.tags.Name` works.
                let mut value = value;
                let mut rest = ops;
                while let Some(op) = rest.first() {
                    let next = match (op, &value) {
                        (TraversalOperator::GetAttr(k), Expression::Object(o)) => object_get(o, k.as_str()).cloned(),
                        (TraversalOperator::Index(Expression::String(k)), Expression::Object(o)) => {
                            object_get(o, k).cloned()
                        }
                        (TraversalOperator::Index(Expression::Number(n)), Expression::Array(a)) => {
                            n.as_u64().and_then(|i| a.get(i as usize)).cloned()
                        }
                        _ => None,
                    };
                    match next {
                        Some(v) => {
                            value = v;
                            rest = &rest[1..];
                        }
                        None => break,
                    }
                }
                self.inlined += 1;
                if self.inlined > MAX_INLINED {
                    if self.inlined == MAX_INLINED + 1 {
                        self.error(
                            "reverse::budget",
                            format!("inlining local.{name} here passes {MAX_INLINED} inlined locals: locals that each use the one before more than once grow without bound"),
                            &at.with(name),
                        );
                    }
                    return x(ExprKind::Null);
                }
                self.inlining.push(name.to_string());
                let inner_at = At {
                    origin: origin.or(at.origin.clone()),
                    needle: Some(name.to_string()),
                };
                let converted = self.expr(&value, &inner_at);
                self.inlining.pop();
                self.apply_operators(converted, rest, at)
            }
            None => {
                self.error(
                    "reverse::undeclared",
                    format!("local.{name} is not declared"),
                    &at.with(name),
                );
                x(ExprKind::Null)
            }
        }
    }

    fn data_ref(&mut self, kind: &str, name: &str, ops: &[TraversalOperator], at: &At) -> Expr {
        let key = format!("{kind}.{name}");
        let Some(data) = self.data.get(&key).cloned() else {
            self.error(
                "reverse::undeclared",
                format!("data.{key} is not declared"),
                &at.with(name),
            );
            return x(ExprKind::Null);
        };
        let attribute = match ops.first() {
            Some(TraversalOperator::GetAttr(a)) => a.as_str().to_string(),
            _ => String::new(),
        };
        let rest = if attribute.is_empty() { ops } else { &ops[1..] };
        let pseudo = |p: Pseudo| Some(x(ExprKind::Ref(RefTarget::Pseudo(p))));
        let base = match (&data, attribute.as_str()) {
            (Data::Region, "name" | "id" | "region") => pseudo(Pseudo::Region),
            (Data::CallerIdentity, "account_id" | "id") => pseudo(Pseudo::AccountId),
            (Data::Partition, "partition" | "id") => pseudo(Pseudo::Partition),
            (Data::Partition, "dns_suffix") => pseudo(Pseudo::UrlSuffix),
            (Data::AvailabilityZones(region), "names") => Some(x(ExprKind::GetAzs(Box::new(x(ExprKind::String(
                region.clone().unwrap_or_default(),
            )))))),
            (Data::Export(name_expr, origin), "value") => {
                let at = At {
                    origin: origin.clone().or(at.origin.clone()),
                    needle: Some("name".into()),
                };
                let name = self.expr(name_expr, &at);
                Some(x(ExprKind::ImportValue(Box::new(name))))
            }
            (Data::Ssm(param), "value" | "insecure_value") => {
                Some(x(ExprKind::Ref(RefTarget::Parameter(param.clone()))))
            }
            (Data::Other, attr) if !attr.is_empty() => Some(self.stand_in_parameter(kind, name, attr, at)),
            _ => None,
        };
        match base {
            Some(b) => self.apply_operators(b, rest, at),
            None => {
                self.error(
                    "reverse::data-attribute",
                    format!("data.{key}.{attribute} has no CloudFormation counterpart"),
                    &at.with(name),
                );
                x(ExprKind::Null)
            }
        }
    }

    fn resource_ref(&mut self, resource_type: &str, name: &str, ops: &[TraversalOperator], at: &At) -> Expr {
        let address = format!("{resource_type}.{name}");
        let Some(target) = self.targets.get(&address).cloned() else {
            if resource_type.starts_with(crate::convert::UNSUPPORTED_PREFIX) {
                // The forward direction's marker for a type it could not convert, reported
                // there: the reference stays dangling, so cfn-lint fails until it is added.
                self.warn(
                    "reverse::unsupported-reference",
                    format!("{address} was not converted from CloudFormation: the reference is left dangling"),
                    &at.with(name),
                );
                return x(ExprKind::Ref(RefTarget::Resource(pascal_case(name))));
            }
            self.error(
                "reverse::undeclared",
                format!("{address} is not declared in this configuration"),
                &at.with(name),
            );
            return x(ExprKind::Null);
        };
        let mut ops = ops;
        // `[0]` of a resource with `count = cond ? 1 : 0` (or 1) is the resource itself.
        if let Some(TraversalOperator::Index(Expression::Number(n))) = ops.first()
            && n.as_u64() == Some(0)
        {
            ops = &ops[1..];
        }
        let Some(TraversalOperator::GetAttr(attr)) = ops.first() else {
            self.error(
                "reverse::reference",
                format!("{address} is used as a whole object: CloudFormation reads one attribute at a time"),
                &at.with(name),
            );
            return x(ExprKind::Null);
        };
        let attr = attr.as_str();
        let id = target.logical_id.clone();
        let base = match target.mapping.and_then(|m| m.inverse_attribute(attr)) {
            Some(InverseAttribute::Ref) => x(ExprKind::Ref(RefTarget::Resource(id))),
            Some(InverseAttribute::GetAtt(a)) => x(ExprKind::GetAtt {
                resource: id,
                attribute: a,
            }),
            None => {
                let guess = pascal_case(attr);
                if target.mapping.is_some() {
                    self.warn(
                        "reverse::unknown-attribute",
                        format!("{address}.{attr} is not in the mappings: written as `Fn::GetAtt {id}.{guess}`, which cfn-lint checks"),
                        &at.with(attr),
                    );
                }
                x(ExprKind::GetAtt {
                    resource: id,
                    attribute: guess,
                })
            }
        };
        self.apply_operators(base, &ops[1..], at)
    }

    /// A value read from a data source with no counterpart becomes a parameter you set (an AMI
    /// id one of type `AWS::EC2::Image::Id`, which CloudFormation checks).
    fn stand_in_parameter(&mut self, kind: &str, name: &str, attr: &str, at: &At) -> Expr {
        let description = stand_in_description(&format!("data.{kind}.{name}.{attr}"));
        if let Some((pname, _)) = self
            .template
            .parameters
            .iter()
            .find(|(_, p)| p.description.as_deref() == Some(&description))
        {
            return x(ExprKind::Ref(RefTarget::Parameter(pname.clone())));
        }
        let base = pascal_case(&format!("{}_{name}_{attr}", kind.trim_start_matches("aws_")));
        let pname = self.unique_name(&base);
        let type_name = if (kind, attr) == ("aws_ami", "id") {
            "AWS::EC2::Image::Id"
        } else {
            "String"
        };
        self.template.parameters.insert(
            pname.clone(),
            super::inputs::parameter(&pname, type_name, Some(description)),
        );
        self.warn_noted(
            "reverse::data-source",
            format!("data.{kind}.{name} has no CloudFormation counterpart (the lookup moved to whoever deploys): its {attr} is the parameter {pname}, which you set"),
            &at.with(name),
            "Parameters",
            &pname,
        );
        x(ExprKind::Ref(RefTarget::Parameter(pname)))
    }

    // ---- templates

    fn template(&mut self, t: &TemplateExpr, at: &At) -> Expr {
        let raw = match t {
            TemplateExpr::QuotedString(s) => s.clone(),
            TemplateExpr::Heredoc(h) => match h.strip {
                hcl::expr::HeredocStripMode::Indent => strip_indent(&h.template),
                _ => h.template.clone(),
            },
        };
        let template = match raw.parse::<hcl::Template>() {
            Ok(t) => super::fold::apply_strip(&t),
            Err(e) => {
                self.error(
                    "reverse::template",
                    format!("cannot read this string template: {e}"),
                    at,
                );
                return x(ExprKind::Null);
            }
        };
        let mut parts: Vec<SubPart> = Vec::new();
        let mut vars: Vec<(String, Expr)> = Vec::new();
        for element in template.elements() {
            match element {
                Element::Literal(s) => push_literal(&mut parts, s),
                Element::Interpolation(i) => {
                    let value = self.expr(&i.expr, at);
                    match value.kind {
                        ExprKind::Ref(target) => parts.push(SubPart::Ref(target)),
                        ExprKind::GetAtt { resource, attribute } => parts.push(SubPart::GetAtt(resource, attribute)),
                        ExprKind::String(s) | ExprKind::Number(s) => push_literal(&mut parts, &s),
                        _ => {
                            let name = self.next_sub_var();
                            parts.push(SubPart::Var(name.clone()));
                            vars.push((name, value));
                        }
                    }
                }
                // A directive over values known at conversion time is its text.
                Element::Directive(d) if let Ok(text) = self.eval_directive(d) => {
                    push_literal(&mut parts, &text);
                }
                Element::Directive(_) => {
                    self.error_with_help(
                        "reverse::template-directive",
                        "%{ if } and %{ for } template directives have no CloudFormation counterpart",
                        &at.with("%{"),
                        "build the text with a conditional around whole strings instead",
                    );
                    return x(ExprKind::Null);
                }
            }
        }
        match parts.as_slice() {
            [] => x(ExprKind::String(String::new())),
            [SubPart::Literal(s)] => x(ExprKind::String(s.clone())),
            _ => x(ExprKind::Sub { parts, vars }),
        }
    }

    // ---- functions

    fn func(&mut self, f: &FuncCall, at: &At) -> Expr {
        let name = f.name.name.as_str();
        let fat = at.with(name);
        if !f.name.namespace.is_empty() || f.expand_final {
            return self.unknown_function(f, &fat);
        }
        let args = &f.args;
        let arity = |n: usize| args.len() == n;
        match name {
            "join" if arity(2) => {
                let Some(delimiter) = self.literal_string(&args[0], &fat, "join's separator") else {
                    return x(ExprKind::Null);
                };
                let items = self.expr(&args[1], at);
                x(ExprKind::Join {
                    delimiter,
                    items: Box::new(items),
                })
            }
            "split" if arity(2) => {
                let Some(delimiter) = self.literal_string(&args[0], &fat, "split's separator") else {
                    return x(ExprKind::Null);
                };
                let source = self.expr(&args[1], at);
                // The forward direction splits the text of an SSM list parameter: the
                // parameter is the list.
                if let ExprKind::Ref(RefTarget::Parameter(p)) = &source.kind
                    && delimiter == ","
                    && self
                        .template
                        .parameters
                        .get(p)
                        .and_then(|p| crate::convert::ssm_value_type(&p.type_name))
                        .is_some_and(crate::convert::ssm_list)
                {
                    return source;
                }
                x(ExprKind::Split {
                    delimiter,
                    source: Box::new(source),
                })
            }
            "element" if arity(2) => {
                let list = self.expr(&args[0], at);
                let index = self.expr(&args[1], at);
                x(ExprKind::Select {
                    index: Box::new(index),
                    list: Box::new(list),
                })
            }
            "base64encode" if arity(1) => {
                let inner = self.expr(&args[0], at);
                x(ExprKind::Base64(Box::new(inner)))
            }
            "jsonencode" if arity(1) => {
                let inner = self.expr(&args[0], at);
                match literal_json(&inner) {
                    Some(text) => x(ExprKind::String(text)),
                    // Fn::ToJsonString (AWS::LanguageExtensions) turns the computed value into text.
                    None => x(ExprKind::ToJsonString(Box::new(inner))),
                }
            }
            "length" if arity(1) => {
                let inner = self.expr(&args[0], at);
                // Fn::Length counts a list; the length of a literal map or string is a number.
                match &inner.kind {
                    ExprKind::Map(entries) => x(ExprKind::Number(entries.len().to_string())),
                    ExprKind::String(s) => x(ExprKind::Number(s.chars().count().to_string())),
                    _ => x(ExprKind::Length(Box::new(inner))),
                }
            }
            "try" if !args.is_empty() => self.try_call(f, at),
            "coalesce" if !args.is_empty() => self.coalesce(f, at),
            // Terraform's marks for what its plan shows; a template has no such mark. A
            // `sensitive` parameter stays NoEcho; a value marked here is written in the template.
            "nonsensitive" if arity(1) => self.expr(&args[0], at),
            "sensitive" if arity(1) => {
                self.warn(
                    "reverse::sensitive",
                    "sensitive(): the value is written into the template as it is; pass a secret as a variable marked sensitive (a NoEcho parameter)",
                    &fat,
                );
                self.expr(&args[0], at)
            }
            "templatefile" if arity(2) => self.template_file(&args[0], &args[1], &fat),
            // `format("%s-%s", a, b)` is the template "${a}-${b}" (Fn::Sub).
            "format" if !args.is_empty() => match format_template(args) {
                Some(t) => self.expr(&t, at),
                None => self.unknown_function(f, &fat),
            },
            "tostring" | "tonumber" | "tobool" | "tolist" | "toset" if arity(1) => self.expr(&args[0], at),
            "cidrsubnet" if arity(3) => match self.computed_cidrsubnet(args, at) {
                Some(subnet) => subnet,
                None => self.cidrsubnet(args, &fat),
            },
            "cidrsubnets" if args.len() >= 2 => self.cidrsubnets(args, &fat),
            "merge" => {
                let mut entries: Vec<(String, crate::source::Span, Expr)> = Vec::new();
                for a in args {
                    match self.expr(a, at).kind {
                        ExprKind::Map(more) => {
                            for (k, s, v) in more {
                                entries.retain(|(ek, _, _)| *ek != k);
                                entries.push((k, s, v));
                            }
                        }
                        _ => return self.not_static(name, &fat),
                    }
                }
                x(ExprKind::Map(entries))
            }
            // `lookup(var.amis, var.region)`: a fixed map of scalars read by a parameter is a
            // Mapping (fixed maps read by known keys were folded before this).
            "lookup" if args.len() == 2 || args.len() == 3 => {
                if let Expression::Traversal(t) = &args[0]
                    && let [root, var] = traversal_path(t).as_slice()
                    && root == "var"
                    && let Some(found) = self.fixed_lookup(var, &args[1], args.get(2), at)
                {
                    return found;
                }
                self.unknown_function(f, &fat)
            }
            "concat" => {
                let mut items = Vec::new();
                for a in args {
                    match self.expr(a, at).kind {
                        ExprKind::List(more) => items.extend(more),
                        _ => return self.not_static(name, &fat),
                    }
                }
                x(ExprKind::List(items))
            }
            "file" if arity(1) => match self.read_file(&args[0], &fat) {
                Some(text) => x(ExprKind::String(text)),
                None => x(ExprKind::Null),
            },
            _ => self.unknown_function(f, &fat),
        }
    }

    fn unknown_function(&mut self, f: &FuncCall, at: &At) -> Expr {
        let name = f.name.name.as_str();
        self.error_with_help(
            "reverse::function",
            format!("the function {name}() has no CloudFormation counterpart"),
            at,
            "functions are evaluated when their arguments are known at conversion time; CloudFormation itself has join, split, element/index, cidrsubnet(s), base64encode, jsonencode, length, try of a map lookup or of a conditional resource, coalesce of parameters, merge/concat of literals, file() and templatefile(); compute other values outside the template and pass them as parameters",
        );
        x(ExprKind::Null)
    }

    fn not_static(&mut self, name: &str, at: &At) -> Expr {
        self.error_with_help(
            "reverse::function",
            format!("{name}() of values only known at deploy time has no CloudFormation counterpart"),
            at,
            "write the combined value out",
        );
        x(ExprKind::Null)
    }

    fn literal_string(&mut self, e: &Expression, at: &At, what: &str) -> Option<String> {
        match e {
            Expression::String(s) => Some(s.clone()),
            _ => {
                self.error("reverse::literal", format!("{what} must be a literal string"), at);
                None
            }
        }
    }

    fn literal_number(&mut self, e: &Expression, at: &At, what: &str) -> Option<u32> {
        match e {
            Expression::Number(n) => n.as_u64().and_then(|n| u32::try_from(n).ok()),
            _ => None,
        }
        .or_else(|| {
            self.error("reverse::literal", format!("{what} must be a literal whole number"), at);
            None
        })
    }

    /// `cidrsubnet(prefix, newbits, netnum)` = `Fn::Select [netnum, Fn::Cidr [prefix, netnum + 1,
    /// host bits]]`; the host bits need the prefix length, read from the literal CIDR.
    fn cidrsubnet(&mut self, args: &[Expression], at: &At) -> Expr {
        let (Some(newbits), Some(netnum)) = (
            self.literal_number(&args[1], at, "cidrsubnet's newbits"),
            self.literal_number(&args[2], at, "cidrsubnet's netnum"),
        ) else {
            return x(ExprKind::Null);
        };
        let Some(host_bits) = self.host_bits(&args[0], newbits, at) else {
            return x(ExprKind::Null);
        };
        let block = self.cidr_block(&args[0], at);
        x(ExprKind::Select {
            index: Box::new(x(ExprKind::Number(netnum.to_string()))),
            list: Box::new(x(ExprKind::Cidr {
                block: Box::new(block),
                count: Box::new(x(ExprKind::Number((netnum + 1).to_string()))),
                bits: Box::new(x(ExprKind::Number(host_bits.to_string()))),
            })),
        })
    }

    fn cidrsubnets(&mut self, args: &[Expression], at: &At) -> Expr {
        let mut bits = Vec::new();
        for a in &args[1..] {
            let Some(b) = self.literal_number(a, at, "cidrsubnets' newbits") else {
                return x(ExprKind::Null);
            };
            bits.push(b);
        }
        if bits.iter().any(|b| *b != bits[0]) {
            self.error_with_help(
                "reverse::cidr",
                "cidrsubnets with different sizes: Fn::Cidr makes subnets of one size",
                at,
                "use one cidrsubnet() per subnet",
            );
            return x(ExprKind::Null);
        }
        let Some(host_bits) = self.host_bits(&args[0], bits[0], at) else {
            return x(ExprKind::Null);
        };
        let block = self.cidr_block(&args[0], at);
        x(ExprKind::Cidr {
            block: Box::new(block),
            count: Box::new(x(ExprKind::Number(bits.len().to_string()))),
            bits: Box::new(x(ExprKind::Number(host_bits.to_string()))),
        })
    }

    /// A resource's literal CIDR (`aws_vpc.main.cidr_block` written as "10.0.0.0/16") is that
    /// literal: the same value, and Fn::Cidr of a literal is what a reader (and the diff) can check.
    fn cidr_block(&mut self, prefix: &Expression, at: &At) -> Expr {
        if let Expression::Traversal(t) = prefix
            && let [root, _, _] = traversal_path(t).as_slice()
            && !matches!(root.as_str(), "var" | "local" | "data")
            && let Some(literal) = self.static_string(prefix, 0)
        {
            return x(ExprKind::String(literal));
        }
        self.expr(prefix, at)
    }

    fn host_bits(&mut self, prefix: &Expression, newbits: u32, at: &At) -> Option<u32> {
        let cidr = self.static_string(prefix, 0);
        let parsed = cidr.as_deref().and_then(|c| {
            let len: u32 = c.split('/').nth(1)?.parse().ok()?;
            let total: u32 = if c.contains(':') { 128 } else { 32 };
            total.checked_sub(len)?.checked_sub(newbits)
        });
        if parsed.is_none() {
            self.error_with_help(
                "reverse::cidr",
                "the prefix length of this CIDR is not known before deployment, and Fn::Cidr needs it",
                at,
                "write the CIDR literally (or as a variable with a default, or a resource's literal cidr_block)",
            );
        }
        parsed
    }

    /// A string known without deploying: a literal, a variable's default, a resource's literal
    /// argument, a local.
    pub(crate) fn static_string(&self, e: &Expression, depth: usize) -> Option<String> {
        if depth > 8 {
            return None;
        }
        match e {
            Expression::String(s) => Some(s.clone()),
            Expression::Parenthesis(p) => self.static_string(p, depth + 1),
            Expression::Traversal(t) => {
                let path = traversal_path(t);
                match path.as_slice() {
                    [root, name] if root == "var" => {
                        let d = self.var_defaults.get(name)?;
                        self.static_string(d, depth + 1)
                    }
                    [root, name] if root == "local" => match self.locals.get(name)? {
                        Local::Inline(v, _) => self.static_string(v, depth + 1),
                        _ => None,
                    },
                    [kind, name, attr] => {
                        let b = self.tf_blocks.get(&format!("{kind}.{name}"))?;
                        self.static_string(b.attribute(attr)?, depth + 1)
                    }
                    _ => None,
                }
            }
            _ => None,
        }
    }

    /// `try(a, b, ...)`: Terraform takes the first argument that evaluates. Known at conversion
    /// time, folding took it already; at deploy time an argument fails only by reading a
    /// resource whose `count` made it conditional, so `try(r[0].id, d)` is `Fn::If [that
    /// condition, r.id, d]`, and an argument that reads no such resource is the value.
    fn try_call(&mut self, f: &FuncCall, at: &At) -> Expr {
        let args = &f.args;
        // `try(local.map[a][b], d)`: Fn::FindInMap with a DefaultValue.
        if args.len() == 2
            && let ExprKind::FindInMap {
                map,
                top,
                second,
                default: None,
            } = self.expr(&args[0], at).kind
        {
            let default = self.expr(&args[1], at);
            return x(ExprKind::FindInMap {
                map,
                top,
                second,
                default: Some(Box::new(default)),
            });
        }
        let (last, first) = args.split_last().expect("try() has an argument");
        let mut arms = Vec::new();
        for a in first {
            let mut conditions = Vec::new();
            self.conditions_read(a, &mut conditions, 0);
            if conditions.is_empty() {
                let value = self.expr(a, at);
                return self.fold_arms(arms, value, at);
            }
            arms.push((conditions, a));
        }
        let otherwise = self.expr(last, at);
        self.fold_arms(arms, otherwise, at)
    }

    /// `Fn::If` arms, innermost last: each argument under the conditions it needs.
    fn fold_arms(&mut self, arms: Vec<(Vec<String>, &Expression)>, otherwise: Expr, at: &At) -> Expr {
        let mut out = otherwise;
        for (conditions, e) in arms.into_iter().rev() {
            let then = self.expr(e, at);
            let condition = self.all_of(conditions);
            out = x(ExprKind::If {
                condition,
                then: Box::new(then),
                otherwise: Box::new(out),
            });
        }
        out
    }

    /// One condition that holds when all of these do.
    fn all_of(&mut self, mut conditions: Vec<String>) -> String {
        conditions.sort();
        conditions.dedup();
        if conditions.len() == 1 {
            return conditions.remove(0);
        }
        let expr = x(ExprKind::And(
            conditions.into_iter().map(|c| x(ExprKind::Condition(c))).collect(),
        ));
        if let Some((name, _)) = self.template.conditions.iter().find(|(_, c)| c.expr == expr) {
            return name.clone();
        }
        self.new_condition("AllOf", expr)
    }

    /// The conditions of the conditional resources `e` reads (through locals too).
    fn conditions_read(&mut self, e: &Expression, out: &mut Vec<String>, depth: usize) {
        if depth > 32 {
            return;
        }
        let d = depth + 1;
        match e {
            Expression::Traversal(t) => {
                let names = traversal_names(t);
                match names.as_slice() {
                    [root, name, ..] if root == "local" => {
                        if let Some(Local::Inline(v, _)) = self.locals.get(name).cloned() {
                            self.conditions_read(&v, out, d);
                        }
                    }
                    [root, ..] if matches!(root.as_str(), "var" | "data" | "module" | "each" | "count" | "path") => {}
                    [ty, name, ..] => {
                        if let Some(c) = self
                            .targets
                            .get(&format!("{ty}.{name}"))
                            .and_then(|t| t.condition.clone())
                        {
                            out.push(c);
                        }
                    }
                    _ => {}
                }
                for op in &t.operators {
                    if let TraversalOperator::Index(i) = op {
                        self.conditions_read(i, out, d);
                    }
                }
            }
            Expression::Array(items) => items.iter().for_each(|i| self.conditions_read(i, out, d)),
            Expression::Object(o) => o.iter().for_each(|(_, v)| self.conditions_read(v, out, d)),
            Expression::FuncCall(f) => f.args.iter().for_each(|a| self.conditions_read(a, out, d)),
            Expression::Parenthesis(p) => self.conditions_read(p, out, d),
            Expression::Conditional(c) => {
                for part in [&c.cond_expr, &c.true_expr, &c.false_expr] {
                    self.conditions_read(part, out, d);
                }
            }
            Expression::Operation(op) => match op.as_ref() {
                hcl::expr::Operation::Unary(u) => self.conditions_read(&u.expr, out, d),
                hcl::expr::Operation::Binary(b) => {
                    self.conditions_read(&b.lhs_expr, out, d);
                    self.conditions_read(&b.rhs_expr, out, d);
                }
            },
            Expression::TemplateExpr(t) => {
                let raw = match t.as_ref() {
                    TemplateExpr::QuotedString(s) => s.as_str(),
                    TemplateExpr::Heredoc(h) => h.template.as_str(),
                };
                if let Ok(template) = raw.parse::<hcl::Template>() {
                    for el in template.elements() {
                        if let Element::Interpolation(i) = el {
                            self.conditions_read(&i.expr, out, d);
                        }
                    }
                }
            }
            _ => {}
        }
    }

    /// `coalesce(a, b, ...)`: the first argument that is neither null nor "". Arguments known at
    /// conversion time decide it where they can; a parameter is empty when it is "" (a template
    /// parameter is never null), a condition CloudFormation can test: `Fn::If [AIsEmpty, b, a]`.
    fn coalesce(&mut self, f: &FuncCall, at: &At) -> Expr {
        let fat = at.with("coalesce");
        let mut pending: Vec<Expr> = Vec::new();
        let mut last = None;
        for a in &f.args {
            match self.fold(a, at).or_else(|| literal_value(a)) {
                Some(hcl::Value::Null) => continue,
                Some(hcl::Value::String(s)) if s.is_empty() => continue,
                Some(v) => {
                    last = Some(Self::value_expr(&v));
                    break;
                }
                None => {
                    let value = self.expr(a, at);
                    if !reads_parameters_only(&value) {
                        self.error_with_help(
                            "reverse::function",
                            "coalesce() of a value only known at deploy time that is not a parameter: a condition cannot test it",
                            &fat,
                            "use the value itself, or a parameter",
                        );
                        return x(ExprKind::Null);
                    }
                    pending.push(value);
                }
            }
        }
        let mut out = match (last, pending.pop()) {
            (Some(v), None) => v,
            (Some(v), Some(p)) => {
                pending.push(p);
                v
            }
            (None, Some(p)) => p,
            (None, None) => {
                self.error(
                    "reverse::function",
                    "coalesce() of arguments that are all null or empty: Terraform fails here",
                    &fat,
                );
                return x(ExprKind::Null);
            }
        };
        for p in pending.into_iter().rev() {
            let empty = x(ExprKind::Equals(
                Box::new(p.clone()),
                Box::new(x(ExprKind::String(String::new()))),
            ));
            let condition = match self.template.conditions.iter().find(|(_, c)| c.expr == empty) {
                Some((name, _)) => name.clone(),
                None => {
                    let base = match &p.kind {
                        ExprKind::Ref(RefTarget::Parameter(name)) => format!("{name}IsEmpty"),
                        _ => "IsEmpty".to_string(),
                    };
                    self.new_condition(&base, empty)
                }
            };
            out = x(ExprKind::If {
                condition,
                then: Box::new(out),
                otherwise: Box::new(p),
            });
        }
        out
    }

    /// `templatefile(path, vars)`: the file beside the configuration read as a string template
    /// whose variables are the given expressions, then read as any template is (`Fn::Sub` of
    /// the references, folded where the values are known).
    fn template_file(&mut self, path: &Expression, vars: &Expression, at: &At) -> Expr {
        let Some(text) = self.read_file(path, at) else {
            return x(ExprKind::Null);
        };
        let Expression::Object(o) = vars else {
            self.error(
                "reverse::templatefile",
                "templatefile()'s variables must be written as an object { name = value, ... }",
                at,
            );
            return x(ExprKind::Null);
        };
        let mut bound: Vec<(String, Expression)> = Vec::new();
        for (k, v) in o {
            let name = match k {
                ObjectKey::Identifier(i) => i.to_string(),
                ObjectKey::Expression(Expression::String(s)) => s.clone(),
                ObjectKey::Expression(Expression::Variable(v)) => v.to_string(),
                _ => {
                    self.error(
                        "reverse::templatefile",
                        "templatefile()'s variable names must be literal",
                        at,
                    );
                    return x(ExprKind::Null);
                }
            };
            bound.push((name, v.clone()));
        }
        let template = match text.parse::<hcl::Template>() {
            Ok(t) => t,
            Err(e) => {
                self.error(
                    "reverse::templatefile",
                    format!("cannot read the template file: {e}"),
                    at,
                );
                return x(ExprKind::Null);
            }
        };
        let mut unbound = Unbound::default();
        let filled = substitute_template(&template, &bound, &mut unbound);
        if unbound.templatefile {
            self.error(
                "reverse::templatefile",
                "the template calls templatefile(), which Terraform refuses inside a template",
                at,
            );
            return x(ExprKind::Null);
        }
        if let Some(name) = unbound.names.first() {
            self.error_with_help(
                "reverse::templatefile",
                format!("the template reads `{name}`, which templatefile() is not given"),
                at,
                "a template reads only the variables passed to templatefile()",
            );
            return x(ExprKind::Null);
        }
        let e = Expression::TemplateExpr(Box::new(TemplateExpr::QuotedString(filled.to_string())));
        self.expr(&e, at)
    }

    fn read_file(&mut self, path: &Expression, at: &At) -> Option<String> {
        let rel = match path {
            Expression::String(s) => Some(s.clone()),
            Expression::TemplateExpr(t) => {
                // "${path.module}/x" is the usual spelling.
                let raw = match t.as_ref() {
                    TemplateExpr::QuotedString(s) => s.as_str(),
                    _ => "",
                };
                // At the root, all three name the root folder (a module's were made literal
                // when it was inlined).
                ["${path.module}/", "${path.root}/", "${path.cwd}/"]
                    .iter()
                    .find_map(|p| raw.strip_prefix(p))
                    .filter(|rest| !rest.contains("${"))
                    .map(str::to_string)
            }
            _ => None,
        };
        let Some(rel) = rel else {
            self.error("reverse::file", "file() of a computed path", at);
            return None;
        };
        // Terraform reads a relative path from the root module's folder (its working directory);
        // a module's own files come as `${path.module}/...`, which names the module's folder.
        let root = self
            .sources
            .first()
            .and_then(|s| std::path::Path::new(&s.name).parent().map(|p| p.to_path_buf()))
            .unwrap_or_default();
        match crate::files::read_path(&root.join(&rel)) {
            Ok(file) => Some(file.text),
            Err(u) => {
                self.error(
                    "reverse::file",
                    format!("file(\"{rel}\"): {}", u.diagnostic.message),
                    at,
                );
                None
            }
        }
    }
}

/// The value of `key` in an object, written as an identifier or a string.
pub(super) fn object_get<'e>(o: &'e hcl::Object<ObjectKey, Expression>, key: &str) -> Option<&'e Expression> {
    o.iter().find_map(|(k, v)| {
        let name = match k {
            ObjectKey::Identifier(i) => i.as_str(),
            ObjectKey::Expression(Expression::String(s)) => s.as_str(),
            _ => return None,
        };
        (name == key).then_some(v)
    })
}

/// `var.x`, `aws_vpc.main.id`: the names of a traversal made of attribute steps only.
pub(crate) fn traversal_path(t: &Traversal) -> Vec<String> {
    let names = traversal_names(t);
    if names.len() == t.operators.len() + 1 {
        names
    } else {
        Vec::new()
    }
}

pub(crate) fn no_value() -> Expr {
    x(ExprKind::Ref(RefTarget::Pseudo(Pseudo::NoValue)))
}

fn push_literal(parts: &mut Vec<SubPart>, s: &str) {
    if let Some(SubPart::Literal(prev)) = parts.last_mut() {
        prev.push_str(s);
    } else {
        parts.push(SubPart::Literal(s.to_string()));
    }
}

/// Terraform strips the common indentation of a `<<-` heredoc.
pub(super) fn strip_indent(text: &str) -> String {
    let indent = text
        .lines()
        .filter(|l| !l.trim().is_empty())
        .map(|l| l.len() - l.trim_start_matches([' ', '\t']).len())
        .min()
        .unwrap_or(0);
    let mut out = String::with_capacity(text.len());
    for line in text.split_inclusive('\n') {
        let cut = line
            .char_indices()
            .take_while(|(i, c)| *i < indent && (*c == ' ' || *c == '\t'))
            .count();
        out.push_str(&line[cut..]);
    }
    out
}

/// The JSON text of a value made only of literals.
pub(crate) fn literal_json(e: &Expr) -> Option<String> {
    expr_to_json(e).map(|v| serde_json::to_string(&v).unwrap_or_default())
}

pub(crate) fn expr_to_json(e: &Expr) -> Option<serde_json::Value> {
    Some(match &e.kind {
        ExprKind::Null => serde_json::Value::Null,
        ExprKind::Bool(b) => serde_json::Value::Bool(*b),
        ExprKind::Number(n) => serde_json::from_str(n).ok()?,
        ExprKind::String(s) => serde_json::Value::String(s.clone()),
        ExprKind::List(items) => serde_json::Value::Array(items.iter().map(expr_to_json).collect::<Option<_>>()?),
        ExprKind::Map(entries) => serde_json::Value::Object(
            entries
                .iter()
                .map(|(k, _, v)| Some((k.clone(), expr_to_json(v)?)))
                .collect::<Option<_>>()?,
        ),
        _ => return None,
    })
}

/// A JSON document -> the model, for a JSON-shaped property written as a string.
pub(crate) fn json_to_expr(v: &serde_json::Value) -> Expr {
    match v {
        serde_json::Value::Null => x(ExprKind::Null),
        serde_json::Value::Bool(b) => x(ExprKind::Bool(*b)),
        serde_json::Value::Number(n) => x(ExprKind::Number(n.to_string())),
        serde_json::Value::String(s) => x(ExprKind::String(s.clone())),
        serde_json::Value::Array(a) => x(ExprKind::List(a.iter().map(json_to_expr).collect())),
        serde_json::Value::Object(o) => x(ExprKind::Map(
            o.iter()
                .map(|(k, v)| (k.clone(), Default::default(), json_to_expr(v)))
                .collect(),
        )),
    }
}

/// The names of a traversal's leading attribute steps (`aws_x.y[0].id` -> aws_x, y).
fn traversal_names(t: &Traversal) -> Vec<String> {
    let Expression::Variable(root) = &t.expr else {
        return Vec::new();
    };
    let mut out = vec![root.as_str().to_string()];
    for op in &t.operators {
        match op {
            TraversalOperator::GetAttr(a) => out.push(a.as_str().to_string()),
            _ => break,
        }
    }
    out
}

/// A literal null, bool, number or string.
fn literal_value(e: &Expression) -> Option<hcl::Value> {
    match e {
        Expression::Null => Some(hcl::Value::Null),
        Expression::Bool(b) => Some(hcl::Value::Bool(*b)),
        Expression::Number(n) => Some(hcl::Value::Number(*n)),
        Expression::String(s) => Some(hcl::Value::String(s.clone())),
        _ => None,
    }
}

/// True when a value is made of parameters (and literals) only: what a condition may test.
fn reads_parameters_only(e: &Expr) -> bool {
    match &e.kind {
        ExprKind::Ref(RefTarget::Parameter(_) | RefTarget::Pseudo(_)) => true,
        ExprKind::Ref(_) | ExprKind::GetAtt { .. } => false,
        ExprKind::String(_) | ExprKind::Number(_) | ExprKind::Bool(_) => true,
        ExprKind::Sub { parts, vars } => {
            parts
                .iter()
                .all(|p| !matches!(p, SubPart::GetAtt(..) | SubPart::Ref(RefTarget::Resource(_))))
                && vars.iter().all(|(_, v)| reads_parameters_only(v))
        }
        ExprKind::Join { items, .. } => reads_parameters_only(items),
        ExprKind::List(items) => items.iter().all(reads_parameters_only),
        ExprKind::Select { index, list } => reads_parameters_only(index) && reads_parameters_only(list),
        _ => false,
    }
}

/// What a template file reads that templatefile() does not give it.
#[derive(Default)]
struct Unbound {
    names: Vec<String>,
    /// A templatefile() call inside the template (Terraform refuses it; here it could loop).
    templatefile: bool,
}

/// A template file's elements with its variables replaced by the expressions bound to them;
/// names read but not bound are collected (a `for` directive's own variables are bound inside).
fn substitute_template(t: &hcl::Template, bound: &[(String, Expression)], unbound: &mut Unbound) -> hcl::Template {
    t.elements()
        .iter()
        .map(|el| match el {
            Element::Literal(s) => Element::Literal(s.clone()),
            Element::Interpolation(i) => {
                let mut i = i.clone();
                i.expr = substitute(&i.expr, bound, unbound);
                Element::Interpolation(i)
            }
            Element::Directive(d) => {
                let mut d = d.clone();
                match d.as_mut() {
                    hcl::template::Directive::If(d) => {
                        d.cond_expr = substitute(&d.cond_expr, bound, unbound);
                        d.true_template = substitute_template(&d.true_template, bound, unbound);
                        if let Some(f) = &d.false_template {
                            d.false_template = Some(substitute_template(f, bound, unbound));
                        }
                    }
                    hcl::template::Directive::For(d) => {
                        d.collection_expr = substitute(&d.collection_expr, bound, unbound);
                        let inner: Vec<(String, Expression)> = bound
                            .iter()
                            .filter(|(n, _)| {
                                n != d.value_var.as_str() && d.key_var.as_ref().is_none_or(|k| n != k.as_str())
                            })
                            .cloned()
                            .chain(
                                std::iter::once(d.value_var.to_string())
                                    .chain(d.key_var.iter().map(|k| k.to_string()))
                                    .map(|n| (n.clone(), Expression::Variable(hcl::Identifier::unchecked(n).into()))),
                            )
                            .collect();
                        d.template = substitute_template(&d.template, &inner, unbound);
                    }
                }
                Element::Directive(d)
            }
        })
        .collect()
}

/// An expression of a template file with its variables replaced (see `substitute_template`).
fn substitute(e: &Expression, bound: &[(String, Expression)], unbound: &mut Unbound) -> Expression {
    let lookup = |name: &str| bound.iter().find(|(n, _)| n == name).map(|(_, v)| v.clone());
    match e {
        Expression::Variable(v) => match lookup(v.as_str()) {
            Some(value) => Expression::Parenthesis(Box::new(value)),
            None => {
                unbound.names.push(v.to_string());
                e.clone()
            }
        },
        Expression::Traversal(t) => {
            let mut t = t.clone();
            for op in t.operators.iter_mut() {
                if let TraversalOperator::Index(i) = op {
                    *i = substitute(i, bound, unbound);
                }
            }
            t.expr = match &t.expr {
                Expression::Variable(v) => match lookup(v.as_str()) {
                    Some(value) => Expression::Parenthesis(Box::new(value)),
                    None => {
                        unbound.names.push(v.to_string());
                        t.expr.clone()
                    }
                },
                other => substitute(other, bound, unbound),
            };
            Expression::Traversal(t)
        }
        Expression::Array(items) => Expression::Array(items.iter().map(|i| substitute(i, bound, unbound)).collect()),
        Expression::Object(o) => {
            let mut out = hcl::Object::new();
            for (k, v) in o {
                out.insert(k.clone(), substitute(v, bound, unbound));
            }
            Expression::Object(out)
        }
        Expression::FuncCall(f) => {
            unbound.templatefile |= f.name.name.as_str() == "templatefile";
            let mut f = f.clone();
            for a in f.args.iter_mut() {
                *a = substitute(a, bound, unbound);
            }
            Expression::FuncCall(f)
        }
        Expression::Parenthesis(p) => Expression::Parenthesis(Box::new(substitute(p, bound, unbound))),
        Expression::Conditional(c) => {
            let mut c = c.clone();
            c.cond_expr = substitute(&c.cond_expr, bound, unbound);
            c.true_expr = substitute(&c.true_expr, bound, unbound);
            c.false_expr = substitute(&c.false_expr, bound, unbound);
            Expression::Conditional(c)
        }
        Expression::Operation(op) => {
            let mut op = op.clone();
            match op.as_mut() {
                hcl::expr::Operation::Unary(u) => u.expr = substitute(&u.expr, bound, unbound),
                hcl::expr::Operation::Binary(b) => {
                    b.lhs_expr = substitute(&b.lhs_expr, bound, unbound);
                    b.rhs_expr = substitute(&b.rhs_expr, bound, unbound);
                }
            }
            Expression::Operation(op)
        }
        Expression::ForExpr(f) => {
            let mut f = f.clone();
            f.collection_expr = substitute(&f.collection_expr, bound, unbound);
            let own: Vec<String> = std::iter::once(f.value_var.to_string())
                .chain(f.key_var.iter().map(|k| k.to_string()))
                .collect();
            let inner: Vec<(String, Expression)> = bound
                .iter()
                .filter(|(n, _)| !own.contains(n))
                .cloned()
                .chain(
                    own.iter()
                        .map(|n| (n.clone(), Expression::Variable(hcl::Identifier::unchecked(n).into()))),
                )
                .collect();
            f.value_expr = substitute(&f.value_expr, &inner, unbound);
            if let Some(k) = &f.key_expr {
                f.key_expr = Some(substitute(k, &inner, unbound));
            }
            if let Some(c) = &f.cond_expr {
                f.cond_expr = Some(substitute(c, &inner, unbound));
            }
            Expression::ForExpr(f)
        }
        other => other.clone(),
    }
}

/// `format(spec, args...)` with a literal spec of `%s`, `%v`, `%d` and `%%` only, one argument
/// per verb: the equivalent string template.
fn format_template(args: &[Expression]) -> Option<Expression> {
    let (Expression::String(spec), rest) = args.split_first()? else {
        return None;
    };
    let mut elements: Vec<Element> = Vec::new();
    let mut literal = String::new();
    let mut rest = rest.iter();
    let mut chars = spec.chars();
    while let Some(c) = chars.next() {
        if c != '%' {
            literal.push(c);
            continue;
        }
        match chars.next()? {
            '%' => literal.push('%'),
            's' | 'v' | 'd' => {
                if !literal.is_empty() {
                    elements.push(Element::Literal(std::mem::take(&mut literal)));
                }
                elements.push(Element::Interpolation(hcl::template::Interpolation::new(
                    rest.next()?.clone(),
                )));
            }
            _ => return None,
        }
    }
    if rest.next().is_some() {
        return None;
    }
    if !literal.is_empty() {
        elements.push(Element::Literal(literal));
    }
    let template: hcl::Template = elements.into_iter().collect();
    Some(Expression::TemplateExpr(Box::new(TemplateExpr::QuotedString(
        template.to_string(),
    ))))
}

const STAND_IN: (&str, &str) = ("Stands in for ", ", which CloudFormation cannot read");

/// The description of a parameter standing in for a data source's attribute
/// (`data.aws_ami.ubuntu.id`).
fn stand_in_description(data: &str) -> String {
    format!("{}{data}{}", STAND_IN.0, STAND_IN.1)
}

/// The data source attribute a parameter stands in for, read from its description: the diff
/// compares the parameter as that data source.
pub fn data_stand_in(description: &str) -> Option<&str> {
    description
        .strip_prefix(STAND_IN.0)?
        .strip_suffix(STAND_IN.1)
        .filter(|d| d.starts_with("data."))
}
