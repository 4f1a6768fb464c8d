//! A Lambda function's zip read back as inline code (`Code.ZipFile`): the inverse of
//! `src/convert/lambda.rs`, which zips inline code beside the .tf files. A zip that holds just
//! the `index.py` / `index.js` CloudFormation would write is that code; anything else is a
//! package a template cannot hold inline.

use crate::tf::{Block, Expression};
use hcl::expr::TemplateExpr;
use std::io::Read;
use std::path::{Path, PathBuf};

/// CloudFormation's limit for inline code.
const MAX_INLINE: u64 = 4 * 1024 * 1024;

/// The files CloudFormation writes inline code to.
const ENTRIES: &[&str] = &["index.py", "index.js"];

/// The inline code in the zip `filename` names, or why it has none.
pub(super) fn inline_code(b: &Block) -> Result<String, String> {
    let filename = b.attribute("filename").ok_or("no `filename`")?;
    let path = zip_path(b, filename)?;
    let file = std::fs::File::open(&path).map_err(|e| format!("cannot read {}: {e}", path.display()))?;
    let size = file.metadata().map(|m| m.len()).unwrap_or(u64::MAX);
    if size > MAX_INLINE {
        return Err(format!("{} is larger than inline code may be", path.display()));
    }
    let mut archive = zip::ZipArchive::new(file).map_err(|e| format!("{} is not a zip: {e}", path.display()))?;
    if archive.len() != 1 {
        return Err(format!("{} holds {} files", path.display(), archive.len()));
    }
    let mut entry = archive
        .by_index(0)
        .map_err(|e| format!("cannot read {}: {e}", path.display()))?;
    let name = entry
        .name()
        .map(|n| n.to_string())
        .map_err(|e| format!("cannot read {}: {e}", path.display()))?;
    if !ENTRIES.contains(&name.as_str()) {
        return Err(format!(
            "{} holds {name}, and inline code is index.py or index.js",
            path.display()
        ));
    }
    if entry.size() > MAX_INLINE {
        return Err(format!("{} is larger than inline code may be", path.display()));
    }
    let mut text = String::new();
    entry
        .by_ref()
        .take(MAX_INLINE)
        .read_to_string(&mut text)
        .map_err(|e| format!("{} does not hold text: {e}", path.display()))?;
    Ok(text)
}

/// `"${path.module}/hello.zip"` (or a relative path) -> the file beside the block's .tf file.
fn zip_path(b: &Block, filename: &Expression) -> Result<PathBuf, String> {
    let text = match filename {
        Expression::String(s) => s.as_str(),
        Expression::TemplateExpr(t) => match t.as_ref() {
            TemplateExpr::QuotedString(s) => s.as_str(),
            TemplateExpr::Heredoc(_) => return Err("the path is a heredoc".into()),
        },
        _ => return Err("the path is computed".into()),
    };
    let relative = text.strip_prefix("${path.module}/").unwrap_or(text);
    if relative.contains("${") {
        return Err(format!("the path `{text}` is computed"));
    }
    let dir = b
        .origin
        .as_ref()
        .and_then(|o| Path::new(&o.file).parent().map(Path::to_path_buf))
        .unwrap_or_default();
    Ok(dir.join(relative))
}

#[cfg(test)]
mod tests {
    use super::*;
    use crate::tf::Origin;
    use std::io::Write;

    fn zip_of(files: &[(&str, &str)]) -> Vec<u8> {
        let mut writer = zip::ZipWriter::new(std::io::Cursor::new(Vec::new()));
        for (name, text) in files {
            writer
                .start_file(*name, zip::write::SimpleFileOptions::default())
                .unwrap();
            writer.write_all(text.as_bytes()).unwrap();
        }
        writer.finish().unwrap().into_inner()
    }

    fn function(dir: &Path, filename: Expression) -> Block {
        let mut b = Block::new("resource", &["aws_lambda_function", "f"]);
        b.origin = Some(Origin {
            file: dir.join("main.tf").display().to_string(),
            line: 1,
        });
        b.attr("filename", filename);
        b
    }

    #[test]
    fn only_a_zip_holding_just_index_code_is_inline_code() {
        let dir = tempfile::tempdir().unwrap();
        let write = |name: &str, bytes: &[u8]| std::fs::write(dir.path().join(name), bytes).unwrap();
        write("one.zip", &zip_of(&[("index.py", "def handler(e, c):\n    pass\n")]));
        write("two.zip", &zip_of(&[("index.py", "x"), ("lib.py", "y")]));
        write("app.zip", &zip_of(&[("app.py", "x")]));
        write("junk.zip", b"not a zip");
        let at = |path: &str| inline_code(&function(dir.path(), Expression::String(path.into())));
        assert_eq!(at("${path.module}/one.zip").unwrap(), "def handler(e, c):\n    pass\n");
        assert!(at("two.zip").unwrap_err().contains("holds 2 files"));
        assert!(at("app.zip").unwrap_err().contains("holds app.py"));
        assert!(at("junk.zip").unwrap_err().contains("is not a zip"));
        assert!(at("missing.zip").unwrap_err().contains("cannot read"));
        assert!(at("${var.dir}/one.zip").unwrap_err().contains("computed"));
    }
}
