//! Variables -> Parameters, locals -> Mappings / Conditions / inlined values, data sources ->
//! pseudo parameters and functions, outputs -> Outputs.

use super::expr::traversal_path;
use super::{At, Data, Local, Reverser, Variable, x};
use crate::model::{Expr, ExprKind, Output, Parameter, Pseudo, naming::pascal_case};
use crate::tf::{Block, BodyItem, Expression};
use hcl::expr::{BinaryOperator, ObjectKey, TraversalOperator, UnaryOperator};
use indexmap::IndexMap;

/// A parameter with only a type and a description.
pub(crate) fn parameter(name: &str, type_name: &str, description: Option<String>) -> Parameter {
    Parameter {
        name: name.to_string(),
        span: Default::default(),
        type_name: type_name.to_string(),
        default: None,
        description,
        allowed_values: Vec::new(),
        allowed_pattern: None,
        pattern_span: Default::default(),
        min_length: None,
        max_length: None,
        min_value: None,
        max_value: None,
        constraint_description: None,
        no_echo: false,
    }
}

/// The forward direction writes these comments above a variable; they carry what Terraform has
/// no place for.
const TYPE_COMMENT: &str = "CloudFormation type ";
const CONSTRAINT_COMMENT: &str = "CloudFormation ConstraintDescription: ";

/// Variables the forward direction makes for pseudo parameters, recognised by the pseudo
/// parameter named in their description.
const PSEUDO_VARIABLES: &[(&str, Pseudo)] = &[
    ("stack_name", Pseudo::StackName),
    ("stack_id", Pseudo::StackId),
    ("notification_arns", Pseudo::NotificationArns),
];

/// `stack_name`, or `stack_name_2` when a parameter took the name (see `convert::Names`).
fn is_pseudo_variable(name: &str, pseudo: &str) -> bool {
    name.strip_prefix(pseudo).is_some_and(|rest| {
        rest.is_empty()
            || rest
                .strip_prefix('_')
                .is_some_and(|n| !n.is_empty() && n.bytes().all(|b| b.is_ascii_digit()))
    })
}

impl Reverser<'_> {
    pub(super) fn variable(&mut self, b: &Block, blocks: &[Block]) {
        let Some(name) = b.labels.first().cloned() else { return };
        let description = match b.attribute("description") {
            Some(Expression::String(s)) => Some(s.clone()),
            _ => None,
        };
        if let Some((_, pseudo)) = PSEUDO_VARIABLES
            .iter()
            .find(|(v, p)| is_pseudo_variable(&name, v) && description.as_deref().is_some_and(|d| d.contains(p.name())))
        {
            self.variables.insert(name, Variable::Pseudo(*pseudo));
            return;
        }
        let type_text = declared_type(b, blocks);
        if self.fixed_variable(b, &name, type_text.as_deref()) {
            return;
        }
        let pname = self.unique_name(&traced_name(b).unwrap_or_else(|| pascal_case(&name)));
        self.variables.insert(name.clone(), Variable::Parameter(pname.clone()));
        if let Some(d) = b.attribute("default") {
            self.var_defaults.insert(name.clone(), d.clone());
        }
        let default = b.attribute("default").filter(|d| **d != Expression::Null);
        let mut type_name = match type_text.as_deref() {
            Some("string") => "String".to_string(),
            Some("number") => "Number".to_string(),
            Some("bool") => "String".to_string(),
            Some("list(string)" | "set(string)") => "CommaDelimitedList".to_string(),
            Some("list(number)" | "set(number)") => "List<Number>".to_string(),
            None => match default {
                Some(Expression::Number(_)) => "Number".to_string(),
                Some(Expression::Array(_)) => "CommaDelimitedList".to_string(),
                _ => "String".to_string(),
            },
            Some(other) => {
                self.error_with_help(
                    "reverse::variable-type",
                    format!("variable \"{name}\" has type {other}: CloudFormation parameters are strings, numbers and lists of them"),
                    &At::arg(b, "type"),
                    "split it into one variable per value",
                );
                "String".to_string()
            }
        };
        let mut constraint_description = None;
        let mut allowed_pattern = None;
        for c in &b.comments {
            if let Some(rest) = c.strip_prefix(TYPE_COMMENT)
                && let Some((t, _)) = rest.split_once(": ")
            {
                type_name = t.trim().to_string();
            }
            if let Some(rest) = c.strip_prefix(CONSTRAINT_COMMENT) {
                constraint_description = Some(rest.to_string());
            }
            // A pattern Terraform's regex cannot check (lookahead, ...), kept in a comment.
            if let Some(pattern) = crate::convert::read_pattern_comment(c) {
                allowed_pattern = Some(pattern);
            }
        }
        let mut p = parameter(&pname, &type_name, description);
        p.constraint_description = constraint_description;
        p.allowed_pattern = allowed_pattern;
        if type_text.as_deref() == Some("bool") {
            p.allowed_values = vec![x(ExprKind::String("true".into())), x(ExprKind::String("false".into()))];
        }
        if let Some(d) = default {
            p.default = self.parameter_default(d, &At::arg(b, "default"));
        }
        if matches!(b.attribute("sensitive"), Some(Expression::Bool(true))) {
            p.no_echo = true;
        }
        for item in &b.body {
            match item {
                BodyItem::Block(v) if v.ident == "validation" => self.validation(&name, &mut p, v),
                BodyItem::Attribute(a, _)
                    if matches!(
                        a.as_str(),
                        "description" | "type" | "default" | "sensitive" | "nullable"
                    ) => {}
                BodyItem::Attribute(a, _) | BodyItem::Block(crate::tf::Block { ident: a, .. }) => {
                    let at = At::arg(b, a);
                    self.warn_noted(
                        "reverse::variable",
                        format!("`{a}` of variable \"{name}\" has no CloudFormation counterpart"),
                        &at,
                        "Parameters",
                        &pname,
                    );
                }
                BodyItem::Comment(_) => {}
            }
        }
        self.template.parameters.insert(pname, p);
    }

    /// A variable whose type (or default) no parameter holds: fixed at its default, with a
    /// warning; without a default, a located error. True when it is not a parameter.
    fn fixed_variable(&mut self, b: &Block, name: &str, type_text: Option<&str>) -> bool {
        let default = b.attribute("default");
        let shaped_default = match default {
            Some(Expression::Object(_)) => true,
            Some(Expression::Array(items)) => !items
                .iter()
                .all(|i| matches!(i, Expression::String(_) | Expression::Number(_))),
            _ => false,
        };
        let why = match type_text {
            Some(t) if !super::fold::parameter_type(t) => format!("has type {t}"),
            None if shaped_default => "has a default of a shape".to_string(),
            _ => return false,
        };
        let at = if type_text.is_some() {
            At::arg(b, "type")
        } else {
            At::arg(b, "default")
        };
        let Some(default) = default else {
            self.error_with_help(
                "reverse::variable-type",
                format!("variable {name} {why}, which a CloudFormation parameter cannot hold, and no default to fix it at"),
                &at,
                "give it a default (its value is then known when converting), or split it into one variable of type string, number or list(string) per value",
            );
            // Read as unknown: its uses are not reported again as undeclared.
            self.variables.insert(name.to_string(), Variable::Refused);
            return true;
        };
        match self.eval(default, &mut Vec::new()) {
            Ok(v) => {
                self.variables.insert(name.to_string(), Variable::Fixed(v));
                self.warn_noted(
                    "reverse::fixed-variable",
                    format!(
                        "variable {name} {why}, which a CloudFormation parameter cannot hold: fixed at its default"
                    ),
                    &at,
                    "",
                    "",
                );
            }
            Err(_) => self.error(
                "reverse::variable-default",
                format!("the default of variable {name} is not a value known before deployment"),
                &At::arg(b, "default"),
            ),
        }
        true
    }

    /// A default as CloudFormation writes it: a string, a number, a comma-joined list.
    fn parameter_default(&mut self, d: &Expression, at: &At) -> Option<Expr> {
        match d {
            Expression::String(s) => Some(x(ExprKind::String(s.clone()))),
            Expression::Number(n) => Some(x(ExprKind::Number(n.to_string()))),
            Expression::Bool(v) => Some(x(ExprKind::String(v.to_string()))),
            Expression::Array(items) => {
                let mut parts = Vec::new();
                for i in items {
                    match i {
                        Expression::String(s) => parts.push(s.clone()),
                        Expression::Number(n) => parts.push(n.to_string()),
                        _ => {
                            self.error("reverse::variable-default", "a list default must hold literals", at);
                            return None;
                        }
                    }
                }
                Some(x(ExprKind::String(parts.join(","))))
            }
            _ => {
                self.error(
                    "reverse::variable-default",
                    "a default must be a literal string, number, bool or list",
                    at,
                );
                None
            }
        }
    }

    /// The validation shapes that have a CloudFormation constraint: `contains([...], v)`,
    /// `can(regex(...))`, `length(v) >= n`, `v <= n`, joined by `&&`, element-wise for lists.
    fn validation(&mut self, var: &str, p: &mut Parameter, v: &Block) {
        let at = At::arg(v, "condition");
        let Some(cond) = v.attribute("condition") else { return };
        let mut parts = Vec::new();
        split_and(cond, &mut parts);
        let mut all_ok = true;
        for part in parts {
            all_ok &= constraint(part, &format!("var.{var}"), p);
        }
        if !all_ok {
            let text = crate::emit::inline_text(cond);
            let pname = p.name.clone();
            self.warn_noted(
                "reverse::validation",
                format!("validation `{text}` of variable \"{var}\" has no AllowedValues/AllowedPattern/length/value shape: not translated"),
                &at,
                "Parameters",
                &pname,
            );
            return;
        }
        if let Some(Expression::String(msg)) = v.attribute("error_message") {
            // The forward direction writes "<Name> must ..." when the template had no message,
            // and the template's own message in a comment when the sentence changed it.
            if p.constraint_description.is_none() && !msg.starts_with(&format!("{} must ", p.name)) {
                p.constraint_description = Some(msg.clone());
            }
        }
    }

    // ---- data sources

    pub(super) fn data_source(&mut self, b: &Block) {
        let (Some(kind), Some(name)) = (b.labels.first(), b.labels.get(1)) else {
            return;
        };
        self.tf_blocks.insert(format!("{kind}.{name}"), b.clone());
        let at = At::block(b);
        let data = match kind.as_str() {
            "aws_region" => Data::Region,
            "aws_caller_identity" => Data::CallerIdentity,
            "aws_partition" => Data::Partition,
            "aws_availability_zones" => {
                let filtered = b.body.iter().any(|i| {
                    !matches!(i, BodyItem::Attribute(a, Expression::String(s)) if a == "state" && s == "available")
                        && !matches!(i, BodyItem::Attribute(a, _) if a == "provider")
                        && !matches!(i, BodyItem::Comment(_))
                });
                if filtered {
                    self.warn(
                        "reverse::availability-zones",
                        format!(
                            "data.aws_availability_zones.{name} is filtered: Fn::GetAZs lists every zone of the region"
                        ),
                        &at,
                    );
                }
                Data::AvailabilityZones(self.provider_region(b))
            }
            "aws_cloudformation_export" => match b.attribute("name") {
                Some(n) => Data::Export(n.clone(), b.origin.clone()),
                None => Data::Other,
            },
            "aws_ssm_parameter" => Data::Ssm(String::new()),
            _ => {
                // Only reported when used: each attribute read becomes a parameter.
                Data::Other
            }
        };
        self.data.insert(format!("{kind}.{name}"), data);
    }

    /// The region of a data source's `provider = aws.<alias>` when the alias only sets one; any
    /// other provider is warned about (a stack reads its own account and region).
    fn provider_region(&mut self, b: &Block) -> Option<String> {
        let provider = b.attribute("provider")?;
        let region = match provider {
            Expression::Traversal(t) => match traversal_path(t).as_slice() {
                [aws, alias] if aws == "aws" => self.region_providers.get_mut(alias).map(|p| {
                    p.read = true;
                    p.region.clone()
                }),
                _ => None,
            },
            _ => None,
        };
        if region.is_none() {
            let text = crate::emit::inline_text(provider);
            self.warn(
                "reverse::provider",
                format!(
                    "provider {text} of data.{}: a stack reads its own account and region",
                    b.labels.join(".")
                ),
                &At::arg(b, "provider"),
            );
        }
        region
    }

    /// `data "aws_ssm_parameter"` is a parameter of type `AWS::SSM::Parameter::Value<String>`:
    /// the variable it names when it names one, else a new parameter defaulting to its name.
    pub(super) fn ssm_parameters(&mut self, blocks: &[Block]) {
        for b in blocks
            .iter()
            .filter(|b| b.ident == "data" && b.labels.first().is_some_and(|k| k == "aws_ssm_parameter"))
        {
            let name = b.labels.get(1).cloned().unwrap_or_default();
            let at = At::arg(b, "name");
            let ssm_type = "AWS::SSM::Parameter::Value<String>";
            let param = match b.attribute("name") {
                Some(Expression::Traversal(t)) if traversal_path(t).first().is_some_and(|r| r == "var") => {
                    let var = traversal_path(t).get(1).cloned().unwrap_or_default();
                    match self.variables.get(&var) {
                        Some(Variable::Parameter(p)) => {
                            let p = p.clone();
                            // A value type other than String comes from the variable's comment.
                            if let Some(param) = self.template.parameters.get_mut(&p)
                                && crate::convert::ssm_value_type(&param.type_name).is_none()
                            {
                                param.type_name = ssm_type.to_string();
                            }
                            Some(p)
                        }
                        _ => None,
                    }
                }
                Some(Expression::String(s)) => {
                    let pname = self.unique_name(&pascal_case(&name));
                    let mut p = parameter(
                        &pname,
                        ssm_type,
                        Some(format!("The SSM parameter data.aws_ssm_parameter.{name} read")),
                    );
                    p.default = Some(x(ExprKind::String(s.clone())));
                    self.template.parameters.insert(pname.clone(), p);
                    Some(pname)
                }
                _ => None,
            };
            match param {
                Some(p) => {
                    if matches!(b.attribute("with_decryption"), Some(Expression::Bool(true))) {
                        self.warn(
                            "reverse::ssm-secure",
                            "a SecureString cannot be read through a parameter type: use a {{resolve:ssm-secure:...}} dynamic reference where the property allows it",
                            &at,
                        );
                    }
                    self.data.insert(format!("aws_ssm_parameter.{name}"), Data::Ssm(p));
                }
                None => {
                    self.error(
                        "reverse::ssm",
                        format!("data.aws_ssm_parameter.{name}: its name must be a literal or a variable"),
                        &at,
                    );
                }
            }
        }
    }

    // ---- locals

    /// Maps of maps of literals are Mappings, boolean expressions Conditions, the rest inlined.
    pub(super) fn classify_locals(&mut self, blocks: &[&Block]) {
        let mut all: IndexMap<String, (Expression, Option<crate::tf::Origin>)> = IndexMap::new();
        for b in blocks {
            for item in &b.body {
                if let BodyItem::Attribute(name, value) = item {
                    all.insert(name.clone(), (value.clone(), b.origin.clone()));
                }
            }
        }
        for (name, (value, _)) in &all {
            self.local_exprs.insert(name.clone(), value.clone());
        }
        for (name, (value, origin)) in &all {
            let prefix = format!(
                "{} of local.{name}: ",
                crate::convert::NAME_COMMENT.trim_end_matches(": ")
            );
            let cfn_name = blocks
                .iter()
                .flat_map(|b| b.comments.iter())
                .find_map(|c| c.strip_prefix(&prefix).map(str::to_string))
                .unwrap_or_else(|| pascal_case(name));
            let kind = if is_mapping(value) {
                Local::Mapping(self.unique_in("Mappings", &cfn_name))
            } else if is_condition(value, &all, 0) {
                Local::Condition(self.unique_in("Conditions", &cfn_name))
            } else {
                Local::Inline(value.clone(), origin.clone())
            };
            self.locals.insert(name.clone(), kind);
        }
    }

    pub(super) fn mappings_and_conditions(&mut self, blocks: &[&Block]) {
        for b in blocks {
            for item in &b.body {
                let BodyItem::Attribute(name, value) = item else {
                    continue;
                };
                let at = At::arg(b, name);
                match self.locals.get(name).cloned() {
                    Some(Local::Mapping(m)) => {
                        let Expression::Object(top) = value else { continue };
                        let mut entries = IndexMap::new();
                        for (k, inner) in top {
                            let Expression::Object(inner) = inner else { continue };
                            let mut second = IndexMap::new();
                            for (k2, v) in inner {
                                second.insert(key_text(k2), self.expr(v, &at));
                            }
                            entries.insert(key_text(k), second);
                        }
                        self.put_mapping(m, entries);
                    }
                    Some(Local::Condition(c)) => {
                        let expr = self.condition_expr(value, &at);
                        self.put_condition(c, expr);
                    }
                    _ => {}
                }
            }
        }
    }

    // ---- outputs

    pub(super) fn output(&mut self, b: &Block) {
        let Some(name) = b.labels.first() else { return };
        let oname = self.unique_in("Outputs", &traced_name(b).unwrap_or_else(|| pascal_case(name)));
        let at = At::arg(b, "value");
        let description = match b.attribute("description") {
            Some(Expression::String(s)) => Some(s.clone()),
            _ => None,
        };
        let mut condition = None;
        let value = match b.attribute("value") {
            // `cond ? value : null` is an output with a Condition.
            Some(Expression::Conditional(c)) if c.false_expr == Expression::Null => {
                let cname = self.condition_name(&c.cond_expr, &format!("{oname}Condition"), &at);
                condition = Some((cname, Default::default()));
                self.expr(&c.true_expr, &at)
            }
            Some(v) => match self.expr(v, &at) {
                // `try(r[0].id, null)` of a conditional resource: an output with its Condition
                // (an output's value cannot be AWS::NoValue).
                Expr {
                    kind:
                        ExprKind::If {
                            condition: c,
                            then,
                            otherwise,
                        },
                    ..
                } if *otherwise == super::expr::no_value() => {
                    condition = Some((c, Default::default()));
                    *then
                }
                other => other,
            },
            None => {
                self.error(
                    "reverse::output",
                    format!("output \"{name}\" has no value"),
                    &At::block(b),
                );
                return;
            }
        };
        if matches!(b.attribute("sensitive"), Some(Expression::Bool(true))) {
            self.warn_noted(
                "reverse::sensitive-output",
                format!("output \"{name}\" is sensitive: CloudFormation shows every output's value"),
                &At::arg(b, "sensitive"),
                "Outputs",
                &oname,
            );
        }
        let export_name = b.comments.iter().find_map(|c| {
            let rest = c.strip_prefix("cfn2tf: exported by CloudFormation as ")?;
            Some(rest.rsplit_once("; ").map(|(n, _)| n).unwrap_or(rest).to_string())
        });
        let export_name = export_name.map(|n| self.export_name(&n, &at));
        self.template.outputs.insert(
            oname.clone(),
            Output {
                name: oname,
                span: Default::default(),
                description,
                value,
                export_name,
                condition,
            },
        );
    }

    /// The export name the forward direction wrote in a comment: a literal, or HCL text.
    fn export_name(&mut self, text: &str, at: &At) -> Expr {
        let parsed = text.parse::<Expression>().ok().filter(|e| match e {
            Expression::TemplateExpr(_) | Expression::String(_) | Expression::FuncCall(_) => {
                text.starts_with('"') || text.contains('(')
            }
            Expression::Traversal(t) => traversal_path(t)
                .first()
                .is_some_and(|r| matches!(r.as_str(), "var" | "local" | "data") || r.starts_with("aws_")),
            _ => false,
        });
        match parsed {
            Some(e) => self.expr(&e, at),
            None => x(ExprKind::String(text.to_string())),
        }
    }
}

/// The CloudFormation name the forward direction noted above a block, when PascalCase of the
/// Terraform name would not give it back.
fn traced_name(b: &Block) -> Option<String> {
    b.comments
        .iter()
        .find_map(|c| c.strip_prefix(crate::convert::NAME_COMMENT).map(str::to_string))
}

fn key_text(k: &ObjectKey) -> String {
    match k {
        ObjectKey::Identifier(i) => i.as_str().to_string(),
        ObjectKey::Expression(Expression::String(s)) => s.clone(),
        ObjectKey::Expression(e) => crate::emit::inline_text(e),
        _ => String::new(),
    }
}

fn is_literal(e: &Expression) -> bool {
    match e {
        Expression::String(_) | Expression::Number(_) | Expression::Bool(_) => true,
        Expression::Array(a) => a.iter().all(is_literal),
        _ => false,
    }
}

/// `{ top = { second = literal } }` with literal keys.
fn is_mapping(e: &Expression) -> bool {
    let Expression::Object(top) = e else { return false };
    !top.is_empty()
        && top.iter().all(|(k, v)| {
            literal_key(k)
                && matches!(v, Expression::Object(inner) if !inner.is_empty() && inner.iter().all(|(k2, v2)| literal_key(k2) && is_literal(v2)))
        })
}

fn literal_key(k: &ObjectKey) -> bool {
    matches!(
        k,
        ObjectKey::Identifier(_) | ObjectKey::Expression(Expression::String(_))
    )
}

/// A boolean expression over variables and other conditions (not a literal `true`, which is a
/// constant).
fn is_condition(e: &Expression, all: &IndexMap<String, (Expression, Option<crate::tf::Origin>)>, depth: usize) -> bool {
    if depth > 16 {
        return false;
    }
    match e {
        Expression::Parenthesis(p) => is_condition(p, all, depth + 1),
        Expression::Operation(op) => match op.as_ref() {
            hcl::expr::Operation::Binary(b) => matches!(
                b.operator,
                BinaryOperator::Eq | BinaryOperator::NotEq | BinaryOperator::And | BinaryOperator::Or
            ),
            hcl::expr::Operation::Unary(u) => u.operator == UnaryOperator::Not,
        },
        Expression::Traversal(t) => match traversal_path(t).as_slice() {
            [root, name] if root == "local" => all.get(name).is_some_and(|(v, _)| is_condition(v, all, depth + 1)),
            _ => false,
        },
        _ => false,
    }
}

fn split_and<'e>(e: &'e Expression, out: &mut Vec<&'e Expression>) {
    if let Expression::Operation(op) = e
        && let hcl::expr::Operation::Binary(b) = op.as_ref()
        && b.operator == BinaryOperator::And
    {
        split_and(&b.lhs_expr, out);
        split_and(&b.rhs_expr, out);
        return;
    }
    if let Expression::Parenthesis(p) = e {
        return split_and(p, out);
    }
    out.push(e);
}

/// One validation condition onto the parameter; false when it has no constraint shape.
fn constraint(e: &Expression, subject: &str, p: &mut Parameter) -> bool {
    let is_subject = |e: &Expression| -> bool {
        let e = match e {
            Expression::FuncCall(f) if f.name.name.as_str() == "tostring" && f.args.len() == 1 => &f.args[0],
            other => other,
        };
        crate::emit::inline_text(e) == subject
    };
    match e {
        // alltrue([for v in var.x : COND(v)]): the constraint applies to each element.
        Expression::FuncCall(f) if f.name.name.as_str() == "alltrue" && f.args.len() == 1 => {
            // `[for ...]` is itself the list.
            match &f.args[0] {
                Expression::ForExpr(fe)
                    if fe.key_expr.is_none()
                        && fe.cond_expr.is_none()
                        && crate::emit::inline_text(&fe.collection_expr) == subject =>
                {
                    constraint(&fe.value_expr, fe.value_var.as_str(), p)
                }
                _ => false,
            }
        }
        Expression::FuncCall(f)
            if f.name.name.as_str() == "contains" && f.args.len() == 2 && is_subject(&f.args[1]) =>
        {
            let Expression::Array(values) = &f.args[0] else {
                return false;
            };
            let mut out = Vec::new();
            for v in values {
                match v {
                    // A Number parameter's values are compared as text (`tostring`) but are numbers.
                    Expression::String(s) if p.type_name == "Number" && s.parse::<f64>().is_ok() => {
                        out.push(x(ExprKind::Number(s.clone())))
                    }
                    Expression::String(s) => out.push(x(ExprKind::String(s.clone()))),
                    Expression::Number(n) => out.push(x(ExprKind::Number(n.to_string()))),
                    _ => return false,
                }
            }
            p.allowed_values = out;
            true
        }
        Expression::FuncCall(f) if f.name.name.as_str() == "can" && f.args.len() == 1 => {
            let Expression::FuncCall(re) = &f.args[0] else {
                return false;
            };
            if re.name.name.as_str() != "regex" || re.args.len() != 2 || !is_subject(&re.args[1]) {
                return false;
            }
            let Expression::String(pattern) = &re.args[0] else {
                return false;
            };
            p.allowed_pattern = Some(whole_match_pattern(pattern));
            true
        }
        Expression::Operation(op) => {
            let hcl::expr::Operation::Binary(b) = op.as_ref() else {
                return false;
            };
            let Expression::Number(n) = &b.rhs_expr else {
                return false;
            };
            let n = n.to_string();
            let length_of = |e: &Expression| matches!(e, Expression::FuncCall(f) if f.name.name.as_str() == "length" && f.args.len() == 1 && is_subject(&f.args[0]));
            let slot = if length_of(&b.lhs_expr) {
                match b.operator {
                    BinaryOperator::GreaterEq => &mut p.min_length,
                    BinaryOperator::LessEq => &mut p.max_length,
                    _ => return false,
                }
            } else if is_subject(&b.lhs_expr) {
                match b.operator {
                    BinaryOperator::GreaterEq => &mut p.min_value,
                    BinaryOperator::LessEq => &mut p.max_value,
                    _ => return false,
                }
            } else {
                return false;
            };
            *slot = Some(n);
            true
        }
        _ => false,
    }
}

/// Terraform's regex() searches; AllowedPattern must match the whole value.
fn whole_match_pattern(pattern: &str) -> String {
    if let Some(inner) = pattern.strip_prefix("^(?:").and_then(|p| p.strip_suffix(")$")) {
        return inner.to_string();
    }
    match (
        pattern.strip_prefix('^'),
        pattern.ends_with('$') && !pattern.ends_with("\\$"),
    ) {
        (Some(rest), true) => rest[..rest.len() - 1].to_string(),
        (Some(rest), false) => format!("{rest}.*"),
        (None, true) => format!(".*{}", &pattern[..pattern.len() - 1]),
        (None, false) => format!(".*(?:{pattern}).*"),
    }
}

/// A variable's type as written (Terraform 0.11's quotes dropped), the bare legacy `list` /
/// `set` read as `list(string)` / `set(string)` when the configuration uses its elements as
/// strings only (never `var.x[0].attr`, nor an attribute of a `for` over it).
fn declared_type(b: &Block, blocks: &[Block]) -> Option<String> {
    let text = crate::emit::inline_text(b.attribute("type")?)
        .trim_matches('"')
        .to_string();
    let name = b.labels.first()?;
    match text.as_str() {
        "list" | "set" if elements_used_as_strings(blocks, name) => Some(format!("{text}(string)")),
        _ => Some(text),
    }
}

fn elements_used_as_strings(blocks: &[Block], var: &str) -> bool {
    let mut strings = true;
    for b in blocks {
        visit_body(&b.body, &mut |e| match e {
            Expression::Traversal(t) if is_var(&t.expr, &t.operators, var) => {
                // `var.x` or `var.x[i]`: anything further reads into an element.
                let rest = &t.operators[1..];
                if rest.len() > 1
                    || rest
                        .first()
                        .is_some_and(|op| !matches!(op, TraversalOperator::Index(_)))
                {
                    strings = false;
                }
            }
            Expression::ForExpr(f) if matches!(&f.collection_expr, Expression::Traversal(t) if is_var(&t.expr, &t.operators, var) && t.operators.len() == 1) =>
            {
                let element = f.value_var.as_str();
                for part in [Some(&f.value_expr), f.key_expr.as_ref(), f.cond_expr.as_ref()]
                    .into_iter()
                    .flatten()
                {
                    visit(part, &mut |inner| {
                        if let Expression::Traversal(t) = inner
                            && matches!(&t.expr, Expression::Variable(v) if v.as_str() == element)
                        {
                            strings = false;
                        }
                    });
                }
            }
            _ => {}
        });
    }
    strings
}

fn is_var(root: &Expression, ops: &[TraversalOperator], var: &str) -> bool {
    matches!(root, Expression::Variable(v) if v.as_str() == "var")
        && matches!(ops.first(), Some(TraversalOperator::GetAttr(a)) if a.as_str() == var)
}

fn visit_body(body: &[BodyItem], f: &mut dyn FnMut(&Expression)) {
    for item in body {
        match item {
            BodyItem::Attribute(_, e) => visit(e, f),
            BodyItem::Block(b) => visit_body(&b.body, f),
            BodyItem::Comment(_) => {}
        }
    }
}

/// Every sub-expression of `e`, outermost first.
fn visit(e: &Expression, f: &mut dyn FnMut(&Expression)) {
    f(e);
    match e {
        Expression::Array(items) => items.iter().for_each(|i| visit(i, f)),
        Expression::Object(o) => o.iter().for_each(|(_, v)| visit(v, f)),
        Expression::Traversal(t) => {
            visit(&t.expr, f);
            for op in &t.operators {
                if let TraversalOperator::Index(i) = op {
                    visit(i, f);
                }
            }
        }
        Expression::FuncCall(c) => c.args.iter().for_each(|a| visit(a, f)),
        Expression::Parenthesis(p) => visit(p, f),
        Expression::Conditional(c) => {
            visit(&c.cond_expr, f);
            visit(&c.true_expr, f);
            visit(&c.false_expr, f);
        }
        Expression::Operation(op) => match op.as_ref() {
            hcl::expr::Operation::Unary(u) => visit(&u.expr, f),
            hcl::expr::Operation::Binary(b) => {
                visit(&b.lhs_expr, f);
                visit(&b.rhs_expr, f);
            }
        },
        Expression::ForExpr(fe) => {
            visit(&fe.collection_expr, f);
            visit(&fe.value_expr, f);
            if let Some(k) = &fe.key_expr {
                visit(k, f);
            }
            if let Some(c) = &fe.cond_expr {
                visit(c, f);
            }
        }
        _ => {}
    }
}
