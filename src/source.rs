//! Source text with positions: every node of every model keeps a `Span` into one of these,
//! so any message can point at `file:line:col`.

use std::fmt;

/// A byte range into a `SourceFile`'s text.
#[derive(Clone, Copy, Debug, Default, PartialEq, Eq, Hash, PartialOrd, Ord)]
pub struct Span {
    pub start: usize,
    pub end: usize,
}

impl Span {
    pub fn new(start: usize, end: usize) -> Span {
        Span {
            start,
            end: end.max(start),
        }
    }
}

#[derive(Debug, Clone)]
pub struct SourceFile {
    pub name: String,
    pub text: String,
    line_starts: Vec<usize>,
    /// All ASCII: character columns are byte columns (most templates; the YAML parser asks for
    /// an offset at every node, and counting characters made one-line JSON quadratic).
    ascii: bool,
}

/// 1-based line and column (column counted in characters, as editors do).
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub struct LineCol {
    pub line: usize,
    pub col: usize,
}

impl fmt::Display for LineCol {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        write!(f, "{}:{}", self.line, self.col)
    }
}

impl SourceFile {
    pub fn new(name: impl Into<String>, text: String) -> SourceFile {
        let mut line_starts = vec![0];
        line_starts.extend(text.match_indices('\n').map(|(i, _)| i + 1));
        SourceFile {
            name: name.into(),
            ascii: text.is_ascii(),
            text,
            line_starts,
        }
    }

    pub fn line_count(&self) -> usize {
        self.line_starts.len()
    }

    pub fn line_col(&self, offset: usize) -> LineCol {
        let offset = offset.min(self.text.len());
        let line = self.line_starts.partition_point(|&s| s <= offset) - 1;
        let start = self.line_starts[line];
        let col = if self.ascii {
            offset - start
        } else {
            self.text[start..floor_char_boundary(&self.text, offset)]
                .chars()
                .count()
        };
        LineCol {
            line: line + 1,
            col: col + 1,
        }
    }

    /// Byte offset of a 1-based line and a 0-based character column (as YAML scanners report).
    pub fn offset_of(&self, line: usize, char_col: usize) -> usize {
        let Some(&start) = self.line_starts.get(line.saturating_sub(1)) else {
            return self.text.len();
        };
        let end = self.line_starts.get(line).map_or(self.text.len(), |&next| next - 1);
        if self.ascii {
            return start + char_col.min(end - start);
        }
        let line_text = &self.text[start..end];
        start
            + line_text
                .char_indices()
                .nth(char_col)
                .map(|(i, _)| i)
                .unwrap_or(line_text.len())
    }

    /// `file:line:col` of an offset.
    pub fn location(&self, offset: usize) -> String {
        format!("{}:{}", self.name, self.line_col(offset))
    }

    pub fn line_text(&self, line: usize) -> &str {
        let Some(&start) = self.line_starts.get(line.saturating_sub(1)) else {
            return "";
        };
        self.text[start..].split('\n').next().unwrap_or("")
    }
}

fn floor_char_boundary(s: &str, mut i: usize) -> usize {
    while i > 0 && !s.is_char_boundary(i) {
        i -= 1;
    }
    i
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn line_col_counts_characters_not_bytes() {
        let f = SourceFile::new("t", "ab\n퍼블릭 x\n".to_string());
        let x = f.text.find('x').unwrap();
        assert_eq!(f.line_col(x), LineCol { line: 2, col: 5 });
        assert_eq!(f.offset_of(2, 4), x);
        assert_eq!(f.offset_of(2, 99), f.text.len() - 1, "past the end: the line's end");
    }

    #[test]
    fn ascii_text_takes_the_same_positions() {
        let f = SourceFile::new("t", "ab\r\ncd x\nlast".to_string());
        let x = f.text.find('x').unwrap();
        assert_eq!(f.line_col(x), LineCol { line: 2, col: 4 });
        assert_eq!(f.offset_of(2, 3), x);
        assert_eq!(f.offset_of(1, 99), 3, "the line's end, before the newline");
        assert_eq!(f.offset_of(3, 99), f.text.len());
        assert_eq!(f.offset_of(9, 0), f.text.len());
    }
}
