#!/usr/bin/env bash
# Editor integrations: the VS Code extension (lint, compile, unit tests, .vsix) and the
# headless Neovim end-to-end test against the release binary.
#   ECRGEN_BIN  the server to test (default target/release/ecrgen)
set -euo pipefail
root="$(cd "$(dirname "$0")/../.." && pwd)"

echo "== editors/vscode"
cd "$root/editors/vscode"
npm ci --no-audit --no-fund
npm run lint
npm run compile
npm test
rm -f ./*.vsix
npx --no-install @vscode/vsce package </dev/null
ls -l ./*.vsix

echo "== editors/nvim (headless Neovim end-to-end)"
bin="${ECRGEN_BIN:-$root/target/release/ecrgen}"
if [ ! -x "$bin" ]; then
  echo "SKIPPED the Neovim end-to-end test: no ecrgen binary at $bin (run cargo build --release -p ecrgen, or set ECRGEN_BIN)"
  exit 0
fi
python3 "$root/tests/editors/nvim/run.py" --ecrgen "$bin"
