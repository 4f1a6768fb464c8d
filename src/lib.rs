//! cfn2tf: CloudFormation <-> Terraform, with a semantic diff to prove nothing was lost.
//!
//! The pipeline, one module per stage (see ARCHITECTURE.md):
//! `parse` (text -> spanned tree) -> `model` (typed template, intrinsics as expressions)
//! -> `convert` (driven by `mapping`, the data in `mappings/`) -> `tf` model -> `emit` (HCL).

pub mod batch;
pub mod cli;
pub mod convert;
pub mod diagnostics;
pub mod diff;
pub mod emit;
pub mod files;
pub mod graph;
pub mod mapping;
pub mod migrate;
pub mod model;
pub mod parse;
pub mod reverse;
pub mod sarif;
pub mod source;
pub mod terminal;
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

/// Every stage's result for one template, for callers that need more than the files
/// (the migration needs the parse tree's spans and where each logical ID ended up).
pub struct Pipeline {
    pub root: parse::Node,
    pub template: model::Template,
    pub conversion: convert::Conversion,
    pub diagnostics: Diagnostics,
}

impl Pipeline {
    /// Output file name -> HCL text.
    pub fn render(&self) -> BTreeMap<String, String> {
        emit::render_files(&self.conversion.config)
            .into_iter()
            .map(|(kind, text)| (kind.file_name().to_string(), text))
            .collect()
    }

    /// The Terraform files and what was said on the way.
    pub fn into_converted(self) -> Converted {
        Converted {
            files: self.render(),
            artefacts: self.conversion.config.artefacts,
            diagnostics: self.diagnostics,
            stats: self.conversion.stats,
        }
    }
}

/// CloudFormation text -> the parse tree, the model and the Terraform model.
pub fn run_pipeline(file: &SourceFile) -> Result<Pipeline, Diagnostics> {
    match parse::parse_template(file, parse::Limits::default()) {
        Ok((root, warnings)) => pipeline_from_tree(file, root, warnings),
        Err(e) => {
            let mut diags = Diagnostics::default();
            diags.push(e);
            Err(diags)
        }
    }
}

/// The stages after parsing, for callers that look at the parse tree first (batch skips files
/// that are not CloudFormation before converting them).
pub fn pipeline_from_tree(
    file: &SourceFile,
    root: parse::Node,
    parse_warnings: Vec<diagnostics::Diagnostic>,
) -> Result<Pipeline, Diagnostics> {
    let mut diags = Diagnostics { items: parse_warnings };
    let template = model::build_template(&root, &mut diags);
    for w in parse::yaml11_booleans(file, &root) {
        diags.push(w);
    }
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
    Ok(Pipeline {
        root,
        template,
        conversion,
        diagnostics: diags,
    })
}

/// CloudFormation text -> Terraform files. On failure, the diagnostics hold at least one error.
pub fn cfn_to_tf(file: &SourceFile) -> Result<Converted, Diagnostics> {
    run_pipeline(file).map(Pipeline::into_converted)
}

/// CloudFormation refuses templates over 1 MB (uploaded to S3); cfn2tf converts them anyway.
pub const CLOUDFORMATION_MAX_TEMPLATE_BYTES: usize = 1_000_000;

/// The version of the JSON that `batch --json` and `diff --format json` print, so scripts
/// reading it can tell a changed shape from a bug; raise it when a field changes meaning.
pub const JSON_FORMAT_VERSION: u32 = 1;

/// `value` as pretty JSON with `format_version` as its first field.
pub fn versioned_json<T: serde::Serialize>(value: &T) -> serde_json::Result<String> {
    #[derive(serde::Serialize)]
    struct Versioned<'a, T> {
        format_version: u32,
        #[serde(flatten)]
        value: &'a T,
    }
    serde_json::to_string_pretty(&Versioned {
        format_version: JSON_FORMAT_VERSION,
        value,
    })
}
