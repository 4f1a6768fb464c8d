//! The CloudFormation model printed as YAML with short-form tags (`!Ref`, `!Sub`, ...) and the
//! notes as `# cfn2tf:` comments, or as JSON with the long-form functions.

use super::Notes;
use crate::model::{Expr, ExprKind, Parameter, RefTarget, Resource, SubPart, Template};

/// A YAML tree: what the template becomes before it is laid out.
#[derive(Debug, Clone)]
enum Node {
    Str(String),
    /// A number, written as it is.
    Num(String),
    Bool(bool),
    Null,
    Seq(Vec<Node>),
    Map(Vec<(String, Node)>),
    /// `!Tag value`; in JSON `{"Fn::Tag": value}`.
    Tagged(&'static str, Box<Node>),
}

/// Short tag -> long form.
fn long_form(tag: &str) -> String {
    match tag {
        "Ref" | "Condition" => tag.to_string(),
        other => format!("Fn::{other}"),
    }
}

fn tagged(tag: &'static str, n: Node) -> Node {
    match n {
        // A YAML node has one tag: `!Base64 !Sub x` must be `Fn::Base64: !Sub x`.
        inner @ Node::Tagged(..) => Node::Map(vec![(long_form(tag), inner)]),
        inner => Node::Tagged(tag, Box::new(inner)),
    }
}

fn expr_node(e: &Expr) -> Node {
    match &e.kind {
        ExprKind::Null => Node::Null,
        ExprKind::Bool(b) => Node::Bool(*b),
        ExprKind::Number(n) => Node::Num(n.clone()),
        ExprKind::String(s) => Node::Str(s.clone()),
        ExprKind::List(items) => Node::Seq(items.iter().map(expr_node).collect()),
        ExprKind::Map(entries) => Node::Map(entries.iter().map(|(k, _, v)| (k.clone(), expr_node(v))).collect()),
        ExprKind::Ref(t) => tagged("Ref", Node::Str(ref_name(t))),
        ExprKind::GetAtt { resource, attribute } => tagged("GetAtt", Node::Str(format!("{resource}.{attribute}"))),
        ExprKind::Sub { parts, vars } => {
            let mut text = String::new();
            for p in parts {
                match p {
                    SubPart::Literal(s) => text.push_str(&s.replace("${", "${!")),
                    SubPart::Ref(t) => text.push_str(&format!("${{{}}}", ref_name(t))),
                    SubPart::Var(v) => text.push_str(&format!("${{{v}}}")),
                    SubPart::GetAtt(r, a) => text.push_str(&format!("${{{r}.{a}}}")),
                }
            }
            if vars.is_empty() {
                tagged("Sub", Node::Str(text))
            } else {
                let vars = Node::Map(vars.iter().map(|(k, v)| (k.clone(), expr_node(v))).collect());
                tagged("Sub", Node::Seq(vec![Node::Str(text), vars]))
            }
        }
        ExprKind::Join { delimiter, items } => {
            tagged("Join", Node::Seq(vec![Node::Str(delimiter.clone()), expr_node(items)]))
        }
        ExprKind::Select { index, list } => tagged("Select", Node::Seq(vec![expr_node(index), expr_node(list)])),
        ExprKind::Split { delimiter, source } => tagged(
            "Split",
            Node::Seq(vec![Node::Str(delimiter.clone()), expr_node(source)]),
        ),
        ExprKind::GetAzs(region) => tagged("GetAZs", expr_node(region)),
        ExprKind::FindInMap {
            map,
            top,
            second,
            default,
        } => {
            let mut items = vec![expr_node(map), expr_node(top), expr_node(second)];
            if let Some(d) = default {
                items.push(Node::Map(vec![("DefaultValue".into(), expr_node(d))]));
            }
            tagged("FindInMap", Node::Seq(items))
        }
        ExprKind::If {
            condition,
            then,
            otherwise,
        } => tagged(
            "If",
            Node::Seq(vec![
                Node::Str(condition.clone()),
                expr_node(then),
                expr_node(otherwise),
            ]),
        ),
        ExprKind::Equals(a, b) => tagged("Equals", Node::Seq(vec![expr_node(a), expr_node(b)])),
        ExprKind::And(items) => tagged("And", Node::Seq(items.iter().map(expr_node).collect())),
        ExprKind::Or(items) => tagged("Or", Node::Seq(items.iter().map(expr_node).collect())),
        ExprKind::Not(inner) => tagged("Not", Node::Seq(vec![expr_node(inner)])),
        ExprKind::Condition(c) => tagged("Condition", Node::Str(c.clone())),
        ExprKind::Base64(inner) => tagged("Base64", expr_node(inner)),
        ExprKind::Cidr { block, count, bits } => tagged(
            "Cidr",
            Node::Seq(vec![expr_node(block), expr_node(count), expr_node(bits)]),
        ),
        ExprKind::ImportValue(inner) => tagged("ImportValue", expr_node(inner)),
        ExprKind::Length(inner) => tagged("Length", expr_node(inner)),
        ExprKind::ToJsonString(inner) => tagged("ToJsonString", expr_node(inner)),
    }
}

/// Data kept as it was read (intrinsics stay in their long form, which YAML reads the same).
fn data_node(v: &serde_json::Value) -> Node {
    use serde_json::Value as J;
    match v {
        J::Null => Node::Null,
        J::Bool(b) => Node::Bool(*b),
        J::Number(n) => Node::Num(n.to_string()),
        J::String(s) => Node::Str(s.clone()),
        J::Array(items) => Node::Seq(items.iter().map(data_node).collect()),
        J::Object(entries) => Node::Map(entries.iter().map(|(k, v)| (k.clone(), data_node(v))).collect()),
    }
}

fn ref_name(t: &RefTarget) -> String {
    match t {
        RefTarget::Parameter(p) | RefTarget::Resource(p) => p.clone(),
        RefTarget::Pseudo(p) => p.name().to_string(),
    }
}

fn parameter_node(p: &Parameter) -> Node {
    let mut m = Vec::new();
    if let Some(d) = &p.description {
        m.push(("Description".to_string(), Node::Str(d.clone())));
    }
    m.push(("Type".to_string(), Node::Str(p.type_name.clone())));
    if let Some(d) = &p.default {
        m.push(("Default".to_string(), expr_node(d)));
    }
    if !p.allowed_values.is_empty() {
        m.push((
            "AllowedValues".to_string(),
            Node::Seq(p.allowed_values.iter().map(expr_node).collect()),
        ));
    }
    if let Some(v) = &p.allowed_pattern {
        m.push(("AllowedPattern".to_string(), Node::Str(v.clone())));
    }
    for (k, v) in [
        ("MinLength", &p.min_length),
        ("MaxLength", &p.max_length),
        ("MinValue", &p.min_value),
        ("MaxValue", &p.max_value),
    ] {
        if let Some(v) = v {
            m.push((k.to_string(), Node::Num(v.clone())));
        }
    }
    if let Some(c) = &p.constraint_description {
        m.push(("ConstraintDescription".to_string(), Node::Str(c.clone())));
    }
    if p.no_echo {
        m.push(("NoEcho".to_string(), Node::Bool(true)));
    }
    Node::Map(m)
}

fn resource_node(r: &Resource) -> Node {
    let mut m = vec![("Type".to_string(), Node::Str(r.type_name.clone()))];
    if let Some((c, _)) = &r.condition {
        m.push(("Condition".to_string(), Node::Str(c.clone())));
    }
    match r.depends_on.as_slice() {
        [] => {}
        [(one, _)] => m.push(("DependsOn".to_string(), Node::Str(one.clone()))),
        many => m.push((
            "DependsOn".to_string(),
            Node::Seq(many.iter().map(|(d, _)| Node::Str(d.clone())).collect()),
        )),
    }
    if let Some((p, _)) = &r.deletion_policy {
        m.push(("DeletionPolicy".to_string(), Node::Str(p.clone())));
    }
    if let Some((p, _)) = &r.update_replace_policy {
        m.push(("UpdateReplacePolicy".to_string(), Node::Str(p.clone())));
    }
    for (name, _, value) in &r.other_attributes {
        m.push((name.clone(), data_node(value)));
    }
    if !r.properties.is_empty() {
        m.push((
            "Properties".to_string(),
            Node::Map(
                r.properties
                    .iter()
                    .map(|p| (p.name.clone(), expr_node(&p.value)))
                    .collect(),
            ),
        ));
    }
    Node::Map(m)
}

/// The template's sections, each entry with its notes.
fn sections(t: &Template) -> Vec<(&'static str, Vec<(String, Node)>)> {
    let mut out = Vec::new();
    let params: Vec<(String, Node)> = t
        .parameters
        .values()
        .map(|p| (p.name.clone(), parameter_node(p)))
        .collect();
    out.push(("Parameters", params));
    let mappings = t
        .mappings
        .values()
        .map(|m| {
            let entries = m
                .entries
                .iter()
                .map(|(k, inner)| {
                    (
                        k.clone(),
                        Node::Map(inner.iter().map(|(k2, v)| (k2.clone(), expr_node(v))).collect()),
                    )
                })
                .collect();
            (m.name.clone(), Node::Map(entries))
        })
        .collect();
    out.push(("Mappings", mappings));
    let conditions = t
        .conditions
        .values()
        .map(|c| (c.name.clone(), expr_node(&c.expr)))
        .collect();
    out.push(("Conditions", conditions));
    out.push((
        "Resources",
        t.resources
            .values()
            .map(|r| (r.logical_id.clone(), resource_node(r)))
            .collect(),
    ));
    let outputs = t
        .outputs
        .values()
        .map(|o| {
            let mut m = Vec::new();
            if let Some(d) = &o.description {
                m.push(("Description".to_string(), Node::Str(d.clone())));
            }
            if let Some((c, _)) = &o.condition {
                m.push(("Condition".to_string(), Node::Str(c.clone())));
            }
            m.push(("Value".to_string(), expr_node(&o.value)));
            if let Some(e) = &o.export_name {
                m.push((
                    "Export".to_string(),
                    Node::Map(vec![("Name".to_string(), expr_node(e))]),
                ));
            }
            (o.name.clone(), Node::Map(m))
        })
        .collect();
    out.push(("Outputs", outputs));
    out
}

/// `Fn::Length`, `Fn::ToJsonString` and `Fn::FindInMap` with a default need the
/// `AWS::LanguageExtensions` transform.
fn transform(t: &Template) -> Option<&'static str> {
    let mut needed = false;
    let mut visit = |e: &Expr| {
        e.walk(&mut |x| {
            needed |= matches!(
                &x.kind,
                ExprKind::Length(_) | ExprKind::ToJsonString(_) | ExprKind::FindInMap { default: Some(_), .. }
            )
        })
    };
    for r in t.resources.values() {
        r.properties.iter().for_each(|p| visit(&p.value));
    }
    for o in t.outputs.values() {
        visit(&o.value);
        o.export_name.iter().for_each(&mut visit);
    }
    t.conditions.values().for_each(|c| visit(&c.expr));
    needed.then_some("AWS::LanguageExtensions")
}

// ---- YAML

const WIDTH: usize = 110;

/// The template as YAML with short-form tags; notes become `# ` comments above their entries.
pub fn to_yaml(t: &Template, notes: &Notes) -> String {
    let mut out = String::new();
    let sections = sections(t);
    for n in notes.get("", "") {
        out.push_str(&format!("# {n}\n"));
    }
    // Notes about what is not in the template (a resource not converted) go on top.
    for ((section, name), lines) in &notes.items {
        let present = sections
            .iter()
            .any(|(s, entries)| s == section && entries.iter().any(|(n, _)| n == name));
        if !section.is_empty() && !present {
            for n in lines {
                out.push_str(&format!("# {n}\n"));
            }
        }
    }
    out.push_str("AWSTemplateFormatVersion: '2010-09-09'\n");
    if let Some(d) = &t.description {
        out.push_str("Description: ");
        scalar_or_block(&mut out, &Node::Str(d.clone()), 0);
    }
    if let Some(transform) = transform(t) {
        out.push_str(&format!("Transform: {transform}\n"));
    }
    for (section, entries) in sections {
        if entries.is_empty() {
            continue;
        }
        out.push_str(&format!("\n{section}:\n"));
        for (i, (name, node)) in entries.iter().enumerate() {
            if i > 0 && section == "Resources" {
                out.push('\n');
            }
            for n in notes.get(section, name) {
                out.push_str(&format!("  # {n}\n"));
            }
            out.push_str(&format!("  {}:", key(name)));
            value(&mut out, node, 2);
        }
    }
    out
}

/// Writes ` value\n` after a `key:`, or a nested block on the next lines.
fn value(out: &mut String, node: &Node, indent: usize) {
    match node {
        Node::Map(entries) if entries.is_empty() => out.push_str(" {}\n"),
        Node::Seq(items) if items.is_empty() => out.push_str(" []\n"),
        Node::Map(entries) => {
            out.push('\n');
            map_body(out, entries, indent + 2);
        }
        Node::Seq(items) => {
            out.push('\n');
            seq_body(out, items, indent + 2);
        }
        Node::Tagged(tag, inner) => {
            out.push_str(&format!(" !{tag}"));
            if let Some(flow) = flow(inner).filter(|f| indent + f.len() + tag.len() < WIDTH) {
                out.push_str(&format!(" {flow}\n"));
            } else {
                value(out, inner, indent);
            }
        }
        scalar => {
            out.push(' ');
            scalar_or_block(out, scalar, indent);
        }
    }
}

fn map_body(out: &mut String, entries: &[(String, Node)], indent: usize) {
    let pad = " ".repeat(indent);
    for (k, v) in entries {
        out.push_str(&format!("{pad}{}:", key(k)));
        value(out, v, indent);
    }
}

fn seq_body(out: &mut String, items: &[Node], indent: usize) {
    let pad = " ".repeat(indent);
    for item in items {
        match item {
            Node::Map(entries) if !entries.is_empty() => {
                // `- Key: value` with the rest of the mapping aligned under the first key.
                let mut inner = String::new();
                map_body(&mut inner, entries, indent + 2);
                out.push_str(&format!("{pad}- {}", &inner[indent + 2..]));
            }
            Node::Seq(items) if !items.is_empty() => match flow(item).filter(|f| indent + f.len() < WIDTH) {
                Some(f) => out.push_str(&format!("{pad}- {f}\n")),
                None => {
                    out.push_str(&format!("{pad}-\n"));
                    seq_body(out, items, indent + 2);
                }
            },
            other => {
                out.push_str(&format!("{pad}-"));
                value(out, other, indent);
            }
        }
    }
}

/// A node on one line (`[0, !GetAZs '']`), when everything in it fits on one.
fn flow(node: &Node) -> Option<String> {
    Some(match node {
        Node::Str(s) => {
            if s.contains('\n') {
                return None;
            }
            quote(s, true)
        }
        Node::Num(n) => n.clone(),
        Node::Bool(b) => b.to_string(),
        Node::Null => "null".to_string(),
        Node::Seq(items) => format!("[{}]", items.iter().map(flow).collect::<Option<Vec<_>>>()?.join(", ")),
        Node::Map(entries) => format!(
            "{{{}}}",
            entries
                .iter()
                .map(|(k, v)| Some(format!("{}: {}", quote(k, true), flow(v)?)))
                .collect::<Option<Vec<_>>>()?
                .join(", ")
        ),
        Node::Tagged(tag, inner) => format!("!{tag} {}", flow(inner)?),
    })
}

fn key(k: &str) -> String {
    quote(k, false)
}

/// A scalar after `key: ` (or `- `), with a literal block for multi-line text.
fn scalar_or_block(out: &mut String, node: &Node, indent: usize) {
    match node {
        Node::Str(s) if s.contains('\n') && !s.trim_end_matches('\n').is_empty() && block_safe(s) => {
            let trailing = s.len() - s.trim_end_matches('\n').len();
            let chomp = match trailing {
                0 => "-",
                1 => "",
                _ => "+",
            };
            let body = if trailing == 0 {
                s.as_str()
            } else {
                &s[..s.len() - trailing]
            };
            let pad = " ".repeat(indent + 2);
            // An indentation indicator when the text itself starts with a space.
            let indicator = if body.starts_with(' ') { "2" } else { "" };
            out.push_str(&format!("|{indicator}{chomp}\n"));
            for line in body.split('\n') {
                if line.is_empty() {
                    out.push('\n');
                } else {
                    out.push_str(&format!("{pad}{line}\n"));
                }
            }
            for _ in 1..trailing {
                out.push('\n');
            }
        }
        Node::Str(s) => out.push_str(&format!("{}\n", quote(s, false))),
        Node::Num(n) => out.push_str(&format!("{n}\n")),
        Node::Bool(b) => out.push_str(&format!("{b}\n")),
        Node::Null => out.push_str("null\n"),
        other => out.push_str(&format!("{}\n", flow(other).unwrap_or_default())),
    }
}

/// Text a literal block can hold as it is.
fn block_safe(s: &str) -> bool {
    s.chars().all(|c| c == '\n' || c == '\t' || !c.is_control()) && !s.contains('\r')
}

/// A string as a YAML scalar: plain when it cannot be read as anything else, else quoted.
fn quote(s: &str, in_flow: bool) -> String {
    if plain_ok(s, in_flow) {
        return s.to_string();
    }
    if s.chars().all(|c| !c.is_control()) {
        return format!("'{}'", s.replace('\'', "''"));
    }
    serde_json::to_string(s).unwrap_or_default()
}

fn plain_ok(s: &str, in_flow: bool) -> bool {
    let Some(first) = s.chars().next() else { return false };
    if s != s.trim() || s.chars().any(|c| c.is_control()) {
        return false;
    }
    if "-?:,[]{}#&*!|>'\"%@`".contains(first) {
        return false;
    }
    if s.contains(": ") || s.contains(" #") || s.ends_with(':') {
        return false;
    }
    if in_flow && s.contains([',', '[', ']', '{', '}']) {
        return false;
    }
    let lower = s.to_ascii_lowercase();
    if matches!(
        lower.as_str(),
        "true" | "false" | "yes" | "no" | "on" | "off" | "y" | "n" | "null" | "~" | ".inf" | ".nan" | "-.inf"
    ) {
        return false;
    }
    // Anything that could be read as a number, a date or a time stays a string by quoting.
    let numberish = s.chars().all(|c| c.is_ascii_hexdigit() || "+-.:_xXoO ".contains(c));
    !(first.is_ascii_digit() || first == '.' || first == '+') || !numberish
}

// ---- JSON

/// The template as JSON, functions in long form.
pub fn to_json(t: &Template) -> String {
    let mut root = serde_json::Map::new();
    root.insert("AWSTemplateFormatVersion".into(), "2010-09-09".into());
    if let Some(d) = &t.description {
        root.insert("Description".into(), d.clone().into());
    }
    if let Some(transform) = transform(t) {
        root.insert("Transform".into(), transform.into());
    }
    for (section, entries) in sections(t) {
        if entries.is_empty() {
            continue;
        }
        let obj = entries.iter().map(|(k, v)| (k.clone(), json(v))).collect();
        root.insert(section.into(), serde_json::Value::Object(obj));
    }
    let mut text = serde_json::to_string_pretty(&serde_json::Value::Object(root)).unwrap_or_default();
    text.push('\n');
    text
}

fn json(n: &Node) -> serde_json::Value {
    use serde_json::Value;
    match n {
        Node::Str(s) => Value::String(s.clone()),
        Node::Num(s) => serde_json::from_str::<serde_json::Number>(s)
            .map(Value::Number)
            .unwrap_or_else(|_| Value::String(s.clone())),
        Node::Bool(b) => Value::Bool(*b),
        Node::Null => Value::Null,
        Node::Seq(items) => Value::Array(items.iter().map(json).collect()),
        Node::Map(entries) => Value::Object(entries.iter().map(|(k, v)| (k.clone(), json(v))).collect()),
        Node::Tagged(tag, inner) => {
            let value = match (*tag, inner.as_ref()) {
                // The long form of GetAtt is a list.
                ("GetAtt", Node::Str(s)) => match s.split_once('.') {
                    Some((r, a)) => Value::Array(vec![r.into(), a.into()]),
                    None => Value::String(s.clone()),
                },
                _ => json(inner),
            };
            let mut m = serde_json::Map::new();
            m.insert(long_form(tag), value);
            Value::Object(m)
        }
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn strings_are_quoted_only_when_yaml_would_read_them_otherwise() {
        assert_eq!(quote("10.0.0.0/16", false), "10.0.0.0/16");
        assert_eq!(quote("10", false), "'10'");
        assert_eq!(quote("-1", false), "'-1'");
        assert_eq!(quote("true", false), "'true'");
        assert_eq!(quote("", false), "''");
        assert_eq!(quote("a: b", false), "'a: b'");
        assert_eq!(quote("it's", false), "it's");
        assert_eq!(quote("'x'", false), "'''x'''");
        assert_eq!(quote("a,b", true), "'a,b'");
        assert_eq!(quote("2010-09-09", false), "'2010-09-09'");
        assert_eq!(quote("t2.micro", false), "t2.micro");
        assert_eq!(quote("tab\there", false), "\"tab\\there\"");
    }
}
