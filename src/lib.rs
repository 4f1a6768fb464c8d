//! cfn2tf: CloudFormation <-> Terraform, with a semantic diff to prove nothing was lost.
//!
//! The pipeline, one module per stage (see ARCHITECTURE.md):
//! `parse` (text -> spanned tree) -> `model` (typed template, intrinsics as expressions)
//! -> `convert` (driven by `mapping`, the data in `mappings/`) -> `tf` model -> `emit` (HCL).

pub mod cli;
pub mod convert;
pub mod diagnostics;
pub mod diff;
pub mod emit;
pub mod mapping;
pub mod model;
pub mod parse;
pub mod reverse;
pub mod source;
pub mod tf;

use diagnostics::Diagnostics;
use source::SourceFile;
use std::collections::BTreeMap;

/// The result of converting one CloudFormation template.
pub struct Converted {
    /// Output file name -> HCL text.
    pub files: BTreeMap<String, String>,
    /// Binary files written beside the .tf files, which they refer to by path: name -> bytes.
    pub artefacts: BTreeMap<String, Vec<u8>>,
    /// Warnings (never errors: a template with errors is not converted).
    pub diagnostics: Diagnostics,
    pub stats: convert::Stats,
}

/// CloudFormation text -> Terraform files. On failure, the diagnostics hold at least one error.
pub fn cfn_to_tf(file: &SourceFile) -> Result<Converted, Diagnostics> {
    let mut diags = Diagnostics::default();
    let root = match parse::parse_template_text(file, parse::Limits::default()) {
        Ok(root) => root,
        Err(e) => {
            diags.push(e);
            return Err(diags);
        }
    };
    let template = model::build_template(&root, &mut diags);
    if diags.has_errors() {
        return Err(diags);
    }
    if file.text.len() > CLOUDFORMATION_MAX_TEMPLATE_BYTES {
        diags.warn(
            "model::size",
            format!(
                "the template is {} bytes, over CloudFormation's limit of 1 MB: CloudFormation would refuse it",
                file.text.len()
            ),
            None,
        );
    }
    let conversion = convert::convert(&template, file, &mut diags);
    let files = emit::render_files(&conversion.config)
        .into_iter()
        .map(|(kind, text)| (kind.file_name().to_string(), text))
        .collect();
    Ok(Converted {
        files,
        artefacts: conversion.config.artefacts,
        diagnostics: diags,
        stats: conversion.stats,
    })
}

/// CloudFormation refuses templates over 1 MB (uploaded to S3); cfn2tf converts them anyway.
pub const CLOUDFORMATION_MAX_TEMPLATE_BYTES: usize = 1_000_000;
