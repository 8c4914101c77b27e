#!/usr/bin/env python3
"""Write a synthetic GloVe text file of 400,000 words x 300 dimensions (about 1 GB) for benchmarks.

Same layout and number format as glove.6B.300d.txt: `word v1 ... v300`, '\n' line ends, values with
at most 5 significant digits in the shortest form (`0.418`, `-0.41242`, `-0.00066023`, and exponent
forms such as `6.6e-05` for tiny values, as Python's '%.5g' writes them). Values are drawn from a
normal distribution with GloVe-300d's spread (sd 0.4); words are `w0`, `w1`, ... (unique).
Deterministic: numpy seed 20231231, so the same bytes every run.

Usage: python3 scripts/vectors-make-synthetic.py OUTPUT_TXT [ROWS] [DIM]
Needs: numpy (tested with numpy 2.4.6, Python 3.11).
"""
import sys

import numpy as np


def main() -> None:
    if len(sys.argv) not in (2, 3, 4):
        sys.exit("usage: vectors-make-synthetic.py OUTPUT_TXT [ROWS] [DIM]")
    output = sys.argv[1]
    rows = int(sys.argv[2]) if len(sys.argv) > 2 else 400_000
    dim = int(sys.argv[3]) if len(sys.argv) > 3 else 300
    rng = np.random.default_rng(20231231)
    # A table of 2**18 formatted values; rows index into it (formatting 120 M values one by one in
    # Python would take many minutes, and the parser sees the same variety of forms either way).
    table_values = rng.normal(0.0, 0.4, size=1 << 18)
    table_values[:64] = rng.normal(0.0, 1e-4, size=64)  # a few tiny values with exponents
    table = np.array(["%.5g" % v for v in table_values], dtype=object)
    temporary = output + ".tmp"
    with open(temporary, "w", encoding="ascii", newline="\n") as f:
        block = 10_000
        for start in range(0, rows, block):
            count = min(block, rows - start)
            picks = table[rng.integers(0, len(table), size=(count, dim))]
            lines = [f"w{start + r} " + " ".join(picks[r]) + "\n" for r in range(count)]
            f.write("".join(lines))
    import os
    os.replace(temporary, output)


if __name__ == "__main__":
    main()
