//! The stack's state from saved CLI output: `aws cloudformation describe-stack-resources` and
//! `describe-stacks` JSON, for a migration prepared without access to the account.

use super::{StackState, physical_ids};
use crate::source::SourceFile;
use serde::Deserialize;
use std::collections::BTreeMap;
use std::path::Path;

#[derive(Deserialize)]
#[serde(rename_all = "PascalCase")]
struct DescribeStackResources {
    stack_resources: Vec<StackResource>,
}

#[derive(Deserialize)]
#[serde(rename_all = "PascalCase")]
struct StackResource {
    logical_resource_id: String,
    physical_resource_id: Option<String>,
    stack_name: Option<String>,
}

#[derive(Deserialize)]
#[serde(rename_all = "PascalCase")]
struct DescribeStacks {
    stacks: Vec<Stack>,
}

#[derive(Deserialize)]
#[serde(rename_all = "PascalCase")]
struct Stack {
    stack_name: String,
    stack_id: Option<String>,
    #[serde(default)]
    parameters: Vec<Parameter>,
    #[serde(default)]
    outputs: Vec<Output>,
}

#[derive(Deserialize)]
#[serde(rename_all = "PascalCase")]
struct Output {
    output_key: String,
    output_value: Option<String>,
}

#[derive(Deserialize)]
#[serde(rename_all = "PascalCase")]
struct Parameter {
    parameter_key: String,
    parameter_value: Option<String>,
    resolved_value: Option<String>,
}

fn read_json<T: for<'de> Deserialize<'de>>(path: &Path, what: &str) -> Result<T, String> {
    let text = crate::files::read_path(path)
        .map_err(|u| u.diagnostic.one_line(&u.file))?
        .text;
    serde_json::from_str(&text).map_err(|e| {
        format!(
            "{}:{}:{}: not the JSON of `{what}`: {e}",
            path.display(),
            e.line(),
            e.column()
        )
    })
}

pub fn load_offline(
    template: SourceFile,
    resources: &Path,
    parameters: Option<&Path>,
    region: Option<String>,
) -> Result<StackState, String> {
    let described: DescribeStackResources = read_json(resources, "aws cloudformation describe-stack-resources")?;
    let mut seen = std::collections::HashSet::new();
    for r in &described.stack_resources {
        if r.logical_resource_id.trim().is_empty() {
            return Err(format!(
                "{}: a stack resource has an empty LogicalResourceId",
                resources.display()
            ));
        }
        if !seen.insert(r.logical_resource_id.as_str()) {
            return Err(format!(
                "{}: LogicalResourceId {} appears more than once: not the output of one stack",
                resources.display(),
                r.logical_resource_id
            ));
        }
    }
    let mut stack_name = described.stack_resources.iter().find_map(|r| r.stack_name.clone());
    let mut values = BTreeMap::new();
    let mut stack_id = None;
    let mut outputs = BTreeMap::new();
    if let Some(p) = parameters {
        let stacks: DescribeStacks = read_json(p, "aws cloudformation describe-stacks")?;
        let stack = stacks
            .stacks
            .into_iter()
            .next()
            .ok_or(format!("{}: no stack in it", p.display()))?;
        stack_name = Some(stack.stack_name);
        stack_id = stack.stack_id;
        outputs = stack
            .outputs
            .into_iter()
            .filter_map(|o| Some((o.output_key, o.output_value?)))
            .collect();
        for param in stack.parameters {
            // SSM-typed parameters: the stack keeps the parameter name, Terraform reads it again.
            if let Some(v) = param.parameter_value.or(param.resolved_value) {
                values.insert(param.parameter_key, v);
            }
        }
    }
    Ok(StackState {
        stack_name: stack_name.unwrap_or_else(|| "unknown-stack".to_string()),
        region,
        template,
        parameters: values,
        physical_ids: physical_ids(
            described
                .stack_resources
                .into_iter()
                .map(|r| (r.logical_resource_id, r.physical_resource_id)),
        ),
        stack_id,
        outputs,
        // Saved CLI output has no resource reads: MIGRATION.md predicts those updates instead.
        deployed: BTreeMap::new(),
        children: BTreeMap::new(),
    })
}
