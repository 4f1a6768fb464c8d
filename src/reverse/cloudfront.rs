//! The inverse of the forward rule `cloudfront_defaults`: what CloudFormation assumes when a
//! distribution leaves it out, and the provider requires written (no geo restriction, the
//! CloudFront certificate, GET/HEAD methods, no forwarded cookies), is left out again, so the
//! template says only what was chosen.

use super::Reverser;
use super::expr::{expr_to_json, no_value};
use crate::model::{Expr, ExprKind};
use serde_json::{Value, json};

pub(super) fn drop_defaults(r: &mut Reverser<'_>, id: &str) {
    let Some(config) = r
        .template
        .resources
        .get_mut(id)
        .and_then(|res| res.properties.iter_mut().find(|p| p.name == "DistributionConfig"))
    else {
        return;
    };
    let ExprKind::Map(entries) = &mut config.value.kind else {
        return;
    };
    entries.retain(|(k, _, v)| {
        !(k == "Restrictions" && is(v, &json!({ "GeoRestriction": { "RestrictionType": "none" } })))
    });
    for (k, _, v) in entries.iter_mut() {
        match k.as_str() {
            "ViewerCertificate" => default_branch(v),
            "DefaultCacheBehavior" => behaviour(v),
            "CacheBehaviors" => {
                if let ExprKind::List(items) = &mut v.kind {
                    items.iter_mut().for_each(behaviour);
                }
            }
            _ => {}
        }
    }
    entries.retain(|(k, _, v)| !(k == "ViewerCertificate" && is_default_certificate(v)));
}

fn is(e: &Expr, value: &Value) -> bool {
    expr_to_json(e).is_some_and(|j| j == *value)
}

fn is_default_certificate(e: &Expr) -> bool {
    is(e, &json!({ "CloudFrontDefaultCertificate": true })) || is(e, &json!({ "CloudFrontDefaultCertificate": "true" }))
}

/// `Fn::If [c, certificate, default]` is the certificate only when `c` holds.
fn default_branch(e: &mut Expr) {
    if let ExprKind::If { then, otherwise, .. } = &mut e.kind {
        for branch in [then, otherwise] {
            if is_default_certificate(branch) {
                **branch = no_value();
            }
        }
    }
}

fn behaviour(e: &mut Expr) {
    let ExprKind::Map(entries) = &mut e.kind else {
        return;
    };
    let get_head = json!(["GET", "HEAD"]);
    entries.retain(|(k, _, v)| !((k == "AllowedMethods" || k == "CachedMethods") && is(v, &get_head)));
    for (k, _, v) in entries.iter_mut() {
        if k == "ForwardedValues"
            && let ExprKind::Map(forwarded) = &mut v.kind
        {
            forwarded.retain(|(k, _, v)| !(k == "Cookies" && is(v, &json!({ "Forward": "none" }))));
        }
    }
}
