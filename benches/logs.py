#!/usr/bin/env python3
"""Benchmark of `edgelint logs` on generated CloudFront standard logs
(gzip, as CloudFront delivers them), against GoAccess producing its HTML
report from the same files (`--log-format=CLOUDFRONT`) and against
`zcat | wc -l` (the floor: decompressing and splitting lines).

Rounds are interleaved (edgelint, goaccess, zcat, edgelint, …) so machine
noise hits all three alike; the medians and their ratios are printed, with
each tool's peak memory (max RSS of the process tree, from GNU time).

Usage:
  benches/logs.py [--bytes 2000000000] [--rounds 3] [--edgelint target/release/edgelint]
The logs are generated once into target/logs-bench/<bytes>/ and kept.
Not run by CI: two gigabytes take minutes.
"""

import argparse
import glob
import os
import shutil
import statistics
import subprocess
import sys
import time

ROOT = os.path.dirname(os.path.dirname(os.path.abspath(__file__)))


def run(cmd):
    """Wall time and peak RSS (MiB) of a shell command and its children.
    GNU time measures it: the rusage of a child forked from this script
    would count the script's own memory before the exec."""
    start = time.monotonic()
    proc = subprocess.run(
        ["/usr/bin/time", "-f", "%M", "sh", "-c", cmd],
        stdout=subprocess.DEVNULL, stderr=subprocess.PIPE, text=True,
    )
    elapsed = time.monotonic() - start
    lines = proc.stderr.strip().splitlines()
    if proc.returncode not in (0, 1) or not lines or not lines[-1].isdigit():
        sys.exit(f"`{cmd}` failed ({proc.returncode}): {proc.stderr[-2000:]}")
    return elapsed, int(lines[-1]) / 1024


def main():
    ap = argparse.ArgumentParser(description=__doc__, formatter_class=argparse.RawDescriptionHelpFormatter)
    ap.add_argument("--bytes", type=int, default=2_000_000_000)
    ap.add_argument("--rounds", type=int, default=3)
    ap.add_argument("--edgelint", default=os.path.join(ROOT, "target", "release", "edgelint"))
    args = ap.parse_args()
    for tool in ("goaccess", "zcat", "/usr/bin/time"):
        if not shutil.which(tool):
            sys.exit(f"{tool} is not installed (apt-get install goaccess)")
    data = os.path.join(ROOT, "target", "logs-bench", str(args.bytes))
    if not glob.glob(os.path.join(data, "*.gz")):
        os.makedirs(data, exist_ok=True)
        print(f"generating {args.bytes} bytes of standard logs into {data} …", flush=True)
        subprocess.run(
            [sys.executable, os.path.join(ROOT, "tests", "logs", "generate.py"), "--out", data,
             "--bytes", str(args.bytes), "--hours", "24", "--files-per-hour", "4",
             "--incident", "sg", "--incident", "slow"],
            check=True,
        )
    files = sorted(glob.glob(os.path.join(data, "*.gz")))
    compressed = sum(os.path.getsize(f) for f in files)
    out = os.path.join(ROOT, "target", "logs-bench")
    deployment = os.path.join(ROOT, "testdata", "logs", "deployment.yaml")
    commands = {
        "edgelint": f"{args.edgelint} logs {data} --deployment {deployment} --html {out}/edgelint.html",
        "goaccess": f"zcat {data}/*.gz | goaccess --log-format=CLOUDFRONT --no-global-config -o {out}/goaccess.html -",
        "zcat|wc": f"zcat {data}/*.gz | wc -l",
    }
    times = {k: [] for k in commands}
    memory = {k: 0.0 for k in commands}
    for r in range(args.rounds):
        for name, cmd in commands.items():
            elapsed, rss = run(cmd)
            times[name].append(elapsed)
            memory[name] = max(memory[name], rss)
            print(f"round {r + 1} {name:9} {elapsed:7.2f} s  {rss:7.1f} MiB", flush=True)
    lines = subprocess.run(f"zcat {data}/*.gz | wc -l", shell=True, capture_output=True, text=True).stdout.strip()
    median = {k: statistics.median(v) for k, v in times.items()}
    print(f"\n{len(files)} files, {args.bytes / 1e9:.2f} GB uncompressed ({compressed / 1e6:.0f} MB gzip), {lines} lines; "
          f"{os.cpu_count()} cores; {args.rounds} interleaved rounds, medians:")
    for name in commands:
        print(f"  {name:9} {median[name]:7.2f} s   peak {memory[name]:6.1f} MiB")
    print(f"  goaccess / edgelint = {median['goaccess'] / median['edgelint']:.2f}x "
          f"(edgelint faster when > 1)")
    print(f"  edgelint / (zcat|wc) = {median['edgelint'] / median['zcat|wc']:.2f}x")


if __name__ == "__main__":
    main()
