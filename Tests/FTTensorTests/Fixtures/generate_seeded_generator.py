#!/usr/bin/env python3
"""Independent reference for FTTensor.SeededGenerator (xoshiro256** seeded by SplitMix64).

Pure Python 3 (tested with CPython 3.11.7), no packages. Writes seeded_generator.json: the first ten
raw 64-bit outputs, floats and doubles for seed 42, so the Swift sequence can never silently change.
Run: python3 generate_seeded_generator.py > seeded_generator.json
"""
import json

MASK = (1 << 64) - 1


def splitmix(x):
    x = (x + 0x9E3779B97F4A7C15) & MASK
    z = x
    z = ((z ^ (z >> 30)) * 0xBF58476D1CE4E5B9) & MASK
    z = ((z ^ (z >> 27)) * 0x94D049BB133111EB) & MASK
    return x, z ^ (z >> 31)


def rotl(x, k):
    return ((x << k) | (x >> (64 - k))) & MASK


class Xoshiro:
    def __init__(self, seed):
        self.s = []
        x = seed
        for _ in range(4):
            x, v = splitmix(x)
            self.s.append(v)

    def next(self):
        s = self.s
        result = (rotl((s[1] * 5) & MASK, 7) * 9) & MASK
        t = (s[1] << 17) & MASK
        s[2] ^= s[0]
        s[3] ^= s[1]
        s[1] ^= s[2]
        s[0] ^= s[3]
        s[2] ^= t
        s[3] = rotl(s[3], 45)
        return result


g = Xoshiro(42)
raw = [g.next() for _ in range(10)]
g = Xoshiro(42)
floats = [(g.next() >> 40) * 2.0**-24 for _ in range(10)]
g = Xoshiro(42)
doubles = [(g.next() >> 11) * 2.0**-53 for _ in range(10)]
print(json.dumps({"seed": 42, "raw": [str(v) for v in raw], "floats": floats, "doubles": doubles}, indent=1))
