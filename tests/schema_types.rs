//! The schema-driven test of every mapped type: from cfn-lint's CloudFormation resource schema,
//! one template with, per mapped type, a resource setting only the required properties and one
//! more resource per optional property (required + that one, so that optional properties the
//! provider declares as conflicting do not fail each other). Every value is of the schema's
//! type (enums from the schema, nested objects filled, patterns and bounds respected where a
//! candidate value fits). The template is converted once and validated with `terraform
//! validate` in one directory; every property must be translated (its resource differs from the
//! required-only one) or reported (a located warning naming it). Skips without terraform or the
//! schemas; required under CI=true.

mod common;

use cfn2tf::mapping::Registry;
use cfn2tf::source::SourceFile;
use mapgen::schema::{CfnKind, CfnSchemas, CfnType};
use serde_json::{Map, Value, json};
use std::collections::{BTreeMap, BTreeSet};

/// Types that do not pass yet, each with why: the honest to-do of value semantics.
const KNOWN_FAILING: &[(&str, &str)] = &[];

/// One generated resource: which type, and the optional property it adds (None: required only).
struct Case {
    cfn_type: String,
    property: Option<String>,
}

// About 2,500 resources: `terraform validate` did not finish within 50 minutes on a loaded
// 2-core machine, so it runs on request (`cargo test --test schema_types -- --ignored`).
#[test]
#[ignore = "slow: validates ~2,500 generated resources; run with --ignored"]
fn every_mapped_type_validates_with_every_property() {
    let Some(tf) = common::terraform() else { return };
    let cache = common::repo_root().join("target/schemas");
    let cfn = match CfnSchemas::load_cached(&cache.join("cfn-lint.json")) {
        Ok(c) => c,
        Err(why) => {
            common::available(&format!("cfn-lint's schemas ({why})"), false);
            return;
        }
    };

    let mut types = BTreeSet::new();
    for m in Registry::get().all() {
        if m.dropped.is_none() && cfn.get(&m.cfn).is_some() {
            types.insert(m.cfn.clone());
        }
    }
    let mut cases = Vec::new();
    let mut resources = Map::new();
    for name in &types {
        let ct = cfn.get(name).unwrap();
        let required = ct.required();
        let read_only: BTreeSet<String> = ct.read_only().into_iter().collect();
        let mut base = Map::new();
        for p in &required {
            if let Some(node) = ct.properties().get(p) {
                base.insert(p.clone(), value_of(ct, node, p, 0));
            }
        }
        let mut add = |property: Option<String>, props: Map<String, Value>| {
            let id = format!("R{}", cases.len());
            let mut r = json!({ "Type": name });
            if !props.is_empty() {
                r["Properties"] = Value::Object(props);
            }
            resources.insert(id, r);
            cases.push(Case {
                cfn_type: name.clone(),
                property,
            });
        };
        add(None, base.clone());
        for (p, node) in ct.properties() {
            if required.contains(p) || read_only.contains(p) || p.contains('.') {
                continue;
            }
            let mut props = base.clone();
            props.insert(p.clone(), value_of(ct, node, p, 0));
            add(Some(p.clone()), props);
        }
    }
    let template = json!({ "AWSTemplateFormatVersion": "2010-09-09", "Resources": resources });
    let text = serde_json::to_string_pretty(&template).unwrap();
    let file = SourceFile::new("schema-types.json", text);
    let converted = match cfn2tf::cfn_to_tf(&file) {
        Ok(c) => c,
        Err(d) => panic!(
            "the generated template does not convert:\n{}",
            d.items.iter().map(|x| x.one_line(&file)).collect::<Vec<_>>().join("\n")
        ),
    };

    let dir = tempfile::tempdir().unwrap();
    std::fs::write(dir.path().join("schema-types.json"), &file.text).unwrap();
    for (name, body) in &converted.files {
        std::fs::write(dir.path().join(name), body).unwrap();
    }
    for (name, bytes) in &converted.artefacts {
        std::fs::write(dir.path().join(name), bytes).unwrap();
    }
    tf.use_providers(dir.path());
    let out = common::run(&mut tf.cmd(dir.path(), &["validate", "-json", "-no-color"]));
    let report: Value = serde_json::from_slice(&out.stdout)
        .unwrap_or_else(|e| panic!("terraform validate -json: {e}\n{}", common::text(&out.stderr)));

    // Which case each line of each .tf file belongs to (`resource "T" "r12..."` blocks).
    let mut owner: BTreeMap<(String, usize), usize> = BTreeMap::new();
    let mut blocks: BTreeMap<usize, Vec<String>> = BTreeMap::new();
    for (name, body) in &converted.files {
        let mut current = None;
        for (i, line) in body.lines().enumerate() {
            if line.starts_with(|c: char| !c.is_whitespace()) && line.ends_with('{') {
                current = case_of_block(line);
            }
            if let Some(n) = current {
                owner.insert((name.clone(), i + 1), n);
                blocks.entry(n).or_default().push(line.to_string());
            }
            if line == "}" {
                current = None;
            }
        }
    }

    let mut failures: BTreeMap<String, Vec<String>> = BTreeMap::new();
    for d in report["diagnostics"].as_array().into_iter().flatten() {
        if d["severity"] != "error" {
            continue;
        }
        let file_name = d["range"]["filename"].as_str().unwrap_or("").to_string();
        let line = d["range"]["start"]["line"].as_u64().unwrap_or(0) as usize;
        let what = format!(
            "{}: {}",
            d["summary"].as_str().unwrap_or(""),
            d["detail"].as_str().unwrap_or("").lines().next().unwrap_or("")
        );
        let key = match owner.get(&(file_name.clone(), line)) {
            Some(&n) => {
                let c = &cases[n];
                failures.entry(c.cfn_type.clone()).or_default().push(format!(
                    "{}: {what}",
                    c.property.as_deref().unwrap_or("(required only)")
                ));
                continue;
            }
            None => format!("{file_name}:{line}"),
        };
        failures
            .entry(format!("(outside any resource) {key}"))
            .or_default()
            .push(what);
    }

    // Every optional property is translated (its block differs from the required-only one) or
    // reported by a warning that names it and its resource.
    let warned: BTreeSet<(String, String)> = converted
        .diagnostics
        .items
        .iter()
        .filter_map(|d| {
            let m = &d.message;
            let rest = m.strip_prefix("property ")?;
            let (prop, rest) = rest.split_once(" of ")?;
            let id = rest.split_whitespace().next()?;
            Some((id.to_string(), prop.to_string()))
        })
        .collect();
    let normalised = |n: usize| -> Vec<String> {
        let name = format!("\"r{n}");
        blocks
            .get(&n)
            .map(|b| b.iter().map(|l| l.replace(&name, "\"rX")).collect())
            .unwrap_or_default()
    };
    let mut base_of = BTreeMap::new();
    for (n, c) in cases.iter().enumerate() {
        match &c.property {
            None => {
                base_of.insert(c.cfn_type.clone(), n);
            }
            Some(p) => {
                let reported = warned.contains(&(format!("R{n}"), p.clone()));
                if !reported && normalised(n) == normalised(base_of[&c.cfn_type]) {
                    failures
                        .entry(c.cfn_type.clone())
                        .or_default()
                        .push(format!("{p}: neither translated nor reported"));
                }
            }
        }
    }

    let allowed: BTreeMap<&str, &str> = KNOWN_FAILING.iter().copied().collect();
    let mut unexpected = Vec::new();
    for (t, problems) in &failures {
        if !allowed.contains_key(t.as_str()) {
            unexpected.push(format!("{t}:\n    {}", problems.join("\n    ")));
        }
    }
    let stale: Vec<&str> = allowed
        .keys()
        .filter(|t| !failures.contains_key(**t))
        .copied()
        .collect();
    eprintln!(
        "schema types: {} types, {} resources, {} failing ({} allowed)",
        types.len(),
        cases.len(),
        failures.len(),
        allowed.len()
    );
    assert!(
        unexpected.is_empty() && stale.is_empty(),
        "{} types fail:\n{}\n\nallow-listed but passing now (remove them): {stale:?}",
        unexpected.len(),
        unexpected.join("\n")
    );
}

/// `resource "aws_x" "r12_policy" {` -> 12 (companions carry their main resource's name first).
fn case_of_block(line: &str) -> Option<usize> {
    let name = line.split('"').nth(3)?;
    let digits: String = name
        .strip_prefix('r')?
        .chars()
        .take_while(char::is_ascii_digit)
        .collect();
    digits.parse().ok()
}

/// A value of the node's type: enums from the schema, objects filled, one list item.
fn value_of(ct: &CfnType, node: &Value, name: &str, depth: usize) -> Value {
    let resolved = ct.resolve(node);
    if let Some(first) = resolved.get("enum").and_then(Value::as_array).and_then(|e| e.first()) {
        return first.clone();
    }
    if let Some(c) = resolved.get("const") {
        return c.clone();
    }
    match ct.kind(node) {
        CfnKind::String => Value::String(string_for(resolved, name)),
        CfnKind::Integer | CfnKind::Number => json!(number_for(resolved)),
        CfnKind::Boolean => json!(true),
        CfnKind::Object(props) if depth < 6 => {
            let mut out = Map::new();
            for (k, v) in props {
                out.insert(k.clone(), value_of(ct, v, k, depth + 1));
            }
            Value::Object(out)
        }
        CfnKind::Object(_) => json!({}),
        CfnKind::Array(items) => {
            let count = resolved.get("minItems").and_then(Value::as_u64).unwrap_or(1).max(1);
            let item = value_of(ct, items, name, depth + 1);
            Value::Array((0..count).map(|_| item.clone()).collect())
        }
        CfnKind::Map => json!({ "Key1": "value1" }),
        CfnKind::Json if name.contains("Policy") || name.contains("Document") => json!({
            "Version": "2012-10-17",
            "Statement": [{ "Effect": "Allow", "Action": "s3:GetObject", "Resource": "*" }]
        }),
        CfnKind::Json => json!({ "key": "value" }),
        CfnKind::Unknown => {
            let first = ["oneOf", "anyOf"]
                .iter()
                .find_map(|k| resolved.get(*k).and_then(Value::as_array).and_then(|a| a.first()));
            match first {
                Some(alt) if depth < 6 => value_of(ct, alt, name, depth + 1),
                _ => Value::String(string_for(resolved, name)),
            }
        }
    }
}

fn number_for(node: &Value) -> f64 {
    let min = node.get("minimum").and_then(Value::as_f64);
    let max = node.get("maximum").and_then(Value::as_f64);
    let n = min.unwrap_or(1.0).max(1.0);
    max.map_or(n, |m| n.min(m))
}

/// A string suited to the property's name, the first candidate that fits the schema's pattern
/// and lengths when it gives them.
fn string_for(node: &Value, name: &str) -> String {
    let lower = name.to_ascii_lowercase();
    let by_name: &[&str] = if lower.contains("servicetoken") || lower.contains("function") && lower.contains("arn") {
        &["arn:aws:lambda:us-east-1:123456789012:function:example"]
    } else if lower.ends_with("arn") || lower.ends_with("arns") {
        &["arn:aws:iam::123456789012:role/example"]
    } else if lower.contains("ipv6") && lower.contains("cidr") {
        &["2001:db8::/56"]
    } else if lower.contains("cidr") {
        &["10.0.0.0/16"]
    } else if lower.contains("ipaddress") || lower.ends_with("ip") {
        &["10.0.0.10"]
    } else if lower.contains("email") {
        &["user@example.com"]
    } else if lower.contains("url") || lower.contains("uri") || lower.contains("endpoint") {
        &["https://example.com"]
    } else if lower.contains("availabilityzone") {
        &["us-east-1a"]
    } else if lower.contains("region") {
        &["us-east-1"]
    } else if lower.contains("schedule") {
        &["rate(5 minutes)"]
    } else {
        &[]
    };
    const GENERIC: &[&str] = &[
        "example",
        "example-1",
        "Example1",
        "1",
        "arn:aws:iam::123456789012:role/example",
        "10.0.0.0/16",
        "https://example.com",
        "user@example.com",
        "sg-0123456789abcdef0",
        "2026-01-01T00:00:00Z",
        "/example",
        "{}",
    ];
    let pattern = node
        .get("pattern")
        .and_then(Value::as_str)
        .and_then(|p| regex::Regex::new(p).ok());
    let min = node.get("minLength").and_then(Value::as_u64).unwrap_or(0) as usize;
    let max = node.get("maxLength").and_then(Value::as_u64).map(|m| m as usize);
    let fits =
        |s: &str| pattern.as_ref().is_none_or(|p| p.is_match(s)) && s.len() >= min && max.is_none_or(|m| s.len() <= m);
    let first = by_name.first().copied().unwrap_or("example");
    by_name
        .iter()
        .chain(GENERIC)
        .find(|s| fits(s))
        .copied()
        .unwrap_or(first)
        .to_string()
}
