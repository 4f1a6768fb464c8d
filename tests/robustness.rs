//! No panic on any input: every corpus template (`common::corpus`), and deterministic mutations of
//! each (truncations, byte flips, spliced lines), goes through parse + convert. A quick stable
//! companion of the cargo-fuzz target in fuzz/ (which needs nightly features).

mod common;
use common::*;

fn convert(name: &str, text: String) {
    let file = cfn2tf::source::SourceFile::new(name, text);
    let _ = cfn2tf::cfn_to_tf(&file);
}

/// A small xorshift generator: the mutations are the same on every run.
struct Rng(u64);
impl Rng {
    fn next(&mut self, bound: usize) -> usize {
        self.0 ^= self.0 << 13;
        self.0 ^= self.0 >> 7;
        self.0 ^= self.0 << 17;
        (self.0 % bound.max(1) as u64) as usize
    }
}

const INTERESTING: &[&str] = &[
    "!Ref ",
    "!GetAtt ",
    "!Sub ",
    "${",
    "${!",
    "!If [",
    "!Select [",
    "!Cidr [",
    "Fn::",
    "&a ",
    "*a",
    "[",
    "{",
    "- ",
    ": ",
    "\"",
    "'",
    "\n  ",
    "\t",
    "!Condition ",
    "AWS::NoValue",
    "99999999999999999999",
    "-1",
];

fn mutations(text: &str, seed: u64, count: usize) -> Vec<String> {
    let bytes = text.as_bytes();
    let mut rng = Rng(seed | 1);
    let mut out = Vec::new();
    for _ in 0..count {
        let mut b = bytes.to_vec();
        match rng.next(4) {
            0 => b.truncate(rng.next(b.len())),
            1 => {
                for _ in 0..1 + rng.next(4) {
                    let i = rng.next(b.len());
                    if let Some(x) = b.get_mut(i) {
                        *x = rng.next(256) as u8;
                    }
                }
            }
            2 => {
                let at = rng.next(b.len());
                let piece = INTERESTING[rng.next(INTERESTING.len())];
                b.splice(at..at, piece.bytes());
            }
            _ => {
                let (from, len, to) = (rng.next(b.len()), rng.next(200), rng.next(b.len()));
                let piece: Vec<u8> = b[from..(from + len).min(b.len())].to_vec();
                b.splice(to..to, piece);
            }
        }
        out.push(String::from_utf8_lossy(&b).to_string());
    }
    out
}

#[test]
fn corpus_and_mutations_never_panic() {
    let mut files: Vec<_> = std::fs::read_dir(corpus().dir)
        .unwrap()
        .map(|e| e.unwrap().path())
        .collect();
    files.sort();
    files.extend(
        std::fs::read_dir(repo_root().join("tests/language"))
            .unwrap()
            .map(|e| e.unwrap().path()),
    );
    let mut runs = 0;
    for (n, path) in files.iter().enumerate() {
        let text = std::fs::read_to_string(path).unwrap_or_default();
        let name = path.file_name().unwrap().to_string_lossy().to_string();
        convert(&name, text.clone());
        for m in mutations(&text, n as u64 + 0x9e37_79b9, 12) {
            convert(&name, m);
            runs += 1;
        }
    }
    eprintln!("{runs} mutated templates converted or refused without a panic");
}
