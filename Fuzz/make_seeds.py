#!/usr/bin/env python3
"""Makes the seed corpora of the fuzz targets (Fuzz/corpus/TARGET/seed-*) from the repository's data/,
the test fixtures and ../shared/data. Seeds are small excerpts (libFuzzer's -max_len per target is set in
scripts/fuzz.sh). Existing files are kept; seeds are rewritten. Usage: make_seeds.py BIN_DIR"""
import glob, gzip, json, os, re, subprocess, sys, tempfile

fuzz = os.path.dirname(os.path.abspath(__file__))
root = os.path.dirname(fuzz)
shared = os.path.join(os.path.dirname(root), "shared", "data")
bin_dir = sys.argv[1]


def put(target, name, data):
    folder = os.path.join(fuzz, "corpus", target)
    os.makedirs(folder, exist_ok=True)
    if isinstance(data, str):
        data = data.encode("utf-8")
    with open(os.path.join(folder, "seed-" + name), "wb") as f:
        f.write(data)


def read(path):
    with open(path, "rb") as f:
        data = f.read()
    return gzip.decompress(data) if path.endswith(".gz") else data


def excerpts(text, limit=60000):
    """Windows of a filing around its item headings, joined, so a small seed still has the structure."""
    pieces = [text[:3000]]
    for m in re.finditer(rb"(?i)item\s*(1a|1b|1|2|7a|7|8)\b", text):
        pieces.append(text[max(0, m.start() - 400) : m.start() + 2500])
        if sum(map(len, pieces)) > limit:
            break
    return b"".join(pieces)[:limit]


# Filings: test fixtures and a few shared filings of each kind.
filings = sorted(glob.glob(os.path.join(root, "Tests/FTTextTests/Fixtures/*.htm.gz")))
filings += sorted(glob.glob(os.path.join(root, "Tests/FTTextTests/Fixtures/*.txt.gz")))
for sub in ["filings-2023", "filings-xref", "filings-misc"]:
    filings += sorted(glob.glob(os.path.join(shared, sub, "*")))[:3]
for path in filings:
    if path.endswith((".csv", ".md")) or os.path.isdir(path):
        continue
    put("FuzzFiling", os.path.basename(path).split(".")[0], excerpts(read(path)))

# Submission folders, cross-reference indexes and Exhibit 13 (issue 22): the primary document, then
# "\n==EX13==\n" and the exhibit (FuzzSubmission). Text windows, not raw HTML, so that a 32 KB seed holds
# the index, page footers and the incorporation sentences.
def plain(html):
    text = re.sub(rb"(?is)<(script|style)\b.*?</\1>", b" ", html)
    text = re.sub(rb"(?s)<[^>]+>", b"\n", text)
    text = re.sub(rb"&nbsp;|&#160;|&#xa0;", b" ", text)
    return re.sub(rb"\n\s*\n+", b"\n", text)


def window(text, pattern, before=500, after=9000):
    m = re.search(pattern, text)
    return text[max(0, m.start() - before) : m.start() + after] if m else b""


separator = b"\n==EX13==\n"
put("FuzzSubmission", "index-rows", "Form 10-K Cross-Reference Index\nItem 1. Business 4-6, 7-13, 78-80\n"
    "Item 1A. Risk Factors 27 \u2013 36\nItem 1B. Unresolved Staff Comments Not applicable\nPart II\n"
    "Item 7. Management\u2019s Discussion and Analysis\nPages 6 through 25\n"
    "Item 7A. Quantitative and Qualitative Disclosures About Market Risk 16, 74-76\nItem 10. Directors 82, (a)\n"
    + "".join(f"Body of page {p}.\nAcme 2023 Annual Report {p}\n" for p in range(1, 30)))
for name in ["40545_0000040545-24-000027.htm.gz", "63908_0000063908-24-000072.htm.gz"]:
    path = os.path.join(shared, "filings-xref", name)
    if os.path.exists(path):
        text = plain(read(path))
        put("FuzzSubmission", name.split(".")[0],
            window(text, rb"(?i)cross[- ]reference index\s*\n\s*item", 200, 6000) + window(text, rb"(?i)item\s*7\b", 0, 6000))
ko = os.path.join(shared, "filings-misc", "21344_0000021344-98-000004.txt.gz")
if os.path.exists(ko):
    text = read(ko)
    exhibit = text.find(b"<TYPE>EX-13")
    primary = text[:exhibit] if exhibit > 0 else text
    put("FuzzSubmission", "ko-folder", window(primary, rb"(?i)item\s*7\.", 300, 5000) + separator
        + (text[exhibit : exhibit + 20000] if exhibit > 0 else b""))
    put("FuzzSubmission", "ko-full-submission", text[:4000] + window(primary, rb"(?i)item\s*7\.", 300, 4000)
        + (text[exhibit : exhibit + 12000] if exhibit > 0 else b""))

# gzip: small members, a two-member stream, one with trailing padding.
put("FuzzGzip", "text", gzip.compress(b"the quick brown fox\n" * 20))
put("FuzzGzip", "two-members", gzip.compress(b"a\n") + gzip.compress(b"b\n"))
put("FuzzGzip", "padded", gzip.compress(b"padding after\n") + b"\0" * 16)

# Word vectors.
glove = read(os.path.join(root, "data/glove.6B.50d.subset.txt.gz")).split(b"\n")
put("FuzzGloVe", "subset", b"\n".join(glove[:12]) + b"\n")
put("FuzzGloVe", "crlf", b"\r\n".join(glove[:4]) + b"\r\n")
w2v = os.path.join(root, "Tests/FTWordVectorsTests/Fixtures")
put("FuzzWord2VecText", "small", read(os.path.join(w2v, "small.w2v.txt")))
put("FuzzWord2VecBinary", "small", read(os.path.join(w2v, "small.w2v.bin")))

# Prices.
for path in sorted(glob.glob(os.path.join(root, "data/prices/*.csv")))[:4]:
    put("FuzzPriceCSV", os.path.basename(path), b"\n".join(read(path).split(b"\n")[:40]) + b"\n")

# Sections JSON Lines and manifests: real records with their texts cut short.
records = [json.loads(line) for line in read(os.path.join(root, "data/sections-2023.jsonl.gz")).splitlines()[:3]]
for r in records:
    for k, v in list(r.items()):
        if isinstance(v, str) and len(v) > 300:
            r[k] = v[:300]
        if isinstance(v, dict):
            r[k] = {kk: (vv[:300] if isinstance(vv, str) else vv) for kk, vv in v.items()}
put("FuzzSectionsJSONL", "sections", "\n".join(json.dumps(r) for r in records) + "\n")

# A manifest and a model folder's files from a tiny run of the CLI, when it is built.
cli = os.path.join(root, ".build", "debug", "train-classifier")
run = tempfile.mkdtemp()
manifest = os.path.join(root, "runs", "default", "dataset.jsonl")
if os.path.exists(manifest):
    lines = open(manifest, "rb").read().splitlines()[:4]
    out = []
    for line in lines:
        r = json.loads(line)
        if isinstance(r.get("text"), str):
            r["text"] = r["text"][:400]
        out.append(json.dumps(r))
    put("FuzzManifest", "dataset", "\n".join(out) + "\n")
model = os.path.join(root, "runs", "default", "model")
if os.path.isdir(model):
    tok = json.load(open(os.path.join(model, "tokenizer.json")))
    config = tok.get("config", {})
    for key in ["word_counts", "word_docs", "index_docs", "index_word", "word_index"]:
        if isinstance(config.get(key), str):
            table = json.loads(config[key])
            config[key] = json.dumps(dict(list(table.items())[:15]))
    put("FuzzTokenizerJSON", "model", json.dumps(tok))
    put("FuzzConfiguration", "model", read(os.path.join(model, "config.json")))
    put("FuzzTrainingHistory", "fintext", read(os.path.join(model, "history.json")))
put("FuzzTrainingHistory", "keras", json.dumps({"loss": [1.2, 1.1], "val_loss": [1.3, 1.2], "accuracy": [0.3, 0.4]}))
put("FuzzConfiguration", "keys", json.dumps({"filters": 16, "kernelSize": 5, "epochs": 2, "batchSize": 4}))

# Predictions and the filing index.
for path in glob.glob(os.path.join(root, "Tests/CLITests/Fixtures/*.csv")):
    put("FuzzPredictions", os.path.basename(path), read(path))
for path in [os.path.join(shared, "filings-2023", "INDEX.csv")]:
    if os.path.exists(path):
        put("FuzzFilingIndex", "index", b"\n".join(read(path).split(b"\n")[:12]) + b"\n")

# safetensors: a small file in the format's own words (header length, JSON header, data).
header = json.dumps({"__metadata__": {"k": "v"}, "w": {"dtype": "F32", "shape": [2, 2], "data_offsets": [0, 16]},
                     "i": {"dtype": "I32", "shape": [3], "data_offsets": [16, 28]}}).encode()
blob = len(header).to_bytes(8, "little") + header + bytes(range(28))
put("FuzzSafeTensors", "small", blob)

# Quantile edges as prepare and encode write them: over all filings (the values of `prepare` on data/), and
# per industry.
put("FuzzQuantileEdges", "all", json.dumps({"bin_count": 3, "groups": {"all": [
    -0.5166242468949123, -0.04266598293332391, 0.025058720106792, 0.5551791768525915]}}, separators=(",", ":")))
put("FuzzQuantileEdges", "industry", json.dumps({"bin_count": 3, "groups": {
    "3571": [-0.2, -0.01, 0.03, 0.4], "7372": [-0.3, 0.0, 0.0, 0.2], "unknown": [-1.0, 1.0]}}, separators=(",", ":")))

# Seeds only the targets can make: a checkpoint of their model, a cache of their source, a shard, the
# dataset.json of their dataset folder, a linear model and a network config.json of their own, a staged
# encode unit (JSON, texts and plan).
for target in ["FuzzCheckpoint", "FuzzVectorCache", "FuzzTokenShard", "FuzzTokenDataset", "FuzzLinearModel",
               "FuzzModelFolder", "FuzzEncodeUnit"]:
    out = os.path.join(tempfile.mkdtemp(), "seed")
    scratch = tempfile.mkdtemp()
    env = dict(os.environ, FINTEXT_FUZZ_SEED_OUT=out, FINTEXT_FUZZ_SCRATCH=scratch)
    subprocess.run([os.path.join(bin_dir, target), "-runs=0"], env=env, check=True, capture_output=True)
    put(target, "valid", open(out, "rb").read())

for target in sorted(os.listdir(os.path.join(fuzz, "Sources"))):
    if target.startswith("Fuzz") and target != "FuzzSupport":
        folder = os.path.join(fuzz, "corpus", target)
        n = len(os.listdir(folder)) if os.path.isdir(folder) else 0
        print(f"{target}: {n} corpus files")
