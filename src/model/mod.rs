//! Stage 2: the typed model of a CloudFormation template, intrinsics as an expression tree.
//!
//! Built from the parse tree by `build`, which checks what CloudFormation itself would reject
//! (unknown functions, dangling `Ref`s, cycles) and reports it with the source location.

mod build;
pub mod naming;

pub use build::build_template;

use crate::source::Span;
use indexmap::IndexMap;

#[derive(Debug, Clone, Default)]
pub struct Template {
    pub description: Option<String>,
    pub parameters: IndexMap<String, Parameter>,
    pub mappings: IndexMap<String, Mapping>,
    pub conditions: IndexMap<String, Condition>,
    pub resources: IndexMap<String, Resource>,
    pub outputs: IndexMap<String, Output>,
}

#[derive(Debug, Clone)]
pub struct Parameter {
    pub name: String,
    pub span: Span,
    pub type_name: String,
    pub default: Option<Expr>,
    pub description: Option<String>,
    pub allowed_values: Vec<Expr>,
    pub allowed_pattern: Option<String>,
    /// Where the AllowedPattern is written (the parameter's name when it is not).
    pub pattern_span: Span,
    pub min_length: Option<String>,
    pub max_length: Option<String>,
    pub min_value: Option<String>,
    pub max_value: Option<String>,
    pub constraint_description: Option<String>,
    pub no_echo: bool,
}

/// `Mappings`: map name -> top key -> second key -> value.
#[derive(Debug, Clone)]
pub struct Mapping {
    pub name: String,
    pub span: Span,
    pub entries: IndexMap<String, IndexMap<String, Expr>>,
}

#[derive(Debug, Clone)]
pub struct Condition {
    pub name: String,
    pub span: Span,
    pub expr: Expr,
}

#[derive(Debug, Clone)]
pub struct Resource {
    pub logical_id: String,
    pub span: Span,
    pub type_name: String,
    pub type_span: Span,
    pub properties: Vec<Property>,
    pub depends_on: Vec<(String, Span)>,
    pub condition: Option<(String, Span)>,
    pub deletion_policy: Option<(String, Span)>,
    pub update_replace_policy: Option<(String, Span)>,
    /// Attributes with no Terraform counterpart (Metadata, CreationPolicy, UpdatePolicy) and
    /// their content as data (intrinsics in long form): CloudFormation reads them, Terraform
    /// cannot, so they are carried through as they are.
    pub other_attributes: Vec<(String, Span, serde_json::Value)>,
}

impl Resource {
    pub fn property(&self, name: &str) -> Option<&Property> {
        self.properties.iter().find(|p| p.name == name)
    }
}

#[derive(Debug, Clone)]
pub struct Property {
    pub name: String,
    pub span: Span,
    pub value: Expr,
}

#[derive(Debug, Clone)]
pub struct Output {
    pub name: String,
    pub span: Span,
    pub description: Option<String>,
    pub value: Expr,
    pub export_name: Option<Expr>,
    pub condition: Option<(String, Span)>,
}

#[derive(Debug, Clone, PartialEq)]
pub struct Expr {
    pub kind: ExprKind,
    pub span: Span,
}

/// What a `Ref` names.
#[derive(Debug, Clone, PartialEq)]
pub enum RefTarget {
    Parameter(String),
    Resource(String),
    Pseudo(Pseudo),
}

#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum Pseudo {
    AccountId,
    NotificationArns,
    NoValue,
    Partition,
    Region,
    StackId,
    StackName,
    UrlSuffix,
}

impl Pseudo {
    pub fn from_name(name: &str) -> Option<Pseudo> {
        Some(match name {
            "AWS::AccountId" => Pseudo::AccountId,
            "AWS::NotificationARNs" => Pseudo::NotificationArns,
            "AWS::NoValue" => Pseudo::NoValue,
            "AWS::Partition" => Pseudo::Partition,
            "AWS::Region" => Pseudo::Region,
            "AWS::StackId" => Pseudo::StackId,
            "AWS::StackName" => Pseudo::StackName,
            "AWS::URLSuffix" => Pseudo::UrlSuffix,
            _ => return None,
        })
    }

    pub fn name(self) -> &'static str {
        match self {
            Pseudo::AccountId => "AWS::AccountId",
            Pseudo::NotificationArns => "AWS::NotificationARNs",
            Pseudo::NoValue => "AWS::NoValue",
            Pseudo::Partition => "AWS::Partition",
            Pseudo::Region => "AWS::Region",
            Pseudo::StackId => "AWS::StackId",
            Pseudo::StackName => "AWS::StackName",
            Pseudo::UrlSuffix => "AWS::URLSuffix",
        }
    }
}

/// A piece of an `Fn::Sub` template.
#[derive(Debug, Clone, PartialEq)]
pub enum SubPart {
    Literal(String),
    /// `${Name}`: a parameter, resource, pseudo parameter or a variable of the list form.
    Ref(RefTarget),
    /// `${Name}` naming a variable of the `[template, {vars}]` form.
    Var(String),
    /// `${Resource.Attribute}`.
    GetAtt(String, String),
}

#[derive(Debug, Clone, PartialEq)]
pub enum ExprKind {
    Null,
    Bool(bool),
    Number(String),
    String(String),
    List(Vec<Expr>),
    /// A JSON-like object (e.g. a policy document or a nested property).
    Map(Vec<(String, Span, Expr)>),
    Ref(RefTarget),
    GetAtt {
        resource: String,
        attribute: String,
    },
    Sub {
        parts: Vec<SubPart>,
        vars: Vec<(String, Expr)>,
    },
    Join {
        delimiter: String,
        items: Box<Expr>,
    },
    Select {
        index: Box<Expr>,
        list: Box<Expr>,
    },
    Split {
        delimiter: String,
        source: Box<Expr>,
    },
    GetAzs(Box<Expr>),
    FindInMap {
        /// A literal name, or the `Ref` / `Fn::FindInMap` CloudFormation allows in its place.
        map: Box<Expr>,
        top: Box<Expr>,
        second: Box<Expr>,
        default: Option<Box<Expr>>,
    },
    If {
        condition: String,
        then: Box<Expr>,
        otherwise: Box<Expr>,
    },
    Equals(Box<Expr>, Box<Expr>),
    And(Vec<Expr>),
    Or(Vec<Expr>),
    Not(Box<Expr>),
    Condition(String),
    Base64(Box<Expr>),
    Cidr {
        block: Box<Expr>,
        count: Box<Expr>,
        bits: Box<Expr>,
    },
    ImportValue(Box<Expr>),
    Length(Box<Expr>),
    ToJsonString(Box<Expr>),
}

impl Expr {
    pub fn new(kind: ExprKind, span: Span) -> Expr {
        Expr { kind, span }
    }

    pub fn as_literal_str(&self) -> Option<&str> {
        match &self.kind {
            ExprKind::String(s) | ExprKind::Number(s) => Some(s),
            _ => None,
        }
    }

    /// True for `Ref: AWS::NoValue`, which removes the property it stands in.
    pub fn is_no_value(&self) -> bool {
        matches!(self.kind, ExprKind::Ref(RefTarget::Pseudo(Pseudo::NoValue)))
    }

    /// Visits this expression and every sub-expression, depth first.
    pub fn walk<'a>(&'a self, f: &mut dyn FnMut(&'a Expr)) {
        f(self);
        match &self.kind {
            ExprKind::List(items) | ExprKind::And(items) | ExprKind::Or(items) => items.iter().for_each(|e| e.walk(f)),
            ExprKind::Map(entries) => entries.iter().for_each(|(_, _, e)| e.walk(f)),
            ExprKind::Sub { vars, .. } => vars.iter().for_each(|(_, e)| e.walk(f)),
            ExprKind::Join { items: e, .. }
            | ExprKind::Split { source: e, .. }
            | ExprKind::GetAzs(e)
            | ExprKind::Not(e)
            | ExprKind::Base64(e)
            | ExprKind::ImportValue(e)
            | ExprKind::Length(e)
            | ExprKind::ToJsonString(e) => e.walk(f),
            ExprKind::Select { index, list } => {
                index.walk(f);
                list.walk(f);
            }
            ExprKind::FindInMap {
                map,
                top,
                second,
                default,
            } => {
                map.walk(f);
                top.walk(f);
                second.walk(f);
                if let Some(d) = default {
                    d.walk(f);
                }
            }
            ExprKind::If { then, otherwise, .. } => {
                then.walk(f);
                otherwise.walk(f);
            }
            ExprKind::Equals(a, b) => {
                a.walk(f);
                b.walk(f);
            }
            ExprKind::Cidr { block, count, bits } => {
                block.walk(f);
                count.walk(f);
                bits.walk(f);
            }
            ExprKind::Null
            | ExprKind::Bool(_)
            | ExprKind::Number(_)
            | ExprKind::String(_)
            | ExprKind::Ref(_)
            | ExprKind::GetAtt { .. }
            | ExprKind::Condition(_) => {}
        }
    }

    /// The resources this expression refers to (by `Ref`, `GetAtt` or inside `Sub`).
    pub fn referenced_resources(&self) -> Vec<String> {
        let mut out = Vec::new();
        self.walk(&mut |e| match &e.kind {
            ExprKind::Ref(RefTarget::Resource(r)) => out.push(r.clone()),
            ExprKind::GetAtt { resource, .. } => out.push(resource.clone()),
            ExprKind::Sub { parts, .. } => {
                for p in parts {
                    match p {
                        SubPart::Ref(RefTarget::Resource(r)) | SubPart::GetAtt(r, _) => out.push(r.clone()),
                        _ => {}
                    }
                }
            }
            _ => {}
        });
        out
    }
}
