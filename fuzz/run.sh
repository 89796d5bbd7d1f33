#!/bin/sh
# Builds the cargo-fuzz targets and runs each one for a bounded time (default 60 s), with a
# corpus seeded from the example specs and, when ../shared is beside the checkout, from the
# conformance specs and the inputs kept in fuzz/regressions/; a dictionary of the words of those
# specs steers libFuzzer to real syntax, and its openers, alone and repeated, to deep nesting.
# A crash stops the run and leaves its input in fuzz/artifacts/<target>/: fix it, then keep the
# input as a regression test in fuzz/regressions/<target>/ (replayed by `cargo test`).
#
# Usage: fuzz/run.sh [SECONDS_PER_TARGET]   (ECRGEN_FUZZ_TARGETS="a b" runs only those targets)
set -eu
cd "$(dirname "$0")"
seconds=${1:-60}
targets=${ECRGEN_FUZZ_TARGETS:-"check_and_emit fmt_idempotent lsp_edits lsp_session"}

if ! command -v cargo-fuzz >/dev/null 2>&1; then
  cargo install cargo-fuzz --locked --version 0.13.2
fi
# cargo-fuzz needs the sanitizer flags of a nightly compiler; the machine has one stable
# toolchain, which accepts them with RUSTC_BOOTSTRAP.
export RUSTC_BOOTSTRAP=1

mkdir -p corpus
seeds=$(ls ../examples/*.ecr.hcl)
if [ -d ../../shared/conformance/cases ]; then
  seeds="$seeds $(ls ../../shared/conformance/cases/*/spec.ecr.hcl)"
fi
for t in $targets; do
  mkdir -p "corpus/$t"
  for s in $seeds; do
    cp "$s" "corpus/$t/seed-$(basename "$(dirname "$s")")-$(basename "$s")"
  done
  # The inputs kept from earlier runs (hand-made ones too: lsp_session's hostile documents).
  for r in regressions/"$t"/*; do
    if [ -f "$r" ]; then cp "$r" "corpus/$t/regression-$(basename "$r")"; fi
  done
done
# Every identifier and punctuation mark of the seeds, as libFuzzer dictionary entries.
{
  cat $seeds | grep -oE '[A-Za-z_][A-Za-z0-9_]*' | sort -u | sed 's/.*/"&"/'
  cat <<'DICT'
"{"
"}"
"["
"]"
"="
"\""
"\x0A"
"${"
"<<EOT"
"\xFF"
DICT
  # Openers, alone and repeated: deep nesting once killed or froze the checker and the server.
  # (printf, not echo: the shell's echo may read the backslashes.)
  for opener in '${\"' '[' '{' '(' '%{' 'f(' '{ a = ' '<<EOT\x0A' 'a {\x0A'; do
    printf '"%s"\n"%s%s%s%s"\n"%s%s%s%s%s%s%s%s"\n' "$opener" \
      "$opener" "$opener" "$opener" "$opener" \
      "$opener" "$opener" "$opener" "$opener" "$opener" "$opener" "$opener" "$opener"
  done
  printf '"%s"\n' '}\x0A' ']]]]' '}}}}' '))))' '\"}\"}\"}\"}'
} > corpus/spec.dict

cargo fuzz build -O
for t in $targets; do
  echo "fuzz: $t for ${seconds}s"
  if ! cargo fuzz run -O "$t" "corpus/$t" -- -dict=corpus/spec.dict -max_total_time="$seconds" \
      -max_len=16384 -timeout=20 -rss_limit_mb=3072 -print_final_stats=1 >"corpus/$t.log" 2>&1; then
    tail -40 "corpus/$t.log"
    echo "fuzz: $t failed; the input is in fuzz/artifacts/$t/" >&2
    exit 1
  fi
  grep -E "^stat::number_of_executed_units|^Done" "corpus/$t.log" || true
done
echo "fuzz: all targets ran clean"
