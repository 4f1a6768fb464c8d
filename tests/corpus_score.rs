//! The score on real templates, as a floor that fails when it falls: `cfn2tf batch --validate` on
//! the corpus (../shared/corpus when beside the checkout, else the project's sample), then the
//! share of templates whose output passes `terraform validate`, fmt-clean outputs, the share of
//! resources converted, and every type used by two or more templates mapped or listed with the
//! reason it is not in `mappings/UNMAPPED.tsv`. The measured numbers are in
//! docs/src/testing.md (The corpus score test); raise the floors when they rise.

mod common;

use common::*;
use std::collections::{BTreeMap, BTreeSet};
use std::path::Path;

/// Templates whose output passes `terraform validate`, of all templates (refused ones count as
/// failures).
const MIN_VALIDATE_SHARE: f64 = 0.76;
/// CloudFormation resources that became a Terraform resource, of all resources in converted
/// templates.
const MIN_RESOURCE_SHARE: f64 = 0.95;

/// `mappings/UNMAPPED.tsv`: type -> why it stays unmapped.
fn unmapped_reasons() -> BTreeMap<String, String> {
    let path = repo_root().join("mappings/UNMAPPED.tsv");
    let text = std::fs::read_to_string(&path).unwrap_or_else(|e| panic!("{}: {e}", path.display()));
    let mut reasons = BTreeMap::new();
    for (n, line) in text.lines().enumerate() {
        if line.starts_with('#') || line.trim().is_empty() {
            continue;
        }
        let (kind, reason) = line
            .split_once('\t')
            .unwrap_or_else(|| panic!("UNMAPPED.tsv:{}: want TYPE<TAB>REASON", n + 1));
        assert!(
            !reason.trim().is_empty(),
            "UNMAPPED.tsv:{}: {kind} has no reason",
            n + 1
        );
        assert!(
            reasons.insert(kind.to_string(), reason.to_string()).is_none(),
            "UNMAPPED.tsv:{}: {kind} listed twice",
            n + 1
        );
    }
    reasons
}

fn is_mapped(kind: &str) -> bool {
    cfn2tf::mapping::Registry::get().resource(kind, |_| false).is_some()
}

/// Types and in how many templates each is used, from the corpus's TYPES.tsv (type, templates,
/// resources), when it has one.
fn corpus_types(corpus_dir: &Path) -> Option<Vec<(String, usize)>> {
    let text = std::fs::read_to_string(corpus_dir.parent()?.join("TYPES.tsv")).ok()?;
    Some(
        text.lines()
            .skip(1)
            .filter_map(|l| {
                let mut cols = l.split('\t');
                Some((cols.next()?.to_string(), cols.next()?.parse().ok()?))
            })
            .collect(),
    )
}

#[test]
fn unmapped_reasons_name_only_unmapped_types() {
    let stale: Vec<_> = unmapped_reasons().into_keys().filter(|k| is_mapped(k)).collect();
    assert!(
        stale.is_empty(),
        "mapped now, remove from mappings/UNMAPPED.tsv: {stale:?}"
    );
}

#[test]
fn corpus_score_does_not_fall() {
    let corpus = corpus();
    let Some(_terraform) = terraform() else { return };
    let reasons = unmapped_reasons();
    let work = tempfile::tempdir().unwrap();
    let json = work.path().join("report.json");
    let out = run(cfn2tf()
        .arg("batch")
        .arg(&corpus.dir)
        .arg("-o")
        .arg(work.path().join("out"))
        .args(["--validate", "--quiet", "--json"])
        .arg(&json));
    // Exit 1 is expected: some templates are refused or fail validation; the report says which.
    assert!(
        out.status.code().is_some_and(|c| c <= 1),
        "batch: {}",
        text(&out.stderr)
    );
    let report: serde_json::Value = serde_json::from_str(&std::fs::read_to_string(&json).unwrap()).unwrap();
    let totals = &report["totals"];
    let count = |k: &str| totals[k].as_u64().unwrap_or_else(|| panic!("totals.{k}: {totals}")) as f64;
    let templates = count("templates");
    let validate_share = count("validate_passed") / templates;
    let resource_share = count("resources_converted") / count("resources_total");
    let failing: Vec<String> = report["templates"]
        .as_array()
        .unwrap()
        .iter()
        .filter(|t| t["validation"]["valid"].as_bool() != Some(true))
        .map(|t| {
            format!(
                "  {} ({}): {}",
                t["template"].as_str().unwrap(),
                t["status"],
                t["validation"]["message"]
            )
        })
        .collect();
    eprintln!(
        "corpus {} ({} templates): validate {:.1}%, fmt-clean {}/{}, resources {}/{} ({:.1}%)\nnot passing:\n{}",
        corpus.dir.display(),
        templates,
        100.0 * validate_share,
        count("fmt_clean"),
        count("validated"),
        count("resources_converted"),
        count("resources_total"),
        100.0 * resource_share,
        failing.join("\n")
    );
    assert!(templates > 0.0, "no templates found in {}", corpus.dir.display());
    assert_eq!(
        count("fmt_clean"),
        count("validated"),
        "every written output is terraform fmt-clean"
    );
    assert!(
        validate_share >= MIN_VALIDATE_SHARE,
        "validate share {validate_share:.3} fell below {MIN_VALIDATE_SHARE}"
    );
    assert!(
        resource_share >= MIN_RESOURCE_SHARE,
        "resource share {resource_share:.3} fell below {MIN_RESOURCE_SHARE}"
    );

    // Types the conversion reported as unsupported, by the templates that use them.
    let mut without_reason = BTreeSet::new();
    for blocker in report["unsupported_types"].as_array().unwrap() {
        let name = blocker["name"].as_str().unwrap();
        if blocker["templates"].as_u64().unwrap() >= 2 && !reasons.contains_key(name) {
            without_reason.insert(name.to_string());
        }
    }
    // The corpus's own ranking also counts templates that were refused before conversion.
    if let Some(types) = corpus_types(&corpus.dir) {
        for (kind, templates) in types {
            if templates >= 2 && !is_mapped(&kind) && !reasons.contains_key(&kind) {
                without_reason.insert(kind);
            }
        }
    }
    assert!(
        without_reason.is_empty(),
        "used by two or more templates, unmapped, and not in mappings/UNMAPPED.tsv: {without_reason:?}"
    );
}
