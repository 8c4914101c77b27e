#!/usr/bin/env python3
"""Reads TensorBoard event files with the real `tensorboard` package (no TensorFlow needed) and prints
what it found as JSON, for FinText's Swift tests to compare against `history.json`.

    tensorboard_read.py events FILE...     every event of each file as written, via LegacyEventFileLoader
                                           (TensorBoard's file reader; it stops at an incomplete last
                                           record), and the dashboard plugin of each tag after
                                           EventFileLoader's read-time conversions
    tensorboard_read.py run FOLDER...      what TensorBoard's EventAccumulator makes of each run folder:
                                           tags by kind, every scalar (step, value), histogram counts, texts
    tensorboard_read.py golden FILE        compares each record of FILE with the same events built and
                                           serialized by TensorBoard's own protobuf classes (exits 1 on a
                                           difference)
"""
import json
import sys

from tensorboard.backend.event_processing import event_accumulator
from tensorboard.backend.event_processing.event_file_loader import EventFileLoader, LegacyEventFileLoader
from tensorboard.compat.proto import event_pb2, summary_pb2, tensor_pb2, tensor_shape_pb2
from tensorboard.compat.tensorflow_stub.pywrap_tensorflow import PyRecordReader_New
from tensorboard.plugins.text import metadata as text_metadata


def describe_value(value):
    kind = value.WhichOneof("value")
    out = {"tag": value.tag, "kind": kind}
    if kind == "simple_value":
        out["value"] = value.simple_value
    elif kind == "histo":
        h = value.histo
        out["histogram"] = {
            "min": h.min, "max": h.max, "num": h.num, "sum": h.sum, "sum_squares": h.sum_squares,
            "bucket_limit": list(h.bucket_limit), "bucket": list(h.bucket),
        }
    elif kind == "tensor":
        out["dtype"] = value.tensor.dtype
        out["dims"] = [d.size for d in value.tensor.tensor_shape.dim]
        out["strings"] = [s.decode("utf-8") for s in value.tensor.string_val]
        out["plugin_name"] = value.metadata.plugin_data.plugin_name
    return out


def events(paths):
    result = {}
    for path in paths:
        listed = []
        for event in LegacyEventFileLoader(path).Load():
            item = {"wall_time": event.wall_time, "step": event.step, "what": event.WhichOneof("what")}
            if item["what"] == "file_version":
                item["file_version"] = event.file_version
            elif item["what"] == "summary":
                item["values"] = [describe_value(v) for v in event.summary.value]
            listed.append(item)
        plugins = {}
        for event in EventFileLoader(path).Load():
            for value in event.summary.value:
                plugins[value.tag] = value.metadata.plugin_data.plugin_name
        result[path] = {"events": listed, "plugins": plugins}
    return result


def runs(folders):
    result = {}
    for folder in folders:
        accumulator = event_accumulator.EventAccumulator(
            folder, size_guidance={kind: 0 for kind in event_accumulator.DEFAULT_SIZE_GUIDANCE})
        accumulator.Reload()
        tags = accumulator.Tags()
        result[folder] = {
            "tags": {kind: sorted(tags[kind]) for kind in ("scalars", "histograms", "tensors")},
            "scalars": {
                tag: [[s.step, s.value] for s in accumulator.Scalars(tag)] for tag in tags["scalars"]
            },
            "histograms": {
                tag: [[h.step, h.histogram_value.num] for h in accumulator.Histograms(tag)]
                for tag in tags["histograms"]
            },
            "texts": {
                tag: [[t.step, t.tensor_proto.string_val[0].decode("utf-8")] for t in accumulator.Tensors(tag)]
                for tag in tags["tensors"]
            },
        }
    return result


def golden_events():
    """The events FinText's EventEncodingTests write, built with TensorBoard's protobuf classes."""
    first = event_pb2.Event(wall_time=1700000000.25, file_version="brain.Event:2")
    scalars = event_pb2.Event(wall_time=1700000001.5, step=7)
    scalars.summary.value.add(tag="epoch_loss", simple_value=1.0986123)
    scalars.summary.value.add(tag="zero", simple_value=0.0)
    scalars.summary.value.add(tag="negative", simple_value=-2.5)
    histogram = event_pb2.Event(wall_time=1700000002.0, step=3)
    h = histogram.summary.value.add(tag="conv1/weight/histogram").histo
    h.min, h.max, h.num, h.sum, h.sum_squares = -1.0, 2.0, 4.0, 1.5, 6.25
    h.bucket_limit.extend([0.0, 1.0, 2.0])
    h.bucket.extend([2.0, 0.0, 2.0])
    text = event_pb2.Event(wall_time=1700000003.0, step=0)
    value = text.summary.value.add(tag="configuration")
    value.metadata.CopyFrom(text_metadata.create_summary_metadata(display_name="", description=""))
    value.tensor.CopyFrom(
        tensor_pb2.TensorProto(
            dtype=7, tensor_shape=tensor_shape_pb2.TensorShapeProto(), string_val=["épochs: 24\n    code".encode()]))
    large_step = event_pb2.Event(wall_time=1700000004.0, step=123456789012)
    large_step.summary.value.add(tag="batch_loss", simple_value=float("inf"))
    return [first, scalars, histogram, text, large_step]


def golden(path):
    reader = PyRecordReader_New(path, 0, None)
    records = []
    while True:
        try:
            reader.GetNext()
        except Exception:
            break
        records.append(reader.record())
    expected = [e.SerializeToString() for e in golden_events()]
    report = {"records": len(records), "expected": len(expected), "mismatches": []}
    for i, (got, want) in enumerate(zip(records, expected)):
        if got != want:
            report["mismatches"].append({"index": i, "got": got.hex(), "want": want.hex()})
    print(json.dumps(report))
    return 0 if len(records) == len(expected) and not report["mismatches"] else 1


def main(argv):
    if len(argv) >= 2 and argv[0] == "events":
        print(json.dumps(events(argv[1:])))
        return 0
    if len(argv) >= 2 and argv[0] == "run":
        print(json.dumps(runs(argv[1:])))
        return 0
    if len(argv) == 2 and argv[0] == "golden":
        return golden(argv[1])
    print(__doc__, file=sys.stderr)
    return 2


if __name__ == "__main__":
    sys.exit(main(sys.argv[1:]))
