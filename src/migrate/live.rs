//! The stack's state read from CloudFormation (and, for values the template left to AWS, from
//! the resource's own service: read-only calls) with the official AWS SDK for Rust: the standard
//! credential chain, `--region`, and `AWS_ENDPOINT_URL` (e.g. a local emulator) are respected.

use super::{Child, StackState, physical_ids};
use crate::mapping::Registry;
use crate::source::SourceFile;
use aws_sdk_cloudformation::Client;
use aws_sdk_sqs::types::QueueAttributeName;
use std::collections::BTreeMap;

pub fn load_live(stack: &str, region: Option<String>) -> Result<StackState, String> {
    let runtime = tokio::runtime::Builder::new_current_thread()
        .enable_all()
        .build()
        .map_err(|e| format!("cannot start the async runtime: {e}"))?;
    runtime.block_on(load(stack, region))
}

fn sdk_error(call: &str, e: impl std::error::Error) -> String {
    let mut msg = format!("{call} failed: {e}");
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
        .map_err(|e| sdk_error("CloudFormation GetTemplate", e))?
        .template_body
        .ok_or("GetTemplate returned no template body")?;
    let described = client
        .describe_stacks()
        .stack_name(stack)
        .send()
        .await
        .map_err(|e| sdk_error("CloudFormation DescribeStacks", e))?;
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
    let mut queues = Vec::new();
    let mut topics = Vec::new();
    let mut pages = client.list_stack_resources().stack_name(stack).into_paginator().send();
    while let Some(page) = pages.next().await {
        let page = page.map_err(|e| sdk_error("CloudFormation ListStackResources", e))?;
        for r in page.stack_resource_summaries() {
            if r.resource_type() == Some(QUEUE)
                && let (Some(logical), Some(url)) = (r.logical_resource_id(), r.physical_resource_id())
            {
                queues.push((logical.to_string(), url.to_string()));
            }
            if r.resource_type() == Some(TOPIC)
                && let (Some(logical), Some(arn)) = (r.logical_resource_id(), r.physical_resource_id())
            {
                topics.push((logical.to_string(), arn.to_string()));
            }
            resources.push((
                r.logical_resource_id().unwrap_or_default().to_string(),
                r.physical_resource_id().map(str::to_string),
            ));
        }
    }
    let sqs = aws_sdk_sqs::Client::new(&config);
    let mut deployed = BTreeMap::new();
    for (logical, url) in queues {
        deployed.insert(logical, queue_attributes(&sqs, &url).await?);
    }
    let sns = aws_sdk_sns::Client::new(&config);
    let mut children = BTreeMap::new();
    for (logical, arn) in topics {
        children.insert(logical, subscriptions(&sns, &arn).await?);
    }
    Ok(StackState {
        stack_name: stack.to_string(),
        region,
        template: SourceFile::new(format!("stack {stack} (GetTemplate)"), template),
        parameters,
        physical_ids: physical_ids(resources),
        stack_id,
        outputs,
        deployed,
        children,
    })
}

const TOPIC: &str = "AWS::SNS::Topic";

/// A topic's subscriptions (ListSubscriptionsByTopic: read-only), for its inline `Subscription`
/// items, whose ARNs CloudFormation does not report.
async fn subscriptions(sns: &aws_sdk_sns::Client, topic: &str) -> Result<Vec<Child>, String> {
    let mut out = Vec::new();
    let mut pages = sns
        .list_subscriptions_by_topic()
        .topic_arn(topic)
        .into_paginator()
        .send();
    while let Some(page) = pages.next().await {
        let page = page.map_err(|e| sdk_error("SNS ListSubscriptionsByTopic", e))?;
        for s in page.subscriptions() {
            let (Some(arn), Some(protocol), Some(endpoint)) = (s.subscription_arn(), s.protocol(), s.endpoint()) else {
                continue;
            };
            out.push(Child {
                fields: BTreeMap::from([
                    ("Protocol".to_string(), protocol.to_string()),
                    ("Endpoint".to_string(), endpoint.to_string()),
                ]),
                id: arn.to_string(),
            });
        }
    }
    Ok(out)
}

const QUEUE: &str = "AWS::SQS::Queue";

/// The queue's attributes that the template may leave to AWS while the provider has another
/// default (the mapping's `default_differs` properties; SQS names its attributes as
/// CloudFormation names the properties), by GetQueueAttributes: read-only.
async fn queue_attributes(sqs: &aws_sdk_sqs::Client, url: &str) -> Result<BTreeMap<String, String>, String> {
    let names: Vec<&String> = Registry::get()
        .variants(QUEUE)
        .into_iter()
        .flat_map(|m| &m.properties)
        .filter(|(_, spec)| spec.table().is_some_and(|r| r.default_differs.is_some()))
        .map(|(name, _)| name)
        .collect();
    if names.is_empty() {
        return Ok(BTreeMap::new());
    }
    let mut request = sqs.get_queue_attributes().queue_url(url);
    for name in &names {
        request = request.attribute_names(QueueAttributeName::from(name.as_str()));
    }
    let read = request
        .send()
        .await
        .map_err(|e| sdk_error("SQS GetQueueAttributes", e))?;
    Ok(read
        .attributes()
        .into_iter()
        .flatten()
        .map(|(k, v)| (k.as_str().to_string(), v.clone()))
        .collect())
}
