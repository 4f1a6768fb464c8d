//! Finding templates under a folder and telling CloudFormation from other YAML and JSON.

use crate::parse::{Node, Value};
use crate::source::SourceFile;
use std::path::{Path, PathBuf};

const TEMPLATE_EXTENSIONS: &[&str] = &["yaml", "yml", "json", "template"];

/// Top-level keys of a Terraform JSON configuration (`*.tf.json`).
const TERRAFORM_JSON_KEYS: &[&str] = &[
    "terraform",
    "resource",
    "provider",
    "variable",
    "output",
    "locals",
    "data",
    "module",
];

/// Template paths under `root`, relative to it, sorted. Hidden folders (`.git`, `.terraform`),
/// symlinked folders (they may loop) and the folder `exclude` (the output, when it lies inside
/// the input) are not entered.
pub fn discover(root: &Path, exclude: Option<&Path>) -> std::io::Result<Vec<PathBuf>> {
    let mut found = Vec::new();
    let mut pending = vec![PathBuf::new()];
    while let Some(rel) = pending.pop() {
        for entry in std::fs::read_dir(root.join(&rel))? {
            let entry = entry?;
            let name = entry.file_name();
            let rel_path = rel.join(&name);
            let file_type = entry.file_type()?;
            if file_type.is_dir() {
                let hidden = name.to_string_lossy().starts_with('.');
                let is_output = exclude.is_some_and(|ex| std::fs::canonicalize(entry.path()).is_ok_and(|p| p == ex));
                if !hidden && !is_output {
                    pending.push(rel_path);
                }
            } else if has_template_extension(&rel_path) && entry.path().is_file() {
                found.push(rel_path);
            }
        }
    }
    found.sort();
    Ok(found)
}

fn has_template_extension(path: &Path) -> bool {
    path.extension()
        .and_then(|e| e.to_str())
        .is_some_and(|e| TEMPLATE_EXTENSIONS.contains(&e.to_ascii_lowercase().as_str()))
}

/// Why a file that does not parse is not a CloudFormation template, if it evidently is not one.
/// A file that mentions `Resources` or `AWSTemplateFormatVersion` is treated as a broken template.
pub fn skip_reason_unparsed(file: &SourceFile) -> Option<String> {
    if let Some(reason) = kubernetes_reason(&file.text) {
        return Some(reason);
    }
    let mentions_cloudformation = file.text.contains("Resources") || file.text.contains("AWSTemplateFormatVersion");
    (!mentions_cloudformation).then(|| "not CloudFormation: it does not parse and has no `Resources`".to_string())
}

/// Why a parsed file is not a CloudFormation template, or None when it is one (or claims to be:
/// a file with `AWSTemplateFormatVersion` but no `Resources` is a broken template, refused).
pub fn skip_reason(file: &SourceFile, root: &Node) -> Option<String> {
    let Value::Map(entries) = &root.value else {
        return Some(format!(
            "not CloudFormation: the top level is {}, not a mapping",
            root.kind()
        ));
    };
    let has = |key: &str| entries.iter().any(|(k, _)| k.name == key);
    if has("Resources") || has("AWSTemplateFormatVersion") {
        return None;
    }
    if has("apiVersion") && has("kind") {
        return Some("a Kubernetes manifest (`apiVersion` and `kind`, no `Resources`)".to_string());
    }
    if !entries.is_empty()
        && entries
            .iter()
            .all(|(k, _)| TERRAFORM_JSON_KEYS.contains(&k.name.as_str()))
    {
        return Some("a Terraform JSON configuration (no `Resources`)".to_string());
    }
    kubernetes_reason(&file.text).or_else(|| Some("not CloudFormation: no `Resources` section".to_string()))
}

/// Multi-document Kubernetes manifests do not parse as one template; their top-level keys tell.
fn kubernetes_reason(text: &str) -> Option<String> {
    let top_level = |key: &str| text.lines().any(|l| l.starts_with(key));
    (top_level("apiVersion:") && top_level("kind:") && !top_level("Resources:"))
        .then(|| "a Kubernetes manifest (`apiVersion` and `kind`, no `Resources`)".to_string())
}

#[cfg(test)]
mod tests {
    use super::*;
    use crate::parse::{Limits, parse_template_text};

    fn reason(text: &str) -> Option<String> {
        let file = SourceFile::new("t.yaml", text.to_string());
        match parse_template_text(&file, Limits::default()) {
            Ok(root) => skip_reason(&file, &root),
            Err(_) => skip_reason_unparsed(&file),
        }
    }

    #[test]
    fn tells_templates_from_other_files() {
        assert_eq!(reason("Resources:\n  A:\n    Type: AWS::SNS::Topic\n"), None);
        assert_eq!(reason("AWSTemplateFormatVersion: '2010-09-09'\n"), None);
        assert!(
            reason("apiVersion: v1\nkind: Pod\nmetadata:\n  name: x\n")
                .unwrap()
                .contains("Kubernetes")
        );
        assert!(
            reason("apiVersion: v1\nkind: Pod\n---\napiVersion: v1\nkind: Service\n")
                .unwrap()
                .contains("Kubernetes")
        );
        assert!(
            reason("{\"resource\": {\"aws_vpc\": {}}}")
                .unwrap()
                .contains("Terraform")
        );
        assert!(reason("name: ci\non: push\n").unwrap().contains("no `Resources`"));
        assert!(reason("- a\n- b\n").unwrap().contains("not a mapping"));
        assert_eq!(reason("Resources: [unclosed\n"), None);
    }
}
