//! Migration of a live stack: the converted Terraform, the stack's parameter values as
//! `terraform.tfvars`, an `import` block per resource (ids built by the recipes in `mappings/`),
//! `retain.yaml` (the original template with every resource retained) and `MIGRATION.md`.
//!
//! The stack's state comes from CloudFormation itself (`live`, the AWS SDK) or from the JSON that
//! `aws cloudformation describe-stack-resources` / `describe-stacks` print (`offline`).

mod live;
mod offline;

pub use live::load_live;
pub use offline::load_offline;

use crate::diagnostics::Diagnostics;
use crate::mapping::Registry;
use crate::model::{ExprKind, Pseudo, RefTarget, Template};
use crate::parse::{Node, Value};
use crate::source::SourceFile;
use crate::tf::{Block, Expression};
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
}

pub struct Migration {
    /// File name -> text: the Terraform files, imports.tf, terraform.tfvars, retain.yaml, MIGRATION.md.
    pub files: BTreeMap<String, String>,
    pub imported: usize,
    /// Logical ID -> why it has no import block.
    pub not_imported: Vec<(String, String)>,
    pub diagnostics: Diagnostics,
}

pub fn plan(state: &StackState) -> Result<Migration, Diagnostics> {
    let pipeline = crate::run_pipeline(&state.template)?;
    let template = &pipeline.template;
    let mut files: BTreeMap<String, String> = crate::emit::render_files(&pipeline.conversion.config)
        .into_iter()
        .map(|(k, v)| (k.file_name().to_string(), v))
        .collect();

    let registry = Registry::get();
    let mut imports = Vec::new();
    let mut not_imported = Vec::new();
    for r in template.resources.values() {
        let Some(target) = pipeline.conversion.targets.get(&r.logical_id) else {
            continue;
        };
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
        let Some(recipe) = mapping.and_then(|m| m.import.as_deref()) else {
            let why = match mapping {
                Some(m) => format!("no import id recipe for {} in mappings/{}", m.tf, m.file),
                None => format!("{} is not converted", r.type_name),
            };
            not_imported.push((r.logical_id.clone(), why));
            continue;
        };
        match import_id(recipe, physical, r, template, state) {
            Ok(id) => {
                let address = if target.conditional {
                    format!("{}.{}[0]", target.tf_type, target.name)
                } else {
                    format!("{}.{}", target.tf_type, target.name)
                };
                let mut b = Block::new("import", &[]);
                b.comments
                    .push(format!("{} ({}), physical id {physical}", r.logical_id, r.type_name));
                b.attr("to", address.parse::<Expression>().unwrap_or(Expression::Null));
                b.attr("id", Expression::String(id));
                imports.push(b);
            }
            Err(why) => not_imported.push((r.logical_id.clone(), why)),
        }
    }
    let imported = imports.len();
    let mut config = crate::tf::Config::default();
    for b in imports {
        config.push(crate::tf::FileKind::Main, b);
    }
    if let Some(text) = crate::emit::render_files(&config).into_values().next() {
        files.insert("imports.tf".to_string(), text);
    }
    files.insert("terraform.tfvars".to_string(), tfvars(template, state, &files));
    files.insert(
        "retain.yaml".to_string(),
        retain_template(&state.template, &pipeline.root),
    );
    files.insert(
        "MIGRATION.md".to_string(),
        migration_guide(state, template, imported, &not_imported),
    );
    Ok(Migration {
        files,
        imported,
        not_imported,
        diagnostics: pipeline.diagnostics,
    })
}

/// Fills an import recipe such as `{InternetGatewayId}:{VpcId}`: `{Ref}` is the physical id,
/// `{Property}` the property's value once references are resolved to physical ids.
fn import_id(
    recipe: &str,
    physical: &str,
    r: &crate::model::Resource,
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
        let Some(p) = r.property(name) else {
            return Err(format!("the import id needs property {name}, which is not set"));
        };
        let value = match &p.value.kind {
            ExprKind::String(s) | ExprKind::Number(s) => s.clone(),
            ExprKind::Ref(RefTarget::Resource(id)) => state.physical_ids.get(id).cloned().ok_or(format!(
                "the import id needs the physical id of {id}, which the stack does not list"
            ))?,
            ExprKind::Ref(RefTarget::Parameter(param)) => parameter_value(template, state, param)
                .ok_or(format!("the import id needs the value of parameter {param}"))?,
            ExprKind::Ref(RefTarget::Pseudo(Pseudo::Region)) => state
                .region
                .clone()
                .ok_or("the import id needs the region: pass --region")?,
            _ => return Err(format!("the import id needs {name}, which is computed by an intrinsic")),
        };
        out.push_str(&value);
    }
    out.push_str(rest);
    Ok(out)
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
        body.attr(&crate::convert::variable_name(&p.name), expr);
    }
    if files
        .get("variables.tf")
        .is_some_and(|v| v.contains("variable \"stack_name\""))
    {
        body.attr("stack_name", Expression::String(state.stack_name.clone()));
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
    edits.sort_by(|a, b| b.0.cmp(&a.0));
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
    let mut out = format!(
        "# Migrating stack `{stack}` to Terraform\n\n\
         cfn2tf wrote the Terraform for the stack's template, the stack's parameter values\n\
         (`terraform.tfvars`) and an `import` block for each of the {imported} resource(s) it can import\n\
         (`imports.tf`). Nothing is created or deleted if you follow these steps in order.\n\n\
         1. Protect every resource: update the stack with `retain.yaml`, the original template with\n   \
         `DeletionPolicy: Retain` and `UpdateReplacePolicy: Retain` on every resource (no resource changes):\n\n   \
         ```sh\n   aws cloudformation update-stack --stack-name {stack}{region} \\\n    --template-body file://retain.yaml \\\n    --capabilities CAPABILITY_IAM CAPABILITY_NAMED_IAM{params}\n   \
         aws cloudformation wait stack-update-complete --stack-name {stack}{region}\n   ```\n\n\
         2. Check the plan: it must only import.\n\n   \
         ```sh\n   terraform init\n   terraform plan\n   ```\n\n   \
         Expect `Plan: {imported} to import, 0 to add, 0 to change, 0 to destroy.` Anything else means the\n   \
         Terraform does not match what is deployed: fix it before going on.{caveat}\n\n\
         3. Import: `terraform apply`.\n\n\
         4. Delete the stack. Every resource is retained, so nothing is deleted; Terraform now manages them.\n\n   \
         ```sh\n   aws cloudformation delete-stack --stack-name {stack}{region}\n   ```\n"
    );
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
