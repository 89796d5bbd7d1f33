#!/usr/bin/env python3
"""Times ecrgen against the real AWS CDK on the same design (N repositories, each with two
lifecycle rules, a scan-completed rule with a target and a pull grant), all measured in this run,
and checks that they produce the same resources.

Measured, each as a whole process started the same way:
- `cdk synth`: the AWS CDK CLI (aws-cdk) running the app (`node cdk-synth.js`), as users run it;
- `node cdk-synth.js N`: the app alone, synthesizing in process (no CLI): the CDK's floor;
- `ecrgen --target cfn SPEC`: ecrgen on the same design, written by `ecrgen bench --print-spec`.

Usage: compare.py [--repos N] [--bin target/release/ecrgen] [--runs-cdk 3] [--runs-ecrgen 51]
Installs the pinned packages (package.json, package-lock.json) into a cache folder on first use;
needs node and npm."""
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

# The CDK CLI reaches out to the network for notices, version checks and telemetry; the
# comparison runs offline and must not wait on any of it.
CDK_ENV = {
    "CDK_DISABLE_VERSION_CHECK": "1",
    "CDK_DISABLE_CLI_TELEMETRY": "true",
    "CI": "true",
}


def install_cdk() -> str:
    cache = os.path.join(os.environ.get("XDG_CACHE_HOME", os.path.expanduser("~/.cache")), "ecrgen-cdk-bench")
    os.makedirs(cache, exist_ok=True)
    for name in ("package.json", "package-lock.json", "cdk-synth.js"):
        shutil.copy(os.path.join(HERE, name), cache)
    with open(os.path.join(cache, "cdk.json"), "w", encoding="utf-8") as f:
        # Resource metadata the CLI adds by default (construct paths) is not part of the design.
        json.dump({"app": "node cdk-synth.js", "versionReporting": False, "pathMetadata": False, "assetMetadata": False}, f)
    stamp = os.path.join(cache, "node_modules", ".ecrgen-lock")
    lock = open(os.path.join(cache, "package-lock.json"), encoding="utf-8").read()
    if not os.path.exists(stamp) or open(stamp, encoding="utf-8").read() != lock:
        subprocess.run(["npm", "ci", "--no-audit", "--no-fund", "--loglevel=error"], cwd=cache, check=True)
        with open(stamp, "w", encoding="utf-8") as f:
            f.write(lock)
    return cache


def timed(cmd, cwd=None, env=None, repeat=1):
    """Median wall time of `cmd` over `repeat` runs, and its last stdout."""
    times, out = [], None
    for _ in range(repeat):
        start = time.perf_counter()
        out = subprocess.run(cmd, cwd=cwd, env=env, check=True, capture_output=True, text=True).stdout
        times.append(time.perf_counter() - start)
    return statistics.median(times), out


def main() -> int:
    ap = argparse.ArgumentParser()
    ap.add_argument("--repos", type=int, default=100)
    ap.add_argument("--bin", default=os.path.join(HERE, "..", "..", "target", "release", "ecrgen"))
    ap.add_argument("--runs-cdk", type=int, default=3)
    ap.add_argument("--runs-ecrgen", type=int, default=51)
    args = ap.parse_args()
    binary = os.path.abspath(args.bin)
    cache = install_cdk()
    env = dict(os.environ, **CDK_ENV, ECRGEN_BENCH_REPOS=str(args.repos))
    cdk_cli = os.path.join(cache, "node_modules", ".bin", "cdk")
    with tempfile.TemporaryDirectory() as tmp:
        spec = os.path.join(tmp, "bench.ecr.hcl")
        with open(spec, "w", encoding="utf-8") as f:
            f.write(subprocess.run([binary, "bench", "--print-spec", str(args.repos)], check=True,
                                   capture_output=True, text=True).stdout)
        cli_s, _ = timed([cdk_cli, "synth", "--no-notices", "--output", os.path.join(tmp, "cdk.out")],
                         cwd=cache, env=env, repeat=args.runs_cdk)
        with open(os.path.join(tmp, "cdk.out", "Stack.template.json"), encoding="utf-8") as f:
            cli_t = json.load(f)
        lib_s, lib_out = timed(["node", "cdk-synth.js", str(args.repos)], cwd=cache, env=env, repeat=args.runs_cdk)
        eco_s, eco_out = timed([binary, "--target", "cfn", spec], repeat=args.runs_ecrgen)
    lib_t, eco_t = json.loads(lib_out), json.loads(eco_out)
    same = cli_t["Resources"] == eco_t["Resources"] and lib_t["Resources"] == eco_t["Resources"]
    print(f"design: {args.repos} repositories, {len(eco_t['Resources'])} resources; identical Resources: {same}")
    print(f"cdk synth (aws-cdk CLI + app):           {cli_s * 1000:9.1f} ms (median of {args.runs_cdk})")
    print(f"node cdk-synth.js (app.synth in process): {lib_s * 1000:9.1f} ms (median of {args.runs_cdk})")
    print(f"ecrgen --target cfn (whole process):      {eco_s * 1000:9.2f} ms (median of {args.runs_ecrgen})")
    print(f"ratio: ecrgen is {cli_s / eco_s:.0f}x faster than cdk synth, {lib_s / eco_s:.0f}x faster than the app alone")
    return 0 if same else 1


if __name__ == "__main__":
    sys.exit(main())
