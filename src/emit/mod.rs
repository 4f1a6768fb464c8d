//! Stage 4: the Terraform model -> HCL text that `terraform fmt` leaves unchanged.
//!
//! Leaf expressions (strings, references, calls, conditionals) are printed by hcl-rs; the
//! layout (blocks, multi-line objects and lists, indentation) is ours, because hcl-rs does not
//! align `=` the way `terraform fmt` does. The alignment rule is hclwrite's: consecutive lines
//! that assign a whole single-line value form a chain whose `=` signs line up; a blank line,
//! a comment, a block header or a line opening a multi-line value ends the chain.

use crate::tf::{Block, BodyItem, Config, Expression, FileKind};
use hcl::expr::{ObjectKey, TemplateExpr, TraversalOperator};
use std::borrow::Cow;
use std::collections::BTreeMap;
use std::fmt::Write;

/// One printed line, tagged with what the alignment pass needs.
struct Line {
    indent: usize,
    /// For `key = value` lines whose value is complete on the line: the length of `key`, which
    /// begins `text`.
    key_len: Option<usize>,
    text: String,
    /// Verbatim lines (heredoc bodies) are never indented or aligned.
    verbatim: bool,
}

struct Printer {
    lines: Vec<Line>,
}

const INLINE_LIST_LIMIT: usize = 100;

impl Printer {
    fn push(&mut self, indent: usize, text: String) {
        self.lines.push(Line {
            indent,
            key_len: None,
            text,
            verbatim: false,
        });
    }

    fn blank(&mut self) {
        self.lines.push(Line {
            indent: 0,
            key_len: None,
            text: String::new(),
            verbatim: false,
        });
    }

    fn block(&mut self, block: &Block, indent: usize) {
        for c in &block.comments {
            self.push(indent, comment_text(c));
        }
        if block.ident.is_empty() {
            return;
        }
        let mut header = block.ident.clone();
        for l in &block.labels {
            header.push(' ');
            header.push_str(&quote(l));
        }
        if block.body.is_empty() {
            self.push(indent, format!("{header} {{}}"));
            return;
        }
        self.push(indent, format!("{header} {{"));
        let mut prev_was_block = false;
        for (i, item) in block.body.iter().enumerate() {
            match item {
                BodyItem::Attribute(name, value) => {
                    if prev_was_block {
                        self.blank();
                    }
                    self.assignment(indent + 1, &ident_or_quoted(name), value);
                    prev_was_block = false;
                }
                BodyItem::Block(b) => {
                    if i > 0 {
                        self.blank();
                    }
                    self.block(b, indent + 1);
                    prev_was_block = true;
                }
                BodyItem::Comment(c) => {
                    self.push(indent + 1, comment_text(c));
                    prev_was_block = false;
                }
            }
        }
        self.push(indent, "}".to_string());
    }

    /// `key = value`, the value inline when it fits on one line, else opened on this line.
    fn assignment(&mut self, indent: usize, key: &str, value: &Expression) {
        self.value_lines(indent, &assigned(key), Some(key), value, "");
    }

    /// Prints `prefix value suffix`, spreading multi-line objects and lists over lines.
    fn value_lines(&mut self, indent: usize, prefix: &str, key: Option<&str>, value: &Expression, suffix: &str) {
        let mut text = String::with_capacity(prefix.len() + 40);
        text.push_str(prefix);
        if write_inline(value, &mut text) {
            text.push_str(suffix);
            self.lines.push(Line {
                indent,
                key_len: key.map(str::len),
                text,
                verbatim: false,
            });
            return;
        }
        match value {
            Expression::Object(obj) => {
                self.push(indent, format!("{prefix}{{"));
                for (k, v) in obj {
                    let key = object_key(k);
                    self.value_lines(indent + 1, &assigned(&key), Some(&key), v, "");
                }
                self.push(indent, format!("}}{suffix}"));
            }
            Expression::Array(items) => {
                self.push(indent, format!("{prefix}["));
                for item in items {
                    self.value_lines(indent + 1, "", None, &without_heredocs(item), ",");
                }
                self.push(indent, format!("]{suffix}"));
            }
            Expression::FuncCall(f) if f.args.len() == 1 => {
                // `jsonencode({` ... `})`: one indent level for the two brackets, as fmt does.
                let name = f.name.to_string();
                match &f.args[0] {
                    Expression::Object(_) | Expression::Array(_) => {
                        let open = if matches!(f.args[0], Expression::Object(_)) {
                            "{"
                        } else {
                            "["
                        };
                        let close = if open == "{" { "}" } else { "]" };
                        self.push(indent, format!("{prefix}{name}({open}"));
                        match &f.args[0] {
                            Expression::Object(obj) => {
                                for (k, v) in obj {
                                    let key = object_key(k);
                                    self.value_lines(indent + 1, &assigned(&key), Some(&key), v, "");
                                }
                            }
                            Expression::Array(items) => {
                                for item in items {
                                    self.value_lines(indent + 1, "", None, item, ",");
                                }
                            }
                            _ => unreachable!(),
                        }
                        self.push(indent, format!("{close}){suffix}"));
                    }
                    Expression::TemplateExpr(t) => {
                        self.heredoc(indent, prefix, key, &format!("{name}("), t, &format!("){suffix}"))
                    }
                    other => {
                        let text = format!("{prefix}{name}({})", compact(&without_heredocs(other)));
                        self.lines.push(Line {
                            indent,
                            key_len: key.map(str::len),
                            text: text + suffix,
                            verbatim: false,
                        });
                    }
                }
            }
            Expression::TemplateExpr(t) => self.heredoc(indent, prefix, key, "", t, suffix),
            other => {
                let text = format!("{prefix}{}{suffix}", compact(&without_heredocs(other)));
                self.lines.push(Line {
                    indent,
                    key_len: key.map(str::len),
                    text,
                    verbatim: false,
                });
            }
        }
    }

    fn heredoc(&mut self, indent: usize, prefix: &str, key: Option<&str>, open: &str, t: &TemplateExpr, suffix: &str) {
        match t {
            TemplateExpr::Heredoc(h) => {
                let delim = h.delimiter.as_str();
                // `f(<<EOT` leaves a bracket open: fmt does not align such a line.
                self.lines.push(Line {
                    indent,
                    key_len: if open.is_empty() { key.map(str::len) } else { None },
                    text: format!("{prefix}{open}<<{delim}"),
                    verbatim: false,
                });
                for l in h.template.strip_suffix('\n').unwrap_or(&h.template).split('\n') {
                    self.lines.push(Line {
                        indent: 0,
                        key_len: None,
                        text: l.to_string(),
                        verbatim: true,
                    });
                }
                // The closing marker must stand alone on its line: what follows goes on the next.
                self.lines.push(Line {
                    indent: 0,
                    key_len: None,
                    text: delim.to_string(),
                    verbatim: true,
                });
                if !suffix.is_empty() {
                    self.push(indent, suffix.to_string());
                }
            }
            TemplateExpr::QuotedString(s) => {
                let text = format!("{prefix}{open}\"{s}\"{suffix}");
                self.lines.push(Line {
                    indent,
                    key_len: key.map(str::len),
                    text,
                    verbatim: false,
                });
            }
        }
    }

    /// Aligns `=` across chains of assignment lines, then joins everything.
    fn finish(self) -> String {
        let key_width = |l: &Line| l.key_len.map(|len| l.text[..len].chars().count());
        let mut pads = vec![0; self.lines.len()];
        let mut i = 0;
        while i < self.lines.len() {
            if self.lines[i].key_len.is_none() {
                i += 1;
                continue;
            }
            let start = i;
            let indent = self.lines[i].indent;
            let mut end = i;
            // A heredoc body (verbatim lines) belongs to its assignment line: the chain goes on.
            while end < self.lines.len() {
                let l = &self.lines[end];
                if l.verbatim || (l.key_len.is_some() && l.indent == indent) {
                    end += 1;
                } else {
                    break;
                }
            }
            let width = self.lines[start..end].iter().filter_map(key_width).max().unwrap_or(0);
            for (l, pad) in self.lines[start..end].iter().zip(&mut pads[start..end]) {
                if let Some(w) = key_width(l) {
                    *pad = width - w;
                }
            }
            i = end;
        }
        let size: usize = self.lines.iter().map(|l| l.text.len() + 2 * l.indent + 1).sum();
        let mut out = String::with_capacity(size + pads.iter().sum::<usize>());
        for (l, &pad) in self.lines.iter().zip(&pads) {
            if !l.verbatim && !l.text.is_empty() {
                for _ in 0..l.indent {
                    out.push_str("  ");
                }
            }
            match l.key_len {
                Some(len) if pad > 0 => {
                    out.push_str(&l.text[..len]);
                    for _ in 0..pad {
                        out.push(' ');
                    }
                    out.push_str(&l.text[len..]);
                }
                _ => out.push_str(&l.text),
            }
            out.push('\n');
        }
        out
    }
}

/// Heredocs only work where their closing marker can stand alone on a line; inside a list, an
/// argument list or a conditional they become quoted strings with `\n` escapes.
fn without_heredocs(e: &Expression) -> Cow<'_, Expression> {
    if has_heredoc(e) {
        Cow::Owned(heredocs_quoted(e))
    } else {
        Cow::Borrowed(e)
    }
}

fn has_heredoc(e: &Expression) -> bool {
    match e {
        Expression::TemplateExpr(t) => matches!(**t, TemplateExpr::Heredoc(_)),
        Expression::Array(items) => items.iter().any(has_heredoc),
        Expression::Object(o) => o.values().any(has_heredoc),
        Expression::FuncCall(f) => f.args.iter().any(has_heredoc),
        Expression::Conditional(c) => has_heredoc(&c.true_expr) || has_heredoc(&c.false_expr),
        Expression::Parenthesis(inner) => has_heredoc(inner),
        _ => false,
    }
}

fn heredocs_quoted(e: &Expression) -> Expression {
    match e {
        Expression::TemplateExpr(t) => match &**t {
            TemplateExpr::Heredoc(h) => {
                let mut quoted = String::with_capacity(h.template.len() + 8);
                for c in h.template.chars() {
                    match c {
                        '\\' => quoted.push_str("\\\\"),
                        '"' => quoted.push_str("\\\""),
                        '\n' => quoted.push_str("\\n"),
                        '\t' => quoted.push_str("\\t"),
                        c => quoted.push(c),
                    }
                }
                Expression::TemplateExpr(Box::new(TemplateExpr::QuotedString(quoted)))
            }
            TemplateExpr::QuotedString(_) => e.clone(),
        },
        Expression::Array(items) => Expression::Array(items.iter().map(heredocs_quoted).collect()),
        Expression::Object(o) => Expression::Object(o.iter().map(|(k, v)| (k.clone(), heredocs_quoted(v))).collect()),
        Expression::FuncCall(f) => {
            let mut f = (**f).clone();
            f.args = f.args.iter().map(heredocs_quoted).collect();
            Expression::FuncCall(Box::new(f))
        }
        Expression::Conditional(c) => {
            let mut c = (**c).clone();
            c.true_expr = heredocs_quoted(&c.true_expr);
            c.false_expr = heredocs_quoted(&c.false_expr);
            Expression::Conditional(Box::new(c))
        }
        Expression::Parenthesis(inner) => Expression::Parenthesis(Box::new(heredocs_quoted(inner))),
        other => other.clone(),
    }
}

/// `key = `, the start of an assignment line.
fn assigned(key: &str) -> String {
    let mut text = String::with_capacity(key.len() + 3);
    text.push_str(key);
    text.push_str(" = ");
    text
}

fn comment_text(c: &str) -> String {
    if c.is_empty() {
        return "#".to_string();
    }
    let mut text = String::with_capacity(c.len() + 2);
    text.push_str("# ");
    for (i, part) in c.split('\n').enumerate() {
        if i > 0 {
            text.push(' ');
        }
        text.push_str(part);
    }
    text
}

fn quote(s: &str) -> String {
    compact(&Expression::String(s.to_string()))
}

fn ident_or_quoted(name: &str) -> String {
    if is_identifier(name) {
        name.to_string()
    } else {
        quote(name)
    }
}

fn is_identifier(s: &str) -> bool {
    let mut chars = s.chars();
    matches!(chars.next(), Some(c) if c.is_alphabetic() || c == '_')
        && chars.all(|c| c.is_alphanumeric() || c == '_' || c == '-')
}

fn object_key(k: &ObjectKey) -> String {
    match k {
        ObjectKey::Identifier(i) => ident_or_quoted(i.as_str()),
        ObjectKey::Expression(Expression::String(s)) => ident_or_quoted(s),
        ObjectKey::Expression(e) => {
            // An expression key is parenthesised so HCL does not read it as a bare name.
            let text = compact(e);
            if text.starts_with('"') {
                text
            } else {
                format!("({text})")
            }
        }
        other => compact(&Expression::String(format!("{other:?}"))),
    }
}

/// Single-line rendering of a leaf expression, by hcl-rs.
fn compact(e: &Expression) -> String {
    let mut out = String::new();
    write_compact(e, &mut out);
    out
}

fn write_compact(e: &Expression, out: &mut String) {
    // Most leaves are plain strings and references: written here as hcl-rs writes them, without
    // a formatter each.
    match e {
        Expression::String(s) if !needs_escapes(s) => {
            out.push('"');
            out.push_str(s);
            out.push('"');
            return;
        }
        Expression::Traversal(t)
            if let Expression::Variable(root) = &t.expr
                && t.operators.iter().all(|op| matches!(op, TraversalOperator::GetAttr(_))) =>
        {
            out.push_str(root);
            for op in &t.operators {
                if let TraversalOperator::GetAttr(name) = op {
                    out.push('.');
                    out.push_str(name);
                }
            }
            return;
        }
        _ => {}
    }
    let mut buf = Vec::new();
    let mut f = hcl::format::Formatter::builder().compact(true).build(&mut buf);
    let text = match hcl::format::Format::format(e, &mut f) {
        Ok(()) => std::str::from_utf8(&buf).unwrap_or_default(),
        Err(_) => "null",
    };
    match e {
        // `terraform fmt` spaces the braces of a one-line object `for` (`{ for k, v in x : k => v }`),
        // which hcl-rs's compact form leaves out.
        Expression::ForExpr(f) if f.key_expr.is_some() && text.starts_with('{') && text.ends_with('}') => {
            out.push_str("{ ");
            out.push_str(&text[1..text.len() - 1]);
            out.push_str(" }");
        }
        _ => out.push_str(text),
    }
}

/// Whether hcl-rs escapes anything in this string: quotes, backslashes, control characters and
/// template markers (`${`, `%{`).
fn needs_escapes(s: &str) -> bool {
    s.bytes().any(|b| b < 0x20 || b == b'"' || b == b'\\') || s.contains("${") || s.contains("%{")
}

/// The expression on one line, or None when it must be spread over several.
fn inline(e: &Expression) -> Option<String> {
    let mut out = String::new();
    write_inline(e, &mut out).then_some(out)
}

/// Appends the expression on one line; false (with `out` partly written) when it must be spread
/// over several.
fn write_inline(e: &Expression, out: &mut String) -> bool {
    match e {
        Expression::Object(o) => {
            out.push_str("{}");
            o.is_empty()
        }
        Expression::Array(items) => {
            let start = out.len();
            out.push('[');
            for (i, item) in items.iter().enumerate() {
                if i > 0 {
                    out.push_str(", ");
                }
                if !write_inline(item, out) {
                    return false;
                }
            }
            out.push(']');
            out.len() - start <= INLINE_LIST_LIMIT
        }
        Expression::TemplateExpr(t) if matches!(**t, TemplateExpr::Heredoc(_)) => false,
        Expression::FuncCall(f) => {
            let _ = write!(out, "{}(", f.name);
            for (i, arg) in f.args.iter().enumerate() {
                if i > 0 {
                    out.push_str(", ");
                }
                if !write_inline(arg, out) {
                    return false;
                }
            }
            out.push_str(if f.expand_final { "...)" } else { ")" });
            true
        }
        Expression::Conditional(c) => {
            write_inline(&c.cond_expr, out)
                && {
                    out.push_str(" ? ");
                    write_inline(&c.true_expr, out)
                }
                && {
                    out.push_str(" : ");
                    write_inline(&c.false_expr, out)
                }
        }
        Expression::Parenthesis(inner) => {
            out.push('(');
            let fits = write_inline(inner, out);
            out.push(')');
            fits
        }
        other => {
            let start = out.len();
            write_compact(other, out);
            !out[start..].contains('\n')
        }
    }
}

/// A single-line rendering of an expression, for interpolation into templates and messages.
pub fn inline_text(e: &Expression) -> String {
    inline(e).unwrap_or_else(|| compact(e))
}

/// The configuration as one text per output file, in a stable order.
pub fn render_files(config: &Config) -> BTreeMap<FileKind, String> {
    let mut by_file: BTreeMap<FileKind, Printer> = BTreeMap::new();
    for (kind, block) in &config.blocks {
        let p = by_file.entry(*kind).or_insert_with(|| Printer { lines: Vec::new() });
        if !p.lines.is_empty() {
            p.blank();
        }
        p.block(block, 0);
    }
    by_file.into_iter().map(|(k, p)| (k, p.finish())).collect()
}

/// Everything in one text (for stdout), files separated by a comment naming each.
pub fn render_single(config: &Config) -> String {
    let files = render_files(config);
    let mut out = String::new();
    for (kind, text) in files {
        if !out.is_empty() {
            out.push('\n');
        }
        out.push_str(&format!("# ---- {}\n", kind.file_name()));
        out.push_str(&text);
    }
    out
}

#[cfg(test)]
mod tests {
    use super::*;
    use crate::tf::traversal;

    fn heredoc(text: &str) -> Expression {
        Expression::TemplateExpr(Box::new(TemplateExpr::Heredoc(hcl::expr::Heredoc {
            delimiter: hcl::Identifier::unchecked("EOT"),
            template: text.to_string(),
            strip: hcl::expr::HeredocStripMode::None,
        })))
    }

    #[test]
    fn heredocs_in_lists_and_calls_stay_valid_hcl() {
        let mut b = Block::new("resource", &["aws_instance", "a"]);
        b.attr(
            "user_data",
            crate::tf::call("base64encode", vec![heredoc("echo \"hi\"\n")]),
        );
        b.attr(
            "script",
            crate::tf::call(
                "join",
                vec![
                    Expression::String("".into()),
                    Expression::Array(vec![heredoc("a\n"), heredoc("b\n")]),
                ],
            ),
        );
        let mut c = Config::default();
        c.push(FileKind::Main, b);
        let text = render_single(&c);
        assert!(
            text.contains("  user_data = base64encode(<<EOT\necho \"hi\"\nEOT\n  )\n"),
            "{text}"
        );
        assert!(text.contains("script = join(\"\", [\"a\\n\", \"b\\n\"])"), "{text}");
        hcl_edit::parser::parse_body(&text).unwrap_or_else(|e| panic!("{e}\n{text}"));
    }

    #[test]
    fn aligns_consecutive_single_line_assignments() {
        let mut b = Block::new("resource", &["aws_vpc", "main"]);
        b.attr("cidr_block", Expression::String("10.0.0.0/16".into()));
        b.attr("id", traversal(&["var", "x"]));
        let mut tags = hcl::Object::new();
        tags.insert(
            ObjectKey::Identifier(hcl::Identifier::unchecked("Name")),
            Expression::String("v".into()),
        );
        b.attr("tags", Expression::Object(tags));
        let mut c = Config::default();
        c.push(FileKind::Main, b);
        let text = render_single(&c);
        assert!(
            text.contains("  cidr_block = \"10.0.0.0/16\"\n  id         = var.x\n  tags = {\n    Name = \"v\"\n  }\n"),
            "{text}"
        );
    }
}
