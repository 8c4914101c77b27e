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

    @Option(
        help: ArgumentHelp(
            "Also time `encode` as 2 MPI ranks × 1 thread (--distributed) against 1 process × 2 threads, with this mpirun.",
            valueName: "mpirun"))
    var mpirun: String?

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
        let encode = skipEncode ? nil : try encodeThroughput(filingIndex, library, spy, folder)
        if let mpirun { try distributedEncode(mpirun, inputBytes: summary.inputBytes, folder) }
        let speed = skipSpeed ? nil : try trainingSpeed(base)
        let rss = skipMemory ? nil : try memory(base, folder)
        printCapacity(encode: encode, speed: speed, rss: rss)
    }

    // MARK: Encode

    func encodeThroughput(_ filingIndex: FilingIndex, _ library: PriceLibrary, _ spy: PriceHistory, _ folder: String)
        throws -> EncodeFigures
    {
        var rates: [Int: [Double]] = [1: [], 2: []]
        var phases: [Int: [EncodePhase]] = [:]
        var documents = 0
        var inputMB = 0.0
        for round in 0..<rounds {
            for workers in round % 2 == 0 ? [1, 2] : [2, 1] {
                var options = CorpusEncoder.Options()
                options.filingsPerShard = 8
                options.workers = workers
                let out = folder + "/encode-\(round)-\(workers)"
                var summary: CorpusEncoder.Summary?
                let seconds = try measureSeconds {
                    summary = try CorpusEncoder.encode(
                        filings: filings, index: filingIndex, prices: library, benchmark: spy, options: options,
                        out: out)
                }
                try? FileManager.default.removeItem(atPath: out)
                guard let summary else { continue }
                let bytes = summary.inputBytes
                documents = summary.manifest.documents
                inputMB = Double(bytes) / 1e6
                rates[workers, default: []].append(Double(bytes) / 1e6 / seconds)
                // Keep the run that used the least CPU: the one the shared machine disturbed least.
                if phases[workers].map({ totalCPU(summary.phases) < totalCPU($0) }) ?? true {
                    phases[workers] = summary.phases
                }
                report([
                    "measure": "encode", "threads": workers, "round": round, "mb_per_s": Double(bytes) / 1e6 / seconds,
                    "seconds": seconds, "input_mb": Double(bytes) / 1e6, "cpu_seconds": totalCPU(summary.phases),
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
        let p1 = phases[1] ?? []
        let p2 = phases[2] ?? []
        print("encode phases (least-disturbed run of each; CPU = all threads; worker CPU = each pool thread's):")
        print(
            "  phase                                        1 worker: wall s   CPU s | 2 workers: wall s   CPU s  worker CPU s"
        )
        for phase in p1 {
            let other = p2.first { $0.name == phase.name }
            let workerCPU = other?.threadCPUSeconds.map { String(format: "%.2f", $0) }.joined(separator: " ") ?? ""
            func f(_ v: Double) -> String { String(format: "%7.2f", v) }
            let wall1 = phase.isSubstep ? "       " : f(phase.wallSeconds)
            let wall2 = (other?.isSubstep ?? true) ? "       " : f(other?.wallSeconds ?? 0)
            print(
                "  \(pad(phase.name, 44))          \(wall1) \(f(phase.cpuSeconds)) |           \(wall2) \(f(other?.cpuSeconds ?? 0))  \(workerCPU)"
            )
        }
        // Amdahl from CPU time: what an idle machine's wall time would be. One worker: every step's CPU.
        // Two workers: serial steps' CPU, plus for each pool step its busiest worker's CPU and whatever CPU the
        // step spent outside the workers.
        let serial1 = p1.filter { !$0.isSubstep }.reduce(0.0) { $0 + serialCPU($1) }
        let idle1 = totalCPU(p1)
        let idle2 = p2.filter { !$0.isSubstep }.reduce(0.0) { $0 + serialCPU($1) + ($1.threadCPUSeconds.max() ?? 0) }
        let fraction = serial1 / max(idle1, 1e-9)
        let predicted = idle1 / max(idle2, 1e-9)
        let amdahl = 1 / (fraction + (1 - fraction) / 2)
        print(
            String(
                format:
                    "encode serial fraction (1 worker, CPU): %.1f%% of %.2f s; predicted idle 2-worker wall %.2f s; predicted 2-vs-1 speed-up %.2fx (Amdahl bound %.2fx)",
                fraction * 100, idle1, idle2, predicted, amdahl))
        return EncodeFigures(
            documents: documents, inputMB: inputMB, cpuSecondsOneWorker: idle1, wallSecondsTwoWorkersPredicted: idle2,
            bestMBPerSecond: [one.max() ?? 0, two.max() ?? 0], peakRSSMB: try encodePeakRSS(folder))
    }

    /// Wall time of `train-classifier encode --threads 2` against `mpirun -np 2 train-classifier encode
    /// --distributed --threads 1` on the filings, in alternating rounds (the executables' start-up and the
    /// datasets' writing included).
    func distributedEncode(_ mpirun: String, inputBytes: Int, _ folder: String) throws {
        let trainer = URL(fileURLWithPath: CommandLine.arguments[0]).deletingLastPathComponent()
            .appendingPathComponent("train-classifier").path
        guard FileManager.default.isExecutableFile(atPath: trainer) else {
            throw ValidationError("\(trainer) is not built; --mpirun runs it")
        }
        let launcher =
            mpirun.contains("/")
            ? mpirun
            : (ProcessInfo.processInfo.environment["PATH"] ?? "").split(separator: ":").map { "\($0)/\(mpirun)" }
                .first { FileManager.default.isExecutableFile(atPath: $0) }
        guard let launcher else { throw ValidationError("\(mpirun) not found on PATH (scripts/install-deps.sh)") }
        setenv("OPENBLAS_NUM_THREADS", "1", 1)
        setenv("OMPI_MCA_btl_vader_single_copy_mechanism", "none", 1)
        var encode = ["encode", "--filings"] + filings + ["--prices", prices, "--filings-per-shard", "8"]
        if let index { encode += ["--index", index] }
        var seconds: [String: [Double]] = [:]
        for round in 0..<rounds {
            for kind in round % 2 == 0
                ? ["1 process × 2 threads", "2 ranks × 1 thread"] : ["2 ranks × 1 thread", "1 process × 2 threads"]
            {
                let out = folder + "/encode-mpi-\(round)-\(kind.hasPrefix("1") ? 1 : 2)"
                let (executable, arguments) =
                    kind.hasPrefix("1")
                    ? (trainer, encode + ["--threads", "2", "--out", out])
                    : (launcher, ["-np", "2", trainer] + encode + ["--threads", "1", "--distributed", "--out", out])
                var status: Int32 = 0
                let wall = try measureSeconds { status = try spawnMeasuringPeak(executable, arguments, quiet: true).0 }
                guard status == 0 else { throw ValidationError("\(kind) encode exited with status \(status)") }
                try? FileManager.default.removeItem(atPath: out)
                try? FileManager.default.removeItem(atPath: out + ".rank-logs")
                seconds[kind, default: []].append(wall)
                report(["measure": "encode-mpi", "kind": kind, "round": round, "seconds": wall])
            }
        }
        let one = seconds["1 process × 2 threads"] ?? []
        let two = seconds["2 ranks × 1 thread"] ?? []
        let megabytes = Double(inputBytes) / 1e6
        print(
            String(
                format:
                    "encode wall s (%.1f MB of input, %d rounds): 1 process × 2 threads best %.2f median %.2f (%.2f MB/s); 2 ranks × 1 thread (--distributed) best %.2f median %.2f (%.2f MB/s); ranks/process median %.2fx",
                megabytes, rounds, one.min() ?? 0, median(one), megabytes / max(median(one), 1e-9), two.min() ?? 0,
                median(two), megabytes / max(median(two), 1e-9), median(one) / max(median(two), 1e-9)))
    }

    /// Peak RSS (MB) of `train-classifier encode --threads 2` on the filings, or nil when the executable is not
    /// built.
    func encodePeakRSS(_ folder: String) throws -> Double? {
        let trainer = URL(fileURLWithPath: CommandLine.arguments[0]).deletingLastPathComponent()
            .appendingPathComponent("train-classifier").path
        guard FileManager.default.isExecutableFile(atPath: trainer) else { return nil }
        var arguments = ["encode", "--filings"] + filings + ["--prices", prices, "--filings-per-shard", "8"]
        if let index { arguments += ["--index", index] }
        arguments += ["--threads", "2", "--out", folder + "/encode-rss"]
        let (status, peakKiB) = try spawnMeasuringPeak(trainer, arguments, quiet: true)
        try? FileManager.default.removeItem(atPath: folder + "/encode-rss")
        guard status == 0 else { throw ValidationError("encode exited with status \(status)") }
        return Double(peakKiB) / 1024
    }

    /// What the encode measurement hands to the summary lines.
    struct EncodeFigures {
        var documents: Int
        var inputMB: Double
        var cpuSecondsOneWorker: Double
        var wallSecondsTwoWorkersPredicted: Double
        var bestMBPerSecond: [Double]
        var peakRSSMB: Double?
    }

    /// CPU seconds of a step spent outside the worker pool: all of a serial step, and whatever a pool step
    /// spent beside its workers (reading a JSON Lines file, waiting for them).
    func serialCPU(_ phase: EncodePhase) -> Double {
        max(0, phase.cpuSeconds - phase.threadCPUSeconds.reduce(0, +))
    }

    /// CPU seconds of an encode run: its top-level steps (sub-steps are inside the passes).
    func totalCPU(_ phases: [EncodePhase]) -> Double {
        phases.filter { !$0.isSubstep }.reduce(0) { $0 + $1.cpuSeconds }
    }

    func pad(_ text: String, _ width: Int) -> String {
        text.count >= width ? text : text + String(repeating: " ", count: width - text.count)
    }

    // MARK: Training speed

    func trainingSpeed(_ base: String) throws -> (docsPerSecond: Double, cpuSecondsPerDocument: Double) {
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
        var cpu: [String: [Double]] = [:]
        var assembly: [String: [Double]] = [:]
        for round in 0..<rounds {
            for source in round % 2 == 0 ? ["memory", "shards"] : ["shards", "memory"] {
                var trainer = Trainer(model: model, optimizer: Adam(learningRate: 0.0001), options: options, seed: 2)
                let cpuStart = processCPUSeconds()
                let seconds = try measureSeconds {
                    if source == "memory" {
                        try trainer.fit(training: memory)
                    } else {
                        try trainer.fit(training: shards)
                    }
                }
                let cpuSeconds = processCPUSeconds() - cpuStart
                // The data path alone: every batch of an epoch built as the trainer asks for them.
                let order = Array(0..<count)
                let assemblyStart = processCPUSeconds()
                for start in stride(from: 0, to: count, by: options.batchSize) {
                    let slice = order[start..<min(count, start + options.batchSize)]
                    let batch = source == "memory" ? memory.batch(slice) : shards.batch(slice)
                    precondition(batch.labels.count == slice.count)
                }
                assembly[source, default: []].append(processCPUSeconds() - assemblyStart)
                rates[source, default: []].append(Double(count) / seconds)
                cpu[source, default: []].append(cpuSeconds)
                report([
                    "measure": "train", "source": source, "round": round, "docs_per_s": Double(count) / seconds,
                    "documents": count, "cpu_seconds": cpuSeconds,
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
        let cm = cpu["memory"] ?? []
        let cs = cpu["shards"] ?? []
        let am = assembly["memory"] ?? []
        let ask = assembly["shards"] ?? []
        print(
            String(
                format:
                    "train CPU s per epoch (all threads): in memory least %.2f median %.2f; from shards least %.2f median %.2f; shards/memory least %.3f median %.3f",
                cm.min() ?? 0, median(cm), cs.min() ?? 0, median(cs), (cs.min() ?? 0) / max(cm.min() ?? 1, 1e-9),
                median(cs) / max(median(cm), 1e-9)))
        print(
            String(
                format:
                    "batch assembly CPU ms per epoch (no training): in memory %.1f, from shards %.1f; difference %.2f%% of a training epoch's CPU",
                median(am) * 1000, median(ask) * 1000, (median(ask) - median(am)) / max(median(cm), 1e-9) * 100))
        return (m.max() ?? 0, (cs.min() ?? 0) / Double(count))
    }

    /// CPU seconds used by every thread of this process.
    func processCPUSeconds() -> Double {
        var t = timespec()
        clock_gettime(CLOCK_PROCESS_CPUTIME_ID, &t)
        return Double(t.tv_sec) + Double(t.tv_nsec) / 1e9
    }

    // MARK: Memory

    func memory(_ base: String, _ folder: String) throws -> (documents: [Int], peakMB: [Double]) {
        var measured: (documents: [Int], peakMB: [Double]) = ([], [])
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
                ], quiet: true)
            let seconds = Double(DispatchTime.now().uptimeNanoseconds - started) / 1e9
            guard status == 0 else { throw ValidationError("train on \(k) copies exited with status \(status)") }
            let megabytes = Double(peakKiB) / 1024
            if first == nil { first = megabytes }
            measured.documents.append(documents * k)
            measured.peakMB.append(megabytes)
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
        return measured
    }

    // MARK: How far one machine goes

    /// The lines the README and `docs/performance.md` quote: documents per GB of RAM and per hour.
    func printCapacity(
        encode: EncodeFigures?, speed: (docsPerSecond: Double, cpuSecondsPerDocument: Double)?,
        rss: (documents: [Int], peakMB: [Double])?
    ) {
        print("--- capacity (one machine) ---")
        if let encode, encode.documents > 0 {
            let perCore = Double(encode.documents) / max(encode.cpuSecondsOneWorker, 1e-9) * 3600
            let twoCores = Double(encode.documents) / max(encode.wallSecondsTwoWorkersPredicted, 1e-9) * 3600
            let wallHours = encode.bestMBPerSecond.map { encode.inputMB / max($0, 1e-9) / 3600 }
            print(
                String(
                    format:
                        "capacity encode (wall, as measured): %.0f documents per hour on 1 worker, %.0f on 2 (%.0f / %.0f MB of filings per hour)",
                    Double(encode.documents) / max(wallHours[0], 1e-12),
                    Double(encode.documents) / max(wallHours[1], 1e-12), encode.bestMBPerSecond[0] * 3600,
                    encode.bestMBPerSecond[1] * 3600))
            print(
                String(
                    format:
                        "capacity encode (CPU time, idle-machine estimate): %.0f documents per hour per core (%.0f MB of filings), %.0f per hour on 2 cores",
                    perCore, encode.inputMB / max(encode.cpuSecondsOneWorker, 1e-9) * 3600, twoCores))
            if let peak = encode.peakRSSMB {
                print(
                    String(
                        format:
                            "capacity encode memory: train-classifier encode --threads 2 peaked at %.0f MB RSS on %d documents (units of 8 filings)",
                        peak, encode.documents))
            }
        }
        if let speed {
            print(
                String(
                    format:
                        "capacity train: %.0f documents per hour per epoch (length %d, wall, best), %.0f per CPU-hour",
                    speed.docsPerSecond * 3600, sequenceLength, 3600 / max(speed.cpuSecondsPerDocument, 1e-9)))
        }
        if let rss, let firstDocs = rss.documents.first, let firstMB = rss.peakMB.first,
            let lastDocs = rss.documents.last, let lastMB = rss.peakMB.last, lastDocs > firstDocs
        {
            let bytesPerDocument = max(0, lastMB - firstMB) * 1_048_576 / Double(lastDocs - firstDocs)
            print(
                String(
                    format:
                        "capacity memory: train peak RSS %.0f MB at %d documents, %.0f MB at %d: %.0f bytes per extra document, %.1f million documents per GB above the floor",
                    firstMB, firstDocs, lastMB, lastDocs, bytesPerDocument,
                    1_073_741_824
                        / max(bytesPerDocument, 1) / 1e6))
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
    /// With `quiet`, the child's standard output goes to /dev/null.
    func spawnMeasuringPeak(_ executable: String, _ arguments: [String], quiet: Bool = false) throws -> (Int32, Int) {
        var pid: pid_t = 0
        let argv = ([executable] + arguments).map { strdup($0) } + [nil]
        defer { for p in argv { free(p) } }
        var actions = posix_spawn_file_actions_t()
        posix_spawn_file_actions_init(&actions)
        defer { posix_spawn_file_actions_destroy(&actions) }
        if quiet { posix_spawn_file_actions_addopen(&actions, 1, "/dev/null", O_WRONLY, 0) }
        let spawned = posix_spawn(&pid, executable, &actions, nil, argv, environ)
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
