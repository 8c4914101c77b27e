import FTNN
import FTTensor
import FTTestSupport
import Foundation
import Testing

private let executable = trainClassifier

/// A model folder written by an earlier version (FTClassifierTests' fixture).
private let legacyModel = Fixtures.repositoryRoot.appendingPathComponent(
    "Tests/FTClassifierTests/Fixtures/legacy-model"
).path

private func temporaryFolder() throws -> String {
    let path = NSTemporaryDirectory() + "fintext-hostile-\(UUID().uuidString)"
    try FileManager.default.createDirectory(atPath: path, withIntermediateDirectories: true)
    return path
}

private func write(_ text: String, to path: String) throws {
    try text.write(toFile: path, atomically: true, encoding: .utf8)
}

private func contents(_ path: String) -> Data? { FileManager.default.contents(atPath: path) }

private func exists(_ path: String) -> Bool { FileManager.default.fileExists(atPath: path) }

/// Expects a one-line error containing every one of `parts`.
private func expectError(
    _ result: (status: Int32, output: String, errors: String), _ parts: String...,
    sourceLocation: SourceLocation = #_sourceLocation
) {
    #expect(result.status != 0, "exit 0; output: \(result.output.prefix(300))", sourceLocation: sourceLocation)
    #expect(result.errors.hasPrefix("error: "), "\(result.errors)", sourceLocation: sourceLocation)
    for part in parts {
        #expect(result.errors.contains(part), "missing '\(part)' in: \(result.errors)", sourceLocation: sourceLocation)
    }
}

@Suite(
    "Hostile sizes, counts and model files give clear errors", .serialized,
    .enabled(if: ExecutableRunner.shouldRun(executable), "train-classifier is not built (run `swift build` first)"))
struct HostileSizeTests {
    @Test(
        "sizes past the limits name the field instead of trapping",
        arguments: [
            (["summary", "--embedding-dim", "9223372036854775807"], "embeddingDimension"),
            (["summary", "--max-length", "1000000000000"], "sequenceLength"),
            (["summary", "--classes", "9223372036854775807"], "--classes expects at most 100"),
            (["summary", "--vocabulary", "9223372036854775807"], "vocabularySize"),
            (
                [
                    "train", "--data", "d.jsonl", "--out", "m", "--embeddings", "v.txt", "--sequence-length",
                    "4611686018427387904",
                ], "sequenceLength"
            ),
        ])
    func sizes(arguments: [String], field: String) throws {
        expectError(try cli(arguments), field)
    }

    @Test("summary --config with a filter count of 2^62 names filters")
    func hugeFilters() throws {
        let folder = try temporaryFolder()
        defer { try? FileManager.default.removeItem(atPath: folder) }
        try write(#"{"filters":4611686018427387904}"#, to: folder + "/c.json")
        expectError(try cli(["summary", "--config", folder + "/c.json"]), folder + "/c.json", "filters")
    }

    @Test("summary --model describes a trained model; a model's config.json is a valid --config")
    func describeModel() throws {
        let summary = try cli(["summary", "--model", legacyModel])
        #expect(summary.status == 0, "\(summary.errors)")
        #expect(summary.output.contains("Classes: low, medium, high"))
        #expect(summary.output.contains("Vocabulary: 39 words + padding; 50-d word vectors"))
        #expect(summary.output.contains("Total params"))
        let fromConfig = try cli([
            "summary", "--config", legacyModel + "/config.json", "--vocabulary", "40",
            "--embedding-dim", "50",
        ])
        #expect(fromConfig.status == 0, "\(fromConfig.errors)")
        // The same layers, so the same table.
        let table = { (text: String) in text.split(separator: "\n").drop { !$0.contains("Layer") }.joined() }
        #expect(table(fromConfig.output) == table(summary.output))
        expectError(try cli(["summary", "--model", legacyModel, "--classes", "4"]), "--model")
    }

    @Test("evaluate on an empty dataset, and predict --passages Int.max, do not trap")
    func emptyAndHugeCounts() throws {
        let folder = try temporaryFolder()
        defer { try? FileManager.default.removeItem(atPath: folder) }
        try write("", to: folder + "/empty.jsonl")
        let evaluate = try cli([
            "evaluate", "--model", legacyModel, "--data", folder + "/empty.jsonl", "--out",
            folder + "/eval",
        ])
        #expect(evaluate.status != 0)
        #expect(evaluate.errors.contains(folder + "/empty.jsonl"), "\(evaluate.errors)")
        #expect(!exists(folder + "/eval"))
        let predict = try cli([
            "predict", "--model", legacyModel, legacyModel + "/document.txt", "--explain",
            "--passages", "9223372036854775807",
        ])
        #expect(predict.status == 0, "\(predict.errors)")
        #expect(predict.output.contains("supporting low"))
    }

    @Test("NaN weights are refused by predict (every format) and evaluate, naming the tensor")
    func nonFiniteWeights() throws {
        let folder = try temporaryFolder()
        defer { try? FileManager.default.removeItem(atPath: folder) }
        let model = folder + "/model"
        try FileManager.default.copyItem(atPath: legacyModel, toPath: model)
        var weights = try SafeTensors.read(model + "/weights.safetensors")
        let kernel = try weights.tensor("dense2.weight")
        weights.set("dense2.weight", Tensor(shape: kernel.shape, scalars: kernel.scalars.map { _ in .nan }))
        try weights.write(to: model + "/weights.safetensors")
        for format in ["table", "json", "csv"] {
            expectError(
                try cli(["predict", "--model", model, "--format", format, model + "/document.txt"]), "dense2.weight",
                "non-finite")
        }
        try write(
            #"{"id":"a","cik":"1","ticker":"T","company":"C","industry":"1","filing_date":"2023-05-01","section":"1","start_date":"2023-05-01","end_date":"2023-05-29","raw_return":0,"benchmark_return":0,"excess_return":0,"label":1,"text":"revenue growth"}"#
                + "\n", to: folder + "/data.jsonl")
        expectError(
            try cli(["evaluate", "--model", model, "--data", folder + "/data.jsonl", "--out", folder + "/eval"]),
            "dense2.weight")
    }

    @Test("a report of 2,000 distinct labels is refused at once, with nothing written")
    func manyLabels() throws {
        let folder = try temporaryFolder()
        defer { try? FileManager.default.removeItem(atPath: folder) }
        let rows = (0..<2000).map { "l\($0),l\(($0 + 1) % 2000)" }
        try write((["true,predicted"] + rows).joined(separator: "\n") + "\n", to: folder + "/p.csv")
        let started = Date()
        expectError(
            try cli(["report", "--predictions", folder + "/p.csv", "--out", folder + "/report"]),
            "2000 distinct labels",
            "at most 100 classes")
        #expect(Date().timeIntervalSince(started) < 30)
        #expect(!exists(folder + "/report"))
    }
}

@Suite(
    "Output is never lost or half-written on failure", .serialized,
    .enabled(if: ExecutableRunner.shouldRun(executable), "train-classifier is not built (run `swift build` first)"))
struct OutputSafetyTests {
    @Test("prepare: refused bin counts, and a bad --save-sections or edges path leave the old outputs")
    func prepare() throws {
        let corpus = try TinyCorpus.write()
        defer { try? FileManager.default.removeItem(atPath: corpus.folder) }
        let out = corpus.folder + "/out.jsonl"
        let common = ["prepare", "--filings", corpus.sections, "--prices", corpus.prices]
        let first = try cli(common + ["--out", out])
        #expect(first.status == 0, "\(first.errors)")
        let manifest = contents(out)
        let edges = contents(out + ".edges.json")
        #expect(manifest != nil && edges != nil)
        for bins in ["25", "9223372036854775807"] {
            expectError(try cli(common + ["--out", out, "--bins", bins]), "use at most 24 bins")
        }
        expectError(
            try cli(common + ["--out", out, "--bins", "2", "--save-sections", "/nonexistent/x.jsonl.gz"]),
            "/nonexistent")
        #expect(contents(out) == manifest)
        #expect(contents(out + ".edges.json") == edges)
        let other = corpus.folder + "/other.jsonl"
        try FileManager.default.createDirectory(atPath: other + ".edges.json", withIntermediateDirectories: true)
        expectError(try cli(common + ["--out", other]), other + ".edges.json", "is a folder")
        #expect(!exists(other))
        let small = try cli(common + ["--out", out, "--bins", "6"])
        #expect(small.status == 0)
        #expect(small.output.contains("warning: all filings: bin(s)"), "\(small.output)")
    }

    @Test("train: a file where the model folder's report should go, or an unwritable --out, fails before training")
    func trainOutChecks() throws {
        let corpus = try TinyCorpus.write()
        defer { try? FileManager.default.removeItem(atPath: corpus.folder) }
        let dataset = corpus.folder + "/dataset.jsonl"
        #expect(
            try cli(["prepare", "--filings", corpus.sections, "--prices", corpus.prices, "--out", dataset]).status == 0)
        let model = corpus.folder + "/model"
        try FileManager.default.createDirectory(atPath: model, withIntermediateDirectories: true)
        for name in ["config.json", "weights.safetensors", "tokenizer.json"] {
            try write("old \(name)", to: model + "/" + name)
        }
        try write("not a folder", to: model + "/report")
        let train = ["train", "--data", dataset, "--config", corpus.config, "--progress", "lines"]
        let blocked = try cli(train + ["--out", model])
        expectError(blocked, model + "/report", "is a file")
        #expect(!blocked.errors.contains("Epoch"))
        for name in ["config.json", "weights.safetensors", "tokenizer.json"] {
            #expect(contents(model + "/" + name) == Data("old \(name)".utf8), "\(name) was replaced")
        }
        try FileManager.default.removeItem(atPath: model + "/report")
        try FileManager.default.createDirectory(atPath: model + "/history.json", withIntermediateDirectories: true)
        expectError(try cli(train + ["--out", model]), model + "/history.json", "is a folder")
        #expect(contents(model + "/config.json") == Data("old config.json".utf8))
        // Checked before the data is even read: the error names the output, not the missing dataset.
        let unwritable = try cli([
            "train", "--data", "/no/such/dataset.jsonl", "--config", corpus.config, "--out", "/proc/fintext-model",
        ])
        expectError(unwritable, "/proc/fintext-model", "cannot write in /proc")
        try FileManager.default.removeItem(atPath: model + "/history.json")
        let good = try cli(train + ["--out", model, "--progress", "quiet"])
        #expect(good.status == 0, "\(good.errors)")
        #expect(contents(model + "/config.json") != Data("old config.json".utf8))
        let leftovers = try FileManager.default.contentsOfDirectory(atPath: corpus.folder).filter {
            $0.contains(".staging-")
        }
        #expect(leftovers.isEmpty, "\(leftovers)")
        // A model's own config.json is a valid --config (the user guide's promise).
        let again = try cli([
            "train", "--data", dataset, "--config", legacyModel + "/config.json", "--embeddings", corpus.embeddings,
            "--epochs", "1", "--out", corpus.folder + "/again", "--progress", "quiet",
            // A batch of Int.max is the whole set (training and validation predictions), not an overflow.
            "--batch-size", "9223372036854775807",
        ])
        #expect(again.status == 0, "\(again.errors)")
    }

    @Test("a failed report or run leaves no folder and no partial files behind")
    func failedReportAndRun() throws {
        let corpus = try TinyCorpus.write()
        defer { try? FileManager.default.removeItem(atPath: corpus.folder) }
        let predictions = Fixtures.path("predictions.csv")
        let report = corpus.folder + "/report"
        try write("{\"nothing\": 1}", to: corpus.folder + "/history.json")
        let failed = try cli([
            "report", "--predictions", predictions, "--out", report, "--history", corpus.folder + "/history.json",
        ])
        #expect(failed.status != 0)
        #expect(!exists(report))
        let data = corpus.folder + "/data"
        try FileManager.default.createDirectory(atPath: data, withIntermediateDirectories: true)
        try FileManager.default.createSymbolicLink(
            atPath: data + "/sections-2023.jsonl.gz", withDestinationPath: corpus.sections)
        try FileManager.default.createSymbolicLink(atPath: data + "/prices", withDestinationPath: corpus.prices)
        let run = corpus.folder + "/run"
        let result = try cli([
            "run", "--data-dir", data, "--out", run, "--config", corpus.config, "--embeddings", "/no/such/vectors.txt",
            "--progress", "quiet",
        ])
        #expect(result.status != 0)
        #expect(result.errors.contains("error: /no/such/vectors.txt"), "\(result.errors)")
        #expect(!exists(run))
        let leftovers = try FileManager.default.contentsOfDirectory(atPath: corpus.folder).filter {
            $0.contains(".staging-")
        }
        #expect(leftovers.isEmpty, "\(leftovers)")
    }
}
