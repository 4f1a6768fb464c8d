//! `count`, `for_each` and `dynamic` blocks over collections known at conversion time, written
//! out before anything reads the resources: one resource (or nested block) per element, so the
//! rest of the reverse direction sees plain blocks.
//!
//! A template declares each resource once, so the copies Terraform would make become resources of
//! their own, named after their address: `aws_subnet.public[1]` -> `Public1` (`PublicSubnet1` when
//! the name needs its type), `aws_subnet.public["eu-a"]` -> `PublicEuA`. Inside a copy, `count.index`,
//! `each.key` and `each.value` are its element; outside, `x[1]`, `x["eu-a"]`, `x[*].id`,
//! `values(x)`, `keys(x)`, `length(x)` and `for` expressions over `x` read the copies. A `count`
//! that can only be 0 or 1 (`c ? 1 : 0`) keeps the resource's own name: at 1 it is the resource,
//! at 0 (known) it stays under a condition that is never true, and with `c` a parameter it is the
//! resource `Condition` `resources.rs` writes. `c ? n : 0` (or a `for_each` of `c ? m : {}`) with
//! `c` a parameter is n copies under that condition.
//!
//! The collection must be known at conversion time: literals, locals, variables fixed at their
//! defaults (see `fold`), other repeated resources' keys. One that depends on a parameter is a
//! located error: CloudFormation cannot repeat a resource by a parameter's value, and cfn2tf does
//! not write `Fn::ForEach` (`AWS::LanguageExtensions`), whose copies other resources could not
//! list. Copies are bounded by CloudFormation's resources per template (`MAX_COPIES`) and by
//! `MAX_WRITTEN` arguments and blocks copied across one conversion.

use super::fold::Miss;
use super::{At, Reverser, Variable};
use crate::tf::{Block, BodyItem, Expression};
use hcl::expr::{Conditional, ForExpr, FuncCall, Heredoc, HeredocStripMode, ObjectKey, Operation};
use hcl::expr::{TemplateExpr, Traversal, TraversalOperator};
use hcl::template::{Directive, Element, Template};
use hcl::{Identifier, Value};
use std::collections::{HashMap, HashSet};

/// CloudFormation's limit of resources in one template: more copies of one resource never deploy.
const MAX_COPIES: usize = 500;

/// Work bound: arguments and blocks written by copying, in one conversion.
const MAX_WRITTEN: usize = 200_000;

/// Nesting bound of the rewriting (deeper expressions are left as written).
const MAX_DEPTH: usize = 128;

const REPEAT_HINT: &str = "give it a value known at conversion time (a literal, a local, or a variable of a map or object type, which is fixed at its default), or write the copies out: a template cannot repeat a resource by a parameter's value, and cfn2tf does not write Fn::ForEach (AWS::LanguageExtensions), whose copies other resources could not list";

/// Names bound while rewriting: `count`, `each`, a dynamic block's iterator, a `for`'s variables
/// (`None`: bound by a `for` that stays, so the name is left as written).
type Scope = Vec<(String, Option<Expression>)>;

/// A reference to a copy that does not exist at the defaults (`x[3]` of two copies): Terraform
/// would fail, unless inside `try` / `can`, or a conditional branch not taken.
#[derive(Debug)]
struct Missing {
    address: String,
    text: String,
}

type Rewritten = Result<Option<Expression>, Missing>;

/// The copies of one resource, as references read them (each an instance reference).
#[derive(Clone)]
enum Copies {
    /// `count`: by index.
    List(Vec<Expression>),
    /// `for_each`: by key, in key order.
    Map(Vec<(String, Expression)>),
}

/// One copy to write: its address name (`public[0]`), what `count` / `each` reads in it, and the
/// `count` it keeps (a parameter's condition).
struct Copy {
    name: String,
    binding: (String, Expression),
    count: Option<Expression>,
}

enum Plan {
    Copies(Vec<Copy>),
    /// One resource under its own name, with the `count` it keeps (a condition, or 0 known).
    Single(Option<Expression>),
    /// Its copies cannot be written out (reported): one resource, for the errors in its body to
    /// be reported too; the diff keeps it as written, to report the difference.
    Refused,
}

struct Expander<'a, 's> {
    r: &'a mut Reverser<'s>,
    copies: HashMap<String, Copies>,
    /// Resources with no copy at the defaults that stay under a never-true condition: a bare
    /// `x[0]` of one reads the resource, as before.
    kept_empty: HashSet<String>,
    written: usize,
    /// Where the first resource with no copies is, for the error when none is left.
    first_dropped: Option<At>,
    /// For the diff: a 0-or-1 count (and what cannot be written out) is left as written, for the
    /// diff to evaluate as it does on a side converted from CloudFormation.
    switches_as_written: bool,
}

/// The configuration's blocks with `count`, `for_each` and `dynamic` written out, and references
/// to the copies rewritten (in resources, outputs and locals).
pub(super) fn expand(r: &mut Reverser<'_>, blocks: &[Block], switches_as_written: bool) -> Vec<Block> {
    let mut x = Expander {
        r,
        copies: HashMap::new(),
        kept_empty: HashSet::new(),
        written: 0,
        first_dropped: None,
        switches_as_written,
    };
    let plans = x.plan_all(blocks);
    x.rewrite_locals();
    let mut out = Vec::new();
    for (i, b) in blocks.iter().enumerate() {
        match b.ident.as_str() {
            "resource" => match plans.get(&i) {
                Some(Plan::Copies(copies)) => {
                    for c in copies {
                        if !x.count_written(b) {
                            break;
                        }
                        out.push(x.copy_block(b, c));
                    }
                }
                Some(Plan::Single(count)) => out.push(x.single_block(b, count.clone())),
                Some(Plan::Refused) if x.switches_as_written => out.push(b.clone()),
                Some(Plan::Refused) => out.push(x.single_block(b, None)),
                None => out.push(x.rewrite_block(b, &mut Vec::new())),
            },
            "output" => out.push(x.rewrite_block(b, &mut Vec::new())),
            _ => out.push(b.clone()),
        }
    }
    if let Some(at) = x.first_dropped.take()
        && !out.iter().any(|b| b.ident == "resource")
    {
        x.r.error_with_help(
            "reverse::no-resources",
            "no resource has a copy at the variables' defaults, and a template needs at least one resource",
            &at,
            "give the collections elements (the variables' defaults), or convert the configuration that calls this module with its values",
        );
    }
    out
}

/// Whether a block has a `count`, a `for_each` or a `dynamic` block (at any depth).
pub(super) fn repeats(b: &Block) -> bool {
    b.has_attribute("count")
        || b.has_attribute("for_each")
        || b.body
            .iter()
            .any(|i| matches!(i, BodyItem::Block(nb) if nb.ident == "dynamic" || repeats(nb)))
}

/// `public[0]` -> (`public`, `0`); `public["eu-a"]` -> (`public`, `EuA`); `public` -> (`public`, ``):
/// a copy's name and what its logical ID appends to the resource's.
pub(super) fn split_copy_name(name: &str) -> (&str, String) {
    match name.split_once('[') {
        Some((stem, key)) => (stem, id_words(key)),
        None => (name, String::new()),
    }
}

/// The letters and digits of a key, each word capitalised: a logical ID is alphanumeric.
fn id_words(key: &str) -> String {
    key.split(|c: char| !c.is_ascii_alphanumeric())
        .filter(|w| !w.is_empty())
        .map(|w| {
            let mut c = w.chars();
            c.next()
                .map(|f| f.to_ascii_uppercase().to_string() + c.as_str())
                .unwrap_or_default()
        })
        .collect()
}

fn address_of(b: &Block) -> Option<String> {
    Some(format!("{}.{}", b.labels.first()?, b.labels.get(1)?))
}

/// `aws_subnet.public[0]` as a reference: the resource type, then the copy's name as one step.
fn instance_ref(tf_type: &str, name: &str) -> Expression {
    Expression::Traversal(Box::new(Traversal::new(
        hcl::expr::Variable::unchecked(tf_type),
        [TraversalOperator::GetAttr(Identifier::unchecked(name))],
    )))
}

fn object(entries: Vec<(&str, Expression)>) -> Expression {
    Expression::Object(entries.into_iter().map(|(k, v)| (ObjectKey::from(k), v)).collect())
}

/// `"${x}"` (Terraform 0.11 style) is `x`.
fn unwrap_interpolation(e: &Expression) -> Expression {
    if let Expression::TemplateExpr(t) = e
        && let TemplateExpr::QuotedString(s) = t.as_ref()
        && let Ok(template) = s.parse::<Template>()
        && let [Element::Interpolation(i)] = template.elements()
    {
        return i.expr.clone();
    }
    e.clone()
}

/// A count that can only be 0 or 1: `1`, `0`, `c ? 1 : 0`, `c ? 0 : 1`.
fn is_switch(e: &Expression) -> bool {
    let zero_or_one = |e: &Expression| matches!(e, Expression::Number(n) if n.as_u64().is_some_and(|n| n <= 1));
    match e {
        Expression::Parenthesis(p) => is_switch(p),
        Expression::Conditional(c) => zero_or_one(&c.true_expr) && zero_or_one(&c.false_expr),
        other => zero_or_one(other),
    }
}

fn key_text(k: &ObjectKey) -> Option<&str> {
    match k {
        ObjectKey::Identifier(i) => Some(i.as_str()),
        ObjectKey::Expression(Expression::String(s)) => Some(s),
        _ => None,
    }
}

/// A scalar as Terraform writes it in a key or a template.
fn scalar_text(e: &Expression) -> Option<String> {
    match e {
        Expression::String(s) => Some(s.clone()),
        Expression::Number(n) => Some(n.to_string()),
        Expression::Bool(b) => Some(b.to_string()),
        _ => None,
    }
}

fn value_text(v: &Value) -> Option<String> {
    match v {
        Value::String(s) => Some(s.clone()),
        Value::Number(n) => Some(n.to_string()),
        Value::Bool(b) => Some(b.to_string()),
        _ => None,
    }
}

/// The entries of an object literal, in key order (as Terraform iterates maps); None when a key
/// is computed.
fn object_entries(o: &hcl::Object<ObjectKey, Expression>) -> Option<Vec<(String, Expression)>> {
    let mut entries: Vec<(String, Expression)> = o
        .iter()
        .map(|(k, v)| Some((key_text(k)?.to_string(), v.clone())))
        .collect::<Option<_>>()?;
    entries.sort_by(|a, b| a.0.cmp(&b.0));
    Some(entries)
}

/// An empty collection literal (`{}`, `[]`, `tomap({})`, `toset([])`).
fn is_empty_collection(e: &Expression) -> bool {
    match e {
        Expression::Array(a) => a.is_empty(),
        Expression::Object(o) => o.is_empty(),
        Expression::Parenthesis(p) => is_empty_collection(p),
        Expression::FuncCall(f)
            if f.args.len() == 1 && matches!(f.name.name.as_str(), "tomap" | "toset" | "tolist") =>
        {
            is_empty_collection(&f.args[0])
        }
        _ => false,
    }
}

/// Whether `e` reads nothing but literals and the variables of enclosing `for`s (`vars`): its
/// value is then known, whatever the configuration.
fn closed(e: &Expression, vars: &mut Vec<String>) -> bool {
    match e {
        Expression::Null | Expression::Bool(_) | Expression::Number(_) | Expression::String(_) => true,
        Expression::Array(items) => items.iter().all(|i| closed(i, vars)),
        Expression::Object(o) => o.iter().all(|(k, v)| {
            (match k {
                ObjectKey::Expression(k) => closed(k, vars),
                _ => true,
            }) && closed(v, vars)
        }),
        Expression::Variable(v) => vars.iter().any(|n| n == v.as_str()),
        Expression::Traversal(t) => {
            closed(&t.expr, vars)
                && t.operators.iter().all(|op| match op {
                    TraversalOperator::Index(i) => closed(i, vars),
                    _ => true,
                })
        }
        Expression::FuncCall(f) => f.name.namespace.is_empty() && f.args.iter().all(|a| closed(a, vars)),
        Expression::Parenthesis(p) => closed(p, vars),
        Expression::Conditional(c) => {
            closed(&c.cond_expr, vars) && closed(&c.true_expr, vars) && closed(&c.false_expr, vars)
        }
        Expression::Operation(op) => match op.as_ref() {
            Operation::Unary(u) => closed(&u.expr, vars),
            Operation::Binary(b) => closed(&b.lhs_expr, vars) && closed(&b.rhs_expr, vars),
        },
        Expression::ForExpr(f) => {
            if !closed(&f.collection_expr, vars) {
                return false;
            }
            let n = vars.len();
            vars.extend(f.key_var.iter().map(|k| k.as_str().to_string()));
            vars.push(f.value_var.as_str().to_string());
            let ok = f.key_expr.as_ref().is_none_or(|k| closed(k, vars))
                && closed(&f.value_expr, vars)
                && f.cond_expr.as_ref().is_none_or(|c| closed(c, vars));
            vars.truncate(n);
            ok
        }
        Expression::TemplateExpr(t) => template_text(t)
            .and_then(|(raw, _)| raw.parse::<Template>().ok())
            .is_some_and(|t| template_closed(&t, vars)),
        _ => false,
    }
}

fn template_closed(t: &Template, vars: &mut Vec<String>) -> bool {
    t.elements().iter().all(|el| match el {
        Element::Literal(_) => true,
        Element::Interpolation(i) => closed(&i.expr, vars),
        Element::Directive(d) => match d.as_ref() {
            Directive::If(d) => {
                closed(&d.cond_expr, vars)
                    && template_closed(&d.true_template, vars)
                    && d.false_template.as_ref().is_none_or(|f| template_closed(f, vars))
            }
            Directive::For(d) => {
                if !closed(&d.collection_expr, vars) {
                    return false;
                }
                let n = vars.len();
                vars.extend(d.key_var.iter().map(|k| k.as_str().to_string()));
                vars.push(d.value_var.as_str().to_string());
                let ok = template_closed(&d.template, vars);
                vars.truncate(n);
                ok
            }
        },
    })
}

/// A template's text as written (a `<<-` heredoc's indentation taken off), and whether it is a
/// heredoc.
fn template_text(t: &TemplateExpr) -> Option<(String, bool)> {
    match t {
        TemplateExpr::QuotedString(s) => Some((s.clone(), false)),
        TemplateExpr::Heredoc(h) => Some((
            match h.strip {
                HeredocStripMode::Indent => super::expr::strip_indent(&h.template),
                _ => h.template.clone(),
            },
            true,
        )),
    }
}

/// Every traversal and name in `e` (templates and `for` bodies included), for what an
/// expression reads.
fn traversals(e: &Expression, out: &mut Vec<Traversal>) {
    match e {
        Expression::Array(items) => items.iter().for_each(|i| traversals(i, out)),
        Expression::Object(o) => o.iter().for_each(|(k, v)| {
            if let ObjectKey::Expression(k) = k {
                traversals(k, out);
            }
            traversals(v, out);
        }),
        Expression::Traversal(t) => {
            out.push(t.as_ref().clone());
            traversals(&t.expr, out);
            for op in &t.operators {
                if let TraversalOperator::Index(i) = op {
                    traversals(i, out);
                }
            }
        }
        // A name alone (`v` of a `for`) as a traversal with no steps.
        Expression::Variable(v) => out.push(Traversal::new(v.clone(), Vec::<TraversalOperator>::new())),
        Expression::FuncCall(f) => f.args.iter().for_each(|a| traversals(a, out)),
        Expression::Parenthesis(p) => traversals(p, out),
        Expression::Conditional(c) => {
            traversals(&c.cond_expr, out);
            traversals(&c.true_expr, out);
            traversals(&c.false_expr, out);
        }
        Expression::Operation(op) => match op.as_ref() {
            Operation::Unary(u) => traversals(&u.expr, out),
            Operation::Binary(b) => {
                traversals(&b.lhs_expr, out);
                traversals(&b.rhs_expr, out);
            }
        },
        Expression::ForExpr(f) => {
            traversals(&f.collection_expr, out);
            if let Some(k) = &f.key_expr {
                traversals(k, out);
            }
            traversals(&f.value_expr, out);
            if let Some(c) = &f.cond_expr {
                traversals(c, out);
            }
        }
        Expression::TemplateExpr(t) => {
            if let Some(t) = template_text(t).and_then(|(raw, _)| raw.parse::<Template>().ok()) {
                template_traversals(&t, out);
            }
        }
        _ => {}
    }
}

fn template_traversals(t: &Template, out: &mut Vec<Traversal>) {
    for el in t.elements() {
        match el {
            Element::Literal(_) => {}
            Element::Interpolation(i) => traversals(&i.expr, out),
            Element::Directive(d) => match d.as_ref() {
                Directive::If(d) => {
                    traversals(&d.cond_expr, out);
                    template_traversals(&d.true_template, out);
                    if let Some(f) = &d.false_template {
                        template_traversals(f, out);
                    }
                }
                Directive::For(d) => {
                    traversals(&d.collection_expr, out);
                    template_traversals(&d.template, out);
                }
            },
        }
    }
}

/// `root.a.b...` of a traversal: its root and the attribute names up to the first other step.
fn root_and_names(t: &Traversal) -> Option<(&str, Vec<&str>)> {
    let Expression::Variable(root) = &t.expr else {
        return None;
    };
    let names = t
        .operators
        .iter()
        .map_while(|op| match op {
            TraversalOperator::GetAttr(a) => Some(a.as_str()),
            _ => None,
        })
        .collect();
    Some((root.as_str(), names))
}

impl Expander<'_, '_> {
    // ---- planning: how many copies of each resource, decided before any reference is rewritten

    /// Each repeated resource's plan (by its index in `blocks`), in an order where a collection
    /// that reads another repeated resource (`for_each = aws_subnet.private`) comes after it.
    fn plan_all(&mut self, blocks: &[Block]) -> HashMap<usize, Plan> {
        let mut pending: Vec<(usize, String)> = blocks
            .iter()
            .enumerate()
            .filter(|(_, b)| b.ident == "resource" && (b.has_attribute("count") || b.has_attribute("for_each")))
            .filter_map(|(i, b)| Some((i, address_of(b)?)))
            .collect();
        let mut plans = HashMap::new();
        while !pending.is_empty() {
            let waiting: HashSet<String> = pending.iter().map(|(_, a)| a.clone()).collect();
            let (ready, later): (Vec<_>, Vec<_>) = pending.into_iter().partition(|(i, _)| {
                let b = &blocks[*i];
                let e = b.attribute("count").or(b.attribute("for_each"));
                !e.is_some_and(|e| self.reads_any(e, &waiting, &mut Vec::new()))
            });
            if ready.is_empty() {
                for (i, address) in &later {
                    let b = &blocks[*i];
                    let arg = if b.has_attribute("count") { "count" } else { "for_each" };
                    self.r.error_with_help(
                        "reverse::iteration-cycle",
                        format!("{address}: its {arg} reads resources whose own count or for_each reads it back"),
                        &At::arg(b, arg),
                        "make the collection a local or a variable of its own",
                    );
                    plans.insert(*i, Plan::Refused);
                }
                break;
            }
            for (i, address) in ready {
                let plan = self.plan(&blocks[i], &address);
                plans.insert(i, plan);
            }
            pending = later;
        }
        plans
    }

    /// Whether `e` reads one of `addresses` (also through locals).
    fn reads_any(&self, e: &Expression, addresses: &HashSet<String>, seen: &mut Vec<String>) -> bool {
        let mut found = Vec::new();
        traversals(e, &mut found);
        found.iter().any(|t| match root_and_names(t) {
            Some(("local", names)) => names.first().is_some_and(|name| {
                if seen.iter().any(|s| s == name) {
                    return false;
                }
                seen.push(name.to_string());
                self.r
                    .local_exprs
                    .get(*name)
                    .is_some_and(|v| self.reads_any(v, addresses, seen))
            }),
            Some((root, names)) => names
                .first()
                .is_some_and(|n| addresses.contains(&format!("{root}.{n}"))),
            None => false,
        })
    }

    fn plan(&mut self, b: &Block, address: &str) -> Plan {
        if let Some(count) = b.attribute("count") {
            if b.has_attribute("for_each") {
                self.r.error_with_help(
                    "reverse::for-each",
                    format!("{address} has both count and for_each, which Terraform does not accept"),
                    &At::arg(b, "for_each"),
                    "keep one of them",
                );
                return Plan::Refused;
            }
            return self.plan_count(b, address, &unwrap_interpolation(count));
        }
        let for_each = b.attribute("for_each").cloned().unwrap_or(Expression::Null);
        self.plan_for_each(b, address, &for_each)
    }

    fn plan_count(&mut self, b: &Block, address: &str, count: &Expression) -> Plan {
        if self.switches_as_written && is_switch(count) {
            return Plan::Single(Some(count.clone()));
        }
        let at = At::arg(b, "count");
        let e = self.rewrite(count, &mut Vec::new(), &at);
        let e = self.decide(&e, &at, 0);
        let (tf_type, name) = (&b.labels[0], &b.labels[1]);
        match self.known(&e, &at) {
            Ok(v) => {
                let Some(n) = self.copy_count(&v, address, count, &at) else {
                    return Plan::Refused;
                };
                if is_switch(count) {
                    // The resource itself, or (0) kept under a condition that is never true.
                    if n == 1 {
                        self.copies
                            .insert(address.to_string(), Copies::List(vec![instance_ref(tf_type, name)]));
                        return Plan::Single(None);
                    }
                    self.copies.insert(address.to_string(), Copies::List(Vec::new()));
                    self.kept_empty.insert(address.to_string());
                    return Plan::Single(Some(Expression::from(0u64)));
                }
                self.count_copies(b, address, n, None)
            }
            Err(Miss::Invalid) => {
                self.invalid(address, "count", count, &at);
                Plan::Refused
            }
            Err(Miss::Unknown) => {
                if is_switch(count) {
                    // A resource Condition (resources.rs).
                    return Plan::Single(Some(count.clone()));
                }
                // `c ? n : 0` with `c` a parameter: n copies, each under `c`.
                if let Expression::Conditional(c) = &e
                    && let Some((n, keep)) = self.sized_branch(c, address, count, &at)
                {
                    return self.count_copies(b, address, n, Some(keep));
                }
                self.unknown(address, "count", count, &e, &at);
                Plan::Refused
            }
        }
    }

    /// The branch of `c ? x : empty` that is not empty, known, with the `count` that keeps each
    /// copy under `c` (or `!c`).
    fn sized_branch(
        &mut self,
        c: &Conditional,
        address: &str,
        count: &Expression,
        at: &At,
    ) -> Option<(usize, Expression)> {
        let zero = |v: &Result<Value, Miss>| matches!(v, Ok(Value::Number(n)) if n.as_u64() == Some(0));
        let t = self.known(&c.true_expr, at);
        let f = self.known(&c.false_expr, at);
        let (n, holds) = match (&t, &f) {
            (Ok(v), _) if zero(&f) => (v.clone(), true),
            (_, Ok(v)) if zero(&t) => (v.clone(), false),
            _ => return None,
        };
        let n = self.copy_count(&n, address, count, at)?;
        Some((n, condition_count(&c.cond_expr, holds)))
    }

    fn count_copies(&mut self, b: &Block, address: &str, n: usize, count: Option<Expression>) -> Plan {
        let (tf_type, name) = (&b.labels[0], &b.labels[1]);
        let copies: Vec<Copy> = (0..n)
            .map(|i| Copy {
                name: format!("{name}[{i}]"),
                binding: ("count".to_string(), object(vec![("index", Expression::from(i as u64))])),
                count: count.clone(),
            })
            .collect();
        let refs = copies.iter().map(|c| instance_ref(tf_type, &c.name)).collect();
        self.copies.insert(address.to_string(), Copies::List(refs));
        if n == 0 {
            self.dropped(b, address, "count");
        }
        Plan::Copies(copies)
    }

    /// A known count as a number of copies (a whole number, at most `MAX_COPIES`).
    fn copy_count(&mut self, v: &Value, address: &str, count: &Expression, at: &At) -> Option<usize> {
        let n = match v {
            Value::Number(n) => n.as_f64(),
            Value::String(s) => s.parse::<f64>().ok(),
            _ => None,
        };
        let text = crate::emit::inline_text(count);
        match n {
            Some(n) if n >= 0.0 && n.fract() == 0.0 && n <= MAX_COPIES as f64 => Some(n as usize),
            Some(n) if n > MAX_COPIES as f64 => {
                self.r.error_with_help(
                    "reverse::too-many-copies",
                    format!("{address} has count = {text}, which is {n} copies: a template holds at most {MAX_COPIES} resources"),
                    at,
                    "split the resources over several stacks, or make fewer copies",
                );
                None
            }
            _ => {
                self.invalid(address, "count", count, at);
                None
            }
        }
    }

    fn plan_for_each(&mut self, b: &Block, address: &str, for_each: &Expression) -> Plan {
        let at = At::arg(b, "for_each");
        let e = self.rewrite(for_each, &mut Vec::new(), &at);
        let e = self.decide(&e, &at, 0);
        let (items, count) = match self.elements(&e, &at) {
            Ok(items) => (items, None),
            Err(Miss::Invalid) => {
                self.invalid(address, "for_each", for_each, &at);
                return Plan::Refused;
            }
            Err(Miss::Unknown) => match self.conditional_collection(&e, &at) {
                Some((items, count)) => (items, Some(count)),
                None => {
                    self.unknown(address, "for_each", for_each, &e, &at);
                    return Plan::Refused;
                }
            },
        };
        if items.len() > MAX_COPIES {
            let text = crate::emit::inline_text(for_each);
            self.r.error_with_help(
                "reverse::too-many-copies",
                format!("{address} has for_each = {text}, which is {} copies: a template holds at most {MAX_COPIES} resources", items.len()),
                &at,
                "split the resources over several stacks, or make fewer copies",
            );
            return Plan::Refused;
        }
        let (tf_type, name) = (&b.labels[0], &b.labels[1]);
        let copies: Vec<Copy> = items
            .into_iter()
            .map(|(key, value)| Copy {
                name: format!("{name}[{}]", quoted(&key)),
                binding: (
                    "each".to_string(),
                    object(vec![("key", Expression::String(key)), ("value", value)]),
                ),
                count: count.clone(),
            })
            .collect();
        let refs = copies
            .iter()
            .map(|c| {
                let key = match &c.binding.1 {
                    Expression::Object(o) => o
                        .iter()
                        .find_map(|(k, v)| (key_text(k) == Some("key")).then(|| scalar_text(v))),
                    _ => None,
                };
                (key.flatten().unwrap_or_default(), instance_ref(tf_type, &c.name))
            })
            .collect();
        self.copies.insert(address.to_string(), Copies::Map(refs));
        if copies.is_empty() {
            self.dropped(b, address, "for_each");
        }
        Plan::Copies(copies)
    }

    /// `c ? collection : {}` (or `{for k, v in m : k => v if c}`, `c` reading neither) with `c` a
    /// parameter: the collection's elements, each copy under `c`.
    fn conditional_collection(&mut self, e: &Expression, at: &At) -> Option<(Vec<(String, Expression)>, Expression)> {
        match e {
            Expression::Parenthesis(p) => self.conditional_collection(p, at),
            Expression::Conditional(c) if is_empty_collection(&c.false_expr) => {
                let items = self.elements(&c.true_expr, at).ok()?;
                Some((items, condition_count(&c.cond_expr, true)))
            }
            Expression::Conditional(c) if is_empty_collection(&c.true_expr) => {
                let items = self.elements(&c.false_expr, at).ok()?;
                Some((items, condition_count(&c.cond_expr, false)))
            }
            Expression::ForExpr(f) => {
                let cond = f.cond_expr.as_ref()?;
                let mut read = Vec::new();
                traversals(cond, &mut read);
                let vars: Vec<&str> = f
                    .key_var
                    .iter()
                    .map(|k| k.as_str())
                    .chain([f.value_var.as_str()])
                    .collect();
                if read
                    .iter()
                    .any(|t| matches!(&t.expr, Expression::Variable(v) if vars.contains(&v.as_str())))
                {
                    return None;
                }
                let mut unfiltered = f.as_ref().clone();
                unfiltered.cond_expr = None;
                let items = self.elements(&Expression::ForExpr(Box::new(unfiltered)), at).ok()?;
                Some((items, condition_count(cond, true)))
            }
            _ => None,
        }
    }

    /// The (key, value) pairs a `for_each` makes copies of: a map's entries in key order, a set's
    /// strings (each its own value). Known values, else an object literal (also through a local)
    /// whose values are only known at deploy time.
    fn elements(&mut self, e: &Expression, at: &At) -> Result<Vec<(String, Expression)>, Miss> {
        match self.known(e, at) {
            Ok(Value::Object(o)) => {
                let mut items: Vec<(String, Expression)> =
                    o.into_iter().map(|(k, v)| (k, Expression::from(v))).collect();
                items.sort_by(|a, b| a.0.cmp(&b.0));
                Ok(items)
            }
            Ok(Value::Array(a)) => {
                let mut keys: Vec<String> = a.iter().map(value_text).collect::<Option<_>>().ok_or(Miss::Invalid)?;
                keys.sort();
                keys.dedup();
                Ok(keys.into_iter().map(|k| (k.clone(), Expression::String(k))).collect())
            }
            Ok(_) => Err(Miss::Invalid),
            Err(Miss::Invalid) => Err(Miss::Invalid),
            Err(Miss::Unknown) => self.literal_elements(e, at, 0).ok_or(Miss::Unknown),
        }
    }

    fn literal_elements(&mut self, e: &Expression, at: &At, depth: usize) -> Option<Vec<(String, Expression)>> {
        if depth > 16 {
            return None;
        }
        match e {
            Expression::Object(o) => object_entries(o),
            Expression::Parenthesis(p) => self.literal_elements(p, at, depth + 1),
            Expression::FuncCall(f) if f.args.len() == 1 && f.name.name.as_str() == "tomap" => {
                self.literal_elements(&f.args[0], at, depth + 1)
            }
            Expression::Traversal(t) => match root_and_names(t) {
                Some(("local", names)) if names.len() == 1 && t.operators.len() == 1 => {
                    let value = self.r.local_exprs.get(names[0])?.clone();
                    let value = self.rewrite(&value, &mut Vec::new(), at);
                    self.literal_elements(&value, at, depth + 1)
                }
                _ => None,
            },
            _ => None,
        }
    }

    /// `c ? a : b` whose condition is known, also in part (`false && x`, `true || x`), is the
    /// branch taken; a `for` filter known so is taken off (true) or empties the collection.
    fn decide(&mut self, e: &Expression, at: &At, depth: usize) -> Expression {
        if depth > MAX_DEPTH {
            return e.clone();
        }
        match e {
            Expression::Parenthesis(p) => self.decide(p, at, depth + 1),
            Expression::Conditional(c) => match self.truth(&c.cond_expr, at, depth + 1) {
                Some(true) => self.decide(&c.true_expr, at, depth + 1),
                Some(false) => self.decide(&c.false_expr, at, depth + 1),
                None => e.clone(),
            },
            Expression::ForExpr(f) => match f.cond_expr.as_ref().and_then(|c| self.truth(c, at, depth + 1)) {
                Some(true) => {
                    let mut unfiltered = f.as_ref().clone();
                    unfiltered.cond_expr = None;
                    Expression::ForExpr(Box::new(unfiltered))
                }
                Some(false) if f.key_expr.is_some() => Expression::Object(hcl::Object::new()),
                Some(false) => Expression::Array(Vec::new()),
                None => e.clone(),
            },
            _ => e.clone(),
        }
    }

    /// A condition's value when known, also when one side of `&&` is false or of `||` true
    /// (as Terraform decides them with the other side unknown).
    fn truth(&mut self, e: &Expression, at: &At, depth: usize) -> Option<bool> {
        if depth > MAX_DEPTH {
            return None;
        }
        match e {
            Expression::Parenthesis(p) => self.truth(p, at, depth + 1),
            Expression::Operation(op) => match op.as_ref() {
                Operation::Unary(u) if u.operator == hcl::expr::UnaryOperator::Not => {
                    self.truth(&u.expr, at, depth + 1).map(|b| !b)
                }
                Operation::Binary(b)
                    if matches!(
                        b.operator,
                        hcl::expr::BinaryOperator::And | hcl::expr::BinaryOperator::Or
                    ) =>
                {
                    let and = b.operator == hcl::expr::BinaryOperator::And;
                    let l = self.truth(&b.lhs_expr, at, depth + 1);
                    let r = self.truth(&b.rhs_expr, at, depth + 1);
                    // `false && x` is false, `true || x` true; otherwise both are needed.
                    if l == Some(!and) || r == Some(!and) {
                        Some(!and)
                    } else {
                        l.zip(r).map(|(l, r)| if and { l && r } else { l || r })
                    }
                }
                _ => self.known_bool(e, at),
            },
            _ => self.known_bool(e, at),
        }
    }

    fn known_bool(&mut self, e: &Expression, at: &At) -> Option<bool> {
        match self.known(e, at) {
            Ok(Value::Bool(b)) => Some(b),
            _ => None,
        }
    }

    /// The value of `e` when every input is known (literals, fixed variables, locals of them).
    fn known(&mut self, e: &Expression, at: &At) -> Result<Value, Miss> {
        let v = self.r.eval(e, &mut Vec::new());
        self.r.budget_check(at);
        v
    }

    fn dropped(&mut self, b: &Block, address: &str, arg: &str) {
        let at = At::arg(b, arg);
        self.r.warn(
            "reverse::no-copies",
            format!("{address} has no copies at the variables' defaults ({arg} is empty): it is not in the template"),
            &at,
        );
        self.first_dropped.get_or_insert(at);
    }

    fn invalid(&mut self, address: &str, arg: &str, e: &Expression, at: &At) {
        let text = crate::emit::inline_text(e);
        let what = if arg == "count" {
            "a whole number"
        } else {
            "a map, or a set of strings"
        };
        self.r.error_with_help(
            "reverse::iteration",
            format!("{address} has {arg} = {text}, which is not {what} at the variables' defaults"),
            at,
            "Terraform would refuse it as well: check the collection",
        );
    }

    fn unknown(&mut self, address: &str, arg: &str, written: &Expression, rewritten: &Expression, at: &At) {
        let text = crate::emit::inline_text(written);
        let code = if arg == "count" {
            "reverse::count"
        } else {
            "reverse::for-each"
        };
        let input = self.deploy_time_input(rewritten, at);
        self.r.error_with_help(
            code,
            format!("{address} has {arg} = {text}, which depends on {input}: its copies cannot be written out"),
            at,
            REPEAT_HINT,
        );
    }

    /// What makes a value unknown at conversion time, for a message.
    fn deploy_time_input(&mut self, e: &Expression, at: &At) -> String {
        // The collection before the condition that selects it: `c ? m : {}`, `{for ... if c}`.
        let collections: Vec<Expression> = match e {
            Expression::Conditional(c) => vec![c.true_expr.clone(), c.false_expr.clone()],
            Expression::ForExpr(f) => vec![f.collection_expr.clone()],
            _ => Vec::new(),
        };
        for collection in &collections {
            let mut read = Vec::new();
            traversals(collection, &mut read);
            if let Some(found) = self.first_deploy_time_input(&read, &mut Vec::new()) {
                return found;
            }
            if self.known(collection, at).is_err() {
                let text = crate::emit::inline_text(collection);
                return format!("{text}, which cfn2tf cannot evaluate at conversion time");
            }
        }
        let mut read = Vec::new();
        traversals(e, &mut read);
        self.first_deploy_time_input(&read, &mut Vec::new())
            .unwrap_or_else(|| "values cfn2tf cannot evaluate at conversion time".to_string())
    }

    /// The first parameter, data source or resource among `read`, also through locals.
    fn first_deploy_time_input(&self, read: &[Traversal], seen: &mut Vec<String>) -> Option<String> {
        for t in read {
            match root_and_names(t) {
                Some(("var", names))
                    if matches!(
                        names.first().and_then(|n| self.r.variables.get(*n)),
                        Some(Variable::Parameter(_))
                    ) =>
                {
                    return Some(format!("var.{}, a parameter known only at deploy time", names[0]));
                }
                Some(("data", names)) if names.len() >= 2 => {
                    return Some(format!("data.{}.{}, read at deploy time", names[0], names[1]));
                }
                Some((root, names)) if root.starts_with("aws_") && !names.is_empty() => {
                    return Some(format!("{root}.{}, known only once it is created", names[0]));
                }
                Some(("local", names)) => {
                    let Some(name) = names.first() else { continue };
                    if seen.iter().any(|s| s == name) {
                        continue;
                    }
                    seen.push(name.to_string());
                    let Some(value) = self.r.local_exprs.get(*name) else {
                        continue;
                    };
                    let mut inner = Vec::new();
                    traversals(value, &mut inner);
                    if let Some(found) = self.first_deploy_time_input(&inner, seen) {
                        return Some(format!("local.{name}, which reads {found}"));
                    }
                }
                _ => {}
            }
        }
        None
    }

    // ---- writing the blocks

    fn copy_block(&mut self, b: &Block, c: &Copy) -> Block {
        let mut out = b.clone();
        out.labels[1] = c.name.clone();
        out.body
            .retain(|i| !matches!(i, BodyItem::Attribute(n, _) if n == "count" || n == "for_each"));
        if let Some(count) = &c.count {
            out.body.insert(0, BodyItem::Attribute("count".into(), count.clone()));
        }
        let mut scope = vec![(c.binding.0.clone(), Some(c.binding.1.clone()))];
        self.rewrite_block(&out, &mut scope)
    }

    fn single_block(&mut self, b: &Block, count: Option<Expression>) -> Block {
        let mut out = b.clone();
        out.body
            .retain(|i| !matches!(i, BodyItem::Attribute(n, _) if n == "count" || n == "for_each"));
        if let Some(count) = count {
            out.body.insert(0, BodyItem::Attribute("count".into(), count));
        }
        // The one copy there is.
        let mut scope = vec![(
            "count".to_string(),
            Some(object(vec![("index", Expression::from(0u64))])),
        )];
        self.rewrite_block(&out, &mut scope)
    }

    /// Whether one more copy of `b` fits the work bound (reported once when it does not).
    fn count_written(&mut self, b: &Block) -> bool {
        fn weight(body: &[BodyItem]) -> usize {
            1 + body
                .iter()
                .map(|i| match i {
                    BodyItem::Block(nb) => weight(&nb.body),
                    _ => 1,
                })
                .sum::<usize>()
        }
        let before = self.written;
        self.written = self.written.saturating_add(weight(&b.body));
        if before <= MAX_WRITTEN && self.written > MAX_WRITTEN {
            self.r.error(
                "reverse::budget",
                format!(
                    "writing out count, for_each and dynamic blocks passes {MAX_WRITTEN} arguments and blocks: not written further"
                ),
                &At::block(b),
            );
        }
        self.written <= MAX_WRITTEN
    }

    fn rewrite_block(&mut self, b: &Block, scope: &mut Scope) -> Block {
        let mut out = b.clone();
        out.body = self.rewrite_body(&b.body, scope, &At::block(b), true);
        out
    }

    fn rewrite_body(&mut self, body: &[BodyItem], scope: &mut Scope, at: &At, top: bool) -> Vec<BodyItem> {
        let mut out = Vec::new();
        for item in body {
            match item {
                BodyItem::Attribute(name, value) => {
                    let mut value = self.rewrite(value, scope, &at.with(name));
                    // `depends_on = [aws_subnet.public]` waits for every copy.
                    if top
                        && name == "depends_on"
                        && let Expression::Array(items) = value
                    {
                        value = Expression::Array(
                            items
                                .into_iter()
                                .flat_map(|i| match i {
                                    Expression::Array(inner) => inner,
                                    other => vec![other],
                                })
                                .collect(),
                        );
                    }
                    out.push(BodyItem::Attribute(name.clone(), value));
                }
                BodyItem::Block(nb) if nb.ident == "dynamic" => self.dynamic(nb, scope, at, &mut out),
                BodyItem::Block(nb) => {
                    let mut inner = nb.clone();
                    let inner_at = At {
                        origin: nb.origin.clone().or(at.origin.clone()),
                        needle: None,
                    };
                    inner.body = self.rewrite_body(&nb.body, scope, &inner_at, false);
                    out.push(BodyItem::Block(inner));
                }
                BodyItem::Comment(_) => out.push(item.clone()),
            }
        }
        out
    }

    /// `dynamic "name" { for_each = ...; iterator = it; content { ... } }` -> one `name` block per
    /// element, `it.key` / `it.value` (or `name.key` / `name.value`) read in each.
    fn dynamic(&mut self, d: &Block, scope: &mut Scope, at: &At, out: &mut Vec<BodyItem>) {
        let at = At {
            origin: d.origin.clone().or(at.origin.clone()),
            needle: Some("for_each".into()),
        };
        let name = d.labels.first().cloned().unwrap_or_default();
        let iterator = match d.attribute("iterator") {
            Some(Expression::Variable(v)) => v.as_str().to_string(),
            Some(Expression::Traversal(t)) if t.operators.is_empty() => crate::emit::inline_text(&t.expr),
            _ => name.clone(),
        };
        let (Some(for_each), Some(content)) = (d.attribute("for_each"), d.blocks("content").next()) else {
            self.r.error(
                "reverse::dynamic",
                format!("dynamic \"{name}\" needs for_each and a content block"),
                &at,
            );
            return;
        };
        let e = self.rewrite(for_each, scope, &at);
        let e = self.decide(&e, &at, 0);
        let items = match self.known(&e, &at) {
            Ok(Value::Object(o)) => {
                let mut items: Vec<(Expression, Expression)> = o
                    .into_iter()
                    .map(|(k, v)| (Expression::String(k), Expression::from(v)))
                    .collect();
                items.sort_by_key(|a| scalar_text(&a.0));
                items
            }
            Ok(Value::Array(a)) => a
                .into_iter()
                .enumerate()
                .map(|(i, v)| (Expression::from(i as u64), Expression::from(v)))
                .collect(),
            Ok(Value::Null) => Vec::new(),
            other => match self.literal_elements(&e, &at, 0) {
                Some(items) => items.into_iter().map(|(k, v)| (Expression::String(k), v)).collect(),
                None if self.keep_optional(d, &iterator, &e, content, scope, &at, out) => return,
                None => {
                    let text = crate::emit::inline_text(for_each);
                    let why = match other {
                        Err(Miss::Unknown) => format!("depends on {}", self.deploy_time_input(&e, &at)),
                        _ => "is not a collection at the variables' defaults".to_string(),
                    };
                    self.r.error_with_help(
                        "reverse::dynamic",
                        format!("dynamic \"{name}\" has for_each = {text}, which {why}: its blocks cannot be written out"),
                        &at,
                        "give the collection a value known at conversion time (a literal, a local, or a variable of a map or object type, fixed at its default), or write the blocks out",
                    );
                    return;
                }
            },
        };
        if items.len() > MAX_COPIES {
            self.r.error(
                "reverse::too-many-copies",
                format!(
                    "dynamic \"{name}\" makes {} blocks: more than {MAX_COPIES} are not written out",
                    items.len()
                ),
                &at,
            );
            return;
        }
        let labels = d.attribute("labels").cloned();
        for (key, value) in items {
            if !self.count_written(content) {
                return;
            }
            scope.push((iterator.clone(), Some(object(vec![("key", key), ("value", value)]))));
            let mut block = Block::new(&name, &[]);
            if let Some(labels) = &labels
                && let Expression::Array(ls) = self.rewrite(labels, scope, &at)
            {
                block.labels = ls.iter().filter_map(scalar_text).collect();
            }
            block.origin = content.origin.clone().or(d.origin.clone());
            block.body = self.rewrite_body(&content.body, scope, &at, false);
            scope.pop();
            out.push(BodyItem::Block(block));
        }
    }

    /// `dynamic` with `for_each = c ? [x] : []` and `c` a parameter: kept, for `Fn::If` around
    /// the block (`optional`), its content read with the one element.
    #[allow(clippy::too_many_arguments)]
    fn keep_optional(
        &mut self,
        d: &Block,
        iterator: &str,
        for_each: &Expression,
        content: &Block,
        scope: &mut Scope,
        at: &At,
        out: &mut Vec<BodyItem>,
    ) -> bool {
        let Expression::Conditional(c) = for_each else {
            return false;
        };
        let empty = |e: &Expression| matches!(e, Expression::Array(a) if a.is_empty());
        // `c ? [] : [x]` is `!c ? [x] : []`.
        let (cond, element) = match (&c.true_expr, &c.false_expr) {
            (Expression::Array(one), no) if one.len() == 1 && empty(no) => (c.cond_expr.clone(), &one[0]),
            (no, Expression::Array(one)) if one.len() == 1 && empty(no) => (
                Expression::from(Operation::Unary(hcl::expr::UnaryOp::new(
                    hcl::expr::UnaryOperator::Not,
                    c.cond_expr.clone(),
                ))),
                &one[0],
            ),
            _ => return false,
        };
        let for_each = &Expression::Conditional(Box::new(Conditional::new(
            cond,
            Expression::Array(vec![element.clone()]),
            Expression::Array(Vec::new()),
        )));
        scope.push((
            iterator.to_string(),
            Some(object(vec![
                ("key", Expression::from(0u64)),
                ("value", element.clone()),
            ])),
        ));
        let mut inner = content.clone();
        inner.body = self.rewrite_body(&content.body, scope, at, false);
        scope.pop();
        let mut kept = d.clone();
        kept.body = vec![
            BodyItem::Attribute("for_each".into(), for_each.clone()),
            BodyItem::Block(inner),
        ];
        if super::optional::block_property(&kept).is_none() {
            return false;
        }
        out.push(BodyItem::Block(kept));
        true
    }

    /// Locals read the copies too (`local.ids = aws_subnet.public[*].id`).
    fn rewrite_locals(&mut self) {
        let names: Vec<String> = self.r.locals.keys().cloned().collect();
        for name in names {
            if let Some(super::Local::Inline(value, origin)) = self.r.locals.get(&name).cloned() {
                let at = At {
                    origin: origin.clone(),
                    needle: Some(name.clone()),
                };
                let rewritten = self.rewrite(&value, &mut Vec::new(), &at);
                if rewritten != value {
                    self.r.local_exprs.insert(name.clone(), rewritten.clone());
                    self.r.locals.insert(name, super::Local::Inline(rewritten, origin));
                }
            }
        }
    }

    // ---- rewriting expressions

    /// `e` with the names in scope substituted and references to copies read; what that makes
    /// known is evaluated. A reference to a copy that does not exist is a located error (kept as
    /// written for a resource kept under a never-true condition).
    fn rewrite(&mut self, e: &Expression, scope: &mut Scope, at: &At) -> Expression {
        match self.rw(e, scope, at, 0) {
            Ok(Some(out)) => out,
            Ok(None) => e.clone(),
            Err(missing) if self.kept_empty.contains(&missing.address) => e.clone(),
            Err(missing) => {
                self.r.error_with_help(
                    "reverse::no-such-copy",
                    format!("{} does not exist at the variables' defaults", missing.text),
                    &at.clone(),
                    "read it under a condition that holds only when it exists (`length(x) > 0 ? x[0].id : null`), with try(), or through x[*]",
                );
                Expression::Null
            }
        }
    }

    fn rw(&mut self, e: &Expression, scope: &mut Scope, at: &At, depth: usize) -> Rewritten {
        if depth > MAX_DEPTH {
            return Ok(None);
        }
        let d = depth + 1;
        let out = match e {
            Expression::Array(items) => {
                let Some(items) = self.rw_all(items, scope, at, d)? else {
                    return Ok(None);
                };
                return Ok(Some(Expression::Array(items)));
            }
            Expression::Object(o) => {
                let mut changed = false;
                let mut out = hcl::Object::new();
                for (k, v) in o {
                    let k = match k {
                        ObjectKey::Expression(ke) => match self.rw(ke, scope, at, d)? {
                            Some(ke) => {
                                changed = true;
                                ObjectKey::Expression(ke)
                            }
                            None => k.clone(),
                        },
                        other => other.clone(),
                    };
                    let v = match self.rw(v, scope, at, d)? {
                        Some(v) => {
                            changed = true;
                            v
                        }
                        None => v.clone(),
                    };
                    out.insert(k, v);
                }
                if !changed {
                    return Ok(None);
                }
                return Ok(Some(Expression::Object(out)));
            }
            Expression::Variable(v) => {
                return Ok(match scope.iter().rev().find(|(n, _)| n == v.as_str()) {
                    Some((_, bound)) => bound.clone(),
                    None => None,
                });
            }
            Expression::Traversal(t) => match self.rw_traversal(t, scope, at, d)? {
                Some(e) => e,
                None => return Ok(None),
            },
            Expression::FuncCall(f) => match self.rw_call(f, scope, at, d)? {
                Some(e) => e,
                None => return Ok(None),
            },
            Expression::Parenthesis(p) => match self.rw(p, scope, at, d)? {
                Some(inner) => Expression::Parenthesis(Box::new(inner)),
                None => return Ok(None),
            },
            Expression::Conditional(c) => {
                let cond = self.rw(&c.cond_expr, scope, at, d)?;
                let known = match &cond {
                    Some(Expression::Bool(b)) => Some(*b),
                    _ => None,
                };
                if let Some(b) = known {
                    let branch = if b { &c.true_expr } else { &c.false_expr };
                    return Ok(Some(self.rw(branch, scope, at, d)?.unwrap_or_else(|| branch.clone())));
                }
                let t = self.rw(&c.true_expr, scope, at, d)?;
                let f = self.rw(&c.false_expr, scope, at, d)?;
                if cond.is_none() && t.is_none() && f.is_none() {
                    return Ok(None);
                }
                Expression::Conditional(Box::new(Conditional::new(
                    cond.unwrap_or_else(|| c.cond_expr.clone()),
                    t.unwrap_or_else(|| c.true_expr.clone()),
                    f.unwrap_or_else(|| c.false_expr.clone()),
                )))
            }
            Expression::Operation(op) => match op.as_ref() {
                Operation::Unary(u) => match self.rw(&u.expr, scope, at, d)? {
                    Some(inner) => {
                        let mut u = u.clone();
                        u.expr = inner;
                        Expression::Operation(Box::new(Operation::Unary(u)))
                    }
                    None => return Ok(None),
                },
                Operation::Binary(b) => {
                    let l = self.rw(&b.lhs_expr, scope, at, d)?;
                    let r = self.rw(&b.rhs_expr, scope, at, d)?;
                    if l.is_none() && r.is_none() {
                        return Ok(None);
                    }
                    let mut b = b.clone();
                    if let Some(l) = l {
                        b.lhs_expr = l;
                    }
                    if let Some(r) = r {
                        b.rhs_expr = r;
                    }
                    Expression::Operation(Box::new(Operation::Binary(b)))
                }
            },
            Expression::ForExpr(f) => match self.rw_for(f, scope, at, d)? {
                Some(e) => e,
                None => return Ok(None),
            },
            Expression::TemplateExpr(t) => match self.rw_template(t, scope, at, d)? {
                Some(e) => e,
                None => return Ok(None),
            },
            _ => return Ok(None),
        };
        Ok(Some(self.settle(out)))
    }

    /// A rewritten expression that reads only literals now is evaluated (as Terraform would).
    fn settle(&mut self, e: Expression) -> Expression {
        if !closed(&e, &mut Vec::new()) {
            return e;
        }
        match self.r.eval(&e, &mut Vec::new()) {
            Ok(v) => Expression::from(v),
            Err(_) => e,
        }
    }

    fn rw_all(
        &mut self,
        items: &[Expression],
        scope: &mut Scope,
        at: &At,
        d: usize,
    ) -> Result<Option<Vec<Expression>>, Missing> {
        let mut out: Option<Vec<Expression>> = None;
        for (i, item) in items.iter().enumerate() {
            if let Some(new) = self.rw(item, scope, at, d)? {
                out.get_or_insert_with(|| items[..i].to_vec()).push(new);
            } else if let Some(out) = &mut out {
                out.push(item.clone());
            }
        }
        Ok(out)
    }

    fn rw_traversal(&mut self, t: &Traversal, scope: &mut Scope, at: &At, d: usize) -> Rewritten {
        let (base, changed) = match &t.expr {
            Expression::Variable(v) => {
                if let Some((_, bound)) = scope.iter().rev().find(|(n, _)| n == v.as_str()) {
                    match bound {
                        Some(e) => (e.clone(), true),
                        None => (t.expr.clone(), false),
                    }
                } else if let Some(TraversalOperator::GetAttr(name)) = t.operators.first()
                    && let address = format!("{}.{}", v.as_str(), name.as_str())
                    && let Some(copies) = self.copies.get(&address).cloned()
                {
                    return self
                        .read_copies(&address, copies, &t.operators[1..], scope, at, d)
                        .map(Some);
                } else {
                    (t.expr.clone(), false)
                }
            }
            other => match self.rw(other, scope, at, d)? {
                Some(e) => (e, true),
                None => (other.clone(), false),
            },
        };
        let (out, ops_changed) = self.apply(base, &t.operators, scope, at, d)?;
        Ok((changed || ops_changed).then_some(out))
    }

    /// `x[1]`, `x["k"]`, `x[*]`, `x` of a repeated resource `x`.
    fn read_copies(
        &mut self,
        address: &str,
        copies: Copies,
        ops: &[TraversalOperator],
        scope: &mut Scope,
        at: &At,
        d: usize,
    ) -> Result<Expression, Missing> {
        let key = match ops.first() {
            Some(TraversalOperator::Index(k)) => Some(self.rw(k, scope, at, d)?.unwrap_or_else(|| k.clone())),
            Some(TraversalOperator::LegacyIndex(n)) => Some(Expression::from(*n)),
            _ => None,
        };
        if let Some(key) = key {
            let Some(text) = scalar_text(&key) else {
                let written = crate::emit::inline_text(&key);
                self.r.error_with_help(
                    "reverse::copy-index",
                    format!("{address}[{written}]: which copy is read is known only at deploy time"),
                    at,
                    "index the copies with a literal, count.index or each.key",
                );
                return Ok(Expression::Null);
            };
            let found = match &copies {
                Copies::List(refs) => text.parse::<usize>().ok().and_then(|i| refs.get(i)).cloned(),
                Copies::Map(refs) => refs.iter().find(|(k, _)| *k == text).map(|(_, r)| r.clone()),
            };
            let Some(found) = found else {
                return Err(Missing {
                    address: address.to_string(),
                    text: format!("{address}[{}]", quoted_key(&key)),
                });
            };
            return Ok(self.apply(found, &ops[1..], scope, at, d)?.0);
        }
        if let Some(TraversalOperator::GetAttr(a)) = ops.first() {
            let a = a.as_str();
            self.r.error_with_help(
                "reverse::copy-index",
                format!("{address}.{a}: {address} has copies, so Terraform reads one of them or all"),
                at,
                &format!("read one copy (`{address}[0].{a}`, `{address}[\"key\"].{a}`) or all (`{address}[*].{a}`, `values({address})[*].{a}`)"),
            );
            return Ok(Expression::Null);
        }
        let whole = match copies {
            Copies::List(refs) => Expression::Array(refs),
            Copies::Map(refs) => Expression::Object(refs.into_iter().map(|(k, v)| (ObjectKey::from(k), v)).collect()),
        };
        Ok(self.apply(whole, ops, scope, at, d)?.0)
    }

    /// The steps of a traversal applied to `base` where they can be: attributes and indexes of
    /// literals, splats over lists; other steps are kept on the result.
    fn apply(
        &mut self,
        mut base: Expression,
        ops: &[TraversalOperator],
        scope: &mut Scope,
        at: &At,
        d: usize,
    ) -> Result<(Expression, bool), Missing> {
        let mut changed = false;
        for (i, op) in ops.iter().enumerate() {
            let op = match op {
                TraversalOperator::Index(k) => match self.rw(k, scope, at, d)? {
                    Some(k) => {
                        changed = true;
                        TraversalOperator::Index(k)
                    }
                    None => op.clone(),
                },
                other => other.clone(),
            };
            let literal_key = match &op {
                TraversalOperator::GetAttr(a) => Some(a.as_str().to_string()),
                TraversalOperator::Index(k) => scalar_text(k),
                TraversalOperator::LegacyIndex(n) => Some(n.to_string()),
                _ => None,
            };
            let step = match (&base, &op, &literal_key) {
                (Expression::Object(o), _, Some(k)) if !matches!(op, TraversalOperator::LegacyIndex(_)) => o
                    .iter()
                    .find(|(ok, _)| key_text(ok) == Some(k.as_str()))
                    .map(|(_, v)| v.clone()),
                (Expression::Array(a), TraversalOperator::Index(_) | TraversalOperator::LegacyIndex(_), Some(k)) => {
                    k.parse::<usize>().ok().and_then(|i| a.get(i)).cloned()
                }
                (
                    Expression::Array(_) | Expression::Object(_) | Expression::Null,
                    TraversalOperator::AttrSplat | TraversalOperator::FullSplat,
                    _,
                ) => {
                    let items = match base {
                        Expression::Array(items) => items,
                        Expression::Null => Vec::new(),
                        other => vec![other],
                    };
                    let rest = &ops[i + 1..];
                    let mut out = Vec::new();
                    for item in items {
                        out.push(self.apply(item, rest, scope, at, d)?.0);
                    }
                    return Ok((Expression::Array(out), true));
                }
                _ => None,
            };
            match step {
                Some(next) => {
                    base = next;
                    changed = true;
                }
                None => {
                    base = match base {
                        Expression::Traversal(mut t) => {
                            t.operators.push(op);
                            Expression::Traversal(t)
                        }
                        other => Expression::Traversal(Box::new(Traversal::new(other, [op]))),
                    };
                }
            }
        }
        Ok((base, changed))
    }

    fn rw_call(&mut self, f: &FuncCall, scope: &mut Scope, at: &At, d: usize) -> Rewritten {
        let name = f.name.name.as_str();
        if f.name.namespace.is_empty() && matches!(name, "try" | "can") {
            // A copy that does not exist is the error these catch.
            let mut args = Vec::new();
            let mut changed = false;
            let mut first_missing = None;
            for a in &f.args {
                match self.rw(a, scope, at, d) {
                    Ok(Some(a)) => {
                        changed = true;
                        args.push(a);
                    }
                    Ok(None) => args.push(a.clone()),
                    Err(_) if name == "can" => return Ok(Some(Expression::Bool(false))),
                    Err(missing) => {
                        changed = true;
                        first_missing.get_or_insert(missing);
                    }
                }
            }
            if !changed {
                return Ok(None);
            }
            match (args.first(), first_missing) {
                (None, Some(missing)) => return Err(missing),
                // An attribute of a copy that exists does not fail: `try` is it.
                (Some(Expression::Traversal(t)), _)
                    if name == "try"
                        && matches!(&t.expr, Expression::Variable(v) if self.copies.keys().any(|a| a.split('.').next() == Some(v.as_str())))
                        && t.operators.iter().all(|op| matches!(op, TraversalOperator::GetAttr(_))) =>
                {
                    return Ok(args.first().cloned());
                }
                _ => {}
            }
            let mut call = f.clone();
            call.args = args;
            return Ok(Some(self.settle(Expression::FuncCall(Box::new(call)))));
        }
        let Some(args) = self.rw_all(&f.args, scope, at, d)? else {
            return Ok(None);
        };
        if f.name.namespace.is_empty()
            && !f.expand_final
            && let Some(reduced) = reduce_call(name, &args)
        {
            return Ok(Some(reduced));
        }
        let mut call = f.clone();
        call.args = args;
        Ok(Some(Expression::FuncCall(Box::new(call))))
    }

    fn rw_for(&mut self, f: &ForExpr, scope: &mut Scope, at: &At, d: usize) -> Rewritten {
        let collection = self.rw(&f.collection_expr, scope, at, d)?;
        // Over the copies of a resource (or values read from them): one element each.
        if let Some(c) = &collection
            && !f.grouping
            && let Some(out) = self.unroll_for(f, c, scope, at, d)?
        {
            return Ok(Some(out));
        }
        let n = scope.len();
        scope.extend(f.key_var.iter().map(|k| (k.as_str().to_string(), None)));
        scope.push((f.value_var.as_str().to_string(), None));
        let parts = (|| -> Result<_, Missing> {
            let key = match &f.key_expr {
                Some(k) => self.rw(k, scope, at, d)?,
                None => None,
            };
            let value = self.rw(&f.value_expr, scope, at, d)?;
            let cond = match &f.cond_expr {
                Some(c) => self.rw(c, scope, at, d)?,
                None => None,
            };
            Ok((key, value, cond))
        })();
        scope.truncate(n);
        let (key, value, cond) = parts?;
        if collection.is_none() && key.is_none() && value.is_none() && cond.is_none() {
            return Ok(None);
        }
        let mut out = f.clone();
        if let Some(c) = collection {
            out.collection_expr = c;
        }
        if let Some(k) = key {
            out.key_expr = Some(k);
        }
        if let Some(v) = value {
            out.value_expr = v;
        }
        if let Some(c) = cond {
            out.cond_expr = Some(c);
        }
        Ok(Some(Expression::ForExpr(Box::new(out))))
    }

    /// A `for` over a literal collection whose elements are references (the copies of a
    /// resource), written out element by element. None when a filter or a key is not known.
    fn unroll_for(
        &mut self,
        f: &ForExpr,
        collection: &Expression,
        scope: &mut Scope,
        at: &At,
        d: usize,
    ) -> Result<Option<Expression>, Missing> {
        let pairs: Vec<(Expression, Expression)> = match collection {
            Expression::Array(a) => a
                .iter()
                .enumerate()
                .map(|(i, v)| (Expression::from(i as u64), v.clone()))
                .collect(),
            Expression::Object(o) => match object_entries(o) {
                Some(entries) => entries.into_iter().map(|(k, v)| (Expression::String(k), v)).collect(),
                None => return Ok(None),
            },
            _ => return Ok(None),
        };
        if closed(collection, &mut Vec::new()) {
            // Known values: `fold` evaluates the `for` as it stands.
            return Ok(None);
        }
        let mut list = Vec::new();
        let mut map = hcl::Object::new();
        for (k, v) in pairs {
            let n = scope.len();
            if let Some(kv) = &f.key_var {
                scope.push((kv.as_str().to_string(), Some(k)));
            }
            scope.push((f.value_var.as_str().to_string(), Some(v)));
            let item = self.unroll_item(f, scope, at, d);
            scope.truncate(n);
            match item? {
                Some(Some((key, value))) => match key {
                    Some(key) => {
                        map.insert(ObjectKey::from(key), value);
                    }
                    None => list.push(value),
                },
                Some(None) => {}
                None => return Ok(None),
            }
        }
        Ok(Some(if f.key_expr.is_some() {
            Expression::Object(map)
        } else {
            Expression::Array(list)
        }))
    }

    /// One element of an unrolled `for`: Some(None) when its filter is false, None when the
    /// filter or the key is not known.
    #[allow(clippy::type_complexity)]
    fn unroll_item(
        &mut self,
        f: &ForExpr,
        scope: &mut Scope,
        at: &At,
        d: usize,
    ) -> Result<Option<Option<(Option<String>, Expression)>>, Missing> {
        if let Some(c) = &f.cond_expr {
            match self.rw(c, scope, at, d)?.unwrap_or_else(|| c.clone()) {
                Expression::Bool(true) => {}
                Expression::Bool(false) => return Ok(Some(None)),
                _ => return Ok(None),
            }
        }
        let key = match &f.key_expr {
            Some(k) => match scalar_text(&self.rw(k, scope, at, d)?.unwrap_or_else(|| k.clone())) {
                Some(k) => Some(k),
                None => return Ok(None),
            },
            None => None,
        };
        let value = self
            .rw(&f.value_expr, scope, at, d)?
            .unwrap_or_else(|| f.value_expr.clone());
        Ok(Some(Some((key, value))))
    }

    fn rw_template(&mut self, t: &TemplateExpr, scope: &mut Scope, at: &At, d: usize) -> Rewritten {
        let Some((raw, heredoc)) = template_text(t) else {
            return Ok(None);
        };
        let Ok(template) = raw.parse::<Template>() else {
            return Ok(None);
        };
        let Some(elements) = self.rw_elements(&template, scope, at, d)? else {
            return Ok(None);
        };
        if elements.iter().all(|e| matches!(e, Element::Literal(_))) {
            let text: String = elements
                .iter()
                .map(|e| match e {
                    Element::Literal(s) => s.as_str(),
                    _ => "",
                })
                .collect();
            return Ok(Some(Expression::String(text)));
        }
        let text = Template::from_iter(elements).to_string();
        Ok(Some(Expression::TemplateExpr(Box::new(match (t, heredoc) {
            (TemplateExpr::Heredoc(h), true) => TemplateExpr::Heredoc(Heredoc {
                delimiter: h.delimiter.clone(),
                template: text,
                // The indentation was taken off above.
                strip: HeredocStripMode::None,
            }),
            _ => TemplateExpr::QuotedString(text),
        }))))
    }

    /// A template's elements rewritten (a scalar interpolated is literal text); None unchanged.
    fn rw_elements(
        &mut self,
        t: &Template,
        scope: &mut Scope,
        at: &At,
        d: usize,
    ) -> Result<Option<Vec<Element>>, Missing> {
        let mut changed = false;
        let mut out = Vec::new();
        for el in t.elements() {
            match el {
                Element::Literal(_) => out.push(el.clone()),
                Element::Interpolation(i) => match self.rw(&i.expr, scope, at, d)? {
                    Some(e) => {
                        changed = true;
                        match scalar_text(&e) {
                            Some(text) => out.push(Element::Literal(text)),
                            None => {
                                let mut i = i.clone();
                                i.expr = e;
                                out.push(Element::Interpolation(i));
                            }
                        }
                    }
                    None => out.push(el.clone()),
                },
                Element::Directive(dir) => match dir.as_ref() {
                    Directive::If(x) => {
                        let cond = self.rw(&x.cond_expr, scope, at, d)?;
                        let yes = self.rw_elements(&x.true_template, scope, at, d)?;
                        let no = match &x.false_template {
                            Some(f) => self.rw_elements(f, scope, at, d)?,
                            None => None,
                        };
                        if cond.is_none() && yes.is_none() && no.is_none() {
                            out.push(el.clone());
                            continue;
                        }
                        changed = true;
                        let mut x = x.clone();
                        if let Some(c) = cond {
                            x.cond_expr = c;
                        }
                        if let Some(y) = yes {
                            x.true_template = Template::from_iter(y);
                        }
                        if let Some(n) = no {
                            x.false_template = Some(Template::from_iter(n));
                        }
                        out.push(Element::Directive(Box::new(Directive::If(x))));
                    }
                    Directive::For(x) => {
                        let collection = self.rw(&x.collection_expr, scope, at, d)?;
                        let n = scope.len();
                        scope.extend(x.key_var.iter().map(|k| (k.as_str().to_string(), None)));
                        scope.push((x.value_var.as_str().to_string(), None));
                        let body = self.rw_elements(&x.template, scope, at, d);
                        scope.truncate(n);
                        let body = body?;
                        if collection.is_none() && body.is_none() {
                            out.push(el.clone());
                            continue;
                        }
                        changed = true;
                        let mut x = x.clone();
                        if let Some(c) = collection {
                            x.collection_expr = c;
                        }
                        if let Some(b) = body {
                            x.template = Template::from_iter(b);
                        }
                        out.push(Element::Directive(Box::new(Directive::For(x))));
                    }
                },
            }
        }
        Ok(changed.then_some(out))
    }
}

/// `count = c ? 1 : 0` (or `c ? 0 : 1`): the resource Condition each copy keeps.
fn condition_count(cond: &Expression, holds: bool) -> Expression {
    let (t, f) = if holds { (1u64, 0u64) } else { (0, 1) };
    Expression::Conditional(Box::new(Conditional::new(
        cond.clone(),
        Expression::from(t),
        Expression::from(f),
    )))
}

/// A key as Terraform writes it in an address: `"eu-a"`, `0`.
fn quoted(key: &str) -> String {
    serde_json::to_string(key).unwrap_or_default()
}

fn quoted_key(key: &Expression) -> String {
    match key {
        Expression::String(s) => quoted(s),
        other => scalar_text(other).unwrap_or_default(),
    }
}

/// Functions over literal collections whose elements are references (the copies of a resource):
/// written out where the result does not depend on the references' values.
fn reduce_call(name: &str, args: &[Expression]) -> Option<Expression> {
    match (name, args) {
        ("values", [Expression::Object(o)]) => Some(Expression::Array(
            object_entries(o)?.into_iter().map(|(_, v)| v).collect(),
        )),
        ("keys", [Expression::Object(o)]) => Some(Expression::Array(
            object_entries(o)?
                .into_iter()
                .map(|(k, _)| Expression::String(k))
                .collect(),
        )),
        ("length", [Expression::Array(a)]) => Some(Expression::from(a.len() as u64)),
        ("length", [Expression::Object(o)]) => Some(Expression::from(o.len() as u64)),
        ("element", [Expression::Array(a), Expression::Number(n)]) if !a.is_empty() => {
            let i = n.as_u64()? as usize;
            Some(a[i % a.len()].clone())
        }
        ("one", [Expression::Array(a)]) if a.len() <= 1 => Some(a.first().cloned().unwrap_or(Expression::Null)),
        ("tolist", [a @ Expression::Array(_)]) => Some(a.clone()),
        ("concat", _) if !args.is_empty() && args.iter().all(|a| matches!(a, Expression::Array(_))) => {
            Some(Expression::Array(
                args.iter()
                    .flat_map(|a| match a {
                        Expression::Array(items) => items.clone(),
                        _ => Vec::new(),
                    })
                    .collect(),
            ))
        }
        ("lookup", [Expression::Object(o), Expression::String(k), rest @ ..]) if rest.len() <= 1 => o
            .iter()
            .find(|(ok, _)| key_text(ok) == Some(k.as_str()))
            .map(|(_, v)| v.clone())
            .or_else(|| rest.first().cloned()),
        _ => None,
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn copy_names_give_logical_id_suffixes() {
        assert_eq!(split_copy_name("public[0]"), ("public", "0".to_string()));
        assert_eq!(
            split_copy_name("public[\"eu-west-1a\"]"),
            ("public", "EuWest1a".to_string())
        );
        assert_eq!(
            split_copy_name("public[\"10.0.1.0/24\"]"),
            ("public", "1001024".to_string())
        );
        assert_eq!(split_copy_name("public"), ("public", String::new()));
    }
}
