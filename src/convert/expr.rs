//! CloudFormation intrinsics -> Terraform expressions.

use super::Converter;
use crate::model::{Expr, ExprKind, Pseudo, RefTarget, SubPart, naming::snake_case};
use crate::tf::{Expression, call, index, traversal};
use hcl::expr::{BinaryOperator, Conditional, Heredoc, HeredocStripMode, ObjectKey, TemplateExpr, UnaryOperator};

impl Converter<'_> {
    pub(crate) fn expr(&mut self, e: &Expr) -> Expression {
        match &e.kind {
            ExprKind::Null => Expression::Null,
            ExprKind::Bool(b) => Expression::Bool(*b),
            ExprKind::Number(n) => number(n).unwrap_or_else(|| Expression::String(n.clone())),
            ExprKind::String(s) => {
                self.dynamic_reference(s, e);
                string_literal(s)
            }
            ExprKind::List(items) => self.list(items),
            ExprKind::Map(entries) => {
                let mut object = OptionalEntries::default();
                for (k, _, v) in entries {
                    if v.is_no_value() {
                        continue;
                    }
                    // Keys of a parsed mapping are unique: the parser refuses duplicates.
                    let (cond, x) = match self.optional(v) {
                        Some((cond, present)) => (Some(cond), present),
                        None => (None, self.expr(v)),
                    };
                    object.push(object_key(k), x, cond);
                }
                object.finish()
            }
            ExprKind::Ref(target) => self.reference(target, e),
            ExprKind::GetAtt { resource, attribute } => self.get_att(resource, attribute, e),
            ExprKind::Sub { parts, vars } => self.sub(parts, vars, e),
            ExprKind::Join { delimiter, items } => {
                if let Some(text) = self.join_text(delimiter, items) {
                    return text;
                }
                let list = self.expr(items);
                call("join", vec![Expression::String(delimiter.clone()), list])
            }
            ExprKind::Select { index: i, list } => {
                if let ExprKind::Cidr { block, bits, .. } = &list.kind {
                    return self.select_cidr(i, block, bits);
                }
                let list = self.expr(list);
                let i = self.expr(i);
                let i = match i {
                    Expression::String(s) => number(&s).unwrap_or(Expression::String(s)),
                    other => other,
                };
                index(list, i)
            }
            ExprKind::Split { delimiter, source } => {
                let s = self.expr(source);
                call("split", vec![Expression::String(delimiter.clone()), s])
            }
            ExprKind::GetAzs(region) => {
                let current = match &region.kind {
                    ExprKind::String(s) if s.is_empty() => true,
                    ExprKind::Null => true,
                    ExprKind::Ref(RefTarget::Pseudo(Pseudo::Region)) => true,
                    _ => false,
                };
                if current {
                    self.data.azs = true;
                    return traversal(&["data", "aws_availability_zones", "available", "names"]);
                }
                // A named region: its zones through a provider configured for that region.
                if let Some(name) = region.as_literal_str().filter(|r| is_region_name(r)) {
                    let label = region_label(name);
                    self.data.azs_regions.insert(name.to_string());
                    return traversal(&["data", "aws_availability_zones", &label, "names"]);
                }
                self.note_at(
                    "convert::get-azs-region",
                    "`Fn::GetAZs` of a region known only at deploy time: Terraform lists the zones of the provider's region",
                    e.span,
                );
                self.data.azs = true;
                traversal(&["data", "aws_availability_zones", "available", "names"])
            }
            ExprKind::FindInMap {
                map,
                top,
                second,
                default,
            } => {
                let local = match map.as_literal_str() {
                    Some(name) => self.mapping_ref(name),
                    // A computed map name picks from every mapping by its CloudFormation name.
                    None => {
                        let mut all = hcl::Object::new();
                        for m in self.template.mappings.keys() {
                            all.insert(
                                ObjectKey::Identifier(hcl::Identifier::sanitized(m)),
                                self.mapping_ref(m),
                            );
                        }
                        let name = self.expr(map);
                        index(Expression::Object(all), name)
                    }
                };
                let top = self.expr(top);
                let second = self.expr(second);
                match default {
                    None => index(index(local, top), second),
                    Some(d) => {
                        let d = self.expr(d);
                        call("try", vec![index(index(local, top), second), d])
                    }
                }
            }
            ExprKind::If {
                condition,
                then,
                otherwise,
            } => {
                let cond = self.condition_ref(condition);
                let t = if then.is_no_value() {
                    Expression::Null
                } else {
                    self.expr(then)
                };
                let f = if otherwise.is_no_value() {
                    Expression::Null
                } else {
                    self.expr(otherwise)
                };
                Expression::Conditional(Box::new(Conditional::new(cond, t, f)))
            }
            ExprKind::Equals(a, b) => {
                let a = self.expr(a);
                let b = self.expr(b);
                binary(normalise_for_equals(a), BinaryOperator::Eq, normalise_for_equals(b))
            }
            ExprKind::And(items) | ExprKind::Or(items) => {
                let op = if matches!(e.kind, ExprKind::And(_)) {
                    BinaryOperator::And
                } else {
                    BinaryOperator::Or
                };
                let mut exprs = items.iter().map(|i| paren_if_binary(self.expr(i)));
                let first = exprs.next().unwrap_or(Expression::Bool(true));
                exprs.fold(first, |acc, x| binary(acc, op, x))
            }
            ExprKind::Not(inner) => {
                let inner = self.expr(inner);
                negate(inner)
            }
            ExprKind::Condition(name) => self.condition_ref(name),
            ExprKind::Base64(inner) => {
                let inner = self.expr(inner);
                call("base64encode", vec![inner])
            }
            ExprKind::Cidr { block, count, bits } => self.cidr(block, count, bits),
            ExprKind::ImportValue(name) => {
                let name_expr = self.expr(name);
                let label = match name.as_literal_str() {
                    Some(s) => self.data_label("aws_cloudformation_export", s, snake_case(s)),
                    None => {
                        let key = crate::emit::inline_text(&name_expr);
                        let wanted = format!("import_{}", self.data.exports.len() + 1);
                        self.data_label("aws_cloudformation_export", &key, wanted)
                    }
                };
                if !self.data.exports.iter().any(|(l, _)| *l == label) {
                    self.data.exports.push((label.clone(), name_expr));
                }
                traversal(&["data", "aws_cloudformation_export", &label, "value"])
            }
            ExprKind::Length(inner) => {
                let inner = self.expr(inner);
                call("length", vec![inner])
            }
            ExprKind::ToJsonString(inner) => {
                let inner = self.expr(inner);
                call("jsonencode", vec![inner])
            }
        }
    }

    /// `Fn::Join` of a literal list with multi-line text (user data scripts) -> one string
    /// template: multi-line text as list items would be heredocs inside a call, which HCL
    /// cannot close.
    fn join_text(&mut self, delimiter: &str, items: &Expr) -> Option<Expression> {
        let ExprKind::List(list) = &items.kind else {
            return None;
        };
        let multi_line = list
            .iter()
            .any(|i| matches!(&i.kind, ExprKind::String(s) if s.contains('\n')));
        if !multi_line || list.iter().any(|i| self.optional_item(i)) {
            return None;
        }
        let mut pieces = Vec::new();
        for (n, item) in list.iter().filter(|i| !i.is_no_value()).enumerate() {
            if n > 0 {
                pieces.push(Ok(delimiter.to_string()));
            }
            match &item.kind {
                ExprKind::String(s) => pieces.push(Ok(s.clone())),
                _ => match self.expr(item) {
                    Expression::String(s) => pieces.push(Ok(s)),
                    x => pieces.push(Err(x)),
                },
            }
        }
        Some(template(pieces))
    }

    /// An item that may vanish (`Fn::If` with a branch) cannot be spliced into a template.
    fn optional_item(&self, e: &Expr) -> bool {
        matches!(e.kind, ExprKind::If { .. })
    }

    /// A list whose items may be `Fn::If` with an `AWS::NoValue` branch: CloudFormation drops
    /// such an item, so the Terraform list is a `concat` of the parts that are present.
    /// A literal list. An item that is itself a list (a `List<...>` parameter, `Fn::Split`,
    /// `Fn::GetAZs`, ...) cannot be an element of a Terraform list of strings: it is written
    /// spliced in (`concat`), the list the template means, and noted, since CloudFormation
    /// documents no flattening of a list inside a list.
    fn list(&mut self, items: &[Expr]) -> Expression {
        let mut parts = Vec::new();
        let mut plain = Vec::new();
        for item in items.iter().filter(|i| !i.is_no_value()) {
            // A literal list in a list stays nested (a dashboard's metric rows in a document).
            if !matches!(item.kind, ExprKind::List(_)) && self.list_valued(item) {
                self.note_at(
                    "convert::nested-list",
                    "a list inside a list: written spliced into the enclosing list (`concat`); CloudFormation documents no flattening here, check the template deploys as meant",
                    item.span,
                );
                if !plain.is_empty() {
                    parts.push(Expression::Array(std::mem::take(&mut plain)));
                }
                let x = match self.optional(item) {
                    Some((cond, present)) => conditional(cond, present, Expression::Array(vec![])),
                    None => self.expr(item),
                };
                parts.push(x);
                continue;
            }
            match self.optional(item) {
                Some((cond, present)) => {
                    if !plain.is_empty() {
                        parts.push(Expression::Array(std::mem::take(&mut plain)));
                    }
                    parts.push(conditional(
                        cond,
                        Expression::Array(vec![present]),
                        Expression::Array(vec![]),
                    ));
                }
                None => plain.push(self.expr(item)),
            }
        }
        if parts.is_empty() {
            return Expression::Array(plain);
        }
        if !plain.is_empty() {
            parts.push(Expression::Array(plain));
        }
        if parts.len() == 1 {
            return parts.remove(0);
        }
        call("concat", parts)
    }

    /// Whether the value is known to be a list without converting it: a literal list, a
    /// `List<...>`/`CommaDelimitedList` parameter (an SSM one too), `Fn::Split`, `Fn::GetAZs`,
    /// `Fn::Cidr`, `AWS::NotificationARNs`, or `Fn::If` whose branches are (`AWS::NoValue` aside).
    pub(crate) fn list_valued(&self, e: &Expr) -> bool {
        match &e.kind {
            ExprKind::List(_) | ExprKind::Split { .. } | ExprKind::GetAzs(_) | ExprKind::Cidr { .. } => true,
            ExprKind::Ref(RefTarget::Pseudo(Pseudo::NotificationArns)) => true,
            ExprKind::Ref(RefTarget::Parameter(name)) => self.template.parameters.get(name).is_some_and(|p| {
                let t = ssm_value_type(&p.type_name).unwrap_or(&p.type_name);
                ssm_list(t)
            }),
            ExprKind::If { then, otherwise, .. } => {
                let branches: Vec<&Expr> = [then.as_ref(), otherwise.as_ref()]
                    .into_iter()
                    .filter(|b| !b.is_no_value())
                    .collect();
                !branches.is_empty() && branches.iter().all(|b| self.list_valued(b))
            }
            _ => false,
        }
    }

    /// A value where the argument takes a list: a value already a list as it is, else `[value]`.
    pub(crate) fn as_list(&mut self, e: &Expr) -> Expression {
        let listed = self.list_valued(e);
        let x = self.expr(e);
        if listed { x } else { super::wrap_list(x) }
    }

    /// `Fn::If` with one `AWS::NoValue` branch -> (the condition under which the value is
    /// present, the value); None for anything else.
    pub(crate) fn optional(&mut self, e: &Expr) -> Option<(Expression, Expression)> {
        let ExprKind::If {
            condition,
            then,
            otherwise,
        } = &e.kind
        else {
            return None;
        };
        let cond = self.condition_ref(condition);
        match (then.is_no_value(), otherwise.is_no_value()) {
            (false, true) => Some((cond, self.expr(then))),
            (true, false) => Some((negate(cond), self.expr(otherwise))),
            _ => None,
        }
    }

    fn reference(&mut self, target: &RefTarget, e: &Expr) -> Expression {
        match target {
            RefTarget::Parameter(p) => self.parameter_ref(p),
            RefTarget::Resource(r) => self.resource_ref(r, None, e),
            RefTarget::Pseudo(p) => self.pseudo(*p, e),
        }
    }

    pub(crate) fn pseudo(&mut self, p: Pseudo, e: &Expr) -> Expression {
        match p {
            Pseudo::Region => {
                self.data.region = true;
                traversal(&["data", "aws_region", "current", "name"])
            }
            Pseudo::AccountId => {
                self.data.caller_identity = true;
                traversal(&["data", "aws_caller_identity", "current", "account_id"])
            }
            Pseudo::Partition => {
                self.data.partition = true;
                traversal(&["data", "aws_partition", "current", "partition"])
            }
            Pseudo::UrlSuffix => {
                self.data.partition = true;
                traversal(&["data", "aws_partition", "current", "dns_suffix"])
            }
            Pseudo::StackName => {
                self.data.stack_name = true;
                traversal(&["var", &self.pseudo_variable("AWS::StackName")])
            }
            Pseudo::StackId => {
                self.data.stack_id = true;
                self.note_at(
                    "convert::stack-id",
                    "`AWS::StackId` has no Terraform counterpart: it becomes `var.stack_id`, which you set",
                    e.span,
                );
                traversal(&["var", &self.pseudo_variable("AWS::StackId")])
            }
            Pseudo::NotificationArns => {
                self.data.notification_arns = true;
                traversal(&["var", &self.pseudo_variable("AWS::NotificationARNs")])
            }
            Pseudo::NoValue => Expression::Null,
        }
    }

    fn parameter_ref(&mut self, name: &str) -> Expression {
        let var = self.variable_name(name);
        let Some(p) = self.template.parameters.get(name) else {
            return traversal(&["var", &var]);
        };
        if let Some(inner) = ssm_value_type(&p.type_name) {
            // `insecure_value`: these parameter types cannot be SecureString, and a sensitive
            // `value` would mark every argument it reaches, so an import would plan a change.
            let value = traversal(&["data", "aws_ssm_parameter", &var, "insecure_value"]);
            return if ssm_list(inner) {
                call("split", vec![Expression::String(",".into()), value])
            } else {
                value
            };
        }
        traversal(&["var", &var])
    }

    /// `aws_x.name.attr`, indexed `[0]` when the resource has a condition.
    pub(crate) fn resource_ref(&mut self, logical_id: &str, attribute: Option<&str>, e: &Expr) -> Expression {
        let Some(target) = self.targets.get(logical_id).cloned() else {
            return traversal(&["cfn2tf_unknown", &snake_case(logical_id)]);
        };
        let attr = match attribute {
            None => match &target.ref_attribute {
                Some(a) => a.clone(),
                None => {
                    self.note_at(
                        "convert::unknown-ref",
                        format!(
                            "what `Ref` returns for {} ({}) is not in the mappings; `id` is used: check it",
                            logical_id, target.cfn_type
                        ),
                        e.span,
                    );
                    "id".to_string()
                }
            },
            Some(a) => a.to_string(),
        };
        if target.dropped {
            self.warn_at(
                "convert::dropped-reference",
                format!(
                    "{logical_id} ({}) was dropped: this reference becomes {attr}",
                    target.cfn_type
                ),
                e.span,
            );
            return attr.parse::<Expression>().unwrap_or(Expression::Null);
        }
        if attr.contains("{self}") {
            return self_template(&target, &attr);
        }
        let mut path = vec![target.tf_type.clone(), target.name.clone()];
        if target.conditional {
            let base = traversal(&[&path[0], &path[1]]);
            let indexed = index(base, Expression::Number(0.into()));
            return match indexed {
                Expression::Traversal(mut t) => {
                    for part in attr.split('.') {
                        t.operators
                            .push(hcl::expr::TraversalOperator::GetAttr(hcl::Identifier::unchecked(part)));
                    }
                    Expression::Traversal(t)
                }
                other => other,
            };
        }
        path.extend(attr.split('.').map(str::to_string));
        let refs: Vec<&str> = path.iter().map(String::as_str).collect();
        traversal(&refs)
    }

    fn get_att(&mut self, resource: &str, attribute: &str, e: &Expr) -> Expression {
        let Some(target) = self.targets.get(resource).cloned() else {
            return traversal(&["cfn2tf_unknown", &snake_case(resource)]);
        };
        if let Some(why) = self.unsupported_attribute(&target.cfn_type, attribute) {
            return self.no_attribute(resource, attribute, &target, &why, e);
        }
        let attr = match target
            .attributes
            .get(attribute)
            .cloned()
            .or_else(|| attribute_pattern(&target.attributes, attribute))
        {
            Some(a) if a.contains("{companion:") || a.contains("{associated:") => {
                match self.related(resource, &target, &a) {
                    Ok(text) => return self_template(&target, &text),
                    Err(why) => return self.no_attribute(resource, attribute, &target, &why, e),
                }
            }
            Some(a) => a,
            None => {
                let guess = snake_case(attribute);
                self.note_at(
                    "convert::unknown-attribute",
                    format!(
                        "`Fn::GetAtt {resource}.{attribute}` ({}) is not in the mappings; written as `{guess}`, which `terraform validate` checks",
                        target.cfn_type
                    ),
                    e.span,
                );
                guess
            }
        };
        self.resource_ref(resource, Some(&attr), e)
    }

    /// Why a mapping declares this GetAtt attribute without counterpart, if it does.
    fn unsupported_attribute(&self, cfn_type: &str, attribute: &str) -> Option<String> {
        self.registry
            .all()
            .filter(|m| m.cfn == cfn_type)
            .find_map(|m| m.unsupported_attributes.get(attribute).cloned())
    }

    /// A GetAtt with no Terraform counterpart: a located warning, and a reference to a resource
    /// that does not exist, so that `terraform validate` fails on it instead of passing a guess.
    fn no_attribute(
        &mut self,
        resource: &str,
        attribute: &str,
        target: &super::Target,
        why: &str,
        e: &Expr,
    ) -> Expression {
        self.warn_at(
            "convert::no-attribute",
            format!(
                "`Fn::GetAtt {resource}.{attribute}` ({}) has no Terraform counterpart: {why}; written as a reference that `terraform validate` refuses, replace it by hand",
                target.cfn_type
            ),
            e.span,
        );
        traversal(&[
            "cfn2tf_no_attribute",
            &target.name,
            &snake_case(attribute).replace('.', "_"),
        ])
    }

    /// Fills `{companion:TYPE}` and `{associated:TYPE}` of an attribute template (see
    /// `ResourceMapping::attributes`); Err says why there is nothing to fill them with.
    fn related(&self, resource: &str, target: &super::Target, template: &str) -> Result<String, String> {
        let mut text = template.to_string();
        while let Some(start) = text.find("{companion:") {
            let end = start + text[start..].find('}').ok_or("an unclosed `{companion:`")?;
            let tf_type = &text[start + "{companion:".len()..end];
            let Some(c) = target
                .companions
                .iter()
                .find(|c| c.tf_type == tf_type && c.item.is_none())
            else {
                return Err(format!(
                    "it is an attribute of the {tf_type} that the template's properties would make, and it makes none"
                ));
            };
            let mut address = format!("{}.{}", c.tf_type, c.name);
            if target.conditional {
                address.push_str("[0]");
            }
            text.replace_range(start..=end, &address);
        }
        while let Some(start) = text.find("{associated:") {
            let end = start + text[start..].find('}').ok_or("an unclosed `{associated:`")?;
            let tf_type = &text[start + "{associated:".len()..end];
            let mut found = Vec::new();
            for (id, r) in &self.template.resources {
                let Some(t) = self.targets.get(id).filter(|t| t.tf_type == tf_type && !t.dropped) else {
                    continue;
                };
                let mut refers = false;
                for p in &r.properties {
                    p.value.walk(&mut |x| {
                        refers |= matches!(&x.kind, ExprKind::Ref(RefTarget::Resource(to)) if to == resource);
                    });
                }
                if refers {
                    found.push(format!("{}.{}[*]", t.tf_type, t.name));
                }
            }
            let list = match found.len() {
                0 => "[]".to_string(),
                _ => format!("flatten([{}])", found.join(", ")),
            };
            text.replace_range(start..=end, &list);
        }
        Ok(text)
    }

    /// CloudFormation resolves a dynamic reference (`{{resolve:ssm:...}}`, `ssm-secure`,
    /// `secretsmanager`) at deploy time; Terraform would send the text as it is, so it is a
    /// located warning and a marker, never passed on silently.
    fn dynamic_reference(&mut self, text: &str, e: &Expr) {
        let Some(at) = text.find("{{resolve:") else { return };
        let service = text[at + "{{resolve:".len()..].split(':').next().unwrap_or_default();
        let lookup = match service {
            "ssm" | "ssm-secure" => "data \"aws_ssm_parameter\" (its `value`)",
            "secretsmanager" => {
                "data \"aws_secretsmanager_secret_version\" (its `secret_string`, through jsondecode() for a JSON key)"
            }
            _ => "the matching data source",
        };
        self.note_at(
            "convert::dynamic-reference",
            format!(
                "`{{{{resolve:{service}:...}}}}` is a dynamic reference CloudFormation resolves at deploy time, and Terraform would send its text as it is: look the value up with {lookup} and use that here"
            ),
            e.span,
        );
    }

    fn sub(&mut self, parts: &[SubPart], vars: &[(String, Expr)], e: &Expr) -> Expression {
        let mut pieces: Vec<Result<String, Expression>> = Vec::new();
        for part in parts {
            match part {
                SubPart::Literal(s) => {
                    self.dynamic_reference(s, e);
                    pieces.push(Ok(s.clone()));
                }
                SubPart::Ref(t) => {
                    let x = self.reference(t, e);
                    pieces.push(Err(x));
                }
                SubPart::GetAtt(r, a) => {
                    let x = self.get_att(r, a, e);
                    pieces.push(Err(x));
                }
                SubPart::Var(name) => match vars.iter().find(|(n, _)| n == name) {
                    Some((_, v)) => match v.as_literal_str() {
                        Some(text) => pieces.push(Ok(text.to_string())),
                        None => {
                            let x = self.expr(v);
                            pieces.push(Err(x));
                        }
                    },
                    None => pieces.push(Err(Expression::Null)),
                },
            }
        }
        template(pieces)
    }

    /// `Fn::Cidr [block, count, cidrBits]`: cidrBits counts the HOST bits of each new block
    /// (8 -> a /24), while Terraform's `newbits` count the bits added to the block's prefix:
    /// newbits = 32 (128 for IPv6) - cidrBits - prefix.
    fn cidr(&mut self, block: &Expr, count: &Expr, bits: &Expr) -> Expression {
        let (block_x, newbits) = self.cidr_newbits(block, bits);
        let count_literal = count.as_literal_str().and_then(|c| c.trim().parse::<usize>().ok());
        match count_literal.filter(|_| matches!(newbits, Expression::Number(_))) {
            // cidrsubnets allocates consecutively: for equal sizes, block i is cidrsubnet(.., i).
            Some(c) => {
                let mut args = vec![block_x];
                args.extend(std::iter::repeat_n(newbits, c));
                call("cidrsubnets", args)
            }
            None => {
                let count_x = self.expr(count);
                let text = format!(
                    "[for i in range({}) : cidrsubnet({}, {}, i)]",
                    crate::emit::inline_text(&count_x),
                    crate::emit::inline_text(&block_x),
                    crate::emit::inline_text(&newbits)
                );
                text.parse::<Expression>().unwrap_or(Expression::Null)
            }
        }
    }

    /// `Fn::Select [i, Fn::Cidr [block, count, bits]]` -> `cidrsubnet(block, newbits, i)`.
    fn select_cidr(&mut self, i: &Expr, block: &Expr, bits: &Expr) -> Expression {
        let (block_x, newbits) = self.cidr_newbits(block, bits);
        let i = match self.expr(i) {
            Expression::String(s) => number(&s).unwrap_or(Expression::String(s)),
            other => other,
        };
        call("cidrsubnet", vec![block_x, newbits, i])
    }

    fn cidr_newbits(&mut self, block: &Expr, bits: &Expr) -> (Expression, Expression) {
        let block_x = self.expr(block);
        let host_bits = bits.as_literal_str().and_then(|h| h.trim().parse::<u32>().ok());
        if let (Some(b), Some(h)) = (block.as_literal_str(), host_bits)
            && let Some(prefix) = b.split('/').nth(1).and_then(|p| p.parse::<u32>().ok())
        {
            let total = if b.contains(':') { 128 } else { 32 };
            if total >= h + prefix {
                return (block_x, Expression::Number((total - h - prefix).into()));
            }
        }
        let h = match host_bits {
            Some(h) => h.to_string(),
            None => format!("({})", crate::emit::inline_text(&self.expr(bits))),
        };
        let text = computed_newbits(&crate::emit::inline_text(&block_x), &h);
        (block_x, text.parse::<Expression>().unwrap_or(Expression::Null))
    }
}

/// Terraform's `newbits` for host bits `host` of a block whose prefix length is known only at
/// deploy time; the reverse direction reads the host bits back out of this same text.
pub(crate) fn computed_newbits(block: &str, host: &str) -> String {
    format!("(length(split(\":\", {block})) > 1 ? 128 : 32) - {host} - tonumber(split(\"/\", {block})[1])")
}

/// An attribute named by pattern in the mappings: `"Outputs.*" = "{self}.outputs[\"{*}\"]"`
/// (a nested stack's outputs, a custom resource's data) with `{*}` the rest of the name.
fn attribute_pattern(attributes: &indexmap::IndexMap<String, String>, attribute: &str) -> Option<String> {
    attributes.iter().find_map(|(pattern, tf)| {
        let prefix = pattern.strip_suffix('*')?;
        let rest = attribute.strip_prefix(prefix)?;
        Some(tf.replace("{*}", rest))
    })
}

/// An attribute that is an expression over the resource (`{self}` is its address), for values
/// that no single Terraform attribute holds.
fn self_template(target: &super::Target, template: &str) -> Expression {
    let mut address = format!("{}.{}", target.tf_type, target.name);
    if target.conditional {
        address.push_str("[0]");
    }
    template
        .replace("{self}", &address)
        .parse::<Expression>()
        .unwrap_or_else(|_| traversal(&["cfn2tf_bad_attribute_template", &target.name]))
}

/// An object some of whose entries exist only under a condition (`Fn::If` with `AWS::NoValue`):
/// the plain entries form objects, each conditional one `cond ? {k = v} : {}`, all `merge`d.
#[derive(Default)]
pub(crate) struct OptionalEntries {
    parts: Vec<Expression>,
    plain: crate::tf::ObjectBuilder,
}

impl OptionalEntries {
    /// False when an unconditional entry replaced one with the same key.
    pub(crate) fn push(&mut self, key: ObjectKey, value: Expression, condition: Option<Expression>) -> bool {
        let Some(cond) = condition else {
            return self.plain.insert(key, value);
        };
        if !self.plain.is_empty() {
            self.parts
                .push(Expression::Object(std::mem::take(&mut self.plain).finish()));
        }
        let mut one = hcl::Object::new();
        one.insert(key, value);
        self.parts.push(conditional(
            cond,
            Expression::Object(one),
            Expression::Object(hcl::Object::new()),
        ));
        true
    }

    pub(crate) fn finish(mut self) -> Expression {
        if self.parts.is_empty() {
            return Expression::Object(self.plain.finish());
        }
        if !self.plain.is_empty() {
            self.parts.push(Expression::Object(self.plain.finish()));
        }
        if self.parts.len() == 1 {
            return self.parts.remove(0);
        }
        call("merge", self.parts)
    }
}

/// Terraform's `==` compares types too: CloudFormation compares strings.
fn normalise_for_equals(e: Expression) -> Expression {
    match e {
        Expression::Number(n) => Expression::String(n.to_string()),
        Expression::Bool(b) => Expression::String(b.to_string()),
        Expression::Traversal(_) | Expression::FuncCall(_) => call("tostring", vec![e]),
        other => other,
    }
}

pub(crate) fn conditional(cond: Expression, then: Expression, otherwise: Expression) -> Expression {
    Expression::Conditional(Box::new(Conditional::new(cond, then, otherwise)))
}

pub(crate) fn negate(e: Expression) -> Expression {
    Expression::Operation(Box::new(hcl::expr::Operation::Unary(hcl::expr::UnaryOp::new(
        UnaryOperator::Not,
        paren_if_binary(e),
    ))))
}

fn paren_if_binary(e: Expression) -> Expression {
    match e {
        Expression::Operation(ref op) if matches!(**op, hcl::expr::Operation::Binary(_)) => {
            Expression::Parenthesis(Box::new(e))
        }
        other => other,
    }
}

pub(crate) fn binary(a: Expression, op: BinaryOperator, b: Expression) -> Expression {
    Expression::Operation(Box::new(hcl::expr::Operation::Binary(hcl::expr::BinaryOp::new(
        a, op, b,
    ))))
}

/// A template's number as an HCL number, only when the number prints as it was written:
/// `5.10`, `0.10`, `010`, `+5`, `1e3` and integers beyond 64 bits stay strings with their text
/// (an engine version or a bucket name is a string to the provider, and Terraform converts a
/// numeric string where the provider wants a number, without rounding through f64).
pub(crate) fn number(s: &str) -> Option<Expression> {
    let t = s.trim();
    let n = match t.parse::<i64>() {
        Ok(i) => hcl::Number::from(i),
        Err(_) => hcl::Number::from_f64(t.parse::<f64>().ok().filter(|f| f.is_finite())?)?,
    };
    (n.to_string() == t).then_some(Expression::Number(n))
}

/// Text that CloudFormation keeps as a string, typed as the provider wants a scalar: a number
/// (as `number` prints it), `true`/`false` in any case, else the string.
pub(crate) fn scalar(s: &str) -> Expression {
    number(s)
        .or_else(|| match s.to_ascii_lowercase().as_str() {
            "true" => Some(Expression::Bool(true)),
            "false" => Some(Expression::Bool(false)),
            _ => None,
        })
        .unwrap_or_else(|| Expression::String(s.to_string()))
}

pub(crate) fn object_key(k: &str) -> ObjectKey {
    let ident = {
        let mut c = k.chars();
        matches!(c.next(), Some(f) if f.is_ascii_alphabetic() || f == '_')
            && c.all(|c| c.is_ascii_alphanumeric() || c == '_' || c == '-')
    };
    if ident {
        ObjectKey::Identifier(hcl::Identifier::unchecked(k))
    } else {
        ObjectKey::Expression(Expression::String(k.to_string()))
    }
}

/// `AWS::SSM::Parameter::Value<T>` -> `T`.
pub(crate) fn ssm_value_type(t: &str) -> Option<&str> {
    t.strip_prefix("AWS::SSM::Parameter::Value<")?.strip_suffix('>')
}

/// An SSM parameter value type that is a list: Terraform reads its text, split on commas.
pub(crate) fn ssm_list(inner: &str) -> bool {
    inner.starts_with("List<") || inner == "CommaDelimitedList"
}

/// Literal text and interpolated expressions -> a string template (a heredoc when multi-line).
pub(crate) fn template(pieces: Vec<Result<String, Expression>>) -> Expression {
    let only_exprs: Vec<&Result<String, Expression>> =
        pieces.iter().filter(|p| !matches!(p, Ok(s) if s.is_empty())).collect();
    if let [Err(single)] = only_exprs.as_slice() {
        return (*single).clone();
    }
    if pieces.iter().all(|p| p.is_ok()) {
        let text: String = pieces.into_iter().map(|p| p.unwrap_or_default()).collect();
        return string_literal(&text);
    }
    let literal_text: String = pieces.iter().filter_map(|p| p.as_ref().ok().cloned()).collect();
    let heredoc = literal_text.contains('\n') && pieces.last().is_some_and(|p| matches!(p, Ok(s) if s.ends_with('\n')));
    let mut raw = String::new();
    for p in &pieces {
        match p {
            Ok(s) => raw.push_str(&escape_template_literal(s, !heredoc)),
            Err(x) => {
                raw.push_str("${");
                raw.push_str(&crate::emit::inline_text(x));
                raw.push('}');
            }
        }
    }
    wrap_template(raw, heredoc)
}

fn wrap_template(raw: String, heredoc: bool) -> Expression {
    if heredoc {
        let mut delim = "EOT".to_string();
        while raw.lines().any(|l| l.trim() == delim) {
            delim.push('_');
        }
        Expression::TemplateExpr(Box::new(TemplateExpr::Heredoc(Heredoc {
            delimiter: hcl::Identifier::unchecked(delim),
            template: raw,
            strip: HeredocStripMode::None,
        })))
    } else {
        Expression::TemplateExpr(Box::new(TemplateExpr::QuotedString(raw)))
    }
}

/// A string; multi-line text (scripts, user data) becomes a heredoc that reads like the original.
pub(crate) fn string_literal(s: &str) -> Expression {
    if s.contains('\n') && s.ends_with('\n') && !s.contains('\r') {
        wrap_template(escape_template_literal(s, false), true)
    } else {
        Expression::String(s.to_string())
    }
}

fn escape_template_literal(s: &str, quoted: bool) -> String {
    let mut out = String::with_capacity(s.len());
    let chars: Vec<char> = s.chars().collect();
    for (i, &c) in chars.iter().enumerate() {
        let next = chars.get(i + 1).copied();
        match c {
            '$' if next == Some('{') => out.push_str("$$"),
            '%' if next == Some('{') => out.push_str("%%"),
            '\\' if quoted => out.push_str("\\\\"),
            '"' if quoted => out.push_str("\\\""),
            '\n' if quoted => out.push_str("\\n"),
            '\r' if quoted => out.push_str("\\r"),
            '\t' if quoted => out.push_str("\\t"),
            c => out.push(c),
        }
    }
    out
}

/// `eu-west-1`: what a provider's `region` can be set to (lower-case words and digits).
fn is_region_name(s: &str) -> bool {
    !s.is_empty()
        && s.chars()
            .all(|c| c.is_ascii_lowercase() || c.is_ascii_digit() || c == '-')
}

/// The provider alias and data source label of a named region (`eu-west-1` -> `eu_west_1`);
/// the reverse direction reads the region back from the provider, not from this label.
pub(crate) fn region_label(region: &str) -> String {
    region.replace('-', "_")
}
