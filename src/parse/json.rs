//! JSON templates read into the parse tree without the YAML parser: saphyr reads JSON as YAML
//! flow style, correctly but several times slower (half of converting a large JSON template).
//! serde_json checks the syntax first, for JSON's own error messages; this reader then builds
//! the tree that saphyr would, spans included, which a test checks on every JSON template at hand.

use super::yaml::is_yaml_number;
use super::{Key, Limits, Node, Value, check_depth, check_new_key};
use crate::diagnostics::Diagnostic;
use crate::source::{SourceFile, Span};

pub(super) fn looks_like_json(file: &SourceFile) -> bool {
    file.name.ends_with(".json") || file.text.trim_start().starts_with('{')
}

/// YAML accepts what JSON does not (trailing commas, comments), so JSON input is checked by a
/// JSON parser first, for JSON's own error messages and positions.
pub(super) fn check_json_syntax(file: &SourceFile) -> Result<(), Diagnostic> {
    let Err(e) = serde_json::from_str::<serde::de::IgnoredAny>(&file.text) else {
        return Ok(());
    };
    let at = file.offset_of(e.line(), e.column().saturating_sub(1));
    let message = e.to_string();
    let message = message.split(" at line ").next().unwrap_or(&message).to_string();
    let before = file.text[..at.min(file.text.len())].trim_end();
    if before.ends_with(',') && (message.contains("key must be a string") || message.contains("expected value")) {
        let comma = before.len() - 1;
        return Err(Diagnostic::error(
            "parse::json",
            "JSON syntax error: trailing comma",
            Some(Span::new(comma, comma + 1)),
        )
        .with_help("JSON allows no comma after the last item of an object or a list: remove it"));
    }
    let mut d = Diagnostic::error(
        "parse::json",
        format!("JSON syntax error: {message}"),
        Some(Span::new(at, at + 1)),
    );
    if message.contains("trailing comma") {
        d = d.with_help("JSON allows no comma after the last item of an object or a list");
    } else if message.contains("EOF") {
        d = d.with_help("a `}` or `]` is missing at the end");
    }
    Err(d)
}

/// Reads JSON that `check_json_syntax` accepted (so its nesting is within serde_json's limit of
/// 128, which bounds the recursion here).
pub(super) fn parse_json(file: &SourceFile, limits: Limits) -> Result<Node, Diagnostic> {
    let mut reader = Reader {
        file,
        bytes: file.text.as_bytes(),
        at: 0,
        limits,
    };
    reader.skip_space();
    reader.value(0)
}

struct Reader<'a> {
    file: &'a SourceFile,
    bytes: &'a [u8],
    at: usize,
    limits: Limits,
}

impl Reader<'_> {
    fn peek(&self) -> Option<u8> {
        self.bytes.get(self.at).copied()
    }

    fn skip_space(&mut self) {
        while matches!(self.peek(), Some(b' ' | b'\t' | b'\n' | b'\r')) {
            self.at += 1;
        }
    }

    /// saphyr's span of a quoted scalar or a flow collection runs over the spaces and tabs after
    /// it on its line (a plain scalar's does not).
    fn skip_blanks(&mut self) {
        while matches!(self.peek(), Some(b' ' | b'\t')) {
            self.at += 1;
        }
    }

    /// Only reachable if serde_json and this reader disagree on what JSON is.
    fn unexpected(&self) -> Diagnostic {
        Diagnostic::error(
            "parse::json",
            "JSON syntax error: unexpected character",
            Some(Span::new(self.at, self.at + 1)),
        )
    }

    fn value(&mut self, depth: usize) -> Result<Node, Diagnostic> {
        let start = self.at;
        let value = match self.peek() {
            Some(b'{') => {
                check_depth(depth, self.limits, Span::new(start, start + 1))?;
                let entries = self.entries(depth)?;
                self.skip_blanks();
                Value::Map(entries)
            }
            Some(b'[') => {
                check_depth(depth, self.limits, Span::new(start, start + 1))?;
                let items = self.items(depth)?;
                self.skip_blanks();
                Value::Seq(items)
            }
            Some(b'"') => {
                let text = self.string()?;
                self.skip_blanks();
                Value::String(text)
            }
            _ => {
                while matches!(
                    self.peek(),
                    Some(b'-' | b'+' | b'.' | b'0'..=b'9' | b'a'..=b'z' | b'A'..=b'Z')
                ) {
                    self.at += 1;
                }
                match &self.file.text[start..self.at] {
                    "true" => Value::Bool(true),
                    "false" => Value::Bool(false),
                    "null" => Value::Null,
                    number if is_yaml_number(number) => Value::Number(number.to_string()),
                    _ => return Err(self.unexpected()),
                }
            }
        };
        Ok(Node::new(value, Span::new(start, self.at)))
    }

    /// `{ "key": value, ... }`, from its `{` to past its `}`.
    fn entries(&mut self, depth: usize) -> Result<Vec<(Key, Node)>, Diagnostic> {
        let mut entries = Vec::new();
        let mut seen = std::collections::HashMap::new();
        self.members(b'}', |reader| {
            let key_start = reader.at;
            if reader.peek() != Some(b'"') {
                return Err(reader.unexpected());
            }
            let name = reader.string()?;
            reader.skip_blanks();
            let span = Span::new(key_start, reader.at);
            reader.skip_space();
            check_new_key(reader.file, &mut seen, &entries, &name, span)?;
            if reader.peek() != Some(b':') {
                return Err(reader.unexpected());
            }
            reader.at += 1;
            reader.skip_space();
            let value = reader.value(depth + 1)?;
            entries.push((Key { name, span }, value));
            Ok(())
        })?;
        Ok(entries)
    }

    /// `[ value, ... ]`, from its `[` to past its `]`.
    fn items(&mut self, depth: usize) -> Result<Vec<Node>, Diagnostic> {
        let mut items = Vec::new();
        self.members(b']', |reader| {
            items.push(reader.value(depth + 1)?);
            Ok(())
        })?;
        Ok(items)
    }

    /// From an opening bracket to past `close`, reading each comma-separated member.
    fn members(
        &mut self,
        close: u8,
        mut member: impl FnMut(&mut Self) -> Result<(), Diagnostic>,
    ) -> Result<(), Diagnostic> {
        self.at += 1;
        self.skip_space();
        if self.peek() == Some(close) {
            self.at += 1;
            return Ok(());
        }
        loop {
            self.skip_space();
            member(self)?;
            self.skip_space();
            match self.peek() {
                Some(b',') => self.at += 1,
                Some(c) if c == close => {
                    self.at += 1;
                    return Ok(());
                }
                _ => return Err(self.unexpected()),
            }
        }
    }

    /// A string from its opening quote to past its closing one, escapes decoded.
    fn string(&mut self) -> Result<String, Diagnostic> {
        let start = self.at;
        let mut escaped = false;
        self.at += 1;
        loop {
            match self.peek() {
                Some(b'"') => break,
                Some(b'\\') => {
                    escaped = true;
                    self.at += 2;
                }
                Some(_) => self.at += 1,
                None => return Err(self.unexpected()),
            }
        }
        self.at += 1;
        // Quotes are ASCII, so both ends are character boundaries.
        let quoted = &self.file.text[start..self.at];
        if escaped {
            serde_json::from_str(quoted).map_err(|_| self.unexpected())
        } else {
            Ok(quoted[1..quoted.len() - 1].to_string())
        }
    }
}

#[cfg(test)]
mod tests {
    use super::*;
    use std::path::Path;

    /// The tree saphyr builds, spans included.
    fn both_ways(name: &str, text: &str) -> (Result<Node, Diagnostic>, Result<Node, Diagnostic>) {
        let file = SourceFile::new(name, text.to_string());
        (
            parse_json(&file, Limits::default()),
            super::super::yaml::parse_yaml(&file, Limits::default()).map(|(root, _)| root),
        )
    }

    #[test]
    fn reads_json_as_the_yaml_parser_does() {
        let text = "{\n  \"A\" : \"x\\u00e9y \\\"q\\\"\",\"B\": [1, -2.5e3, true, null, {}, [ ]],\n \"C\": {\"D\": \"é\"}\n}\n";
        let (ours, saphyr) = both_ways("t.json", text);
        assert_eq!(ours.unwrap(), saphyr.unwrap());
        let blanks = "{\"A\" \n :  [ \"v\"  \t ] , \"B\" : 12   ,\"C\"\t:{ }  }  \n";
        let (ours, saphyr) = both_ways("t.json", blanks);
        assert_eq!(first_difference(&ours.unwrap(), &saphyr.unwrap()), None);
    }

    #[test]
    fn every_json_template_at_hand_reads_the_same() {
        let root = Path::new(env!("CARGO_MANIFEST_DIR"));
        // tests/ holds the project's corpus sample; the whole corpus is read when it is beside
        // the checkout.
        let mut dirs = vec![root.join("tests"), root.join("samples")];
        let corpus = root.join("../shared/corpus/cfn");
        if corpus.is_dir() {
            dirs.push(corpus);
        }
        let mut compared = 0;
        while let Some(dir) = dirs.pop() {
            for entry in std::fs::read_dir(&dir).unwrap() {
                let path = entry.unwrap().path();
                if path.is_dir() {
                    dirs.push(path);
                    continue;
                }
                let Ok(text) = std::fs::read_to_string(&path) else {
                    continue;
                };
                let name = path.display().to_string();
                let file = SourceFile::new(name.clone(), text.clone());
                if !looks_like_json(&file) || check_json_syntax(&file).is_err() {
                    continue;
                }
                let (ours, saphyr) = both_ways(&name, &text);
                match (ours, saphyr) {
                    (Ok(a), Ok(b)) => assert_eq!(first_difference(&a, &b), None, "{name}"),
                    (Err(a), Err(b)) => assert_eq!((a.code, a.span), (b.code, b.span), "{name}"),
                    (a, b) => panic!("{name}: {a:?} but saphyr {b:?}"),
                }
                compared += 1;
            }
        }
        // The corpus sample in tests/ alone has six.
        assert!(compared >= 6, "only {compared} JSON templates found");
    }

    /// Where two trees first differ, for a readable failure.
    fn first_difference(a: &Node, b: &Node) -> Option<String> {
        match (&a.value, &b.value) {
            (Value::Map(x), Value::Map(y)) if x.len() == y.len() => {
                for ((ka, va), (kb, vb)) in x.iter().zip(y) {
                    if ka != kb {
                        return Some(format!("key {ka:?} vs {kb:?}"));
                    }
                    if let Some(d) = first_difference(va, vb) {
                        return Some(format!("{}.{d}", ka.name));
                    }
                }
            }
            (Value::Seq(x), Value::Seq(y)) if x.len() == y.len() => {
                for (i, (va, vb)) in x.iter().zip(y).enumerate() {
                    if let Some(d) = first_difference(va, vb) {
                        return Some(format!("[{i}].{d}"));
                    }
                }
            }
            (x, y) if x != y => return Some(format!("{x:?} vs {y:?}")),
            _ => {}
        }
        (a.span != b.span).then(|| format!("span {:?} vs {:?}", a.span, b.span))
    }

    #[test]
    fn duplicate_keys_and_depth_are_refused_as_in_yaml() {
        let (ours, saphyr) = both_ways("t.json", "{\"A\": 1, \"A\" : 2}");
        let (a, b) = (ours.unwrap_err(), saphyr.unwrap_err());
        assert_eq!((a.code, a.span, a.message), (b.code, b.span, b.message));
        let shallow = Limits {
            max_depth: 2,
            ..Limits::default()
        };
        let file = SourceFile::new("t.json", "{\"A\": [[1]]}".to_string());
        assert_eq!(parse_json(&file, shallow).unwrap_err().code, "parse::depth-limit");
    }
}
