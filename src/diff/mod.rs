//! The semantic diff (`cfn2tf diff A B`): do two configurations mean the same thing?
//!
//! Both sides are loaded into the Terraform model the converter already has (a CloudFormation
//! template converted forward, Terraform read by `tf::load_path`), evaluated with the given
//! parameter / variable values, and normalised so that only meaning remains (`side`). Resources
//! are paired by identity, then by content (`matching`); B's names are rewritten to A's so both
//! sides share one namespace. The intent layer (`intent`) is derived from each side and
//! compared first; then every remaining property difference is listed with both locations.

mod base64;
pub mod intent;
mod matching;
mod side;
pub mod value;

use crate::tf::Origin;
use matching::Key;
use serde::Serialize;
use side::{Resource, Side};
use std::collections::BTreeMap;
use std::path::Path;
use value::{Ref, Value};

pub use side::Kind as SideKind;

/// `--param Name=value` go to CloudFormation sides, `--var name=value` to Terraform sides.
#[derive(Debug, Default, Clone)]
pub struct Options {
    pub params: Vec<(String, String)>,
    pub vars: Vec<(String, String)>,
}

#[derive(Debug, Serialize)]
pub struct SideInfo {
    pub path: String,
    pub kind: SideKind,
}

#[derive(Debug, Serialize)]
pub struct Report {
    pub a: SideInfo,
    pub b: SideInfo,
    pub same: bool,
    /// Broken or changed intent, the first thing a reviewer needs.
    pub intent: Vec<intent::Change>,
    pub resources: Vec<ResourceChange>,
    /// The intent that was checked (A's side), one line per subject.
    pub checked: Vec<String>,
}

#[derive(Debug, Clone, Serialize, PartialEq, Eq, PartialOrd, Ord)]
#[serde(rename_all = "snake_case")]
pub enum ChangeKind {
    OnlyInA,
    OnlyInB,
    Changed,
}

#[derive(Debug, Clone, Serialize, PartialEq, Eq, PartialOrd, Ord)]
pub struct ResourceChange {
    pub change: ChangeKind,
    #[serde(rename = "type")]
    pub ty: String,
    /// The name on A (or on B for a resource only in B).
    pub name: String,
    /// B's own name, when it differs (paired by content).
    #[serde(skip_serializing_if = "Option::is_none")]
    pub b_name: Option<String>,
    #[serde(skip_serializing_if = "Option::is_none")]
    pub attribute: Option<String>,
    pub a: Option<Value>,
    pub b: Option<Value>,
    #[serde(serialize_with = "origin_text")]
    pub a_origin: Option<Origin>,
    #[serde(serialize_with = "origin_text")]
    pub b_origin: Option<Origin>,
}

/// Origins are `file:line` in the JSON.
fn origin_text<S: serde::Serializer>(origin: &Option<Origin>, s: S) -> Result<S::Ok, S::Error> {
    match origin {
        Some(o) => s.serialize_str(&o.to_string()),
        None => s.serialize_none(),
    }
}

/// Loads both sides and compares them. Errors come back rendered (with their location).
pub fn diff(a: &Path, b: &Path, options: &Options, color: bool) -> Result<Report, String> {
    diff_with_intent(a, b, options, color).map(|(report, _, _)| report)
}

/// `--param` values go to a template, `--var` values to Terraform.
fn values_for<'a>(path: &Path, options: &'a Options) -> &'a [(String, String)] {
    match crate::files::language_of(&path.display().to_string()) {
        SideKind::CloudFormation => &options.params,
        SideKind::Terraform => &options.vars,
    }
}

/// One input's intent (what `cfn2tf graph` draws), its values from `options` as in a diff.
pub fn intent_of(path: &Path, options: &Options, color: bool) -> Result<intent::Intent, String> {
    let loaded = side::load(path, values_for(path, options), color)?;
    Ok(intent::derive(&loaded.resources))
}

/// The report with both sides' intent, B's under A's names (what the diff picture draws).
pub fn diff_with_intent(
    a: &Path,
    b: &Path,
    options: &Options,
    color: bool,
) -> Result<(Report, intent::Intent, intent::Intent), String> {
    let side_a = side::load(a, values_for(a, options), color)?;
    let side_b = side::load(b, values_for(b, options), color)?;
    // A value for a name one side lacks is fine (the sides may differ); for no side, a typo.
    for (flag, given) in [("--param", &options.params), ("--var", &options.vars)] {
        for (name, _) in given {
            let sides: Vec<&Side> = [&side_a, &side_b]
                .into_iter()
                .filter(|s| (s.kind == SideKind::CloudFormation) == (flag == "--param"))
                .collect();
            if sides.iter().all(|s| s.undeclared.contains(name)) {
                let what = if flag == "--param" { "parameter" } else { "variable" };
                return Err(format!(
                    "cfn2tf: error: {flag} {name}: no {what} named {name} on either side"
                ));
            }
        }
    }
    Ok(compare(&side_a, &side_b))
}

fn compare(a: &Side, b: &Side) -> (Report, intent::Intent, intent::Intent) {
    let m = matching::match_resources(a, b);
    let b_to_a = m.b_to_a();
    let unified_a = a.resources.clone();
    let unified_b = rename(&b.resources, &b_to_a);
    let intent_a = intent::derive(&unified_a);
    let intent_b = intent::derive(&unified_b);
    let intent = intent::compare(&intent_a, &intent_b);
    let origin = |r: &Resource| r.origin.clone();
    let mut resources = Vec::new();
    for (ka, kb) in &m.pairs {
        let (ra, rb) = (&unified_a[ka], &unified_b[ka]);
        let attrs: std::collections::BTreeSet<&String> = ra.attrs.keys().chain(rb.attrs.keys()).collect();
        for attr in attrs {
            let (va, vb) = (ra.attrs.get(attr), rb.attrs.get(attr));
            if va != vb {
                resources.push(ResourceChange {
                    change: ChangeKind::Changed,
                    ty: ka.0.clone(),
                    name: ka.1.clone(),
                    b_name: (kb.1 != ka.1).then(|| kb.1.clone()),
                    attribute: Some(attr.clone()),
                    a: va.cloned(),
                    b: vb.cloned(),
                    a_origin: origin(ra),
                    b_origin: origin(&b.resources[kb]),
                });
            }
        }
    }
    for k in &m.only_a {
        resources.push(only(ChangeKind::OnlyInA, k, origin(&a.resources[k]), None));
    }
    for k in &m.only_b {
        resources.push(only(ChangeKind::OnlyInB, k, None, origin(&b.resources[k])));
    }
    let report = Report {
        a: SideInfo {
            path: a.label.clone(),
            kind: a.kind,
        },
        b: SideInfo {
            path: b.label.clone(),
            kind: b.kind,
        },
        same: intent.is_empty() && resources.is_empty(),
        intent,
        resources,
        checked: intent::explain(&intent_a),
    };
    (report, intent_a, intent_b)
}

fn only(change: ChangeKind, k: &Key, a_origin: Option<Origin>, b_origin: Option<Origin>) -> ResourceChange {
    ResourceChange {
        change,
        ty: k.0.clone(),
        name: k.1.clone(),
        b_name: None,
        attribute: None,
        a: None,
        b: None,
        a_origin,
        b_origin,
    }
}

/// B's resources under their partners' names, references included.
fn rename(resources: &BTreeMap<Key, Resource>, b_to_a: &BTreeMap<Key, Key>) -> BTreeMap<Key, Resource> {
    let new_key = |k: &Key| b_to_a.get(k).cloned().unwrap_or_else(|| k.clone());
    resources
        .iter()
        .map(|(k, r)| {
            let key = new_key(k);
            let attrs = r
                .attrs
                .iter()
                .map(|(n, v)| {
                    let v = v.map_refs(&mut |x: &Ref| Ref {
                        ty: x.ty.clone(),
                        name: new_key(&(x.ty.clone(), x.name.clone())).1,
                        attr: x.attr.clone(),
                    });
                    (n.clone(), v)
                })
                .collect();
            let renamed = Resource {
                ty: key.0.clone(),
                name: key.1.clone(),
                origin: r.origin.clone(),
                attrs,
            };
            (key, renamed)
        })
        .collect()
}

/// The human report: intent first (its first line names the first broken intent), then
/// resources and properties with both locations, values diffed line by line.
pub fn render_text(report: &Report, color: bool, explain: bool) -> String {
    let paint = |code: &str, s: &str| {
        if color {
            format!("\x1b[{code}m{s}\x1b[0m")
        } else {
            s.to_string()
        }
    };
    let mut out = String::new();
    for c in &report.intent {
        out.push_str(&paint("1", &printable(&c.message)));
        out.push('\n');
    }
    if !report.resources.is_empty() {
        if !report.intent.is_empty() {
            out.push('\n');
        }
        out.push_str("Resource differences:\n");
    }
    let at = |o: &Option<Origin>| o.as_ref().map_or_else(|| "(generated)".into(), Origin::to_string);
    for r in &report.resources {
        match r.change {
            ChangeKind::OnlyInA => out.push_str(&printable(&format!(
                "- {}.{} only in A ({})\n",
                r.ty,
                r.name,
                at(&r.a_origin)
            ))),
            ChangeKind::OnlyInB => out.push_str(&printable(&format!(
                "+ {}.{} only in B ({})\n",
                r.ty,
                r.name,
                at(&r.b_origin)
            ))),
            ChangeKind::Changed => {
                let b_name = r.b_name.as_ref().map(|n| format!(" (B: {n})")).unwrap_or_default();
                out.push_str(&printable(&format!(
                    "~ {}.{}{b_name}.{} (A: {}, B: {})\n",
                    r.ty,
                    r.name,
                    r.attribute.as_deref().unwrap_or(""),
                    at(&r.a_origin),
                    at(&r.b_origin)
                )));
                let (a, b) = (pretty(r.a.as_ref()), pretty(r.b.as_ref()));
                let diff = similar::TextDiff::from_lines(&a, &b);
                for change in diff.iter_all_changes() {
                    let line = change.to_string_lossy();
                    let line = printable(line.trim_end_matches('\n'));
                    match change.tag() {
                        similar::ChangeTag::Delete => out.push_str(&paint("31", &format!("    - {line}"))),
                        similar::ChangeTag::Insert => out.push_str(&paint("32", &format!("    + {line}"))),
                        similar::ChangeTag::Equal => out.push_str(&format!("      {line}")),
                    }
                    out.push('\n');
                }
            }
        }
    }
    if report.same {
        out.push_str(&printable(&format!(
            "No differences in meaning between {} and {} ({} intent subject(s) checked).\n",
            report.a.path,
            report.b.path,
            report.checked.len()
        )));
    } else {
        out.push_str(&printable(&format!(
            "\n{} and {} differ in meaning: {} intent difference(s), {} resource difference(s).\n",
            report.a.path,
            report.b.path,
            report.intent.len(),
            report.resources.len()
        )));
    }
    if explain {
        out.push_str("\nIntent checked (A):\n");
        for line in &report.checked {
            out.push_str(&format!("  {}\n", printable(line)));
        }
    }
    out
}

/// Text from the configurations with control and bidirectional formatting characters escaped
/// (`\u{1b}`), so that a value cannot drive the terminal or reorder what is shown; line breaks
/// between report lines stay.
fn printable(s: &str) -> String {
    let hidden = |c: char| {
        (c.is_control() && c != '\n')
            || matches!(c, '\u{200b}'..='\u{200f}' | '\u{202a}'..='\u{202e}' | '\u{2066}'..='\u{2069}' | '\u{feff}')
    };
    if !s.chars().any(hidden) {
        return s.to_string();
    }
    s.chars()
        .map(|c| {
            if hidden(c) {
                c.escape_unicode().to_string()
            } else {
                c.to_string()
            }
        })
        .collect()
}

/// A value one item per line, so the line diff shows which items changed.
fn pretty(v: Option<&Value>) -> String {
    match v {
        None => "(not set)\n".into(),
        Some(Value::List(items) | Value::Set(items)) if !items.is_empty() => {
            items.iter().map(|i| format!("{}\n", i.render())).collect()
        }
        Some(Value::Map(m)) if m.len() > 1 => m.iter().map(|(k, v)| format!("{k} = {}\n", v.render())).collect(),
        Some(v) => {
            let mut s = v.render();
            if !s.ends_with('\n') {
                s.push('\n');
            }
            s
        }
    }
}
