"""Read a FinText token dataset with numpy alone (docs/dataset-format.md).

    python3 read_shards.py DATASET_FOLDER [--length N] [--padding pre|post] [--truncating pre|post]

Prints one JSON object: the dataset's counts and, per document, its id, label, number of tokens and
first tokens, plus the padded matrix's shape and checksum when --length is given. Every checksum in the
files is verified; a damaged file raises ValueError naming the file and byte offset.
"""

import json
import sys
import zlib

import numpy as np

MAGIC = b"FTTOKSH\0"
HEADER = np.dtype([
    ("magic", "S8"), ("version", "<u4"), ("id_width", "<u4"), ("documents", "<u8"), ("tokens", "<u8"),
    ("vocabulary_fingerprint", "<u8"), ("dataset_id", "<u8"), ("shard_number", "<u4"), ("classes", "<u4"),
    ("offsets_start", "<u8"), ("tokens_start", "<u8"), ("labels_start", "<u8"), ("metadata_start", "<u8"),
    ("metadata_length", "<u8"), ("offsets_crc", "<u4"), ("tokens_crc", "<u4"), ("labels_crc", "<u4"),
    ("metadata_crc", "<u4"), ("largest_id", "<u4"), ("reserved", "<u8"), ("header_crc", "<u4"),
])
assert HEADER.itemsize == 128


def read_shard(path):
    """Returns (header dict, offsets, tokens, labels, metadata list) of one shard, memory-mapped."""
    data = np.memmap(path, dtype=np.uint8, mode="r")
    if data.size < 128:
        raise ValueError(f"{path}: byte {data.size}: truncated inside the 128-byte header")
    h = data[:128].view(HEADER)[0]
    if bytes(h["magic"]) + b"\0" * (8 - len(bytes(h["magic"]))) != MAGIC:
        raise ValueError(f"{path}: byte 0: not a FinText token shard")
    if zlib.crc32(data[:124].tobytes()) != int(h["header_crc"]):
        raise ValueError(f"{path}: byte 124: header checksum mismatch")
    n, t = int(h["documents"]), int(h["tokens"])
    end = int(h["metadata_start"]) + int(h["metadata_length"])
    if data.size != end:
        raise ValueError(f"{path}: byte {min(data.size, end)}: file size {data.size}, header says {end}")
    id_type = {2: "<u2", 4: "<u4"}[int(h["id_width"])]

    def section(name, start, count, dtype):
        raw = data[start:start + count * np.dtype(dtype).itemsize]
        if zlib.crc32(raw.tobytes()) != int(h[name + "_crc"]):
            raise ValueError(f"{path}: byte {start}: {name} section checksum mismatch")
        return raw.view(dtype)

    offsets = section("offsets", int(h["offsets_start"]), n + 1, "<u8")
    tokens = section("tokens", int(h["tokens_start"]), t, id_type)
    labels = section("labels", int(h["labels_start"]), n, "<i4")
    meta = section("metadata", int(h["metadata_start"]), int(h["metadata_length"]), "u1")
    metadata = [json.loads(line) for line in meta.tobytes().decode("utf-8").splitlines()]
    header = {name: (int(h[name]) if name != "magic" else MAGIC.decode()) for name in HEADER.names}
    return header, offsets, tokens, labels, metadata


def pad(sequences, length, padding="pre", truncating="pre"):
    """Keras pad_sequences with value 0, as int32."""
    out = np.zeros((len(sequences), length), dtype=np.int32)
    for row, seq in enumerate(sequences):
        kept = seq[-length:] if truncating == "pre" else seq[:length]
        if len(kept):
            if padding == "pre":
                out[row, length - len(kept):] = kept
            else:
                out[row, :len(kept)] = kept
    return out


def read_dataset(folder):
    """Returns (manifest, list of token arrays, labels, metadata) of a whole dataset."""
    with open(f"{folder}/dataset.json", encoding="utf-8") as f:
        manifest = json.load(f)
    documents, labels, metadata = [], [], []
    for number, entry in enumerate(manifest["shards"]):
        path = f"{folder}/{entry['file']}"
        header, offsets, tokens, shard_labels, shard_metadata = read_shard(path)
        if f"0x{header['dataset_id']:016x}" != manifest["dataset_id"]:
            raise ValueError(f"{path}: byte 40: shard from another dataset")
        if f"0x{header['vocabulary_fingerprint']:016x}" != manifest["vocabulary_fingerprint"]:
            raise ValueError(f"{path}: byte 32: vocabulary mismatch")
        documents += [tokens[offsets[k]:offsets[k + 1]] for k in range(header["documents"])]
        labels += shard_labels.tolist()
        metadata += shard_metadata
    return manifest, documents, labels, metadata


def main(argv):
    folder = argv[1]
    options = dict(zip(argv[2::2], argv[3::2]))
    manifest, documents, labels, metadata = read_dataset(folder)
    result = {
        "documents": len(documents),
        "tokens": int(sum(len(d) for d in documents)),
        "rows": [{"id": m["id"], "label": label, "count": len(d), "first": [int(x) for x in d[:5]],
                  "sum": int(np.asarray(d, dtype=np.int64).sum())}
                 for m, label, d in zip(metadata, labels, documents)],
    }
    if "--length" in options:
        matrix = pad(documents, int(options["--length"]), options.get("--padding", "pre"),
                     options.get("--truncating", "pre"))
        result["padded_shape"] = list(matrix.shape)
        result["padded_checksum"] = int(zlib.crc32(matrix.astype("<i4").tobytes()))
    print(json.dumps(result, sort_keys=True))


if __name__ == "__main__":
    main(sys.argv)
