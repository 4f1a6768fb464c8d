//! Structure-aware fuzzing on the stable toolchain (cargo-fuzz and libFuzzer are not available
//! here): the project's own Terraform and CloudFormation inputs, mutated token by token (lines
//! dropped, duplicated and swapped, brackets and quotes cut, names and interpolations spliced in),
//! go through the reverse direction and through diff. Errors are fine; a panic is a bug.
//! `FUZZ_ITERATIONS` sets the number of mutants per seed (default 40, the short CI run).

use cfn2tf::source::SourceFile;
use std::path::{Path, PathBuf};

/// xorshift64*: deterministic, so that a failure names a seed and iteration that reproduce it.
struct Rng(u64);

impl Rng {
    fn next(&mut self) -> u64 {
        self.0 ^= self.0 >> 12;
        self.0 ^= self.0 << 25;
        self.0 ^= self.0 >> 27;
        self.0.wrapping_mul(0x2545_F491_4F6C_DD1D)
    }

    fn below(&mut self, n: usize) -> usize {
        (self.next() % n.max(1) as u64) as usize
    }
}

/// Fragments that matter to HCL and to the evaluator.
const SPLICES: &[&str] = &[
    "${",
    "}",
    "{",
    "[",
    "]",
    "\"",
    "%{ if true }",
    "%{ endif }",
    "<<EOT\n",
    "\nEOT\n",
    "local.",
    "var.",
    "data.",
    "= local.x",
    "count = 2",
    "for_each = {}",
    "[*]",
    "...",
    "? :",
    "jsonencode({})",
    "\u{0}",
    "\u{1b}[31m",
    "locals {\n  x = \"${local.x}${local.x}\"\n}\n",
    "resource \"aws_vpc\" \"v\" {}\n",
    "variable \"v\" {}\n",
    "9999999999999999999999",
    "-0.0",
    "\\u0000",
    "#",
    "//",
    "/*",
];

fn mutate(rng: &mut Rng, seed: &str) -> String {
    let mut lines: Vec<String> = seed.lines().map(str::to_string).collect();
    for _ in 0..=rng.below(4) {
        if lines.is_empty() {
            lines.push(String::new());
        }
        let i = rng.below(lines.len());
        match rng.below(6) {
            0 => {
                lines.remove(i);
            }
            1 => {
                let copy = lines[i].clone();
                lines.insert(i, copy);
            }
            2 => {
                let j = rng.below(lines.len());
                lines.swap(i, j);
            }
            3 => {
                let line = &mut lines[i];
                let cut = (0..=rng.below(line.len() + 1))
                    .rev()
                    .find(|c| line.is_char_boundary(*c))
                    .unwrap_or(0);
                line.truncate(cut);
            }
            _ => {
                let splice = SPLICES[rng.below(SPLICES.len())];
                let line = &mut lines[i];
                let at = (0..=rng.below(line.len() + 1))
                    .rev()
                    .find(|c| line.is_char_boundary(*c))
                    .unwrap_or(0);
                line.insert_str(at, splice);
            }
        }
    }
    lines.join("\n")
}

fn seeds(folders: &[&str], ext: &str) -> Vec<PathBuf> {
    let root = Path::new(env!("CARGO_MANIFEST_DIR"));
    let mut out = Vec::new();
    let mut stack: Vec<PathBuf> = folders.iter().map(|f| root.join(f)).collect();
    while let Some(p) = stack.pop() {
        if p.is_dir() {
            stack.extend(std::fs::read_dir(&p).unwrap().filter_map(|e| e.ok()).map(|e| e.path()));
        } else if p.extension().is_some_and(|x| x == ext) {
            out.push(p);
        }
    }
    out.sort();
    assert!(!out.is_empty(), "no seeds in {folders:?}");
    out
}

fn iterations() -> usize {
    std::env::var("FUZZ_ITERATIONS")
        .ok()
        .and_then(|n| n.parse().ok())
        .unwrap_or(40)
}

#[test]
fn mutated_terraform_never_panics_the_reverse_direction() {
    for (n, seed) in seeds(&["tests/reverse-ok", "tests/reverse-bad"], "tf")
        .iter()
        .enumerate()
    {
        let text = std::fs::read_to_string(seed).unwrap();
        let mut rng = Rng(0x9E37_79B9_7F4A_7C15 ^ n as u64);
        for i in 0..iterations() {
            let mutant = mutate(&mut rng, &text);
            let run = std::panic::catch_unwind(|| {
                let _ = cfn2tf::reverse::load_text(SourceFile::new("fuzz.tf", mutant.clone()));
            });
            assert!(run.is_ok(), "{} mutant {i} panicked:\n{mutant}", seed.display());
        }
    }
}

#[test]
fn mutated_inputs_never_panic_diff() {
    let dir = tempfile::tempdir().unwrap();
    let tf = seeds(&["tests/reverse-ok"], "tf");
    let yaml = seeds(&["tests/language"], "yaml");
    let mut rng = Rng(0xD1B5_4A32_D192_ED03);
    for i in 0..iterations() {
        let (a, b) = (&tf[rng.below(tf.len())], &yaml[rng.below(yaml.len())]);
        let a_text = mutate(&mut rng, &std::fs::read_to_string(a).unwrap());
        let b_text = mutate(&mut rng, &std::fs::read_to_string(b).unwrap());
        let side_a = dir.path().join(format!("a{i}"));
        std::fs::create_dir_all(&side_a).unwrap();
        std::fs::write(side_a.join("main.tf"), &a_text).unwrap();
        let side_b = dir.path().join(format!("b{i}.yaml"));
        std::fs::write(&side_b, &b_text).unwrap();
        let options = cfn2tf::diff::Options::default();
        for (x, y) in [(&side_a, &side_b), (&side_a, &side_a)] {
            let run = std::panic::catch_unwind(|| {
                if let Ok(report) = cfn2tf::diff::diff(x, y, &options, false) {
                    let _ = cfn2tf::diff::render_text(&report, false, true);
                }
            });
            assert!(run.is_ok(), "mutant {i} panicked diff:\n{a_text}\n---\n{b_text}");
        }
    }
}
