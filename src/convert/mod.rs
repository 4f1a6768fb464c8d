//! Stage 3: the CloudFormation model -> the Terraform model, driven by `mappings/`.
//!
//! Nothing is dropped silently: whatever has no counterpart becomes a located warning and a
//! `# cfn2tf:` comment at that spot in the output.

mod companions;
mod converge;
mod expr;
mod lambda;
mod names;
mod properties;
mod re2;
pub(crate) use companions::unguard;
pub use names::Names;
pub(crate) use properties::map_get;
pub(crate) use re2::read_pattern_comment;
pub(crate) mod rules;

use crate::diagnostics::{Diagnostic, Diagnostics};
use crate::mapping::{Registry, ResourceMapping};
use crate::model::{Expr, Parameter, Resource, Template, naming::snake_case};
use crate::source::{SourceFile, Span};
use crate::tf::{Block, BodyItem, Config, Expression, FileKind, call, traversal};
use hcl::expr::{BinaryOperator, Conditional, ObjectKey};
use indexmap::IndexMap;
use std::collections::{HashMap, HashSet};

pub(crate) use expr::{computed_newbits, number, object_key, scalar, ssm_list, ssm_value_type};

/// Where a logical ID ended up in Terraform.
#[derive(Debug, Clone)]
pub struct Target {
    pub cfn_type: String,
    pub tf_type: String,
    pub name: String,
    pub conditional: bool,
    pub ref_attribute: Option<String>,
    pub attributes: IndexMap<String, String>,
    /// Left out on purpose (no Terraform counterpart): references become the mapping's literals.
    pub dropped: bool,
    /// Further Terraform resources this one became (see `companions`).
    pub companions: Vec<companions::CompanionTarget>,
    /// A standalone security group rule written as an inline block of this group (logical ID):
    /// it has no resource of its own, and comes with the group (see `converge`).
    pub folded_into: Option<String>,
}

/// Data sources and variables that expressions turned out to need.
#[derive(Default)]
struct Needs {
    region: bool,
    caller_identity: bool,
    partition: bool,
    azs: bool,
    /// Regions other than the provider's whose zones `Fn::GetAZs` lists (sorted: stable output).
    azs_regions: std::collections::BTreeSet<String>,
    stack_name: bool,
    stack_id: bool,
    notification_arns: bool,
    exports: Vec<(String, Expression)>,
    /// Route 53 hosted zones looked up by name (label, name).
    hosted_zones: Vec<(String, Expression)>,
}

pub struct Conversion {
    pub config: Config,
    pub stats: Stats,
    /// Logical ID -> where it ended up in Terraform (for import blocks and reports).
    pub targets: HashMap<String, Target>,
}

#[derive(Debug, Default, Clone, Copy, serde::Serialize)]
pub struct Stats {
    pub resources_total: usize,
    pub resources_converted: usize,
}

pub struct Converter<'a> {
    template: &'a Template,
    file: &'a SourceFile,
    registry: &'a Registry,
    diags: &'a mut Diagnostics,
    targets: HashMap<String, Target>,
    names: Names,
    /// Labels of the data sources looked up by name (exports, hosted zones), one per name.
    data_labels: HashMap<String, names::Namespace>,
    data: Needs,
    /// Types already reported as converted from a generated mapping (reported once per type).
    generated_types: HashSet<String>,
    /// Expression warnings not yet written as comments.
    notes: Vec<String>,
    /// Binary files the output refers to (see `tf::Config::artefacts`).
    artefacts: std::collections::BTreeMap<String, Vec<u8>>,
    /// The 1-based position of the list item a repeated nested block is made from, for the
    /// `{index}` of a `fixed` value (lifecycle rule ids must differ).
    block_index: Option<usize>,
}

/// The Terraform type given to references to a resource whose type is not converted.
pub const UNSUPPORTED_PREFIX: &str = "cfn2tf_unsupported_";

/// The comment prefix that carries the template's Description.
pub const DESCRIPTION_COMMENT: &str = "CloudFormation Description: ";

/// Terraform reserves these as variable names.
const RESERVED_VARIABLES: &[&str] = &[
    "source",
    "version",
    "providers",
    "count",
    "for_each",
    "lifecycle",
    "depends_on",
    "locals",
];

/// The Terraform variable that stands for a CloudFormation parameter.
pub fn variable_name(parameter: &str) -> String {
    let v = snake_case(parameter);
    if RESERVED_VARIABLES.contains(&v.as_str()) {
        format!("{v}_value")
    } else {
        v
    }
}

pub fn convert(template: &Template, file: &SourceFile, diags: &mut Diagnostics) -> Conversion {
    let registry = Registry::get();
    let folded = converge::fold_security_group_rules(template);
    for (rule, group, why) in &folded.mixed {
        let r = &template.resources[rule];
        diags.push(
            Diagnostic::warning(
                "convert::mixed-rules",
                format!(
                    "{rule} stays a separate rule resource of {group}, which has inline rules: the provider's two styles undo each other on every apply, so the plan never settles ({why})"
                ),
                Some(r.type_span),
            )
            .with_help(format!("move the rule into {group}'s own rule list, or all of {group}'s rules into separate resources")),
        );
    }
    let template = &folded.template;
    let mut c = Converter {
        template,
        file,
        registry,
        diags,
        targets: HashMap::new(),
        names: Names::plan(template),
        data_labels: Default::default(),
        data: Needs::default(),
        generated_types: HashSet::new(),
        notes: Vec::new(),
        artefacts: Default::default(),
        block_index: None,
    };
    c.report_collisions();
    c.plan_targets();
    for (rule, group) in &folded.into {
        if let Some(t) = c.targets.get_mut(rule) {
            t.folded_into = Some(group.clone());
        }
    }
    let mut config = Config::default();
    for p in template.parameters.values() {
        let block = c.variable(p);
        config.push(FileKind::Variables, block);
    }
    if let Some(locals) = c.locals() {
        config.push(FileKind::Locals, locals);
    }
    let mut converted = 0;
    for r in template.resources.values() {
        if let Some(group) = folded.into.get(&r.logical_id) {
            config.push(FileKind::Main, c.folded_marker(r, group));
            converted += 1;
            continue;
        }
        let blocks = c.resource(r);
        if blocks.iter().any(|b| b.ident == "resource") {
            converted += 1;
        }
        for b in blocks {
            config.push(FileKind::Main, b);
        }
    }
    for o in template.outputs.values() {
        let block = c.output(o);
        config.push(FileKind::Outputs, block);
    }
    c.data_blocks(&mut config);
    config.artefacts = std::mem::take(&mut c.artefacts);
    config
        .blocks
        .insert(0, (FileKind::Versions, versions_block(template.description.as_deref())));
    Conversion {
        config,
        stats: Stats {
            resources_total: template.resources.len(),
            resources_converted: converted,
        },
        targets: c.targets,
    }
}

/// The `terraform` block; the template's Description goes above it (Terraform has no place for
/// it, and the reverse direction reads it back from there).
fn versions_block(description: Option<&str>) -> Block {
    let mut tf = Block::new("terraform", &[]);
    for line in description.unwrap_or("").lines() {
        tf.comments
            .push(format!("{DESCRIPTION_COMMENT}{line}").trim_end().to_string());
    }
    let mut providers = Block::new("required_providers", &[]);
    let mut aws = hcl::Object::new();
    aws.insert(object_key("source"), Expression::String("hashicorp/aws".into()));
    aws.insert(object_key("version"), Expression::String(">= 5.0".into()));
    providers.attr("aws", Expression::Object(aws));
    tf.attr("required_version", Expression::String(">= 1.5".into()));
    tf.body.push(BodyItem::Block(providers));
    tf
}

impl<'a> Converter<'a> {
    pub(crate) fn warn_at(&mut self, code: &'static str, message: impl Into<String>, span: Span) {
        self.diags.push(Diagnostic::warning(code, message, Some(span)));
    }

    /// A warning about an expression: also a `# cfn2tf:` comment, written by `flush_notes`
    /// into the block that holds the expression.
    pub(crate) fn note_at(&mut self, code: &'static str, message: impl Into<String>, span: Span) {
        let message = message.into();
        self.notes.push(format!("cfn2tf: {message} ({})", self.at(span)));
        self.warn_at(code, message, span);
    }

    pub(crate) fn flush_notes(&mut self, b: &mut Block) {
        for note in std::mem::take(&mut self.notes) {
            b.comment(note);
        }
    }

    /// `file:line` for markers in the output.
    pub(crate) fn at(&self, span: Span) -> String {
        let lc = self.file.line_col(span.start);
        let name = std::path::Path::new(&self.file.name)
            .file_name()
            .map(|n| n.to_string_lossy().to_string())
            .unwrap_or_else(|| self.file.name.clone());
        format!("{name}:{}", lc.line)
    }

    fn mapping_for(&self, r: &Resource) -> Option<&'a ResourceMapping> {
        self.registry
            .resource(&r.type_name, |p| r.property(p).is_some_and(|p| !p.value.is_no_value()))
    }

    fn variable_name(&self, name: &str) -> String {
        self.names.variable(name)
    }

    /// `local.<condition>` under the condition's allocated name.
    pub(crate) fn condition_ref(&self, condition: &str) -> Expression {
        traversal(&["local", &self.names.condition(condition)])
    }

    pub(crate) fn mapping_ref(&self, mapping: &str) -> Expression {
        traversal(&["local", &self.names.mapping(mapping)])
    }

    /// `var.<name>` of the variable standing in for a pseudo parameter.
    pub(crate) fn pseudo_variable(&self, pseudo: &str) -> String {
        self.names.variable(pseudo)
    }

    /// The label of the `data "<kind>"` looking up `key` (the same label for the same key).
    pub(crate) fn data_label(&mut self, kind: &str, key: &str, wanted: String) -> String {
        self.data_labels
            .entry(kind.to_string())
            .or_default()
            .allocate(key, wanted)
            .0
    }

    /// Names that took a suffix to stay apart after snake_casing.
    fn report_collisions(&mut self) {
        for c in std::mem::take(&mut self.names.collisions) {
            self.diags.push(
                Diagnostic::warning(
                    "convert::name-collision",
                    format!(
                        "{} {} becomes `{}`: its snake_case name is already taken by another {}",
                        c.what,
                        c.cfn_name,
                        c.tf_name,
                        if c.what == "parameter" || c.what == "output" { c.what } else { "mapping or condition" }
                    ),
                    Some(c.span),
                )
                .with_help("CloudFormation names differing only in case or punctuation become one Terraform name; rename one to choose its name"),
            );
        }
    }

    /// Every logical ID's Terraform address, decided before any reference is translated.
    fn plan_targets(&mut self) {
        let mut used: HashMap<(String, String), usize> = HashMap::new();
        for r in self.template.resources.values() {
            let mapping = self.mapping_for(r);
            let tf_type = mapping
                .map(|m| m.tf.clone())
                .unwrap_or_else(|| format!("{UNSUPPORTED_PREFIX}{}", snake_case(&r.type_name.replace("::", "_"))));
            let mut name = snake_case(&r.logical_id);
            let n = used.entry((tf_type.clone(), name.clone())).or_insert(0);
            *n += 1;
            if *n > 1 {
                name = format!("{name}_{n}");
            }
            let companions = mapping
                .map(|m| self.plan_companions(r, m, &name, &mut used))
                .unwrap_or_default();
            self.targets.insert(
                r.logical_id.clone(),
                Target {
                    cfn_type: r.type_name.clone(),
                    tf_type,
                    name,
                    conditional: r.condition.is_some(),
                    ref_attribute: mapping.and_then(|m| m.ref_attribute.clone()),
                    attributes: mapping.map(|m| m.attributes.clone()).unwrap_or_default(),
                    dropped: mapping.is_some_and(|m| m.dropped.is_some()),
                    companions,
                    folded_into: None,
                },
            );
        }
    }

    /// Where a standalone rule went: a comment at its place in the output.
    fn folded_marker(&self, r: &Resource, group: &str) -> Block {
        let t = &self.targets[group];
        let mut marker = Block::comment_only();
        marker.comments.push(format!(
            "cfn2tf: {} ({}) from {} is an inline rule of {}.{}: the provider's inline rules and rule resources of one group undo each other",
            r.logical_id,
            r.type_name,
            self.at(r.span),
            t.tf_type,
            t.name
        ));
        marker
    }

    /// CloudFormation names what the template leaves unnamed `<stack>-<logical id>-<suffix>`,
    /// in lower case where AWS accepts no capitals in that name.
    fn generated_name(&mut self, r: &Resource, lower_case: bool) -> Expression {
        self.data.stack_name = true;
        let name = Expression::TemplateExpr(Box::new(hcl::expr::TemplateExpr::QuotedString(format!(
            "${{var.{}}}-{}",
            self.pseudo_variable("AWS::StackName"),
            r.logical_id
        ))));
        if lower_case { call("lower", vec![name]) } else { name }
    }

    fn variable(&mut self, p: &Parameter) -> Block {
        let name = self.variable_name(&p.name);
        let mut b = Block::new("variable", &[&name]);
        b.comments.extend(name_trace(&name, &p.name));
        let is_list = p.type_name == "CommaDelimitedList" || p.type_name.starts_with("List<");
        let is_number = p.type_name == "Number" || p.type_name == "List<Number>";
        let ssm = expr::ssm_value_type(&p.type_name).is_some();
        let ty = if ssm {
            "string"
        } else if is_list && is_number {
            "list(number)"
        } else if is_list {
            "list(string)"
        } else if is_number {
            "number"
        } else {
            "string"
        };
        if let Some(d) = &p.description {
            b.attr("description", Expression::String(d.clone()));
        }
        b.attr("type", crate::tf::type_constraint(ty));
        // The pattern as Terraform's regex() checks it, or why it cannot.
        let pattern = p.allowed_pattern.as_deref().map(|pat| (pat, re2::whole_match(pat)));
        let checked = pattern.as_ref().and_then(|(_, re)| re.as_ref().ok());
        if let Some(default) = &p.default {
            let value = match (&default.kind, is_list && !ssm) {
                (crate::model::ExprKind::String(s), true) => Expression::Array(
                    s.split(',')
                        .filter(|x| !x.is_empty() || !s.is_empty())
                        .map(|x| {
                            if is_number {
                                number(x.trim()).unwrap_or(Expression::String(x.to_string()))
                            } else {
                                Expression::String(x.trim().to_string())
                            }
                        })
                        .collect(),
                ),
                _ => {
                    let x = self.expr(default);
                    if is_number {
                        match x {
                            Expression::String(s) => number(&s).unwrap_or(Expression::String(s)),
                            other => other,
                        }
                    } else {
                        match x {
                            Expression::Number(n) => Expression::String(n.to_string()),
                            Expression::Bool(v) => Expression::String(v.to_string()),
                            other => other,
                        }
                    }
                }
            };
            match self.refused_default(p, default, &value, is_number, checked) {
                Some(why) => {
                    self.warn_at("convert::parameter-default", format!("the default of parameter {} {why}: CloudFormation refuses it, so it is left out and the variable has to be set", p.name), default.span);
                    b.comment(format!(
                        "cfn2tf: default {} left out: it {why} ({})",
                        crate::emit::inline_text(&value),
                        self.at(default.span)
                    ));
                }
                None => b.attr("default", value),
            }
        }
        if p.no_echo {
            b.attr("sensitive", Expression::Bool(true));
        }
        self.flush_notes(&mut b);
        if let Some((pat, Err(why))) = &pattern {
            let message = format!("AllowedPattern of parameter {} {why}: not checked", p.name);
            b.comments
                .push(format!("cfn2tf: {message} ({})", self.at(p.pattern_span)));
            // Kept for the reverse direction, which reads it back as the AllowedPattern.
            b.comments.push(re2::pattern_comment(pat));
            self.warn_at("convert::parameter-pattern", message, p.pattern_span);
        }
        let validations = self.validations(p, &name, is_list, is_number, checked.is_some());
        if let Some(c) = &p.constraint_description
            && (validations.is_empty() || sentence(c) != *c)
        {
            // Kept for the reverse direction: Terraform has no place for a message without a
            // check, and writes the message as a sentence.
            b.comments.push(format!("CloudFormation ConstraintDescription: {c}"));
        }
        for v in validations {
            b.body.push(BodyItem::Block(v));
        }
        if p.type_name.starts_with("AWS::") && !ssm || p.type_name.starts_with("List<AWS::") {
            b.comments.push(format!(
                "CloudFormation type {}: AWS checks that the value exists; Terraform does not",
                p.type_name
            ));
        } else if expr::ssm_value_type(&p.type_name).is_some_and(|t| t != "String") {
            // Kept for the reverse direction: Terraform reads every SSM parameter as text.
            b.comments.push(format!(
                "CloudFormation type {}: Terraform reads the parameter's text",
                p.type_name
            ));
        }
        b
    }

    /// Why CloudFormation would refuse a parameter's default: not a number for a Number, not
    /// among the AllowedValues, not matching the AllowedPattern (`pattern`, when Terraform can
    /// check it), outside MinLength/MaxLength or MinValue/MaxValue; each item of a list, as the
    /// variable's validations check it (Terraform checks the default against them).
    fn refused_default(
        &self,
        p: &Parameter,
        default: &Expr,
        value: &Expression,
        is_number: bool,
        pattern: Option<&regex::Regex>,
    ) -> Option<String> {
        let items: Vec<&Expression> = match value {
            Expression::Array(items) => items.iter().collect(),
            one => vec![one],
        };
        let text = |e: &Expression| match e {
            Expression::String(s) => Some(s.clone()),
            Expression::Number(n) => Some(n.to_string()),
            _ => None,
        };
        // A number whose text HCL cannot keep (`5.10`) stays a string that Terraform reads as one.
        let not_number = |e: &&&Expression| match e {
            Expression::String(s) => !s.trim().parse::<f64>().is_ok_and(f64::is_finite),
            _ => false,
        };
        if is_number && let Some(bad) = items.iter().find(not_number) {
            return Some(format!("is not a number ({})", text(bad).unwrap_or_default()));
        }
        let allowed: HashSet<&str> = p.allowed_values.iter().filter_map(|v| v.as_literal_str()).collect();
        if !allowed.is_empty() && allowed.len() == p.allowed_values.len() {
            // The list default as written, item by item (numbers keep their source text).
            let written: Vec<String> = match default.as_literal_str() {
                Some(s) if matches!(value, Expression::Array(_)) => {
                    s.split(',').map(|x| x.trim().to_string()).collect()
                }
                Some(s) => vec![s.to_string()],
                None => items.iter().filter_map(|e| text(e)).collect(),
            };
            if let Some(outside) = written.iter().find(|w| !allowed.contains(w.as_str())) {
                return Some(format!("is not one of the AllowedValues ({outside})"));
            }
        }
        // What Terraform checks: each item as text, and as a number for MinValue/MaxValue.
        let texts: Vec<String> = items.iter().filter_map(|e| text(e)).collect();
        let shown = |s: &str| {
            if s.is_empty() {
                "\"\"".to_string()
            } else {
                s.to_string()
            }
        };
        if let Some(re) = pattern
            && let Some(bad) = texts.iter().find(|t| !re.is_match(t))
        {
            return Some(format!("does not match the AllowedPattern ({})", shown(bad)));
        }
        let bound = |b: &Option<String>| match b.as_deref().and_then(number) {
            Some(Expression::Number(n)) => n.as_f64(),
            _ => None,
        };
        let length = |t: &String| t.chars().count() as f64;
        if let Some(min) = bound(&p.min_length)
            && let Some(bad) = texts.iter().find(|t| length(t) < min)
        {
            return Some(format!("is shorter than the MinLength of {min} ({})", shown(bad)));
        }
        if let Some(max) = bound(&p.max_length)
            && let Some(bad) = texts.iter().find(|t| length(t) > max)
        {
            return Some(format!("is longer than the MaxLength of {max} ({})", shown(bad)));
        }
        let values: Vec<(f64, &String)> = texts
            .iter()
            .filter_map(|t| t.trim().parse::<f64>().ok().map(|n| (n, t)))
            .collect();
        if let Some(min) = bound(&p.min_value)
            && let Some((_, bad)) = values.iter().find(|(n, _)| *n < min)
        {
            return Some(format!("is less than the MinValue of {min} ({bad})"));
        }
        if let Some(max) = bound(&p.max_value)
            && let Some((_, bad)) = values.iter().find(|(n, _)| *n > max)
        {
            return Some(format!("is more than the MaxValue of {max} ({bad})"));
        }
        None
    }

    /// `pattern_checked`: the AllowedPattern is one Terraform's regex() reads (see `re2`).
    fn validations(
        &mut self,
        p: &Parameter,
        name: &str,
        is_list: bool,
        is_number: bool,
        pattern_checked: bool,
    ) -> Vec<Block> {
        let mut out = Vec::new();
        let message = |default: String| -> Expression {
            let text = p.constraint_description.clone().unwrap_or(default);
            Expression::String(sentence(&text))
        };
        // Lists are checked element by element, as CloudFormation does.
        let each = |check: &dyn Fn(Expression) -> Expression| -> Expression {
            if is_list {
                let each_value = check(Expression::Variable(hcl::Variable::unchecked("v")));
                let over =
                    hcl::expr::ForExpr::new(hcl::Identifier::unchecked("v"), traversal(&["var", name]), each_value);
                call("alltrue", vec![Expression::ForExpr(Box::new(over))])
            } else {
                check(traversal(&["var", name]))
            }
        };
        let mut push = |condition: Expression, msg: Expression| {
            let mut v = Block::new("validation", &[]);
            v.attr("condition", condition);
            v.attr("error_message", msg);
            out.push(v);
        };
        if !p.allowed_values.is_empty() {
            let values: Vec<Expression> = p
                .allowed_values
                .iter()
                .filter_map(|v| v.as_literal_str().map(|s| Expression::String(s.to_string())))
                .collect();
            let subject = |v: Expression| if is_number { call("tostring", vec![v]) } else { v };
            push(
                each(&|v| call("contains", vec![Expression::Array(values.clone()), subject(v)])),
                message(format!("{} must be one of the allowed values", p.name)),
            );
        }
        if let Some(pattern) = p.allowed_pattern.as_ref().filter(|_| pattern_checked) {
            let re = Expression::String(format!("^(?:{pattern})$"));
            push(
                each(&|v| call("can", vec![call("regex", vec![re.clone(), v])])),
                message(format!("{} must match the pattern {pattern}", p.name)),
            );
        }
        let bounds = [
            (
                &p.min_length,
                "MinLength",
                true,
                BinaryOperator::GreaterEq,
                "at least {} characters long",
            ),
            (
                &p.max_length,
                "MaxLength",
                true,
                BinaryOperator::LessEq,
                "at most {} characters long",
            ),
            (
                &p.min_value,
                "MinValue",
                false,
                BinaryOperator::GreaterEq,
                "at least {}",
            ),
            (&p.max_value, "MaxValue", false, BinaryOperator::LessEq, "at most {}"),
        ];
        let mut not_numbers = Vec::new();
        for (bound, property, of_length, operator, wording) in bounds {
            let Some(text) = bound else { continue };
            let Some(limit) = number(text) else {
                not_numbers.push(format!(
                    "{property} of parameter {} is not a number ({text}): not checked",
                    p.name
                ));
                continue;
            };
            let measured = |v: Expression| if of_length { call("length", vec![v]) } else { v };
            push(
                each(&|v| expr::binary(measured(v), operator, limit.clone())),
                message(format!("{} must be {}", p.name, wording.replace("{}", text))),
            );
        }
        for warning in not_numbers {
            self.warn_at("convert::parameter-bound", warning, p.span);
        }
        out
    }

    fn locals(&mut self) -> Option<Block> {
        let mut b = Block::new("locals", &[]);
        for m in self.template.mappings.values() {
            let mut obj = crate::tf::ObjectBuilder::default();
            for (top, inner) in &m.entries {
                let mut o = crate::tf::ObjectBuilder::default();
                for (k, v) in inner {
                    let x = self.expr(v);
                    o.insert(ObjectKey::Expression(Expression::String(k.clone())), x);
                }
                obj.insert(
                    ObjectKey::Expression(Expression::String(top.clone())),
                    Expression::Object(o.finish()),
                );
            }
            let obj = obj.finish();
            let local = self.names.mapping(&m.name);
            b.comments
                .extend(name_trace(&local, &m.name).map(|t| t.replacen(":", &format!(" of local.{local}:"), 1)));
            b.attr(&local, Expression::Object(obj));
            self.flush_notes(&mut b);
        }
        for c in self.template.conditions.values() {
            let x = self.expr(&c.expr);
            let local = self.names.condition(&c.name);
            b.comments
                .extend(name_trace(&local, &c.name).map(|t| t.replacen(":", &format!(" of local.{local}:"), 1)));
            b.attr(&local, x);
            self.flush_notes(&mut b);
        }
        (!b.body.is_empty()).then_some(b)
    }

    fn resource(&mut self, r: &Resource) -> Vec<Block> {
        let target = self.targets[&r.logical_id].clone();
        let origin = format!("{} ({}) from {}", r.logical_id, r.type_name, self.at(r.span));
        let Some(mapping) = self.mapping_for(r) else {
            if r.type_name.ends_with("::MODULE") {
                self.diags.push(
                    Diagnostic::warning(
                        "convert::module",
                        format!("{} is a CloudFormation module ({}): not converted", r.logical_id, r.type_name),
                        Some(r.type_span),
                    )
                    .with_help("CloudFormation expands a module from its registered template; convert that template and call it as a Terraform module"),
                );
                return vec![unsupported_marker(&origin, r)];
            }
            self.diags.push(
                Diagnostic::warning(
                    "convert::unsupported-type",
                    format!("resource type {} is not supported yet: {} was not converted", r.type_name, r.logical_id),
                    Some(r.type_span),
                )
                .with_help("references to it are left pointing at a resource that does not exist, so `terraform validate` fails until you add it"),
            );
            return vec![unsupported_marker(&origin, r)];
        };
        if let Some(reason) = &mapping.dropped {
            self.warn_at(
                "convert::dropped",
                format!("{} ({}) dropped: {reason}", r.logical_id, r.type_name),
                r.type_span,
            );
            let mut marker = Block::comment_only();
            marker.comments.push(format!("cfn2tf: DROPPED {origin}: {reason}"));
            return vec![marker];
        }
        if let Some(reason) = mapping.rules.iter().find_map(|rule| rules::refusal(self, rule, r)) {
            self.warn_at(
                "convert::refused",
                format!("{} ({}) not converted: {reason}", r.logical_id, r.type_name),
                r.type_span,
            );
            let mut marker = unsupported_marker(&origin, r);
            marker.comments.push(format!("cfn2tf: {reason}"));
            return vec![marker];
        }
        if mapping.is_generated() && self.generated_types.insert(r.type_name.clone()) {
            self.diags.push(
                Diagnostic::warning(
                    "convert::generated-mapping",
                    format!(
                        "{} is converted to {} with a generated mapping: its names were matched in the CloudFormation and provider schemas but nobody has reviewed it",
                        r.type_name, mapping.tf
                    ),
                    Some(r.type_span),
                )
                .with_help("check the resources marked `cfn2tf: generated mapping`, or curate the type in mappings/"),
            );
        }
        let mut b = Block::new("resource", &[&mapping.tf, &target.name]);
        b.comments.push(origin);
        b.origin = Some(crate::tf::Origin {
            file: self.file.name.clone(),
            line: self.file.line_col(r.span.start).line,
        });
        if let Some(note) = &mapping.note {
            b.comments.push(format!("cfn2tf: {note}"));
        }
        if let Some((cond, _)) = &r.condition {
            let c = self.condition_ref(cond);
            b.attr(
                "count",
                Expression::Conditional(Box::new(Conditional::new(
                    c,
                    Expression::Number(1.into()),
                    Expression::Number(0.into()),
                ))),
            );
        }
        let mut extra = Vec::new();
        self.properties(r, mapping, &mut b, &mut extra);
        for rule in &mapping.rules {
            rules::apply_resource_rule(self, rule, r, &mut b);
        }
        if r.type_name == "AWS::EC2::SecurityGroup" {
            converge::inline_rules(self, r, &mut b);
        }
        for (k, v) in &mapping.fixed {
            if !b.has_attribute(k) {
                b.attr(k, toml_to_expr(v));
            }
        }
        for (cfn, rule) in mapping.properties.iter().filter_map(|(c, s)| Some((c, s.table()?))) {
            if let (Some(absent), Some(tf)) = (&rule.absent, &rule.tf)
                && r.property(cfn).is_none()
                && absent.unless.as_deref().is_none_or(|u| r.property(u).is_none())
                && !b.has_attribute(tf)
            {
                b.attr(tf, toml_to_expr(&absent.value));
            }
        }
        if let Some(name) = &mapping.generated_name
            && !b.has_attribute(name.argument())
        {
            b.attr(name.argument(), self.generated_name(r, name.lower_case()));
        }
        let deps = self.depends_on(r);
        if !deps.is_empty() {
            b.attr("depends_on", Expression::Array(deps));
        }
        self.policies(r, &mut b);
        self.flush_notes(&mut b);
        let mut out = vec![b];
        out.extend(extra);
        out
    }

    /// Resource attributes Terraform cannot express are kept as traces above the block
    /// (`CloudFormation DeletionPolicy: Snapshot`) that the reverse direction reads back; the
    /// warning and the `# cfn2tf:` note say Terraform does not act on them.
    fn policies(&mut self, r: &Resource, b: &mut Block) {
        if let Some((policy, span)) = &r.deletion_policy {
            let at = self.at(*span);
            match policy.as_str() {
                "Retain" | "RetainExceptOnCreate" => {
                    self.warn_at(
                        "convert::deletion-policy",
                        format!("DeletionPolicy {policy} on {}: Terraform refuses to destroy it (prevent_destroy) instead of leaving it behind; to keep it, `terraform state rm` it before destroying", r.logical_id),
                        *span,
                    );
                    let mut lc = Block::new("lifecycle", &[]);
                    lc.attr("prevent_destroy", Expression::Bool(true));
                    b.body.push(BodyItem::Block(lc));
                }
                "Snapshot" => match self.mapping_for(r).and_then(|m| m.deletion_arguments(policy)) {
                    Some(arguments) => {
                        for (name, value) in arguments {
                            b.attr(name, toml_to_expr(value));
                        }
                    }
                    None => {
                        self.warn_at(
                            "convert::deletion-policy",
                            format!("DeletionPolicy Snapshot on {}: not enforced by Terraform, which takes no snapshot on destroy; set the resource's final-snapshot argument", r.logical_id),
                            *span,
                        );
                        b.comment(format!(
                            "cfn2tf: DeletionPolicy Snapshot ({at}) not enforced by Terraform (kept above for the way back): set the final snapshot argument"
                        ));
                    }
                },
                _ => {}
            }
            // prevent_destroy reads back as Retain; anything else needs the trace.
            if policy != "Retain" {
                b.comments.push(attribute_trace("DeletionPolicy", policy));
            }
        }
        if let Some((policy, span)) = &r.update_replace_policy {
            if policy != "Delete" {
                self.warn_at(
                    "convert::update-replace-policy",
                    format!(
                        "UpdateReplacePolicy {policy} on {}: not enforced by Terraform, which deletes the old resource on replacement",
                        r.logical_id
                    ),
                    *span,
                );
                b.comment(format!(
                    "cfn2tf: UpdateReplacePolicy {policy} ({}) not enforced by Terraform (kept above for the way back)",
                    self.at(*span)
                ));
            }
            b.comments.push(attribute_trace("UpdateReplacePolicy", policy));
        }
        for (attr, span, value) in &r.other_attributes {
            let why = match attr.as_str() {
                "Metadata" => "Metadata (e.g. cfn-init configuration) is not deployed by Terraform",
                "CreationPolicy" => "CreationPolicy signals have no Terraform counterpart",
                "UpdatePolicy" => "UpdatePolicy (rolling updates) has no Terraform counterpart",
                "Description" => "CloudFormation accepts a resource-level Description and ignores it; not translated",
                _ => "no Terraform counterpart",
            };
            self.warn_at(
                "convert::resource-attribute",
                format!("{attr} of {} not enforced by Terraform: {why}", r.logical_id),
                *span,
            );
            b.comment(format!(
                "cfn2tf: {attr} ({}) not enforced by Terraform (kept above for the way back): {why}",
                self.at(*span)
            ));
            b.comments.push(attribute_trace(attr, &value.to_string()));
        }
    }

    fn output(&mut self, o: &crate::model::Output) -> Block {
        let name = self.names.output(&o.name);
        let mut b = Block::new("output", &[&name]);
        b.comments.extend(name_trace(&name, &o.name));
        if let Some(d) = &o.description {
            b.attr("description", Expression::String(d.clone()));
        }
        let mut value = self.expr(&o.value);
        if let Some((cond, _)) = &o.condition {
            let c = self.condition_ref(cond);
            value = Expression::Conditional(Box::new(Conditional::new(c, value, Expression::Null)));
        } else if let Some(guard) = self.unguarded_conditions(o) {
            value = Expression::Conditional(Box::new(Conditional::new(guard, value, Expression::Null)));
        }
        b.attr("value", value);
        self.flush_notes(&mut b);
        if self.mentions_no_echo(&o.value) {
            // Terraform refuses to output a sensitive variable unless the output says so.
            b.attr("sensitive", Expression::Bool(true));
        }
        if let Some(export) = &o.export_name {
            let name = match export.as_literal_str() {
                Some(s) => s.to_string(),
                None => crate::emit::inline_text(&self.expr(export)),
            };
            self.warn_at(
                "convert::export",
                format!(
                    "output {} is exported as {name}: stacks that import it keep working only while this stack exists",
                    o.name
                ),
                export.span,
            );
            b.comments.push(format!(
                "cfn2tf: exported by CloudFormation as {name}; importing stacks depend on it"
            ));
        }
        b
    }

    /// An output without a Condition naming resources that have one fails whenever they are
    /// not created (CloudFormation refuses it): warned, and guarded by their conditions.
    fn unguarded_conditions(&mut self, o: &crate::model::Output) -> Option<Expression> {
        // An output that chooses with `Fn::If` is taken as guarding its references itself.
        let mut chooses = false;
        o.value
            .walk(&mut |e| chooses |= matches!(e.kind, crate::model::ExprKind::If { .. }));
        if chooses {
            return None;
        }
        let mut conditions: Vec<String> = Vec::new();
        for r in o.value.referenced_resources() {
            if let Some((cond, _)) = self.template.resources.get(&r).and_then(|r| r.condition.as_ref())
                && !conditions.contains(cond)
            {
                conditions.push(cond.clone());
            }
        }
        if conditions.is_empty() {
            return None;
        }
        let message = format!(
            "output {} refers to resources created only under condition {}, but has no Condition: CloudFormation refuses it when they are not created; the output is null then",
            o.name,
            conditions.join(", ")
        );
        self.note_at("convert::output-condition", message, o.span);
        let mut guards = conditions.iter().map(|c| self.condition_ref(c));
        let first = guards.next()?;
        Some(guards.fold(first, |acc, g| expr::binary(acc, BinaryOperator::And, g)))
    }

    fn mentions_no_echo(&self, e: &Expr) -> bool {
        use crate::model::{ExprKind, RefTarget, SubPart};
        let no_echo = |name: &str| self.template.parameters.get(name).is_some_and(|p| p.no_echo);
        let mut found = false;
        e.walk(&mut |x| match &x.kind {
            ExprKind::Ref(RefTarget::Parameter(p)) => found |= no_echo(p),
            ExprKind::Sub { parts, .. } => {
                found |= parts
                    .iter()
                    .any(|part| matches!(part, SubPart::Ref(RefTarget::Parameter(p)) if no_echo(p)))
            }
            _ => {}
        });
        found
    }

    fn data_blocks(&mut self, config: &mut Config) {
        let push = |config: &mut Config, kind: &str, name: &str, body: Vec<(&str, Expression)>| {
            let mut b = Block::new("data", &[kind, name]);
            for (k, v) in body {
                b.attr(k, v);
            }
            config.push(FileKind::Data, b);
        };
        if self.data.region {
            push(config, "aws_region", "current", vec![]);
        }
        if self.data.caller_identity {
            push(config, "aws_caller_identity", "current", vec![]);
        }
        if self.data.partition {
            push(config, "aws_partition", "current", vec![]);
        }
        if self.data.azs {
            push(config, "aws_availability_zones", "available", vec![]);
        }
        for region in std::mem::take(&mut self.data.azs_regions) {
            let label = expr::region_label(&region);
            let mut provider = Block::new("provider", &["aws"]);
            provider.attr("alias", Expression::String(label.clone()));
            provider.attr("region", Expression::String(region));
            config.push(FileKind::Versions, provider);
            push(
                config,
                "aws_availability_zones",
                &label,
                vec![("provider", traversal(&["aws", &label]))],
            );
        }
        for (label, name) in std::mem::take(&mut self.data.hosted_zones) {
            push(config, "aws_route53_zone", &label, vec![("name", name)]);
        }
        for (label, name) in std::mem::take(&mut self.data.exports) {
            push(config, "aws_cloudformation_export", &label, vec![("name", name)]);
        }
        let ssm: Vec<String> = self
            .template
            .parameters
            .values()
            .filter(|p| expr::ssm_value_type(&p.type_name).is_some())
            .map(|p| p.name.clone())
            .collect();
        for p in ssm {
            let var = self.variable_name(&p);
            push(
                config,
                "aws_ssm_parameter",
                &var,
                vec![("name", traversal(&["var", &var]))],
            );
        }
        let mut vars = Vec::new();
        if self.data.stack_name {
            vars.push((
                self.pseudo_variable("AWS::StackName"),
                "The CloudFormation stack name this configuration replaces (AWS::StackName)",
                "string",
                None,
            ));
        }
        if self.data.stack_id {
            vars.push((
                self.pseudo_variable("AWS::StackId"),
                "Stands in for AWS::StackId, which Terraform has no counterpart for",
                "string",
                None,
            ));
        }
        if self.data.notification_arns {
            vars.push((
                self.pseudo_variable("AWS::NotificationARNs"),
                "Stands in for AWS::NotificationARNs",
                "list(string)",
                Some(Expression::Array(vec![])),
            ));
        }
        for (name, description, ty, default) in vars {
            let mut b = Block::new("variable", &[&name]);
            b.attr("description", Expression::String(description.into()));
            b.attr("type", crate::tf::type_constraint(ty));
            if let Some(d) = default {
                b.attr("default", d);
            }
            config.push(FileKind::Variables, b);
        }
    }
}

/// `CloudFormation name: VPCCidr` when the Terraform name does not turn back into the
/// CloudFormation one by PascalCase (the reverse direction reads it).
fn name_trace(tf_name: &str, cfn_name: &str) -> Option<String> {
    (crate::model::naming::pascal_case(tf_name) != cfn_name).then(|| format!("{NAME_COMMENT}{cfn_name}"))
}

/// The comment prefix that carries a CloudFormation name PascalCase would not give back.
pub const NAME_COMMENT: &str = "CloudFormation name: ";

/// Resource attributes carried as a trace comment (`CloudFormation Metadata: {...}`, the value
/// as one line of JSON, a policy as its word) because Terraform has no place for them.
const TRACED_ATTRIBUTES: &[&str] = &[
    "DeletionPolicy",
    "UpdateReplacePolicy",
    "Metadata",
    "CreationPolicy",
    "UpdatePolicy",
    "Version",
    "Description",
];

fn attribute_trace(attribute: &str, value: &str) -> String {
    format!("CloudFormation {attribute}: {value}")
}

/// The attribute and its value text of a trace `attribute_trace` wrote.
pub fn read_attribute_trace(comment: &str) -> Option<(&str, &str)> {
    let (name, value) = comment.strip_prefix("CloudFormation ")?.split_once(": ")?;
    TRACED_ATTRIBUTES.contains(&name).then_some((name, value))
}

/// The error_message of a validation must read as a sentence.
fn sentence(text: &str) -> String {
    let mut s = text.trim().to_string();
    if let Some(first) = s.chars().next()
        && first.is_lowercase()
    {
        s = first.to_uppercase().collect::<String>() + &s[first.len_utf8()..];
    }
    if !s.ends_with(['.', '?', '!']) {
        s.push('.');
    }
    s
}

fn unsupported_marker(origin: &str, r: &Resource) -> Block {
    // Written as comments only: an unsupported type must not deploy as something else.
    let mut b = Block::comment_only();
    b.comments.push(format!("cfn2tf: UNSUPPORTED {origin}: not converted"));
    let props: Vec<&str> = r.properties.iter().map(|p| p.name.as_str()).collect();
    if !props.is_empty() {
        b.comments
            .push(format!("cfn2tf: its properties were: {}", props.join(", ")));
    }
    b
}

/// A `fixed` value for the `index`-th item of a list (`{index}` in a string is its position).
pub(crate) fn fixed_value(v: &toml::Value, index: Option<usize>) -> Expression {
    match v {
        toml::Value::String(s) if s.contains("{index}") => {
            Expression::String(s.replace("{index}", &index.unwrap_or(1).to_string()))
        }
        other => toml_to_expr(other),
    }
}

/// The argument's value is what `fixed` writes (for some position, with `{index}`).
pub(crate) fn is_fixed_value(v: &toml::Value, value: &Expression) -> bool {
    match (v, value) {
        (toml::Value::String(s), Expression::String(written)) if s.contains("{index}") => {
            let (before, after) = s.split_once("{index}").unwrap_or((s, ""));
            written
                .strip_prefix(before)
                .and_then(|rest| rest.strip_suffix(after))
                .is_some_and(|n| !n.is_empty() && n.chars().all(|c| c.is_ascii_digit()))
        }
        _ => toml_to_expr(v) == *value,
    }
}

pub(crate) fn toml_to_expr(v: &toml::Value) -> Expression {
    match v {
        toml::Value::String(s) => Expression::String(s.clone()),
        toml::Value::Integer(i) => Expression::Number((*i).into()),
        toml::Value::Float(f) => hcl::Number::from_f64(*f)
            .map(Expression::Number)
            .unwrap_or(Expression::Null),
        toml::Value::Boolean(b) => Expression::Bool(*b),
        toml::Value::Array(a) => Expression::Array(a.iter().map(toml_to_expr).collect()),
        toml::Value::Table(t) => {
            let mut o = hcl::Object::new();
            for (k, v) in t {
                o.insert(object_key(k), toml_to_expr(v));
            }
            Expression::Object(o)
        }
        toml::Value::Datetime(d) => Expression::String(d.to_string()),
    }
}

/// Expression helpers shared by the rules.
pub(crate) fn wrap_list(e: Expression) -> Expression {
    match e {
        Expression::Array(_) => e,
        Expression::Null => Expression::Null,
        other => Expression::Array(vec![other]),
    }
}

pub(crate) fn base64_payload(e: &Expr) -> Option<&Expr> {
    match &e.kind {
        crate::model::ExprKind::Base64(inner) => Some(inner),
        _ => None,
    }
}

/// A JSON document argument: objects and lists are encoded; through `Fn::If` each branch is
/// encoded on its own, so a `null` branch (AWS::NoValue) stays null instead of the text "null".
pub(crate) fn json(e: Expression) -> Expression {
    match e {
        Expression::Object(_) | Expression::Array(_) => call("jsonencode", vec![e]),
        // `Fn::If` between documents: each branch is encoded, so `AWS::NoValue` stays null.
        Expression::Conditional(c) => {
            let c = *c;
            Expression::Conditional(Box::new(Conditional::new(
                c.cond_expr,
                json(c.true_expr),
                json(c.false_expr),
            )))
        }
        other => other,
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn json_documents_are_encoded_in_each_branch_of_a_condition() {
        let doc = Expression::Object(hcl::Object::from([(object_key("a"), Expression::Number(1.into()))]));
        let e = Expression::Conditional(Box::new(Conditional::new(
            traversal(&["local", "c"]),
            doc,
            Expression::Null,
        )));
        assert_eq!(
            crate::emit::inline_text(&json(e)),
            "local.c ? jsonencode({ a = 1 }) : null"
        );
    }
}
