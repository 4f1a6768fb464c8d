#!/usr/bin/env bash
# bench.sh: cfn2tf against the peer cf2tf on the public corpus, whole processes, in one run.
#
#   scripts/bench.sh            per-template median of `cfn2tf convert` and of cf2tf (each template
#                               of ../shared/corpus/cfn, wall clock of the whole process), the ratio,
#                               and `cfn2tf batch` over the corpus repeated to 1,000 templates
#                               (templates/s, wall, peak memory from /usr/bin/time -v); with
#                               hyperfine installed, also both tools side by side on one template.
# The binary measured is the one users get: `cargo install --path . --locked` (the release
# profile of Cargo.toml), installed into a throwaway root. It builds in the workspace's target/
# (cargo's default for --path), so a second run only relinks.
# Env: N (templates in the batch, default 1000), ROUNDS (cfn2tf runs per template, default 5),
#      PEER_ROUNDS (cf2tf runs per template, default 1), SHARED (default ../shared),
#      INSTALL_ARGS (more `cargo install` options, e.g. --no-default-features: without the AWS
#      SDK the first build takes a third of the time; conversion does not use it),
#      CFN2TF_BIN (a binary to measure instead of installing one), BENCH_TMP (where both tools
#      write their outputs; default /dev/shm, a RAM file system: on this machine's disk (ext4
#      with online discard) creating a fresh output folder takes 0.05 to 1.5 ms depending on what
#      the disk is doing, which swamped a 1.4 ms conversion; BENCH_TMP=/tmp measures with the disk).
# The machine is shared: run it when it is quiet and report the load (printed first).
set -euo pipefail
ROOT=$(cd "$(dirname "${BASH_SOURCE[0]}")/.." && pwd)
SHARED=${SHARED:-$ROOT/../shared}
[ -d "$SHARED/corpus/cfn" ] || { echo "bench.sh: $SHARED/corpus/cfn is missing" >&2; exit 2; }
BENCH_TMP=${BENCH_TMP:-/dev/shm}
[ -d "$BENCH_TMP" ] && [ -w "$BENCH_TMP" ] || BENCH_TMP=/tmp
WORK=$(mktemp -d "$BENCH_TMP/cfn2tf-bench.XXXXXX")
trap 'rm -rf "$WORK"' EXIT
if [ -z "${CFN2TF_BIN:-}" ]; then
  # shellcheck disable=SC2086 # INSTALL_ARGS is a list of options
  cargo install --path "$ROOT" --root "$WORK/install" --locked --quiet ${INSTALL_ARGS:-}
  CFN2TF_BIN=$WORK/install/bin/cfn2tf
fi
echo "load average: $(cut -d' ' -f1-3 /proc/loadavg), $(nproc) cores; outputs under $BENCH_TMP ($(stat -f -c %T "$BENCH_TMP"))"
echo "measuring $CFN2TF_BIN ($("$CFN2TF_BIN" --version))"
python3 - "$CFN2TF_BIN" "$SHARED/peer/run-cf2tf.sh" "$SHARED/corpus/cfn" "$WORK" \
  "${N:-1000}" "${ROUNDS:-5}" "${PEER_ROUNDS:-1}" <<'PY'
import os, re, shutil, statistics, subprocess, sys, time
from pathlib import Path
binary, peer, corpus, work, n, rounds, peer_rounds = sys.argv[1:8]
n, rounds, peer_rounds = int(n), int(rounds), int(peer_rounds)
work = Path(work)
templates = sorted(p for p in Path(corpus).iterdir() if p.is_file())

def wall(argv):
    t0 = time.perf_counter()
    subprocess.run(argv, stdout=subprocess.DEVNULL, stderr=subprocess.DEVNULL)
    return time.perf_counter() - t0

def per_template(name, argv_of, k):
    times = []
    for r in range(k):
        for i, t in enumerate(templates):
            out = work / f"{name}-{r}-{i}"
            times.append(wall(argv_of(t, out)))
            shutil.rmtree(out, ignore_errors=True)
    return statistics.median(times), len(times)

ours, n_ours = per_template("cfn2tf", lambda t, o: [binary, "convert", str(t), "-o", str(o)], rounds)
theirs, n_theirs = per_template("cf2tf", lambda t, o: ["bash", peer, str(t), str(o)], peer_rounds)
print(f"per template (median, whole process): cfn2tf {ours*1000:.2f} ms ({n_ours} runs), "
      f"cf2tf {theirs*1000:.0f} ms ({n_theirs} runs)")
print(f"RATIO: cfn2tf is {theirs/ours:.0f}x faster than cf2tf per template (target >= 100x)")

labs = work / "labs"
copied = 0
for r in range(10**6):
    d = labs / f"copy-{r:02d}"; d.mkdir(parents=True)
    for t in templates:
        if copied == n: break
        shutil.copy(t, d / t.name); copied += 1
    if copied == n: break
runs = []
for r in range(3):
    out = work / f"migrated-{r}"
    t0 = time.perf_counter()
    # A report file per run: batch refuses to replace one without --force.
    p = subprocess.run(["/usr/bin/time", "-v", binary, "batch", str(labs), "-o", str(out),
                        "--json", str(work / f"r-{r}.json")], capture_output=True, text=True)
    if p.returncode not in (0, 1):
        sys.exit(f"bench.sh: the batch failed (exit {p.returncode}):\n{p.stderr[-2000:]}")
    secs = time.perf_counter() - t0
    rss = int(re.search(r"Maximum resident set size \(kbytes\): (\d+)", p.stderr).group(1)) / 1024
    runs.append((secs, rss))
    shutil.rmtree(out, ignore_errors=True)
secs = statistics.median(s for s, _ in runs); rss = max(m for _, m in runs)
print(f"batch of {copied} templates (no --validate, 3 runs): median {secs:.2f} s wall, "
      f"{copied/secs:.0f} templates/s, peak RSS {rss:.0f} MB (targets: < 2 s, < 200 MB)")
PY
if command -v hyperfine >/dev/null; then
  # Side by side on one mid-sized template, both writing a fresh folder each run.
  T=$(ls -S "$SHARED"/corpus/cfn/* | awk 'NR==int(c/2)' c="$(ls "$SHARED"/corpus/cfn | wc -l)")
  echo "hyperfine on $(basename "$T") ($(wc -c <"$T") bytes):"
  hyperfine -N --warmup 3 --min-runs 10 --style basic \
    --prepare "rm -rf $WORK/h1 $WORK/h2" \
    -n cfn2tf "$CFN2TF_BIN convert $T -o $WORK/h1" \
    -n cf2tf "bash $SHARED/peer/run-cf2tf.sh $T $WORK/h2" 2>&1 | grep -v '^ *$'
fi
