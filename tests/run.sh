#!/usr/bin/env bash
# The whole test suite: Rust unit, property and integration tests, then the end-to-end suites
# (language server over stdio, editor integrations) against the release binary.
set -euo pipefail
cd "$(dirname "$0")/.."

cargo build --release --locked
cargo test --workspace --release --locked

export ECRGEN_BIN="$PWD/target/release/ecrgen"
for suite in tests/lsp/run.sh tests/editors/run.sh; do
  if [ -x "$suite" ]; then
    echo "== $suite"
    "$suite"
  fi
done
