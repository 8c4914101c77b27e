#!/usr/bin/env python3
"""Deepest closure nesting per Swift file, from the compiler's parse tree (`swiftc -dump-parse`).

Usage: scripts/closure-depth.py [--max N] FILE...   (exit status 1 when a file nests deeper than N)
Issue #15 asks that no file of the execution plan and its kernels nests closures deeper than 4:
    scripts/closure-depth.py --max 4 Sources/FTNN/Execution/*.swift Sources/FTNN/Execution/Kernels/*.swift
"""
import re
import subprocess
import sys


def depth(path):
    tree = subprocess.run(["swiftc", "-dump-parse", path], capture_output=True, text=True).stdout
    open_nodes = []  # (indentation, is a closure) of the current node's ancestors
    deepest = 0
    for line in tree.split("\n"):
        match = re.match(r"^(\s*)\((\w+)", line)
        if not match:
            continue
        indentation, kind = len(match.group(1)), match.group(2)
        while open_nodes and open_nodes[-1][0] >= indentation:
            open_nodes.pop()
        is_closure = kind == "closure_expr"
        if is_closure:
            deepest = max(deepest, 1 + sum(1 for _, closure in open_nodes if closure))
        open_nodes.append((indentation, is_closure))
    return deepest


def main(arguments):
    limit = None
    if arguments[:1] == ["--max"]:
        limit, arguments = int(arguments[1]), arguments[2:]
    failed = False
    for path in arguments:
        d = depth(path)
        too_deep = limit is not None and d > limit
        failed = failed or too_deep
        print(f"{d}\t{path}" + ("\tdeeper than %d" % limit if too_deep else ""))
    return 1 if failed else 0


if __name__ == "__main__":
    sys.exit(main(sys.argv[1:]))
