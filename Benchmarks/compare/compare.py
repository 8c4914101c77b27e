#!/usr/bin/env python3
"""Side-by-side speed and memory of the study's model: FinText vs PyTorch vs Keras 3 on TensorFlow.

Same model (Embedding(frozen) -> 3 x [Conv1D(128, 5, elu) -> MaxPooling1D] -> Dense(100, elu) -> Dense(3)),
same token ids (written once to a file every framework reads), same batch, 2 threads each, each framework in
its own process so that peak memory (peak RSS) is its own. Frameworks run round-robin (--rounds, default 2) and
the best round of each is reported (median of --steps timed steps within a round), so a load spike from other
jobs on a shared machine does not penalise one framework. One training step = forward + backward + Adam
update on one batch; inference = class probabilities for one batch.

Usage (from the package root, after `scripts/build-release.sh --product fintext-benchmark`, which builds for this
machine's CPU into .build-native/ -- the default --fintext -- or `swift build -c release` for the portable build):
    /work/venv-perf/bin/python Benchmarks/compare/compare.py                  # full size, no padding
    /work/venv-perf/bin/python Benchmarks/compare/compare.py --padding realistic
    /work/venv-perf/bin/python Benchmarks/compare/compare.py --padding 0.25    # Zipf ids, 25% of positions padding
    ... --markdown   prints the table as Markdown (for docs/performance.md)
    ... --real-text ../shared/data/sections-2023.jsonl.gz --target-padding 0.38
                     ids of 33 real 10-K sections tokenised like Keras (Tokenizer(num_words=V), pre-padding and
                     pre-truncation to --length), chosen so that about 38% of the batch's positions are padding
    ... --ids-in ids.int32   reads a prepared batch (raw little-endian int32, batch x length)

Needs: numpy; PyTorch and Keras 3 + TensorFlow for the peers (skipped with a message when missing):
    python3 -m venv venv && venv/bin/pip install numpy torch tensorflow-cpu keras
Versions used for docs/performance.md: Python 3.11, numpy 2.x, torch 2.15.0, tensorflow 2.21.0, keras 3.15.1.
"""

import argparse
import json
import os
import resource
import subprocess
import sys
import tempfile
import time

HERE = os.path.dirname(os.path.abspath(__file__))
ROOT = os.path.dirname(os.path.dirname(HERE))


def make_ids(args):
    """Zipf-Mandelbrot ids p(id) ~ (id + 2.7)^-s over 1..V-1; 'realistic' pre-pads lognormal lengths (mean 4,258);
    a fraction f pre-pads lognormal lengths scaled so that f of the batch's positions are padding."""
    import numpy as np

    rng = np.random.default_rng(args.seed)
    ranks = np.arange(1, args.vocabulary)
    p = (ranks + 2.7) ** (-args.zipf)
    p /= p.sum()
    ids = np.zeros((args.batch, args.length), dtype=np.int32)
    lengths = np.full(args.batch, args.length)
    if args.padding == "realistic":
        sigma = 0.8
        draws = rng.lognormal(np.log(4258.0) - sigma * sigma / 2, sigma, size=args.batch)
        lengths = np.minimum(args.length, np.maximum(50, draws)).astype(int)
    elif args.padding != "none":
        lengths = padded_lengths(rng, args.batch, args.length, float(args.padding))
    for n in range(args.batch):
        ids[n, args.length - lengths[n]:] = rng.choice(ranks, size=lengths[n], p=p)
    return ids


def padded_lengths(rng, batch, length, fraction):
    """Document lengths (lognormal, sigma 0.5, capped at `length`) whose padding is `fraction` of the batch."""
    import numpy as np

    weights = rng.lognormal(0.0, 0.5, size=batch)
    target = round(batch * length * (1 - fraction))
    low, high = 0.0, 4.0 * length / weights.mean()
    for _ in range(60):  # bisect the scale so the capped lengths sum to the target
        scale = (low + high) / 2
        if np.minimum(length, np.maximum(1, weights * scale)).astype(int).sum() < target:
            low = scale
        else:
            high = scale
    return np.minimum(length, np.maximum(1, weights * high)).astype(int)


def padding_argument(text):
    """--padding: none, realistic, or a fraction in [0, 1)."""
    if text in ("none", "realistic"):
        return text
    try:
        value = float(text)
    except ValueError:
        raise argparse.ArgumentTypeError(f"expected none, realistic or a fraction in [0, 1). Received: {text}")
    if not 0 <= value < 1:
        raise argparse.ArgumentTypeError(f"expected a padding fraction in [0, 1). Received: {text}")
    return text


KERAS_FILTERS = '!"#$%&()*+,-./:;<=>?@[\\]^_`{|}~\t\n'


def keras_words(text):
    """Keras `text_to_word_sequence`: lower-case, filter characters replaced by spaces, split on spaces."""
    table = str.maketrans({c: " " for c in KERAS_FILTERS})
    return [w for w in text.lower().translate(table).split(" ") if w]


def real_text_ids(args):
    """A batch of real sections tokenised like Keras; sections chosen (seeded) to approach --target-padding."""
    import gzip
    import random
    from collections import Counter

    import numpy as np

    texts = []
    with gzip.open(args.real_text, "rt", encoding="utf-8") as f:
        for line in f:
            record = json.loads(line)
            for key in ("1", "1A", "7", "7A"):
                text = (record.get("sections") or {}).get(key)
                if text and text.strip():
                    texts.append(text)
    documents = [keras_words(t) for t in texts]
    counts = Counter(w for d in documents for w in d)
    # Keras word_index: by count, ties in order of first appearance (Counter keeps insertion order).
    ranked = sorted(counts.items(), key=lambda item: -item[1])
    index = {w: i + 1 for i, (w, _) in enumerate(ranked) if i + 1 < args.vocabulary}
    sequences = [[index[w] for w in d if w in index] for d in documents]
    lengths = [min(args.length, len(q)) for q in sequences]
    if len(sequences) < args.batch:
        sys.exit(f"{args.real_text}: {len(sequences)} sections, fewer than --batch {args.batch}")
    rng = random.Random(args.seed)
    order = list(range(len(sequences)))
    rng.shuffle(order)
    chosen, rest = order[:args.batch], order[args.batch:]

    def padding_of(selection):
        return 1 - sum(lengths[i] for i in selection) / (args.length * len(selection))

    for _ in range(20_000):  # random swaps that bring the padding closer to the target
        a, b = rng.randrange(len(chosen)), rng.randrange(len(rest))
        trial = chosen[:a] + [rest[b]] + chosen[a + 1:]
        if abs(padding_of(trial) - args.target_padding) < abs(padding_of(chosen) - args.target_padding):
            rest[b], chosen = chosen[a], trial
    ids = np.zeros((args.batch, args.length), dtype=np.int32)
    for row, i in enumerate(chosen):
        q = sequences[i][-args.length:]  # truncating='pre'
        if q:
            ids[row, args.length - len(q):] = q  # padding='pre'
    print(f"Real text: {len(texts)} sections of {args.real_text}, {len(index)} words in the vocabulary; "
          f"batch of sections {sorted(chosen)}", flush=True)
    return ids


def peak_rss_mb():
    return resource.getrusage(resource.RUSAGE_SELF).ru_maxrss / 1024.0


def timed(fn, steps):
    fn()  # warm-up (graph building, allocation)
    times = []
    for _ in range(steps):
        start = time.perf_counter()
        fn()
        times.append(time.perf_counter() - start)
    return sorted(times)[len(times) // 2]


def run_torch(args, ids, table):
    import numpy as np
    import torch
    from torch import nn

    torch.set_num_threads(args.threads)
    torch.manual_seed(args.seed)

    class Study(nn.Module):
        def __init__(self):
            super().__init__()
            self.embedding = nn.Embedding.from_pretrained(torch.from_numpy(table), freeze=True)
            self.c1, self.c2, self.c3 = nn.Conv1d(args.dimension, 128, 5), nn.Conv1d(128, 128, 5), nn.Conv1d(128, 128, 5)
            length = args.length
            for pool in (5, 5, 35):
                length = (length - 4) // pool
            self.d1, self.d2 = nn.Linear(length * 128, 100), nn.Linear(100, 3)
            self.drop1, self.drop2 = nn.Dropout(0.15), nn.Dropout(0.45)

        def forward(self, x):
            x = self.embedding(x).transpose(1, 2)  # (N, C, L)
            x = self.drop1(nn.functional.max_pool1d(nn.functional.elu(self.c1(x)), 5))
            x = self.drop1(nn.functional.max_pool1d(nn.functional.elu(self.c2(x)), 5))
            x = nn.functional.max_pool1d(nn.functional.elu(self.c3(x)), 35)
            x = x.transpose(1, 2).flatten(1)  # channels-last flatten, as Keras
            return self.d2(self.drop2(nn.functional.elu(self.d1(x))))

    model = Study()
    optimizer = torch.optim.Adam([p for p in model.parameters() if p.requires_grad], lr=3e-4)
    x = torch.from_numpy(ids.astype(np.int64))
    y = torch.from_numpy(np.arange(args.batch) % 3)
    loss_fn = nn.CrossEntropyLoss()

    def train():
        model.train()
        optimizer.zero_grad()
        loss = loss_fn(model(x), y)
        loss.backward()
        optimizer.step()

    def predict():
        model.eval()
        with torch.no_grad():
            torch.softmax(model(x), dim=1)

    result = {}
    if not args.skip_training:
        result["train"] = timed(train, args.steps)
    result["predict"] = timed(predict, args.steps)
    result["version"] = torch.__version__
    return result


def run_keras(args, ids, table):
    os.environ.setdefault("KERAS_BACKEND", "tensorflow")
    os.environ.setdefault("TF_CPP_MIN_LOG_LEVEL", "2")
    import numpy as np
    import tensorflow as tf

    tf.config.threading.set_intra_op_parallelism_threads(args.threads)
    tf.config.threading.set_inter_op_parallelism_threads(args.threads)
    import keras
    from keras import layers

    keras.utils.set_random_seed(args.seed)
    model = keras.Sequential([
        keras.Input(shape=(args.length,), dtype="int32"),
        layers.Embedding(args.vocabulary, args.dimension, weights=[table], trainable=False),
        layers.Conv1D(128, 5, activation="elu", kernel_initializer="lecun_uniform"),
        layers.MaxPooling1D(5),
        layers.Dropout(0.15),
        layers.Conv1D(128, 5, activation="elu", kernel_initializer="lecun_uniform"),
        layers.MaxPooling1D(5),
        layers.Dropout(0.15),
        layers.Conv1D(128, 5, activation="elu", kernel_initializer="lecun_uniform"),
        layers.MaxPooling1D(35),
        layers.Flatten(),
        layers.Dense(100, activation="elu", kernel_initializer="lecun_uniform"),
        layers.Dropout(0.45),
        layers.Dense(3, activation="softmax"),
    ])
    model.compile(optimizer=keras.optimizers.Adam(learning_rate=3e-4, clipvalue=0.5), loss="categorical_crossentropy")
    x = ids
    y = keras.utils.to_categorical(np.arange(args.batch) % 3, 3)
    result = {}
    if not args.skip_training:
        result["train"] = timed(lambda: model.train_on_batch(x, y), args.steps)
    result["predict"] = timed(lambda: model.predict_on_batch(x), args.steps)
    result["version"] = f"keras {keras.__version__}, tensorflow {tf.__version__}"
    return result


def worker(args):
    """Runs one peer framework in this process and prints one JSON line."""
    import numpy as np

    ids = np.fromfile(args.ids_file, dtype="<i4").reshape(args.batch, args.length)
    rng = np.random.default_rng(args.seed + 100)
    table = rng.uniform(-0.5, 0.5, size=(args.vocabulary, args.dimension)).astype(np.float32)
    table[0] = 0
    run = {"torch": run_torch, "keras": run_keras}[args.worker]
    result = run(args, ids, table)
    result["peak_rss_mb"] = peak_rss_mb()
    print("RESULT " + json.dumps(result), flush=True)


INSTALL = {
    "torch": "pip install torch",
    "keras": "pip install tensorflow-cpu keras",
}


def has_module(python, name):
    return subprocess.run([python, "-c", f"import {name}"], capture_output=True).returncode == 0


def run_peer(args, name, ids_file):
    command = [sys.executable, os.path.abspath(__file__), "--worker", name, "--ids-file", ids_file] + common_flags(args)
    completed = subprocess.run(command, capture_output=True, text=True, env=child_env(args))
    for line in completed.stdout.splitlines():
        if line.startswith("RESULT "):
            return json.loads(line[len("RESULT "):])
    sys.stderr.write(f"{name} failed:\n{completed.stderr[-3000:]}\n")
    return None


def run_fintext(args, ids_file, path):
    command = [
        args.fintext, "model", "--json", "--paths", path, "--ids-file", ids_file, "--batch", str(args.batch),
        "--length", str(args.length), "--dimension", str(args.dimension), "--vocabulary", str(args.vocabulary),
        "--steps", str(args.steps), "--workers", str(args.threads), "--blas-threads", str(args.threads),
        "--zipf", str(args.zipf), "--corpus-batches", str(args.corpus_batches),
    ]
    if args.skip_training:
        command.append("--skip-training")
    completed = subprocess.run(command, capture_output=True, text=True, env=child_env(args))
    if completed.returncode != 0:
        sys.stderr.write(f"fintext-benchmark failed:\n{completed.stderr[-3000:]}\n")
        return None
    build = "built for this CPU" if ".build-native" in args.fintext else "portable build"
    result = {"version": "FinText (this checkout), " + path + " path, " + build}
    for line in completed.stdout.splitlines():
        record = json.loads(line)
        name = record["name"]
        kind = "train" if name.startswith("train") else ("predict_cached" if name.endswith("_cached") else "predict")
        result[kind] = record["seconds_per_batch"]
        result["peak_rss_mb"] = record["peak_rss_mb"]
        result["distinct_ids_per_batch"] = record["distinct_ids_per_batch"]
    return result


# The settings AllocatorPolicy.retainFreedMemory() gives FinText's own executables (decision 0068).
MALLOC_ENV = {"MALLOC_MMAP_MAX_": "0", "MALLOC_TRIM_THRESHOLD_": "2147483647", "MALLOC_TOP_PAD_": "67108864"}


def child_env(args):
    """The environment of every framework's process; --malloc-env adds the same glibc malloc settings to all."""
    env = dict(os.environ)
    if args.malloc_env:
        env.update(MALLOC_ENV)
    return env


def common_flags(args):
    flags = ["--batch", str(args.batch), "--length", str(args.length), "--dimension", str(args.dimension),
             "--vocabulary", str(args.vocabulary), "--steps", str(args.steps), "--threads", str(args.threads),
             "--seed", str(args.seed)]
    if args.skip_training:
        flags.append("--skip-training")
    return flags


def main():
    parser = argparse.ArgumentParser(description=__doc__, formatter_class=argparse.RawDescriptionHelpFormatter)
    parser.add_argument("--batch", type=int, default=33)
    parser.add_argument("--length", type=int, default=10_000)
    parser.add_argument("--dimension", type=int, default=300)
    parser.add_argument("--vocabulary", type=int, default=40_000)
    parser.add_argument("--zipf", type=float, default=1.4)
    parser.add_argument("--padding", type=padding_argument, default="none",
                        help="none, realistic (lognormal lengths, mean 4,258) or a padding fraction such as 0.25")
    parser.add_argument("--steps", type=int, default=3, help="timed steps per measurement (median reported)")
    parser.add_argument("--threads", type=int, default=2)
    parser.add_argument("--rounds", type=int, default=2, help="round-robin repetitions; the best per framework is kept")
    parser.add_argument("--seed", type=int, default=1)
    parser.add_argument("--frameworks", default="fintext,fintext-reference,torch,keras")
    native = os.path.join(ROOT, ".build-native", "release", "fintext-benchmark")
    parser.add_argument("--fintext", default=native if os.path.exists(native) else
                        os.path.join(ROOT, ".build", "release", "fintext-benchmark"))
    parser.add_argument("--skip-training", action="store_true")
    parser.add_argument("--corpus-batches", type=int, default=3,
                        help="batches FinText's Predictor has seen before the measured one (predict_fast_cached)")
    parser.add_argument("--malloc-env", action="store_true",
                        help="run every framework with MALLOC_MMAP_MAX_=0, MALLOC_TRIM_THRESHOLD_=2 GiB and MALLOC_TOP_PAD_=64 MiB "
                             "(glibc keeps freed memory instead of unmapping and re-faulting it each step)")
    parser.add_argument("--markdown", action="store_true")
    parser.add_argument("--worker", choices=["torch", "keras"], help=argparse.SUPPRESS)
    parser.add_argument("--ids-file", help=argparse.SUPPRESS)
    parser.add_argument("--real-text", help="10-K sections (JSON Lines, .gz, a 'sections' object per line) to tokenise")
    parser.add_argument("--target-padding", type=float, default=0.38,
                        help="with --real-text: the fraction of padding positions the chosen batch approaches")
    parser.add_argument("--ids-in", help="a prepared batch: raw little-endian int32, batch x length")
    args = parser.parse_args()
    if args.worker:
        worker(args)
        return

    try:
        import numpy  # noqa: F401
    except ImportError:
        sys.exit("compare.py needs numpy: pip install numpy")
    if args.ids_in:
        import numpy as np
        ids = np.fromfile(args.ids_in, dtype="<i4")
        if ids.size != args.batch * args.length or ids.min() < 0 or ids.max() >= args.vocabulary:
            sys.exit(f"{args.ids_in}: expected {args.batch} x {args.length} int32 ids in 0..{args.vocabulary - 1}")
        ids = ids.reshape(args.batch, args.length)
    elif args.real_text:
        ids = real_text_ids(args)
    else:
        ids = make_ids(args)
    folder = tempfile.mkdtemp(prefix="fintext-compare-")
    ids_file = os.path.join(folder, "ids.int32")
    ids.astype("<i4").tofile(ids_file)
    distinct = len(set(ids.ravel().tolist()))
    padding = float((ids == 0).mean())
    with open("/proc/loadavg") as f:
        load = f.read().split()[:3]
    source = (f"ids from {args.ids_in}" if args.ids_in else "real text" if args.real_text
              else f"Zipf s={args.zipf}, padding {args.padding}")
    print(f"Batch {args.batch} x {args.length} tokens, D {args.dimension}, V {args.vocabulary}, {source} "
          f"({padding:.0%} of positions padding), {distinct} distinct ids; {args.threads} threads; "
          f"load average before: {' '.join(load)}; ids in {ids_file}"
          + (f"; every process with {MALLOC_ENV}" if args.malloc_env else ""), flush=True)

    results = {}
    names = args.frameworks.split(",")
    for round_ in range(args.rounds):
        # Round-robin over the frameworks so that a load spike from other jobs on a shared machine does not
        # hit one framework only; each framework's best round is reported.
        for name in names:
            if name in ("fintext", "fintext-reference"):
                if not os.path.exists(args.fintext):
                    print(f"skipping {name}: {args.fintext} not found (run `scripts/build-release.sh --product fintext-benchmark` first)")
                    continue
                result = run_fintext(args, ids_file, "fast" if name == "fintext" else "reference")
            else:
                module = {"torch": "torch", "keras": "keras"}[name]
                if not (has_module(sys.executable, module) and (name != "keras" or has_module(sys.executable, "tensorflow"))):
                    print(f"skipping {name}: not installed. Install with: {sys.executable} -m {INSTALL[name]}")
                    continue
                result = run_peer(args, name, ids_file)
            with open("/proc/loadavg") as f:
                load_now = f.read().split()[0]
            print(f"  round {round_ + 1} {name} (load {load_now}): {json.dumps(result)}", flush=True)
            if result is None:
                continue
            best = results.setdefault(name, dict(result))
            for kind in ("train", "predict", "predict_cached"):
                if kind in result:
                    best[kind] = min(best[kind], result[kind])
            best["peak_rss_mb"] = max(best.get("peak_rss_mb", 0), result.get("peak_rss_mb", 0))

    fin = results.get("fintext")
    rows = []
    for name, r in results.items():
        if not r:
            continue
        row = {"name": name, "version": r.get("version", "")}
        for kind in ("train", "predict", "predict_cached"):
            if kind in r:
                row[kind] = args.batch / r[kind]
                if fin and kind in fin:
                    row[kind + "_ratio"] = (args.batch / fin[kind]) / row[kind]
        if fin and "predict_cached" in fin and "predict" in row:
            row["predict_cached_ratio"] = (args.batch / fin["predict_cached"]) / row["predict"]
        row["peak"] = r.get("peak_rss_mb")
        if fin and r.get("peak_rss_mb"):
            row["peak_ratio"] = fin["peak_rss_mb"] / r["peak_rss_mb"]
        rows.append(row)

    def cell(value, fmt):
        return "–" if value is None else fmt.format(value)

    # "cached": FinText's Predictor, which reuses each token id's first-convolution projection from earlier
    # batches of the corpus (--corpus-batches of them; decision 0069); peers have no such mode.
    header = ["framework", "train docs/s", "predict docs/s", "predict (cached) docs/s", "peak RSS MB", "FinText/peer train",
              "FinText/peer predict", "FinText cached/peer predict", "FinText/peer memory"]
    lines = []
    for row in rows:
        lines.append([row["name"], cell(row.get("train"), "{:.1f}"), cell(row.get("predict"), "{:.1f}"),
                      cell(row.get("predict_cached"), "{:.1f}"), cell(row.get("peak"), "{:.0f}"),
                      cell(row.get("train_ratio"), "{:.2f}x"), cell(row.get("predict_ratio"), "{:.2f}x"),
                      cell(row.get("predict_cached_ratio"), "{:.2f}x"), cell(row.get("peak_ratio"), "{:.2f}x")])
    if args.markdown:
        print("| " + " | ".join(header) + " |")
        print("|" + "---|" * len(header))
        for line in lines:
            print("| " + " | ".join(line) + " |")
    else:
        widths = [max(len(h), *(len(l[i]) for l in lines)) if lines else len(h) for i, h in enumerate(header)]
        print("  ".join(h.ljust(w) for h, w in zip(header, widths)))
        for line in lines:
            print("  ".join(v.ljust(w) for v, w in zip(line, widths)))
    for row in rows:
        print(f"{row['name']}: {row['version']}")
    with open("/proc/loadavg") as f:
        print("load average after: " + " ".join(f.read().split()[:3]))


if __name__ == "__main__":
    main()
