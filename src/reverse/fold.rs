//! Values known at conversion time, folded into literals.
//!
//! A variable whose type a CloudFormation parameter cannot hold (`map(string)`, `object(...)`,
//! `any`, lists of objects) is fixed at its default (`Variable::Fixed`): its value is known
//! before deployment, and so is every expression whose inputs are all known (literals, fixed
//! variables, locals made of them, the variables of a `for`). Such an expression is evaluated
//! here, as Terraform would, and the result written as a literal: `merge(var.tags, {Name = "x"})`
//! with `tags` defaulting to `{}` is `{Name = "x"}`.
//!
//! Only expressions that read a fixed variable, or that have no intrinsic at all (`for`,
//! `lookup`, `coalesce`, `keys`, template directives, ...), are folded: an expression of
//! literals that has an intrinsic (`cidrsubnet("10.0.0.0/16", 8, 1)`, `join(",", [...])`) stays
//! that intrinsic, so what the forward direction writes reads back as it was. Evaluation is
//! bounded by `MAX_FOLD_STEPS` across one conversion (a `reverse::budget` error past it).

use super::{At, Local, Reverser, Variable, x};
use crate::model::{Expr, ExprKind};
use crate::tf::{Block, BodyItem, Expression};
use hcl::Value;
use hcl::expr::{BinaryOperator, ObjectKey, TemplateExpr, TraversalOperator, UnaryOperator};
use hcl::template::{Directive, Element};
use indexmap::IndexMap;

/// Work bound of the folding in one conversion (expression nodes evaluated).
const MAX_FOLD_STEPS: usize = 200_000;

/// Functions the translation writes as an intrinsic (`expr.rs`): a call of one of literals stays
/// that intrinsic. A call of any other function is worth folding even when it reads no fixed
/// variable (its arguments still have to be known).
const HAS_INTRINSIC: &[&str] = &[
    "join",
    "split",
    "element",
    "base64encode",
    "jsonencode",
    "length",
    "try",
    "cidrsubnet",
    "cidrsubnets",
    "merge",
    "concat",
    "tostring",
    "tonumber",
    "tobool",
    "tolist",
    "toset",
    "file",
    "templatefile",
];

/// Functions `eval_func` evaluates for every argument of the types Terraform accepts, so that
/// other arguments are Terraform's own error (`jsondecode` of a list).
const TYPED: &[&str] = &[
    "keys",
    "values",
    "tomap",
    "tolist",
    "toset",
    "distinct",
    "tostring",
    "tonumber",
    "tobool",
    "flatten",
    "compact",
    "contains",
    "zipmap",
    "one",
    "jsondecode",
    "lower",
    "upper",
    "trimspace",
    "trimprefix",
    "trimsuffix",
    "startswith",
    "endswith",
    "strcontains",
    "alltrue",
    "anytrue",
    "slice",
    "length",
    "merge",
    "concat",
];

/// Why a value is not known.
#[derive(Debug, Clone, Copy, PartialEq)]
pub(crate) enum Miss {
    /// It depends on something known only at deploy time (a parameter, a resource).
    Unknown,
    /// Terraform itself would fail (a missing key, a wrong type): `try` takes the next.
    Invalid,
}

type R = Result<Value, Miss>;

/// The variables of the `for` expressions being evaluated.
type Scope = Vec<(String, Value)>;

/// Is this type one a CloudFormation parameter holds (a string, a number, a bool, a list of
/// strings or numbers)?
pub(crate) fn parameter_type(type_text: &str) -> bool {
    matches!(
        type_text,
        "string" | "number" | "bool" | "list(string)" | "set(string)" | "list(number)" | "set(number)"
    )
}

impl Reverser<'_> {
    /// The literal value of `e` when it is worth folding and all its inputs are known.
    pub(crate) fn fold(&mut self, e: &Expression, at: &At) -> Option<Value> {
        if is_plain_literal(e) || !self.worth_folding(e, &mut Vec::new()) {
            return None;
        }
        let v = self.eval(e, &mut Vec::new()).ok();
        self.budget_check(at);
        v
    }

    /// Like `fold`, as a boolean, for conditions (`cond ? a : b`, `count`).
    pub(crate) fn fold_bool(&mut self, e: &Expression, at: &At) -> Option<bool> {
        match self.fold(e, at)? {
            Value::Bool(b) => Some(b),
            Value::String(s) if s == "true" || s == "false" => Some(s == "true"),
            _ => None,
        }
    }

    pub(super) fn budget_check(&mut self, at: &At) {
        if self.fold_steps > MAX_FOLD_STEPS && !self.fold_budget_reported {
            self.fold_budget_reported = true;
            self.error(
                "reverse::budget",
                format!("evaluating values known at conversion time passes {MAX_FOLD_STEPS} steps: not folded further"),
                at,
            );
        }
    }

    /// A resource block with its known sub-expressions written as literals (so the property
    /// shapes, `count` and nested blocks read them as if written out).
    pub(crate) fn fold_block(&mut self, b: &Block) -> Block {
        let mut out = b.clone();
        let at = At::block(b);
        self.fold_body(&mut out.body, &at);
        out
    }

    fn fold_body(&mut self, body: &mut [BodyItem], at: &At) {
        for item in body {
            match item {
                BodyItem::Attribute(name, value) => {
                    let at = at.with(name);
                    *value = self.fold_partial(value, &at, 0);
                }
                // A dynamic block's content reads its iterator, which is not known here.
                BodyItem::Block(inner) if inner.ident != "dynamic" => self.fold_body(&mut inner.body, at),
                _ => {}
            }
        }
    }

    /// The largest known sub-expressions of `e` replaced by literals.
    fn fold_partial(&mut self, e: &Expression, at: &At, depth: usize) -> Expression {
        if depth > 64 {
            return e.clone();
        }
        if let Some(v) = self.fold(e, at) {
            return Expression::from(v);
        }
        let d = depth + 1;
        match e {
            Expression::Array(items) => Expression::Array(items.iter().map(|i| self.fold_partial(i, at, d)).collect()),
            Expression::Object(o) => {
                let mut out = hcl::Object::new();
                for (k, v) in o {
                    out.insert(k.clone(), self.fold_partial(v, at, d));
                }
                Expression::Object(out)
            }
            Expression::FuncCall(f) => {
                let mut f = f.clone();
                // `lookup(var.amis, var.region)` keeps its map by name: a Mapping of it.
                let keep_first =
                    f.name.name.as_str() == "lookup" && matches!(f.args.first(), Some(Expression::Traversal(_)));
                for a in f.args.iter_mut().skip(usize::from(keep_first)) {
                    *a = self.fold_partial(a, at, d);
                }
                Expression::FuncCall(f)
            }
            Expression::Parenthesis(p) => Expression::Parenthesis(Box::new(self.fold_partial(p, at, d))),
            Expression::Conditional(c) => match self.fold_bool(&c.cond_expr, at) {
                Some(true) => self.fold_partial(&c.true_expr, at, d),
                Some(false) => self.fold_partial(&c.false_expr, at, d),
                None => {
                    let mut c = c.clone();
                    c.true_expr = self.fold_partial(&c.true_expr, at, d);
                    c.false_expr = self.fold_partial(&c.false_expr, at, d);
                    Expression::Conditional(c)
                }
            },
            other => other.clone(),
        }
    }

    // ---- what is worth folding

    /// True when `e` reads a fixed variable (also through locals), or is a construct with no
    /// intrinsic.
    fn worth_folding(&mut self, e: &Expression, seen: &mut Vec<String>) -> bool {
        match e {
            Expression::Null | Expression::Bool(_) | Expression::Number(_) | Expression::String(_) => false,
            Expression::Variable(_) => false,
            Expression::Array(items) => items.iter().any(|i| self.worth_folding(i, seen)),
            Expression::Object(o) => o.iter().any(|(k, v)| {
                (matches!(k, ObjectKey::Expression(k) if self.worth_folding(k, seen))) || self.worth_folding(v, seen)
            }),
            Expression::TemplateExpr(t) => {
                let Some(template) = parse_template(t) else {
                    return false;
                };
                self.template_worth(&template, seen)
            }
            Expression::Traversal(t) => {
                let root = match &t.expr {
                    Expression::Variable(v) => {
                        let attr = match t.operators.first() {
                            Some(TraversalOperator::GetAttr(a)) => a.as_str().to_string(),
                            _ => String::new(),
                        };
                        match v.as_str() {
                            "var" => matches!(self.variables.get(&attr), Some(Variable::Fixed(_))),
                            "local" => self.local_worth(&attr, seen),
                            _ => false,
                        }
                    }
                    other => self.worth_folding(other, seen),
                };
                root || t.operators.iter().any(|op| match op {
                    TraversalOperator::Index(i) => self.worth_folding(i, seen),
                    _ => false,
                })
            }
            Expression::FuncCall(f) => {
                (f.name.namespace.is_empty() && !HAS_INTRINSIC.contains(&f.name.name.as_str()))
                    || f.args.iter().any(|a| self.worth_folding(a, seen))
            }
            Expression::Parenthesis(p) => self.worth_folding(p, seen),
            Expression::Conditional(c) => {
                self.worth_folding(&c.cond_expr, seen)
                    || self.worth_folding(&c.true_expr, seen)
                    || self.worth_folding(&c.false_expr, seen)
            }
            Expression::Operation(op) => match op.as_ref() {
                hcl::expr::Operation::Unary(u) => self.worth_folding(&u.expr, seen),
                hcl::expr::Operation::Binary(b) => {
                    self.worth_folding(&b.lhs_expr, seen) || self.worth_folding(&b.rhs_expr, seen)
                }
            },
            // The forward direction's `[for i in range(n) : cidrsubnet(p, b, i)]` is Fn::Cidr.
            Expression::ForExpr(f) => {
                !matches!(&f.value_expr, Expression::FuncCall(c) if c.name.name.as_str() == "cidrsubnet")
                    || self.worth_folding(&f.collection_expr, seen)
            }
            _ => false,
        }
    }

    fn template_worth(&mut self, t: &hcl::Template, seen: &mut Vec<String>) -> bool {
        t.elements().iter().any(|el| match el {
            Element::Literal(_) => false,
            Element::Interpolation(i) => self.worth_folding(&i.expr, seen),
            Element::Directive(_) => true,
        })
    }

    fn local_worth(&mut self, name: &str, seen: &mut Vec<String>) -> bool {
        if let Some(w) = self.local_worth.get(name) {
            return *w;
        }
        if seen.iter().any(|s| s == name) {
            return false;
        }
        let Some(value) = self.local_exprs.get(name).cloned() else {
            return false;
        };
        seen.push(name.to_string());
        let w = self.worth_folding(&value, seen);
        seen.pop();
        self.local_worth.insert(name.to_string(), w);
        w
    }

    // ---- evaluation

    pub(crate) fn eval(&mut self, e: &Expression, scope: &mut Scope) -> R {
        self.fold_steps += 1;
        if self.fold_steps > MAX_FOLD_STEPS {
            return Err(Miss::Unknown);
        }
        match e {
            Expression::Null => Ok(Value::Null),
            Expression::Bool(b) => Ok(Value::Bool(*b)),
            Expression::Number(n) => Ok(Value::Number(*n)),
            Expression::String(s) => Ok(Value::String(s.clone())),
            Expression::Array(items) => items
                .iter()
                .map(|i| self.eval(i, scope))
                .collect::<Result<_, _>>()
                .map(Value::Array),
            Expression::Object(o) => {
                let mut out = IndexMap::new();
                for (k, v) in o {
                    let key = match k {
                        ObjectKey::Identifier(i) => i.as_str().to_string(),
                        ObjectKey::Expression(Expression::Variable(v)) => v.as_str().to_string(),
                        ObjectKey::Expression(k) => text_of(&self.eval(k, scope)?)?,
                        _ => return Err(Miss::Unknown),
                    };
                    let v = self.eval(v, scope)?;
                    out.insert(key, v);
                }
                Ok(Value::Object(out))
            }
            Expression::TemplateExpr(t) => {
                let template = parse_template(t).ok_or(Miss::Invalid)?;
                let mut out = String::new();
                self.eval_template(&template, scope, &mut out)?;
                Ok(Value::String(out))
            }
            Expression::Variable(v) => scope
                .iter()
                .rev()
                .find(|(n, _)| n == v.as_str())
                .map(|(_, v)| v.clone())
                .ok_or(Miss::Unknown),
            Expression::Traversal(t) => {
                let (base, ops) = match &t.expr {
                    Expression::Variable(v) if !scope.iter().any(|(n, _)| n == v.as_str()) => {
                        let attr = match t.operators.first() {
                            Some(TraversalOperator::GetAttr(a)) => a.as_str().to_string(),
                            _ => return Err(Miss::Unknown),
                        };
                        let base = match v.as_str() {
                            "var" => match self.variables.get(&attr) {
                                Some(Variable::Fixed(v)) => v.clone(),
                                _ => return Err(Miss::Unknown),
                            },
                            "local" => self.eval_local(&attr)?,
                            _ => return Err(Miss::Unknown),
                        };
                        (base, &t.operators[1..])
                    }
                    other => (self.eval(other, scope)?, &t.operators[..]),
                };
                self.apply_ops(base, ops, scope)
            }
            Expression::FuncCall(f) => {
                if !f.name.namespace.is_empty() {
                    return Err(Miss::Unknown);
                }
                self.eval_func(f.name.name.as_str(), &f.args, f.expand_final, scope)
            }
            Expression::Parenthesis(p) => self.eval(p, scope),
            Expression::Conditional(c) => match self.eval(&c.cond_expr, scope)? {
                Value::Bool(true) => self.eval(&c.true_expr, scope),
                Value::Bool(false) => self.eval(&c.false_expr, scope),
                _ => Err(Miss::Invalid),
            },
            Expression::Operation(op) => match op.as_ref() {
                hcl::expr::Operation::Unary(u) => match (u.operator, self.eval(&u.expr, scope)?) {
                    (UnaryOperator::Not, Value::Bool(b)) => Ok(Value::Bool(!b)),
                    (UnaryOperator::Neg, Value::Number(n)) => number(-n.as_f64().ok_or(Miss::Invalid)?),
                    _ => Err(Miss::Invalid),
                },
                hcl::expr::Operation::Binary(b) => self.eval_binary(b, scope),
            },
            Expression::ForExpr(f) => self.eval_for(f, scope),
            _ => Err(Miss::Unknown),
        }
    }

    fn eval_local(&mut self, name: &str) -> R {
        if self.folding_locals.iter().any(|n| n == name) {
            return Err(Miss::Unknown);
        }
        let value = match self.locals.get(name) {
            Some(Local::Inline(v, _)) => v.clone(),
            Some(_) => self.local_exprs.get(name).cloned().ok_or(Miss::Unknown)?,
            None => return Err(Miss::Unknown),
        };
        self.folding_locals.push(name.to_string());
        let v = self.eval(&value, &mut Vec::new());
        self.folding_locals.pop();
        v
    }

    fn apply_ops(&mut self, mut base: Value, ops: &[TraversalOperator], scope: &mut Scope) -> R {
        for (i, op) in ops.iter().enumerate() {
            base = match op {
                TraversalOperator::GetAttr(a) => get(&base, &Value::String(a.as_str().to_string()))?,
                TraversalOperator::Index(e) => {
                    let key = self.eval(e, scope)?;
                    get(&base, &key)?
                }
                TraversalOperator::LegacyIndex(n) => get(&base, &Value::from(*n))?,
                TraversalOperator::AttrSplat | TraversalOperator::FullSplat => {
                    let items = match base {
                        Value::Null => Vec::new(),
                        Value::Array(a) => a,
                        other => vec![other],
                    };
                    let rest = &ops[i + 1..];
                    let mut out = Vec::new();
                    for item in items {
                        out.push(self.apply_ops(item, rest, scope)?);
                    }
                    return Ok(Value::Array(out));
                }
            };
        }
        Ok(base)
    }

    /// The text of a template directive whose values are known at conversion time.
    pub(crate) fn eval_directive(&mut self, d: &Directive) -> Result<String, Miss> {
        let template: hcl::Template = std::iter::once(Element::Directive(Box::new(d.clone()))).collect();
        let mut out = String::new();
        self.eval_template(&template, &mut Vec::new(), &mut out)?;
        Ok(out)
    }

    fn eval_template(&mut self, t: &hcl::Template, scope: &mut Scope, out: &mut String) -> Result<(), Miss> {
        for el in t.elements() {
            match el {
                Element::Literal(s) => out.push_str(s),
                Element::Interpolation(i) => out.push_str(&text_of(&self.eval(&i.expr, scope)?)?),
                Element::Directive(d) => match d.as_ref() {
                    Directive::If(d) => match self.eval(&d.cond_expr, scope)? {
                        Value::Bool(true) => self.eval_template(&d.true_template, scope, out)?,
                        Value::Bool(false) => {
                            if let Some(f) = &d.false_template {
                                self.eval_template(f, scope, out)?;
                            }
                        }
                        _ => return Err(Miss::Invalid),
                    },
                    Directive::For(d) => {
                        let collection = self.eval(&d.collection_expr, scope)?;
                        for (k, v) in pairs(collection)? {
                            let n = scope.len();
                            if let Some(kv) = &d.key_var {
                                scope.push((kv.as_str().to_string(), k));
                            }
                            scope.push((d.value_var.as_str().to_string(), v));
                            let r = self.eval_template(&d.template, scope, out);
                            scope.truncate(n);
                            r?;
                        }
                    }
                },
            }
        }
        Ok(())
    }

    fn eval_for(&mut self, f: &hcl::expr::ForExpr, scope: &mut Scope) -> R {
        let collection = self.eval(&f.collection_expr, scope)?;
        let mut list = Vec::new();
        let mut map: IndexMap<String, Value> = IndexMap::new();
        for (k, v) in pairs(collection)? {
            let n = scope.len();
            if let Some(kv) = &f.key_var {
                scope.push((kv.as_str().to_string(), k));
            }
            scope.push((f.value_var.as_str().to_string(), v));
            let r = self.for_item(f, scope, &mut list, &mut map);
            scope.truncate(n);
            r?;
        }
        Ok(if f.key_expr.is_some() {
            Value::Object(map)
        } else {
            Value::Array(list)
        })
    }

    /// One element of a `for`, its variables in scope: filtered, then into the list or the map.
    fn for_item(
        &mut self,
        f: &hcl::expr::ForExpr,
        scope: &mut Scope,
        list: &mut Vec<Value>,
        map: &mut IndexMap<String, Value>,
    ) -> Result<(), Miss> {
        if let Some(c) = &f.cond_expr {
            match self.eval(c, scope)? {
                Value::Bool(true) => {}
                Value::Bool(false) => return Ok(()),
                _ => return Err(Miss::Invalid),
            }
        }
        let value = self.eval(&f.value_expr, scope)?;
        match &f.key_expr {
            Some(ke) => {
                let key = text_of(&self.eval(ke, scope)?)?;
                if f.grouping {
                    match map.entry(key).or_insert_with(|| Value::Array(Vec::new())) {
                        Value::Array(a) => a.push(value),
                        _ => return Err(Miss::Invalid),
                    }
                } else if map.insert(key, value).is_some() {
                    return Err(Miss::Invalid);
                }
            }
            None => list.push(value),
        }
        Ok(())
    }

    fn eval_binary(&mut self, b: &hcl::expr::BinaryOp, scope: &mut Scope) -> R {
        use BinaryOperator::*;
        // Both sides are evaluated, as Terraform does (its && and || do not short-circuit).
        let (l, r) = (self.eval(&b.lhs_expr, scope), self.eval(&b.rhs_expr, scope));
        // `x && false` is false (and `x || true` true) whatever a deploy-time `x` turns out to be.
        if matches!(b.operator, And | Or) {
            let decides = Value::Bool(b.operator == Or);
            if matches!((&l, &r), (Err(Miss::Unknown), Ok(v)) | (Ok(v), Err(Miss::Unknown)) if *v == decides) {
                return Ok(decides);
            }
        }
        let (l, r) = (l?, r?);
        match b.operator {
            Eq => Ok(Value::Bool(same(&l, &r))),
            NotEq => Ok(Value::Bool(!same(&l, &r))),
            And | Or => match (l, r) {
                (Value::Bool(a), Value::Bool(c)) => Ok(Value::Bool(if b.operator == And { a && c } else { a || c })),
                _ => Err(Miss::Invalid),
            },
            op => {
                let (a, c) = (as_number(&l)?, as_number(&r)?);
                match op {
                    Plus => number(a + c),
                    Minus => number(a - c),
                    Mul => number(a * c),
                    Div if c != 0.0 => number(a / c),
                    Mod if c != 0.0 => number(a % c),
                    Less => Ok(Value::Bool(a < c)),
                    LessEq => Ok(Value::Bool(a <= c)),
                    Greater => Ok(Value::Bool(a > c)),
                    GreaterEq => Ok(Value::Bool(a >= c)),
                    _ => Err(Miss::Invalid),
                }
            }
        }
    }

    fn eval_func(&mut self, name: &str, args: &[Expression], expand: bool, scope: &mut Scope) -> R {
        // Lazy ones first: their arguments may fail.
        match name {
            "try" => {
                for a in args {
                    match self.eval(a, scope) {
                        Ok(v) => return Ok(v),
                        Err(Miss::Unknown) => return Err(Miss::Unknown),
                        Err(Miss::Invalid) => {}
                    }
                }
                return Err(Miss::Invalid);
            }
            "can" if args.len() == 1 => {
                return match self.eval(&args[0], scope) {
                    Ok(_) => Ok(Value::Bool(true)),
                    Err(Miss::Invalid) => Ok(Value::Bool(false)),
                    Err(Miss::Unknown) => Err(Miss::Unknown),
                };
            }
            _ => {}
        }
        let mut v: Vec<Value> = args.iter().map(|a| self.eval(a, scope)).collect::<Result<_, _>>()?;
        if expand {
            match v.pop() {
                Some(Value::Array(more)) => v.extend(more),
                _ => return Err(Miss::Invalid),
            }
        }
        match (name, v.as_slice()) {
            ("merge", _) => {
                let mut out = IndexMap::new();
                for m in v {
                    match m {
                        Value::Object(o) => out.extend(o),
                        Value::Null => {}
                        _ => return Err(Miss::Invalid),
                    }
                }
                Ok(Value::Object(out))
            }
            ("lookup", [m, k, rest @ ..]) if rest.len() <= 1 => match get(m, k) {
                Ok(v) => Ok(v),
                Err(_) => rest.first().cloned().ok_or(Miss::Invalid),
            },
            ("concat", _) => {
                let mut out = Vec::new();
                for l in v {
                    match l {
                        Value::Array(a) => out.extend(a),
                        _ => return Err(Miss::Invalid),
                    }
                }
                Ok(Value::Array(out))
            }
            ("coalesce", _) => v
                .into_iter()
                .find(|i| !matches!(i, Value::Null) && *i != Value::String(String::new()))
                .ok_or(Miss::Invalid),
            ("coalescelist", _) => v
                .into_iter()
                .find(|i| matches!(i, Value::Array(a) if !a.is_empty()))
                .ok_or(Miss::Invalid),
            ("length", [c]) => match c {
                Value::Array(a) => Ok(Value::from(a.len() as u64)),
                Value::Object(o) => Ok(Value::from(o.len() as u64)),
                Value::String(s) => Ok(Value::from(s.chars().count() as u64)),
                _ => Err(Miss::Invalid),
            },
            ("keys", [Value::Object(o)]) => Ok(Value::Array(
                sorted(o).into_iter().map(|(k, _)| Value::String(k)).collect(),
            )),
            ("values", [Value::Object(o)]) => Ok(Value::Array(sorted(o).into_iter().map(|(_, v)| v).collect())),
            ("tomap", [Value::Object(_) | Value::Null]) => Ok(v[0].clone()),
            ("tolist", [Value::Array(_) | Value::Null]) => Ok(v[0].clone()),
            ("toset", [Value::Array(a)]) => Ok(Value::Array(distinct(a))),
            ("distinct", [Value::Array(a)]) => Ok(Value::Array(distinct(a))),
            ("tostring", [Value::String(_) | Value::Null]) => Ok(v[0].clone()),
            ("tostring", [s @ (Value::Number(_) | Value::Bool(_))]) => Ok(Value::String(text_of(s)?)),
            ("tonumber", [Value::Number(_) | Value::Null]) => Ok(v[0].clone()),
            ("tonumber", [Value::String(s)]) => number(s.parse::<f64>().map_err(|_| Miss::Invalid)?),
            ("tobool", [Value::Bool(_) | Value::Null]) => Ok(v[0].clone()),
            ("tobool", [Value::String(s)]) if s == "true" || s == "false" => Ok(Value::Bool(s == "true")),
            ("flatten", [Value::Array(a)]) => {
                fn flat(items: &[Value], out: &mut Vec<Value>) {
                    for i in items {
                        match i {
                            Value::Array(inner) => flat(inner, out),
                            other => out.push(other.clone()),
                        }
                    }
                }
                let mut out = Vec::new();
                flat(a, &mut out);
                Ok(Value::Array(out))
            }
            ("compact", [Value::Array(a)]) => Ok(Value::Array(
                a.iter()
                    .filter(|i| !matches!(i, Value::Null) && **i != Value::String(String::new()))
                    .cloned()
                    .collect(),
            )),
            ("contains", [Value::Array(a), item]) => Ok(Value::Bool(a.iter().any(|i| same(i, item)))),
            ("zipmap", [Value::Array(k), Value::Array(vals)]) if k.len() == vals.len() => {
                let mut out = IndexMap::new();
                for (k, v) in k.iter().zip(vals) {
                    out.insert(text_of(k)?, v.clone());
                }
                Ok(Value::Object(out))
            }
            ("one", [Value::Array(a)]) if a.len() <= 1 => Ok(a.first().cloned().unwrap_or(Value::Null)),
            ("join", [Value::String(sep), Value::Array(a)]) => Ok(Value::String(
                a.iter().map(text_of).collect::<Result<Vec<_>, _>>()?.join(sep),
            )),
            ("split", [Value::String(sep), Value::String(s)]) if !sep.is_empty() => Ok(Value::Array(
                s.split(sep.as_str()).map(|p| Value::String(p.to_string())).collect(),
            )),
            ("element", [Value::Array(a), i]) if !a.is_empty() => {
                let i = as_number(i)? as usize;
                Ok(a[i % a.len()].clone())
            }
            ("jsondecode", [Value::String(s)]) => serde_json::from_str::<Value>(s).map_err(|_| Miss::Invalid),
            ("lower", [Value::String(s)]) => Ok(Value::String(s.to_lowercase())),
            ("upper", [Value::String(s)]) => Ok(Value::String(s.to_uppercase())),
            ("trimspace", [Value::String(s)]) => Ok(Value::String(s.trim().to_string())),
            ("trimprefix", [Value::String(s), Value::String(p)]) => {
                Ok(Value::String(s.strip_prefix(p.as_str()).unwrap_or(s).to_string()))
            }
            ("trimsuffix", [Value::String(s), Value::String(p)]) => {
                Ok(Value::String(s.strip_suffix(p.as_str()).unwrap_or(s).to_string()))
            }
            // A literal substring only: `/.../` is a regular expression.
            ("replace", [Value::String(s), Value::String(from), Value::String(to)])
                if !from.is_empty() && !is_regex(from) =>
            {
                Ok(Value::String(s.replace(from.as_str(), to)))
            }
            ("startswith", [Value::String(s), Value::String(p)]) => Ok(Value::Bool(s.starts_with(p.as_str()))),
            ("strcontains", [Value::String(s), Value::String(p)]) => Ok(Value::Bool(s.contains(p.as_str()))),
            ("alltrue" | "anytrue", [Value::Array(a)]) => {
                let bools = a
                    .iter()
                    .map(|i| match i {
                        Value::Bool(b) => Ok(*b),
                        Value::String(s) if s == "true" || s == "false" => Ok(s == "true"),
                        _ => Err(Miss::Invalid),
                    })
                    .collect::<Result<Vec<bool>, _>>()?;
                Ok(Value::Bool(if name == "alltrue" {
                    bools.iter().all(|b| *b)
                } else {
                    bools.iter().any(|b| *b)
                }))
            }
            // `slice(list, start, end)`: end exclusive; out of range is an error in Terraform.
            ("slice", [Value::Array(a), start, end]) => {
                let (start, end) = (as_index(start)?, as_index(end)?);
                if start > end || end > a.len() {
                    return Err(Miss::Invalid);
                }
                Ok(Value::Array(a[start..end].to_vec()))
            }
            ("format", [Value::String(spec), rest @ ..]) => format(spec, rest),
            // Marks for what Terraform's plan shows: the value itself.
            ("sensitive" | "nonsensitive", [value]) => Ok(value.clone()),
            ("endswith", [Value::String(s), Value::String(p)]) => Ok(Value::Bool(s.ends_with(p.as_str()))),
            ("max" | "min", [_, ..]) => {
                let nums = v.iter().map(as_number).collect::<Result<Vec<_>, _>>()?;
                let pick = if name == "max" { f64::max } else { f64::min };
                number(nums.into_iter().reduce(pick).unwrap_or_default())
            }
            ("jsonencode", [value]) => Ok(Value::String(serde_json::to_string(value).map_err(|_| Miss::Invalid)?)),
            // A function evaluated here, given arguments of a type it does not take: Terraform
            // fails too (so `try` takes its next argument).
            _ if TYPED.contains(&name) => Err(Miss::Invalid),
            // Other functions: not evaluated here (the translation reports them).
            _ => Err(Miss::Unknown),
        }
    }

    /// `var.amis[k]` / `lookup(var.amis, k[, default])` with `amis` a fixed map of scalars and
    /// `k` known only at deploy time: a Mapping of the map (one `Value` per key) and
    /// Fn::FindInMap. None when the map does not fit a Mapping.
    pub(crate) fn fixed_lookup(
        &mut self,
        var: &str,
        key: &Expression,
        default: Option<&Expression>,
        at: &At,
    ) -> Option<Expr> {
        let Some(Variable::Fixed(Value::Object(o))) = self.variables.get(var).cloned() else {
            return None;
        };
        let key_ok = |k: &str| !k.is_empty() && k.chars().all(|c| c.is_ascii_alphanumeric() || c == '-' || c == '.');
        if o.is_empty()
            || !o
                .iter()
                .all(|(k, v)| key_ok(k) && matches!(v, Value::String(_) | Value::Number(_) | Value::Bool(_)))
        {
            return None;
        }
        let map = match self.fixed_mappings.get(var) {
            Some(m) => m.clone(),
            None => {
                let m = self.unique_in("Mappings", &crate::model::naming::pascal_case(var));
                let entries = o
                    .iter()
                    .map(|(k, v)| {
                        let mut second = IndexMap::new();
                        second.insert("Value".to_string(), Self::value_expr(v));
                        (k.clone(), second)
                    })
                    .collect();
                self.put_mapping(m.clone(), entries);
                self.fixed_mappings.insert(var.to_string(), m.clone());
                m
            }
        };
        let top = self.expr(key, at);
        let default = default.map(|d| Box::new(self.expr(d, at)));
        Some(x(ExprKind::FindInMap {
            map: Box::new(x(ExprKind::String(map))),
            top: Box::new(top),
            second: Box::new(x(ExprKind::String("Value".into()))),
            default,
        }))
    }

    /// A fixed variable read in a way that is not known before deployment.
    pub(crate) fn fixed_unknown(&mut self, var: &str, at: &At) -> Expr {
        self.error_with_help(
            "reverse::fixed-variable",
            format!("var.{var} is fixed at its default, but is read here with values known only at deploy time"),
            &at.with(var),
            "read it with literal keys, or by a parameter when it is a map of strings (a Mapping); or split it into one variable per value",
        );
        x(ExprKind::Null)
    }

    /// A known value as the model writes it.
    pub(crate) fn value_expr(v: &Value) -> Expr {
        match v {
            Value::Null => super::expr::no_value(),
            Value::Bool(b) => x(ExprKind::Bool(*b)),
            Value::Number(n) => x(ExprKind::Number(n.to_string())),
            Value::String(s) => x(ExprKind::String(s.clone())),
            Value::Array(a) => x(ExprKind::List(a.iter().map(Self::value_expr).collect())),
            Value::Object(o) => x(ExprKind::Map(
                o.iter()
                    .map(|(k, v)| (k.clone(), Default::default(), Self::value_expr(v)))
                    .collect(),
            )),
        }
    }
}

fn is_plain_literal(e: &Expression) -> bool {
    matches!(
        e,
        Expression::Null | Expression::Bool(_) | Expression::Number(_) | Expression::String(_)
    )
}

fn parse_template(t: &TemplateExpr) -> Option<hcl::Template> {
    let raw = match t {
        TemplateExpr::QuotedString(s) => s.clone(),
        TemplateExpr::Heredoc(h) => match h.strip {
            hcl::expr::HeredocStripMode::Indent => super::expr::strip_indent(&h.template),
            _ => h.template.clone(),
        },
    };
    raw.parse::<hcl::Template>().ok().map(|t| apply_strip(&t))
}

/// A template with its `~` strip markers applied to the literal text beside them (all
/// whitespace, newlines included, as HCL strips it) and then dropped.
pub(crate) fn apply_strip(t: &hcl::Template) -> hcl::Template {
    use hcl::template::Strip;
    let mut els: Vec<Element> = t
        .elements()
        .iter()
        .map(|el| match el {
            Element::Directive(d) => {
                let mut d = d.clone();
                match d.as_mut() {
                    Directive::If(d) => {
                        let mut yes = apply_strip(&d.true_template);
                        trim_ends(
                            &mut yes,
                            d.if_strip.strip_end(),
                            d.else_strip.strip_start() || (d.false_template.is_none() && d.endif_strip.strip_start()),
                        );
                        d.true_template = yes;
                        if let Some(f) = &d.false_template {
                            let mut no = apply_strip(f);
                            trim_ends(&mut no, d.else_strip.strip_end(), d.endif_strip.strip_start());
                            d.false_template = Some(no);
                        }
                        d.else_strip = Strip::None;
                    }
                    Directive::For(d) => {
                        let mut body = apply_strip(&d.template);
                        trim_ends(&mut body, d.for_strip.strip_end(), d.endfor_strip.strip_start());
                        d.template = body;
                    }
                }
                Element::Directive(d)
            }
            other => other.clone(),
        })
        .collect();
    for i in 0..els.len() {
        let (before, after) = match &els[i] {
            Element::Literal(_) => continue,
            Element::Interpolation(x) => (x.strip.strip_start(), x.strip.strip_end()),
            Element::Directive(d) => match d.as_ref() {
                Directive::If(d) => (d.if_strip.strip_start(), d.endif_strip.strip_end()),
                Directive::For(d) => (d.for_strip.strip_start(), d.endfor_strip.strip_end()),
            },
        };
        if before
            && i > 0
            && let Element::Literal(prev) = &mut els[i - 1]
        {
            *prev = prev.trim_end().to_string();
        }
        if after && let Some(Element::Literal(next)) = els.get_mut(i + 1) {
            *next = next.trim_start().to_string();
        }
    }
    for el in els.iter_mut() {
        match el {
            Element::Interpolation(x) => x.strip = Strip::None,
            Element::Directive(d) => match d.as_mut() {
                Directive::If(d) => {
                    d.if_strip = Strip::None;
                    d.endif_strip = Strip::None;
                }
                Directive::For(d) => {
                    d.for_strip = Strip::None;
                    d.endfor_strip = Strip::None;
                }
            },
            Element::Literal(_) => {}
        }
    }
    els.into_iter().collect()
}

/// Whitespace taken off the start and the end of a directive's body.
fn trim_ends(t: &mut hcl::Template, start: bool, end: bool) {
    let mut els: Vec<Element> = t.elements().to_vec();
    if start && let Some(Element::Literal(first)) = els.first_mut() {
        *first = first.trim_start().to_string();
    }
    if end && let Some(Element::Literal(last)) = els.last_mut() {
        *last = last.trim_end().to_string();
    }
    *t = els.into_iter().collect();
}

/// A value as text in a template or a key: strings, numbers and bools only.
fn text_of(v: &Value) -> Result<String, Miss> {
    match v {
        Value::String(s) => Ok(s.clone()),
        Value::Number(n) => Ok(n.to_string()),
        Value::Bool(b) => Ok(b.to_string()),
        _ => Err(Miss::Invalid),
    }
}

fn as_number(v: &Value) -> Result<f64, Miss> {
    match v {
        Value::Number(n) => n.as_f64().ok_or(Miss::Invalid),
        Value::String(s) => s.parse().map_err(|_| Miss::Invalid),
        _ => Err(Miss::Invalid),
    }
}

fn number(f: f64) -> R {
    if f.fract() == 0.0 && f.abs() < 9.0e15 {
        return Ok(Value::from(f as i64));
    }
    hcl::Number::from_f64(f).map(Value::Number).ok_or(Miss::Invalid)
}

/// Equality as Terraform's `==`: numbers by value.
fn same(a: &Value, b: &Value) -> bool {
    match (a, b) {
        (Value::Number(x), Value::Number(y)) => x.as_f64() == y.as_f64(),
        _ => a == b,
    }
}

/// `a[k]` / `a.k` of a known value.
fn get(base: &Value, key: &Value) -> R {
    match (base, key) {
        (Value::Object(o), k) => o.get(&text_of(k)?).cloned().ok_or(Miss::Invalid),
        (Value::Array(a), k) => {
            let i = as_number(k)?;
            if i < 0.0 || i.fract() != 0.0 {
                return Err(Miss::Invalid);
            }
            a.get(i as usize).cloned().ok_or(Miss::Invalid)
        }
        _ => Err(Miss::Invalid),
    }
}

/// The (key, value) pairs a `for` goes over: index and element of a list, key and value of a
/// map in key order (as Terraform iterates maps).
fn pairs(collection: Value) -> Result<Vec<(Value, Value)>, Miss> {
    match collection {
        Value::Array(a) => Ok(a
            .into_iter()
            .enumerate()
            .map(|(i, v)| (Value::from(i as u64), v))
            .collect()),
        Value::Object(o) => Ok(sorted(&o).into_iter().map(|(k, v)| (Value::String(k), v)).collect()),
        _ => Err(Miss::Invalid),
    }
}

fn sorted(o: &IndexMap<String, Value>) -> Vec<(String, Value)> {
    let mut items: Vec<(String, Value)> = o.iter().map(|(k, v)| (k.clone(), v.clone())).collect();
    items.sort_by(|a, b| a.0.cmp(&b.0));
    items
}

fn distinct(a: &[Value]) -> Vec<Value> {
    let mut out: Vec<Value> = Vec::new();
    for i in a {
        if !out.iter().any(|o| same(o, i)) {
            out.push(i.clone());
        }
    }
    out
}

/// `replace`'s `/.../`: a regular expression, not evaluated here.
fn is_regex(s: &str) -> bool {
    s.len() > 1 && s.starts_with('/') && s.ends_with('/')
}

fn as_index(v: &Value) -> Result<usize, Miss> {
    let n = as_number(v)?;
    if n < 0.0 || n.fract() != 0.0 {
        return Err(Miss::Invalid);
    }
    Ok(n as usize)
}

/// Terraform's `format` for the verbs without flags or width: `%s`, `%d`, `%v`, `%t`, `%q` and
/// `%%`; any other is left to the translation (not evaluated here).
fn format(spec: &str, args: &[Value]) -> R {
    let mut out = String::new();
    let mut args = args.iter();
    let mut chars = spec.chars();
    while let Some(c) = chars.next() {
        if c != '%' {
            out.push(c);
            continue;
        }
        let verb = chars.next().ok_or(Miss::Invalid)?;
        if verb == '%' {
            out.push('%');
            continue;
        }
        let arg = args.next().ok_or(Miss::Invalid)?;
        match (verb, arg) {
            ('s' | 'v', a) => out.push_str(&text_of(a)?),
            ('d', a) => {
                let n = as_number(a)?;
                if n.fract() != 0.0 {
                    return Err(Miss::Invalid);
                }
                out.push_str(&(n as i64).to_string());
            }
            ('t', Value::Bool(b)) => out.push_str(&b.to_string()),
            ('q', a) => out.push_str(&serde_json::to_string(&text_of(a)?).map_err(|_| Miss::Invalid)?),
            _ => return Err(Miss::Unknown),
        }
    }
    // Terraform refuses arguments the format does not use.
    if args.next().is_some() {
        return Err(Miss::Invalid);
    }
    Ok(Value::String(out))
}
