#!/usr/bin/env python3
"""Times ecrgen against `cdk synth` on the same 100-repository design, both measured in this run,
and checks that both produce the same resources.

Usage: compare.py [--repos N] [--bin target/release/ecrgen]
Installs aws-cdk-lib (pinned in package.json) into a cache folder on first use."""
import argparse
import json
import os
import shutil
import statistics
import subprocess
import sys
import tempfile
import time

HERE = os.path.dirname(os.path.abspath(__file__))


def install_cdk() -> str:
    cache = os.path.join(os.environ.get("XDG_CACHE_HOME", os.path.expanduser("~/.cache")), "ecrgen-cdk-bench")
    os.makedirs(cache, exist_ok=True)
    for name in ("package.json", "package-lock.json", "cdk-synth.js"):
        shutil.copy(os.path.join(HERE, name), cache)
    if not os.path.isdir(os.path.join(cache, "node_modules", "aws-cdk-lib")):
        subprocess.run(["npm", "ci", "--no-audit", "--no-fund", "--loglevel=error"], cwd=cache, check=True)
    return cache


def timed(cmd, cwd=None, repeat=1):
    times, out = [], None
    for _ in range(repeat):
        start = time.perf_counter()
        out = subprocess.run(cmd, cwd=cwd, check=True, capture_output=True, text=True).stdout
        times.append(time.perf_counter() - start)
    return statistics.median(times), out


def main() -> int:
    ap = argparse.ArgumentParser()
    ap.add_argument("--repos", type=int, default=100)
    ap.add_argument("--bin", default=os.path.join(HERE, "..", "..", "target", "release", "ecrgen"))
    args = ap.parse_args()
    cache = install_cdk()
    with tempfile.TemporaryDirectory() as tmp:
        spec = os.path.join(tmp, "bench.ecr.hcl")
        subprocess.run([sys.executable, os.path.join(HERE, "gen-spec.py"), str(args.repos), spec], check=True)
        cdk_s, cdk_out = timed(["node", "cdk-synth.js", str(args.repos)], cwd=cache, repeat=3)
        eco_s, eco_out = timed([os.path.abspath(args.bin), "--target", "cfn", spec], repeat=21)
    cdk_t, eco_t = json.loads(cdk_out), json.loads(eco_out)
    same = cdk_t["Resources"] == eco_t["Resources"]
    print(f"design: {args.repos} repositories, {len(cdk_t['Resources'])} resources; identical Resources: {same}")
    print(f"cdk synth (node, in-process App.synth): {cdk_s * 1000:.1f} ms (median of 3)")
    print(f"ecrgen --target cfn (whole process):     {eco_s * 1000:.2f} ms (median of 21)")
    print(f"ratio: ecrgen is {cdk_s / eco_s:.0f}x faster")
    return 0 if same else 1


if __name__ == "__main__":
    sys.exit(main())
