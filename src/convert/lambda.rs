//! A Lambda function's inline code (`Code.ZipFile`): CloudFormation zips it on deployment; the
//! provider needs a zip file, and the only built-in way (the archive provider) is not allowed
//! here, so cfn2tf writes the zip itself, beside the .tf files, with fixed timestamps so the
//! same template always gives the same bytes.

use super::Converter;
use crate::model::{Expr, ExprKind, RefTarget, Resource, SubPart};
use crate::source::Span;
use crate::tf::{Block, Expression, call};
use std::io::Write;

pub(super) fn lambda_zip_file(c: &mut Converter<'_>, r: &Resource, value: &Expr, span: Span, b: &mut Block) {
    let Some(code) = literal_text(value) else {
        c.untranslated(
            r,
            "Code.ZipFile",
            Some("the inline code is computed by intrinsics, so it cannot be zipped at conversion time; zip it yourself and set `filename`"),
            span,
            b,
        );
        return;
    };
    let runtime = runtime(c, r).unwrap_or_default();
    // CloudFormation writes inline code to index.js or index.py, by runtime.
    let entry = if runtime.starts_with("nodejs") {
        "index.js"
    } else if runtime.starts_with("python") {
        "index.py"
    } else {
        c.untranslated(
            r,
            "Code.ZipFile",
            Some(&format!(
                "inline code needs a Node.js or Python runtime, and the runtime here is `{runtime}`"
            )),
            span,
            b,
        );
        return;
    };
    if code.contains("cfn-response") || code.contains("cfnresponse") {
        c.warn_at(
            "convert::cfn-response",
            format!(
                "{}: the inline code uses the cfn-response module, which CloudFormation adds to inline code; the zip written holds only {entry}: add the module to it",
                r.logical_id
            ),
            span,
        );
        b.comment(format!(
            "cfn2tf: the cfn-response module CloudFormation adds to inline code is not in the zip ({})",
            c.at(span)
        ));
    }
    let file = format!("{}.zip", c.targets[&r.logical_id].name);
    match zip_one(entry, code.as_bytes()) {
        Ok(bytes) => {
            c.artefacts.insert(file.clone(), bytes);
        }
        Err(e) => {
            c.untranslated(r, "Code.ZipFile", Some(&format!("cannot zip it: {e}")), span, b);
            return;
        }
    }
    let path = Expression::TemplateExpr(Box::new(hcl::expr::TemplateExpr::QuotedString(format!(
        "${{path.module}}/{file}"
    ))));
    // No source position: the resource's trace comment has it, and the same code read back
    // from Terraform converts to the same text.
    b.comment(format!(
        "cfn2tf: inline code (Code.ZipFile) zipped by cfn2tf as {file} ({entry})"
    ));
    b.attr("filename", path.clone());
    b.attr("source_code_hash", call("filebase64sha256", vec![path]));
}

/// The runtime, written literally or as the default of the parameter it refers to.
fn runtime(c: &Converter<'_>, r: &Resource) -> Option<String> {
    let value = &r.property("Runtime")?.value;
    match &value.kind {
        ExprKind::Ref(RefTarget::Parameter(p)) => c
            .template
            .parameters
            .get(p)?
            .default
            .as_ref()?
            .as_literal_str()
            .map(str::to_string),
        _ => value.as_literal_str().map(str::to_string),
    }
}

/// Text that intrinsics only assemble from literals (`!Sub` without variables, `!Join` of
/// strings) is known at conversion time.
pub(super) fn literal_text(e: &Expr) -> Option<String> {
    match &e.kind {
        ExprKind::String(s) => Some(s.clone()),
        ExprKind::Sub { parts, .. } => parts
            .iter()
            .map(|p| match p {
                SubPart::Literal(s) => Some(s.as_str()),
                _ => None,
            })
            .collect::<Option<Vec<&str>>>()
            .map(|v| v.concat()),
        ExprKind::Join { delimiter, items } => match &items.kind {
            ExprKind::List(items) => items
                .iter()
                .map(literal_text)
                .collect::<Option<Vec<String>>>()
                .map(|v| v.join(delimiter)),
            _ => None,
        },
        _ => None,
    }
}

/// A zip holding one file, stored (not compressed) with a fixed 1980-01-01 timestamp and mode
/// 0644, so the bytes depend only on the content.
pub(crate) fn zip_one(name: &str, content: &[u8]) -> zip::result::ZipResult<Vec<u8>> {
    let mut writer = zip::ZipWriter::new(std::io::Cursor::new(Vec::new()));
    let options = zip::write::SimpleFileOptions::default()
        .compression_method(zip::CompressionMethod::Stored)
        .last_modified_time(zip::DateTime::default())
        .unix_permissions(0o644);
    writer.start_file(name, options)?;
    writer.write_all(content)?;
    Ok(writer.finish()?.into_inner())
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn the_zip_is_the_same_bytes_every_time_and_holds_the_code() {
        let a = zip_one("index.py", b"def handler(e, c):\n    return 1\n").unwrap();
        let b = zip_one("index.py", b"def handler(e, c):\n    return 1\n").unwrap();
        assert_eq!(a, b);
        assert_eq!(&a[..4], b"PK\x03\x04");
        let text = String::from_utf8_lossy(&a);
        assert!(text.contains("index.py") && text.contains("return 1"));
    }
}
