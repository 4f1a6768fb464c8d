#!/usr/bin/env bash
# Runs the parse + convert fuzz target for SECONDS (default 600), seeded from ../shared/corpus/cfn
# and the language tests. cargo-fuzz needs nightly features; RUSTC_BOOTSTRAP=1 enables them on the
# stable toolchain. New inputs go to fuzz/corpus/parse_convert, crashes to fuzz/artifacts/.
set -euo pipefail
cd "$(dirname "$0")"
seconds="${1:-600}"
mkdir -p corpus/parse_convert
seeds=(../tests/language)
[ -d ../../shared/corpus/cfn ] && seeds+=(../../shared/corpus/cfn)
RUSTC_BOOTSTRAP=1 cargo fuzz run --sanitizer none parse_convert corpus/parse_convert "${seeds[@]}" -- \
  -max_total_time="$seconds" -max_len=262144 -rss_limit_mb=1024 -timeout=10
