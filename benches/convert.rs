//! Benchmarks: converting the seed lab (in memory, and as a whole process of the binary that
//! `cargo install --path .` gives), and `batch` over the public corpus repeated to 1,000
//! templates (written to disk, no --validate). `scripts/bench.sh` adds the whole-process
//! comparison with the peer cf2tf and peak memory. The in-memory benchmarks build with the
//! bench profile, which inherits the release profile: the same code generation as the install.

use cfn2tf::source::SourceFile;
use criterion::{Criterion, criterion_group, criterion_main};
use std::path::{Path, PathBuf};
use std::process::{Command, Stdio};
use std::time::Duration;

fn repo() -> PathBuf {
    PathBuf::from(env!("CARGO_MANIFEST_DIR"))
}

fn convert_seed(c: &mut Criterion) {
    let path = repo().join("samples/gateway-endpoint/gateway-endpoint.yaml");
    let file = SourceFile::new("gateway-endpoint.yaml", std::fs::read_to_string(path).unwrap());
    c.bench_function("convert seed", |b| {
        b.iter(|| cfn2tf::cfn_to_tf(std::hint::black_box(&file)).unwrap())
    });
}

/// The binary a user installs (`cargo install --path . --locked`, the release profile) in a
/// temporary root, or `CFN2TF_BIN` when set. Its own target folder: the bench's build holds the
/// workspace's. `INSTALL_ARGS` adds options (e.g. `--no-default-features`), as in bench.sh.
fn installed_binary(root: &Path) -> PathBuf {
    if let Some(bin) = std::env::var_os("CFN2TF_BIN") {
        return PathBuf::from(bin);
    }
    let extra = std::env::var("INSTALL_ARGS").unwrap_or_default();
    let status = Command::new(env!("CARGO"))
        .args(["install", "--locked", "--quiet", "--path"])
        .arg(repo())
        .arg("--root")
        .arg(root)
        .arg("--target-dir")
        .arg(repo().join("target/bench-install"))
        .args(extra.split_whitespace())
        .status()
        .expect("cargo runs");
    assert!(status.success(), "cargo install --path . failed");
    root.join("bin/cfn2tf")
}

fn convert_seed_installed(c: &mut Criterion) {
    let root = tempfile::tempdir().unwrap();
    let binary = installed_binary(root.path());
    let seed = repo().join("samples/gateway-endpoint/gateway-endpoint.yaml");
    c.bench_function("convert seed (installed binary, whole process)", |b| {
        b.iter(|| {
            let status = Command::new(&binary)
                .arg("convert")
                .arg(&seed)
                .stdout(Stdio::null())
                .stderr(Stdio::null())
                .status()
                .unwrap();
            assert!(status.success());
        })
    });
}

/// Copies the corpus into `dir` round after round (`copy-NN/`) until it holds `count` templates.
pub fn repeat_corpus(corpus: &Path, dir: &Path, count: usize) -> usize {
    let mut templates: Vec<PathBuf> = std::fs::read_dir(corpus)
        .unwrap()
        .map(|e| e.unwrap().path())
        .filter(|p| p.is_file())
        .collect();
    templates.sort();
    let mut copied = 0;
    for round in 0.. {
        let target = dir.join(format!("copy-{round:02}"));
        std::fs::create_dir_all(&target).unwrap();
        for t in &templates {
            if copied == count {
                return copied;
            }
            std::fs::copy(t, target.join(t.file_name().unwrap())).unwrap();
            copied += 1;
        }
    }
    copied
}

fn batch_1000(c: &mut Criterion) {
    // The whole corpus when it is beside the checkout (the README's figures), else the sample.
    let mut corpus = repo().join("../shared/corpus/cfn");
    if !corpus.is_dir() {
        corpus = repo().join("tests/corpus/cfn");
    }
    let work = tempfile::tempdir().unwrap();
    let input = work.path().join("labs");
    let n = repeat_corpus(&corpus, &input, 1000);
    let opts = cfn2tf::batch::Options {
        input,
        output: work.path().join("migrated"),
        jobs: None,
        validate: false,
        report_markdown: None,
        report_json: None,
        report_junit: None,
        report_sarif: None,
        stdout_format: None,
        force: true,
        resume: false,
        progress: false,
    };
    let mut group = c.benchmark_group("batch");
    group.sample_size(10).measurement_time(Duration::from_secs(20));
    group.throughput(criterion::Throughput::Elements(n as u64));
    group.bench_function(format!("{n} templates"), |b| {
        b.iter(|| cfn2tf::batch::run_batch(&opts).unwrap())
    });
    group.finish();
}

criterion_group!(benches, convert_seed, convert_seed_installed, batch_1000);
criterion_main!(benches);
