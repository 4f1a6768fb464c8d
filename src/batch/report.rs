//! The batch report as data (serialised to JSON as is) and its Markdown rendering.

use super::stacks::CrossStack;
use super::validate::Validation;
use serde::Serialize;
use std::collections::BTreeMap;
use std::fmt::Write;

#[derive(Debug, Clone, Copy, PartialEq, Eq, Serialize)]
#[serde(rename_all = "snake_case")]
pub enum Status {
    Converted,
    ConvertedWithWarnings,
    Refused,
    ValidateFailed,
    /// The output folder already holds files (no `--force`), or writing failed.
    NotWritten,
    /// `--resume`: the output is newer than the template, so it was left as it was.
    UpToDate,
}

impl Status {
    pub fn label(self) -> &'static str {
        match self {
            Status::Converted => "converted",
            Status::ConvertedWithWarnings => "converted with warnings",
            Status::Refused => "refused",
            Status::ValidateFailed => "validate failed",
            Status::NotWritten => "not written",
            Status::UpToDate => "up to date",
        }
    }

    pub fn is_failure(self) -> bool {
        matches!(self, Status::Refused | Status::ValidateFailed | Status::NotWritten)
    }
}

/// A located diagnostic, flattened for the report.
#[derive(Debug, Clone, Serialize)]
pub struct Finding {
    pub location: String,
    pub code: &'static str,
    pub message: String,
    /// The same location as data, for SARIF (`location` is its text in the JSON).
    #[serde(skip)]
    pub place: Option<crate::sarif::Place>,
}

#[derive(Debug, Clone, Serialize)]
pub struct TemplateReport {
    /// Relative to the input folder.
    pub template: String,
    /// Relative to the output folder.
    pub output: String,
    pub status: Status,
    pub resources_converted: usize,
    pub resources_total: usize,
    /// `resource` blocks in the written Terraform (one CloudFormation resource may need several).
    pub terraform_resource_blocks: usize,
    pub warnings: Vec<Finding>,
    pub errors: Vec<Finding>,
    /// Why it was not written, for `not_written`.
    pub note: Option<String>,
    pub validation: Option<Validation>,
    pub unsupported_types: Vec<String>,
    /// `Type.Property`.
    pub unsupported_properties: Vec<String>,
    pub exports: Vec<String>,
    pub imports: Vec<String>,
    /// The network's picture (`network.svg` in the output folder), as a link from the Markdown
    /// report's folder; None when the template defines no network or no report is written.
    pub picture: Option<String>,
    pub millis: f64,
}

#[derive(Debug, Clone, Serialize)]
pub struct Skipped {
    pub file: String,
    pub reason: String,
}

#[derive(Debug, Clone, Default, Serialize)]
pub struct Totals {
    pub files: usize,
    pub templates: usize,
    pub skipped: usize,
    pub converted: usize,
    pub converted_with_warnings: usize,
    pub refused: usize,
    pub validate_failed: usize,
    pub not_written: usize,
    pub up_to_date: usize,
    pub resources_converted: usize,
    pub resources_total: usize,
    pub terraform_resource_blocks: usize,
    pub warnings: usize,
    pub validated: usize,
    pub fmt_clean: usize,
    pub validate_passed: usize,
}

/// An unsupported type or property and how many templates it keeps from converting fully.
#[derive(Debug, Clone, Serialize)]
pub struct Blocker {
    pub name: String,
    pub templates: usize,
    pub occurrences: usize,
}

#[derive(Debug, Clone, Default, Serialize)]
pub struct Timing {
    pub total_seconds: f64,
    pub convert_seconds: f64,
    pub validate_seconds: f64,
    pub median_template_millis: f64,
    pub templates_per_second: f64,
    pub jobs: usize,
}

#[derive(Debug, Clone, Serialize)]
pub struct Report {
    pub input: String,
    pub output: String,
    pub totals: Totals,
    pub unsupported_types: Vec<Blocker>,
    pub unsupported_properties: Vec<Blocker>,
    pub cross_stack: CrossStack,
    /// In migration order.
    pub templates: Vec<TemplateReport>,
    pub skipped: Vec<Skipped>,
    pub timing: Timing,
}

impl Report {
    pub fn totals(templates: &[TemplateReport], skipped: usize) -> Totals {
        let mut t = Totals {
            files: templates.len() + skipped,
            templates: templates.len(),
            skipped,
            ..Totals::default()
        };
        for r in templates {
            match r.status {
                Status::Converted => t.converted += 1,
                Status::ConvertedWithWarnings => t.converted_with_warnings += 1,
                Status::Refused => t.refused += 1,
                Status::ValidateFailed => t.validate_failed += 1,
                Status::NotWritten => t.not_written += 1,
                Status::UpToDate => t.up_to_date += 1,
            }
            t.resources_converted += r.resources_converted;
            t.resources_total += r.resources_total;
            t.terraform_resource_blocks += r.terraform_resource_blocks;
            t.warnings += r.warnings.len();
            if let Some(v) = &r.validation {
                t.validated += 1;
                t.fmt_clean += usize::from(v.fmt_clean);
                t.validate_passed += usize::from(v.valid);
            }
        }
        t
    }

    /// Ranked by templates blocked, then by occurrences, then by name.
    pub fn blockers<'a>(names: impl Iterator<Item = &'a Vec<String>>) -> Vec<Blocker> {
        let mut by_name: BTreeMap<&str, (usize, usize)> = BTreeMap::new();
        for per_template in names {
            let mut seen = std::collections::BTreeSet::new();
            for name in per_template {
                let entry = by_name.entry(name).or_default();
                entry.1 += 1;
                if seen.insert(name) {
                    entry.0 += 1;
                }
            }
        }
        let mut out: Vec<Blocker> = by_name
            .into_iter()
            .map(|(name, (templates, occurrences))| Blocker {
                name: name.to_string(),
                templates,
                occurrences,
            })
            .collect();
        out.sort_by_key(|b| std::cmp::Reverse((b.templates, b.occurrences)));
        out
    }

    pub fn exit_code(&self) -> i32 {
        i32::from(self.templates.iter().any(|t| t.status.is_failure()))
    }

    pub fn to_markdown(&self) -> String {
        let mut md = String::new();
        let t = &self.totals;
        let _ = writeln!(md, "# cfn2tf batch report\n");
        let _ = writeln!(md, "Input {}, output {}.\n", code(&self.input), code(&self.output));
        let _ = writeln!(md, "## Summary\n");
        let _ = writeln!(md, "| | count |\n|---|---:|");
        let rows: [(&str, usize); 10] = [
            ("files found", t.files),
            ("skipped (not CloudFormation)", t.skipped),
            ("templates", t.templates),
            ("converted", t.converted),
            ("converted with warnings", t.converted_with_warnings),
            ("refused", t.refused),
            ("validate failed", t.validate_failed),
            ("not written (output exists)", t.not_written),
            ("up to date (--resume)", t.up_to_date),
            ("warnings", t.warnings),
        ];
        for (label, n) in rows {
            let _ = writeln!(md, "| {label} | {n} |");
        }
        let _ = writeln!(
            md,
            "| resources converted | {} / {} |\n| Terraform resource blocks | {} |",
            t.resources_converted, t.resources_total, t.terraform_resource_blocks
        );
        if t.validated > 0 {
            let _ = writeln!(
                md,
                "| `terraform validate` passed | {} / {} |\n| `terraform fmt` clean | {} / {} |",
                t.validate_passed, t.validated, t.fmt_clean, t.validated
            );
        }

        let _ = writeln!(md, "\n## Work list: unsupported resource types\n");
        blocker_table(&mut md, "resource type", "resources", &self.unsupported_types);
        let _ = writeln!(md, "\n## Work list: untranslated properties\n");
        blocker_table(&mut md, "property", "occurrences", &self.unsupported_properties);

        self.cross_stack_markdown(&mut md);

        let _ = writeln!(md, "\n## Templates, in migration order\n");
        let _ = writeln!(
            md,
            "| # | template | status | resources | warnings | validate | output |"
        );
        let _ = writeln!(md, "|---:|---|---|---:|---:|---|---|");
        for (i, r) in self.templates.iter().enumerate() {
            let validate = match &r.validation {
                None => "-".to_string(),
                Some(v) if v.passed() => "pass".to_string(),
                Some(v) => format!(
                    "{}{}",
                    if v.valid { "valid" } else { "FAIL" },
                    if v.fmt_clean { "" } else { ", fmt differs" }
                ),
            };
            let _ = writeln!(
                md,
                "| {} | {} | {} | {}/{} | {} | {} | {}{} |",
                i + 1,
                code(&r.template),
                r.status.label(),
                r.resources_converted,
                r.resources_total,
                r.warnings.len(),
                validate,
                code(&r.output),
                r.picture
                    .as_ref()
                    .map(|p| format!(" ([picture]({p}))"))
                    .unwrap_or_default()
            );
        }

        let with_details: Vec<&TemplateReport> = self
            .templates
            .iter()
            .filter(|r| {
                !r.errors.is_empty()
                    || !r.warnings.is_empty()
                    || r.note.is_some()
                    || r.validation.as_ref().is_some_and(|v| !v.passed())
            })
            .collect();
        if !with_details.is_empty() {
            let _ = writeln!(md, "\n## Details\n");
        }
        for r in with_details {
            let _ = writeln!(md, "### {}: {}\n", code(&r.template), r.status.label());
            if let Some(note) = &r.note {
                let _ = writeln!(md, "- {}", escape(note));
            }
            for f in r.errors.iter().chain(&r.warnings) {
                let _ = writeln!(md, "- {}: {} ({})", code(&f.location), escape(&f.message), f.code);
            }
            if let Some(v) = r.validation.as_ref().filter(|v| !v.passed()) {
                let _ = writeln!(
                    md,
                    "- terraform: {} error(s){}: {}",
                    v.error_count,
                    if v.fmt_clean { "" } else { ", fmt differs" },
                    escape(&v.message)
                );
            }
            md.push('\n');
        }

        if !self.skipped.is_empty() {
            let _ = writeln!(md, "\n## Skipped files\n\n| file | reason |\n|---|---|");
            for s in &self.skipped {
                let _ = writeln!(md, "| {} | {} |", code(&s.file), escape(&s.reason));
            }
        }

        let tm = &self.timing;
        let _ = writeln!(
            md,
            "\n## Timing\n\n{:.2} s in total with {} jobs: conversion {:.2} s ({:.0} templates/s, median {:.2} ms per template), validation {:.2} s.",
            tm.total_seconds,
            tm.jobs,
            tm.convert_seconds,
            tm.templates_per_second,
            tm.median_template_millis,
            tm.validate_seconds
        );
        md
    }

    fn cross_stack_markdown(&self, md: &mut String) {
        let x = &self.cross_stack;
        let _ = writeln!(md, "\n## Cross-stack references\n");
        if x.links.is_empty() {
            let _ = writeln!(md, "No template imports a value (`Fn::ImportValue`).");
            return;
        }
        for link in &x.links {
            match link.providers.as_slice() {
                [] => {
                    let _ = writeln!(
                        md,
                        "- {} imports {}: no template in this batch exports it (a stack outside the batch must)",
                        code(&link.template),
                        code(&link.import)
                    );
                }
                [(template, export)] => {
                    let _ = writeln!(
                        md,
                        "- {} imports {} from {} (export {})",
                        code(&link.template),
                        code(&link.import),
                        code(template),
                        code(export)
                    );
                }
                many => {
                    let names: Vec<String> = many.iter().map(|(t, e)| format!("{} ({})", code(t), code(e))).collect();
                    let _ = writeln!(
                        md,
                        "- {} imports {}: ambiguous, exported by {}",
                        code(&link.template),
                        code(&link.import),
                        names.join(", ")
                    );
                }
            }
        }
        if !x.depends_on.is_empty() {
            let _ = writeln!(md, "\nMigrate the exporting stacks first:\n");
            for (importer, exporters) in &x.depends_on {
                let list: Vec<String> = exporters.iter().map(|e| format!("`{e}`")).collect();
                let _ = writeln!(md, "- `{importer}` depends on {}", list.join(", "));
            }
        }
        if !x.cycle.is_empty() {
            let list: Vec<String> = x.cycle.iter().map(|e| format!("`{e}`")).collect();
            let _ = writeln!(
                md,
                "\nThese templates import from each other in a cycle and are listed last: {}",
                list.join(", ")
            );
        }
    }
}

fn blocker_table(md: &mut String, what: &str, count: &str, rows: &[Blocker]) {
    if rows.is_empty() {
        let _ = writeln!(md, "None.");
        return;
    }
    let _ = writeln!(md, "| {what} | templates blocked | {count} |\n|---|---:|---:|");
    for b in rows {
        let _ = writeln!(md, "| {} | {} | {} |", code(&b.name), b.templates, b.occurrences);
    }
}

/// Keeps a message on one table line / list item.
fn escape(s: &str) -> String {
    s.replace('|', "\\|").replace(['\n', '\r'], " ")
}

/// A code span that holds any text on one table line: backticks inside get a longer fence,
/// `|` is escaped (tables split on it even inside code), line breaks become spaces.
fn code(s: &str) -> String {
    let s = escape(s);
    let longest_run = s.split(|c| c != '`').map(str::len).max().unwrap_or(0);
    let fence = "`".repeat(longest_run + 1);
    let pad = if s.starts_with('`') || s.ends_with('`') {
        " "
    } else {
        ""
    };
    format!("{fence}{pad}{s}{pad}{fence}")
}

impl Report {
    /// JUnit XML as CI systems read it (Jenkins, GitLab, the GitHub test-report actions): one
    /// test case per template, a failure for refused, failed validation and not written, the
    /// warnings as the case's output. Skipped files are not templates, so they are no cases.
    pub fn to_junit(&self) -> String {
        let t = &self.totals;
        let failures = t.refused + t.validate_failed + t.not_written;
        let seconds = format!("{:.3}", self.timing.total_seconds);
        let mut x = String::from("<?xml version=\"1.0\" encoding=\"UTF-8\"?>\n");
        let _ = writeln!(
            x,
            "<testsuites name=\"cfn2tf batch\" tests=\"{}\" failures=\"{failures}\" errors=\"0\" time=\"{seconds}\">",
            t.templates
        );
        let _ = writeln!(
            x,
            "  <testsuite name=\"{}\" tests=\"{}\" failures=\"{failures}\" errors=\"0\" skipped=\"0\" time=\"{seconds}\">",
            xml(&self.input),
            t.templates
        );
        for r in &self.templates {
            let _ = write!(
                x,
                "    <testcase classname=\"cfn2tf.batch\" name=\"{}\" file=\"{}\" time=\"{:.3}\">",
                xml(&r.template),
                xml(&r.template),
                r.millis / 1000.0
            );
            if r.status.is_failure() {
                let mut detail: Vec<String> = r
                    .errors
                    .iter()
                    .map(|e| format!("{}: {}: {}", e.location, e.code, e.message))
                    .collect();
                detail.extend(r.validation.iter().filter(|v| !v.passed()).map(|v| v.message.clone()));
                detail.extend(r.note.clone());
                let message = detail.first().cloned().unwrap_or_default();
                let _ = write!(
                    x,
                    "\n      <failure type=\"{}\" message=\"{}\">{}</failure>",
                    r.status.label(),
                    xml(&message),
                    xml(&detail.join("\n"))
                );
            }
            if !r.warnings.is_empty() {
                let lines: Vec<String> = r
                    .warnings
                    .iter()
                    .map(|w| format!("warning: {}: {}: {}", w.location, w.code, w.message))
                    .collect();
                let _ = write!(x, "\n      <system-out>{}</system-out>", xml(&lines.join("\n")));
            }
            if r.status.is_failure() || !r.warnings.is_empty() {
                x.push_str("\n    ");
            }
            x.push_str("</testcase>\n");
        }
        x.push_str("  </testsuite>\n</testsuites>\n");
        x
    }
}

/// Text for an XML attribute or element: the five special characters escaped, and the control
/// characters XML 1.0 cannot hold at all (a template's bytes may contain them) dropped.
fn xml(text: &str) -> String {
    let mut out = String::with_capacity(text.len());
    for c in text.chars() {
        match c {
            '&' => out.push_str("&amp;"),
            '<' => out.push_str("&lt;"),
            '>' => out.push_str("&gt;"),
            '"' => out.push_str("&quot;"),
            '\'' => out.push_str("&apos;"),
            '\n' | '\t' | '\r' => out.push(c),
            c if (c as u32) < 0x20 || c == '\u{fffe}' || c == '\u{ffff}' => {}
            c => out.push(c),
        }
    }
    out
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn code_spans_hold_any_file_name_on_one_table_line() {
        assert_eq!(code("a.yaml"), "`a.yaml`");
        assert_eq!(code("a|b\nc`d"), "``a\\|b c`d``");
        assert_eq!(code("`x"), "`` `x ``");
    }
}
