//! Stage 1: text -> a parse tree that keeps every node's span and YAML tag.
//!
//! YAML (with CloudFormation's short-form tags such as `!Ref`) goes through saphyr-parser's
//! event stream; the tree is built with an explicit stack so that hostile input (deep nesting,
//! alias bombs) is refused with bounded time and memory. JSON, after serde_json has checked its
//! syntax, is read by a small reader of its own into the same tree (saphyr reads it as YAML
//! flow style, correctly but several times slower). HCL is parsed in `crate::reverse`.

mod json;
mod yaml;

use crate::diagnostics::Diagnostic;
use crate::source::{SourceFile, Span};
use std::collections::HashMap;

/// Bounds that keep hostile input cheap to refuse.
#[derive(Debug, Clone, Copy)]
pub struct Limits {
    /// Deepest nesting of sequences and mappings.
    pub max_depth: usize,
    /// Total size that alias expansion may add, in bytes of scalars and keys plus a few per
    /// node: a "billion laughs" needs billions of nodes, and a few thousand aliases of one long
    /// string as many bytes.
    pub max_alias_bytes: usize,
}

impl Default for Limits {
    fn default() -> Self {
        Limits {
            max_depth: 128,
            max_alias_bytes: 4 << 20,
        }
    }
}

/// Parses a CloudFormation template (YAML or JSON) into a span-carrying tree, for callers that
/// only look at its shape (the warnings of `parse_template` are for conversions).
pub fn parse_template_text(file: &SourceFile, limits: Limits) -> Result<Node, Diagnostic> {
    parse_template(file, limits).map(|(root, _)| root)
}

/// Parses a CloudFormation template into its tree and the warnings about what was read
/// leniently, as CloudFormation reads it (see `yaml::parse_yaml`).
pub fn parse_template(file: &SourceFile, limits: Limits) -> Result<(Node, Vec<Diagnostic>), Diagnostic> {
    if file.text.contains('\0') {
        return Err(Diagnostic::error(
            "parse::binary",
            "this is not a text file (it contains NUL bytes)",
            Some(Span::new(0, 0)),
        )
        .with_help("give a CloudFormation template in YAML or JSON"));
    }
    if file.text.trim().is_empty() {
        return Err(
            Diagnostic::error("parse::empty", "the file is empty", Some(Span::new(0, 0)))
                .with_help("a CloudFormation template needs at least a `Resources` section"),
        );
    }
    if json::looks_like_json(file) {
        json::check_json_syntax(file)?;
        return json::parse_json(file, limits).map(|root| (root, Vec::new()));
    }
    yaml::parse_yaml(file, limits)
}

/// A located warning for each YAML 1.1 boolean (`yes`, `off`, ...) read as a boolean, as
/// CloudFormation reads it: the author may have meant the text.
pub fn yaml11_booleans(file: &SourceFile, root: &Node) -> Vec<Diagnostic> {
    let is_yaml11 = |span: Span| {
        file.text
            .get(span.start..span.end)
            .is_some_and(|t| yaml::YAML11_TRUE.contains(&t) || yaml::YAML11_FALSE.contains(&t))
    };
    let warning = |span: Span, value: &str| {
        let text = &file.text[span.start..span.end];
        Diagnostic::warning(
            "parse::yaml11-boolean",
            format!("`{text}` is read as the boolean {value}, as CloudFormation reads YAML 1.1"),
            Some(span),
        )
        .with_help(format!("quote it (\"{text}\") if you mean the text"))
    };
    let mut out = Vec::new();
    let mut stack = vec![root];
    while let Some(n) = stack.pop() {
        match &n.value {
            Value::Bool(b) if is_yaml11(n.span) => out.push(warning(n.span, &b.to_string())),
            Value::Seq(items) => stack.extend(items.iter()),
            Value::Map(entries) => {
                for (k, v) in entries {
                    if is_yaml11(k.span) {
                        out.push(warning(k.span, &k.name));
                    }
                    stack.push(v);
                }
            }
            _ => {}
        }
    }
    out.sort_by_key(|d| d.span.map(|s| s.start));
    out
}

/// Refuses a sequence or mapping opened at `depth` beyond the limit.
fn check_depth(depth: usize, limits: Limits, span: Span) -> Result<(), Diagnostic> {
    if depth >= limits.max_depth {
        return Err(Diagnostic::error(
            "parse::depth-limit",
            format!("nesting deeper than {} levels", limits.max_depth),
            Some(span),
        )
        .with_help("no CloudFormation template nests this deep; the input is probably generated or hostile"));
    }
    Ok(())
}

/// Refuses a key that `entries` already holds (CloudFormation would).
/// Refuses a key already in the mapping being read; `seen` indexes its keys (a scan of the
/// entries would make a mapping of 80,000 keys take seconds).
fn check_new_key(
    file: &SourceFile,
    seen: &mut HashMap<String, usize>,
    entries: &[(Key, Node)],
    name: &str,
    span: Span,
) -> Result<(), Diagnostic> {
    if let Some(&first) = seen.get(name) {
        let line = file.line_col(entries[first].0.span.start).line;
        return Err(Diagnostic::error(
            "parse::duplicate-key",
            format!("duplicate key `{name}` (first defined on line {line})"),
            Some(span),
        )
        .with_help("CloudFormation rejects duplicate keys; keep one of them"));
    }
    seen.insert(name.to_string(), entries.len());
    Ok(())
}

#[derive(Debug, Clone, PartialEq)]
pub enum Value {
    Null,
    Bool(bool),
    /// The number as written, so that `0.10` or `010` survive unchanged.
    Number(String),
    String(String),
    Seq(Vec<Node>),
    Map(Vec<(Key, Node)>),
}

#[derive(Debug, Clone, PartialEq)]
pub struct Key {
    pub name: String,
    pub span: Span,
}

#[derive(Debug, Clone, PartialEq)]
pub struct Node {
    pub value: Value,
    pub span: Span,
}

impl Node {
    pub fn new(value: Value, span: Span) -> Node {
        Node { value, span }
    }

    pub fn as_str(&self) -> Option<&str> {
        match &self.value {
            Value::String(s) | Value::Number(s) => Some(s),
            _ => None,
        }
    }

    pub fn as_map(&self) -> Option<&[(Key, Node)]> {
        match &self.value {
            Value::Map(m) => Some(m),
            _ => None,
        }
    }

    pub fn as_seq(&self) -> Option<&[Node]> {
        match &self.value {
            Value::Seq(s) => Some(s),
            _ => None,
        }
    }

    pub fn get(&self, key: &str) -> Option<&Node> {
        self.as_map()?.iter().find(|(k, _)| k.name == key).map(|(_, v)| v)
    }

    pub fn get_entry(&self, key: &str) -> Option<&(Key, Node)> {
        self.as_map()?.iter().find(|(k, _)| k.name == key)
    }

    /// What kind of value this is, for messages.
    pub fn kind(&self) -> &'static str {
        match &self.value {
            Value::Null => "null",
            Value::Bool(_) => "a boolean",
            Value::Number(_) => "a number",
            Value::String(_) => "a string",
            Value::Seq(_) => "a list",
            Value::Map(_) => "a mapping",
        }
    }
}
