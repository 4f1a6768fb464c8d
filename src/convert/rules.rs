//! Conversions that data cannot express: each is named by a `rule` in `mappings/`.

use super::properties::map_get;
use super::{Converter, base64_payload, object_key, wrap_list};
use crate::model::{Expr, ExprKind, RefTarget, Resource, SubPart, naming::snake_case};
use crate::source::Span;
use crate::tf::{Block, BodyItem, Expression, call, traversal};

/// Rules that look at the whole resource, after its properties were translated.
pub(crate) fn apply_resource_rule(c: &mut Converter<'_>, rule: &str, r: &Resource, b: &mut Block) {
    match rule {
        "default_egress" => default_egress(r, b),
        "cloudfront_defaults" => cloudfront_defaults(b),
        "all_protocols_without_ports" => all_protocols_without_ports(b),
        "custom_resource" => custom_resource(c, r, b),
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
        "security_group_names" => security_group_names(c, value, b),
        "instance_block_devices" => instance_block_devices(c, r, value, span, b),
        "lambda_zip_file" => super::lambda::lambda_zip_file(c, r, value, span, b),
        "dynamodb_key_schema" => dynamodb_key_schema(c, r, value, span, b),
        "s3_key_filter" => s3_key_filter(c, r, value, span, b),
        "s3_eventbridge" => s3_eventbridge(c, value, b),
        "rds_engine" => rds_engine(c, value, b),
        "artifact_names" => artifact_names(c, r, name, value, span, b),
        "enabled_is_true" => enabled_is_true(c, name, value, b),
        "lowercase" => lowercase(c, name, value, b),
        "eni_private_ips" => eni_private_ips(c, r, value, span, b),
        "elb_listeners" => elb_listeners(c, r, value, span, b),
        "lb_attributes" => lb_attributes(c, r, value, span, b),
        "target_group_attributes" => target_group_attributes(c, r, value, span, b),
        "listener_rule_conditions" => listener_rule_conditions(c, r, value, span, b),
        "scaling_target_id" => scaling_target_id(c, r, value, span, b),
        "ecs_container_definitions" => ecs_container_definitions(c, value, b),
        "hosted_zone_name" => hosted_zone_name(c, value, b),
        "flow_log_resource" => flow_log_resource(c, r, value, span, b),
        "scheme_internal" => scheme_internal(c, value, b),
        "assign_public_ip" => assign_public_ip(c, value, b),
        "dimensions_map" => dimensions_map(c, r, value, span, b),
        "health_check_argument" => health_check_argument(c, r, name, value, span, b),
        "first_item_alpn" => first_item_alpn(c, value, b),
        "listener_certificate" => listener_certificate(c, r, value, span, b),
        // Sent to the function inside the event that the `custom_resource` rule writes.
        "custom_resource_property" => {}
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
                ("vpc_security_group_ids", _) => c.as_list(v),
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

/// An instance's `SecurityGroups` are group names: `Ref` of a group without `VpcId` (the only
/// kind these can name) returns its name, so such a reference is to `.name`, not `.id`.
fn security_group_names(c: &mut Converter<'_>, value: &Expr, b: &mut Block) {
    let x = match &value.kind {
        ExprKind::List(items) => {
            let mut names = Vec::new();
            for item in items {
                names.push(match &item.kind {
                    ExprKind::Ref(RefTarget::Resource(id))
                        if c.targets.get(id).is_some_and(|t| t.tf_type == "aws_security_group") =>
                    {
                        c.resource_ref(id, Some("name"), item)
                    }
                    _ => c.expr(item),
                });
            }
            Expression::Array(names)
        }
        _ => c.expr(value),
    };
    b.attr("security_groups", x);
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
                    ExprKind::String(s) if matches!(arg, "kms_key_id" | "volume_type" | "snapshot_id") => {
                        Expression::String(s.clone())
                    }
                    ExprKind::String(s) => super::scalar(s),
                    _ => c.expr(v),
                };
                blk.attr(arg, x);
            }
        }
        b.body.push(BodyItem::Block(blk));
    }
}

/// Resources whose mapping cannot express what this one is: the reason, or None to convert.
pub(crate) fn refusal(c: &Converter<'_>, rule: &str, r: &Resource) -> Option<String> {
    match rule {
        "custom_resource" => custom_resource_refusal(c, r),
        _ => None,
    }
}

/// Protocol `-1` (all traffic) has no ports; the rule resources reject ports with it.
fn all_protocols_without_ports(b: &mut Block) {
    let all = matches!(b.attribute("ip_protocol"), Some(Expression::String(p)) if p == "-1")
        || matches!(b.attribute("ip_protocol"), Some(Expression::Number(n)) if n.as_i64() == Some(-1));
    if all {
        b.body
            .retain(|i| !matches!(i, BodyItem::Attribute(n, _) if n == "from_port" || n == "to_port"));
    }
}

/// `Domain: VPC` is accepted by CloudFormation; the provider wants lower case.
fn lowercase(c: &mut Converter<'_>, name: &str, value: &Expr, b: &mut Block) {
    let arg = snake_case(name);
    let x = match &value.kind {
        ExprKind::String(s) => Expression::String(s.to_lowercase()),
        _ => call("lower", vec![c.expr(value)]),
    };
    b.attr(&arg, x);
}

/// `PrivateIpAddresses: [{PrivateIpAddress, Primary}]` -> `private_ip_list` in that order, primary
/// first (the provider's `private_ips` is a set and loses which one is primary).
fn eni_private_ips(c: &mut Converter<'_>, r: &Resource, value: &Expr, span: Span, b: &mut Block) {
    let ExprKind::List(items) = &value.kind else {
        c.untranslated(r, "PrivateIpAddresses", Some("not a literal list"), span, b);
        return;
    };
    let is_primary = |i: &Expr| {
        map_get(i, "Primary").is_some_and(|p| match &p.kind {
            ExprKind::Bool(v) => *v,
            ExprKind::String(s) => s.eq_ignore_ascii_case("true"),
            _ => false,
        })
    };
    let mut ordered: Vec<&Expr> = items.iter().filter(|i| is_primary(i)).collect();
    ordered.extend(items.iter().filter(|i| !is_primary(i)));
    let ips: Vec<Expression> = ordered
        .into_iter()
        .filter_map(|i| map_get(i, "PrivateIpAddress"))
        .map(|ip| c.expr(ip))
        .collect();
    b.attr("private_ip_list_enabled", Expression::Bool(true));
    b.attr("private_ip_list", Expression::Array(ips));
}

/// A literal number or boolean written as a string in the template, as the provider wants it.
fn typed_literal(c: &mut Converter<'_>, v: &Expr) -> Expression {
    match &v.kind {
        ExprKind::String(s) => super::scalar(s),
        _ => c.expr(v),
    }
}

/// The argument a property or key is written to, by a (CloudFormation, Terraform) table; the
/// reverse direction reads the same tables backwards.
fn lookup(table: &[(&str, &'static str)], key: &str) -> Option<&'static str> {
    table.iter().find(|(k, _)| *k == key).map(|(_, a)| *a)
}

/// A Classic load balancer listener's keys -> `listener` block arguments.
pub(crate) const ELB_LISTENER: &[(&str, &str)] = &[
    ("InstancePort", "instance_port"),
    ("LoadBalancerPort", "lb_port"),
    ("Protocol", "lb_protocol"),
    ("InstanceProtocol", "instance_protocol"),
    ("SSLCertificateId", "ssl_certificate_id"),
];

/// Classic load balancer listeners: `InstanceProtocol` defaults to `Protocol` in CloudFormation,
/// the provider requires both.
fn elb_listeners(c: &mut Converter<'_>, r: &Resource, value: &Expr, span: Span, b: &mut Block) {
    let ExprKind::List(items) = &value.kind else {
        c.untranslated(r, "Listeners", Some("not a literal list"), span, b);
        return;
    };
    for item in items.iter().filter(|i| !i.is_no_value()) {
        let ExprKind::Map(entries) = &item.kind else {
            c.untranslated(r, "Listeners", Some("an item is not a plain mapping"), item.span, b);
            continue;
        };
        let mut l = Block::new("listener", &[]);
        for (k, kspan, v) in entries {
            let Some(arg) = lookup(ELB_LISTENER, k) else {
                c.untranslated(
                    r,
                    &format!("Listeners.{k}"),
                    Some("no listener argument for it"),
                    *kspan,
                    b,
                );
                continue;
            };
            let x = typed_literal(c, v);
            l.attr(arg, x);
        }
        if !l.has_attribute("instance_protocol")
            && let Some(p) = map_get(item, "Protocol")
        {
            let x = c.expr(p);
            l.attr("instance_protocol", x);
        }
        b.body.push(BodyItem::Block(l));
    }
}

/// `[{Key, Value}]` attribute lists of load balancers and target groups -> their arguments.
fn key_values(value: &Expr) -> Vec<(&str, Span, &Expr)> {
    let ExprKind::List(items) = &value.kind else {
        return Vec::new();
    };
    items
        .iter()
        .filter_map(|i| Some((map_get(i, "Key")?.as_literal_str()?, i.span, map_get(i, "Value")?)))
        .collect()
}

/// ELBv2 `LoadBalancerAttributes` keys -> `aws_lb` arguments.
pub(crate) const LB_ATTRIBUTES: &[(&str, &str)] = &[
    ("deletion_protection.enabled", "enable_deletion_protection"),
    ("idle_timeout.timeout_seconds", "idle_timeout"),
    ("routing.http2.enabled", "enable_http2"),
    (
        "routing.http.drop_invalid_header_fields.enabled",
        "drop_invalid_header_fields",
    ),
    ("routing.http.desync_mitigation_mode", "desync_mitigation_mode"),
    ("routing.http.preserve_host_header.enabled", "preserve_host_header"),
    ("routing.http.xff_client_port.enabled", "enable_xff_client_port"),
    ("routing.http.xff_header_processing.mode", "xff_header_processing_mode"),
    ("load_balancing.cross_zone.enabled", "enable_cross_zone_load_balancing"),
    ("waf.fail_open.enabled", "enable_waf_fail_open"),
    ("client_keep_alive.seconds", "client_keep_alive"),
];

fn lb_attributes(c: &mut Converter<'_>, r: &Resource, value: &Expr, span: Span, b: &mut Block) {
    if !matches!(value.kind, ExprKind::List(_)) {
        c.untranslated(r, "LoadBalancerAttributes", Some("not a literal list"), span, b);
        return;
    }
    for (key, kspan, v) in key_values(value) {
        let Some(arg) = lookup(LB_ATTRIBUTES, key) else {
            c.untranslated(
                r,
                &format!("LoadBalancerAttributes {key}"),
                Some("no aws_lb argument for this key"),
                kspan,
                b,
            );
            continue;
        };
        let x = typed_literal(c, v);
        b.attr(arg, x);
    }
}

/// ELBv2 `TargetGroupAttributes` keys -> `aws_lb_target_group` arguments ...
pub(crate) const TARGET_GROUP_ATTRIBUTES: &[(&str, &str)] = &[
    ("deregistration_delay.timeout_seconds", "deregistration_delay"),
    ("slow_start.duration_seconds", "slow_start"),
    ("load_balancing.algorithm.type", "load_balancing_algorithm_type"),
    ("proxy_protocol_v2.enabled", "proxy_protocol_v2"),
    ("preserve_client_ip.enabled", "preserve_client_ip"),
    (
        "lambda.multi_value_headers.enabled",
        "lambda_multi_value_headers_enabled",
    ),
];

/// ... and arguments of its `stickiness` block (the cookie duration's key depends on the type).
pub(crate) const TARGET_GROUP_STICKINESS: &[(&str, &str)] = &[
    ("stickiness.enabled", "enabled"),
    ("stickiness.type", "type"),
    ("stickiness.lb_cookie.duration_seconds", "cookie_duration"),
    ("stickiness.app_cookie.duration_seconds", "cookie_duration"),
    ("stickiness.app_cookie.cookie_name", "cookie_name"),
];

fn target_group_attributes(c: &mut Converter<'_>, r: &Resource, value: &Expr, span: Span, b: &mut Block) {
    if !matches!(value.kind, ExprKind::List(_)) {
        c.untranslated(r, "TargetGroupAttributes", Some("not a literal list"), span, b);
        return;
    }
    let mut stickiness = Block::new("stickiness", &[]);
    for (key, kspan, v) in key_values(value) {
        let x = typed_literal(c, v);
        if let Some(arg) = lookup(TARGET_GROUP_ATTRIBUTES, key) {
            let x = match (arg, x) {
                // The provider types this one as a string.
                ("deregistration_delay", Expression::Number(n)) => Expression::String(n.to_string()),
                (_, x) => x,
            };
            b.attr(arg, x);
        } else if let Some(arg) = lookup(TARGET_GROUP_STICKINESS, key) {
            stickiness.attr(arg, x);
        } else {
            c.untranslated(
                r,
                &format!("TargetGroupAttributes {key}"),
                Some("no aws_lb_target_group argument for this key"),
                kspan,
                b,
            );
        }
    }
    if !stickiness.body.is_empty() {
        if !stickiness.has_attribute("type") {
            stickiness.attr("type", Expression::String("lb_cookie".into()));
        }
        b.body.push(BodyItem::Block(stickiness));
    }
}

/// Listener rule condition `Field` -> (its `condition` block, its `*Config` property).
pub(crate) const LISTENER_CONDITIONS: &[(&str, &str, &str)] = &[
    ("path-pattern", "path_pattern", "PathPatternConfig"),
    ("host-header", "host_header", "HostHeaderConfig"),
    ("http-request-method", "http_request_method", "HttpRequestMethodConfig"),
    ("source-ip", "source_ip", "SourceIpConfig"),
];

/// Listener rule `Conditions: [{Field: path-pattern, Values}]` (and the `*Config` forms) ->
/// `condition { path_pattern { values } }`.
fn listener_rule_conditions(c: &mut Converter<'_>, r: &Resource, value: &Expr, span: Span, b: &mut Block) {
    let ExprKind::List(items) = &value.kind else {
        c.untranslated(r, "Conditions", Some("not a literal list"), span, b);
        return;
    };
    for item in items.iter().filter(|i| !i.is_no_value()) {
        let field = map_get(item, "Field").and_then(Expr::as_literal_str).unwrap_or("");
        if matches!(field, "http-header" | "query-string") {
            match keyed_condition(c, item, field) {
                Some(cond) => b.body.push(BodyItem::Block(cond)),
                None => c.untranslated(
                    r,
                    "Conditions",
                    Some(&format!("a `{field}` condition without its literal configuration")),
                    item.span,
                    b,
                ),
            }
            continue;
        }
        let Some((_, block, config)) = LISTENER_CONDITIONS.iter().find(|(f, _, _)| *f == field) else {
            c.untranslated(
                r,
                "Conditions",
                Some(&format!("condition field `{field}` needs translating by hand")),
                item.span,
                b,
            );
            continue;
        };
        let values = map_get(item, "Values").or_else(|| map_get(item, config).and_then(|cfg| map_get(cfg, "Values")));
        let Some(values) = values else {
            c.untranslated(r, "Conditions", Some("a condition without Values"), item.span, b);
            continue;
        };
        let mut inner = Block::new(block, &[]);
        let x = wrap_list(c.expr(values));
        inner.attr("values", x);
        let mut cond = Block::new("condition", &[]);
        cond.body.push(BodyItem::Block(inner));
        b.body.push(BodyItem::Block(cond));
    }
}

/// The two conditions whose values are keyed, not a plain list: `http-header`
/// (`HttpHeaderConfig: {HttpHeaderName, Values}` -> `http_header { http_header_name, values }`)
/// and `query-string` (`QueryStringConfig: {Values: [{Key, Value}]}` -> one `query_string`
/// block per pair, the key optional). None when the configuration is missing or not literal.
fn keyed_condition(c: &mut Converter<'_>, item: &Expr, field: &str) -> Option<Block> {
    let mut cond = Block::new("condition", &[]);
    if field == "http-header" {
        let config = map_get(item, "HttpHeaderConfig")?;
        let (name, values) = (map_get(config, "HttpHeaderName")?, map_get(config, "Values")?);
        let mut inner = Block::new("http_header", &[]);
        inner.attr("http_header_name", c.expr(name));
        inner.attr("values", wrap_list(c.expr(values)));
        cond.body.push(BodyItem::Block(inner));
        return Some(cond);
    }
    let ExprKind::List(pairs) = &map_get(map_get(item, "QueryStringConfig")?, "Values")?.kind else {
        return None;
    };
    for pair in pairs.iter().filter(|p| !p.is_no_value()) {
        let mut inner = Block::new("query_string", &[]);
        if let Some(key) = map_get(pair, "Key") {
            inner.attr("key", c.expr(key));
        }
        inner.attr("value", c.expr(map_get(pair, "Value")?));
        cond.body.push(BodyItem::Block(inner));
    }
    (!cond.body.is_empty()).then_some(cond)
}

/// Application Auto Scaling: a policy names its target by the target's `Ref`
/// (`resource|dimension|namespace`); the provider wants the three parts.
fn scaling_target_id(c: &mut Converter<'_>, r: &Resource, value: &Expr, span: Span, b: &mut Block) {
    const PARTS: [&str; 3] = ["resource_id", "scalable_dimension", "service_namespace"];
    match &value.kind {
        ExprKind::Ref(RefTarget::Resource(id))
            if c.targets
                .get(id)
                .is_some_and(|t| t.tf_type == "aws_appautoscaling_target") =>
        {
            for part in PARTS {
                let x = c.resource_ref(id, Some(part), value);
                b.attr(part, x);
            }
        }
        _ => {
            let id = c.expr(value);
            for (n, part) in PARTS.into_iter().enumerate() {
                let x = crate::tf::index(
                    call("split", vec![Expression::String("|".into()), id.clone()]),
                    Expression::Number(n.into()),
                );
                b.attr(part, x);
            }
            c.warn_at(
                "convert::scaling-target-id",
                format!(
                    "ScalingTargetId of {} is split as `resource|dimension|namespace`: check it",
                    r.logical_id
                ),
                span,
            );
        }
    }
}

/// ECS keeps container definitions as JSON with camelCase keys; CloudFormation writes them in
/// PascalCase. Free-form maps (log options, labels) keep their keys; numbers and booleans
/// written as strings become JSON numbers and booleans, as the ECS API requires.
fn ecs_container_definitions(c: &mut Converter<'_>, value: &Expr, b: &mut Block) {
    let x = ecs_json(c, value, false);
    b.attr("container_definitions", call("jsonencode", vec![x]));
}

pub(crate) const ECS_FREE_FORM: &[&str] = &["Options", "DockerLabels", "SystemControls", "DriverOpts", "Labels"];
const ECS_TYPED: &[&str] = &[
    "Cpu",
    "Memory",
    "MemoryReservation",
    "ContainerPort",
    "HostPort",
    "StartTimeout",
    "StopTimeout",
    "SoftLimit",
    "HardLimit",
    "Essential",
    "Privileged",
    "ReadOnly",
    "DisableNetworking",
    "ReadonlyRootFilesystem",
    "Interactive",
    "PseudoTerminal",
    "Retries",
    "Interval",
    "Timeout",
    "StartPeriod",
];

fn ecs_json(c: &mut Converter<'_>, value: &Expr, free_form: bool) -> Expression {
    match &value.kind {
        ExprKind::Map(entries) => {
            let mut obj = hcl::Object::new();
            for (k, _, v) in entries.iter().filter(|(_, _, v)| !v.is_no_value()) {
                let key = if free_form { k.clone() } else { lower_first(k) };
                let x = if ECS_TYPED.contains(&k.as_str()) && !free_form {
                    typed_literal(c, v)
                } else {
                    ecs_json(c, v, ECS_FREE_FORM.contains(&k.as_str()))
                };
                obj.insert(object_key(&key), x);
            }
            Expression::Object(obj)
        }
        ExprKind::List(items) => Expression::Array(
            items
                .iter()
                .filter(|i| !i.is_no_value())
                .map(|i| ecs_json(c, i, false))
                .collect(),
        ),
        _ => c.expr(value),
    }
}

fn lower_first(k: &str) -> String {
    let mut chars = k.chars();
    match chars.next() {
        Some(f) => f.to_lowercase().collect::<String>() + chars.as_str(),
        None => String::new(),
    }
}

/// Route 53 `HostedZoneName` -> the zone id, looked up by name with a data source.
fn hosted_zone_name(c: &mut Converter<'_>, value: &Expr, b: &mut Block) {
    let name = c.expr(value);
    let label = match value.as_literal_str() {
        Some(s) => c.data_label(
            "aws_route53_zone",
            s,
            snake_case(&s.trim_end_matches('.').replace('.', "_")),
        ),
        None => {
            let key = crate::emit::inline_text(&name);
            let wanted = format!("zone_{}", c.data.hosted_zones.len() + 1);
            c.data_label("aws_route53_zone", &key, wanted)
        }
    };
    if !c.data.hosted_zones.iter().any(|(l, _)| *l == label) {
        c.data.hosted_zones.push((label.clone(), name));
    }
    b.attr("zone_id", traversal(&["data", "aws_route53_zone", &label, "zone_id"]));
}

/// What a custom resource's `ServiceToken` is: only a Lambda function can be invoked by Terraform.
enum TokenKind {
    Lambda,
    NotLambda,
    /// A parameter or an import: checked at plan time by a precondition.
    Unknown,
}

fn service_token_kind(c: &Converter<'_>, e: &Expr) -> TokenKind {
    match token_shape(c, e) {
        Some(s) if is_lambda_arn(&s) || s == "*" => TokenKind::Lambda,
        Some(s) if s.starts_with('*') => TokenKind::Unknown,
        Some(_) => TokenKind::NotLambda,
        None => TokenKind::Unknown,
    }
}

/// The token's text with `*` for parts only known at deploy time; None when nothing is known.
fn token_shape(c: &Converter<'_>, e: &Expr) -> Option<String> {
    match &e.kind {
        ExprKind::String(s) => Some(s.clone()),
        ExprKind::GetAtt { resource, attribute } => {
            let t = c.targets.get(resource)?;
            (t.cfn_type == "AWS::Lambda::Function" && attribute == "Arn").then(|| "arn:*:lambda:*".to_string())
        }
        ExprKind::Ref(RefTarget::Resource(id)) => {
            let t = c.targets.get(id)?;
            Some(if t.cfn_type == "AWS::Lambda::Function" {
                "*".to_string()
            } else {
                format!("ref:{}", t.cfn_type)
            })
        }
        ExprKind::Join { delimiter, items } => match &items.kind {
            ExprKind::List(list) => Some(
                list.iter()
                    .map(|i| i.as_literal_str().map(str::to_string).unwrap_or_else(|| "*".into()))
                    .collect::<Vec<_>>()
                    .join(delimiter),
            ),
            _ => None,
        },
        ExprKind::Sub { parts, .. } => Some(
            parts
                .iter()
                .map(|p| match p {
                    SubPart::Literal(s) => s.clone(),
                    _ => "*".into(),
                })
                .collect(),
        ),
        _ => None,
    }
}

fn is_lambda_arn(shape: &str) -> bool {
    let fields: Vec<&str> = shape.splitn(4, ':').collect();
    matches!(fields.as_slice(), ["arn", _, "lambda", ..])
}

fn custom_resource_refusal(c: &Converter<'_>, r: &Resource) -> Option<String> {
    let Some(token) = r.property("ServiceToken") else {
        return Some("a custom resource without ServiceToken".into());
    };
    match service_token_kind(c, &token.value) {
        TokenKind::NotLambda => Some(
            "its ServiceToken is not a Lambda function ARN; Terraform can invoke a Lambda function (aws_lambda_invocation) but not an SNS-backed custom resource"
                .into(),
        ),
        _ => None,
    }
}

/// A custom resource -> `aws_lambda_invocation` with the event CloudFormation would send on
/// create. Terraform gives the function no response URL: the function must return the response
/// body (`{PhysicalResourceId, Data}`) as its result, which `Ref` and `Fn::GetAtt` read.
fn custom_resource(c: &mut Converter<'_>, r: &Resource, b: &mut Block) {
    let Some(token) = r.property("ServiceToken") else {
        return;
    };
    let function = c.expr(&token.value);
    let mut props = hcl::Object::new();
    for p in r.properties.iter().filter(|p| !p.value.is_no_value()) {
        let x = c.expr(&p.value);
        props.insert(object_key(&p.name), x);
    }
    let mut event = hcl::Object::new();
    event.insert(object_key("RequestType"), Expression::String("Create".into()));
    event.insert(object_key("ServiceToken"), function.clone());
    event.insert(object_key("ResourceType"), Expression::String(r.type_name.clone()));
    event.insert(
        object_key("LogicalResourceId"),
        Expression::String(r.logical_id.clone()),
    );
    event.insert(object_key("ResourceProperties"), Expression::Object(props));
    b.attr("function_name", function.clone());
    b.attr("input", call("jsonencode", vec![Expression::Object(event)]));
    b.comment("cfn2tf: the function is invoked once on create with CloudFormation's event, without ResponseURL; it must return {PhysicalResourceId, Data} as its result");
    c.warn_at(
        "convert::custom-resource",
        format!(
            "custom resource {} becomes an aws_lambda_invocation: the function gets no ResponseURL and must return its response as the result; Update and Delete events are not sent",
            r.logical_id
        ),
        r.type_span,
    );
    if matches!(service_token_kind(c, &token.value), TokenKind::Unknown) {
        let text = format!(
            "can(regex(\"^arn:[^:]+:lambda:\", {}))",
            crate::emit::inline_text(&function)
        );
        if let Ok(condition) = text.parse::<Expression>() {
            let mut pre = Block::new("precondition", &[]);
            pre.attr("condition", condition);
            pre.attr(
                "error_message",
                Expression::String(format!(
                    "The ServiceToken of {} must be a Lambda function ARN: Terraform cannot send a custom resource request to anything else.",
                    r.logical_id
                )),
            );
            let mut lc = Block::new("lifecycle", &[]);
            lc.body.push(BodyItem::Block(pre));
            b.body.push(BodyItem::Block(lc));
        }
    }
}

/// A flow log's `ResourceId` goes into the argument named by its `ResourceType`.
fn flow_log_resource(c: &mut Converter<'_>, r: &Resource, value: &Expr, span: Span, b: &mut Block) {
    let kind = r
        .property("ResourceType")
        .and_then(|p| p.value.as_literal_str())
        .unwrap_or("");
    let arg = match kind {
        "VPC" => "vpc_id",
        "Subnet" => "subnet_id",
        "NetworkInterface" => "eni_id",
        "TransitGateway" => "transit_gateway_id",
        "TransitGatewayAttachment" => "transit_gateway_attachment_id",
        _ => {
            c.untranslated(r, "ResourceId", Some("ResourceType is not a literal VPC, Subnet, NetworkInterface, TransitGateway or TransitGatewayAttachment"), span, b);
            return;
        }
    };
    let x = c.expr(value);
    b.attr(arg, x);
}

/// `Scheme: internal | internet-facing` -> `internal = true | false`.
fn scheme_internal(c: &mut Converter<'_>, value: &Expr, b: &mut Block) {
    let x = match &value.kind {
        ExprKind::String(s) => Expression::Bool(s == "internal"),
        _ => {
            let text = format!("{} == \"internal\"", crate::emit::inline_text(&c.expr(value)));
            text.parse::<Expression>().unwrap_or(Expression::Null)
        }
    };
    b.attr("internal", x);
}

/// Sets `arg` in the nested block named `ident`, created at the end of `b` the first time.
fn set_in_nested(b: &mut Block, ident: &str, arg: &str, x: Expression) {
    let at = b
        .body
        .iter()
        .position(|i| matches!(i, BodyItem::Block(n) if n.ident == ident))
        .unwrap_or_else(|| {
            b.body.push(BodyItem::Block(Block::new(ident, &[])));
            b.body.len() - 1
        });
    if let BodyItem::Block(n) = &mut b.body[at] {
        n.attr(arg, x);
    }
}

/// A target group's flat `HealthCheck*` properties -> `health_check` block arguments (and
/// `Matcher`'s code -> `matcher`).
pub(crate) const HEALTH_CHECK: &[(&str, &str)] = &[
    ("HealthCheckEnabled", "enabled"),
    ("HealthCheckIntervalSeconds", "interval"),
    ("HealthCheckPath", "path"),
    ("HealthCheckPort", "port"),
    ("HealthCheckProtocol", "protocol"),
    ("HealthCheckTimeoutSeconds", "timeout"),
    ("HealthyThresholdCount", "healthy_threshold"),
    ("UnhealthyThresholdCount", "unhealthy_threshold"),
];

fn health_check_argument(c: &mut Converter<'_>, r: &Resource, name: &str, value: &Expr, span: Span, b: &mut Block) {
    let arg = match lookup(HEALTH_CHECK, name) {
        Some(arg) => arg,
        None if name == "Matcher" => match map_get(value, "HttpCode").or_else(|| map_get(value, "GrpcCode")) {
            Some(code) => {
                let x = c.expr(code);
                set_in_nested(b, "health_check", "matcher", x);
                return;
            }
            None => {
                c.untranslated(r, name, Some("a Matcher without HttpCode or GrpcCode"), span, b);
                return;
            }
        },
        None => {
            c.untranslated(r, name, Some("not a health check property"), span, b);
            return;
        }
    };
    let x = match arg {
        "port" | "path" | "protocol" => c.expr(value),
        _ => typed_literal(c, value),
    };
    set_in_nested(b, "health_check", arg, x);
}

/// `AlpnPolicy` is a list of one policy name in CloudFormation and a string in Terraform.
fn first_item_alpn(c: &mut Converter<'_>, value: &Expr, b: &mut Block) {
    let x = match &value.kind {
        ExprKind::List(items) if items.len() == 1 => c.expr(&items[0]),
        _ => crate::tf::index(c.expr(value), Expression::Number(0.into())),
    };
    b.attr("alpn_policy", x);
}

/// The listener's default certificate; more certificates are separate resources in Terraform.
fn listener_certificate(c: &mut Converter<'_>, r: &Resource, value: &Expr, span: Span, b: &mut Block) {
    let ExprKind::List(items) = &value.kind else {
        c.untranslated(r, "Certificates", Some("not a literal list"), span, b);
        return;
    };
    if let Some(arn) = items.first().and_then(|i| map_get(i, "CertificateArn")) {
        let x = c.expr(arn);
        b.attr("certificate_arn", x);
    }
    for extra in items.iter().skip(1) {
        c.untranslated(
            r,
            "Certificates",
            Some("additional certificates are aws_lb_listener_certificate resources; add them by hand"),
            extra.span,
            b,
        );
    }
}

/// `AssignPublicIp: ENABLED | DISABLED` -> a boolean.
fn assign_public_ip(c: &mut Converter<'_>, value: &Expr, b: &mut Block) {
    let x = match &value.kind {
        ExprKind::String(s) => Expression::Bool(s.eq_ignore_ascii_case("ENABLED")),
        _ => {
            let text = format!("{} == \"ENABLED\"", crate::emit::inline_text(&c.expr(value)));
            text.parse::<Expression>().unwrap_or(Expression::Null)
        }
    };
    b.attr("assign_public_ip", x);
}

/// Alarm `Dimensions: [{Name, Value}]` -> a `dimensions` map.
fn dimensions_map(c: &mut Converter<'_>, r: &Resource, value: &Expr, span: Span, b: &mut Block) {
    let ExprKind::List(items) = &value.kind else {
        c.untranslated(r, "Dimensions", Some("not a literal list"), span, b);
        return;
    };
    let mut obj = hcl::Object::new();
    for item in items.iter().filter(|i| !i.is_no_value()) {
        let (Some(k), Some(v)) = (map_get(item, "Name"), map_get(item, "Value")) else {
            c.untranslated(r, "Dimensions", Some("an item without Name and Value"), item.span, b);
            continue;
        };
        let key = match k.as_literal_str() {
            Some(s) => object_key(s),
            None => hcl::expr::ObjectKey::Expression(Expression::Parenthesis(Box::new(c.expr(k)))),
        };
        let x = c.expr(v);
        obj.insert(key, x);
    }
    b.attr("dimensions", Expression::Object(obj));
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
