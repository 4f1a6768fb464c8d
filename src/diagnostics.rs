//! Errors and warnings are data (a span, a code, a message, a hint), rendered only at the edge
//! (the CLI) with miette, so that every stage reports `file:line:col` the same way.

use crate::source::{SourceFile, Span};
use miette::{GraphicalReportHandler, GraphicalTheme, LabeledSpan, MietteDiagnostic, Severity};

#[derive(Debug, Clone, Copy, PartialEq, Eq, PartialOrd, Ord, Hash, serde::Serialize)]
#[serde(rename_all = "lowercase")]
pub enum Level {
    Warning,
    Error,
}

#[derive(Debug, Clone, PartialEq, Eq)]
pub struct Diagnostic {
    pub level: Level,
    /// Stable machine-readable code, e.g. `parse::yaml`, `convert::unmapped-property`.
    pub code: &'static str,
    pub message: String,
    pub span: Option<Span>,
    pub help: Option<String>,
}

impl Diagnostic {
    pub fn error(code: &'static str, message: impl Into<String>, span: Option<Span>) -> Self {
        Diagnostic {
            level: Level::Error,
            code,
            message: message.into(),
            span,
            help: None,
        }
    }

    pub fn warning(code: &'static str, message: impl Into<String>, span: Option<Span>) -> Self {
        Diagnostic {
            level: Level::Warning,
            ..Diagnostic::error(code, message, span)
        }
    }

    pub fn with_help(mut self, help: impl Into<String>) -> Self {
        self.help = Some(help.into());
        self
    }

    /// `file:line:col` (or just the file when the diagnostic has no span).
    pub fn location(&self, file: &SourceFile) -> String {
        match self.span {
            Some(span) => file.location(span.start),
            None => file.name.clone(),
        }
    }

    /// One line, for logs and reports: `file:line:col: warning: message`.
    pub fn one_line(&self, file: &SourceFile) -> String {
        let level = match self.level {
            Level::Warning => "warning",
            Level::Error => "error",
        };
        format!("{}: {level}: {}", self.location(file), self.message)
    }

    /// The full rendering with the source line, a caret under the span and the hint.
    pub fn render(&self, file: &SourceFile, color: bool) -> String {
        let line = self.span.map(|s| file.line_col(s.start).line);
        if let Some(span) = self.span
            && line.is_some_and(|l| (l.saturating_sub(1)..=l + 1).any(|n| file.line_text(n).len() > MAX_SNIPPET_LINE))
        {
            return self.render_clipped(file, span);
        }
        let mut report = MietteDiagnostic::new(self.message.clone())
            .with_code(self.code)
            .with_severity(match self.level {
                Level::Warning => Severity::Warning,
                Level::Error => Severity::Error,
            });
        if let Some(help) = &self.help {
            report = report.with_help(help.clone());
        }
        if let Some(span) = self.span {
            let len = (span.end - span.start)
                .max(1)
                .min(file.text.len().saturating_sub(span.start));
            report = report.with_label(LabeledSpan::at(span.start..span.start + len, "here"));
        }
        let theme = if color {
            GraphicalTheme::unicode()
        } else {
            GraphicalTheme::unicode_nocolor()
        };
        let handler = GraphicalReportHandler::new_themed(theme).with_context_lines(1);
        let source = miette::NamedSource::new(&file.name, file.text.clone());
        let report = miette::Report::new(report).with_source_code(source);
        let mut out = String::new();
        if handler.render_report(&mut out, report.as_ref()).is_err() {
            out = self.one_line(file);
        }
        format!("{}\n{out}", self.one_line(file))
    }
}

/// Longer source lines (minified JSON) get a clipped snippet of ours: miette's renderer panics
/// on columns past about 65,530 and would print the whole line.
const MAX_SNIPPET_LINE: usize = 1000;

/// Characters of a clipped line shown on each side of the span.
const CLIP_CONTEXT: usize = 60;

impl Diagnostic {
    fn render_clipped(&self, file: &SourceFile, span: Span) -> String {
        let at = file.line_col(span.start);
        let line = file.line_text(at.line);
        let chars: Vec<char> = line.chars().collect();
        let col = (at.col - 1).min(chars.len());
        let from = col.saturating_sub(CLIP_CONTEXT);
        let to = (col + CLIP_CONTEXT).min(chars.len());
        let shown: String = chars[from..to]
            .iter()
            .map(|c| if c.is_control() { ' ' } else { *c })
            .collect();
        let (before, after) = (if from > 0 { "…" } else { "" }, if to < chars.len() { "…" } else { "" });
        let caret = " ".repeat(before.chars().count() + col - from);
        let mut out = format!(
            "{}\n  × {}\n   ╭─[{}]\n   │ {before}{shown}{after}\n   │ {caret}^ here\n   ╰────",
            self.one_line(file),
            self.message,
            file.location(span.start)
        );
        if let Some(help) = &self.help {
            out.push_str(&format!("\n  help: {help}"));
        }
        out
    }
}

/// Collected diagnostics of one conversion.
#[derive(Debug, Default, Clone)]
pub struct Diagnostics {
    pub items: Vec<Diagnostic>,
}

impl Diagnostics {
    pub fn push(&mut self, d: Diagnostic) {
        self.items.push(d);
    }

    pub fn warn(&mut self, code: &'static str, message: impl Into<String>, span: Option<Span>) {
        self.items.push(Diagnostic::warning(code, message, span));
    }

    pub fn has_errors(&self) -> bool {
        self.items.iter().any(|d| d.level == Level::Error)
    }

    pub fn warnings(&self) -> impl Iterator<Item = &Diagnostic> {
        self.items.iter().filter(|d| d.level == Level::Warning)
    }

    pub fn errors(&self) -> impl Iterator<Item = &Diagnostic> {
        self.items.iter().filter(|d| d.level == Level::Error)
    }
}
