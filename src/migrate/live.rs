//! The stack's state read from CloudFormation with the official AWS SDK for Rust: the standard
//! credential chain, `--region`, and `AWS_ENDPOINT_URL` (e.g. a local emulator) are respected.

use super::{StackState, physical_ids};
use crate::source::SourceFile;
use aws_sdk_cloudformation::Client;
use std::collections::BTreeMap;

pub fn load_live(stack: &str, region: Option<String>) -> Result<StackState, String> {
    let runtime = tokio::runtime::Builder::new_current_thread()
        .enable_all()
        .build()
        .map_err(|e| format!("cannot start the async runtime: {e}"))?;
    runtime.block_on(load(stack, region))
}

fn sdk_error(call: &str, e: impl std::error::Error) -> String {
    let mut msg = format!("CloudFormation {call} failed: {e}");
    let mut source = e.source();
    while let Some(s) = source {
        msg.push_str(&format!(": {s}"));
        source = s.source();
    }
    msg
}

async fn load(stack: &str, region: Option<String>) -> Result<StackState, String> {
    let mut loader = aws_config::defaults(aws_config::BehaviorVersion::latest());
    if let Some(r) = &region {
        loader = loader.region(aws_config::Region::new(r.clone()));
    }
    let config = loader.load().await;
    let region = config.region().map(|r| r.to_string()).or(region);
    let client = Client::new(&config);

    let template = client
        .get_template()
        .stack_name(stack)
        .send()
        .await
        .map_err(|e| sdk_error("GetTemplate", e))?
        .template_body
        .ok_or("GetTemplate returned no template body")?;
    let described = client
        .describe_stacks()
        .stack_name(stack)
        .send()
        .await
        .map_err(|e| sdk_error("DescribeStacks", e))?;
    let mut parameters = BTreeMap::new();
    let mut outputs = BTreeMap::new();
    let stack_id = described
        .stacks()
        .first()
        .and_then(|s| s.stack_id())
        .map(str::to_string);
    if let Some(s) = described.stacks().first() {
        for p in s.parameters() {
            if let (Some(k), Some(v)) = (p.parameter_key(), p.parameter_value().or(p.resolved_value())) {
                parameters.insert(k.to_string(), v.to_string());
            }
        }
        for o in s.outputs() {
            if let (Some(k), Some(v)) = (o.output_key(), o.output_value()) {
                outputs.insert(k.to_string(), v.to_string());
            }
        }
    }
    let mut resources = Vec::new();
    let mut pages = client.list_stack_resources().stack_name(stack).into_paginator().send();
    while let Some(page) = pages.next().await {
        let page = page.map_err(|e| sdk_error("ListStackResources", e))?;
        for r in page.stack_resource_summaries() {
            resources.push((
                r.logical_resource_id().unwrap_or_default().to_string(),
                r.physical_resource_id().map(str::to_string),
            ));
        }
    }
    Ok(StackState {
        stack_name: stack.to_string(),
        region,
        template: SourceFile::new(format!("stack {stack} (GetTemplate)"), template),
        parameters,
        physical_ids: physical_ids(resources),
        stack_id,
        outputs,
    })
}
