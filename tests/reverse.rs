//! Terraform -> CloudFormation: the round trip CFN -> TF -> CFN keeps the template's meaning
//! (`cfn2tf diff` finds no difference, the models are equal after normalising spellings that mean
//! the same, and a second forward conversion gives byte-identical Terraform), the output passes
//! cfn-lint, hand-written idiomatic
//! Terraform for the seed network deploys EQUAL to its CloudFormation, and what has no
//! counterpart is a located error.

mod common;
use cfn2tf::mapping::Registry;
use cfn2tf::model::{Expr, ExprKind, RefTarget, SubPart, Template};
use cfn2tf::source::SourceFile;
use common::*;
use serde_json::{Value, json};
use std::path::{Path, PathBuf};

fn seed() -> PathBuf {
    repo_root().join("samples/gateway-endpoint/gateway-endpoint.yaml")
}

fn idiomatic() -> PathBuf {
    repo_root().join("samples/gateway-endpoint-idiomatic")
}

fn load_template(path: &Path) -> Template {
    let file = SourceFile::new(path.display().to_string(), std::fs::read_to_string(path).unwrap());
    template_of(&file)
}

fn template_of(file: &SourceFile) -> Template {
    let root = cfn2tf::parse::parse_template_text(file, Default::default()).unwrap_or_else(|e| panic!("{e:?}"));
    let mut diags = cfn2tf::diagnostics::Diagnostics::default();
    let t = cfn2tf::model::build_template(&root, &mut diags);
    assert!(!diags.has_errors(), "{}: {:?}", file.name, diags);
    t
}

/// Forward conversion into `dir`, as `cfn2tf convert -o dir` writes it (the .tf files and the
/// zips beside them); returns the file name -> text map.
fn forward(template: &Path, dir: &Path) -> std::collections::BTreeMap<String, String> {
    let name = template.file_name().unwrap().to_string_lossy().to_string();
    let file = SourceFile::new(name, std::fs::read_to_string(template).unwrap());
    let converted = cfn2tf::cfn_to_tf(&file).unwrap_or_else(|d| panic!("{}: {d:?}", template.display()));
    std::fs::create_dir_all(dir).unwrap();
    for (n, text) in &converted.files {
        std::fs::write(dir.join(n), text).unwrap();
    }
    let mut files = converted.files;
    for (n, bytes) in &converted.artefacts {
        std::fs::write(dir.join(n), bytes).unwrap();
        // Compared as well: the same code zips to the same bytes.
        files.insert(n.clone(), format!("{bytes:?}"));
    }
    files
}

/// The `from file:line` of the origin comments, and the `(file:line)` of `# cfn2tf:` notes, name
/// the input file, which differs by design.
fn without_origins(files: &std::collections::BTreeMap<String, String>) -> String {
    files
        .iter()
        .map(|(n, t)| {
            let body: Vec<String> = t
                .lines()
                .map(|l| match l.split_once(") from ") {
                    Some((head, _)) if l.starts_with("# ") => format!("{head}) from <origin>"),
                    _ if l.trim_start().starts_with("# cfn2tf:") => without_locations(l),
                    _ => l.to_string(),
                })
                .collect();
            format!("==> {n}\n{}\n", body.join("\n"))
        })
        .collect()
}

/// `(name.yaml:17)` -> `(<origin>)`.
fn without_locations(line: &str) -> String {
    let mut out = String::new();
    let mut rest = line;
    while let Some(open) = rest.find('(') {
        out.push_str(&rest[..=open]);
        rest = &rest[open + 1..];
        let inner = rest.split_once(')').map(|(i, _)| i).unwrap_or_default();
        let is_location = inner
            .rsplit_once(':')
            .is_some_and(|(file, line)| file.contains('.') && !file.contains(' ') && line.parse::<u32>().is_ok());
        if is_location {
            out.push_str("<origin>");
            rest = &rest[inner.len()..];
        }
    }
    out.push_str(rest);
    out
}

// ---- the semantic proxy: the model, with spellings that mean the same made equal

fn resource_type(t: &Template, id: &str) -> String {
    t.resources.get(id).map(|r| r.type_name.clone()).unwrap_or_default()
}

/// `Fn::GetAtt X.A` where A reads what `Ref X` returns (a security group's GroupId) is `Ref X`.
fn getatt_is_ref(t: &Template, id: &str, attribute: &str) -> bool {
    Registry::get()
        .variants(&resource_type(t, id))
        .iter()
        .any(|m| m.ref_attribute.is_some() && m.attributes.get(attribute) == m.ref_attribute.as_ref())
}

fn ref_name(r: &RefTarget) -> String {
    match r {
        RefTarget::Parameter(p) | RefTarget::Resource(p) => p.clone(),
        RefTarget::Pseudo(p) => p.name().to_string(),
    }
}

fn norm(t: &Template, e: &Expr) -> Value {
    let n = |x: &Expr| norm(t, x);
    match &e.kind {
        ExprKind::Null => Value::Null,
        // CloudFormation reads scalars as strings: 80 and '80' are the same port.
        ExprKind::Bool(b) => json!(b.to_string()),
        ExprKind::Number(s) | ExprKind::String(s) => json!(s),
        ExprKind::List(items) => Value::Array(items.iter().filter_map(|i| tag_item(t, i)).collect()),
        ExprKind::Map(entries) => {
            let mut sorted: Vec<_> = entries.iter().collect();
            sorted.sort_by(|a, b| a.0.cmp(&b.0));
            Value::Object(sorted.into_iter().map(|(k, _, v)| (k.clone(), n(v))).collect())
        }
        ExprKind::Ref(r) => json!({ "Ref": ref_name(r) }),
        ExprKind::GetAtt { resource, attribute } if getatt_is_ref(t, resource, attribute) => json!({ "Ref": resource }),
        ExprKind::GetAtt { resource, attribute } => json!({ "GetAtt": [resource, attribute] }),
        ExprKind::Sub { parts, vars } => {
            // `!Sub "${X}"` is the text of `!Ref X`.
            if let [SubPart::Ref(r)] = parts.as_slice() {
                return json!({ "Ref": ref_name(r) });
            }
            // Variables that are plain references or literals read the same inline.
            let mut text = String::new();
            let mut rest = serde_json::Map::new();
            let mut refs = false;
            for p in parts {
                match p {
                    SubPart::Literal(s) => text.push_str(s),
                    SubPart::Ref(r) => {
                        refs = true;
                        text.push_str(&format!("${{{}}}", ref_name(r)));
                    }
                    SubPart::GetAtt(r, a) => {
                        refs = true;
                        text.push_str(&format!("${{{r}.{a}}}"));
                    }
                    SubPart::Var(v) => match vars.iter().find(|(k, _)| k == v).map(|(_, e)| &e.kind) {
                        Some(ExprKind::Ref(r)) => {
                            refs = true;
                            text.push_str(&format!("${{{}}}", ref_name(r)));
                        }
                        Some(ExprKind::String(s) | ExprKind::Number(s)) => text.push_str(s),
                        Some(_) => {
                            refs = true;
                            let value = n(&vars.iter().find(|(k, _)| k == v).unwrap().1);
                            text.push_str(&format!("${{{}}}", value));
                            rest.insert(v.clone(), value);
                        }
                        None => text.push_str(&format!("${{{v}}}")),
                    },
                }
            }
            if refs { json!({ "Sub": text }) } else { json!(text) }
        }
        // A join of literals is the joined text (inline Lambda code comes back as the text).
        ExprKind::Join { delimiter, items } => match &items.kind {
            ExprKind::List(parts) if parts.iter().all(|p| matches!(p.kind, ExprKind::String(_))) => json!(
                parts
                    .iter()
                    .filter_map(|p| p.as_literal_str())
                    .collect::<Vec<_>>()
                    .join(delimiter)
            ),
            _ => json!({ "Join": [delimiter, n(items)] }),
        },
        // Item i of a CIDR split does not depend on how many items the split makes (count > i).
        ExprKind::Select { index, list } => match (&list.kind, index.as_literal_str()) {
            (ExprKind::Cidr { block, bits, .. }, Some(i)) => json!({ "CidrItem": [i, n(block), n(bits)] }),
            _ => json!({ "Select": [n(index), n(list)] }),
        },
        ExprKind::Split { delimiter, source } => json!({ "Split": [delimiter, n(source)] }),
        // An empty string names the stack's region.
        ExprKind::GetAzs(r) if matches!(&r.kind, ExprKind::Ref(RefTarget::Pseudo(p)) if p.name() == "AWS::Region") => {
            json!({ "GetAZs": "" })
        }
        ExprKind::GetAzs(r) => json!({ "GetAZs": n(r) }),
        ExprKind::FindInMap {
            map,
            top,
            second,
            default,
        } => json!({ "FindInMap": [n(map), n(top), n(second), default.as_ref().map(|d| n(d))] }),
        ExprKind::If {
            condition,
            then,
            otherwise,
        } => json!({ "If": [condition, n(then), n(otherwise)] }),
        ExprKind::Equals(a, b) => json!({ "Equals": [n(a), n(b)] }),
        ExprKind::And(items) => json!({ "And": items.iter().map(n).collect::<Vec<_>>() }),
        ExprKind::Or(items) => json!({ "Or": items.iter().map(n).collect::<Vec<_>>() }),
        ExprKind::Not(x) => json!({ "Not": n(x) }),
        ExprKind::Condition(c) => json!({ "Condition": c }),
        ExprKind::Base64(x) => json!({ "Base64": n(x) }),
        ExprKind::Cidr { block, count, bits } => json!({ "Cidr": [n(block), n(count), n(bits)] }),
        ExprKind::ImportValue(x) => json!({ "ImportValue": n(x) }),
        ExprKind::Length(x) => json!({ "Length": n(x) }),
        ExprKind::ToJsonString(x) => json!({ "ToJsonString": n(x) }),
    }
}

/// A list item; a tag (`{Key, Value}`) whose value is `AWS::NoValue` is no tag, and one whose
/// value is present only under a condition is the tag under that condition (the forward
/// direction writes both alike). None for an item that is not there.
fn tag_item(t: &Template, item: &Expr) -> Option<Value> {
    let ExprKind::Map(entries) = &item.kind else {
        return Some(norm(t, item));
    };
    let get = |k: &str| entries.iter().find(|(n, _, _)| n == k).map(|(_, _, v)| v);
    let (Some(key), Some(value), 2) = (get("Key"), get("Value"), entries.len()) else {
        return Some(norm(t, item));
    };
    let tag = |v: &Expr| json!({ "Key": norm(t, key), "Value": norm(t, v) });
    match &value.kind {
        _ if value.is_no_value() => None,
        ExprKind::If {
            condition,
            then,
            otherwise,
        } if then.is_no_value() != otherwise.is_no_value() => Some(if then.is_no_value() {
            json!({ "If": [condition, { "Ref": "AWS::NoValue" }, tag(otherwise)] })
        } else {
            json!({ "If": [condition, tag(then), { "Ref": "AWS::NoValue" }] })
        }),
        _ => Some(norm(t, item)),
    }
}

/// CloudFormation trims the members of a list parameter: "80, 443" is "80,443".
fn list_default(type_name: &str, default: Value) -> Value {
    match default.as_str() {
        Some(text) if type_name.starts_with("List<") || type_name == "CommaDelimitedList" => {
            json!(text.split(',').map(str::trim).collect::<Vec<_>>().join(","))
        }
        _ => default,
    }
}

/// Property spellings CloudFormation reads alike: a value whose mapping rule is `lowercase`
/// (EIP `Domain: VPC`) in any case; the order of an interface's addresses, where `Primary`
/// (not the position) names the primary one.
fn same_meaning_properties(type_name: &str, props: &mut serde_json::Map<String, Value>) {
    for m in Registry::get().variants(type_name) {
        for (name, spec) in &m.properties {
            if spec.rule().rule.as_deref() == Some("lowercase")
                && let Some(Value::String(s)) = props.get_mut(name)
            {
                *s = s.to_lowercase();
            }
        }
    }
    if let Some(Value::Array(addresses)) = props.get_mut("PrivateIpAddresses") {
        addresses.sort_by_key(|a| a.get("Primary") != Some(&json!("true")));
    }
}

/// The whole template as data that compares by meaning.
fn meaning(t: &Template) -> Value {
    let params: serde_json::Map<String, Value> = t
        .parameters
        .values()
        .map(|p| {
            (
                p.name.clone(),
                json!({
                    "Type": p.type_name, "Default": p.default.as_ref().map(|d| list_default(&p.type_name, norm(t, d))),
                    "Description": p.description,
                    "AllowedValues": p.allowed_values.iter().map(|v| norm(t, v)).collect::<Vec<_>>(),
                    "AllowedPattern": p.allowed_pattern, "MinLength": p.min_length, "MaxLength": p.max_length,
                    "MinValue": p.min_value, "MaxValue": p.max_value,
                    "ConstraintDescription": p.constraint_description, "NoEcho": p.no_echo,
                }),
            )
        })
        .collect();
    let mappings: serde_json::Map<String, Value> = t
        .mappings
        .values()
        .map(|m| {
            let entries: serde_json::Map<String, Value> = m
                .entries
                .iter()
                .map(|(k, inner)| {
                    let inner: serde_json::Map<String, Value> =
                        inner.iter().map(|(k2, v)| (k2.clone(), norm(t, v))).collect();
                    (k.clone(), Value::Object(inner))
                })
                .collect();
            (m.name.clone(), Value::Object(entries))
        })
        .collect();
    let conditions: serde_json::Map<String, Value> = t
        .conditions
        .values()
        .map(|c| (c.name.clone(), norm(t, &c.expr)))
        .collect();
    let resources: serde_json::Map<String, Value> = t
        .resources
        .values()
        .map(|r| {
            let mut props: Vec<_> = r.properties.iter().collect();
            props.sort_by(|a, b| a.name.cmp(&b.name));
            let mut props: serde_json::Map<String, Value> =
                props.into_iter().map(|p| (p.name.clone(), norm(t, &p.value))).collect();
            same_meaning_properties(&r.type_name, &mut props);
            let mut deps: Vec<&String> = r.depends_on.iter().map(|(d, _)| d).collect();
            deps.sort();
            (
                r.logical_id.clone(),
                json!({
                    "Type": r.type_name, "Condition": r.condition.as_ref().map(|c| &c.0),
                    "DependsOn": deps, "DeletionPolicy": r.deletion_policy.as_ref().map(|c| &c.0),
                    "UpdateReplacePolicy": r.update_replace_policy.as_ref().map(|c| &c.0),
                    "Attributes": r.other_attributes.iter().map(|(k, _, v)| (k.clone(), v.clone())).collect::<serde_json::Map<_, _>>(),
                    "Properties": props,
                }),
            )
        })
        .collect();
    let outputs: serde_json::Map<String, Value> = t
        .outputs
        .values()
        .map(|o| {
            (
                o.name.clone(),
                json!({
                    "Description": o.description, "Value": norm(t, &o.value),
                    "Export": o.export_name.as_ref().map(|e| norm(t, e)),
                    "Condition": o.condition.as_ref().map(|c| &c.0),
                }),
            )
        })
        .collect();
    json!({
        "Description": t.description, "Parameters": params, "Mappings": mappings,
        "Conditions": conditions, "Resources": resources, "Outputs": outputs,
    })
}

fn assert_same_meaning(original: &Template, back: &Template, what: &str) {
    let a = serde_json::to_string_pretty(&meaning(original)).unwrap();
    let b = serde_json::to_string_pretty(&meaning(back)).unwrap();
    if a != b {
        let diff = similar::TextDiff::from_lines(&a, &b)
            .unified_diff()
            .header("original", "round trip")
            .to_string();
        panic!("{what}: the round trip changed the template's meaning:\n{diff}");
    }
}

/// CFN -> TF -> CFN for one template: returns the CloudFormation written back.
struct RoundTrip {
    _dir: tempfile::TempDir,
    back_yaml: PathBuf,
    back: Template,
    first_tf: std::collections::BTreeMap<String, String>,
    second_tf: std::collections::BTreeMap<String, String>,
}

fn round_trip(template: &Path) -> RoundTrip {
    let dir = tempfile::tempdir().unwrap();
    let tf = dir.path().join("tf");
    let first_tf = forward(template, &tf);
    let reversed = cfn2tf::reverse::load_path(&tf).unwrap_or_else(|f| {
        panic!(
            "{}: reverse failed:\n{}",
            template.display(),
            cfn2tf::reverse::render_findings(&f.findings, &f.sources, false)
        )
    });
    let yaml = cfn2tf::reverse::to_yaml(&reversed.template, &reversed.notes);
    let back_yaml = dir.path().join("back.yaml");
    std::fs::write(&back_yaml, &yaml).unwrap();
    // What is printed reads back as the model it was printed from, in YAML and in JSON.
    let back = load_template(&back_yaml);
    assert_same_meaning(&reversed.template, &back, "YAML printing");
    let json = cfn2tf::reverse::to_json(&reversed.template);
    let from_json = template_of(&SourceFile::new("back.json", json));
    assert_same_meaning(&reversed.template, &from_json, "JSON printing");
    let second_tf = forward(&back_yaml, &dir.path().join("tf2"));
    // The semantic diff (issue 5) agrees: the same meaning.
    let o = run(cfn2tf().arg("diff").arg(template).arg(&back_yaml));
    assert_eq!(
        o.status.code(),
        Some(0),
        "{}: cfn2tf diff of the original and the round trip:\n{}{}",
        template.display(),
        text(&o.stdout),
        text(&o.stderr)
    );
    RoundTrip {
        _dir: dir,
        back_yaml,
        back,
        first_tf,
        second_tf,
    }
}

/// A name the forward direction generated (`<stack name>-<logical id>`, a mapping's
/// `generated_name`) reads back as no property: the template left it to CloudFormation.
#[test]
fn generated_names_read_back_as_no_property() {
    let template = repo_root().join("tests/coverage/generated-names.yaml");
    let rt = round_trip(&template);
    let original = load_template(&template);
    assert_same_meaning(&original, &rt.back, "generated names");
    for id in ["Key", "Mesh", "Stream", "Emails", "Rollout", "Either"] {
        let r = &rt.back.resources[id];
        for p in ["Name", "MeshName", "LogStreamName", "DeploymentConfigName", "AlarmName"] {
            assert!(r.property(p).is_none(), "{id} reads back with {p}");
        }
    }
}

#[test]
fn seed_round_trip_is_exact() {
    let rt = round_trip(&seed());
    assert_same_meaning(&load_template(&seed()), &rt.back, "seed");
    assert_eq!(without_origins(&rt.first_tf), without_origins(&rt.second_tf));
    let yaml = std::fs::read_to_string(&rt.back_yaml).unwrap();
    assert!(
        yaml.contains("ServiceName: !Sub 'com.amazonaws.${AWS::Region}.s3'"),
        "{yaml}"
    );
    assert!(yaml.contains("AvailabilityZone: !Select [2, !GetAZs '']"), "{yaml}");
    assert!(
        yaml.contains("      UserData:\n        Fn::Base64: |\n") || yaml.contains("UserData: !Base64 |"),
        "{yaml}"
    );
    if let Some(lint) = cfn_lint() {
        cfn_check(&lint, &rt.back_yaml).unwrap_or_else(|e| panic!("cfn-lint:\n{e}"));
    }
}

/// Known gaps of the reverse direction, one file each with the reason (listed in the README).
const NOT_ROUND_TRIPPED: &[(&str, &str)] = &[
    (
        "tests/coverage/firehose-s3.yaml",
        "a delivery stream's S3DestinationConfiguration becomes extended_s3_configuration (provider 5 has \
         no plain S3 destination) and comes back as ExtendedS3DestinationConfiguration: the same delivery, \
         another property",
    ),
    (
        "tests/network/refused.yaml",
        "every resource is one the forward direction refuses with a located warning (a custom resource \
         backed by SNS, a module): the Terraform has no resources, so there is nothing to read back",
    ),
    (
        "tests/network/wait-condition.yaml",
        "the forward direction drops the wait condition and its handle with a located note (Terraform has \
         no cfn-signal) and writes the literals \"\" and \"{}\" for references to them: nothing in the \
         Terraform says a literal was a reference, so they cannot come back",
    ),
    (
        "tests/network/rules.yaml",
        "a standalone security group rule is folded into its group's inline blocks (one rule style per \
         group, or the plan never settles) and comes back inline, a rule to the group itself as a \
         standalone <Group>SelfIngressN: the same rules (`cfn2tf diff` reports no differences), other \
         logical IDs and another split between group and rule resources",
    ),
    (
        "tests/network/split-security-group-egress.yaml",
        "a standalone security group rule is folded into its group's inline blocks (one rule style per \
         group, or the plan never settles) and comes back inline, a rule to the group itself as a \
         standalone <Group>SelfIngressN: the same rules (`cfn2tf diff` reports no differences), other \
         logical IDs and another split between group and rule resources",
    ),
    (
        "tests/network/split-security-group-rules.yaml",
        "a standalone security group rule is folded into its group's inline blocks (one rule style per \
         group, or the plan never settles) and comes back inline, a rule to the group itself as a \
         standalone <Group>SelfIngressN: the same rules (`cfn2tf diff` reports no differences), other \
         logical IDs and another split between group and rule resources",
    ),
    (
        "tests/graph/peering-lab.yaml",
        "its AWS::EC2::TransitGatewayAttachment converts through a generated mapping, which the reverse \
         does not read back: the attachment (and the DependsOn on it) is lost on the way back",
    ),
];

/// Every template under samples/ and tests/ that converts forward comes back with the same
/// meaning and lints clean.
#[test]
fn every_convertible_template_round_trips() {
    let mut templates = Vec::new();
    for dir in ["samples", "tests"] {
        collect_templates(&repo_root().join(dir), &mut templates);
    }
    templates.sort();
    // The list stays exact: every entry names a template that exists.
    for (file, _) in NOT_ROUND_TRIPPED {
        assert!(
            templates.contains(&repo_root().join(file)),
            "NOT_ROUND_TRIPPED names no template: {file}"
        );
    }
    let lint = cfn_lint();
    let mut checked = 0;
    let mut failed = Vec::new();
    for t in &templates {
        let file = SourceFile::new(t.display().to_string(), std::fs::read_to_string(t).unwrap_or_default());
        if cfn2tf::cfn_to_tf(&file).is_err() {
            continue;
        }
        if let Some((_, why)) = NOT_ROUND_TRIPPED.iter().find(|(file, _)| *t == repo_root().join(file)) {
            eprintln!("NOT ROUND-TRIPPED (known gap): {}: {why}", t.display());
            continue;
        }
        // Each template is checked on its own, so one run reports every gap.
        let one = std::panic::catch_unwind(|| {
            let rt = round_trip(t);
            assert_same_meaning(&load_template(t), &rt.back, &t.display().to_string());
            assert_eq!(
                without_origins(&rt.first_tf),
                without_origins(&rt.second_tf),
                "{}: converting the round-tripped template forward again changed the Terraform",
                t.display()
            );
            if let Some(lint) = &lint {
                lints_as_clean_as(lint, &rt.back_yaml, t);
            }
        });
        match one {
            Ok(()) => checked += 1,
            Err(_) => failed.push(t.display().to_string()),
        }
    }
    assert!(
        failed.is_empty(),
        "these templates do not round-trip (see above): {failed:#?}"
    );
    assert!(checked >= 2, "the seed and the language template at least: {checked}");
}

/// cfn-lint passes for the round trip, or finds nothing the original does not have (the AWS
/// reference's Fn::Cidr example is stricter in cfn-lint's schema than in CloudFormation).
fn lints_as_clean_as(lint: &Path, back: &Path, original: &Path) {
    let Err(found) = cfn_check(lint, back) else { return };
    let rules = |report: &str| {
        let mut ids: Vec<String> = report
            .lines()
            .filter_map(|l| l.split_whitespace().next())
            .filter(|w| w.len() == 5 && w.starts_with(['E', 'W']) && w[1..].chars().all(|c| c.is_ascii_digit()))
            .map(str::to_string)
            .collect();
        ids.sort();
        ids
    };
    let before = cfn_check(lint, original).err().unwrap_or_default();
    assert!(
        !rules(&found).is_empty() && rules(&found) == rules(&before),
        "{}: cfn-lint of the round trip:\n{found}\nof the original:\n{before}",
        original.display()
    );
}

fn collect_templates(dir: &Path, out: &mut Vec<PathBuf>) {
    let Ok(entries) = std::fs::read_dir(dir) else { return };
    for e in entries.flatten() {
        let p = e.path();
        if p.is_dir() {
            // tests/corpus is real input for the forward tests; its round trip is not claimed.
            if p.file_name().is_some_and(|n| n != "snapshots" && n != "corpus") {
                collect_templates(&p, out);
            }
        } else if p
            .extension()
            .is_some_and(|x| ["yaml", "yml", "json", "template"].contains(&x.to_string_lossy().as_ref()))
        {
            out.push(p);
        }
    }
}

// ---- idiomatic Terraform

/// Terraform that converts without errors, read back.
fn reversed(path: &Path) -> cfn2tf::reverse::Reversed {
    cfn2tf::reverse::load_path(path)
        .unwrap_or_else(|f| panic!("{}", cfn2tf::reverse::render_findings(&f.findings, &f.sources, false)))
}

#[test]
fn idiomatic_terraform_takes_cloudformation_shapes() {
    let r = reversed(&idiomatic());
    assert!(r.findings.is_empty(), "{:?}", r.findings);
    let t = &r.template;
    let types: Vec<(&str, &str)> = t
        .resources
        .values()
        .map(|r| (r.logical_id.as_str(), r.type_name.as_str()))
        .collect();
    // aws_internet_gateway.vpc_id -> an attachment; the route through it waits for it.
    assert!(
        types.contains(&("IgwAttachment", "AWS::EC2::VPCGatewayAttachment")),
        "{types:?}"
    );
    assert!(t.resources["Igw"].property("VpcId").is_none());
    let route = &t.resources["PublicRoute"];
    assert_eq!(route.type_name, "AWS::EC2::Route");
    assert_eq!(route.depends_on[0].0, "IgwAttachment");
    // The endpoint associations are the endpoint's RouteTableIds, in order.
    let endpoint = &t.resources["S3"];
    let ExprKind::List(rts) = &endpoint.property("RouteTableIds").unwrap().value.kind else {
        panic!("RouteTableIds is a list")
    };
    let rts: Vec<String> = rts
        .iter()
        .map(|e| match &e.kind {
            ExprKind::Ref(RefTarget::Resource(r)) => r.clone(),
            other => panic!("{other:?}"),
        })
        .collect();
    assert_eq!(rts, ["PublicRouteTable", "PrivateRouteTable"]);
    assert!(
        !types
            .iter()
            .any(|(_, ty)| ty.contains("Association") && ty.contains("Endpoint"))
    );
    // Rule resources: ingress stays separate, the allow-all egress is CloudFormation's default.
    assert_eq!(
        types
            .iter()
            .filter(|(_, ty)| *ty == "AWS::EC2::SecurityGroupIngress")
            .count(),
        3
    );
    assert!(!types.iter().any(|(_, ty)| *ty == "AWS::EC2::SecurityGroupEgress"));
    assert!(t.resources["Web"].property("SecurityGroupEgress").is_none());
    // The public instance needs the NetworkInterfaces form for its public address.
    assert!(t.resources["PublicInstance"].property("NetworkInterfaces").is_some());
    assert!(t.resources["PrivateInstance"].property("SubnetId").is_some());
    // The `<<-` heredoc loses its indentation, as Terraform reads it.
    let ud = &t.resources["PrivateInstance"].property("UserData").unwrap().value;
    let ExprKind::Base64(text) = &ud.kind else {
        panic!("{ud:?}")
    };
    assert!(
        text.as_literal_str().unwrap().starts_with("#!/bin/bash\n(\necho"),
        "{text:?}"
    );
    // cidrsubnet(aws_vpc.main.cidr_block, 8, 0) -> Select 0 of Cidr [.., 1, 8].
    let cidr = &t.resources["PublicSubnet"].property("CidrBlock").unwrap().value;
    assert!(
        matches!(&cidr.kind, ExprKind::Select { list, .. } if matches!(&list.kind, ExprKind::Cidr { bits, .. } if bits.as_literal_str() == Some("8"))),
        "{cidr:?}"
    );
}

/// Converts hand-written Terraform, lints the template and deploys both into moto: the verdict,
/// or None without the oracle.
fn lints_and_deploys_equal(tf: &Path, params: &[(&str, &str)], vars: &[(&str, &str)]) -> Option<String> {
    let dir = tempfile::tempdir().unwrap();
    let out = dir.path().join("stack.yaml");
    let o = run(cfn2tf().arg("convert").arg(tf).arg("-o").arg(&out));
    assert!(o.status.success(), "{}", text(&o.stderr));
    if let Some(lint) = cfn_lint() {
        cfn_check(&lint, &out).unwrap_or_else(|e| panic!("cfn-lint:\n{e}"));
    }
    let oracle = oracle()?;
    Some(equivalent(&oracle, &out, tf, params, vars).unwrap_or_else(|e| panic!("not equivalent:\n{e}")))
}

#[test]
fn idiomatic_terraform_lints_and_deploys_equal() {
    let verdict = lints_and_deploys_equal(&idiomatic(), &[("KeyName", "lab-key")], &[("key_name", "lab-key")]);
    if let Some(verdict) = verdict {
        assert!(verdict.contains("vpc_endpoints=1"), "{verdict}");
    }
}

// ---- hand-written provider-5 style: companion resources fold into their resource

fn app_idiomatic() -> PathBuf {
    repo_root().join("tests/reverse-ok/app-idiomatic")
}

#[test]
fn hand_written_companion_resources_fold_into_their_resource() {
    let r = reversed(&app_idiomatic());
    assert!(r.findings.is_empty(), "{:?}", r.findings);
    let t = &r.template;
    let ids: Vec<&str> = t.resources.keys().map(String::as_str).collect();
    assert_eq!(ids, ["Assets", "Reader", "ByLiteralName"]);
    let bucket = &t.resources["Assets"];
    for p in [
        "VersioningConfiguration",
        "BucketEncryption",
        "PublicAccessBlockConfiguration",
        "LifecycleConfiguration",
    ] {
        assert!(bucket.property(p).is_some(), "{p}: {bucket:?}");
    }
    // `filter { prefix }` and `expiration { days }` are the rule's Prefix and ExpirationInDays.
    let yaml = cfn2tf::reverse::to_yaml(t, &r.notes);
    assert!(
        yaml.contains("            Prefix: tmp/\n            ExpirationInDays: 7\n"),
        "{yaml}"
    );
    // The role's policy, linked by name, and the attachment are the role's.
    let role = &t.resources["Reader"];
    let ExprKind::List(policies) = &role.property("Policies").unwrap().value.kind else {
        panic!("Policies is a list")
    };
    assert_eq!(policies.len(), 1);
    assert!(role.property("ManagedPolicyArns").is_some());
    // A policy that names its role by a literal is a policy of its own.
    assert_eq!(t.resources["ByLiteralName"].type_name, "AWS::IAM::Policy");
}

#[test]
fn hand_written_companion_resources_lint_and_deploy_equal() {
    // The snapshot holds each bucket's versioning, encryption and public access block, and each
    // role's inline and managed policies.
    if let Some(verdict) = lints_and_deploys_equal(&app_idiomatic(), &[], &[]) {
        assert!(verdict.contains("iam_roles=1 s3_buckets=1"), "{verdict}");
    }
}

// ---- what has no counterpart

fn bad(name: &str) -> PathBuf {
    repo_root().join("tests/reverse-bad").join(name)
}

fn expect_error(file: &str, location: &str, words: &str) {
    let dir = tempfile::tempdir().unwrap();
    let out = dir.path().join("x.yaml");
    let o = run(cfn2tf().arg("convert").arg(bad(file)).arg("-o").arg(&out));
    let err = text(&o.stderr);
    assert_eq!(o.status.code(), Some(2), "{file}: {err}");
    assert!(
        err.contains(&format!("{file}:{location}: error")),
        "{file}: located at {location}: {err}"
    );
    assert!(err.contains(words), "{file}: says `{words}`: {err}");
    assert!(err.contains("nothing written"), "{err}");
    assert!(!out.exists(), "{file}: nothing is written");
}

#[test]
fn for_each_over_a_parameter_is_a_located_error() {
    expect_error(
        "for_each.tf",
        "2:3",
        "for_each = toset(var.zones), which depends on var.zones, a parameter",
    );
}

#[test]
fn an_unknown_function_is_a_located_error() {
    expect_error("unknown_function.tf", "3:19", "upper()");
}

#[test]
fn count_of_a_parameter_is_a_located_error() {
    expect_error(
        "count.tf",
        "2:3",
        "count = var.copies, which depends on var.copies, a parameter",
    );
}

#[test]
fn warnings_fail_under_strict_and_are_written_as_comments_otherwise() {
    let dir = tempfile::tempdir().unwrap();
    let out = dir.path().join("x.yaml");
    let o = run(cfn2tf()
        .arg("convert")
        .arg(bad("unsupported.tf"))
        .arg("-o")
        .arg(&out)
        .arg("--strict"));
    assert_eq!(o.status.code(), Some(1), "{}", text(&o.stderr));
    assert!(!out.exists());
    let o = run(cfn2tf().arg("convert").arg(bad("unsupported.tf")).arg("-o").arg(&out));
    let err = text(&o.stderr);
    assert!(o.status.success(), "{err}");
    assert!(err.contains("unsupported.tf:6:1: warning"), "{err}");
    let yaml = std::fs::read_to_string(&out).unwrap();
    assert!(
        yaml.contains("# cfn2tf: aws_s3_bucket_website_configuration has no mapping yet"),
        "{yaml}"
    );
    assert!(
        yaml.contains("# cfn2tf: `ipv6_cidr_block_network_border_group` of aws_vpc.main"),
        "{yaml}"
    );
}

// ---- the command line

#[test]
fn output_file_is_not_replaced_without_force_and_json_is_chosen_by_name() {
    let dir = tempfile::tempdir().unwrap();
    let out = dir.path().join("stack.json");
    std::fs::write(&out, "mine").unwrap();
    let o = run(cfn2tf().arg("convert").arg(idiomatic()).arg("-o").arg(&out));
    assert_eq!(o.status.code(), Some(2));
    assert!(text(&o.stderr).contains("--force"));
    assert_eq!(std::fs::read_to_string(&out).unwrap(), "mine");
    let o = run(cfn2tf()
        .arg("convert")
        .arg(idiomatic())
        .arg("-o")
        .arg(&out)
        .arg("--force"));
    assert!(o.status.success(), "{}", text(&o.stderr));
    let v: Value = serde_json::from_str(&std::fs::read_to_string(&out).unwrap()).unwrap();
    assert_eq!(
        v["Resources"]["PublicRoute"]["Properties"]["GatewayId"],
        json!({ "Ref": "Igw" })
    );
}

#[test]
fn direction_follows_the_input_and_to_overrides_it() {
    let main_tf = idiomatic().join("instances.tf");
    let o = run(cfn2tf().arg("convert").arg(&main_tf).args(["--format", "json"]));
    // One file alone leaves the variables undeclared: located errors, not a panic.
    assert_eq!(o.status.code(), Some(2), "{}", text(&o.stderr));
    assert!(text(&o.stderr).contains("instances.tf:"), "{}", text(&o.stderr));
    let o = run_with_stdin(
        cfn2tf().args(["convert", "-", "--to", "cfn"]),
        b"resource \"aws_vpc\" \"main\" {\n  cidr_block = \"10.0.0.0/16\"\n}\n",
    );
    assert!(o.status.success(), "{}", text(&o.stderr));
    assert!(
        text(&o.stdout).contains("  Main:\n    Type: AWS::EC2::VPC\n"),
        "{}",
        text(&o.stdout)
    );
}

// ---- hand-written Terraform using each construct that has a counterpart

#[test]
fn terraform_constructs_read_back_as_the_reviewed_template() {
    let path = repo_root().join("tests/reverse-ok/features.tf");
    let r = reversed(&path);
    let warnings: Vec<&str> = r.findings.iter().map(|f| f.diagnostic.code).collect();
    assert_eq!(
        warnings,
        [
            "reverse::root-device",
            "reverse::prevent-destroy",
            "reverse::data-source",
            "reverse::no-egress"
        ]
    );
    let yaml = cfn2tf::reverse::to_yaml(&r.template, &r.notes);
    insta::assert_snapshot!("features.yaml", yaml);
    // It reads back as the same model, and lints clean.
    let dir = tempfile::tempdir().unwrap();
    let file = dir.path().join("features.yaml");
    std::fs::write(&file, &yaml).unwrap();
    assert_same_meaning(&r.template, &load_template(&file), "features.tf");
    if let Some(lint) = cfn_lint() {
        cfn_check(&lint, &file).unwrap_or_else(|e| panic!("cfn-lint:\n{e}"));
    }
}

/// Hand-written `final_snapshot = true` is DeletionPolicy Snapshot, as the forward direction writes
/// it; without it, the volume is deleted with the stack (no policy).
#[test]
fn a_final_snapshot_reads_back_as_deletion_policy_snapshot() {
    let volume = |extra: &str| {
        format!(
            "resource \"aws_ebs_volume\" \"data\" {{\n  availability_zone = \"us-east-1a\"\n  size              = 8\n{extra}}}\n"
        )
    };
    let o = run_with_stdin(
        cfn2tf().args(["convert", "-", "--to", "cfn"]),
        volume("  final_snapshot    = true\n").as_bytes(),
    );
    let (out, err) = (text(&o.stdout), text(&o.stderr));
    assert!(o.status.success(), "{err}");
    assert!(out.contains("    DeletionPolicy: Snapshot\n"), "{out}");
    assert!(!out.contains("final"), "{out}");
    assert!(!err.contains("final_snapshot"), "{err}");
    let o = run_with_stdin(cfn2tf().args(["convert", "-", "--to", "cfn"]), volume("").as_bytes());
    assert!(o.status.success(), "{}", text(&o.stderr));
    assert!(!text(&o.stdout).contains("DeletionPolicy"), "{}", text(&o.stdout));
}

// ---- values known at conversion time

/// Variables of types no parameter holds (`map(string)`, `any`, `object(...)`, lists of objects)
/// are fixed at their defaults, with a located warning each, and what reads them is evaluated:
/// `merge`, `lookup`, `coalesce`/`try`, `for`, `keys`, templates, conditionals and `count`.
#[test]
fn fixed_variables_are_folded_into_the_template() {
    let path = repo_root().join("tests/reverse-ok/known-values");
    let r = reversed(&path);
    let warnings: Vec<String> = r
        .findings
        .iter()
        .map(|f| {
            let line = r.sources[f.source].line_col(f.diagnostic.span.unwrap().start).line;
            format!("{}:{line} {}", f.diagnostic.code, f.diagnostic.message)
        })
        .collect();
    assert_eq!(
        warnings,
        [
            "reverse::fixed-variable:15 variable tags has type map(string), which a CloudFormation parameter cannot hold: fixed at its default",
            "reverse::fixed-variable:20 variable extra has type any, which a CloudFormation parameter cannot hold: fixed at its default",
            "reverse::fixed-variable:25 variable settings has type object({ cidr = string, public = bool, zones = list(string) }), which a CloudFormation parameter cannot hold: fixed at its default",
            "reverse::fixed-variable:34 variable amis has type map(string), which a CloudFormation parameter cannot hold: fixed at its default",
            "reverse::fixed-variable:42 variable rules has type list(object({ port = number, cidr = string })), which a CloudFormation parameter cannot hold: fixed at its default",
            "reverse::count-zero:74 aws_eip.tagged has count 0 at the variables' defaults: kept under the condition TaggedCondition, which is never true",
        ],
        "{warnings:#?}"
    );
    let t = &r.template;
    // Only the string variables are parameters.
    assert_eq!(t.parameters.keys().collect::<Vec<_>>(), ["Name", "RegionName"]);
    let prop = |id: &str, name: &str| norm(t, &t.resources[id].property(name).unwrap().value);
    // merge(var.tags, {Name = "x"}) with tags = {}.
    assert_eq!(prop("Main", "Tags"), json!([{"Key": "Name", "Value": "x"}]));
    assert_eq!(prop("Main", "CidrBlock"), json!("10.0.0.0/16"));
    assert_eq!(prop("Main", "EnableDnsHostnames"), json!("true"));
    // merge of a fixed map, an `any` object and a parameter; lookup with a default.
    assert_eq!(
        prop("First", "Tags"),
        json!([
            {"Key": "Team", "Value": "core"},
            {"Key": "Project", "Value": {"Ref": "Name"}},
            {"Key": "Name", "Value": "core"}
        ])
    );
    let yaml = cfn2tf::reverse::to_yaml(t, &r.notes);
    assert!(
        yaml.contains("CidrBlock: !Select [1, !Cidr [10.0.0.0/16, 2, 8]]"),
        "{yaml}"
    );
    assert!(yaml.contains("AvailabilityZone: !Sub '${RegionName}a'"), "{yaml}");
    // A fixed map of strings read by a parameter is a Mapping.
    assert!(
        yaml.contains("ImageId: !FindInMap [Amis, !Ref RegionName, Value]"),
        "{yaml}"
    );
    assert!(
        yaml.contains("  Amis:\n    eu-west-1:\n      Value: ami-0a1b2c3d4e5f60718\n"),
        "{yaml}"
    );
    // coalesce(try(var.extra.size, null), "t3.micro"): extra has no size.
    assert_eq!(prop("Web", "InstanceType"), json!("t3.micro"));
    // count known at the defaults: 1 is no condition, 0 a condition never true.
    assert!(t.resources["Public"].condition.is_none());
    assert_eq!(t.resources["Tagged"].condition.as_ref().unwrap().0, "TaggedCondition");
    // for expressions (with a filter), keys() in key order, templates over known values.
    let output = |name: &str| norm(t, &t.outputs[name].value);
    assert_eq!(output("Ports"), json!("80,443"));
    assert_eq!(output("Zones"), json!("zone-a,zone-b"));
    assert_eq!(output("Keys"), json!("Billing,Team"));
    assert!(
        yaml.starts_with("# cfn2tf: variable tags has type map(string)"),
        "{yaml}"
    );
    // It reads back as the same model, and lints clean.
    let dir = tempfile::tempdir().unwrap();
    let file = dir.path().join("known-values.yaml");
    std::fs::write(&file, &yaml).unwrap();
    assert_same_meaning(t, &load_template(&file), "known-values");
    if let Some(lint) = cfn_lint() {
        cfn_check(&lint, &file).unwrap_or_else(|e| panic!("cfn-lint:\n{e}"));
    }
}

#[test]
fn a_map_variable_without_a_default_is_a_located_error() {
    expect_error(
        "map_without_default.tf",
        "4:3",
        "variable tags has type map(string), which a CloudFormation parameter cannot hold, and no default to fix it at",
    );
}
