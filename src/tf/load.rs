//! Terraform HCL -> the Terraform model, keeping where each block came from. Used by the
//! reverse direction and by the diff.

use super::{Block, BodyItem, Config, FileKind, Origin};
use crate::diagnostics::Diagnostic;
use crate::source::{SourceFile, Span};
use hcl_edit::Span as _;
use hcl_edit::structure::{BlockLabel, Structure};
use std::path::Path;

/// Why a configuration could not be loaded: the file and its located error (boxed, as a source
/// file is large beside a loaded configuration).
pub type LoadError = Box<(SourceFile, Diagnostic)>;

/// A `.tf` file, or every `.tf` file of a directory (sorted by name, not recursive, as
/// Terraform reads a module), with the local modules it calls inlined (`modules`); their files
/// follow the configuration's own in the sources.
pub fn load_path(path: &Path) -> Result<(Config, Vec<SourceFile>), LoadError> {
    let (config, mut sources) = load_folder(path)?;
    let root = if path.is_dir() {
        path
    } else {
        path.parent().unwrap_or(Path::new(""))
    };
    let config = super::modules::inline(config, root, &mut sources)?;
    Ok((config, sources))
}

/// The files of one module, as written (module calls not followed).
pub(super) fn load_folder(path: &Path) -> Result<(Config, Vec<SourceFile>), LoadError> {
    let mut files = Vec::new();
    if path.is_dir() {
        let mut entries: Vec<_> = std::fs::read_dir(path)
            .map_err(|e| io_error(path, e))?
            .filter_map(|e| e.ok().map(|e| e.path()))
            .filter(|p| p.extension().is_some_and(|x| x == "tf"))
            .collect();
        entries.sort();
        if entries.is_empty() {
            let file = SourceFile::new(path.display().to_string(), String::new());
            return Err(Box::new((
                file,
                Diagnostic::error("tf::empty", "no .tf files in this directory", None),
            )));
        }
        files = entries;
    } else {
        files.push(path.to_path_buf());
    }
    let mut config = Config::default();
    let mut sources = Vec::new();
    let mut seen = Defined::default();
    for f in files {
        let source = crate::files::read_path(&f).map_err(|u| Box::new((u.file, u.diagnostic)))?;
        let part = match load_one(&source, &mut seen) {
            Ok(c) => c,
            Err(d) => return Err(Box::new((source, d))),
        };
        config.blocks.extend(part.blocks);
        sources.push(source);
    }
    Ok((config, sources))
}

fn io_error(path: &Path, e: std::io::Error) -> LoadError {
    let file = SourceFile::new(path.display().to_string(), String::new());
    Box::new((file, Diagnostic::error("tf::io", format!("cannot read: {e}"), None)))
}

/// One HCL text -> blocks, each with its origin and the comments written above it.
pub fn load_text(file: &SourceFile) -> Result<Config, Diagnostic> {
    load_one(file, &mut Defined::default())
}

/// Where each name of a module was first defined: Terraform refuses a second `resource`,
/// `data`, `variable`, `output` or `module` block of one name, and a second local of one name,
/// in any of the module's files.
#[derive(Default)]
struct Defined(std::collections::HashMap<String, super::Origin>);

impl Defined {
    fn define(&mut self, file: &SourceFile, what: String, at: usize) -> Result<(), Diagnostic> {
        let origin = super::Origin {
            file: file.name.clone(),
            line: file.line_col(at).line,
        };
        match self.0.entry(what) {
            std::collections::hash_map::Entry::Vacant(v) => {
                v.insert(origin);
                Ok(())
            }
            std::collections::hash_map::Entry::Occupied(o) => Err(Diagnostic::error(
                "tf::duplicate",
                format!("duplicate {}: it is already defined at {}", o.key(), o.get()),
                Some(Span::new(at, at + 1)),
            )
            .with_help("Terraform refuses two definitions of one name in a module; rename or remove one")),
        }
    }
}

fn load_one(file: &SourceFile, defined: &mut Defined) -> Result<Config, Diagnostic> {
    let body = hcl_edit::parser::parse_body(&file.text).map_err(|e| {
        let loc = e.location();
        let at = file.offset_of(loc.line(), loc.column().saturating_sub(1));
        Diagnostic::error(
            "tf::syntax",
            format!("HCL syntax error: {}", e.message()),
            Some(Span::new(at, at + 1)),
        )
        .with_help("check the brackets and quotes on this line and the one before")
    })?;
    let mut config = Config::default();
    for structure in body.into_iter() {
        match structure {
            Structure::Block(b) => {
                let at = b.span().map(|s| s.start).unwrap_or(0);
                match (b.ident.as_str(), b.labels.len()) {
                    ("resource" | "data", 2) | ("variable" | "output" | "module", 1) => {
                        let labels: Vec<String> = b.labels.iter().map(|l| format!("{:?}", label_text(l))).collect();
                        defined.define(file, format!("{} {}", b.ident.as_str(), labels.join(" ")), at)?;
                    }
                    ("locals", 0) => {
                        for a in b.body.attributes() {
                            let at = a.span().map_or(at, |s| s.start);
                            defined.define(file, format!("local.{}", a.key.as_str()), at)?;
                        }
                    }
                    _ => {}
                }
                let block = convert_block(file, b);
                config.push(FileKind::for_block(&block.ident), block);
            }
            Structure::Attribute(a) => {
                let at = a.span().map(|s| s.start).unwrap_or(0);
                return Err(Diagnostic::error(
                    "tf::top-level-attribute",
                    format!("`{}` is an attribute outside any block", a.key.as_str()),
                    Some(Span::new(at, at + 1)),
                ));
            }
        }
    }
    Ok(config)
}

/// The comment lines written directly above `line` (hcl-edit keeps them only as spans).
fn comments_above(file: &SourceFile, line: usize) -> Vec<String> {
    let mut out = Vec::new();
    let mut l = line;
    while l > 1 {
        l -= 1;
        let text = file.line_text(l).trim();
        match text.strip_prefix('#').or_else(|| text.strip_prefix("//")) {
            Some(c) => out.push(c.trim().to_string()),
            None => break,
        }
    }
    out.reverse();
    out
}

fn label_text(l: &BlockLabel) -> String {
    match l {
        BlockLabel::Ident(i) => i.as_str().to_string(),
        BlockLabel::String(s) => s.value().to_string(),
    }
}

fn convert_block(file: &SourceFile, b: hcl_edit::structure::Block) -> Block {
    let start = b.span().map(|s| s.start).unwrap_or(0);
    let line = file.line_col(start).line;
    let labels: Vec<String> = b.labels.iter().map(label_text).collect();
    let label_refs: Vec<&str> = labels.iter().map(String::as_str).collect();
    let mut block = Block::new(b.ident.as_str(), &label_refs);
    block.comments = comments_above(file, line);
    block.origin = Some(Origin {
        file: file.name.clone(),
        line,
    });
    for structure in b.body.into_iter() {
        match structure {
            Structure::Attribute(a) => {
                // Notes above an argument (a generated name's) say how it was written.
                if let Some(span) = a.span() {
                    for note in comments_above(file, file.line_col(span.start).line) {
                        block.body.push(BodyItem::Comment(note));
                    }
                }
                let key = a.key.as_str().to_string();
                block
                    .body
                    .push(BodyItem::Attribute(key, hcl::Expression::from(a.value)));
            }
            Structure::Block(inner) => block.body.push(BodyItem::Block(convert_block(file, inner))),
        }
    }
    block
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn reads_blocks_with_origins_and_comments() {
        let text = "# From Vpc (AWS::EC2::VPC)\nresource \"aws_vpc\" \"vpc\" {\n  cidr_block = \"10.0.0.0/16\"\n  tags = { Name = \"x\" }\n}\n";
        let file = SourceFile::new("main.tf", text.to_string());
        let config = load_text(&file).unwrap();
        let (kind, block) = &config.blocks[0];
        assert_eq!(*kind, FileKind::Main);
        assert_eq!(block.labels, vec!["aws_vpc", "vpc"]);
        assert_eq!(block.comments, vec!["From Vpc (AWS::EC2::VPC)"]);
        assert_eq!(block.origin.as_ref().unwrap().line, 2);
        assert_eq!(
            block.attribute("cidr_block"),
            Some(&hcl::Expression::String("10.0.0.0/16".into()))
        );
    }

    #[test]
    fn duplicate_definitions_are_refused_as_terraform_does() {
        for text in [
            "resource \"aws_s3_bucket\" \"b\" {}\nresource \"aws_s3_bucket\" \"b\" {}\n",
            "variable \"v\" {}\nvariable \"v\" {}\n",
            "output \"o\" { value = 1 }\noutput \"o\" { value = 2 }\n",
            "locals {\n  a = 1\n}\nlocals {\n  a = 2\n}\n",
        ] {
            let file = SourceFile::new("d.tf", text.to_string());
            let err = load_text(&file).unwrap_err();
            assert_eq!(err.code, "tf::duplicate", "{text}");
            assert!(err.message.contains("already defined at d.tf:"), "{}", err.message);
            assert!(file.line_col(err.span.unwrap().start).line > 1);
        }
        let distinct = "resource \"aws_s3_bucket\" \"b\" {}\ndata \"aws_s3_bucket\" \"b\" {}\nvariable \"b\" {}\n";
        assert!(load_text(&SourceFile::new("d.tf", distinct.to_string())).is_ok());
    }

    #[test]
    fn syntax_errors_are_located() {
        let file = SourceFile::new("bad.tf", "resource \"a\" \"b\" {\n  x = \n}\n".to_string());
        let err = load_text(&file).unwrap_err();
        assert!(err.span.is_some());
    }

    #[test]
    fn emitted_hcl_reads_back_the_same() {
        let text = std::fs::read_to_string(concat!(
            env!("CARGO_MANIFEST_DIR"),
            "/samples/gateway-endpoint/gateway-endpoint.yaml"
        ))
        .unwrap();
        let converted = crate::cfn_to_tf(&SourceFile::new("seed.yaml", text)).unwrap();
        let main = SourceFile::new("main.tf", converted.files["main.tf"].clone());
        let config = load_text(&main).unwrap();
        assert_eq!(config.resources().count(), 14);
        let endpoint = config.resources().find(|b| b.labels[0] == "aws_vpc_endpoint").unwrap();
        assert!(matches!(endpoint.attribute("route_table_ids"), Some(hcl::Expression::Array(a)) if a.len() == 2));
    }
}
