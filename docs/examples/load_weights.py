#!/usr/bin/env python3
"""Load a FinText model's weights.safetensors (or a checkpoint) in Python and list its tensors.

Needs: pip install safetensors numpy   (tested with safetensors 0.8.0, numpy 2.4.6)
Usage: python3 docs/examples/load_weights.py MODEL_DIR/weights.safetensors
Prints one line per tensor: name, dtype and shape, then the metadata keys.
"""
import json
import sys

from safetensors import safe_open
from safetensors.numpy import load_file


def main(path):
    tensors = load_file(path)
    for name in sorted(tensors):
        array = tensors[name]
        print(f"{name}\t{array.dtype}\t{list(array.shape)}")
    with safe_open(path, framework="numpy") as f:
        metadata = f.metadata() or {}
    print("metadata:", json.dumps(sorted(metadata)))


if __name__ == "__main__":
    if len(sys.argv) != 2:
        sys.exit("usage: load_weights.py FILE.safetensors")
    main(sys.argv[1])
