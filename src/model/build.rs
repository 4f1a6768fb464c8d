use super::*;
use crate::diagnostics::{Diagnostic, Diagnostics};
use crate::parse::{Node, Value};
use std::collections::{HashMap, HashSet};

const SECTIONS: &[&str] = &[
    "AWSTemplateFormatVersion",
    "Description",
    "Metadata",
    "Parameters",
    "Rules",
    "Mappings",
    "Conditions",
    "Transform",
    "Resources",
    "Outputs",
];

/// Builds the typed model. Errors (what CloudFormation would reject) and warnings go into
/// `diags`; the template is only usable when `diags.has_errors()` is false.
pub fn build_template(root: &Node, diags: &mut Diagnostics) -> Template {
    let mut t = Template::default();
    let Some(entries) = root.as_map() else {
        diags.push(
            Diagnostic::error(
                "model::not-a-template",
                format!("a template is a mapping of sections, this is {}", root.kind()),
                Some(root.span),
            )
            .with_help("a CloudFormation template starts with sections such as `Resources:`"),
        );
        return t;
    };
    for (key, node) in entries {
        if !SECTIONS.contains(&key.name.as_str()) {
            diags.push(
                Diagnostic::error(
                    "model::unknown-section",
                    format!("`{}` is not a template section", key.name),
                    Some(key.span),
                )
                .with_help(format!("sections are: {}", SECTIONS.join(", "))),
            );
        }
        if key.name == "Transform" && !only_language_extensions(node) {
            diags.push(
                Diagnostic::error(
                    "model::transform",
                    "templates with a `Transform` (macros, SAM) cannot be converted: the transform runs inside CloudFormation",
                    Some(key.span),
                )
                .with_help("expand the template first (e.g. `aws cloudformation get-template --template-stage Processed`) and convert the result; only `AWS::LanguageExtensions` is translated"),
            );
        }
        if key.name == "Rules" {
            diags.warn(
                "model::rules",
                "template `Rules` are not translated (Terraform has no parameter rules); check them by hand",
                Some(key.span),
            );
        }
        if key.name == "Description" {
            t.description = node.as_str().map(str::to_string);
        }
    }
    let Some(resources) = root.get_entry("Resources") else {
        diags.push(
            Diagnostic::error(
                "model::no-resources",
                "the template has no `Resources` section",
                Some(Span::new(root.span.start, root.span.start)),
            )
            .with_help("CloudFormation requires at least one resource under `Resources:`"),
        );
        return t;
    };

    let mut b = Builder {
        diags,
        names: Names::default(),
    };
    // Names first, so that references can be checked in any order.
    if let Some(params) = root.get("Parameters").and_then(Node::as_map) {
        b.names.parameters = params.iter().map(|(k, _)| k.name.clone()).collect();
    }
    match resources.1.as_map() {
        Some(r) if !r.is_empty() => b.names.resources = r.iter().map(|(k, _)| k.name.clone()).collect(),
        _ => b.diags.push(
            Diagnostic::error(
                "model::no-resources",
                "`Resources` must be a non-empty mapping of logical IDs to resources",
                Some(resources.0.span),
            )
            .with_help("add at least one resource"),
        ),
    }
    if let Some(conds) = root.get("Conditions").and_then(Node::as_map) {
        b.names.conditions = conds.iter().map(|(k, _)| k.name.clone()).collect();
    }
    if let Some(maps) = root.get("Mappings").and_then(Node::as_map) {
        b.names.mappings = maps.iter().map(|(k, _)| k.name.clone()).collect();
    }

    if let Some(params) = root.get("Parameters") {
        for (key, node) in b.section(params, "Parameters") {
            if let Some(p) = b.parameter(key, node) {
                t.parameters.insert(p.name.clone(), p);
            }
        }
    }
    if let Some(maps) = root.get("Mappings") {
        for (key, node) in b.section(maps, "Mappings") {
            if let Some(m) = b.mapping(key, node) {
                t.mappings.insert(m.name.clone(), m);
            }
        }
    }
    if let Some(conds) = root.get("Conditions") {
        for (key, node) in b.section(conds, "Conditions") {
            let expr = b.condition_expr(node);
            t.conditions.insert(
                key.name.clone(),
                Condition {
                    name: key.name.clone(),
                    span: key.span,
                    expr,
                },
            );
        }
    }
    for (key, node) in b.section(&resources.1, "Resources") {
        if let Some(r) = b.resource(key, node) {
            t.resources.insert(r.logical_id.clone(), r);
        }
    }
    if let Some(outputs) = root.get("Outputs") {
        for (key, node) in b.section(outputs, "Outputs") {
            if let Some(o) = b.output(key, node) {
                t.outputs.insert(o.name.clone(), o);
            }
        }
    }
    check_resource_cycles(&t, b.diags);
    check_condition_cycles(&t, b.diags);
    check_lookups(&t, b.diags);
    t
}

/// `Fn::FindInMap` with literal keys must find them (CloudFormation refuses the stack
/// otherwise), and `Fn::Split` splits a string, never a list.
fn check_lookups(t: &Template, diags: &mut Diagnostics) {
    let mut check = |e: &Expr| match &e.kind {
        ExprKind::FindInMap {
            map,
            top,
            second,
            default: None,
        } => {
            if let Err(d) = literal_lookup(t, map, top, second) {
                diags.push(d);
            }
        }
        ExprKind::Split { source, .. } => {
            let list = match &source.kind {
                ExprKind::List(_) => true,
                ExprKind::FindInMap { map, top, second, .. } => {
                    matches!(literal_lookup(t, map, top, second), Ok(Some(v)) if matches!(v.kind, ExprKind::List(_)))
                }
                _ => false,
            };
            if list {
                diags.push(
                    err(
                        "model::split-list",
                        "`Fn::Split` splits a string, and this is a list",
                        source.span,
                    )
                    .with_help("use the list itself (with `Fn::Select` for one item), or `Fn::Join` it first"),
                );
            }
        }
        _ => {}
    };
    for c in t.conditions.values() {
        c.expr.walk(&mut check);
    }
    for r in t.resources.values() {
        for p in &r.properties {
            p.value.walk(&mut check);
        }
    }
    for o in t.outputs.values() {
        o.value.walk(&mut check);
    }
}

/// The value `Fn::FindInMap` finds when its keys are literal (None when they are computed or
/// the mapping is unknown, which is reported elsewhere); an error when a key is missing.
fn literal_lookup<'t>(t: &'t Template, map: &Expr, top: &Expr, second: &Expr) -> Result<Option<&'t Expr>, Diagnostic> {
    // A map name computed by an intrinsic is looked up at deploy time.
    let Some(map) = map.as_literal_str() else {
        return Ok(None);
    };
    let Some(m) = t.mappings.get(map) else { return Ok(None) };
    let Some(top_key) = top.as_literal_str() else {
        return Ok(None);
    };
    let Some(inner) = m.entries.get(top_key) else {
        return Err(err(
            "model::mapping-key",
            format!("mapping `{map}` has no key `{top_key}`"),
            top.span,
        )
        .with_help("CloudFormation refuses the stack; add the key or a `DefaultValue` (AWS::LanguageExtensions)"));
    };
    let Some(second_key) = second.as_literal_str() else {
        return Ok(None);
    };
    match inner.get(second_key) {
        Some(v) => Ok(Some(v)),
        None => Err(err(
            "model::mapping-key",
            format!("mapping `{map}` has no key `{second_key}` under `{top_key}`"),
            second.span,
        )
        .with_help("CloudFormation refuses the stack; add the key or a `DefaultValue` (AWS::LanguageExtensions)")),
    }
}

#[derive(Default)]
struct Names {
    parameters: HashSet<String>,
    resources: HashSet<String>,
    conditions: HashSet<String>,
    mappings: HashSet<String>,
}

struct Builder<'d> {
    diags: &'d mut Diagnostics,
    names: Names,
}

fn is_intrinsic(key: &str) -> bool {
    key == "Ref" || key.starts_with("Fn::")
}

/// A node as plain data (the parser already wrote short-form tags in long form).
fn data(node: &Node) -> serde_json::Value {
    use serde_json::Value as J;
    match &node.value {
        Value::Null => J::Null,
        Value::Bool(b) => J::Bool(*b),
        // A number JSON cannot spell (`010`) stays the text it was.
        Value::Number(n) => {
            serde_json::from_str::<serde_json::Number>(n).map_or_else(|_| J::String(n.clone()), J::Number)
        }
        Value::String(s) => J::String(s.clone()),
        Value::Seq(items) => J::Array(items.iter().map(data).collect()),
        Value::Map(entries) => J::Object(entries.iter().map(|(k, v)| (k.name.clone(), data(v))).collect()),
    }
}

fn err(code: &'static str, msg: impl Into<String>, span: Span) -> Diagnostic {
    Diagnostic::error(code, msg, Some(span))
}

impl Builder<'_> {
    fn section<'n>(&mut self, node: &'n Node, name: &str) -> Vec<(&'n crate::parse::Key, &'n Node)> {
        match node.as_map() {
            Some(m) => m.iter().map(|(k, v)| (k, v)).collect(),
            None => {
                if node.value != Value::Null {
                    self.diags.push(err(
                        "model::section",
                        format!("`{name}` must be a mapping, this is {}", node.kind()),
                        node.span,
                    ));
                }
                Vec::new()
            }
        }
    }

    fn string_field(&mut self, node: &Node, field: &str) -> Option<String> {
        let v = node.get(field)?;
        match &v.value {
            Value::String(s) | Value::Number(s) => Some(s.clone()),
            Value::Bool(b) => Some(b.to_string()),
            _ => {
                self.diags.push(err(
                    "model::field",
                    format!("`{field}` must be a string, this is {}", v.kind()),
                    v.span,
                ));
                None
            }
        }
    }

    fn parameter(&mut self, key: &crate::parse::Key, node: &Node) -> Option<Parameter> {
        if node.as_map().is_none() {
            self.diags.push(err(
                "model::parameter",
                format!("parameter `{}` must be a mapping with a `Type`", key.name),
                node.span,
            ));
            return None;
        }
        let Some(type_name) = self.string_field(node, "Type") else {
            self.diags.push(
                err(
                    "model::parameter-type",
                    format!("parameter `{}` has no `Type`", key.name),
                    key.span,
                )
                .with_help("add e.g. `Type: String`"),
            );
            return None;
        };
        let allowed_values = match node.get("AllowedValues") {
            Some(v) => match v.as_seq() {
                Some(items) => items.iter().map(|i| self.expr(i)).collect(),
                None => {
                    self.diags
                        .push(err("model::parameter", "`AllowedValues` must be a list", v.span));
                    Vec::new()
                }
            },
            None => Vec::new(),
        };
        Some(Parameter {
            name: key.name.clone(),
            span: key.span,
            default: node.get("Default").map(|d| self.expr(d)),
            description: self.string_field(node, "Description"),
            allowed_values,
            allowed_pattern: self.string_field(node, "AllowedPattern"),
            pattern_span: node.get("AllowedPattern").map_or(key.span, |n| n.span),
            min_length: self.string_field(node, "MinLength"),
            max_length: self.string_field(node, "MaxLength"),
            min_value: self.string_field(node, "MinValue"),
            max_value: self.string_field(node, "MaxValue"),
            constraint_description: self.string_field(node, "ConstraintDescription"),
            no_echo: matches!(node.get("NoEcho").map(|n| &n.value), Some(Value::Bool(true)))
                || node.get("NoEcho").and_then(Node::as_str) == Some("true"),
            type_name,
        })
    }

    fn mapping(&mut self, key: &crate::parse::Key, node: &Node) -> Option<Mapping> {
        let mut entries = IndexMap::new();
        for (top, second) in self.section(node, &key.name) {
            let mut inner = IndexMap::new();
            for (k, v) in self.section(second, &top.name) {
                inner.insert(k.name.clone(), self.expr(v));
            }
            entries.insert(top.name.clone(), inner);
        }
        Some(Mapping {
            name: key.name.clone(),
            span: key.span,
            entries,
        })
    }

    fn resource(&mut self, key: &crate::parse::Key, node: &Node) -> Option<Resource> {
        if key.name.starts_with("Fn::ForEach") {
            self.diags.push(
                err(
                    "model::for-each",
                    "`Fn::ForEach` (AWS::LanguageExtensions) is not translated: it expands inside CloudFormation",
                    key.span,
                )
                .with_help("expand the loop by hand, or convert the processed template (`aws cloudformation get-template --template-stage Processed`)"),
            );
            return None;
        }
        if node.as_map().is_none() {
            self.diags.push(err(
                "model::resource",
                format!("resource `{}` must be a mapping with a `Type`", key.name),
                node.span,
            ));
            return None;
        }
        let Some((type_key, type_node)) = node.get_entry("Type") else {
            self.diags.push(
                err(
                    "model::resource-type",
                    format!("resource `{}` has no `Type`", key.name),
                    key.span,
                )
                .with_help("add e.g. `Type: AWS::EC2::VPC`"),
            );
            return None;
        };
        let Some(type_name) = type_node.as_str() else {
            self.diags
                .push(err("model::resource-type", "`Type` must be a string", type_node.span));
            return None;
        };
        let _ = type_key;
        let mut properties = Vec::new();
        if let Some(props) = node.get("Properties") {
            // `Properties: {Fn::Transform: ...}` (AWS::Include) or an `Fn::If` over whole property sets.
            if let Some([(k, _)]) = props.as_map()
                && k.name.starts_with("Fn::")
            {
                self.diags.push(
                    err(
                        "model::properties-intrinsic",
                        format!("`{}` in place of the `Properties` mapping is not translated", k.name),
                        k.span,
                    )
                    .with_help("write the properties out (for AWS::Include, convert the processed template)"),
                );
            }
            for (k, v) in self.section(props, "Properties") {
                properties.push(Property {
                    name: k.name.clone(),
                    span: k.span,
                    value: self.expr(v),
                });
            }
        }
        let mut depends_on = Vec::new();
        if let Some(d) = node.get("DependsOn") {
            let items: Vec<&Node> = match &d.value {
                Value::Seq(items) => items.iter().collect(),
                _ => vec![d],
            };
            for item in items {
                match item.as_str() {
                    Some(name) if self.names.resources.contains(name) => depends_on.push((name.to_string(), item.span)),
                    Some(name) => self.diags.push(
                        err(
                            "model::depends-on",
                            format!("`DependsOn` names `{name}`, which is not a resource of this template"),
                            item.span,
                        )
                        .with_help(self.suggest(name, &self.names.resources)),
                    ),
                    None => self.diags.push(err(
                        "model::depends-on",
                        "`DependsOn` must be a logical ID or a list of them",
                        item.span,
                    )),
                }
            }
        }
        let condition = node.get("Condition").and_then(|c| {
            let name = c.as_str()?;
            if !self.names.conditions.contains(name) {
                self.diags.push(err(
                    "model::condition",
                    format!("resource condition `{name}` is not defined under `Conditions`"),
                    c.span,
                ));
            }
            Some((name.to_string(), c.span))
        });
        let policy = |field: &str| node.get(field).and_then(|p| Some((p.as_str()?.to_string(), p.span)));
        let mut other_attributes = Vec::new();
        for (k, v) in node.as_map().unwrap_or(&[]) {
            match k.name.as_str() {
                "Type" | "Properties" | "DependsOn" | "Condition" | "DeletionPolicy"
                | "UpdateReplacePolicy" => {}
                // `Description` is no documented resource attribute, but CloudFormation accepts
                // and ignores it (CodeStar templates put one on every resource; the CDK's
                // cfn-include reads it as a resource attribute); any other key is refused.
                "Metadata" | "CreationPolicy" | "UpdatePolicy" | "Version" | "Description" => {
                    other_attributes.push((k.name.clone(), k.span, data(v)))
                }
                other => self.diags.push(
                    err(
                        "model::resource-attribute",
                        format!("`{other}` is not a resource attribute"),
                        k.span,
                    )
                    .with_help("resource attributes are Type, Properties, DependsOn, Condition, DeletionPolicy, UpdateReplacePolicy, Metadata, CreationPolicy, UpdatePolicy (and Description, which CloudFormation ignores)"),
                ),
            }
        }
        Some(Resource {
            logical_id: key.name.clone(),
            span: key.span,
            type_name: type_name.to_string(),
            type_span: type_node.span,
            properties,
            depends_on,
            condition,
            deletion_policy: policy("DeletionPolicy"),
            update_replace_policy: policy("UpdateReplacePolicy"),
            other_attributes,
        })
    }

    fn output(&mut self, key: &crate::parse::Key, node: &Node) -> Option<Output> {
        let Some(value) = node.get("Value") else {
            self.diags.push(err(
                "model::output",
                format!("output `{}` has no `Value`", key.name),
                key.span,
            ));
            return None;
        };
        let condition = node.get("Condition").and_then(|c| {
            let name = c.as_str()?;
            if !self.names.conditions.contains(name) {
                self.diags.push(err(
                    "model::condition",
                    format!("output condition `{name}` is not defined under `Conditions`"),
                    c.span,
                ));
            }
            Some((name.to_string(), c.span))
        });
        Some(Output {
            name: key.name.clone(),
            span: key.span,
            description: self.string_field(node, "Description"),
            value: self.expr(value),
            export_name: node.get("Export").and_then(|e| e.get("Name")).map(|n| self.expr(n)),
            condition,
        })
    }

    fn suggest(&self, name: &str, known: &HashSet<String>) -> String {
        let lower = name.to_ascii_lowercase();
        let mut close: Vec<&String> = known
            .iter()
            .filter(|k| {
                let k = k.to_ascii_lowercase();
                k.contains(&lower) || lower.contains(&k) || edit_distance(&k, &lower) <= 2
            })
            .collect();
        close.sort();
        match close.first() {
            Some(c) => format!("did you mean `{c}`?"),
            None => "check the spelling against the template's Parameters and Resources".into(),
        }
    }

    fn ref_target(&mut self, name: &str, span: Span) -> RefTarget {
        if let Some(p) = Pseudo::from_name(name) {
            return RefTarget::Pseudo(p);
        }
        if self.names.parameters.contains(name) {
            return RefTarget::Parameter(name.to_string());
        }
        if self.names.resources.contains(name) {
            return RefTarget::Resource(name.to_string());
        }
        let mut known = self.names.parameters.clone();
        known.extend(self.names.resources.iter().cloned());
        let help = self.suggest(name, &known);
        self.diags.push(
            err(
                "model::unknown-ref",
                format!("`Ref` to `{name}`, which is neither a parameter, a resource nor a pseudo parameter"),
                span,
            )
            .with_help(help),
        );
        RefTarget::Parameter(name.to_string())
    }

    fn check_resource(&mut self, name: &str, span: Span) {
        if !self.names.resources.contains(name) {
            let help = self.suggest(name, &self.names.resources);
            self.diags.push(
                err(
                    "model::unknown-resource",
                    format!("`Fn::GetAtt` names `{name}`, which is not a resource of this template"),
                    span,
                )
                .with_help(help),
            );
        }
    }

    fn condition_expr(&mut self, node: &Node) -> Expr {
        if let Some([(k, v)]) = node.as_map()
            && k.name == "Condition"
        {
            return self.condition_ref(v);
        }
        self.expr(node)
    }

    fn condition_ref(&mut self, v: &Node) -> Expr {
        match v.as_str() {
            Some(name) => {
                if !self.names.conditions.contains(name) {
                    self.diags.push(err(
                        "model::condition",
                        format!("condition `{name}` is not defined under `Conditions`"),
                        v.span,
                    ));
                }
                Expr::new(ExprKind::Condition(name.to_string()), v.span)
            }
            None => {
                self.diags
                    .push(err("model::condition", "`Condition` takes a condition name", v.span));
                Expr::new(ExprKind::Null, v.span)
            }
        }
    }

    fn expr(&mut self, node: &Node) -> Expr {
        let span = node.span;
        let kind = match &node.value {
            Value::Null => ExprKind::Null,
            Value::Bool(b) => ExprKind::Bool(*b),
            Value::Number(n) => ExprKind::Number(n.clone()),
            Value::String(s) => ExprKind::String(s.clone()),
            Value::Seq(items) => ExprKind::List(items.iter().map(|i| self.expr(i)).collect()),
            Value::Map(entries) => {
                if let [(k, v)] = entries.as_slice()
                    && is_intrinsic(&k.name)
                {
                    return self.intrinsic(&k.name, k.span, v, span);
                }
                if entries.len() > 1
                    && let Some((k, _)) = entries.iter().find(|(k, _)| is_intrinsic(&k.name))
                {
                    // CloudFormation reads neither the function nor a mapping here.
                    self.diags.push(
                        err(
                            "model::intrinsic-object",
                            format!(
                                "`{}` must be the only key of its mapping, which has {} keys",
                                k.name,
                                entries.len()
                            ),
                            k.span,
                        )
                        .with_help("an intrinsic function is a mapping with exactly one key; move the other keys out"),
                    );
                    return Expr::new(ExprKind::Null, span);
                }
                ExprKind::Map(
                    entries
                        .iter()
                        .map(|(k, v)| (k.name.clone(), k.span, self.expr(v)))
                        .collect(),
                )
            }
        };
        Expr::new(kind, span)
    }

    fn args<'n>(&mut self, func: &str, v: &'n Node, n: std::ops::RangeInclusive<usize>) -> Option<&'n [Node]> {
        match v.as_seq() {
            Some(items) if n.contains(&items.len()) => Some(items),
            _ => {
                let want = if n.start() == n.end() {
                    format!("{}", n.start())
                } else {
                    format!("{} to {}", n.start(), n.end())
                };
                self.diags.push(err(
                    "model::arguments",
                    format!("`{func}` takes a list of {want} arguments, this is {}", describe(v)),
                    v.span,
                ));
                None
            }
        }
    }

    fn literal_string(&mut self, func: &str, what: &str, v: &Node) -> Option<String> {
        match &v.value {
            Value::String(s) | Value::Number(s) => Some(s.clone()),
            _ => {
                self.diags.push(err(
                    "model::arguments",
                    format!("`{func}` needs {what} as a plain string here, this is {}", v.kind()),
                    v.span,
                ));
                None
            }
        }
    }

    fn intrinsic(&mut self, func: &str, key_span: Span, v: &Node, span: Span) -> Expr {
        let null = Expr::new(ExprKind::Null, span);
        let kind = match func {
            "Ref" => match v.as_str() {
                Some(name) => ExprKind::Ref(self.ref_target(name, v.span)),
                None => {
                    self.diags.push(err("model::arguments", "`Ref` takes a name", v.span));
                    return null;
                }
            },
            "Fn::GetAtt" => {
                let (res, attr) = match &v.value {
                    Value::String(s) => match s.split_once('.') {
                        Some((r, a)) => (r.to_string(), a.to_string()),
                        None => {
                            self.diags.push(
                                err("model::arguments", "`Fn::GetAtt` needs `Resource.Attribute`", v.span)
                                    .with_help("write `!GetAtt MyResource.Arn`"),
                            );
                            return null;
                        }
                    },
                    _ => {
                        let Some(a) = self.args(func, v, 2..=2) else {
                            return null;
                        };
                        let (Some(r), Some(at)) = (
                            self.literal_string(func, "the logical ID", &a[0]),
                            self.literal_string(func, "the attribute name", &a[1]),
                        ) else {
                            return null;
                        };
                        (r, at)
                    }
                };
                self.check_resource(&res, v.span);
                ExprKind::GetAtt {
                    resource: res,
                    attribute: attr,
                }
            }
            "Fn::Sub" => {
                let (template, vars_node) = match &v.value {
                    Value::String(s) => (s.clone(), None),
                    _ => {
                        let Some(a) = self.args(func, v, 2..=2) else {
                            return null;
                        };
                        let Some(s) = self.literal_string(func, "the template", &a[0]) else {
                            return null;
                        };
                        (s, Some(&a[1]))
                    }
                };
                let mut vars = Vec::new();
                if let Some(vn) = vars_node {
                    match vn.as_map() {
                        Some(entries) => {
                            for (k, val) in entries {
                                vars.push((k.name.clone(), self.expr(val)));
                            }
                        }
                        None => self.diags.push(err(
                            "model::arguments",
                            "the second argument of `Fn::Sub` must be a mapping of variables",
                            vn.span,
                        )),
                    }
                }
                let var_names: HashSet<String> = vars.iter().map(|(k, _)| k.clone()).collect();
                let parts = self.sub_parts(&template, &var_names, v.span);
                ExprKind::Sub { parts, vars }
            }
            "Fn::Join" => {
                let Some(a) = self.args(func, v, 2..=2) else {
                    return null;
                };
                let Some(delimiter) = self.literal_string(func, "the delimiter", &a[0]) else {
                    return null;
                };
                ExprKind::Join {
                    delimiter,
                    items: Box::new(self.expr(&a[1])),
                }
            }
            "Fn::Select" => {
                let Some(a) = self.args(func, v, 2..=2) else {
                    return null;
                };
                let index = self.expr(&a[0]);
                let list = self.expr(&a[1]);
                let literal_len = match &list.kind {
                    ExprKind::List(items) => Some(items.len()),
                    ExprKind::Cidr { count, .. } => count.as_literal_str().and_then(|c| c.trim().parse::<usize>().ok()),
                    _ => None,
                };
                if let (Some(i), Some(len)) = (index.as_literal_str(), literal_len) {
                    match i.trim().parse::<usize>() {
                        Ok(i) if i < len => {}
                        _ => self.diags.push(
                            err(
                                "model::select-range",
                                format!("`Fn::Select` index {i} is out of range for a list of {len}"),
                                a[0].span,
                            )
                            .with_help("indexes start at 0"),
                        ),
                    }
                }
                ExprKind::Select {
                    index: Box::new(index),
                    list: Box::new(list),
                }
            }
            "Fn::Split" => {
                let Some(a) = self.args(func, v, 2..=2) else {
                    return null;
                };
                let Some(delimiter) = self.literal_string(func, "the delimiter", &a[0]) else {
                    return null;
                };
                ExprKind::Split {
                    delimiter,
                    source: Box::new(self.expr(&a[1])),
                }
            }
            "Fn::GetAZs" => ExprKind::GetAzs(Box::new(self.expr(v))),
            "Fn::FindInMap" => {
                let Some(a) = self.args(func, v, 3..=4) else {
                    return null;
                };
                // CloudFormation allows `Ref` and `Fn::FindInMap` for the map name.
                let computed = a[0].get("Ref").or_else(|| a[0].get("Fn::FindInMap")).is_some();
                let map = if computed {
                    self.expr(&a[0])
                } else {
                    let Some(map) = self.literal_string(func, "the map name", &a[0]) else {
                        return null;
                    };
                    if !self.names.mappings.contains(&map) {
                        self.diags.push(err(
                            "model::unknown-mapping",
                            format!("`Fn::FindInMap` names `{map}`, which is not under `Mappings`"),
                            a[0].span,
                        ));
                    }
                    Expr::new(ExprKind::String(map), a[0].span)
                };
                let default = a.get(3).and_then(|d| {
                    let value = d.get("DefaultValue");
                    if value.is_none() {
                        self.diags.push(err(
                            "model::arguments",
                            "the fourth argument of `Fn::FindInMap` must be `{DefaultValue: ...}`",
                            d.span,
                        ));
                    }
                    value.map(|v| Box::new(self.expr(v)))
                });
                ExprKind::FindInMap {
                    map: Box::new(map),
                    top: Box::new(self.expr(&a[1])),
                    second: Box::new(self.expr(&a[2])),
                    default,
                }
            }
            "Fn::If" => {
                let Some(a) = self.args(func, v, 3..=3) else {
                    return null;
                };
                let Some(condition) = self.literal_string(func, "the condition name", &a[0]) else {
                    return null;
                };
                if !self.names.conditions.contains(&condition) {
                    self.diags.push(err(
                        "model::condition",
                        format!("`Fn::If` names condition `{condition}`, which is not under `Conditions`"),
                        a[0].span,
                    ));
                }
                ExprKind::If {
                    condition,
                    then: Box::new(self.expr(&a[1])),
                    otherwise: Box::new(self.expr(&a[2])),
                }
            }
            "Fn::Equals" => {
                let Some(a) = self.args(func, v, 2..=2) else {
                    return null;
                };
                ExprKind::Equals(Box::new(self.expr(&a[0])), Box::new(self.expr(&a[1])))
            }
            "Fn::And" | "Fn::Or" => {
                let Some(a) = self.args(func, v, 2..=10) else {
                    return null;
                };
                let items = a.iter().map(|i| self.condition_expr(i)).collect();
                if func == "Fn::And" {
                    ExprKind::And(items)
                } else {
                    ExprKind::Or(items)
                }
            }
            "Fn::Not" => {
                let Some(a) = self.args(func, v, 1..=1) else {
                    return null;
                };
                ExprKind::Not(Box::new(self.condition_expr(&a[0])))
            }
            "Fn::Condition" => return self.condition_ref(v),
            "Fn::Base64" => ExprKind::Base64(Box::new(self.expr(v))),
            "Fn::Cidr" => {
                let Some(a) = self.args(func, v, 3..=3) else {
                    return null;
                };
                ExprKind::Cidr {
                    block: Box::new(self.expr(&a[0])),
                    count: Box::new(self.expr(&a[1])),
                    bits: Box::new(self.expr(&a[2])),
                }
            }
            "Fn::ImportValue" => ExprKind::ImportValue(Box::new(self.expr(v))),
            "Fn::Length" => ExprKind::Length(Box::new(self.expr(v))),
            "Fn::ToJsonString" => ExprKind::ToJsonString(Box::new(self.expr(v))),
            "Fn::Transform" => {
                self.diags.push(
                    err(
                        "model::transform",
                        "`Fn::Transform` runs a macro inside CloudFormation and cannot be converted",
                        key_span,
                    )
                    .with_help("convert the processed template instead (`aws cloudformation get-template --template-stage Processed`)"),
                );
                return null;
            }
            other => {
                self.diags.push(
                    err(
                        "model::unknown-function",
                        format!("`{other}` is not a CloudFormation intrinsic function"),
                        key_span,
                    )
                    .with_help("intrinsics are Ref, Fn::GetAtt, Fn::Sub, Fn::Join, Fn::Select, Fn::Split, Fn::GetAZs, Fn::FindInMap, Fn::If, Fn::Equals, Fn::And, Fn::Or, Fn::Not, Fn::Base64, Fn::Cidr, Fn::ImportValue, Fn::Length, Fn::ToJsonString"),
                );
                return null;
            }
        };
        Expr::new(kind, span)
    }

    fn sub_parts(&mut self, template: &str, vars: &HashSet<String>, span: Span) -> Vec<SubPart> {
        let mut parts = Vec::new();
        let mut literal = String::new();
        let mut rest = template;
        while let Some(pos) = rest.find("${") {
            literal.push_str(&rest[..pos]);
            let after = &rest[pos + 2..];
            let Some(end) = after.find('}') else {
                literal.push_str(&rest[pos..]);
                rest = "";
                break;
            };
            let name = &after[..end];
            rest = &after[end + 1..];
            if let Some(escaped) = name.strip_prefix('!') {
                literal.push_str("${");
                literal.push_str(escaped);
                literal.push('}');
                continue;
            }
            if !literal.is_empty() {
                parts.push(SubPart::Literal(std::mem::take(&mut literal)));
            }
            let name = name.trim();
            if vars.contains(name) {
                parts.push(SubPart::Var(name.to_string()));
            } else if let Some((res, attr)) = name.split_once('.')
                && Pseudo::from_name(name).is_none()
            {
                self.check_resource(res, span);
                parts.push(SubPart::GetAtt(res.to_string(), attr.to_string()));
            } else {
                parts.push(SubPart::Ref(self.ref_target(name, span)));
            }
        }
        literal.push_str(rest);
        if !literal.is_empty() {
            parts.push(SubPart::Literal(literal));
        }
        parts
    }
}

/// `Transform: AWS::LanguageExtensions` only adds intrinsics cfn2tf translates itself
/// (`Fn::Length`, `Fn::ToJsonString`, `Fn::FindInMap` defaults); `Fn::ForEach` is refused.
fn only_language_extensions(node: &Node) -> bool {
    const LANGUAGE_EXTENSIONS: &str = "AWS::LanguageExtensions";
    match &node.value {
        Value::String(s) => s == LANGUAGE_EXTENSIONS,
        Value::Seq(items) => items.iter().all(|i| i.as_str() == Some(LANGUAGE_EXTENSIONS)),
        _ => false,
    }
}

fn describe(v: &Node) -> String {
    match &v.value {
        Value::Seq(items) => format!("a list of {}", items.len()),
        _ => v.kind().to_string(),
    }
}

fn edit_distance(a: &str, b: &str) -> usize {
    let b: Vec<char> = b.chars().collect();
    let mut prev: Vec<usize> = (0..=b.len()).collect();
    for (i, ca) in a.chars().enumerate() {
        let mut cur = vec![i + 1];
        for (j, cb) in b.iter().enumerate() {
            let cost = usize::from(ca != *cb);
            cur.push((prev[j] + cost).min(prev[j + 1] + 1).min(cur[j] + 1));
        }
        prev = cur;
    }
    prev[b.len()]
}

/// CloudFormation refuses a template whose resources depend on each other in a circle.
fn check_resource_cycles(t: &Template, diags: &mut Diagnostics) {
    let mut edges: HashMap<&str, Vec<(String, Span)>> = HashMap::new();
    for r in t.resources.values() {
        let mut deps: Vec<(String, Span)> = r.depends_on.clone();
        for p in &r.properties {
            deps.extend(p.value.referenced_resources().into_iter().map(|d| (d, p.span)));
        }
        edges.insert(&r.logical_id, deps);
    }
    if let Some((cycle, span)) = find_cycle(&edges) {
        diags.push(
            err(
                "model::cycle",
                format!("circular dependency between resources: {}", cycle.join(" -> ")),
                span,
            )
            .with_help("CloudFormation cannot create these resources; break the cycle (DependsOn or a reference)"),
        );
    }
}

fn check_condition_cycles(t: &Template, diags: &mut Diagnostics) {
    let mut edges: HashMap<&str, Vec<(String, Span)>> = HashMap::new();
    for c in t.conditions.values() {
        let mut deps = Vec::new();
        c.expr.walk(&mut |e| {
            if let ExprKind::Condition(n) = &e.kind {
                deps.push((n.clone(), e.span));
            }
        });
        edges.insert(&c.name, deps);
    }
    if let Some((cycle, span)) = find_cycle(&edges) {
        diags.push(err(
            "model::condition-cycle",
            format!("conditions refer to each other in a circle: {}", cycle.join(" -> ")),
            span,
        ));
    }
}

/// Depth-first search for a cycle; returns its path and the span of the edge that closes it.
fn find_cycle(edges: &HashMap<&str, Vec<(String, Span)>>) -> Option<(Vec<String>, Span)> {
    #[derive(Clone, Copy, PartialEq)]
    enum Mark {
        Active,
        Done,
    }
    let mut marks: HashMap<&str, Mark> = HashMap::new();
    let mut keys: Vec<&&str> = edges.keys().collect();
    keys.sort();
    for &&start in &keys {
        if marks.contains_key(start) {
            continue;
        }
        // (node, next edge index) stack
        let mut stack: Vec<(&str, usize)> = vec![(start, 0)];
        marks.insert(start, Mark::Active);
        while let Some(&mut (node, ref mut i)) = stack.last_mut() {
            let out = edges.get(node).map(Vec::as_slice).unwrap_or(&[]);
            if *i >= out.len() {
                marks.insert(node, Mark::Done);
                stack.pop();
                continue;
            }
            let (next, span) = &out[*i];
            *i += 1;
            let Some((next_key, _)) = edges.get_key_value(next.as_str()) else {
                continue;
            };
            match marks.get(next_key) {
                Some(Mark::Active) => {
                    let from = stack.iter().position(|(n, _)| n == next_key).unwrap_or(0);
                    let mut path: Vec<String> = stack[from..].iter().map(|(n, _)| n.to_string()).collect();
                    path.push(next.clone());
                    return Some((path, *span));
                }
                Some(Mark::Done) => {}
                None => {
                    marks.insert(next_key, Mark::Active);
                    stack.push((next_key, 0));
                }
            }
        }
    }
    None
}
