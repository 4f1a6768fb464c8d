//! Conversions that data cannot express: each is named by a `rule` in `mappings/`.

use super::properties::map_get;
use super::{Converter, base64_payload, wrap_list};
use crate::model::{Expr, ExprKind, RefTarget, Resource};
use crate::source::Span;
use crate::tf::{Block, BodyItem, Expression};

/// Rules that look at the whole resource, after its properties were translated.
pub(crate) fn apply_resource_rule(c: &mut Converter<'_>, rule: &str, r: &Resource, b: &mut Block) {
    match rule {
        "default_egress" => default_egress(r, b),
        "cloudfront_defaults" => cloudfront_defaults(b),
        other => c.warn_at(
            "convert::rule",
            format!("mapping names an unknown rule `{other}`"),
            r.type_span,
        ),
    }
}

/// Rules that translate one property.
pub(crate) fn apply_property_rule(
    c: &mut Converter<'_>,
    rule: &str,
    r: &Resource,
    name: &str,
    value: &Expr,
    span: Span,
    b: &mut Block,
) {
    match rule {
        "instance_network_interfaces" => instance_network_interfaces(c, r, value, span, b),
        "user_data" => user_data(c, value, b),
        "route_instance_target" => route_instance_target(c, r, value, span, b),
        "instance_block_devices" => instance_block_devices(c, r, value, span, b),
        "lambda_zip_file" => super::lambda::lambda_zip_file(c, r, value, span, b),
        "dynamodb_key_schema" => dynamodb_key_schema(c, r, value, span, b),
        "s3_key_filter" => s3_key_filter(c, r, value, span, b),
        "s3_eventbridge" => s3_eventbridge(c, value, b),
        "rds_engine" => rds_engine(c, value, b),
        "artifact_names" => artifact_names(c, r, name, value, span, b),
        "enabled_is_true" => enabled_is_true(c, name, value, b),
        other => c.untranslated(
            r,
            name,
            Some(&format!("the mapping names an unknown rule `{other}`")),
            span,
            b,
        ),
    }
}

/// AWS gives a new security group an allow-all egress rule unless the template lists egress
/// rules; the provider removes it unless it is written. So write it.
fn default_egress(r: &Resource, b: &mut Block) {
    if r.property("SecurityGroupEgress")
        .is_some_and(|p| !p.value.is_no_value())
    {
        return;
    }
    let mut egress = Block::new("egress", &[]);
    egress.comment("cfn2tf: AWS's default allow-all egress, which CloudFormation keeps and the provider would remove");
    egress.attr("from_port", Expression::Number(0.into()));
    egress.attr("to_port", Expression::Number(0.into()));
    egress.attr("protocol", Expression::String("-1".into()));
    egress.attr(
        "cidr_blocks",
        Expression::Array(vec![Expression::String("0.0.0.0/0".into())]),
    );
    b.body.push(BodyItem::Block(egress));
}

/// An instance's primary network interface (device 0) declared inline is, in Terraform, a set
/// of instance arguments; an existing interface attached by id stays a `network_interface`.
fn instance_network_interfaces(c: &mut Converter<'_>, r: &Resource, value: &Expr, span: Span, b: &mut Block) {
    let ExprKind::List(items) = &value.kind else {
        c.untranslated(r, "NetworkInterfaces", Some("not a literal list"), span, b);
        return;
    };
    for item in items {
        let device = map_get(item, "DeviceIndex")
            .and_then(Expr::as_literal_str)
            .unwrap_or("");
        if let Some(eni) = map_get(item, "NetworkInterfaceId") {
            let mut ni = Block::new("network_interface", &[]);
            let id = c.expr(eni);
            ni.attr("network_interface_id", id);
            ni.attr(
                "device_index",
                super::number(device).unwrap_or(Expression::Number(0.into())),
            );
            b.body.push(BodyItem::Block(ni));
            continue;
        }
        if device != "0" {
            c.untranslated(r, "NetworkInterfaces", Some("a secondary interface created inline needs an aws_network_interface and an attachment; add them by hand"), item.span, b);
            continue;
        }
        let ExprKind::Map(entries) = &item.kind else { continue };
        // A trace for the reverse direction, which would otherwise write SubnetId and
        // SecurityGroupIds on the instance itself.
        b.comments
            .push("CloudFormation NetworkInterfaces device 0: its arguments are written on the instance".to_string());
        for (k, kspan, v) in entries {
            if v.is_no_value() {
                continue;
            }
            let arg = match k.as_str() {
                "DeviceIndex" | "DeleteOnTermination" => continue,
                "SubnetId" => "subnet_id",
                "GroupSet" => "vpc_security_group_ids",
                "AssociatePublicIpAddress" => "associate_public_ip_address",
                "PrivateIpAddress" => "private_ip",
                "Ipv6AddressCount" => "ipv6_address_count",
                "SecondaryPrivateIpAddressCount" => "secondary_private_ip_address_count",
                "PrivateIpAddresses" => {
                    c.untranslated(
                        r,
                        "NetworkInterfaces.PrivateIpAddresses",
                        Some("list the secondary addresses in `secondary_private_ips` by hand"),
                        *kspan,
                        b,
                    );
                    continue;
                }
                other => {
                    c.untranslated(
                        r,
                        &format!("NetworkInterfaces.{other}"),
                        Some("no instance argument for it"),
                        *kspan,
                        b,
                    );
                    continue;
                }
            };
            let x = match (arg, &v.kind) {
                ("associate_public_ip_address", ExprKind::String(s)) => {
                    Expression::Bool(s.eq_ignore_ascii_case("true"))
                }
                ("vpc_security_group_ids", _) => wrap_list(c.expr(v)),
                _ => c.expr(v),
            };
            if arg == "secondary_private_ip_address_count" {
                c.untranslated(
                    r,
                    "NetworkInterfaces.SecondaryPrivateIpAddressCount",
                    Some("aws_instance takes explicit `secondary_private_ips`, not a count"),
                    *kspan,
                    b,
                );
                continue;
            }
            b.attr(arg, x);
        }
    }
}

/// `Fn::Base64` of text: the provider encodes `user_data` itself, so the text goes in as is.
fn user_data(c: &mut Converter<'_>, value: &Expr, b: &mut Block) {
    match base64_payload(value) {
        Some(text) => {
            let x = c.expr(text);
            b.attr("user_data", x);
        }
        None => {
            let x = c.expr(value);
            b.attr("user_data_base64", x);
        }
    }
}

/// Provider 5 routes to an instance through its primary network interface.
fn route_instance_target(c: &mut Converter<'_>, r: &Resource, value: &Expr, span: Span, b: &mut Block) {
    match &value.kind {
        ExprKind::Ref(RefTarget::Resource(id)) if c.targets.get(id).is_some_and(|t| t.tf_type == "aws_instance") => {
            let x = c.resource_ref(id, Some("primary_network_interface_id"), value);
            b.attr("network_interface_id", x);
        }
        _ => c.untranslated(r, "InstanceId", Some("a route to an instance not created in this template needs its network interface id (`network_interface_id`)"), span, b),
    }
}

/// Root device names of the common AMIs; any other device is an extra EBS volume.
const ROOT_DEVICES: &[&str] = &["/dev/xvda", "/dev/sda1"];

fn instance_block_devices(c: &mut Converter<'_>, r: &Resource, value: &Expr, span: Span, b: &mut Block) {
    let ExprKind::List(items) = &value.kind else {
        c.untranslated(r, "BlockDeviceMappings", Some("not a literal list"), span, b);
        return;
    };
    for item in items {
        let Some(device) = map_get(item, "DeviceName") else {
            continue;
        };
        let device_name = device.as_literal_str().unwrap_or("");
        if map_get(item, "NoDevice").is_some() || map_get(item, "VirtualName").is_some() {
            let mut eph = Block::new("ephemeral_block_device", &[]);
            eph.attr("device_name", c.expr(device));
            if let Some(v) = map_get(item, "VirtualName") {
                eph.attr("virtual_name", c.expr(v));
            }
            if map_get(item, "NoDevice").is_some() {
                eph.attr("no_device", Expression::Bool(true));
            }
            b.body.push(BodyItem::Block(eph));
            continue;
        }
        let root = ROOT_DEVICES.contains(&device_name);
        let mut blk = Block::new(if root { "root_block_device" } else { "ebs_block_device" }, &[]);
        if root {
            b.comment(format!(
                "cfn2tf: {device_name} is taken to be the AMI's root device ({})",
                c.at(item.span)
            ));
        } else {
            blk.attr("device_name", c.expr(device));
        }
        if let Some(ExprKind::Map(ebs)) = map_get(item, "Ebs").map(|e| &e.kind) {
            for (k, kspan, v) in ebs {
                let arg = match k.as_str() {
                    "DeleteOnTermination" => "delete_on_termination",
                    "Encrypted" => "encrypted",
                    "Iops" => "iops",
                    "KmsKeyId" => "kms_key_id",
                    "SnapshotId" if !root => "snapshot_id",
                    "Throughput" => "throughput",
                    "VolumeSize" => "volume_size",
                    "VolumeType" => "volume_type",
                    other => {
                        c.untranslated(r, &format!("BlockDeviceMappings.Ebs.{other}"), None, *kspan, b);
                        continue;
                    }
                };
                let x = match &v.kind {
                    ExprKind::String(s) => super::number(s)
                        .or_else(|| match s.to_ascii_lowercase().as_str() {
                            "true" => Some(Expression::Bool(true)),
                            "false" => Some(Expression::Bool(false)),
                            _ => None,
                        })
                        .filter(|_| arg != "kms_key_id" && arg != "volume_type" && arg != "snapshot_id")
                        .unwrap_or_else(|| Expression::String(s.clone())),
                    _ => c.expr(v),
                };
                blk.attr(arg, x);
            }
        }
        b.body.push(BodyItem::Block(blk));
    }
}

/// `KeySchema: [{AttributeName, KeyType: HASH|RANGE}]` -> `hash_key` / `range_key`. A local
/// secondary index shares the table's hash key, so only its range key is written.
fn dynamodb_key_schema(c: &mut Converter<'_>, r: &Resource, value: &Expr, span: Span, b: &mut Block) {
    let ExprKind::List(items) = &value.kind else {
        c.untranslated(r, "KeySchema", Some("not a literal list"), span, b);
        return;
    };
    for item in items {
        let (Some(attr), Some(kind)) = (map_get(item, "AttributeName"), map_get(item, "KeyType")) else {
            c.untranslated(
                r,
                "KeySchema",
                Some("an item without AttributeName and KeyType"),
                item.span,
                b,
            );
            continue;
        };
        let arg = match kind.as_literal_str() {
            Some("HASH") if b.ident == "local_secondary_index" => continue,
            Some("HASH") => "hash_key",
            Some("RANGE") => "range_key",
            _ => {
                c.untranslated(r, "KeySchema", Some("KeyType is not HASH or RANGE"), kind.span, b);
                continue;
            }
        };
        let x = c.expr(attr);
        b.attr(arg, x);
    }
}

/// `Filter: {S3Key: {Rules: [{Name: prefix|suffix, Value}]}}` -> `filter_prefix` / `filter_suffix`.
fn s3_key_filter(c: &mut Converter<'_>, r: &Resource, value: &Expr, span: Span, b: &mut Block) {
    let rules = map_get(value, "S3Key").and_then(|k| map_get(k, "Rules"));
    let Some(ExprKind::List(items)) = rules.map(|x| &x.kind) else {
        c.untranslated(r, "Filter", Some("not a literal S3Key.Rules list"), span, b);
        return;
    };
    for item in items {
        let (Some(name), Some(v)) = (map_get(item, "Name"), map_get(item, "Value")) else {
            continue;
        };
        let arg = match name.as_literal_str().map(str::to_ascii_lowercase).as_deref() {
            Some("prefix") => "filter_prefix",
            Some("suffix") => "filter_suffix",
            _ => {
                c.untranslated(
                    r,
                    "Filter.S3Key.Rules",
                    Some("Name is not prefix or suffix"),
                    name.span,
                    b,
                );
                continue;
            }
        };
        let x = c.expr(v);
        b.attr(arg, x);
    }
}

/// `EventBridgeConfiguration: {EventBridgeEnabled}`: present means on unless it says false.
fn s3_eventbridge(c: &mut Converter<'_>, value: &Expr, b: &mut Block) {
    let enabled = match map_get(value, "EventBridgeEnabled") {
        Some(v) => match v.as_literal_str() {
            Some(s) => Expression::Bool(!s.eq_ignore_ascii_case("false")),
            None => c.expr(v),
        },
        None => Expression::Bool(true),
    };
    b.attr("eventbridge", enabled);
}

/// `[{Name: a}, {Name: b}]` -> `["a", "b"]` (CodePipeline input and output artifacts).
fn artifact_names(c: &mut Converter<'_>, r: &Resource, name: &str, value: &Expr, span: Span, b: &mut Block) {
    let ExprKind::List(items) = &value.kind else {
        c.untranslated(r, name, Some("not a literal list"), span, b);
        return;
    };
    let names: Vec<Expression> = items
        .iter()
        .filter_map(|i| map_get(i, "Name"))
        .map(|n| c.expr(n))
        .collect();
    let arg = if name == "InputArtifacts" {
        "input_artifacts"
    } else {
        "output_artifacts"
    };
    b.attr(arg, Expression::Array(names));
}

/// `ENABLED` / `DISABLED` -> a boolean (an ECS task's AssignPublicIp).
fn enabled_is_true(c: &mut Converter<'_>, name: &str, value: &Expr, b: &mut Block) {
    let x = match value.as_literal_str() {
        Some(s) => Expression::Bool(s.eq_ignore_ascii_case("ENABLED")),
        None => {
            let v = c.expr(value);
            format!("{} == \"ENABLED\"", crate::emit::inline_text(&v))
                .parse::<Expression>()
                .unwrap_or(v)
        }
    };
    let arg = if name == "AssignPublicIp" {
        "assign_public_ip"
    } else {
        "enabled"
    };
    b.attr(arg, x);
}

/// What CloudFormation assumes when a distribution leaves it out, and the provider requires:
/// no geo restriction, the CloudFront certificate, GET/HEAD methods, no forwarded cookies.
fn cloudfront_defaults(b: &mut Block) {
    if b.blocks("restrictions").next().is_none() {
        let mut geo = Block::new("geo_restriction", &[]);
        geo.attr("restriction_type", Expression::String("none".into()));
        let mut restrictions = Block::new("restrictions", &[]);
        restrictions.body.push(BodyItem::Block(geo));
        b.body.push(BodyItem::Block(restrictions));
    }
    let mut default_cert = Block::new("viewer_certificate", &[]);
    default_cert.attr("cloudfront_default_certificate", Expression::Bool(true));
    let conditional_cert: Vec<Expression> = b
        .blocks("dynamic")
        .filter(|d| d.labels.first().is_some_and(|l| l == "viewer_certificate"))
        .filter_map(|d| d.attribute("for_each").cloned())
        .collect();
    match conditional_cert.as_slice() {
        // `Fn::If [c, {...}, AWS::NoValue]`: the default certificate when c does not hold.
        [only] if b.blocks("viewer_certificate").next().is_none() => {
            let text = crate::emit::inline_text(only);
            if let Some(test) = text.strip_suffix(" ? [1] : []") {
                let negated = match test.strip_prefix('!') {
                    Some(inner) => format!("{inner} ? [1] : []"),
                    None => format!("!{test} ? [1] : []"),
                };
                let mut dynamic = Block::new("dynamic", &["viewer_certificate"]);
                if let Ok(for_each) = negated.parse::<Expression>() {
                    dynamic.attr("for_each", for_each);
                }
                let mut content = Block::new("content", &[]);
                content.body = default_cert.body;
                dynamic.body.push(BodyItem::Block(content));
                b.body.push(BodyItem::Block(dynamic));
            }
        }
        [] if b.blocks("viewer_certificate").next().is_none() => b.body.push(BodyItem::Block(default_cert)),
        _ => {}
    }
    let get_head = || {
        Expression::Array(vec![
            Expression::String("GET".into()),
            Expression::String("HEAD".into()),
        ])
    };
    for item in b.body.iter_mut() {
        let BodyItem::Block(behaviour) = item else { continue };
        if behaviour.ident != "default_cache_behavior" && behaviour.ident != "ordered_cache_behavior" {
            continue;
        }
        for arg in ["allowed_methods", "cached_methods"] {
            if !behaviour.has_attribute(arg) {
                behaviour.attr(arg, get_head());
            }
        }
        for fv in behaviour.body.iter_mut() {
            if let BodyItem::Block(fv) = fv
                && fv.ident == "forwarded_values"
                && fv.blocks("cookies").next().is_none()
            {
                let mut cookies = Block::new("cookies", &[]);
                cookies.attr("forward", Expression::String("none".into()));
                fv.body.push(BodyItem::Block(cookies));
            }
        }
    }
}

/// Aurora MySQL 1 (`engine: aurora`) is retired and the provider refuses the name; its
/// successor is `aurora-mysql`, which is written with a warning because the version differs.
fn rds_engine(c: &mut Converter<'_>, value: &Expr, b: &mut Block) {
    if value.as_literal_str() == Some("aurora") {
        c.warn_at(
            "convert::retired-engine",
            "engine `aurora` (Aurora MySQL 1, MySQL 5.6) is retired: written as `aurora-mysql`; check the engine version",
            value.span,
        );
        b.comment(format!(
            "cfn2tf: engine aurora ({}) is retired: aurora-mysql is its successor",
            c.at(value.span)
        ));
        b.attr("engine", Expression::String("aurora-mysql".into()));
        return;
    }
    let x = c.expr(value);
    b.attr("engine", x);
}
