use super::{Key, Limits, Node, Value, check_depth, check_new_key};
use crate::diagnostics::Diagnostic;
use crate::source::{SourceFile, Span};
use saphyr_parser::{Event, Parser, ScalarStyle, ScanError, Tag};
use std::borrow::Cow;
use std::collections::HashMap;

enum Frame {
    Seq {
        items: Vec<Node>,
        start: usize,
        anchor: usize,
        tag: Option<String>,
    },
    Map {
        entries: Vec<(Key, Node)>,
        /// Each key -> its entry, for the duplicate check.
        seen: std::collections::HashMap<String, usize>,
        pending_key: Option<Key>,
        start: usize,
        anchor: usize,
        tag: Option<String>,
    },
}

/// YAML (or, in tests, JSON read as YAML) into the tree, with warnings about what was read
/// leniently; `super::parse_template_text` has refused binary and empty input.
///
/// CloudFormation and cfn-lint read YAML with PyYAML, which does not check indentation where
/// YAML makes it meaningless: the continuation lines of a quoted scalar and the lines of a flow
/// collection (`[ ... ]`) may sit left of their key. saphyr refuses both, so such a line is
/// indented just enough and the text read again; spans point into the file as written.
pub(super) fn parse_yaml(file: &SourceFile, limits: Limits) -> Result<(Node, Vec<Diagnostic>), Diagnostic> {
    let mut pads: std::collections::BTreeMap<usize, usize> = std::collections::BTreeMap::new();
    let mut warnings = Vec::new();
    let mut patched = file.clone();
    loop {
        let unpad = Unpad::new(file, &pads);
        let failure = match build_tree(&patched, limits) {
            Ok(mut root) => {
                if !pads.is_empty() {
                    remap_node(&mut root, &unpad);
                }
                return Ok((root, warnings));
            }
            Err(f) => f,
        };
        let unpadded = |mut d: Diagnostic| {
            if let Some(span) = d.span.as_mut() {
                *span = unpad.span(*span);
            }
            d
        };
        // Each round indents at least one line further, up to its key: a bound for odd input.
        let Some(leniency) = failure.leniency.filter(|_| warnings.len() < file.line_count()) else {
            return Err(unpadded(failure.diagnostic));
        };
        let (lines, why) = match leniency {
            Leniency::Quoted { start } => (
                quoted_continuations(&patched, start),
                "the continuation lines of this quoted scalar are indented less than its key",
            ),
            Leniency::Flow { start, at } => (
                vec![patched.line_col(at).line],
                if patched.text[start..].starts_with('[') {
                    "a line of this flow sequence is indented less than its key"
                } else {
                    "a line of this flow mapping is indented less than its key"
                },
            ),
        };
        let key_line = match leniency {
            Leniency::Quoted { start } | Leniency::Flow { start, .. } => patched.line_col(start).line,
        };
        let need = indentation(&patched, key_line) + 1;
        let mut grew = false;
        for line in lines {
            let have = indentation(&patched, line);
            if have < need && !line_text(&patched, line).trim().is_empty() {
                *pads.entry(line).or_default() += need - have;
                grew = true;
            }
        }
        if !grew {
            return Err(unpadded(failure.diagnostic));
        }
        let at = match leniency {
            Leniency::Quoted { start } | Leniency::Flow { start, .. } => unpad.offset(start),
        };
        warnings.push(
            Diagnostic::warning(
                "parse::lenient-indentation",
                format!("{why}: YAML refuses this, CloudFormation and cfn-lint read it, and so does cfn2tf"),
                Some(Span::new(at, at + 1)),
            )
            .with_help("indent the lines below the key further to make the file portable YAML"),
        );
        patched = padded(file, &pads);
    }
}

/// An indentation error that PyYAML, unlike saphyr, lets pass.
#[derive(Clone, Copy)]
enum Leniency {
    /// A quoted scalar starting at this offset.
    Quoted { start: usize },
    /// A line (at) inside the flow collection opened at start.
    Flow { start: usize, at: usize },
}

struct Failure {
    diagnostic: Diagnostic,
    leniency: Option<Leniency>,
}

/// Lines are 1-based here, as in `SourceFile::line_col`.
fn line_text(file: &SourceFile, line: usize) -> &str {
    let start = file.offset_of(line, 0);
    let end = file.offset_of(line + 1, 0).min(file.text.len());
    file.text[start..end].trim_end_matches('\n')
}

fn indentation(file: &SourceFile, line: usize) -> usize {
    let text = line_text(file, line);
    text.len() - text.trim_start_matches(' ').len()
}

/// The lines after the first of the quoted scalar starting at `start`, to its closing quote.
fn quoted_continuations(file: &SourceFile, start: usize) -> Vec<usize> {
    let text = &file.text[start..];
    let Some(quote) = text.chars().next().filter(|c| *c == '\'' || *c == '"') else {
        return Vec::new();
    };
    let mut end = text.len();
    let mut chars = text.char_indices().skip(1).peekable();
    while let Some((i, c)) = chars.next() {
        if quote == '"' && c == '\\' {
            chars.next();
        } else if c == quote {
            if quote == '\'' && chars.peek().is_some_and(|(_, n)| *n == '\'') {
                chars.next();
            } else {
                end = i;
                break;
            }
        }
    }
    let first = file.line_col(start).line;
    let last = file.line_col(start + end).line;
    (first + 1..=last).collect()
}

fn padded(file: &SourceFile, pads: &std::collections::BTreeMap<usize, usize>) -> SourceFile {
    let mut text = String::with_capacity(file.text.len() + pads.values().sum::<usize>());
    for (i, line) in file.text.split_inclusive('\n').enumerate() {
        text.extend(std::iter::repeat_n(' ', pads.get(&(i + 1)).copied().unwrap_or(0)));
        text.push_str(line);
    }
    SourceFile::new(file.name.clone(), text)
}

/// Offsets into the padded text -> the same place in the file as written (line numbers are the
/// same in both; a line only moved right).
struct Unpad {
    /// Per line: where it starts in the padded text, where in the file, and its padding.
    lines: Vec<(usize, usize, usize)>,
    len: usize,
}

impl Unpad {
    fn new(file: &SourceFile, pads: &std::collections::BTreeMap<usize, usize>) -> Unpad {
        let mut shift = 0;
        let lines = (1..=file.line_count())
            .map(|line| {
                let start = file.offset_of(line, 0);
                let pad = pads.get(&line).copied().unwrap_or(0);
                let entry = (start + shift, start, pad);
                shift += pad;
                entry
            })
            .collect();
        Unpad {
            lines,
            len: file.text.len(),
        }
    }

    fn offset(&self, padded: usize) -> usize {
        let i = self
            .lines
            .partition_point(|(start, _, _)| *start <= padded)
            .saturating_sub(1);
        let Some(&(padded_start, start, pad)) = self.lines.get(i) else {
            return padded.min(self.len);
        };
        (start + padded.saturating_sub(padded_start + pad)).min(self.len)
    }

    fn span(&self, span: Span) -> Span {
        Span::new(self.offset(span.start), self.offset(span.end))
    }
}

fn remap_node(node: &mut Node, unpad: &Unpad) {
    node.span = unpad.span(node.span);
    match &mut node.value {
        Value::Seq(items) => items.iter_mut().for_each(|n| remap_node(n, unpad)),
        Value::Map(entries) => {
            for (k, v) in entries {
                k.span = unpad.span(k.span);
                remap_node(v, unpad);
            }
        }
        _ => {}
    }
}

fn build_tree(file: &SourceFile, limits: Limits) -> Result<Node, Failure> {
    let strict = |diagnostic| Failure {
        diagnostic,
        leniency: None,
    };
    let mut builder = TreeBuilder {
        file,
        limits,
        stack: Vec::new(),
        anchors: HashMap::new(),
        alias_bytes: 0,
        root: None,
    };
    let mut documents = 0;
    for event in Parser::new_from_str(&file.text) {
        let (event, span) = match event {
            Ok(ok) => ok,
            Err(e) => {
                let at = file.offset_of(e.marker().line(), e.marker().col());
                let leniency = if e.info().contains("invalid indentation in quoted scalar") {
                    Some(Leniency::Quoted { start: at })
                } else if e.info().contains("invalid indentation") {
                    builder.open_flow().map(|start| Leniency::Flow { start, at })
                } else {
                    None
                };
                return Err(Failure {
                    diagnostic: scan_error(file, &e),
                    leniency,
                });
            }
        };
        let start = file.offset_of(span.start.line(), span.start.col());
        let end = file.offset_of(span.end.line(), span.end.col());
        let span = Span::new(start, end);
        match event {
            Event::DocumentStart(_) => {
                documents += 1;
                if documents > 1 {
                    return Err(strict(
                        Diagnostic::error(
                            "parse::multi-document",
                            "the file holds more than one YAML document",
                            Some(span),
                        )
                        .with_help("a template is one document: split the file at `---`"),
                    ));
                }
            }
            other => builder.on_event(other, span).map_err(strict)?,
        }
    }
    builder.root.ok_or_else(|| {
        strict(
            Diagnostic::error(
                "parse::empty",
                "the file holds no YAML document (only comments?)",
                Some(Span::new(0, 0)),
            )
            .with_help("a CloudFormation template needs at least a `Resources` section"),
        )
    })
}

struct TreeBuilder<'a> {
    file: &'a SourceFile,
    limits: Limits,
    stack: Vec<Frame>,
    anchors: HashMap<usize, Node>,
    alias_bytes: usize,
    root: Option<Node>,
}

impl TreeBuilder<'_> {
    /// Where the innermost open collection starts, if it is a flow collection (`[` or `{`).
    fn open_flow(&self) -> Option<usize> {
        let start = match self.stack.last()? {
            Frame::Seq { start, .. } | Frame::Map { start, .. } => *start,
        };
        matches!(self.file.text.as_bytes().get(start), Some(b'[' | b'{')).then_some(start)
    }

    fn on_event(&mut self, event: Event<'_>, span: Span) -> Result<(), Diagnostic> {
        match event {
            Event::Scalar(text, style, anchor, tag) => {
                let tag = tag_name(tag);
                let value = scalar_value(text, style, tag.as_deref());
                let node = Node::new(value, span);
                self.finish(node, anchor, tag)
            }
            Event::SequenceStart(anchor, tag) => {
                self.check_depth(span)?;
                self.stack.push(Frame::Seq {
                    items: Vec::new(),
                    start: span.start,
                    anchor,
                    tag: tag_name(tag),
                });
                Ok(())
            }
            Event::MappingStart(anchor, tag) => {
                self.check_depth(span)?;
                self.stack.push(Frame::Map {
                    entries: Vec::new(),
                    seen: Default::default(),
                    pending_key: None,
                    start: span.start,
                    anchor,
                    tag: tag_name(tag),
                });
                Ok(())
            }
            Event::SequenceEnd => match self.stack.pop() {
                Some(Frame::Seq {
                    items,
                    start,
                    anchor,
                    tag,
                }) => {
                    let node = Node::new(Value::Seq(items), Span::new(start, span.end));
                    self.finish(node, anchor, tag)
                }
                _ => Err(internal(span)),
            },
            Event::MappingEnd => match self.stack.pop() {
                Some(Frame::Map {
                    entries,
                    start,
                    anchor,
                    tag,
                    ..
                }) => {
                    let node = Node::new(Value::Map(entries), Span::new(start, span.end));
                    self.finish(node, anchor, tag)
                }
                _ => Err(internal(span)),
            },
            Event::Alias(id) => {
                let Some(target) = self.anchors.get(&id) else {
                    return Err(Diagnostic::error(
                        "parse::alias",
                        "this alias names no anchor defined before it",
                        Some(span),
                    ));
                };
                self.alias_bytes += expanded_bytes(target, self.limits.max_alias_bytes);
                if self.alias_bytes > self.limits.max_alias_bytes {
                    return Err(Diagnostic::error(
                        "parse::alias-limit",
                        format!("YAML aliases expand to more than {} bytes", self.limits.max_alias_bytes),
                        Some(span),
                    )
                    .with_help("this looks like an alias bomb; CloudFormation templates rarely use aliases at all"));
                }
                let mut node = target.clone();
                node.span = span;
                self.attach(node)
            }
            Event::StreamStart | Event::StreamEnd | Event::DocumentEnd | Event::Nothing => Ok(()),
            Event::DocumentStart(_) => Ok(()),
        }
    }

    fn check_depth(&self, span: Span) -> Result<(), Diagnostic> {
        check_depth(self.stack.len(), self.limits, span)
    }

    /// A node is complete: apply its tag, remember its anchor, hand it to its parent.
    fn finish(&mut self, node: Node, anchor: usize, tag: Option<String>) -> Result<(), Diagnostic> {
        let node = match tag {
            Some(tag) => apply_short_form(tag, node),
            None => node,
        };
        if anchor != 0 {
            self.anchors.insert(anchor, node.clone());
        }
        self.attach(node)
    }

    fn attach(&mut self, node: Node) -> Result<(), Diagnostic> {
        match self.stack.last_mut() {
            None => {
                self.root = Some(node);
                Ok(())
            }
            Some(Frame::Seq { items, .. }) => {
                items.push(node);
                Ok(())
            }
            Some(Frame::Map {
                entries,
                seen,
                pending_key,
                ..
            }) => match pending_key.take() {
                Some(key) => {
                    entries.push((key, node));
                    Ok(())
                }
                None => {
                    let name = match node.value {
                        Value::String(s) | Value::Number(s) => s,
                        Value::Bool(b) => b.to_string(),
                        Value::Null => String::new(),
                        _ => {
                            return Err(Diagnostic::error(
                                "parse::complex-key",
                                "a mapping key must be a plain string",
                                Some(node.span),
                            ));
                        }
                    };
                    check_new_key(self.file, seen, entries, &name, node.span)?;
                    *pending_key = Some(Key { name, span: node.span });
                    Ok(())
                }
            },
        }
    }
}

fn internal(span: Span) -> Diagnostic {
    Diagnostic::error("parse::structure", "unbalanced YAML structure", Some(span))
}

/// What a copy of `node` costs, stopping once past `cap`.
fn expanded_bytes(node: &Node, cap: usize) -> usize {
    /// Roughly what a node costs beyond its text, so that many empty nodes count too.
    const PER_NODE: usize = 16;
    let mut bytes = 0;
    let mut stack = vec![node];
    while let Some(n) = stack.pop() {
        bytes += PER_NODE;
        if bytes > cap {
            return bytes;
        }
        match &n.value {
            Value::Seq(items) => stack.extend(items.iter()),
            Value::Map(entries) => {
                bytes += entries.iter().map(|(k, _)| k.name.len()).sum::<usize>();
                stack.extend(entries.iter().map(|(_, v)| v));
            }
            Value::String(s) | Value::Number(s) => bytes += s.len(),
            Value::Null | Value::Bool(_) => {}
        }
    }
    bytes
}

fn tag_name(tag: Option<Cow<'_, Tag>>) -> Option<String> {
    let tag = tag?;
    match tag.handle.as_str() {
        // The non-specific tag `!` (`! "Ref": x`; saphyr's handle "", suffix "!"): the node as
        // written, as PyYAML reads it.
        "" if tag.suffix == "!" => None,
        "!" => Some(tag.suffix.clone()),
        // `!!str` and friends: only the type hint matters, handled in `scalar_value`.
        "!!" | "tag:yaml.org,2002:" => Some(format!("!!{}", tag.suffix)),
        _ => Some(format!("{}{}", tag.handle, tag.suffix)),
    }
}

/// Booleans only in YAML 1.1, which CloudFormation reads (as cfn-lint does, through PyYAML):
/// `off` is false there, the text "off" in YAML 1.2. `crate::parse::yaml11_booleans` warns.
pub(super) const YAML11_TRUE: &[&str] = &["yes", "Yes", "YES", "on", "On", "ON"];
pub(super) const YAML11_FALSE: &[&str] = &["no", "No", "NO", "off", "Off", "OFF"];

fn scalar_value(text: Cow<'_, str>, style: ScalarStyle, tag: Option<&str>) -> Value {
    if tag == Some("!!str") || style != ScalarStyle::Plain {
        return Value::String(text.into_owned());
    }
    match text.as_ref() {
        "" | "~" | "null" | "Null" | "NULL" => Value::Null,
        "true" | "True" | "TRUE" => Value::Bool(true),
        "false" | "False" | "FALSE" => Value::Bool(false),
        t if YAML11_TRUE.contains(&t) => Value::Bool(true),
        t if YAML11_FALSE.contains(&t) => Value::Bool(false),
        t if is_yaml_number(t) => Value::Number(t.to_string()),
        _ => Value::String(text.into_owned()),
    }
}

/// YAML 1.2 core-schema numbers (decimal ints and floats; what CloudFormation templates use).
pub(super) fn is_yaml_number(t: &str) -> bool {
    let body = t.strip_prefix(['-', '+']).unwrap_or(t);
    if body.is_empty() {
        return false;
    }
    let mut seen_digit = false;
    let mut seen_dot = false;
    let mut seen_exp = false;
    let mut prev = ' ';
    for c in body.chars() {
        match c {
            '0'..='9' => seen_digit = true,
            '.' if !seen_dot && !seen_exp => seen_dot = true,
            'e' | 'E' if seen_digit && !seen_exp => seen_exp = true,
            '+' | '-' if matches!(prev, 'e' | 'E') => {}
            _ => return false,
        }
        prev = c;
    }
    seen_digit && !matches!(prev, 'e' | 'E' | '+' | '-')
}

/// `!Ref X` is `{Ref: X}`, `!Sub s` is `{Fn::Sub: s}`: the long form is the one model.
fn apply_short_form(tag: String, node: Node) -> Node {
    if tag.starts_with("!!") {
        return node;
    }
    let key = match tag.as_str() {
        "Ref" | "Condition" => tag,
        _ => format!("Fn::{tag}"),
    };
    let span = node.span;
    Node::new(Value::Map(vec![(Key { name: key, span }, node)]), span)
}

fn scan_error(file: &SourceFile, e: &ScanError) -> Diagnostic {
    let mark = e.marker();
    let at = file.offset_of(mark.line(), mark.col());
    // The most common hand-written mistake: `Key:# comment`. YAML reads `Key:#` as part of a
    // plain scalar and fails later, so point at the real culprit, at or before the failure.
    if let Some((line, col)) = find_comment_without_space(file, mark.line()) {
        let offset = file.offset_of(line, col);
        return Diagnostic::error(
            "parse::yaml",
            "YAML syntax error: `#` here is not a comment, it is read as part of the key",
            Some(Span::new(offset, offset + 2)),
        )
        .with_help("a comment needs a space before `#`: write `Key: # comment`");
    }
    let info = e.info();
    if info.contains("recursion limit") {
        return Diagnostic::error(
            "parse::depth-limit",
            "nesting too deep for a template (the YAML parser's recursion limit)",
            Some(Span::new(at, at + 1)),
        )
        .with_help("no CloudFormation template nests this deep; the input is probably generated or hostile");
    }
    let mut d = Diagnostic::error(
        "parse::yaml",
        format!("YAML syntax error: {info}"),
        Some(Span::new(at, at + 1)),
    );
    if info.contains("tab") {
        d = d.with_help("YAML indentation must use spaces, not tabs");
    } else if info.contains("did not find expected") || info.contains("mapping values") {
        d = d.with_help("check the indentation and the `key: value` spacing on this line and the one before");
    }
    d
}

/// The first `word:#` (a colon glued to `#`) on a line up to `last_line`, outside quotes.
fn find_comment_without_space(file: &SourceFile, last_line: usize) -> Option<(usize, usize)> {
    (1..=last_line).find_map(|line| {
        let text = file.line_text(line);
        if text.trim_start().starts_with('#') {
            return None;
        }
        let mut in_single = false;
        let mut in_double = false;
        let chars: Vec<char> = text.chars().collect();
        for (i, &c) in chars.iter().enumerate() {
            match c {
                '\'' if !in_double => in_single = !in_single,
                '"' if !in_single => in_double = !in_double,
                '#' if !in_single && !in_double => {
                    if i > 0 && chars[i - 1] == ':' && i > 1 && !chars[i - 2].is_whitespace() {
                        return Some((line, i - 1));
                    }
                    if i > 0 && chars[i - 1].is_whitespace() {
                        return None; // a real comment: the rest of the line does not count
                    }
                }
                _ => {}
            }
        }
        None
    })
}

#[cfg(test)]
mod tests {
    use super::*;

    fn parse(text: &str) -> Result<Node, Diagnostic> {
        super::super::parse_template_text(&SourceFile::new("t.yaml", text.to_string()), Limits::default())
    }

    fn lenient(text: &str) -> (SourceFile, Result<(Node, Vec<Diagnostic>), Diagnostic>) {
        let file = SourceFile::new("t.yaml", text.to_string());
        let parsed = parse_yaml(&file, Limits::default());
        (file, parsed)
    }

    fn value<'n>(node: &'n Node, key: &str) -> &'n Node {
        match &node.value {
            Value::Map(entries) => &entries.iter().find(|(k, _)| k.name == key).expect(key).1,
            _ => panic!("not a map"),
        }
    }

    #[test]
    fn quoted_scalars_and_flow_lines_left_of_their_key_read_as_pyyaml_reads_them() {
        let text = "A:\n  B: 'one\n  two'\n  C: [x,\n  y]\n  D: \"three\n four\"\nE: last\n";
        let (file, parsed) = lenient(text);
        let (root, warnings) = parsed.unwrap();
        let a = value(&root, "A");
        assert_eq!(value(a, "B").value, Value::String("one two".into()));
        assert_eq!(value(a, "D").value, Value::String("three four".into()));
        let Value::Seq(items) = &value(a, "C").value else {
            panic!()
        };
        assert_eq!(items.len(), 2);
        // Spans point into the file as written.
        let e = value(&root, "E");
        assert_eq!(&file.text[e.span.start..e.span.end], "last");
        assert_eq!(&file.text[items[1].span.start..items[1].span.end], "y");
        let codes: Vec<(&str, usize)> = warnings
            .iter()
            .map(|w| (w.code, file.line_col(w.span.unwrap().start).line))
            .collect();
        assert_eq!(
            codes,
            [
                ("parse::lenient-indentation", 2),
                ("parse::lenient-indentation", 4),
                ("parse::lenient-indentation", 6)
            ]
        );
    }

    #[test]
    fn a_later_error_after_a_lenient_read_is_located_in_the_file_as_written() {
        let (file, parsed) = lenient("A:\n  B: 'one\n two'\n  B: again\n");
        let e = parsed.unwrap_err();
        assert_eq!(e.code, "parse::duplicate-key");
        let at = file.line_col(e.span.unwrap().start);
        assert_eq!((at.line, at.col), (4, 3), "{e:?}");
    }

    #[test]
    fn block_indentation_errors_stay_errors() {
        let (_, parsed) = lenient("A:\n  B: 1\n C: 2\n");
        assert_eq!(parsed.unwrap_err().code, "parse::yaml");
    }

    #[test]
    fn the_non_specific_tag_leaves_a_key_plain() {
        let root = parse("A: [ ! \"Ref\": X ]\n").unwrap();
        let Value::Seq(items) = &value(&root, "A").value else {
            panic!()
        };
        assert_eq!(value(&items[0], "Ref").value, Value::String("X".into()));
    }

    #[test]
    fn short_form_tags_become_long_form() {
        let n = parse("A: !Ref B\nC: !GetAtt X.Y\n").unwrap();
        let a = n.get("A").unwrap();
        assert_eq!(a.get("Ref").unwrap().as_str(), Some("B"));
        assert!(n.get("C").unwrap().get("Fn::GetAtt").is_some());
    }

    #[test]
    fn quoted_numbers_stay_strings() {
        let n = parse("A: '80'\nB: 80\nC: 1.5e3\nD: 1.2.3\n").unwrap();
        assert_eq!(n.get("A").unwrap().value, Value::String("80".into()));
        assert_eq!(n.get("B").unwrap().value, Value::Number("80".into()));
        assert_eq!(n.get("C").unwrap().value, Value::Number("1.5e3".into()));
        assert_eq!(n.get("D").unwrap().value, Value::String("1.2.3".into()));
    }

    #[test]
    fn alias_bomb_is_refused() {
        let mut text = String::from("a0: &a0 [x, x, x, x, x, x, x, x, x, x]\n");
        for i in 1..10 {
            let prev = format!("*a{}", i - 1);
            text.push_str(&format!("a{i}: &a{i} [{}]\n", vec![prev; 10].join(", ")));
        }
        let err = parse(&text).unwrap_err();
        assert_eq!(err.code, "parse::alias-limit");
    }

    #[test]
    fn deep_nesting_is_refused() {
        let text = "[".repeat(10_000) + &"]".repeat(10_000);
        let err = parse(&text).unwrap_err();
        assert_eq!(err.code, "parse::depth-limit");
    }

    #[test]
    fn duplicate_keys_are_errors() {
        let err = parse("A: 1\nA: 2\n").unwrap_err();
        assert_eq!(err.code, "parse::duplicate-key");
    }

    #[test]
    fn glued_comment_is_located_at_its_line() {
        let text = "Resources:\n  Vpc:# VPC\n    Type: AWS::EC2::VPC\n";
        let file = SourceFile::new("t.yaml", text.to_string());
        let err = super::super::parse_template_text(&file, Limits::default()).unwrap_err();
        let at = file.line_col(err.span.unwrap().start);
        assert_eq!((at.line, at.col), (2, 6));
        assert!(err.help.unwrap().contains("space before `#`"));
    }
}
