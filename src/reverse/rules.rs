//! The inverse of the named forward rules (`src/convert/rules.rs`): a rule names the Terraform
//! arguments its forward conversion writes, and turns them back into the property it came from.

use super::expr::traversal_path;
use super::{At, Reverser, x};
use crate::model::{Expr, ExprKind, RefTarget, naming::pascal_case};
use crate::tf::{Block, BodyItem, Expression};

/// Instance arguments that are the primary network interface's when it is declared inline.
const PRIMARY_INTERFACE: &[(&str, &str)] = &[
    ("subnet_id", "SubnetId"),
    ("vpc_security_group_ids", "GroupSet"),
    ("associate_public_ip_address", "AssociatePublicIpAddress"),
    ("private_ip", "PrivateIpAddress"),
    ("ipv6_address_count", "Ipv6AddressCount"),
];

/// EBS arguments of a block device; their properties are the PascalCase of the names.
const EBS_ARGUMENTS: &[&str] = &[
    "delete_on_termination",
    "encrypted",
    "iops",
    "kms_key_id",
    "snapshot_id",
    "throughput",
    "volume_size",
    "volume_type",
];

/// The arguments of `b` that `rule` turns back into a property.
pub(super) fn claimed(rule: &str, b: &Block, r: &Reverser<'_>) -> Vec<&'static str> {
    if let Some(args) = super::network::claimed(rule, b, r) {
        return args;
    }
    match rule {
        "instance_network_interfaces" => {
            // The forward direction notes an inline interface above the block; without that,
            // only AssociatePublicIpAddress needs the NetworkInterfaces form.
            let inline = b.has_attribute("associate_public_ip_address")
                || b.blocks("network_interface").next().is_some()
                || b.comments.iter().any(|c| c.contains("NetworkInterfaces"));
            if inline {
                let mut out: Vec<&'static str> = PRIMARY_INTERFACE.iter().map(|(a, _)| *a).collect();
                out.push("network_interface");
                out
            } else {
                Vec::new()
            }
        }
        "user_data" => vec!["user_data", "user_data_base64"],
        "route_instance_target" => match b.attribute("network_interface_id") {
            Some(Expression::Traversal(t)) => match traversal_path(t).as_slice() {
                [ty, name, attr]
                    if ty == "aws_instance"
                        && attr == "primary_network_interface_id"
                        && r.targets.contains_key(&format!("{ty}.{name}")) =>
                {
                    vec!["network_interface_id"]
                }
                _ => Vec::new(),
            },
            _ => Vec::new(),
        },
        "instance_block_devices" => vec!["root_block_device", "ebs_block_device", "ephemeral_block_device"],
        "dynamodb_key_schema" => vec!["hash_key", "range_key"],
        "lambda_zip_file" if b.has_attribute("filename") => vec!["filename", "source_code_hash"],
        "security_group_names" => vec!["security_groups"],
        _ => Vec::new(),
    }
}

/// Runs a rule: the properties it makes, in order.
pub(super) fn apply(rule: &str, b: &Block, r: &mut Reverser<'_>, at: &At) -> Vec<(String, Expr)> {
    if let Some(props) = super::network::apply(rule, b, r, at) {
        return props;
    }
    match rule {
        "instance_network_interfaces" => network_interfaces(b, r, at),
        "user_data" => user_data(b, r, at),
        "route_instance_target" => {
            let Some(Expression::Traversal(t)) = b.attribute("network_interface_id") else {
                return Vec::new();
            };
            let path = traversal_path(t);
            let id = r.targets[&format!("{}.{}", path[0], path[1])].logical_id.clone();
            vec![("InstanceId".into(), x(ExprKind::Ref(RefTarget::Resource(id))))]
        }
        "instance_block_devices" => block_devices(b, r, at),
        "dynamodb_key_schema" => key_schema(b, r, at),
        "lambda_zip_file" => match super::lambda::inline_code(b) {
            Ok(code) => vec![("ZipFile".into(), x(ExprKind::String(code)))],
            Err(why) => {
                r.warn(
                    "reverse::lambda-package",
                    format!("the function's zip is not inline code ({why}): upload it to S3 and set Code.S3Bucket and Code.S3Key"),
                    &at.with("filename"),
                );
                Vec::new()
            }
        },
        "security_group_names" => security_group_names(b, r, at),
        _ => Vec::new(),
    }
}

/// `hash_key` / `range_key` -> `KeySchema`. A local secondary index shares its table's hash key,
/// which the forward direction leaves out of the index block.
fn key_schema(b: &Block, r: &mut Reverser<'_>, at: &At) -> Vec<(String, Expr)> {
    let table_hash = || {
        r.tf_blocks
            .values()
            .filter(|t| t.labels.first().is_some_and(|l| l == "aws_dynamodb_table"))
            .find(|t| t.blocks("local_secondary_index").any(|i| i == b))
            .and_then(|t| t.attribute("hash_key").cloned())
    };
    let hash = match b.attribute("hash_key") {
        Some(h) => Some(h.clone()),
        None if b.ident == "local_secondary_index" => table_hash(),
        None => None,
    };
    let mut items = Vec::new();
    for (kind, name) in [("HASH", hash.as_ref()), ("RANGE", b.attribute("range_key"))] {
        let Some(name) = name else { continue };
        let name = r.expr(name, &at.with(&kind.to_ascii_lowercase()));
        items.push(map(vec![
            ("AttributeName".into(), name),
            ("KeyType".into(), x(ExprKind::String(kind.into()))),
        ]));
    }
    vec![("KeySchema".into(), x(ExprKind::List(items)))]
}

/// The CloudFormation type a resource rule reads back when one mapping serves several types
/// (every `Custom::Name` is an `aws_lambda_invocation`).
pub(super) fn resource_type(rules: &[String], b: &Block) -> Option<String> {
    rules
        .iter()
        .any(|r| r == "custom_resource")
        .then(|| super::network::custom_resource_type(b))
        .flatten()
}

pub(super) fn map(entries: Vec<(String, Expr)>) -> Expr {
    x(ExprKind::Map(
        entries.into_iter().map(|(k, v)| (k, Default::default(), v)).collect(),
    ))
}

/// `subnet_id`, `vpc_security_group_ids`, `associate_public_ip_address`, ... -> the
/// `NetworkInterfaces` item of device 0; `network_interface` blocks -> attached interfaces.
fn network_interfaces(b: &Block, r: &mut Reverser<'_>, at: &At) -> Vec<(String, Expr)> {
    let mut primary = vec![("DeviceIndex".to_string(), x(ExprKind::Number("0".into())))];
    let mut attached = Vec::new();
    for item in &b.body {
        match item {
            BodyItem::Attribute(name, value) => {
                if let Some((_, prop)) = PRIMARY_INTERFACE.iter().find(|(a, _)| a == name)
                    && *value != Expression::Null
                {
                    let v = r.expr(value, &at.with(name));
                    primary.push((prop.to_string(), v));
                }
            }
            BodyItem::Block(nb) if nb.ident == "network_interface" => {
                let mut entries = Vec::new();
                for (arg, prop) in [
                    ("network_interface_id", "NetworkInterfaceId"),
                    ("device_index", "DeviceIndex"),
                ] {
                    if let Some(v) = nb.attribute(arg) {
                        entries.push((prop.to_string(), r.expr(v, &at.with(arg))));
                    }
                }
                for item in &nb.body {
                    if let BodyItem::Attribute(n, _) = item
                        && n != "network_interface_id"
                        && n != "device_index"
                    {
                        r.warn(
                            "reverse::unmapped-argument",
                            format!(
                                "`{n}` of a network_interface block has no NetworkInterfaces property: not converted"
                            ),
                            &at.with(n),
                        );
                    }
                }
                attached.push(map(entries));
            }
            _ => {}
        }
    }
    let mut items = Vec::new();
    if primary.len() > 1 {
        items.push(map(primary));
    }
    items.extend(attached);
    vec![("NetworkInterfaces".into(), x(ExprKind::List(items)))]
}

/// `user_data` text is `Fn::Base64` of it (the provider encodes it); `user_data_base64` is
/// already encoded.
fn user_data(b: &Block, r: &mut Reverser<'_>, at: &At) -> Vec<(String, Expr)> {
    if let Some(v) = b.attribute("user_data").filter(|v| **v != Expression::Null) {
        let text = r.expr(v, &at.with("user_data"));
        return vec![("UserData".into(), x(ExprKind::Base64(Box::new(text))))];
    }
    if let Some(v) = b.attribute("user_data_base64").filter(|v| **v != Expression::Null) {
        return vec![("UserData".into(), r.expr(v, &at.with("user_data_base64")))];
    }
    Vec::new()
}

/// `security_groups = [aws_security_group.x.name]` -> `SecurityGroups: [!Ref X]` (a group without
/// VpcId is referred to by name).
fn security_group_names(b: &Block, r: &mut Reverser<'_>, at: &At) -> Vec<(String, Expr)> {
    let Some(value) = b.attribute("security_groups") else {
        return Vec::new();
    };
    let at = at.with("security_groups");
    let list = match value {
        Expression::Array(items) => x(ExprKind::List(
            items
                .iter()
                .map(|item| match item {
                    Expression::Traversal(t) => match traversal_path(t).as_slice() {
                        [ty, name, attr] if ty == "aws_security_group" && attr == "name" => {
                            match r.targets.get(&format!("{ty}.{name}")) {
                                Some(target) => x(ExprKind::Ref(RefTarget::Resource(target.logical_id.clone()))),
                                None => r.expr(item, &at),
                            }
                        }
                        _ => r.expr(item, &at),
                    },
                    _ => r.expr(item, &at),
                })
                .collect(),
        )),
        other => r.expr(other, &at),
    };
    vec![("SecurityGroups".into(), list)]
}

/// `root_block_device`, `ebs_block_device`, `ephemeral_block_device` -> `BlockDeviceMappings`.
fn block_devices(b: &Block, r: &mut Reverser<'_>, at: &At) -> Vec<(String, Expr)> {
    let mut items = Vec::new();
    for nb in b.body.iter().filter_map(|i| match i {
        BodyItem::Block(nb) => Some(nb),
        _ => None,
    }) {
        let nat = at.with(&nb.ident);
        let mut entries = Vec::new();
        match nb.ident.as_str() {
            "root_block_device" => {
                r.warn(
                    "reverse::root-device",
                    "root_block_device: CloudFormation names the device; /dev/xvda (Amazon Linux) is assumed, check it for your AMI",
                    &nat,
                );
                entries.push(("DeviceName".to_string(), x(ExprKind::String("/dev/xvda".into()))));
            }
            "ebs_block_device" | "ephemeral_block_device" => {
                if let Some(d) = nb.attribute("device_name") {
                    entries.push(("DeviceName".to_string(), r.expr(d, &nat)));
                }
            }
            _ => continue,
        }
        if nb.ident == "ephemeral_block_device" {
            if let Some(v) = nb.attribute("virtual_name") {
                entries.push(("VirtualName".to_string(), r.expr(v, &nat)));
            }
            if matches!(nb.attribute("no_device"), Some(Expression::Bool(true))) {
                entries.push(("NoDevice".to_string(), map(Vec::new())));
            }
            items.push(map(entries));
            continue;
        }
        let mut ebs = Vec::new();
        for item in &nb.body {
            let BodyItem::Attribute(n, v) = item else { continue };
            if n == "device_name" {
                continue;
            }
            if EBS_ARGUMENTS.contains(&n.as_str()) {
                ebs.push((pascal_case(n), r.expr(v, &nat.with(n))));
            } else {
                r.warn(
                    "reverse::unmapped-argument",
                    format!(
                        "`{n}` of {} has no BlockDeviceMappings property: not converted",
                        nb.ident
                    ),
                    &nat.with(n),
                );
            }
        }
        entries.push(("Ebs".to_string(), map(ebs)));
        items.push(map(entries));
    }
    vec![("BlockDeviceMappings".into(), x(ExprKind::List(items)))]
}
