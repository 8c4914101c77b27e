#!/usr/bin/env python3
"""Float32 error of Winograd F(m, 5) against float64, for the tile sizes FinText uses (decisions 0073, 0086).

Builds the transforms as `WinogradTransform` does (Toom–Cook at the points 0, ±1, ±2, ±1/2, ±3/2 and ∞),
runs one 128-channel, 128-filter convolution of 400 tiles in float32 with each, and prints the largest error
relative to the output's largest magnitude, beside the direct float32 sum's.

    python3 scripts/winograd-error.py        (needs numpy)
"""
import numpy as np

POINTS = [0, 1, -1, 2, -2, 0.5, -0.5, 1.5, -1.5]


def transforms(m, r):
    a = m + r - 1
    v, eg, eh = np.zeros((a, a)), np.zeros((a, r)), np.zeros((a, m))
    for i, p in enumerate(POINTS[: a - 1]):
        for k in range(a):
            v[i, k] = p**k
            if k < r:
                eg[i, k] = p**k
            if k < m:
                eh[i, k] = p**k
    v[a - 1, a - 1] = eg[a - 1, r - 1] = eh[a - 1, m - 1] = 1  # the point at infinity
    return eh.T.astype(np.float32), eg.astype(np.float32), np.linalg.inv(v).T.astype(np.float32)


def errors(m, r=5, channels=128, filters=128, tiles=400, seed=0):
    rng = np.random.default_rng(seed)
    at, g, bt = transforms(m, r)
    a, length = m + r - 1, tiles * m
    x = (np.abs(rng.standard_normal((length + r - 1, channels))) * 0.5).astype(np.float32)  # ELU outputs ≥ 0 mostly
    w = (rng.uniform(-1, 1, (r, channels, filters)) * np.sqrt(3 / (r * channels))).astype(np.float32)  # LeCun
    exact = sum(x[k : k + length].astype(np.float64) @ w[k].astype(np.float64) for k in range(r))
    u = np.einsum("xk,kcf->xcf", g, w).astype(np.float32)
    out = np.zeros((length, filters), np.float32)
    for i in range(tiles):
        v = (bt @ x[i * m : i * m + a]).astype(np.float32)
        out[i * m : (i + 1) * m] = at @ np.einsum("xc,xcf->xf", v, u).astype(np.float32)
    direct = np.zeros((length, filters), np.float32)
    for k in range(r):
        direct += (x[k : k + length] @ w[k]).astype(np.float32)
    scale = np.abs(exact).max()
    return np.abs(out - exact).max() / scale, np.abs(direct - exact).max() / scale


if __name__ == "__main__":
    for m in (4, 6):
        winograd, direct = errors(m)
        print(f"F({m}, 5): {winograd:.2e} of the largest output (direct sum: {direct:.2e})")
