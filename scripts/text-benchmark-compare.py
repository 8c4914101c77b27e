#!/usr/bin/env python3
"""Text speed and extraction success of this checkout against another commit (default: main), side by side.

Builds `fintext-benchmark` in release mode twice: from `git archive REF` unpacked into a scratch folder outside
the repository (default /tmp/fintext-text-compare/src-SHA, built with --scratch-path build-SHA and reused
while that commit's binary exists), and from this checkout (its own .build). Then runs both binaries
alternately, in ABBA order so a drifting machine load hits both alike, for --rounds rounds:

  text sections --data DATA --verbose
                               read + extract every raw filing of the shared data: wall seconds, CPU seconds
                               (user + system, from the child's rusage, robust to load), MB/s of clean text,
                               the per-item success table, and each filing's item sizes (compared);
  text speed --skip-python --megabytes M --json
                               clean + tokenize MB/s of raw text (the issue's "text speed") and MB per
                               CPU-second of that pass (the benchmark's own CPU / wall figure).

It prints every run (with the load average before it), then best and median per version and after/before,
and compares the success tables row by row. Exit status 1 when a "found" count dropped. Example:

  scripts/text-benchmark-compare.py --ref main --rounds 5 --megabytes 100

The machine's other jobs move wall-clock figures by tens of percent; compare the CPU-time columns when it is
shared, and re-run in a quiet window for wall-clock figures.
"""

import argparse
import json
import os
import re
import resource
import statistics
import subprocess
import sys
import time

ROOT = os.path.dirname(os.path.dirname(os.path.abspath(__file__)))


def run(command, cwd=None):
    """Runs `command`; returns (stdout, wall seconds, CPU seconds of the child)."""
    before = resource.getrusage(resource.RUSAGE_CHILDREN)
    start = time.monotonic()
    result = subprocess.run(command, cwd=cwd, stdout=subprocess.PIPE, stderr=subprocess.PIPE, text=True)
    wall = time.monotonic() - start
    after = resource.getrusage(resource.RUSAGE_CHILDREN)
    cpu = (after.ru_utime - before.ru_utime) + (after.ru_stime - before.ru_stime)
    if result.returncode != 0:
        sys.exit(f"error: {' '.join(command)} exited {result.returncode}:\n{result.stderr[-2000:]}")
    return result.stdout, wall, cpu


def build_reference(ref, scratch):
    sha = subprocess.run(["git", "rev-parse", ref], cwd=ROOT, check=True, stdout=subprocess.PIPE,
                         text=True).stdout.strip()
    source = os.path.join(scratch, "src-" + sha[:12])
    build = os.path.join(scratch, "build-" + sha[:12])
    binary = os.path.join(build, "release", "fintext-benchmark")
    if os.path.exists(binary):
        print(f"{ref} ({sha[:12]}): reusing {binary}")
        return binary, sha
    os.makedirs(source, exist_ok=True)
    archive = subprocess.Popen(["git", "archive", sha], cwd=ROOT, stdout=subprocess.PIPE)
    subprocess.run(["tar", "-x", "-C", source], stdin=archive.stdout, check=True)
    archive.wait()
    print(f"{ref} ({sha[:12]}): building release fintext-benchmark in {build} …", flush=True)
    run(["swift", "build", "-c", "release", "--product", "fintext-benchmark", "--package-path", source,
         "--scratch-path", build])
    return binary, sha


def build_here(skip):
    binary = os.path.join(ROOT, ".build", "release", "fintext-benchmark")
    if not skip:
        print("this checkout: building release fintext-benchmark …", flush=True)
        run(["swift", "build", "-c", "release", "--product", "fintext-benchmark"], cwd=ROOT)
    if not os.path.exists(binary):
        sys.exit(f"error: {binary} does not exist (run without --skip-build)")
    return binary


SECTIONS_LINE = re.compile(r"([\d.]+) s for ([\d.]+) MB of clean text")


def sections_run(binary, data):
    out, wall, cpu = run([binary, "text", "sections", "--data", data, "--verbose"])
    match = SECTIONS_LINE.search(out)
    if not match:
        sys.exit(f"error: {binary} text sections: no timing line in its output")
    megabytes = float(match.group(2))
    table = {}
    for line in out.splitlines():
        cells = [c.strip() for c in line.strip().strip("|").split("|")]
        if len(cells) >= 5 and cells[1] in ("1", "1A", "7", "7A") or (len(cells) >= 5 and "**" in cells[1]):
            key = (cells[0].strip("*"), cells[1].strip("*"))
            table[key] = [c.strip("*") for c in cells[2:]]
    # --verbose: one line per filing, "NAME FORMAT DATE 1:BYTES 1A:BYTES 7:BYTES 7A:BYTES".
    filings = {line.split(" ", 1)[0]: line for line in out.splitlines() if ".gz " in line and "|" not in line}
    return {"wall": wall, "cpu": cpu, "megabytes": megabytes, "table": table, "filings": filings}


def speed_run(binary, data, megabytes):
    out, wall, cpu = run([binary, "text", "speed", "--data", data, "--skip-python", "--megabytes", str(megabytes),
                          "--json"])
    fields = json.loads(out.strip().splitlines()[-1])
    # CPU time of the measured one pass only (the process also reads and extracts the filings for its corpus).
    tokenize_cpu = fields["swift_cores_used"] * fields["swift_seconds"]
    return {"mb_per_s": fields["swift_mb_per_s"], "raw_mb": fields["raw_mb"], "cpu": cpu, "wall": wall,
            "mb_per_cpu_s": fields["raw_mb"] / tokenize_cpu if tokenize_cpu > 0 else float("nan")}


def summary(values, higher_is_better=True):
    best = max(values) if higher_is_better else min(values)
    return best, statistics.median(values)


def main():
    parser = argparse.ArgumentParser(description=__doc__, formatter_class=argparse.RawDescriptionHelpFormatter)
    parser.add_argument("--ref", default="main", help="the commit to compare against (default: main)")
    parser.add_argument("--rounds", type=int, default=3)
    parser.add_argument("--megabytes", type=int, default=50, help="corpus size of text speed (default 50)")
    parser.add_argument("--data", default=os.path.join(os.path.dirname(ROOT), "shared", "data"))
    parser.add_argument("--scratch", default="/tmp/fintext-text-compare")
    parser.add_argument("--skip-build", action="store_true", help="use this checkout's existing release binary")
    parser.add_argument("--only", choices=["sections", "speed"], help="run one of the two benchmarks")
    args = parser.parse_args()

    before_binary, sha = build_reference(args.ref, args.scratch)
    after_binary = build_here(args.skip_build)
    here = subprocess.run(["git", "rev-parse", "--short=12", "HEAD"], cwd=ROOT, stdout=subprocess.PIPE,
                          text=True).stdout.strip()
    versions = {"before": before_binary, "after": after_binary}
    print(f"before = {args.ref} {sha[:12]}, after = this checkout (HEAD {here}, with its working tree); "
          f"{os.cpu_count()} cores; data {args.data}")
    results = {name: {"sections": [], "speed": []} for name in versions}
    for r in range(args.rounds):
        order = ["before", "after"] if r % 2 == 0 else ["after", "before"]
        for name in order:
            load = os.getloadavg()[0]
            if args.only != "speed":
                s = sections_run(versions[name], args.data)
                results[name]["sections"].append(s)
                print(f"round {r + 1} {name:6} (load {load:.2f}) sections: {s['wall']:.2f} s wall, "
                      f"{s['cpu']:.2f} s CPU, {s['megabytes'] / s['wall']:.1f} MB/s, "
                      f"{s['megabytes'] / s['cpu']:.1f} MB/CPU-s", flush=True)
            if args.only != "sections":
                t = speed_run(versions[name], args.data, args.megabytes)
                results[name]["speed"].append(t)
                print(f"round {r + 1} {name:6} (load {os.getloadavg()[0]:.2f}) speed: {t['mb_per_s']:.1f} MB/s, "
                      f"{t['mb_per_cpu_s']:.1f} MB/CPU-s ({t['raw_mb']:.0f} MB)", flush=True)

    # An older `text sections` prints whole megabytes ("70 MB"): use the precise figure for both versions
    # (they read the same files with the same reader).
    sizes = [x["megabytes"] for name in versions for x in results[name]["sections"]]
    precise = [m for m in sizes if not float(m).is_integer()]
    if precise:
        for name in versions:
            for x in results[name]["sections"]:
                if abs(x["megabytes"] - precise[0]) < 1:
                    x["megabytes"] = precise[0]
    print()
    print("| measurement | before: best / median | after: best / median | after / before (best, median) |")
    print("|---|---|---|---|")
    rows = []
    if args.only != "speed":
        rows += [
            ("read + extract, MB/s of clean text (wall)", "sections", lambda s: s["megabytes"] / s["wall"], True),
            ("read + extract, CPU s", "sections", lambda s: s["cpu"], False),
            ("read + extract, MB per CPU-second", "sections", lambda s: s["megabytes"] / s["cpu"], True),
        ]
    if args.only != "sections":
        rows += [
            ("clean + tokenize, MB/s of raw text (wall)", "speed", lambda t: t["mb_per_s"], True),
            ("clean + tokenize, MB per CPU-second", "speed", lambda t: t["mb_per_cpu_s"], True),
        ]
    for title, kind, value, higher in rows:
        b = summary([value(x) for x in results["before"][kind]], higher)
        a = summary([value(x) for x in results["after"][kind]], higher)
        print(f"| {title} | {b[0]:.2f} / {b[1]:.2f} | {a[0]:.2f} / {a[1]:.2f} | {a[0] / b[0]:.3f}, "
              f"{a[1] / b[1]:.3f} |")

    dropped = False
    if args.only != "speed":
        before_table = results["before"]["sections"][0]["table"]
        after_table = results["after"]["sections"][0]["table"]
        print()
        changed = []
        for key in sorted(set(before_table) | set(after_table)):
            b = before_table.get(key)
            a = after_table.get(key)
            if a != b:
                changed.append((key, b, a))
            if b and (not a or int(a[1]) < int(b[1])):
                dropped = True
        if not changed:
            print(f"success table: identical ({len(after_table)} rows)")
        else:
            print("success table rows that differ (format, item: expected, found, rate, not applicable, "
                  "incorporated, < 1,000 bytes[, by cross-reference or Exhibit 13]):")
            for key, b, a in changed:
                print(f"  {key[0]} {key[1]}: before {b} → after {a}")
        print("found counts: " + ("DROPPED" if dropped else "none dropped"))
        before_filings = results["before"]["sections"][0]["filings"]
        after_filings = results["after"]["sections"][0]["filings"]
        differing = [n for n in sorted(set(before_filings) | set(after_filings))
                     if before_filings.get(n) != after_filings.get(n)]
        print(f"filings whose extracted item sizes differ: {len(differing)} of {len(after_filings)}")
        for name in differing:
            print(f"  before: {before_filings.get(name)}\n  after:  {after_filings.get(name)}")
    return 1 if dropped else 0


if __name__ == "__main__":
    sys.exit(main())
