#!/usr/bin/env bash
# End-to-end tests of `ecrgen lsp` with pytest-lsp, against the real binary:
# ${ECRGEN_BIN:-target/release/ecrgen}. Creates (once) a venv under
# ${XDG_CACHE_HOME:-$HOME/.cache}/ecrgen-test-venv and installs requirements.txt into it.
set -euo pipefail
here="$(cd "$(dirname "$0")" && pwd)"
root="$(cd "$here/../.." && pwd)"
venv="${XDG_CACHE_HOME:-$HOME/.cache}/ecrgen-test-venv"
if [ ! -x "$venv/bin/python" ]; then
  python3 -m venv "$venv"
fi
"$venv/bin/python" -m pip install --quiet --disable-pip-version-check -r "$here/requirements.txt"
bin="${ECRGEN_BIN:-$root/target/release/ecrgen}"
case "$bin" in /*) ;; *) bin="$PWD/$bin" ;; esac
if [ ! -x "$bin" ]; then
  echo "error: no ecrgen binary at $bin (run cargo build --release, or set ECRGEN_BIN)" >&2
  exit 2
fi
export ECRGEN_BIN="$bin"
cd "$here"
exec "$venv/bin/python" -m pytest -q -p no:cacheprovider "$@"
