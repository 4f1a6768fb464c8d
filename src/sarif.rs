//! SARIF 2.1.0, the format code-scanning tools read (GitHub shows each result on the pull
//! request at its line): one log with one run of cfn2tf, a result per untranslated property,
//! refused template or broken intent, built from the located data (`Diagnostic`s, the diff's
//! origins), never from rendered text. `convert --sarif`, `batch --format sarif` /
//! `--sarif` and `diff --format sarif` all print through `render`.

use crate::diagnostics::{Diagnostic, Level};
use crate::source::SourceFile;
use serde::Serialize;
use std::collections::BTreeMap;
use std::path::{Component, Path, PathBuf};

const SCHEMA_URI: &str = "https://docs.oasis-open.org/sarif/sarif/v2.1.0/errata01/os/schemas/sarif-schema-2.1.0.json";

/// Relative URIs are relative to the working directory the command ran in, named by the
/// conventional base id so that a viewer (GitHub's upload) resolves them against the checkout.
const SOURCE_ROOT: &str = "%SRCROOT%";

/// A place in a file: 1-based line, and the column (in characters) when it is known.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct Place {
    pub file: String,
    pub line: usize,
    pub column: Option<usize>,
}

impl Place {
    /// The start of a diagnostic's span, or the whole file (line 1) when it has none.
    pub fn of(file: &SourceFile, diagnostic: &Diagnostic) -> Place {
        match diagnostic.span {
            Some(span) => {
                let at = file.line_col(span.start);
                Place {
                    file: file.name.clone(),
                    line: at.line,
                    column: Some(at.col),
                }
            }
            None => Place::file(&file.name),
        }
    }

    /// A result about a file as a whole.
    pub fn file(name: &str) -> Place {
        Place {
            file: name.to_string(),
            line: 1,
            column: None,
        }
    }
}

/// One result before it is written: what the log says about one place.
#[derive(Debug, Clone)]
pub struct Finding {
    /// The diagnostic code, e.g. `convert::unmapped-property`.
    pub rule: &'static str,
    pub level: Level,
    pub message: String,
    /// None for input that is no file (stdin): the result is then shown without a location.
    pub place: Option<Place>,
    /// Further places, each with what it is (the other side of a diff).
    pub related: Vec<(String, Place)>,
}

impl Finding {
    /// A diagnostic of `file`, its hint appended to the message.
    pub fn of(file: &SourceFile, diagnostic: &Diagnostic) -> Finding {
        let message = match &diagnostic.help {
            Some(help) => format!("{}\nhelp: {help}", diagnostic.message),
            None => diagnostic.message.clone(),
        };
        Finding {
            rule: diagnostic.code,
            level: diagnostic.level,
            message,
            place: is_file_name(&file.name).then(|| Place::of(file, diagnostic)),
            related: Vec::new(),
        }
    }
}

impl From<&crate::tf::Origin> for Place {
    fn from(origin: &crate::tf::Origin) -> Place {
        Place {
            file: origin.file.clone(),
            line: origin.line,
            column: None,
        }
    }
}

/// A diff's results: each broken intent an error, each remaining resource difference a
/// warning, at A's side when it is written there (else B's), the other side related.
pub fn from_diff(report: &crate::diff::Report) -> Vec<Finding> {
    use crate::diff::ChangeKind;
    let sides = |a: &Option<crate::tf::Origin>, b: &Option<crate::tf::Origin>| {
        let (a, b) = (a.as_ref().map(Place::from), b.as_ref().map(Place::from));
        match (a, b) {
            (Some(a), b) => (
                Some(a),
                b.map(|b| ("the same on side B".to_string(), b)).into_iter().collect(),
            ),
            (None, b) => (b, Vec::new()),
        }
    };
    let mut out = Vec::new();
    for change in &report.intent {
        let (place, related) = sides(&change.a_origin, &change.b_origin);
        out.push(Finding {
            rule: "diff::intent",
            level: Level::Error,
            message: change.message.clone(),
            place,
            related,
        });
    }
    for r in &report.resources {
        let (place, related) = sides(&r.a_origin, &r.b_origin);
        let value =
            |v: &Option<crate::diff::value::Value>| v.as_ref().map_or_else(|| "(not set)".into(), |v| v.render());
        let (rule, message) = match r.change {
            ChangeKind::OnlyInA => ("diff::only-in-a", format!("{}.{} is only in A", r.ty, r.name)),
            ChangeKind::OnlyInB => ("diff::only-in-b", format!("{}.{} is only in B", r.ty, r.name)),
            ChangeKind::Changed => (
                "diff::changed",
                format!(
                    "{}.{}.{} differs: A {}, B {}",
                    r.ty,
                    r.name,
                    r.attribute.as_deref().unwrap_or(""),
                    value(&r.a),
                    value(&r.b)
                ),
            ),
        };
        out.push(Finding {
            rule,
            level: Level::Warning,
            message,
            place,
            related,
        });
    }
    out
}

/// A batch's results: every template's errors (refused) and warnings at their lines, and a
/// failed validation or an output not written as an error on the template.
pub fn from_batch(report: &crate::batch::Report) -> Vec<Finding> {
    let mut out = Vec::new();
    for t in &report.templates {
        let template = Path::new(&report.input).join(&t.template).display().to_string();
        for (findings, level) in [(&t.errors, Level::Error), (&t.warnings, Level::Warning)] {
            out.extend(findings.iter().map(|f| Finding {
                rule: f.code,
                level,
                message: f.message.clone(),
                place: f.place.clone(),
                related: Vec::new(),
            }));
        }
        if let Some(v) = t.validation.as_ref().filter(|v| !v.passed()) {
            out.push(Finding {
                rule: "batch::validate-failed",
                level: Level::Error,
                message: format!(
                    "the Terraform written to {} does not pass terraform fmt/validate: {}",
                    t.output, v.message
                ),
                place: Some(Place::file(&template)),
                related: Vec::new(),
            });
        }
        if t.status == crate::batch::Status::NotWritten {
            out.push(Finding {
                rule: "batch::not-written",
                level: Level::Error,
                message: format!("not written to {}: {}", t.output, t.note.as_deref().unwrap_or("")),
                place: Some(Place::file(&template)),
                related: Vec::new(),
            });
        }
    }
    out
}

/// `read_source` names stdin `<stdin>`: no file to point at.
fn is_file_name(name: &str) -> bool {
    name != "<stdin>"
}

/// The log as pretty JSON, ending in a newline.
pub fn render(findings: &[Finding]) -> String {
    let cwd = std::env::current_dir().unwrap_or_default();
    let mut rules: Vec<Rule> = Vec::new();
    let mut rule_index: BTreeMap<&str, usize> = BTreeMap::new();
    let mut results = Vec::with_capacity(findings.len());
    for f in findings {
        let index = *rule_index.entry(f.rule).or_insert_with(|| {
            rules.push(Rule {
                id: f.rule,
                default_configuration: Configuration { level: level(f.level) },
            });
            rules.len() - 1
        });
        // A rule's default level is the most severe level it is reported at.
        if f.level == Level::Error {
            rules[index].default_configuration.level = level(Level::Error);
        }
        results.push(SarifResult {
            rule_id: f.rule,
            rule_index: index,
            level: level(f.level),
            message: Message {
                text: f.message.clone(),
            },
            locations: f.place.iter().map(|p| location(p, &cwd, None)).collect(),
            related_locations: f
                .related
                .iter()
                .enumerate()
                .map(|(i, (what, p))| location(p, &cwd, Some((i, what))))
                .collect(),
        });
    }
    let log = Log {
        schema: SCHEMA_URI,
        version: "2.1.0",
        runs: [Run {
            tool: Tool {
                driver: Driver {
                    name: env!("CARGO_PKG_NAME"),
                    version: env!("CARGO_PKG_VERSION"),
                    information_uri: env!("CARGO_PKG_REPOSITORY"),
                    rules,
                },
            },
            original_uri_base_ids: BTreeMap::from([(
                SOURCE_ROOT,
                BaseUri {
                    uri: directory_uri(&cwd),
                },
            )]),
            // Our columns count characters, not SARIF's default UTF-16 code units.
            column_kind: "unicodeCodePoints",
            results,
        }],
    };
    let mut text = serde_json::to_string_pretty(&log).expect("the SARIF types serialise");
    text.push('\n');
    text
}

fn level(level: Level) -> &'static str {
    match level {
        Level::Error => "error",
        Level::Warning => "warning",
    }
}

fn location(place: &Place, cwd: &Path, related: Option<(usize, &str)>) -> Location {
    let (uri, uri_base_id) = file_uri(&place.file, cwd);
    Location {
        id: related.map(|(i, _)| i),
        physical_location: PhysicalLocation {
            artifact_location: ArtifactLocation { uri, uri_base_id },
            region: Region {
                start_line: place.line.max(1),
                start_column: place.column.map(|c| c.max(1)),
            },
        },
        message: related.map(|(_, what)| Message { text: what.to_string() }),
    }
}

/// A file's URI: relative to the working directory (with `%SRCROOT%`) when it is inside it,
/// else an absolute `file://` URI.
fn file_uri(file: &str, cwd: &Path) -> (String, Option<&'static str>) {
    let path = Path::new(file);
    let relative: Option<PathBuf> = if path.is_absolute() {
        path.strip_prefix(cwd).ok().map(Path::to_path_buf)
    } else {
        Some(path.to_path_buf())
    };
    match relative {
        Some(rel) => {
            let segments: Vec<String> = rel
                .components()
                .filter_map(|c| match c {
                    Component::Normal(s) => Some(encode(&s.to_string_lossy())),
                    Component::ParentDir => Some("..".to_string()),
                    _ => None,
                })
                .collect();
            (segments.join("/"), Some(SOURCE_ROOT))
        }
        None => (absolute_uri(path), None),
    }
}

fn absolute_uri(path: &Path) -> String {
    let segments: Vec<String> = path
        .components()
        .filter_map(|c| match c {
            Component::Normal(s) => Some(encode(&s.to_string_lossy())),
            Component::ParentDir => Some("..".to_string()),
            _ => None,
        })
        .collect();
    format!("file:///{}", segments.join("/"))
}

/// The working directory as the base URI, which must end in `/`.
fn directory_uri(dir: &Path) -> String {
    let uri = absolute_uri(dir);
    if uri.ends_with('/') { uri } else { uri + "/" }
}

/// One path segment percent-encoded (RFC 3986): everything but the unreserved characters and
/// the sub-delimiters, so a space or `#` in a name stays part of the path. `:` is encoded too,
/// since in a relative reference's first segment it would read as a scheme.
fn encode(segment: &str) -> String {
    let mut out = String::with_capacity(segment.len());
    for b in segment.bytes() {
        match b {
            b'A'..=b'Z' | b'a'..=b'z' | b'0'..=b'9' | b'-' | b'.' | b'_' | b'~' => out.push(b as char),
            b'!' | b'$' | b'&' | b'\'' | b'(' | b')' | b'*' | b'+' | b',' | b';' | b'=' | b'@' => out.push(b as char),
            _ => out.push_str(&format!("%{b:02X}")),
        }
    }
    out
}

#[derive(Serialize)]
struct Log {
    #[serde(rename = "$schema")]
    schema: &'static str,
    version: &'static str,
    runs: [Run; 1],
}

#[derive(Serialize)]
#[serde(rename_all = "camelCase")]
struct Run {
    tool: Tool,
    original_uri_base_ids: BTreeMap<&'static str, BaseUri>,
    column_kind: &'static str,
    results: Vec<SarifResult>,
}

#[derive(Serialize)]
struct BaseUri {
    uri: String,
}

#[derive(Serialize)]
struct Tool {
    driver: Driver,
}

#[derive(Serialize)]
#[serde(rename_all = "camelCase")]
struct Driver {
    name: &'static str,
    version: &'static str,
    information_uri: &'static str,
    rules: Vec<Rule>,
}

#[derive(Serialize)]
#[serde(rename_all = "camelCase")]
struct Rule {
    id: &'static str,
    default_configuration: Configuration,
}

#[derive(Serialize)]
struct Configuration {
    level: &'static str,
}

#[derive(Serialize)]
#[serde(rename_all = "camelCase")]
struct SarifResult {
    rule_id: &'static str,
    rule_index: usize,
    level: &'static str,
    message: Message,
    locations: Vec<Location>,
    #[serde(skip_serializing_if = "Vec::is_empty")]
    related_locations: Vec<Location>,
}

#[derive(Serialize)]
struct Message {
    text: String,
}

#[derive(Serialize)]
#[serde(rename_all = "camelCase")]
struct Location {
    #[serde(skip_serializing_if = "Option::is_none")]
    id: Option<usize>,
    physical_location: PhysicalLocation,
    #[serde(skip_serializing_if = "Option::is_none")]
    message: Option<Message>,
}

#[derive(Serialize)]
#[serde(rename_all = "camelCase")]
struct PhysicalLocation {
    artifact_location: ArtifactLocation,
    region: Region,
}

#[derive(Serialize)]
#[serde(rename_all = "camelCase")]
struct ArtifactLocation {
    uri: String,
    #[serde(skip_serializing_if = "Option::is_none")]
    uri_base_id: Option<&'static str>,
}

#[derive(Serialize)]
#[serde(rename_all = "camelCase")]
struct Region {
    start_line: usize,
    #[serde(skip_serializing_if = "Option::is_none")]
    start_column: Option<usize>,
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn paths_become_relative_references_or_file_uris() {
        let cwd = Path::new("/work/repo");
        assert_eq!(
            file_uri("stacks/a b#1.yaml", cwd),
            ("stacks/a%20b%231.yaml".into(), Some(SOURCE_ROOT))
        );
        assert_eq!(file_uri("./x:y.tf", cwd), ("x%3Ay.tf".into(), Some(SOURCE_ROOT)));
        assert_eq!(
            file_uri("/work/repo/tf/main.tf", cwd),
            ("tf/main.tf".into(), Some(SOURCE_ROOT))
        );
        assert_eq!(
            file_uri("/elsewhere/스택.yaml", cwd),
            ("file:///elsewhere/%EC%8A%A4%ED%83%9D.yaml".into(), None)
        );
        assert_eq!(directory_uri(cwd), "file:///work/repo/");
    }

    #[test]
    fn a_rule_per_code_at_its_most_severe_level() {
        let file = SourceFile::new("t.yaml", "a: 1\nb: 2\n".to_string());
        let warning = Diagnostic::warning(
            "convert::unmapped-property",
            "not mapped",
            Some(crate::source::Span::new(5, 6)),
        );
        let error = Diagnostic::error("convert::unmapped-property", "refused", None);
        let log: serde_json::Value =
            serde_json::from_str(&render(&[Finding::of(&file, &warning), Finding::of(&file, &error)])).unwrap();
        let run = &log["runs"][0];
        assert_eq!(run["tool"]["driver"]["rules"].as_array().unwrap().len(), 1);
        assert_eq!(
            run["tool"]["driver"]["rules"][0]["defaultConfiguration"]["level"],
            "error"
        );
        let region = &run["results"][0]["locations"][0]["physicalLocation"]["region"];
        assert_eq!(
            (region["startLine"].as_u64(), region["startColumn"].as_u64()),
            (Some(2), Some(1))
        );
        assert!(run["results"][1]["locations"][0]["physicalLocation"]["region"]["startColumn"].is_null());
    }
}
