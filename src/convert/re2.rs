//! Whether a parameter's AllowedPattern can become a Terraform `regex()` check.
//!
//! CloudFormation reads AllowedPattern as a Java regular expression; Terraform's `regex()` uses
//! Go's RE2 syntax, which has no lookaround, backreferences, possessive quantifiers or atomic
//! groups. A pattern RE2 cannot compile makes `can(regex(...))` false for every value, so such a
//! pattern is not checked. The pattern is parsed with `regex-syntax` (the Rust regex crate's
//! parser, close to RE2's syntax), then refused where Rust and Go differ: what Rust has and RE2
//! does not (`(?x)`, `\u` escapes, nested classes and class operations, `\<`, Unicode property
//! names, `{,n}`), and what RE2 refuses and Rust accepts (a quantifier on a quantifier, counts over
//! 1000). A pattern refused here that RE2 would in fact compile is only left unchecked.

use regex_syntax::ast::{
    self, Assertion, AssertionKind, Ast, ClassPerl, ClassPerlKind, ClassSet, ClassSetItem, ErrorKind, Flag,
    FlagsItemKind, GroupKind, HexLiteralKind, LiteralKind, RepetitionKind, RepetitionRange, Span,
};

/// The comment above a variable that keeps a pattern Terraform cannot check, for the reverse
/// direction; JSON-quoted when a comment line would not keep it as written.
const PATTERN_COMMENT: &str = "CloudFormation AllowedPattern: ";

pub(crate) fn pattern_comment(pattern: &str) -> String {
    let plain = !pattern.is_empty()
        && !pattern.starts_with(['"', ' ', '\t'])
        && !pattern.ends_with([' ', '\t'])
        && !pattern.contains(|c: char| c.is_control());
    if plain {
        format!("{PATTERN_COMMENT}{pattern}")
    } else {
        format!("{PATTERN_COMMENT}{}", serde_json::Value::String(pattern.to_string()))
    }
}

/// The pattern `pattern_comment` wrote into `comment`.
pub(crate) fn read_pattern_comment(comment: &str) -> Option<String> {
    let rest = comment.strip_prefix(PATTERN_COMMENT)?;
    if rest.starts_with('"') {
        serde_json::from_str(rest).ok()
    } else {
        Some(rest.to_string())
    }
}

/// The pattern as Terraform checks it (`^(?:PATTERN)$`, with RE2's ASCII-only `\d`, `\w`, `\s`
/// and `\b`), or why it cannot be checked: the rest of "AllowedPattern of parameter X ...".
pub(crate) fn whole_match(pattern: &str) -> Result<regex::Regex, String> {
    if let Some(what) = java_only(pattern) {
        return Err(format!("uses {what}, which Terraform's regex (RE2) cannot check"));
    }
    let pattern = &literal_dashes(pattern);
    let parsed = ast::parse::ParserBuilder::new().build().parse(pattern);
    let ast = match parsed {
        Ok(ast) => ast,
        Err(e) => {
            return Err(match e.kind() {
                ErrorKind::UnsupportedLookAround => {
                    "uses lookaround, which Terraform's regex (RE2) cannot check".into()
                }
                ErrorKind::UnsupportedBackreference => {
                    "uses a backreference, which Terraform's regex (RE2) cannot check".into()
                }
                kind => format!("is not a regular expression Terraform's regex (RE2) is known to read ({kind})"),
            });
        }
    };
    let mut walk = Walk {
        pattern,
        ascii: Vec::new(),
    };
    walk.ast(&ast, false)
        .map_err(|what| format!("uses {what}, which Terraform's regex (RE2) cannot check"))?;
    // RE2's `\d`, `\w`, `\s` and `\b` are ASCII; Rust's are Unicode unless told otherwise.
    let mut text = String::with_capacity(pattern.len() + 8);
    let mut at = 0;
    walk.ascii.sort_by_key(|(span, _)| span.start.offset);
    for (span, with) in &walk.ascii {
        text.push_str(&pattern[at..span.start.offset]);
        text.push_str(with);
        at = span.end.offset;
    }
    text.push_str(&pattern[at..]);
    regex::Regex::new(&format!("^(?:{text})$"))
        .map_err(|e| format!("is not a regular expression Terraform's regex (RE2) is known to read ({e})"))
}

/// RE2 reads a `-` after a class escape in a class (`[\w-+]`) as itself; Rust's parser refuses
/// it as a range boundary. Escaped, both read it the same.
fn literal_dashes(pattern: &str) -> String {
    let chars: Vec<char> = pattern.chars().collect();
    let mut out = String::with_capacity(pattern.len());
    let mut i = 0;
    let mut in_class = false;
    let mut after_class_escape = false;
    while i < chars.len() {
        let c = chars[i];
        let was_after = after_class_escape;
        after_class_escape = false;
        if !in_class {
            match c {
                '\\' => {
                    out.extend(&chars[i..(i + 2).min(chars.len())]);
                    i += 2;
                }
                '[' => {
                    // A `]` first (after an optional `^`) is a literal.
                    in_class = true;
                    out.push(c);
                    i += 1;
                    for lead in ['^', ']'] {
                        if chars.get(i) == Some(&lead) {
                            out.push(lead);
                            i += 1;
                        }
                    }
                }
                _ => {
                    out.push(c);
                    i += 1;
                }
            }
            continue;
        }
        match c {
            '\\' => {
                let next = chars.get(i + 1).copied();
                out.extend(&chars[i..(i + 2).min(chars.len())]);
                i += 2;
                match next {
                    Some('d' | 'D' | 'w' | 'W' | 's' | 'S') => after_class_escape = true,
                    Some('p' | 'P') => {
                        if chars.get(i) == Some(&'{') {
                            while i < chars.len() && chars[i] != '}' {
                                out.push(chars[i]);
                                i += 1;
                            }
                        }
                        out.extend(chars.get(i));
                        i += 1;
                        after_class_escape = true;
                    }
                    _ => {}
                }
                continue;
            }
            '[' if chars.get(i + 1) == Some(&':') => {
                let rest: String = chars[i..].iter().collect();
                if let Some(end) = rest.find(":]") {
                    out.push_str(&rest[..end + 2]);
                    i += rest[..end + 2].chars().count();
                    after_class_escape = true;
                    continue;
                }
                out.push(c);
            }
            '-' if was_after && !matches!(chars.get(i + 1), Some(']' | '-') | None) => out.push_str("\\-"),
            ']' => {
                in_class = false;
                out.push(c);
            }
            _ => out.push(c),
        }
        i += 1;
    }
    out
}

/// Java constructs RE2 does not have, named for the warning (the parser would call them errors
/// or, for a possessive `a++`, read them as something else).
fn java_only(pattern: &str) -> Option<&'static str> {
    let chars: Vec<char> = pattern.chars().collect();
    let mut i = 0;
    let mut class_depth = 0usize;
    // The previous token was a quantifier (`*`, `+`, `?`, `{n,m}`), so a `+` now is possessive.
    let mut after_quantifier = false;
    while i < chars.len() {
        let c = chars[i];
        let quantifier = after_quantifier;
        after_quantifier = false;
        match c {
            '\\' => {
                let next = chars.get(i + 1).copied();
                if class_depth == 0 {
                    if next.is_some_and(|d| ('1'..='9').contains(&d))
                        || next == Some('k') && chars.get(i + 2) == Some(&'<')
                    {
                        return Some("a backreference");
                    }
                    if next == Some('Q') {
                        // Quoted text up to `\E`.
                        let rest: String = chars[i + 2..].iter().collect();
                        match rest.find("\\E") {
                            Some(end) => i += 2 + rest[..end].chars().count() + 2,
                            None => return None,
                        }
                        continue;
                    }
                }
                i += 2;
                continue;
            }
            '[' => {
                // A `]` first in a class (after an optional `^`) is a literal.
                class_depth += 1;
                i += 1;
                if chars.get(i) == Some(&'^') {
                    i += 1;
                }
                if chars.get(i) == Some(&']') {
                    i += 1;
                }
                continue;
            }
            ']' if class_depth > 0 => class_depth -= 1,
            _ if class_depth > 0 => {}
            '(' if chars.get(i + 1) == Some(&'?') => {
                let rest: String = chars[i + 2..chars.len().min(i + 4)].iter().collect();
                for (start, what) in [
                    ("<=", "lookbehind"),
                    ("<!", "negative lookbehind"),
                    ("=", "lookahead"),
                    ("!", "negative lookahead"),
                    (">", "an atomic group"),
                ] {
                    if rest.starts_with(start) {
                        return Some(what);
                    }
                }
                i += 2;
                continue;
            }
            '+' if quantifier => return Some("a possessive quantifier"),
            '*' | '+' | '?' => {
                // A `?` after a quantifier makes it lazy; what follows a lazy one is no longer possessive.
                after_quantifier = !(c == '?' && quantifier);
            }
            '{' => {
                let end = chars[i..].iter().position(|&c| c == '}').map(|n| i + n);
                if let Some(end) = end {
                    let inside: String = chars[i + 1..end].iter().collect();
                    let count = |s: &str| !s.is_empty() && s.bytes().all(|b| b.is_ascii_digit());
                    let is_count = match inside.split_once(',') {
                        Some((lo, hi)) => count(lo) && (hi.is_empty() || count(hi)),
                        None => count(&inside),
                    };
                    if is_count {
                        i = end + 1;
                        after_quantifier = true;
                        continue;
                    }
                }
            }
            _ => {}
        }
        i += 1;
    }
    None
}

/// Go's regexp/syntax Unicode tables include the general categories; scripts are left out here
/// (Rust knows more names than Go, and a pattern refused is only left unchecked).
const CATEGORIES: &[&str] = &[
    "Any", "C", "Cc", "Cf", "Co", "Cs", "L", "Ll", "Lm", "Lo", "Lt", "Lu", "M", "Mc", "Me", "Mn", "N", "Nd", "Nl",
    "No", "P", "Pc", "Pd", "Pe", "Pf", "Pi", "Po", "Ps", "S", "Sc", "Sk", "Sm", "So", "Z", "Zl", "Zp", "Zs",
];

/// RE2's largest repetition count.
const MAX_REPEAT: u32 = 1000;

struct Walk<'a> {
    pattern: &'a str,
    /// Perl classes and word boundaries to write as RE2 reads them (ASCII).
    ascii: Vec<(Span, &'static str)>,
}

impl Walk<'_> {
    fn text(&self, span: &Span) -> &str {
        &self.pattern[span.start.offset..span.end.offset]
    }

    /// Err names what RE2 reads differently or refuses.
    fn ast(&mut self, ast: &Ast, repeated: bool) -> Result<(), String> {
        match ast {
            Ast::Empty(_) | Ast::Dot(_) => Ok(()),
            Ast::Flags(f) => flags(&f.flags.items),
            Ast::Literal(l) => self.literal(l),
            Ast::Assertion(a) => self.assertion(a),
            Ast::ClassUnicode(u) => self.unicode(u),
            Ast::ClassPerl(p) => {
                self.perl(p, false);
                Ok(())
            }
            Ast::ClassBracketed(b) => self.class_set(&b.kind),
            Ast::Repetition(r) => {
                let op = self.text(&r.op.span).to_string();
                if repeated {
                    return Err(if op.starts_with('+') {
                        "a possessive quantifier".into()
                    } else {
                        format!("a quantifier on a quantifier (`{op}`)")
                    });
                }
                if let RepetitionKind::Range(range) = &r.op.kind {
                    let count = op.trim_end_matches('?');
                    let digits = count.trim_start_matches('{').trim_end_matches('}');
                    let plain = |s: &str| !s.is_empty() && s.bytes().all(|b| b.is_ascii_digit());
                    let ok = match digits.split_once(',') {
                        Some((lo, hi)) => plain(lo) && (hi.is_empty() || plain(hi)),
                        None => plain(digits),
                    };
                    if !ok {
                        // `{,n}` and `{ n }` are literal text to RE2.
                        return Err(format!("the repetition `{count}`"));
                    }
                    let (lo, hi) = match *range {
                        RepetitionRange::Exactly(n) => (n, Some(n)),
                        RepetitionRange::AtLeast(n) => (n, None),
                        RepetitionRange::Bounded(m, n) => (m, Some(n)),
                    };
                    if lo > MAX_REPEAT || hi.is_some_and(|n| n > MAX_REPEAT) {
                        return Err(format!("a repetition count over {MAX_REPEAT} (`{count}`)"));
                    }
                    if (lo >= 2 || hi.is_none_or(|n| n >= 2)) && !repeat_is_valid(ast, MAX_REPEAT) {
                        return Err(format!("nested repetitions over {MAX_REPEAT} copies (`{count}`)"));
                    }
                }
                self.ast(&r.ast, true)
            }
            Ast::Group(g) => {
                match &g.kind {
                    GroupKind::CaptureIndex(_) => {}
                    GroupKind::CaptureName { name, .. } => {
                        if !name.name.chars().all(|c| c == '_' || c.is_ascii_alphanumeric()) {
                            return Err(format!("the group name `{}`", name.name));
                        }
                    }
                    GroupKind::NonCapturing(f) => flags(&f.items)?,
                }
                self.ast(&g.ast, false)
            }
            Ast::Alternation(a) => a.asts.iter().try_for_each(|x| self.ast(x, false)),
            Ast::Concat(c) => c.asts.iter().try_for_each(|x| self.ast(x, false)),
        }
    }

    fn literal(&self, l: &ast::Literal) -> Result<(), String> {
        match &l.kind {
            LiteralKind::HexFixed(HexLiteralKind::X) | LiteralKind::HexBrace(HexLiteralKind::X) => Ok(()),
            LiteralKind::HexFixed(_) | LiteralKind::HexBrace(_) => Err(format!("the escape `{}`", self.text(&l.span))),
            LiteralKind::Special(ast::SpecialLiteralKind::Space) | LiteralKind::Octal => {
                Err(format!("the escape `{}`", self.text(&l.span)))
            }
            LiteralKind::Verbatim | LiteralKind::Meta | LiteralKind::Superfluous | LiteralKind::Special(_) => Ok(()),
        }
    }

    fn assertion(&mut self, a: &Assertion) -> Result<(), String> {
        match a.kind {
            AssertionKind::StartLine | AssertionKind::EndLine | AssertionKind::StartText | AssertionKind::EndText => {
                Ok(())
            }
            AssertionKind::WordBoundary => {
                self.ascii.push((a.span, r"(?-u:\b)"));
                Ok(())
            }
            AssertionKind::NotWordBoundary => {
                self.ascii.push((a.span, r"(?-u:\B)"));
                Ok(())
            }
            _ => Err(format!("the assertion `{}`", self.text(&a.span))),
        }
    }

    fn unicode(&self, u: &ast::ClassUnicode) -> Result<(), String> {
        let known = match &u.kind {
            ast::ClassUnicodeKind::OneLetter(c) => CATEGORIES.contains(&c.to_string().as_str()),
            ast::ClassUnicodeKind::Named(name) => CATEGORIES.contains(&name.as_str()),
            ast::ClassUnicodeKind::NamedValue { .. } => false,
        };
        if known {
            Ok(())
        } else {
            Err(format!("the Unicode class `{}`", self.text(&u.span)))
        }
    }

    /// `\d`, `\w` and `\s` as RE2 reads them; inside a class (`[\d.]`) as class items.
    fn perl(&mut self, p: &ClassPerl, in_class: bool) {
        let with = match (&p.kind, p.negated, in_class) {
            (ClassPerlKind::Digit, false, false) => "[0-9]",
            (ClassPerlKind::Digit, false, true) => "0-9",
            (ClassPerlKind::Digit, true, _) => "[^0-9]",
            (ClassPerlKind::Word, false, false) => "[0-9A-Za-z_]",
            (ClassPerlKind::Word, false, true) => "0-9A-Za-z_",
            (ClassPerlKind::Word, true, _) => "[^0-9A-Za-z_]",
            (ClassPerlKind::Space, false, false) => r"[\t\n\f\r ]",
            (ClassPerlKind::Space, false, true) => r"\t\n\f\r ",
            (ClassPerlKind::Space, true, _) => r"[^\t\n\f\r ]",
        };
        self.ascii.push((p.span, with));
    }

    fn class_set(&mut self, set: &ClassSet) -> Result<(), String> {
        match set {
            ClassSet::BinaryOp(op) => Err(format!(
                "the class operation `{}`",
                match op.kind {
                    ast::ClassSetBinaryOpKind::Intersection => "&&",
                    ast::ClassSetBinaryOpKind::Difference => "--",
                    ast::ClassSetBinaryOpKind::SymmetricDifference => "~~",
                }
            )),
            ClassSet::Item(item) => self.class_item(item),
        }
    }

    fn class_item(&mut self, item: &ClassSetItem) -> Result<(), String> {
        match item {
            ClassSetItem::Empty(_) | ClassSetItem::Ascii(_) => Ok(()),
            ClassSetItem::Literal(l) => self.literal(l),
            ClassSetItem::Range(r) => {
                self.literal(&r.start)?;
                self.literal(&r.end)
            }
            ClassSetItem::Unicode(u) => self.unicode(u),
            ClassSetItem::Perl(p) => {
                self.perl(p, true);
                Ok(())
            }
            // RE2 reads `[` inside a class as a literal.
            ClassSetItem::Bracketed(_) => Err("a nested character class".into()),
            ClassSetItem::Union(u) => u.items.iter().try_for_each(|i| self.class_item(i)),
        }
    }
}

/// Flags RE2 has: `i`, `m`, `s`, `U`.
fn flags(items: &[ast::FlagsItem]) -> Result<(), String> {
    for item in items {
        let name = match item.kind {
            FlagsItemKind::Negation
            | FlagsItemKind::Flag(
                Flag::CaseInsensitive | Flag::MultiLine | Flag::DotMatchesNewLine | Flag::SwapGreed,
            ) => {
                continue;
            }
            FlagsItemKind::Flag(Flag::Unicode) => 'u',
            FlagsItemKind::Flag(Flag::CRLF) => 'R',
            FlagsItemKind::Flag(Flag::IgnoreWhitespace) => 'x',
        };
        return Err(format!("the flag `{name}`"));
    }
    Ok(())
}

/// Go's `repeatIsValid`: a counted repetition and those inside it make at most `n` copies of
/// what is innermost.
fn repeat_is_valid(ast: &Ast, mut n: u32) -> bool {
    match ast {
        Ast::Repetition(r) => {
            if let RepetitionKind::Range(range) = &r.op.kind {
                let m = match *range {
                    RepetitionRange::Exactly(m) | RepetitionRange::AtLeast(m) => m,
                    RepetitionRange::Bounded(_, 0) => return true,
                    RepetitionRange::Bounded(_, m) => m,
                };
                if m > n {
                    return false;
                }
                n = n.checked_div(m).unwrap_or(n);
            }
            repeat_is_valid(&r.ast, n)
        }
        Ast::Group(g) => repeat_is_valid(&g.ast, n),
        Ast::Alternation(a) => a.asts.iter().all(|x| repeat_is_valid(x, n)),
        Ast::Concat(c) => c.asts.iter().all(|x| repeat_is_valid(x, n)),
        _ => true,
    }
}

#[cfg(test)]
mod tests {
    use super::{pattern_comment, read_pattern_comment, whole_match};

    #[test]
    fn pattern_comments_read_back() {
        for pattern in ["(?=a)b", " (?!x)", "\"(?=q)", "a(?=\n)\nb", ""] {
            assert_eq!(
                read_pattern_comment(&pattern_comment(pattern)).as_deref(),
                Some(pattern)
            );
        }
        assert_eq!(pattern_comment("(?=a)"), "CloudFormation AllowedPattern: (?=a)");
    }

    fn refused(pattern: &str) -> String {
        whole_match(pattern).expect_err(pattern)
    }

    #[test]
    fn java_only_constructs_are_named() {
        assert!(refused(r"(?=^.{6,255}$)((?=.*\d)(?=.*[A-Z]))^.*").starts_with("uses lookahead,"));
        assert!(refused(r"^$|^(?!d-)([\da-zA-Z]+)([-]*[\da-zA-Z])*$").starts_with("uses negative lookahead,"));
        assert!(refused(r"(?!-)[a-zA-Z0-9-.]{1,63}(?<!-)").starts_with("uses negative lookahead,"));
        assert!(refused(r"a(?<=b)").starts_with("uses lookbehind,"));
        assert!(refused(r"(a)\1").starts_with("uses a backreference,"));
        assert!(refused(r"(?<x>a)\k<x>").starts_with("uses a backreference,"));
        assert!(refused(r"a++b").starts_with("uses a possessive quantifier,"));
        assert!(refused(r"a{2,3}+").starts_with("uses a possessive quantifier,"));
        assert!(refused(r"(?>ab)").starts_with("uses an atomic group,"));
        // Escaped and in a class, these are literals.
        assert!(whole_match(r"\(?=[(?=]\\").is_ok());
        assert!(whole_match(r"[+]+").is_ok());
        assert!(whole_match(r"a+?b*?").is_ok());
    }

    #[test]
    fn what_rust_reads_and_re2_does_not_is_refused() {
        for (pattern, what) in [
            (r"(?x)a b", "the flag `x`"),
            (r"\u0041", r"the escape `\u0041`"),
            (r"[a-z&&[^b]]", "the class operation `&&`"),
            (r"[a[b]]", "a nested character class"),
            (r"\<a", r"the assertion `\<`"),
            (r"\p{Alpha}", r"the Unicode class `\p{Alpha}`"),
            (r"a{1001}", "a repetition count over 1000"),
            (r"(a{100}){100}", "nested repetitions over 1000"),
            (r"a**", "a quantifier on a quantifier"),
        ] {
            let why = refused(pattern);
            assert!(why.contains(what), "{pattern}: {why}");
        }
        // Refused by the parser (RE2 reads `{,5}` as text): left unchecked.
        assert!(refused(r"a{,5}").starts_with("is not a regular expression"));
    }

    #[test]
    fn a_dash_after_a_class_escape_is_itself() {
        let re = whole_match(r"^[\w-\+]+(\.[\w]+)*@[\w-]+$").unwrap();
        assert!(re.is_match("a-b+c.d@x-y") && !re.is_match("a b@x"));
        assert!(whole_match(r"[\d-z]").unwrap().is_match("-"));
        assert!(whole_match(r"[[:alpha:]-9]").unwrap().is_match("-"));
        assert!(!whole_match(r"[\d-z]").unwrap().is_match("e"));
        // A range stays a range; a dash last stays a literal.
        assert!(whole_match(r"[a-c-]+").unwrap().is_match("b-"));
    }

    #[test]
    fn patterns_match_whole_values_as_re2_does() {
        let re = whole_match(r"[a-z]+").unwrap();
        assert!(re.is_match("abc") && !re.is_match("abc1") && !re.is_match(""));
        let alt = whole_match(r"^$|^\d{12}$").unwrap();
        assert!(alt.is_match("") && alt.is_match("123456789012") && !alt.is_match("1"));
        // RE2's \d, \w, \s are ASCII.
        let digits = whole_match(r"\d+").unwrap();
        assert!(digits.is_match("42") && !digits.is_match("٤٢"));
        let word = whole_match(r"[\w.]+\W?").unwrap();
        assert!(word.is_match("a_b.c!") && !word.is_match("é"));
        assert!(whole_match(r"\bx\b \S\s").unwrap().is_match("x a "));
        assert!(whole_match(r"(?i)AB\pL\p{Lu}[[:digit:]]").unwrap().is_match("abcD1"));
        assert!(whole_match(r"(?P<n>a)(?<m>b)\x41\x{42}").unwrap().is_match("abAB"));
    }
}
