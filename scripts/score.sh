#!/usr/bin/env bash
# scripts/score.sh [CORPUS_DIR]: scores cfn2tf and the Python peer cf2tf side by side on the
# corpus (default ../shared/corpus/cfn) with tools/oracle/score.py: templates converted,
# `terraform validate` passes, `terraform fmt`-clean outputs, resources mapped / total, median
# wall time per template, and the properties left untranslated (top 20 each, read from the
# outputs: cfn2tf's `# cfn2tf: property X ... not translated` markers, cf2tf's
# `// CF Property(X)` lines). Needs terraform and the provider mirror (see score.py).
set -euo pipefail
cd "$(dirname "$0")/.."
SHARED=../shared
CORPUS=${1:-$SHARED/corpus/cfn}
[ -d "$SHARED/peer" ] || { echo "score.sh: the peer cf2tf ($SHARED/peer) is not beside the checkout" >&2; exit 2; }

cargo build --release --quiet --bin cfn2tf
BIN=$(pwd)/target/release/cfn2tf
WORK=$(mktemp -d /tmp/cfn2tf-score.XXXXXX)

# The peer installs itself on first use; do that outside the timed runs.
"$SHARED/peer/run-cf2tf.sh" "$(ls "$CORPUS"/* | head -1)" "$WORK/peer-warmup" >/dev/null 2>&1 || true

echo "scoring cfn2tf ..." >&2
python3 tools/oracle/score.py --cmd "$BIN convert {in} -o {out}" --out "$WORK/cfn2tf.tsv" "$CORPUS" >"$WORK/cfn2tf.log"
echo "scoring cf2tf ..." >&2
python3 tools/oracle/score.py --cmd "$SHARED/peer/run-cf2tf.sh {in} {out}" --out "$WORK/cf2tf.tsv" "$CORPUS" >"$WORK/cf2tf.log"

python3 - "$WORK" <<'PY'
import collections, csv, re, statistics, sys
from pathlib import Path

work = Path(sys.argv[1])

def summary(tool):
    rows = list(csv.DictReader(open(work / f"{tool}.tsv"), delimiter="\t"))
    score = [l for l in open(work / f"{tool}.log") if l.startswith("SCORE:")][-1]
    outputs = Path(re.search(r"\(work (\S+)\)", score).group(1))
    ok = [r for r in rows if r["rc"] == "0"]
    n = len(rows)
    total = sum(int(r["cfn_resources"] or 0) for r in ok)
    mapped = sum(int(r["tf_resources"] or 0) for r in ok)
    return {
        "templates": str(n),
        "converted": f"{len(ok)}/{n}",
        "terraform validate passes": f"{sum(r['validate'] == 'True' for r in rows)}/{n} "
        f"({100 * sum(r['validate'] == 'True' for r in rows) / max(n, 1):.1f}%)",
        "terraform fmt-clean": f"{sum(r['fmt_clean'] == 'True' for r in rows)}/{n}",
        "resources mapped / total": f"{mapped}/{total} ({100 * mapped / max(total, 1):.1f}%)",
        "median ms per template": f"{statistics.median(float(r['ms']) for r in rows):.1f}",
    }, outputs

def unmapped(outputs, opens, marker):
    """Counts `marker` lines per "type property", the type taken from the last line matching `opens`."""
    counts = collections.Counter()
    for f in outputs.rglob("*.tf"):
        kind = "?"
        for line in f.read_text(errors="replace").splitlines():
            m = re.match(opens, line)
            if m:
                kind = m.group(1)
            m = re.search(marker, line)
            if m:
                counts[f"{kind} {m.group(1)}"] += 1
    return counts

ours, ours_out = summary("cfn2tf")
peer, peer_out = summary("cf2tf")
width = max(len(k) for k in ours) + 2
print(f"| {'':{width}} | {'cfn2tf':>22} | {'cf2tf 0.9.2 (peer)':>22} |")
print(f"|{'-' * (width + 2)}|{'-' * 24}|{'-' * 24}|")
for k in ours:
    print(f"| {k:{width}} | {ours[k]:>22} | {peer[k]:>22} |")
# cfn2tf: `# X (AWS::T) from f:l` opens a resource, `# cfn2tf: property P (...) not translated`
# marks a property; cf2tf: `resource "T"` opens one, `// CF Property(P)` marks one.
a = unmapped(ours_out, r"\s*# \S+ \(([^)]+)\) from ", r"# cfn2tf: property (\S+) \(.*\) not translated")
b = unmapped(peer_out, r'resource "(\S+)"', r"// CF Property\((\w+)\)")
print(f"\nUnmapped properties (occurrences): cfn2tf {sum(a.values())} "
      f"({len(a)} distinct), cf2tf {sum(b.values())} ({len(b)} distinct); top 20 each:\n")
print(f"| {'cfn2tf: CloudFormation type and property':66} | n | {'cf2tf: Terraform type and property':52} | n |")
print(f"|{'-' * 68}|---|{'-' * 54}|---|")
top_a, top_b = a.most_common(20), b.most_common(20)
for i in range(max(len(top_a), len(top_b))):
    l = top_a[i] if i < len(top_a) else ("", "")
    r = top_b[i] if i < len(top_b) else ("", "")
    print(f"| {l[0]:66} | {l[1]} | {r[0]:52} | {r[1]} |")
print(f"\n(rows: {work}/cfn2tf.tsv and {work}/cf2tf.tsv; outputs: {ours_out} and {peer_out})")
PY
