//! Migration of a live stack: the converted Terraform, the stack's parameter values as
//! `terraform.tfvars`, an `import` block per resource (ids built by the recipes in `mappings/`),
//! `retain.yaml` (the original template with every resource retained) and `MIGRATION.md`.
//!
//! The stack's state comes from CloudFormation itself (`live`, the AWS SDK, cargo feature `aws`)
//! or from the JSON that `aws cloudformation describe-stack-resources` / `describe-stacks` print
//! (`offline`).

// The AWS SDK is the `aws` cargo feature (most of a first build): without it, `--stack` explains
// how to get it and the offline form still works.
#[cfg(feature = "aws")]
mod live;
#[cfg(not(feature = "aws"))]
mod live {
    pub fn load_live(stack: &str, _region: Option<String>) -> Result<super::StackState, String> {
        Err(format!(
            "cannot read stack {stack}: this cfn2tf was built without the `aws` feature (the AWS SDK); \
             rebuild with the default features (`cargo build --release`) or `--features aws`, or give the template with \
             --resources and --parameters (the JSON of `aws cloudformation describe-stack-resources` \
             and `describe-stacks`)"
        ))
    }
}
mod offline;

pub use live::load_live;
pub use offline::load_offline;

use crate::diagnostics::Diagnostics;
use crate::mapping::Registry;
use crate::model::{Expr, ExprKind, Pseudo, RefTarget, SubPart, Template};
use crate::parse::{Node, Value};
use crate::source::SourceFile;
use crate::tf::{Block, BodyItem, Expression};
use std::collections::BTreeMap;

/// What CloudFormation knows about a deployed stack.
#[derive(Debug, Clone)]
pub struct StackState {
    pub stack_name: String,
    pub region: Option<String>,
    pub template: SourceFile,
    /// Parameter values the stack was deployed with.
    pub parameters: BTreeMap<String, String>,
    /// Logical ID -> physical ID, for the resources that exist.
    pub physical_ids: BTreeMap<String, String>,
    /// The stack's ARN (`arn:PARTITION:cloudformation:REGION:ACCOUNT:stack/...`): the account and
    /// partition that `AWS::AccountId` and `AWS::Partition` stood for.
    pub stack_id: Option<String>,
    /// Output name -> value, which is what a `Fn::GetAtt` an output shows was.
    pub outputs: BTreeMap<String, String>,
    /// Logical ID -> CloudFormation property -> deployed value, for properties the template
    /// left to AWS whose default the provider does not share (`default_differs` in the
    /// mappings), read from the resource's own read-only API. Empty when read offline.
    pub deployed: BTreeMap<String, BTreeMap<String, String>>,
    /// Logical ID -> the children a read-only listing reports for it (a topic's subscriptions),
    /// for companions whose import id CloudFormation does not report (`import_listed_by`).
    pub children: BTreeMap<String, Vec<Child>>,
}

/// A child of a deployed resource, as its service lists it: fields to match, and its id.
#[derive(Debug, Clone)]
pub struct Child {
    pub fields: BTreeMap<String, String>,
    pub id: String,
}

/// An in-place update that the plan after the import shows, by address and attributes.
struct PlannedUpdate {
    address: String,
    attributes: Vec<String>,
    /// False when it only records settings of Terraform's own in the state.
    changes_aws: bool,
    why: String,
}

/// A property the template left to AWS whose deployed value migrate read and keeps.
struct KeptValue {
    address: String,
    attribute: String,
    /// `Property = value`, as AWS reported it.
    deployed: String,
    why: String,
}

/// Adds `argument` to the block's `lifecycle { ignore_changes }`, so that the plan keeps what
/// the import read for it.
fn ignore_changes(block: &mut Block, argument: &str) {
    let at = match block
        .body
        .iter()
        .position(|item| matches!(item, BodyItem::Block(b) if b.ident == "lifecycle"))
    {
        Some(at) => at,
        None => {
            block.body.push(BodyItem::Block(Block::new("lifecycle", &[])));
            block.body.len() - 1
        }
    };
    let BodyItem::Block(lifecycle) = &mut block.body[at] else {
        return;
    };
    let entry = crate::tf::traversal(&[argument]);
    for item in &mut lifecycle.body {
        if let BodyItem::Attribute(name, Expression::Array(items)) = item
            && name == "ignore_changes"
        {
            items.push(entry);
            return;
        }
    }
    lifecycle.attr("ignore_changes", Expression::Array(vec![entry]));
}

const STATE_ONLY: &str = "Terraform's own settings, which an import cannot read: the update records them in the state and changes nothing in AWS";

pub struct Migration {
    /// File name -> text: the Terraform files, imports.tf, terraform.tfvars, retain.yaml, MIGRATION.md.
    pub files: BTreeMap<String, String>,
    /// Binary files the configuration refers to (a Lambda function's zipped inline code).
    pub artefacts: BTreeMap<String, Vec<u8>>,
    pub imported: usize,
    /// Logical ID -> why it has no import block.
    pub not_imported: Vec<(String, String)>,
    pub diagnostics: Diagnostics,
}

pub fn plan(state: &StackState) -> Result<Migration, Diagnostics> {
    let pipeline = crate::run_pipeline(&state.template)?;
    let template = &pipeline.template;
    let mut config = pipeline.conversion.config.clone();

    let registry = Registry::get();
    let mut imports = Vec::new();
    let mut not_imported = Vec::new();
    let mut planned = Vec::new();
    let mut kept = Vec::new();
    // Arguments written as the attribute an import reads them into: (address prefix, from, to).
    let mut read_into = Vec::new();
    for r in template.resources.values() {
        let Some(target) = pipeline.conversion.targets.get(&r.logical_id) else {
            continue;
        };
        // An inline block of its group now: importing the group imports the rule.
        if target.folded_into.is_some() {
            continue;
        }
        let Some(physical) = state.physical_ids.get(&r.logical_id) else {
            let why = if r.condition.is_some() {
                "not in the stack (its condition was false when deployed)"
            } else {
                "the stack lists no physical resource for it"
            };
            not_imported.push((r.logical_id.clone(), why.to_string()));
            continue;
        };
        let mapping = registry.resource(&r.type_name, |p| r.property(p).is_some());
        if let Some(m) = mapping {
            keep_generated_name(&mut config, m, r, &target.tf_type, &target.name, physical);
        }
        let Some(recipe) = mapping.and_then(|m| m.import.as_deref()) else {
            let why = match mapping {
                Some(m) => format!("no import id recipe for {} in mappings/{}", m.tf, m.file),
                None => format!("{} is not converted", r.type_name),
            };
            not_imported.push((r.logical_id.clone(), why));
            continue;
        };
        let comment = format!("{} ({}), physical id {physical}", r.logical_id, r.type_name);
        let no_translation = |_: &str, value: String| value;
        match import_id(
            recipe,
            physical,
            &|p| r.property(p).map(|p| &p.value),
            &no_translation,
            template,
            state,
        ) {
            Ok(id) => {
                let address = address(&config, &target.tf_type, &target.name);
                if let Some(m) = mapping {
                    let mut state_only: Vec<String> = r
                        .deletion_policy
                        .as_ref()
                        .and_then(|(policy, _)| m.deletion_arguments(policy))
                        .map(|arguments| arguments.keys().cloned().collect())
                        .unwrap_or_default();
                    let block = resource_block(&mut config, &target.tf_type, &target.name);
                    state_only.extend(unread_arguments(&m.unread, block.as_deref()));
                    planned.extend(state_only_update(&address, state_only));
                    for (cfn, spec) in &m.properties {
                        let rule = spec.rule();
                        if let (Some(why), Some(tf), None) = (&rule.default_differs, &rule.tf, r.property(cfn)) {
                            let deployed = state.deployed.get(&r.logical_id).and_then(|read| read.get(cfn));
                            if let (Some(value), Some(block)) =
                                (deployed, resource_block(&mut config, &target.tf_type, &target.name))
                            {
                                ignore_changes(block, tf);
                                kept.push(KeptValue {
                                    address: address.clone(),
                                    attribute: tf.clone(),
                                    deployed: format!("{cfn} = {value}"),
                                    why: why.clone(),
                                });
                                continue;
                            }
                            planned.push(PlannedUpdate {
                                address: address.clone(),
                                attributes: vec![tf.clone()],
                                changes_aws: true,
                                why: format!("{cfn}: {why}"),
                            });
                        }
                    }
                    if let Some(block) = resource_block(&mut config, &target.tf_type, &target.name) {
                        for (from, to) in &m.import_reads {
                            if write_as(block, from, to) {
                                read_into.push((
                                    format!("{}.{}", target.tf_type, target.name),
                                    from.clone(),
                                    to.clone(),
                                ));
                            }
                        }
                    }
                }
                let lookup = mapping.and_then(|m| m.import_lookup.as_ref()).filter(|lookup| {
                    !lookup
                        .unless_prefix
                        .as_deref()
                        .is_some_and(|prefix| id.starts_with(prefix))
                });
                let id = match lookup {
                    Some(lookup) => {
                        let name = format!("import_{}", target.name);
                        let mut data = Block::new("data", &[&lookup.data, &name]);
                        data.comments.push(format!(
                            "The import id of {} (CloudFormation does not report it)",
                            r.logical_id
                        ));
                        data.attr(&lookup.by, Expression::String(id));
                        imports.push(data);
                        crate::tf::traversal(&["data", &lookup.data, &name, "id"])
                    }
                    None => Expression::String(id),
                };
                imports.push(import_block(address, comment.clone(), id));
            }
            Err(why) => not_imported.push((r.logical_id.clone(), why)),
        }
        // Properties that became separate resources (a role's inline policies) are imported too.
        for ct in &target.companions {
            let rule = mapping
                .and_then(|m| m.properties.get(&ct.property))
                .map(|spec| spec.rule())
                .unwrap_or_default();
            let label = format!("{}.{}", r.logical_id, ct.property);
            let Some(companion) = rule.resource.as_ref() else {
                continue;
            };
            let listed = (!companion.import_listed_by.is_empty())
                .then(|| state.children.get(&r.logical_id))
                .flatten();
            if let Some(children) = listed {
                let item = ct.item.and_then(|i| match &r.property(&ct.property)?.value.kind {
                    ExprKind::List(items) => items.get(i).map(|item| crate::convert::unguard(item).value),
                    _ => None,
                });
                match listed_child(&companion.import_listed_by, item, children, template, state) {
                    Ok(id) => {
                        let address = address(&config, &ct.tf_type, &ct.name);
                        let block = resource_block(&mut config, &ct.tf_type, &ct.name);
                        planned.extend(state_only_update(
                            &address,
                            unread_arguments(&companion.unread, block.as_deref()),
                        ));
                        let comment = format!("{} of {} (listed by its service)", ct.property, comment);
                        imports.push(import_block(address, comment, Expression::String(id)));
                    }
                    Err(why) => not_imported.push((label, why)),
                }
                continue;
            }
            let Some(recipe) = companion.import.as_deref() else {
                let why = companion
                    .no_import
                    .clone()
                    .unwrap_or_else(|| format!("no import id recipe for {}", ct.tf_type));
                not_imported.push((label, why));
                continue;
            };
            let item = ct.item.and_then(|i| match &r.property(&ct.property)?.value.kind {
                ExprKind::List(items) => items.get(i).map(|item| crate::convert::unguard(item).value),
                _ => None,
            });
            let lookup = |name: &str| match item {
                Some(item) if name == "Item" => Some(item),
                Some(item) => crate::convert::map_get(item, name).or_else(|| r.property(name).map(|p| &p.value)),
                None => r.property(name).map(|p| &p.value),
            };
            // The property's own literal values are translated as in the conversion (`Private` ->
            // `private` for a bucket's canned ACL).
            let translate = |name: &str, value: String| match rule.values.get(&value) {
                Some(translated) if name == ct.property => translated.clone(),
                _ => value,
            };
            match import_id(recipe, physical, &lookup, &translate, template, state) {
                Ok(id) => {
                    let comment = format!("{} of {}", ct.property, comment);
                    let address = address(&config, &ct.tf_type, &ct.name);
                    let block = resource_block(&mut config, &ct.tf_type, &ct.name);
                    let state_only = unread_arguments(&companion.unread, block.as_deref());
                    planned.extend(state_only_update(&address, state_only));
                    imports.push(import_block(address, comment, Expression::String(id)));
                }
                Err(why) => not_imported.push((label, why)),
            }
        }
    }
    let mut diagnostics = pipeline.diagnostics;
    // What the stack has and the template does not is left alone, but never without a word.
    for (logical_id, physical) in &state.physical_ids {
        if !template.resources.contains_key(logical_id) {
            let why =
                "in the stack but not in the template (was the template edited after the deployment?): not imported";
            diagnostics.warn(
                "migrate::not-in-template",
                format!("stack resource {logical_id} (physical id {physical}) is {why}"),
                None,
            );
            not_imported.push((logical_id.clone(), why.to_string()));
        }
    }
    for name in state.parameters.keys() {
        if !template.parameters.contains_key(name) {
            diagnostics.warn(
                "migrate::not-in-template",
                format!("stack parameter {name} is not a parameter of the template: its value is not used"),
                None,
            );
        }
    }
    let imported = imports.iter().filter(|b| b.ident == "import").count();
    let mut files: BTreeMap<String, String> = crate::emit::render_files(&config)
        .into_iter()
        .map(|(k, v)| (k.file_name().to_string(), read_through(v, &read_into)))
        .collect();
    let mut import_config = crate::tf::Config::default();
    for b in imports {
        import_config.push(crate::tf::FileKind::Main, b);
    }
    if let Some(text) = crate::emit::render_files(&import_config).into_values().next() {
        files.insert("imports.tf".to_string(), text);
    }
    files.insert("terraform.tfvars".to_string(), tfvars(template, state, &files));
    files.insert(
        "retain.yaml".to_string(),
        retain_template(&state.template, &pipeline.root),
    );
    files.insert(
        "MIGRATION.md".to_string(),
        migration_guide(state, template, imported, &not_imported, &planned, &kept),
    );
    Ok(Migration {
        files,
        artefacts: config.artefacts,
        imported,
        not_imported,
        diagnostics,
    })
}

fn resource_block<'c>(config: &'c mut crate::tf::Config, tf_type: &str, name: &str) -> Option<&'c mut Block> {
    config
        .blocks
        .iter_mut()
        .map(|(_, b)| b)
        .find(|b| b.ident == "resource" && b.labels == [tf_type, name])
}

/// A resource's address; a counted resource (a condition) is addressed `[0]`.
fn address(config: &crate::tf::Config, tf_type: &str, name: &str) -> String {
    let counted = config
        .blocks
        .iter()
        .any(|(_, b)| b.ident == "resource" && b.labels == [tf_type, name] && b.has_attribute("count"));
    if counted {
        format!("{tf_type}.{name}[0]")
    } else {
        format!("{tf_type}.{name}")
    }
}

/// The `unread` arguments that the plan after an import sets: those the block writes, and those
/// the provider fills with its default.
fn unread_arguments(unread: &indexmap::IndexMap<String, crate::mapping::Unread>, block: Option<&Block>) -> Vec<String> {
    unread
        .iter()
        .filter(|(argument, when)| {
            **when == crate::mapping::Unread::Default || block.is_some_and(|b| b.has_attribute(argument))
        })
        .map(|(argument, _)| argument.clone())
        .collect()
}

fn state_only_update(address: &str, mut attributes: Vec<String>) -> Option<PlannedUpdate> {
    attributes.sort();
    (!attributes.is_empty()).then(|| PlannedUpdate {
        address: address.to_string(),
        attributes,
        changes_aws: false,
        why: STATE_ONLY.to_string(),
    })
}

/// Renames the argument `from` of `block` to `to`; true if the block had it.
fn write_as(block: &mut Block, from: &str, to: &str) -> bool {
    let mut renamed = false;
    for item in &mut block.body {
        if let crate::tf::BodyItem::Attribute(name, _) = item
            && name == from
        {
            *name = to.to_string();
            renamed = true;
        }
    }
    if renamed {
        block.comment(format!(
            "cfn2tf migrate: {to}, not {from}: an import reads the deployed value into {to}"
        ));
    }
    renamed
}

/// References to an argument written as the sensitive attribute the import reads it into
/// (`aws_ssm_parameter.p.insecure_value`) read that attribute, as `nonsensitive(...)`. On the
/// rendered text, so that references inside string templates are rewritten too.
fn read_through(mut text: String, read_into: &[(String, String, String)]) -> String {
    for (resource, from, to) in read_into {
        let reference = format!("{resource}.{from}");
        let mut out = String::with_capacity(text.len());
        let mut rest = text.as_str();
        while let Some(at) = rest.find(&reference) {
            let after = &rest[at + reference.len()..];
            let whole = !after.starts_with(|c: char| c.is_alphanumeric() || c == '_' || c == '-');
            out.push_str(&rest[..at]);
            if whole {
                out.push_str(&format!("nonsensitive({resource}.{to})"));
            } else {
                out.push_str(&reference);
            }
            rest = after;
        }
        out.push_str(rest);
        text = out;
    }
    text
}

/// `import { to = ADDRESS, id = ID }`.
fn import_block(address: String, comment: String, id: Expression) -> Block {
    let mut b = Block::new("import", &[]);
    b.comments.push(comment);
    b.attr("to", address.parse::<Expression>().unwrap_or(Expression::Null));
    b.attr("id", id);
    b
}

/// A name the template leaves to CloudFormation stands in as `<stack>-<logical id>` in a
/// conversion (a mapping's `generated_name`); the deployed resource has the name CloudFormation
/// generated, its physical id when `Ref` returns the name, so that name is written instead of
/// one that would replace the resource.
fn keep_generated_name(
    config: &mut crate::tf::Config,
    mapping: &crate::mapping::ResourceMapping,
    r: &crate::model::Resource,
    tf_type: &str,
    name: &str,
    physical: &str,
) {
    let Some(argument) = mapping.generated_name.as_ref().map(|g| g.argument()) else {
        return;
    };
    let named_by_template = mapping
        .properties
        .iter()
        .any(|(cfn, spec)| spec.rule().tf.as_deref() == Some(argument) && r.property(cfn).is_some());
    if named_by_template || mapping.ref_attribute.as_deref() != Some(argument) {
        return;
    }
    let Some(block) = resource_block(config, tf_type, name) else {
        return;
    };
    for item in &mut block.body {
        if let crate::tf::BodyItem::Attribute(n, value) = item
            && n == argument
        {
            *value = Expression::String(physical.to_string());
        }
    }
    block.comment(format!(
        "cfn2tf migrate: {argument} is the name CloudFormation generated"
    ));
}

/// The id of the listed child whose fields equal the item's `by` properties as deployed. A field
/// whose deployed value the stack does not report (a `Fn::GetAtt` no output shows) is left out of
/// the match, which must then still be unique among the children no other stack resource is.
fn listed_child(
    by: &[String],
    item: Option<&Expr>,
    children: &[Child],
    template: &Template,
    state: &StackState,
) -> Result<String, String> {
    let mut wanted = Vec::new();
    let mut unread = Vec::new();
    for name in by {
        let value = item
            .and_then(|item| crate::convert::map_get(item, name))
            .ok_or_else(|| format!("the import id is listed by {name}, which the item does not set"))?;
        match deployed_value(value, template, state) {
            Ok(value) => wanted.push((name, value)),
            Err(why) => unread.push(format!("{name}: {why}")),
        }
    }
    if wanted.is_empty() {
        return Err(format!("the import id needs {}", unread.join("; ")));
    }
    let others: std::collections::BTreeSet<&String> = state.physical_ids.values().collect();
    let matching: Vec<&Child> = children
        .iter()
        .filter(|c| !others.contains(&c.id))
        .filter(|c| wanted.iter().all(|(name, value)| c.fields.get(*name) == Some(value)))
        .collect();
    match matching.as_slice() {
        // SNS lists an unconfirmed subscription as `PendingConfirmation`, with no ARN yet.
        [one] if !one.id.starts_with("arn:") => Err(format!(
            "the child with {} is listed as {}: it has no id to import until it is confirmed",
            describe(&wanted),
            one.id
        )),
        [one] => Ok(one.id.clone()),
        [] => Err(format!("no deployed child has {}", describe(&wanted))),
        _ => Err(format!(
            "{} deployed children have {}{}",
            matching.len(),
            describe(&wanted),
            if unread.is_empty() {
                String::new()
            } else {
                format!(" (not matched on {})", unread.join("; "))
            }
        )),
    }
}

fn describe(fields: &[(&String, String)]) -> String {
    let parts: Vec<String> = fields.iter().map(|(k, v)| format!("{k} {v}")).collect();
    parts.join(" and ")
}

/// Fills an import recipe such as `{InternetGatewayId}:{VpcId}`: `{Ref}` is the physical id,
/// `{Property}` the value `property` gives for it as deployed (`deployed_value`; a list of one
/// stands for its item), passed through `translate`.
fn import_id<'e>(
    recipe: &str,
    physical: &str,
    property: &dyn Fn(&str) -> Option<&'e Expr>,
    translate: &dyn Fn(&str, String) -> String,
    template: &Template,
    state: &StackState,
) -> Result<String, String> {
    let mut out = String::new();
    let mut rest = recipe;
    while let Some(start) = rest.find('{') {
        out.push_str(&rest[..start]);
        let end = rest[start..].find('}').ok_or("unclosed `{` in the import recipe")? + start;
        let name = &rest[start + 1..end];
        rest = &rest[end + 1..];
        if name == "Ref" {
            out.push_str(physical);
            continue;
        }
        let Some(value) = property(name) else {
            return Err(format!("the import id needs property {name}, which is not set"));
        };
        let value = match &value.kind {
            ExprKind::List(items) => match items.as_slice() {
                [item] => item,
                _ => {
                    return Err(format!(
                        "the import id needs one {name}, and the template gives {}",
                        items.len()
                    ));
                }
            },
            _ => value,
        };
        let value =
            deployed_value(value, template, state).map_err(|why| format!("the import id needs {name}: {why}"))?;
        out.push_str(&translate(name, value));
    }
    out.push_str(rest);
    Ok(out)
}

/// What an expression stood for when the stack was deployed, from what the stack reports: physical
/// ids, parameter values, the pseudo parameters (account and partition from the stack's ARN),
/// the outputs (a `Fn::GetAtt` an output shows) and the template's mappings.
fn deployed_value(e: &Expr, template: &Template, state: &StackState) -> Result<String, String> {
    let value = |e: &Expr| deployed_value(e, template, state);
    match &e.kind {
        ExprKind::String(s) | ExprKind::Number(s) => Ok(s.clone()),
        ExprKind::Bool(b) => Ok(b.to_string()),
        ExprKind::Ref(target) => reference_value(target, template, state),
        ExprKind::GetAtt { resource, attribute } => output_value(resource, attribute, template, state),
        ExprKind::Sub { parts, vars } => {
            let mut out = String::new();
            for part in parts {
                let piece = match part {
                    SubPart::Literal(s) => s.clone(),
                    SubPart::Ref(target) => reference_value(target, template, state)?,
                    SubPart::Var(name) => match vars.iter().find(|(n, _)| n == name) {
                        Some((_, v)) => value(v)?,
                        None => return Err(format!("Fn::Sub has no variable {name}")),
                    },
                    SubPart::GetAtt(resource, attribute) => output_value(resource, attribute, template, state)?,
                };
                out.push_str(&piece);
            }
            Ok(out)
        }
        ExprKind::Join { delimiter, items } => match &items.kind {
            ExprKind::List(items) => Ok(items.iter().map(value).collect::<Result<Vec<_>, _>>()?.join(delimiter)),
            _ => Err("Fn::Join of a list the stack does not report".to_string()),
        },
        ExprKind::Select { index, list } => {
            let index: usize = value(index)?
                .parse()
                .map_err(|_| "Fn::Select with an index that is not a number".to_string())?;
            match &list.kind {
                ExprKind::List(items) => value(items.get(index).ok_or("Fn::Select out of range")?),
                _ => Err("Fn::Select from a list the stack does not report".to_string()),
            }
        }
        ExprKind::FindInMap {
            map,
            top,
            second,
            default,
        } => {
            let (map, top, second) = (value(map)?, value(top)?, value(second)?);
            let found = template
                .mappings
                .get(&map)
                .and_then(|m| m.entries.get(&top))
                .and_then(|entries| entries.get(&second));
            match (found, default) {
                (Some(found), _) => value(found),
                (None, Some(default)) => value(default),
                (None, None) => Err(format!("mapping {map} has no {top}.{second}")),
            }
        }
        _ => Err("it is computed by an intrinsic whose value the stack does not report".to_string()),
    }
}

fn reference_value(target: &RefTarget, template: &Template, state: &StackState) -> Result<String, String> {
    // arn:PARTITION:cloudformation:REGION:ACCOUNT:stack/NAME/ID
    let stack_arn_part = |i: usize| {
        state
            .stack_id
            .as_deref()
            .and_then(|arn| arn.split(':').nth(i))
            .filter(|part| !part.is_empty())
            .map(str::to_string)
    };
    let partition = || {
        stack_arn_part(1).unwrap_or_else(|| {
            match state.region.as_deref() {
                Some(r) if r.starts_with("cn-") => "aws-cn",
                Some(r) if r.starts_with("us-gov-") => "aws-us-gov",
                _ => "aws",
            }
            .to_string()
        })
    };
    match target {
        RefTarget::Resource(id) => state
            .physical_ids
            .get(id)
            .cloned()
            .ok_or(format!("the physical id of {id}, which the stack does not list")),
        RefTarget::Parameter(param) => {
            parameter_value(template, state, param).ok_or(format!("the value of parameter {param}"))
        }
        RefTarget::Pseudo(Pseudo::Region) => state.region.clone().ok_or("the region: pass --region".to_string()),
        RefTarget::Pseudo(Pseudo::AccountId) => {
            stack_arn_part(4).ok_or("the account id, which the stack does not report".to_string())
        }
        RefTarget::Pseudo(Pseudo::Partition) => Ok(partition()),
        RefTarget::Pseudo(Pseudo::UrlSuffix) => Ok(if partition() == "aws-cn" {
            "amazonaws.com.cn".to_string()
        } else {
            "amazonaws.com".to_string()
        }),
        RefTarget::Pseudo(Pseudo::StackName) => Ok(state.stack_name.clone()),
        RefTarget::Pseudo(Pseudo::StackId) => state
            .stack_id
            .clone()
            .ok_or("the stack id, which is not known".to_string()),
        RefTarget::Pseudo(Pseudo::NoValue | Pseudo::NotificationArns) => {
            Err("a pseudo parameter without a single value".to_string())
        }
    }
}

/// `Fn::GetAtt resource.attribute` as the stack's output that shows it reports it.
fn output_value(resource: &str, attribute: &str, template: &Template, state: &StackState) -> Result<String, String> {
    let shows = |e: &Expr| match &e.kind {
        ExprKind::GetAtt {
            resource: r,
            attribute: a,
        } => r == resource && a == attribute,
        ExprKind::Sub { parts, .. } => {
            matches!(parts.as_slice(), [SubPart::GetAtt(r, a)] if r == resource && a == attribute)
        }
        _ => false,
    };
    template
        .outputs
        .values()
        .filter(|o| shows(&o.value))
        .find_map(|o| state.outputs.get(&o.name).cloned())
        .ok_or(format!(
            "{resource}.{attribute}, which no output of the stack reports (an output of it would)"
        ))
}

fn parameter_value(template: &Template, state: &StackState, name: &str) -> Option<String> {
    state.parameters.get(name).cloned().or_else(|| {
        template
            .parameters
            .get(name)?
            .default
            .as_ref()?
            .as_literal_str()
            .map(str::to_string)
    })
}

/// The stack's parameter values, as the converted variables expect them.
fn tfvars(template: &Template, state: &StackState, files: &BTreeMap<String, String>) -> String {
    // Rendered as the body of a block, then unwrapped: a tfvars file is a body of attributes.
    let mut body = Block::new("tfvars", &[]);
    let names = crate::convert::Names::plan(template);
    for p in template.parameters.values() {
        let Some(value) = state.parameters.get(&p.name) else {
            continue;
        };
        let is_list = p.type_name == "CommaDelimitedList" || p.type_name.starts_with("List<");
        let numeric = p.type_name == "Number" || p.type_name == "List<Number>";
        let scalar = |v: &str| {
            if numeric {
                crate::convert::number(v).unwrap_or(Expression::String(v.to_string()))
            } else {
                Expression::String(v.to_string())
            }
        };
        let expr = if is_list {
            Expression::Array(value.split(',').map(|v| scalar(v.trim())).collect())
        } else {
            scalar(value)
        };
        body.attr(&names.variable(&p.name), expr);
    }
    // The pseudo parameters that became variables hold what the stack reports.
    let declared = |name: &str| {
        files
            .get("variables.tf")
            .is_some_and(|v| v.contains(&format!("variable \"{name}\"")))
    };
    let pseudo = [
        ("AWS::StackName", Some(state.stack_name.clone())),
        ("AWS::StackId", state.stack_id.clone()),
    ];
    for (parameter, value) in pseudo {
        let name = names.variable(parameter);
        if let Some(value) = value
            && declared(&name)
        {
            body.attr(&name, Expression::String(value));
        }
    }
    let mut config = crate::tf::Config::default();
    config.push(crate::tf::FileKind::Main, body);
    let rendered = crate::emit::render_files(&config)
        .into_values()
        .next()
        .unwrap_or_default();
    let mut out = format!("# Parameter values of stack {}\n", state.stack_name);
    for line in rendered.lines().skip(1).filter(|l| *l != "}") {
        out.push_str(line.strip_prefix("  ").unwrap_or(line));
        out.push('\n');
    }
    out
}

/// The original template, unchanged but for `DeletionPolicy: Retain` and
/// `UpdateReplacePolicy: Retain` on every resource (inserted as text, so comments survive).
pub fn retain_template(file: &SourceFile, root: &Node) -> String {
    let mut edits: Vec<(usize, usize, String)> = Vec::new();
    let Some(resources) = root.get("Resources").and_then(Node::as_map) else {
        return file.text.clone();
    };
    for (_, resource) in resources {
        let Some(entries) = resource.as_map() else { continue };
        let start = resource.span.start;
        let flow = file.text[start..].starts_with('{');
        let mut missing = Vec::new();
        for policy in ["DeletionPolicy", "UpdateReplacePolicy"] {
            match entries.iter().find(|(k, _)| k.name == policy) {
                Some((_, v)) if matches!(v.value, Value::String(_)) => {
                    let quote = if flow { "\"Retain\"" } else { "Retain" };
                    edits.push((v.span.start, v.span.end, quote.to_string()));
                }
                _ => missing.push(policy),
            }
        }
        if missing.is_empty() {
            continue;
        }
        if flow {
            let text: String = missing.iter().map(|p| format!(" \"{p}\": \"Retain\",")).collect();
            edits.push((start + 1, start + 1, text));
        } else {
            let Some((first_key, _)) = entries.first() else {
                continue;
            };
            let line_start = file.text[..first_key.span.start]
                .rfind('\n')
                .map(|i| i + 1)
                .unwrap_or(0);
            let indent = &file.text[line_start..first_key.span.start];
            if !indent.chars().all(|c| c == ' ') {
                continue;
            }
            let text: String = missing.iter().map(|p| format!("{indent}{p}: Retain\n")).collect();
            edits.push((line_start, line_start, text));
        }
    }
    edits.sort_by_key(|edit| std::cmp::Reverse(edit.0));
    let mut text = file.text.clone();
    for (start, end, replacement) in edits {
        text.replace_range(start..end, &replacement);
    }
    text
}

fn migration_guide(
    state: &StackState,
    template: &Template,
    imported: usize,
    not_imported: &[(String, String)],
    planned: &[PlannedUpdate],
    kept: &[KeptValue],
) -> String {
    let stack = &state.stack_name;
    let region = state
        .region
        .as_deref()
        .map(|r| format!(" --region {r}"))
        .unwrap_or_default();
    let params: String = template
        .parameters
        .keys()
        .map(|p| format!(" ParameterKey={p},UsePreviousValue=true"))
        .collect();
    let params = if params.is_empty() {
        String::new()
    } else {
        format!(" \\\n    --parameters{params}")
    };
    let caveat = if not_imported.is_empty() {
        String::new()
    } else {
        format!(
            "\n\n   The {} resource(s) under \"Not imported\" below are in the configuration without an import\n   \
             block: as they are, the plan would create them anew next to the retained originals. Import each\n   \
             by hand (`terraform import ADDRESS ID`) or remove it from the configuration first.",
            not_imported.len()
        )
    };
    let mut addresses: Vec<&str> = planned.iter().map(|u| u.address.as_str()).collect();
    addresses.sort();
    addresses.dedup();
    let changes = addresses.len();
    let changes_aws = planned.iter().any(|u| u.changes_aws);
    let state_only_note = match (changes, changes_aws) {
        (0, _) => String::new(),
        (_, false) => " The in-place updates, under \"Planned updates\" below,\n   \
             record settings of Terraform's own and change nothing in AWS."
            .to_string(),
        (_, true) => " The in-place updates are under \"Planned updates\" below:\n   \
             read those that change the deployed resource before you apply."
            .to_string(),
    };
    let and_record = if changes > 0 {
        " (and make the updates listed below)"
    } else {
        ""
    };
    let mut out = format!(
        "# Migrating stack `{stack}` to Terraform\n\n\
         cfn2tf wrote the Terraform for the stack's template, the stack's parameter values\n\
         (`terraform.tfvars`) and an `import` block for each of the {imported} resource(s) it can import\n\
         (`imports.tf`). Nothing is created or deleted if you follow these steps in order.\n\n\
         1. Protect every resource: update the stack with `retain.yaml`, the original template with\n   \
         `DeletionPolicy: Retain` and `UpdateReplacePolicy: Retain` on every resource (no resource changes):\n\n   \
         ```sh\n   aws cloudformation update-stack --stack-name {stack}{region} \\\n    --template-body file://retain.yaml \\\n    --capabilities CAPABILITY_IAM CAPABILITY_NAMED_IAM{params}\n   \
         aws cloudformation wait stack-update-complete --stack-name {stack}{region}\n   ```\n\n\
         2. Check the plan: it must only import{and_record}.\n\n   \
         ```sh\n   terraform init\n   terraform plan\n   ```\n\n   \
         Expect `Plan: {imported} to import, 0 to add, {changes} to change, 0 to destroy.`{state_only_note} Anything else\n   \
         means the Terraform does not match what is deployed: fix it before going on.{caveat}\n\n\
         3. Import: `terraform apply`.\n\n\
         4. Delete the stack. Every resource is retained, so nothing is deleted; Terraform now manages them.\n\n   \
         ```sh\n   aws cloudformation delete-stack --stack-name {stack}{region}\n   ```\n"
    );
    if !planned.is_empty() {
        out.push_str(
            "\n## Planned updates\n\nThe plan updates these imported resources in place (address: attributes, why):\n\n",
        );
        for address in &addresses {
            let updates: Vec<&PlannedUpdate> = planned.iter().filter(|u| u.address == *address).collect();
            let mut attributes: Vec<&str> = updates
                .iter()
                .flat_map(|u| u.attributes.iter().map(String::as_str))
                .collect();
            attributes.sort();
            attributes.dedup();
            let attributes: Vec<String> = attributes.iter().map(|a| format!("`{a}`")).collect();
            let whys: Vec<String> = updates
                .iter()
                .map(|u| {
                    let kind = if u.changes_aws { "CHANGES AWS" } else { "state only" };
                    format!("{kind}: {}", u.why)
                })
                .collect();
            out.push_str(&format!(
                "- `{address}`: {}: {}\n",
                attributes.join(", "),
                whys.join("; ")
            ));
        }
    }
    if !kept.is_empty() {
        out.push_str(
            "\n## Values kept as deployed\n\nThe template left these to AWS, whose default the provider does not share; \
             migrate read the deployed value, and `lifecycle { ignore_changes }` keeps it (the provider may not \
             accept it: an SQS queue's 1 MiB is beyond hashicorp/aws 5.x's range). Write the value into the \
             argument and drop it from `ignore_changes` once your provider accepts it:\n\n",
        );
        for k in kept {
            out.push_str(&format!(
                "- `{}`: `{}`: deployed {}; {}\n",
                k.address, k.attribute, k.deployed, k.why
            ));
        }
    }
    if !not_imported.is_empty() {
        out.push_str("\n## Not imported\n\nThese resources stay as they are; bring them under Terraform by hand (or leave them):\n\n");
        for (id, why) in not_imported {
            out.push_str(&format!("- `{id}`: {why}\n"));
        }
    }
    out
}

/// Logical ID -> physical ID from `ListStackResources` / `DescribeStackResources` items.
pub(crate) fn physical_ids(items: impl IntoIterator<Item = (String, Option<String>)>) -> BTreeMap<String, String> {
    items
        .into_iter()
        .filter_map(|(logical, physical)| Some((logical, physical.filter(|p| !p.is_empty())?)))
        .collect()
}
