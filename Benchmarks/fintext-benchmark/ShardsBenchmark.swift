import ArgumentParser
import FinText
import Foundation

#if canImport(Glibc)
    import Glibc
#endif

/// Corpora larger than memory: peak RSS of `train-classifier train --dataset` for one epoch on 1×, k× copies
/// of a corpus, training docs/s from shards against in-memory, and `encode` throughput on 1 and 2 threads.
struct ShardsBenchmark: ParsableCommand {
    static let configuration = CommandConfiguration(
        commandName: "shards",
        abstract: "Sharded datasets: train RSS on corpus copies, shard vs in-memory docs/s, encode 1 vs 2 threads.",
        discussion: """
            Example: swift run -c release fintext-benchmark shards --filings ../shared/data/filings-2023 --index ../shared/data/filings-2023/INDEX.csv --prices ../shared/data/prices --copies 1,4,16
            Peak RSS is the child process's ru_maxrss from wait4; runs alternate and each figure is given as best and median.
            """)

    @Option(name: .long, parsing: .upToNextOption, help: ArgumentHelp("Raw filings or folders.", valueName: "path"))
    var filings: [String] = ["data/sections-2023.jsonl.gz"]

    @Option(help: ArgumentHelp("Index CSV of the filings.", valueName: "index.csv"))
    var index: String?

    @Option(help: ArgumentHelp("Price files.", valueName: "path"))
    var prices = "data/prices"

    @Option(help: "Copies of the corpus for the memory measurement (comma-separated).")
    var copies = "1,4,16"

    @Option(help: "Tokens per document.")
    var sequenceLength = 10_000

    @Option(help: "Word vectors for train.")
    var embeddings = "data/glove.6B.50d.subset.txt.gz"

    @Option(help: "Alternating rounds of each timed measurement.")
    var rounds = 3

    @Option(help: "Documents per round in the shards-versus-memory training comparison (0: all).")
    var speedDocuments = 198

    @Option(help: "Documents of the corpus copied for the memory measurement (0: all).")
    var memoryDocuments = 0

    @Flag(help: "Skip the memory measurement.")
    var skipMemory = false

    @Flag(help: "Skip the training-speed comparison.")
    var skipSpeed = false

    @Flag(help: "Skip the encode throughput measurement.")
    var skipEncode = false

    @Flag(help: "Print one JSON object per measurement.")
    var json = false

    func validate() throws {
        guard rounds >= 1 else { throw ValidationError("--rounds must be ≥ 1") }
        guard copyCounts != nil else { throw ValidationError("--copies expects positive integers, e.g. 1,4,16") }
    }

    var copyCounts: [Int]? {
        let values = copies.split(separator: ",").map { Int($0) }
        guard !values.isEmpty, values.allSatisfy({ ($0 ?? 0) >= 1 }) else { return nil }
        return values.compactMap { $0 }
    }

    func run() throws {
        let folder = FileManager.default.temporaryDirectory.appendingPathComponent("fintext-shards-\(getpid())").path
        try FileManager.default.createDirectory(atPath: folder, withIntermediateDirectories: true)
        defer { try? FileManager.default.removeItem(atPath: folder) }
        let filingIndex = try index.map { try FilingIndex.read($0) } ?? FilingIndex()
        let library = try PriceLibrary.load(folder: prices)
        guard let spy = library["SPY"] else { throw ValidationError("\(prices) has no SPY.csv") }
        var options = CorpusEncoder.Options()
        options.filingsPerShard = 8
        let base = folder + "/copies-1"
        let summary = try CorpusEncoder.encode(
            filings: filings, index: filingIndex, prices: library, benchmark: spy, options: options, out: base)
        print(
            "Corpus: \(summary.manifest.documents) documents, \(summary.manifest.tokens) tokens, \(summary.inputBytes) input bytes"
        )
        if !skipEncode { try encodeThroughput(filingIndex, library, spy, folder) }
        if !skipSpeed { try trainingSpeed(base) }
        if !skipMemory { try memory(base, folder) }
    }

    // MARK: Encode

    func encodeThroughput(_ filingIndex: FilingIndex, _ library: PriceLibrary, _ spy: PriceHistory, _ folder: String)
        throws
    {
        var rates: [Int: [Double]] = [1: [], 2: []]
        for round in 0..<rounds {
            for workers in round % 2 == 0 ? [1, 2] : [2, 1] {
                var options = CorpusEncoder.Options()
                options.filingsPerShard = 8
                options.workers = workers
                let out = folder + "/encode-\(round)-\(workers)"
                var bytes = 0
                let seconds = try measureSeconds {
                    bytes = try CorpusEncoder.encode(
                        filings: filings, index: filingIndex, prices: library, benchmark: spy, options: options,
                        out: out
                    ).inputBytes
                }
                try? FileManager.default.removeItem(atPath: out)
                rates[workers, default: []].append(Double(bytes) / 1e6 / seconds)
                report([
                    "measure": "encode", "threads": workers, "round": round, "mb_per_s": Double(bytes) / 1e6 / seconds,
                    "seconds": seconds, "input_mb": Double(bytes) / 1e6,
                ])
            }
        }
        let one = rates[1] ?? []
        let two = rates[2] ?? []
        print(
            String(
                format:
                    "encode MB/s of input files: 1 thread best %.2f median %.2f; 2 threads best %.2f median %.2f; ratio best %.2fx median %.2fx",
                one.max() ?? 0, median(one), two.max() ?? 0, median(two), (two.max() ?? 0) / (one.max() ?? 1),
                median(two) / max(median(one), 1e-9)))
    }

    // MARK: Training speed

    func trainingSpeed(_ base: String) throws {
        let dataset = try TokenDataset(folder: base)
        let count = speedDocuments == 0 ? dataset.count : min(speedDocuments, dataset.count)
        let shards = ShardSequences(dataset: dataset, rows: Array(0..<count), length: sequenceLength)
        let memory = try shards.materialized()
        let vocabulary = dataset.tokenizer.indexWord.count
        var g = SeededGenerator(seed: 1)
        let embedding = Tensor.uniform(shape: [vocabulary, 50], lower: -0.5, upper: 0.5, using: &g)
        let model = try StudyModel.make(
            vocabularySize: vocabulary, embeddingDimension: 50, sequenceLength: sequenceLength, classes: 3,
            embedding: embedding, seed: 1)
        var options = FitOptions()
        options.epochs = 1
        options.batchSize = 33
        var rates: [String: [Double]] = [:]
        for round in 0..<rounds {
            for source in round % 2 == 0 ? ["memory", "shards"] : ["shards", "memory"] {
                var trainer = Trainer(model: model, optimizer: Adam(learningRate: 0.0001), options: options, seed: 2)
                let seconds = try measureSeconds {
                    if source == "memory" {
                        try trainer.fit(training: memory)
                    } else {
                        try trainer.fit(training: shards)
                    }
                }
                rates[source, default: []].append(Double(count) / seconds)
                report([
                    "measure": "train", "source": source, "round": round, "docs_per_s": Double(count) / seconds,
                    "documents": count,
                ])
            }
        }
        let m = rates["memory"] ?? []
        let s = rates["shards"] ?? []
        print(
            String(
                format:
                    "train docs/s (%d docs, length %d): in memory best %.2f median %.2f; from shards best %.2f median %.2f; shards/memory best %.3f median %.3f",
                count, sequenceLength, m.max() ?? 0, median(m), s.max() ?? 0, median(s),
                (s.max() ?? 0) / (m.max() ?? 1),
                median(s) / max(median(m), 1e-9)))
    }

    // MARK: Memory

    func memory(_ base: String, _ folder: String) throws {
        let trainer = URL(fileURLWithPath: CommandLine.arguments[0]).deletingLastPathComponent()
            .appendingPathComponent("train-classifier").path
        guard FileManager.default.isExecutableFile(atPath: trainer) else {
            throw ValidationError("\(trainer) is not built; build the package first")
        }
        let dataset = try TokenDataset(folder: base)
        let documents = memoryDocuments == 0 ? dataset.count : min(memoryDocuments, dataset.count)
        var first: Double?
        for k in copyCounts ?? [1] {
            let copy = folder + "/copies-\(k)x"
            try writeCopies(of: dataset, documents: documents, k, to: copy)
            let out = folder + "/model-\(k)"
            let started = DispatchTime.now().uptimeNanoseconds
            let (status, peakKiB) = try spawnMeasuringPeak(
                trainer,
                [
                    "train", "--dataset", copy, "--out", out, "--embeddings", embeddings, "--epochs", "1",
                    "--patience", "none", "--sequence-length", String(sequenceLength), "--progress", "quiet",
                ])
            let seconds = Double(DispatchTime.now().uptimeNanoseconds - started) / 1e9
            guard status == 0 else { throw ValidationError("train on \(k) copies exited with status \(status)") }
            let megabytes = Double(peakKiB) / 1024
            if first == nil { first = megabytes }
            report([
                "measure": "train_peak_rss", "copies": k, "documents": documents * k, "peak_rss_mb": megabytes,
                "seconds": seconds,
            ])
            print(
                String(
                    format:
                        "train --dataset, 1 epoch, %d copies (%d documents): peak RSS %.0f MB (%+.1f%% of 1 copy), %.0f s",
                    k, documents * k, megabytes, (megabytes / (first ?? megabytes) - 1) * 100, seconds))
            try? FileManager.default.removeItem(atPath: out)
            try? FileManager.default.removeItem(atPath: copy)
        }
    }

    /// A dataset of `k` copies of the first `documents` documents of `dataset` (ids suffixed `~copyN`), in
    /// shards of at most 256 documents.
    func writeCopies(of dataset: TokenDataset, documents: Int, _ k: Int, to folder: String) throws {
        let builder = try TokenDatasetBuilder(
            destination: folder, tokenizer: dataset.tokenizer, classes: dataset.classes, datasetID: UInt64(k))
        var entries: [TokenDatasetManifest.Shard] = []
        var writer = builder.shardWriter()
        for copy in 0..<k {
            for row in 0..<documents {
                var metadata = dataset.metadata[row]
                metadata.id += "~copy\(copy)"
                writer.append(tokens: dataset.tokens(of: row), metadata: metadata)
                if writer.count == 256 {
                    entries.append(try builder.write(writer, number: entries.count))
                    writer = builder.shardWriter()
                }
            }
        }
        if writer.count > 0 { entries.append(try builder.write(writer, number: entries.count)) }
        try builder.finish(shards: entries, settings: dataset.manifest.settings)
    }

    /// Runs `executable` and returns its exit status and peak resident set (KiB, `wait4`'s ru_maxrss).
    func spawnMeasuringPeak(_ executable: String, _ arguments: [String]) throws -> (Int32, Int) {
        var pid: pid_t = 0
        let argv = ([executable] + arguments).map { strdup($0) } + [nil]
        defer { for p in argv { free(p) } }
        let spawned = posix_spawn(&pid, executable, nil, nil, argv, environ)
        guard spawned == 0 else { throw ValidationError("cannot start \(executable): error \(spawned)") }
        var status: Int32 = 0
        var usage = rusage()
        guard wait4(pid, &status, 0, &usage) == pid else { throw ValidationError("wait4 failed for \(executable)") }
        let exitStatus = (status & 0x7f) == 0 ? (status >> 8) & 0xff : 128 + (status & 0x7f)
        return (exitStatus, Int(usage.ru_maxrss))
    }

    func median(_ values: [Double]) -> Double {
        guard !values.isEmpty else { return 0 }
        let sorted = values.sorted()
        return sorted.count % 2 == 1
            ? sorted[sorted.count / 2] : (sorted[sorted.count / 2 - 1] + sorted[sorted.count / 2]) / 2
    }

    func report(_ fields: [String: Any]) {
        if json { printJSON(fields) }
    }
}
