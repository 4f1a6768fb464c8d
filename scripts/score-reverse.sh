#!/usr/bin/env bash
# scripts/score-reverse.sh [CORPUS_DIR]: measures Terraform -> CloudFormation on a corpus of
# Terraform configurations (default ../shared/corpus-tf, one configuration per folder). For
# each: `cfn2tf convert CONFIG -o back.yaml` (converted / refused, with the first error), then
# for a converted one tools/oracle/cfn-check.sh (cfn-lint; "skipped" without cfn-lint) and
# `cfn2tf diff CONFIG back.yaml` (exit 0 = "same"). Prints a table and the totals.
# CFN2TF=path/to/cfn2tf uses that binary; else it is built (debug, in $CARGO_TARGET_DIR or target/).
set -uo pipefail
cd "$(dirname "$0")/.."
CORPUS=${1:-../shared/corpus-tf}
[ -d "$CORPUS" ] || { echo "score-reverse.sh: no corpus at $CORPUS" >&2; exit 2; }
if [ -z "${CFN2TF:-}" ]; then
  cargo build --quiet --bin cfn2tf || exit 2
  CFN2TF=${CARGO_TARGET_DIR:-target}/debug/cfn2tf
fi
LINT=tools/oracle/cfn-check.sh
{ [ -x "$LINT" ] && command -v cfn-lint >/dev/null; } || LINT=""
WORK=$(mktemp -d /tmp/cfn2tf-score-reverse.XXXXXX)
trap 'rm -rf "$WORK"' EXIT

total=0 converted=0 clean=0 same=0
declare -A firsts
printf '%-70s %-9s %-8s %-8s %s\n' CONFIGURATION RESULT LINT DIFF FIRST_ERROR
for dir in "$CORPUS"/*/; do
  name=$(basename "$dir")
  total=$((total + 1))
  out="$WORK/$name.yaml"
  if timeout 120 "$CFN2TF" convert "$dir" -o "$out" --force -q >"$WORK/$name.log" 2>&1; then
    converted=$((converted + 1))
    result=converted first=""
    if [ -n "$LINT" ]; then
      if "$LINT" "$out" >"$WORK/$name.lint" 2>&1; then lint=clean; clean=$((clean + 1)); else lint=errors; fi
    else
      lint=skipped
    fi
    if timeout 120 "$CFN2TF" diff "$dir" "$out" >"$WORK/$name.diff" 2>&1; then diff=same; same=$((same + 1)); else diff=differs; fi
  else
    result=refused lint=- diff=-
    first=$(grep -m1 -E '(^|: )error: ' "$WORK/$name.log" | sed -E 's/.*error: //')
    [ -n "$first" ] || first=$(tail -1 "$WORK/$name.log")
    # The first error's kind, with names taken out, for the summary.
    kind=$(sed -E 's/"[^"]*"/"…"/g; s/`[^`]*`/`…`/g; s/\baws_[a-z0-9_]+\.[A-Za-z0-9_-]+/RESOURCE/g; s/(has type) .*(, which)/\1 …\2/; s/(has count =) .*/\1 …/' <<<"$first")
    firsts[$kind]=$(( ${firsts[$kind]:-0} + 1 ))
  fi
  printf '%-70s %-9s %-8s %-8s %s\n' "$name" "$result" "$lint" "$diff" "${first:0:120}"
done
echo
echo "converted $converted of $total; refused $((total - converted))"
[ -n "$LINT" ] && echo "cfn-lint clean: $clean of $converted" || echo "cfn-lint: skipped (no cfn-lint or $LINT)"
echo "diff exit 0: $same of $converted"
if [ ${#firsts[@]} -gt 0 ]; then
  echo
  echo "first errors of the refused ones:"
  for k in "${!firsts[@]}"; do printf '%4d  %s\n' "${firsts[$k]}" "$k"; done | sort -rn
fi
