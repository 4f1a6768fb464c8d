//! Benchmarks: converting the seed lab (in memory), and `batch` over the public corpus repeated
//! to 1,000 templates (written to disk, no --validate). `scripts/bench.sh` adds the whole-process
//! comparison with the peer cf2tf and peak memory.

use cfn2tf::source::SourceFile;
use criterion::{Criterion, criterion_group, criterion_main};
use std::path::{Path, PathBuf};
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

criterion_group!(benches, convert_seed, batch_1000);
criterion_main!(benches);
