//! Values after evaluation: what an HCL expression means once variables, locals and
//! conditionals are applied. Scalars are kept as their text (so `80` and `"80"` are equal, as
//! Terraform converts them, but `5.10` and `5.1` are not: where the provider wants a string,
//! an engine version, they differ), resource references stay references.

use crate::tf::Expression;
use hcl::expr::{BinaryOperator, ObjectKey, Operation, TemplateExpr, TraversalOperator, UnaryOperator};
use hcl::template::{Element, Template};
use serde::Serialize;
use std::collections::{BTreeMap, HashMap};

#[derive(Debug, Clone, PartialEq, Eq, PartialOrd, Ord, Serialize)]
#[serde(untagged)]
pub enum Value {
    Null,
    /// A string, number or bool in canonical text form.
    Scalar(String),
    List(Vec<Value>),
    /// Sorted and without duplicates.
    Set(Vec<Value>),
    Map(BTreeMap<String, Value>),
    /// `aws_x.name.attr`: compared by what it points at.
    Ref(Ref),
    /// A string built from pieces that include references.
    Concat(Vec<Value>),
    /// A function or operator that could not be evaluated.
    Call(String, Vec<Value>),
}

#[derive(Debug, Clone, PartialEq, Eq, PartialOrd, Ord, Hash, Serialize)]
pub struct Ref {
    pub ty: String,
    pub name: String,
    pub attr: String,
}

impl Value {
    pub fn scalar(s: impl Into<String>) -> Value {
        Value::Scalar(canonical_scalar(s.into()))
    }

    pub fn set(mut items: Vec<Value>) -> Value {
        items.sort();
        items.dedup();
        Value::Set(items)
    }

    pub fn as_str(&self) -> Option<&str> {
        match self {
            Value::Scalar(s) => Some(s),
            _ => None,
        }
    }

    pub fn as_ref(&self) -> Option<&Ref> {
        match self {
            Value::Ref(r) => Some(r),
            _ => None,
        }
    }

    /// The elements of a list or set; a single value is a list of one.
    pub fn items(&self) -> Vec<&Value> {
        match self {
            Value::List(v) | Value::Set(v) => v.iter().collect(),
            Value::Null => Vec::new(),
            other => vec![other],
        }
    }

    /// Null, an empty collection: the same as not written.
    pub fn is_empty(&self) -> bool {
        match self {
            Value::Null => true,
            Value::List(v) | Value::Set(v) => v.is_empty(),
            Value::Map(m) => m.is_empty(),
            _ => false,
        }
    }

    /// Every reference inside, for renaming.
    pub fn map_refs(&self, f: &mut impl FnMut(&Ref) -> Ref) -> Value {
        match self {
            Value::Ref(r) => Value::Ref(f(r)),
            Value::List(v) => Value::List(v.iter().map(|x| x.map_refs(f)).collect()),
            Value::Set(v) => Value::set(v.iter().map(|x| x.map_refs(f)).collect()),
            Value::Map(m) => Value::Map(m.iter().map(|(k, x)| (k.clone(), x.map_refs(f))).collect()),
            Value::Concat(v) => Value::Concat(v.iter().map(|x| x.map_refs(f)).collect()),
            Value::Call(n, v) => Value::Call(n.clone(), v.iter().map(|x| x.map_refs(f)).collect()),
            other => other.clone(),
        }
    }

    /// One-line (or, for long text, multi-line) rendering for reports.
    pub fn render(&self) -> String {
        match self {
            Value::Null => "null".into(),
            Value::Scalar(s) => s.clone(),
            Value::List(v) => format!("[{}]", v.iter().map(Value::render).collect::<Vec<_>>().join(", ")),
            Value::Set(v) => format!("set[{}]", v.iter().map(Value::render).collect::<Vec<_>>().join(", ")),
            Value::Map(m) => format!(
                "{{{}}}",
                m.iter()
                    .map(|(k, v)| format!("{k} = {}", v.render()))
                    .collect::<Vec<_>>()
                    .join(", ")
            ),
            Value::Ref(r) => format!("{}.{}.{}", r.ty, r.name, r.attr),
            Value::Concat(v) => v
                .iter()
                .map(|x| match x {
                    Value::Scalar(s) => s.clone(),
                    other => format!("${{{}}}", other.render()),
                })
                .collect(),
            Value::Call(n, v) => format!("{n}({})", v.iter().map(Value::render).collect::<Vec<_>>().join(", ")),
        }
    }
}

/// A number's text as written, but for a leading `+` (`+80` is `80` in either language).
/// Other spellings of one number (`80.0`, `5.10`) stay apart: Terraform turns a number into
/// a string in its shortest form, so they are different strings to the provider.
fn canonical_scalar(s: String) -> String {
    match s.strip_prefix('+') {
        Some(rest) if !rest.is_empty() && rest.chars().all(|c| c.is_ascii_digit() || c == '.') => rest.to_string(),
        _ => s,
    }
}

/// What the evaluator knows: variable values and local expressions.
pub struct Env {
    pub vars: HashMap<String, Value>,
    pub locals: HashMap<String, Expression>,
    /// `type.name.argument` -> the literal a resource sets it to: a reference to a configured
    /// value (`aws_vpc.main.cidr_block`) means that value, as it does at plan time; also
    /// `data.aws_availability_zones.x.region` when that data source reads another region.
    pub literals: HashMap<String, Value>,
    /// Evaluation steps taken so far, against `MAX_STEPS`.
    pub steps: std::cell::Cell<usize>,
    /// Each local's value once evaluated: a local means one thing in one configuration, and a
    /// chain of locals that each use the one before twice is then linear, not exponential.
    pub local_values: std::cell::RefCell<HashMap<String, Value>>,
    /// The first local whose value outgrew `MAX_VALUE_NODES` (left unevaluated; `diff` refuses).
    pub over_budget: std::cell::RefCell<Option<String>>,
}

/// The largest value a local may have, in nodes: a chain of locals each holding the one before
/// twice doubles it per link, which memoising alone does not bound.
pub(crate) const MAX_VALUE_NODES: usize = 100_000;

/// The nodes of `v`, counted up to just past `limit`.
fn nodes_up_to(v: &Value, limit: usize) -> usize {
    let mut count = 0;
    let mut stack = vec![v];
    while let Some(v) = stack.pop() {
        count += 1;
        if count > limit {
            break;
        }
        match v {
            Value::List(items) | Value::Set(items) | Value::Concat(items) | Value::Call(_, items) => {
                stack.extend(items.iter())
            }
            Value::Map(m) => stack.extend(m.values()),
            Value::Null | Value::Scalar(_) | Value::Ref(_) => {}
        }
    }
    count
}

/// Nesting bound: locals that refer to each other in a cycle, or absurdly deep input, stop here.
const MAX_DEPTH: usize = 64;

/// Work bound for one side: a chain of locals each using the one before twice doubles the work
/// per link (60 links would never finish); past this, values are left unevaluated.
const MAX_STEPS: usize = 2_000_000;

/// The longest string an evaluation builds (the same chain doubles a string's length).
const MAX_STRING: usize = 1 << 20;

impl Env {
    pub fn eval(&self, e: &Expression) -> Value {
        self.eval_at(e, 0)
    }

    fn eval_at(&self, e: &Expression, depth: usize) -> Value {
        self.steps.set(self.steps.get() + 1);
        if depth > MAX_DEPTH || self.steps.get() > MAX_STEPS {
            return Value::Call("unevaluated".into(), vec![]);
        }
        let d = depth + 1;
        match e {
            Expression::Null => Value::Null,
            Expression::Bool(b) => Value::Scalar(b.to_string()),
            Expression::Number(n) => Value::scalar(n.to_string()),
            Expression::String(s) => Value::scalar(s.clone()),
            Expression::Array(a) => Value::List(a.iter().map(|x| self.eval_at(x, d)).collect()),
            Expression::Object(o) => Value::Map(
                o.iter()
                    .map(|(k, v)| {
                        let key = match k {
                            ObjectKey::Identifier(i) => i.as_str().to_string(),
                            ObjectKey::Expression(x) => self.eval_at(x, d).render(),
                            other => format!("{other:?}"),
                        };
                        (key, self.eval_at(v, d))
                    })
                    .collect(),
            ),
            Expression::TemplateExpr(t) => self.template(t, d),
            Expression::Variable(v) => Value::Scalar(format!("<{}>", v.as_str())),
            Expression::Traversal(t) => {
                let ops: Vec<&TraversalOperator> = t.operators.iter().collect();
                match &t.expr {
                    Expression::Variable(root) => self.traversal(root.as_str(), &ops, d),
                    other => {
                        let base = self.eval_at(other, d);
                        self.apply_ops(base, &ops, d)
                    }
                }
            }
            Expression::FuncCall(f) => {
                let args: Vec<Value> = f.args.iter().map(|x| self.eval_at(x, d)).collect();
                function(f.name.name.as_str(), args)
            }
            Expression::Parenthesis(x) => self.eval_at(x, d),
            Expression::Conditional(c) => match self.eval_at(&c.cond_expr, d).as_str() {
                Some("true") => self.eval_at(&c.true_expr, d),
                Some("false") => self.eval_at(&c.false_expr, d),
                _ => Value::Call(
                    "if".into(),
                    vec![
                        self.eval_at(&c.cond_expr, d),
                        self.eval_at(&c.true_expr, d),
                        self.eval_at(&c.false_expr, d),
                    ],
                ),
            },
            Expression::Operation(op) => self.operation(op, d),
            // `for` expressions and any future expression kind: kept as written.
            _ => Value::Call("expr".into(), vec![Value::Scalar(crate::emit::inline_text(e))]),
        }
    }

    fn template(&self, t: &TemplateExpr, d: usize) -> Value {
        let (raw, strip) = match t {
            TemplateExpr::QuotedString(s) => (s.clone(), false),
            TemplateExpr::Heredoc(h) => (h.template.clone(), h.strip.as_str() == "<<-"),
        };
        let raw = if strip { strip_indent(&raw) } else { raw };
        let Ok(template) = raw.parse::<Template>() else {
            return Value::scalar(raw);
        };
        let mut parts: Vec<Value> = Vec::new();
        for el in template.elements() {
            let v = match el {
                Element::Literal(s) => Value::Scalar(s.clone()),
                Element::Interpolation(i) => self.eval_at(&i.expr, d),
                Element::Directive(_) => Value::Call("directive".into(), vec![]),
            };
            match (parts.last_mut(), v) {
                (Some(Value::Scalar(prev)), Value::Scalar(s)) if prev.len() + s.len() <= MAX_STRING => {
                    prev.push_str(&s)
                }
                (Some(Value::Scalar(_)), Value::Scalar(_)) => return Value::Call("unevaluated".into(), vec![]),
                (_, v) => parts.push(v),
            }
        }
        match parts.len() {
            0 => Value::Scalar(String::new()),
            1 if matches!(parts[0], Value::Scalar(_)) => match parts.pop() {
                Some(Value::Scalar(s)) => Value::scalar(s),
                _ => Value::Null,
            },
            _ => Value::Concat(parts),
        }
    }

    fn traversal(&self, root: &str, ops: &[&TraversalOperator], d: usize) -> Value {
        let attr = |i: usize| match ops.get(i) {
            Some(TraversalOperator::GetAttr(a)) => Some(a.as_str().to_string()),
            _ => None,
        };
        match root {
            "var" => match attr(0) {
                Some(name) => {
                    let base = self
                        .vars
                        .get(&name)
                        .cloned()
                        .unwrap_or_else(|| Value::Scalar(format!("<var.{name}>")));
                    self.apply_ops(base, &ops[1..], d)
                }
                None => Value::Scalar("<var>".into()),
            },
            "local" => match attr(0).and_then(|n| self.locals.get(&n).map(|x| (n, x))) {
                Some((name, x)) => {
                    let known = self.local_values.borrow().get(&name).cloned();
                    let base = known.unwrap_or_else(|| {
                        let mut v = self.eval_at(x, d);
                        if nodes_up_to(&v, MAX_VALUE_NODES) > MAX_VALUE_NODES {
                            self.over_budget.borrow_mut().get_or_insert_with(|| name.clone());
                            v = Value::Call("unevaluated".into(), vec![]);
                        }
                        self.local_values.borrow_mut().insert(name, v.clone());
                        v
                    });
                    self.apply_ops(base, &ops[1..], d)
                }
                None => Value::Scalar(format!("<local.{}>", attr(0).unwrap_or_default())),
            },
            "data" => data_source(
                attr(0).unwrap_or_default(),
                attr(1).unwrap_or_default(),
                &ops[2.min(ops.len())..],
                self,
                d,
            ),
            "count" | "each" | "path" | "terraform" | "self" | "module" => {
                Value::Scalar(format!("<{root}{}>", render_ops(ops)))
            }
            ty => {
                let Some(name) = attr(0) else {
                    return Value::Scalar(format!("<{ty}>"));
                };
                // `aws_x.name[0].id` (count) and `aws_x.name[*].id` mean the one instance.
                let rest: Vec<String> = ops[1..]
                    .iter()
                    .filter_map(|op| match op {
                        TraversalOperator::GetAttr(a) => Some(a.as_str().to_string()),
                        _ => None,
                    })
                    .collect();
                if let [arg] = rest.as_slice()
                    && let Some(v) = self.literals.get(&format!("{ty}.{name}.{arg}"))
                {
                    return v.clone();
                }
                Value::Ref(Ref {
                    ty: ty.to_string(),
                    name,
                    attr: if rest.is_empty() { "id".into() } else { rest.join(".") },
                })
            }
        }
    }

    fn apply_ops(&self, mut base: Value, ops: &[&TraversalOperator], d: usize) -> Value {
        for op in ops {
            base = match op {
                TraversalOperator::GetAttr(a) => match base {
                    Value::Map(mut m) => m.remove(a.as_str()).unwrap_or(Value::Null),
                    other => Value::Call("attr".into(), vec![other, Value::Scalar(a.as_str().into())]),
                },
                TraversalOperator::Index(i) => index(base, self.eval_at(i, d)),
                TraversalOperator::LegacyIndex(i) => index(base, Value::scalar(i.to_string())),
                _ => base,
            };
        }
        base
    }

    fn operation(&self, op: &Operation, d: usize) -> Value {
        match op {
            Operation::Unary(u) => {
                let v = self.eval_at(&u.expr, d);
                match (u.operator, v.as_str()) {
                    (UnaryOperator::Not, Some("true")) => Value::Scalar("false".into()),
                    (UnaryOperator::Not, Some("false")) => Value::Scalar("true".into()),
                    (UnaryOperator::Neg, Some(s)) if s.parse::<f64>().is_ok() => Value::scalar(format!("-{s}")),
                    (o, _) => Value::Call(o.as_str().into(), vec![v]),
                }
            }
            Operation::Binary(b) => {
                let l = self.eval_at(&b.lhs_expr, d);
                let r = self.eval_at(&b.rhs_expr, d);
                binary(b.operator, l, r)
            }
        }
    }
}

fn binary(op: BinaryOperator, l: Value, r: Value) -> Value {
    let known = |v: &Value| !contains_unknown(v);
    let boolean = |b: bool| Value::Scalar(b.to_string());
    match op {
        BinaryOperator::Eq if known(&l) && known(&r) => return boolean(l == r),
        BinaryOperator::NotEq if known(&l) && known(&r) => return boolean(l != r),
        BinaryOperator::And | BinaryOperator::Or => {
            if let (Some(a), Some(b)) = (l.as_str(), r.as_str())
                && matches!(a, "true" | "false")
                && matches!(b, "true" | "false")
            {
                let (a, b) = (a == "true", b == "true");
                return boolean(if op == BinaryOperator::And { a && b } else { a || b });
            }
        }
        _ => {
            if let (Some(Ok(a)), Some(Ok(b))) = (l.as_str().map(str::parse::<f64>), r.as_str().map(str::parse::<f64>)) {
                let n = |x: f64| Value::scalar(format!("{x}"));
                match op {
                    BinaryOperator::Plus => return n(a + b),
                    BinaryOperator::Minus => return n(a - b),
                    BinaryOperator::Mul => return n(a * b),
                    BinaryOperator::Div if b != 0.0 => return n(a / b),
                    BinaryOperator::Less => return boolean(a < b),
                    BinaryOperator::LessEq => return boolean(a <= b),
                    BinaryOperator::Greater => return boolean(a > b),
                    BinaryOperator::GreaterEq => return boolean(a >= b),
                    _ => {}
                }
            }
        }
    }
    Value::Call(op.as_str().into(), vec![l, r])
}

/// A value that depends on something the diff cannot know (a resource attribute, a call).
fn contains_unknown(v: &Value) -> bool {
    match v {
        Value::Ref(_) | Value::Call(..) | Value::Concat(_) => true,
        Value::Scalar(s) => s.starts_with('<') && s.ends_with('>'),
        Value::List(x) | Value::Set(x) => x.iter().any(contains_unknown),
        Value::Map(m) => m.values().any(contains_unknown),
        Value::Null => false,
    }
}

fn index(base: Value, i: Value) -> Value {
    match (&base, i.as_str()) {
        (Value::List(v), Some(s)) if s.parse::<usize>().is_ok_and(|n| n < v.len()) => {
            v[s.parse::<usize>().unwrap_or(0)].clone()
        }
        (Value::Map(m), Some(s)) if m.contains_key(s) => m[s].clone(),
        _ => Value::Call("index".into(), vec![base, i]),
    }
}

fn render_ops(ops: &[&TraversalOperator]) -> String {
    ops.iter()
        .map(|op| match op {
            TraversalOperator::GetAttr(a) => format!(".{}", a.as_str()),
            TraversalOperator::Index(i) => format!("[{}]", crate::emit::inline_text(i)),
            TraversalOperator::LegacyIndex(i) => format!(".{i}"),
            TraversalOperator::AttrSplat | TraversalOperator::FullSplat => "[*]".into(),
        })
        .collect()
}

/// Data sources stand for facts about the account; the common ones get a readable
/// placeholder so both sides compare equal however they were written.
fn data_source(ty: String, name: String, ops: &[&TraversalOperator], env: &Env, d: usize) -> Value {
    let first = match ops.first() {
        Some(TraversalOperator::GetAttr(a)) => a.as_str().to_string(),
        _ => String::new(),
    };
    match (ty.as_str(), first.as_str()) {
        ("aws_region", "name" | "id" | "region") => Value::Scalar("<region>".into()),
        ("aws_partition", "partition") => Value::Scalar("<partition>".into()),
        ("aws_caller_identity", "account_id") => Value::Scalar("<account>".into()),
        ("aws_availability_zones", "names") => {
            let of = env
                .literals
                .get(&format!("data.{ty}.{name}.region"))
                .map(|r| format!(" of {}", r.render()))
                .unwrap_or_default();
            match ops.get(1) {
                Some(TraversalOperator::Index(i)) => Value::Scalar(format!("<az {}{of}>", env.eval_at(i, d).render())),
                _ => Value::Scalar(format!("<azs{of}>")),
            }
        }
        _ => Value::Scalar(format!("<data.{ty}.{name}{}>", render_ops(ops))),
    }
}

fn function(name: &str, mut args: Vec<Value>) -> Value {
    let all_scalar = args.iter().all(|a| matches!(a, Value::Scalar(_)));
    match (name, args.len()) {
        ("tostring" | "tonumber" | "tobool" | "tolist" | "jsonencode" | "jsondecode", 1) => match args.pop() {
            Some(Value::Scalar(s)) if name == "jsondecode" => parse_json(&s).unwrap_or(Value::Scalar(s)),
            Some(v) => v,
            None => Value::Null,
        },
        ("toset", 1) => Value::set(args[0].items().into_iter().cloned().collect()),
        ("base64encode", 1) if all_scalar => Value::Scalar(super::base64::encode(args[0].render().as_bytes())),
        ("base64decode", 1) if all_scalar => match super::base64::decode(&args[0].render()) {
            Some(text) => Value::Scalar(text),
            None => Value::Call(name.into(), args),
        },
        ("lookup", 2 | 3) => match (&args[0], args[1].as_str()) {
            (Value::Map(m), Some(k)) if m.contains_key(k) => m[k].clone(),
            (Value::Map(_), Some(_)) if args.len() == 3 => args.pop().unwrap_or(Value::Null),
            _ => Value::Call(name.into(), args),
        },
        ("element", 2) => match (&args[0], args[1].as_str().and_then(|s| s.parse::<usize>().ok())) {
            (Value::List(v), Some(i)) if !v.is_empty() => v[i % v.len()].clone(),
            // The zones of the region are one placeholder list: `element(names, i)` is `names[i]`.
            (Value::Scalar(azs), Some(i)) if azs.starts_with("<azs") => {
                Value::Scalar(format!("<az {i}{}", &azs["<azs".len()..]))
            }
            _ => Value::Call(name.into(), args),
        },
        ("cidrsubnet", 3) if all_scalar => {
            let newbits = args[1].render().parse::<u32>().ok();
            let netnum = args[2].render().parse::<u64>().ok();
            match (newbits, netnum) {
                (Some(n), Some(k)) => cidr_subnets(&args[0].render(), &[n], k)
                    .and_then(|v| v.into_iter().next())
                    .map(Value::Scalar)
                    .unwrap_or_else(|| Value::Call(name.into(), args)),
                _ => Value::Call(name.into(), args),
            }
        }
        ("cidrsubnets", n) if n >= 2 && all_scalar => {
            let newbits: Option<Vec<u32>> = args[1..].iter().map(|a| a.render().parse().ok()).collect();
            match newbits.and_then(|nb| cidr_subnets(&args[0].render(), &nb, 0)) {
                Some(v) => Value::List(v.into_iter().map(Value::Scalar).collect()),
                None => Value::Call(name.into(), args),
            }
        }
        ("join", 2) => match (&args[0], &args[1]) {
            (Value::Scalar(sep), Value::List(v)) if v.iter().all(|x| matches!(x, Value::Scalar(_))) => {
                Value::scalar(v.iter().map(Value::render).collect::<Vec<_>>().join(sep))
            }
            _ => Value::Call(name.into(), args),
        },
        ("split", 2) if all_scalar => Value::List(
            args[1]
                .render()
                .split(args[0].render().as_str())
                .map(Value::scalar)
                .collect(),
        ),
        ("sensitive" | "nonsensitive", 1) => args.pop().unwrap_or(Value::Null),
        // The first argument that evaluates (an absent key reads as null here).
        ("try", n) if n > 0 => {
            let last = args.pop().unwrap_or(Value::Null);
            args.into_iter()
                .find(|a| !matches!(a, Value::Call(..) | Value::Null))
                .unwrap_or(last)
        }
        // The first argument neither null nor "", when those before it are known.
        ("coalesce", _) => {
            let known = |a: &Value| matches!(a, Value::Null) || a.as_str().is_some();
            match args
                .iter()
                .position(|a| !matches!(a, Value::Null) && a.as_str() != Some(""))
            {
                Some(i) if args[..i].iter().all(known) => args.swap_remove(i),
                _ => Value::Call(name.into(), args),
            }
        }
        ("trimsuffix" | "trimprefix", 2) if all_scalar => {
            let (s, affix) = (args[0].render(), args[1].render());
            let trimmed = if name == "trimsuffix" {
                s.strip_suffix(affix.as_str())
            } else {
                s.strip_prefix(affix.as_str())
            };
            Value::scalar(trimmed.unwrap_or(&s))
        }
        ("merge", _) if args.iter().all(|a| matches!(a, Value::Map(_) | Value::Null)) => {
            let mut out = BTreeMap::new();
            for a in args {
                if let Value::Map(m) = a {
                    out.extend(m);
                }
            }
            Value::Map(out)
        }
        ("concat", _) if args.iter().all(|a| matches!(a, Value::List(_))) => {
            Value::List(args.iter().flat_map(|a| a.items().into_iter().cloned()).collect())
        }
        _ => Value::Call(name.into(), args),
    }
}

/// IPv4 subnets of `prefix` as Terraform allocates them: `cidrsubnet(prefix, n, first)` for a
/// single size, and for several sizes `cidrsubnets`' packing (each aligned after the previous).
fn cidr_subnets(prefix: &str, newbits: &[u32], first: u64) -> Option<Vec<String>> {
    let (addr, len) = prefix.split_once('/')?;
    let len: u32 = len.parse().ok()?;
    let octets: Vec<u64> = addr
        .split('.')
        .map(|o| o.parse::<u64>().ok().filter(|v| *v < 256))
        .collect::<Option<_>>()?;
    if octets.len() != 4 || len > 32 {
        return None;
    }
    let base = octets.iter().fold(0u64, |acc, o| (acc << 8) | o) & !((1u64 << (32 - len)) - 1);
    let mut next = base;
    let mut out = Vec::new();
    for (i, &n) in newbits.iter().enumerate() {
        let sub_len = len.checked_add(n).filter(|l| *l <= 32)?;
        let size = 1u64 << (32 - sub_len);
        let start = if i == 0 {
            base + first * size
        } else {
            next.div_ceil(size) * size
        };
        if start + size > base + (1u64 << (32 - len)) {
            return None;
        }
        let ip = [start >> 24 & 255, start >> 16 & 255, start >> 8 & 255, start & 255];
        out.push(format!("{}.{}.{}.{}/{sub_len}", ip[0], ip[1], ip[2], ip[3]));
        next = start + size;
    }
    Some(out)
}

/// A JSON document (a policy written as a string) as a value, so it equals `jsonencode({...})`.
pub fn parse_json(text: &str) -> Option<Value> {
    let t = text.trim_start();
    if !(t.starts_with('{') || t.starts_with('[')) {
        return None;
    }
    let json: serde_json::Value = serde_json::from_str(text).ok()?;
    fn convert(j: &serde_json::Value) -> Value {
        match j {
            serde_json::Value::Null => Value::Null,
            serde_json::Value::Bool(b) => Value::Scalar(b.to_string()),
            serde_json::Value::Number(n) => Value::scalar(n.to_string()),
            serde_json::Value::String(s) => Value::scalar(s.clone()),
            serde_json::Value::Array(a) => Value::List(a.iter().map(convert).collect()),
            serde_json::Value::Object(o) => Value::Map(o.iter().map(|(k, v)| (k.clone(), convert(v))).collect()),
        }
    }
    Some(convert(&json))
}

/// `<<-EOT` heredocs drop the indentation (spaces and tabs) common to all non-blank lines.
fn strip_indent(text: &str) -> String {
    let lead = |l: &str| l.bytes().take_while(|b| *b == b' ' || *b == b'\t').count();
    let indent = text
        .lines()
        .filter(|l| !l.trim().is_empty())
        .map(lead)
        .min()
        .unwrap_or(0);
    text.split_inclusive('\n').map(|l| &l[indent.min(lead(l))..]).collect()
}

#[cfg(test)]
mod tests {
    use super::*;

    fn env() -> Env {
        let mut vars = HashMap::new();
        vars.insert("env".to_string(), Value::scalar("prod"));
        let mut locals = HashMap::new();
        locals.insert(
            "is_prod".to_string(),
            "var.env == \"prod\"".parse::<Expression>().unwrap(),
        );
        Env {
            steps: Default::default(),
            local_values: Default::default(),
            over_budget: Default::default(),
            vars,
            locals,
            literals: HashMap::new(),
        }
    }

    fn eval(text: &str) -> Value {
        env().eval(&text.parse::<Expression>().unwrap())
    }

    #[test]
    fn numbers_and_numeric_strings_are_equal() {
        assert_eq!(eval("80"), eval("\"80\""));
        assert_ne!(eval("80"), eval("\"81\""));
        assert_eq!(eval("true"), eval("\"true\""));
    }

    #[test]
    fn conditionals_on_known_values_are_decided() {
        assert_eq!(eval("local.is_prod ? 1 : 0"), Value::scalar("1"));
        assert!(matches!(eval("var.other == \"x\" ? 1 : 0"), Value::Call(..)));
    }

    #[test]
    fn references_keep_their_target() {
        let v = eval("aws_vpc.main[0].id");
        assert_eq!(
            v,
            Value::Ref(Ref {
                ty: "aws_vpc".into(),
                name: "main".into(),
                attr: "id".into()
            })
        );
    }

    #[test]
    fn jsonencode_equals_the_same_json_string() {
        let a = eval("jsonencode({ Version = \"2012-10-17\", Statement = [{ Effect = \"Allow\" }] })");
        let b = parse_json(r#"{"Statement":[{"Effect":"Allow"}],"Version":"2012-10-17"}"#).unwrap();
        assert_eq!(a, b);
    }

    #[test]
    fn cidr_functions_are_evaluated_as_terraform_does() {
        assert_eq!(eval("cidrsubnet(\"10.0.0.0/16\", 8, 2)"), Value::scalar("10.0.2.0/24"));
        assert_eq!(
            eval("cidrsubnets(\"10.0.0.0/16\", 8, 8)[1]"),
            Value::scalar("10.0.1.0/24")
        );
        assert_eq!(
            eval("cidrsubnets(\"10.0.0.0/16\", 4, 8)[1]"),
            Value::scalar("10.0.16.0/24")
        );
        assert_eq!(
            eval("element(data.aws_availability_zones.available.names, 2)"),
            eval("data.aws_availability_zones.available.names[2]")
        );
    }

    #[test]
    fn templates_fold_known_parts() {
        assert_eq!(
            eval("\"com.amazonaws.${data.aws_region.current.name}.s3\""),
            Value::scalar("com.amazonaws.<region>.s3")
        );
        assert_eq!(eval("\"${var.env}-x\""), Value::scalar("prod-x"));
    }
}
