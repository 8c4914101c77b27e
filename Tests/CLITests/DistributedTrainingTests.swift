import FTNN
import FTTensor
import FTTestSupport
import Foundation
import Testing

#if canImport(Glibc)
    import Glibc
#endif

private let executable = trainClassifier

/// Runs `train-classifier` under Open MPI's `mpirun` with 2, 3 and 4 ranks on the tiny corpus (a model of a
/// few hundred weights, one BLAS thread per rank, so each job takes a second or two).
enum MPIJob {
    /// mpirun, or nil (skipped on a developer machine without Open MPI; a failure under CI).
    static func mpirun() throws -> String? {
        try ExternalTools.require(
            ExternalTools.executable(["mpirun"]), "mpirun (Debian's openmpi-bin; scripts/install-deps.sh)")
    }

    /// The environment every rank needs here: root is allowed, no CMA single-copy (containers forbid
    /// ptrace), one BLAS thread per rank.
    static var environment: [String: String] {
        var environment = ProcessInfo.processInfo.environment
        environment["OMPI_ALLOW_RUN_AS_ROOT"] = "1"
        environment["OMPI_ALLOW_RUN_AS_ROOT_CONFIRM"] = "1"
        environment["OMPI_MCA_btl_vader_single_copy_mechanism"] = "none"
        environment["OPENBLAS_NUM_THREADS"] = "1"
        return environment
    }

    /// `mpirun --oversubscribe -np N train-classifier ARGS` (exported environment), killed after `timeout`.
    static func run(_ mpirun: String, ranks: Int, _ arguments: [String], timeout: Double = 240) throws -> (
        status: Int32, output: String, errors: String
    ) {
        let binary = try #require(executable)
        return try ExecutableRunner.run(
            URL(fileURLWithPath: mpirun), ["--oversubscribe", "-np", "\(ranks)", binary.path] + arguments,
            environment: environment, timeout: timeout)
    }

    /// The `end … weights=HEX` fingerprint of each rank's newest log in `folder`, index = rank.
    static func finalWeights(logs folder: String, ranks: Int) throws -> [String] {
        try (0..<ranks).map { rank in
            let text = try String(contentsOfFile: newestLog(folder, rank: rank), encoding: .utf8)
            let end = try #require(text.split(separator: "\n").last { $0.contains(" end ") })
            return String(try #require(end.split(separator: " ").first { $0.hasPrefix("weights=") }).dropFirst(8))
        }
    }

    /// Starts `executable` with the MPI environment, standard output discarded; returns the process and
    /// the pipe of its standard error.
    static func start(_ executable: String, _ arguments: [String]) throws -> (Process, Pipe) {
        let process = Process()
        process.executableURL = URL(fileURLWithPath: executable)
        process.arguments = arguments
        process.environment = environment
        let errors = Pipe()
        process.standardOutput = FileHandle.nullDevice
        process.standardError = errors
        try process.run()
        return (process, errors)
    }

    /// The pid in the rank log at `path` as soon as the log contains `marker` (polled every 2 ms while
    /// `process` runs, for at most 120 s), or nil.
    static func pid(of path: String, once marker: String, while process: Process) -> pid_t? {
        let deadline = Date().addingTimeInterval(120)
        while process.isRunning && Date() < deadline {
            if let text = try? String(contentsOfFile: path, encoding: .utf8), text.contains(marker) {
                let start = text.split(separator: "\n").first { $0.contains(" start ") }
                return start?.split(separator: " ").first { $0.hasPrefix("pid=") }.flatMap { pid_t($0.dropFirst(4)) }
            }
            usleep(2000)
        }
        return nil
    }

    /// The largest absolute difference between the weights of two safetensors files with the same tensors.
    static func largestDifference(_ first: String, _ second: String) throws -> Double {
        let one = try SafeTensors.read(first)
        let two = try SafeTensors.read(second)
        #expect(one.entries.keys.sorted() == two.entries.keys.sorted())
        var largest = 0.0
        for name in one.entries.keys {
            let a = try one.tensor(name).scalars
            let b = try two.tensor(name).scalars
            largest = max(largest, zip(a, b).map { Double(abs($0 - $1)) }.max() ?? 0)
        }
        return largest
    }

    /// The newest log file of `rank` (`rank-R.log`, `rank-R.2.log`, …).
    static func newestLog(_ folder: String, rank: Int) -> String {
        var path = "\(folder)/rank-\(rank).log"
        var attempt = 2
        while FileManager.default.fileExists(atPath: "\(folder)/rank-\(rank).\(attempt).log") {
            path = "\(folder)/rank-\(rank).\(attempt).log"
            attempt += 1
        }
        return path
    }
}

/// A tiny corpus prepared into a dataset manifest, with a configuration without dropout (so that runs on
/// different rank counts can be compared) and with more epochs.
struct DistributedCorpus {
    let paths: TinyCorpus.Paths
    let dataset: String
    let config: String

    init(epochs: Int = 4) throws {
        let binary = try #require(executable)
        paths = try TinyCorpus.write(filings: 24)
        dataset = paths.folder + "/dataset.jsonl"
        let prepared = try ExecutableRunner.run(
            binary, ["prepare", "--filings", paths.sections, "--prices", paths.prices, "--out", dataset])
        #expect(prepared.status == 0, "\(prepared.errors)")
        config = paths.folder + "/config-mpi.json"
        try """
        {"sequenceLength": 48, "filters": 8, "kernelSize": 3, "poolSizes": [2, 2, 2], "denseUnits": 8,
         "convolutionDropout": 0, "denseDropout": 0,
         "epochs": \(epochs), "batchSize": 8, "learningRate": 0.01, "earlyStoppingPatience": null,
         "split": {"kind": "filing", "validationFraction": 0.25}, "seed": 7,
         "embeddingsPath": "\(paths.embeddings)"}
        """.write(toFile: config, atomically: true, encoding: .utf8)
    }

    /// `train` arguments writing into `folder/model` (+ checkpoints and rank logs there).
    func trainArguments(_ folder: String, batchSize: Int, extra: [String] = []) -> [String] {
        [
            "--data", dataset, "--config", config, "--out", folder + "/model", "--progress", "quiet", "--logdir",
            "none",
            "--batch-size", "\(batchSize)", "--checkpoint-dir", folder + "/checkpoints", "--vector-cache",
            paths.folder + "/cache",
        ] + extra
    }

    func remove() { try? FileManager.default.removeItem(atPath: paths.folder) }
}

@Suite(
    "Data-parallel training under mpirun", .serialized,
    .enabled(if: ExecutableRunner.shouldRun(executable), "train-classifier is not built (run `swift build` first)"))
struct DistributedTrainingTests {
    @Test(
        "2 and 3 ranks end with bit-identical weights on every rank, and a rerun is bit-identical", arguments: [2, 3])
    func identicalWeights(ranks: Int) throws {
        guard let mpirun = try MPIJob.mpirun() else { return }
        let corpus = try DistributedCorpus()
        defer { corpus.remove() }
        var runs: [[String]] = []
        for attempt in 0..<2 {
            let folder = corpus.paths.folder + "/run-\(attempt)"
            let result = try MPIJob.run(
                mpirun, ranks: ranks,
                ["train", "--distributed", "--rank-logs", folder + "/ranks"]
                    + corpus.trainArguments(folder, batchSize: 4))
            try #require(result.status == 0, "\(result.errors)")
            let weights = try MPIJob.finalWeights(logs: folder + "/ranks", ranks: ranks)
            #expect(Set(weights).count == 1, "ranks disagree: \(weights)")
            runs.append(weights)
        }
        #expect(runs[0] == runs[1])
        let first = try Data(contentsOf: URL(fileURLWithPath: corpus.paths.folder + "/run-0/model/weights.safetensors"))
        let second = try Data(
            contentsOf: URL(fileURLWithPath: corpus.paths.folder + "/run-1/model/weights.safetensors"))
        #expect(first == second)
    }

    @Test(
        "N ranks × batch 4 match one process × batch 4N (no dropout, rate not scaled) within 1e-5", arguments: [2, 3])
    func matchesOneProcess(ranks: Int) throws {
        guard let mpirun = try MPIJob.mpirun() else { return }
        let binary = try #require(executable)
        let corpus = try DistributedCorpus()
        defer { corpus.remove() }
        let folder = corpus.paths.folder
        let single = try ExecutableRunner.run(
            binary, ["train"] + corpus.trainArguments(folder + "/one", batchSize: 4 * ranks),
            environment: MPIJob.environment, timeout: 240)
        try #require(single.status == 0, "\(single.errors)")
        let parallel = try MPIJob.run(
            mpirun, ranks: ranks,
            ["train", "--distributed", "--lr-scaling", "none"] + corpus.trainArguments(folder + "/two", batchSize: 4))
        try #require(parallel.status == 0, "\(parallel.errors)")
        let largest = try MPIJob.largestDifference(
            folder + "/one/model/weights.safetensors", folder + "/two/model/weights.safetensors")
        // The same global batches and the same mean gradients; only the order of float additions differs.
        #expect(largest < 1e-5, "largest weight difference \(largest)")
        print("\(ranks) ranks × 4 vs 1 × \(4 * ranks): largest weight difference \(largest)")
    }

    @Test("4 ranks whose last global batch leaves two ranks without rows finish (no hang) in step")
    func unevenData() throws {
        guard let mpirun = try MPIJob.mpirun() else { return }
        let corpus = try DistributedCorpus(epochs: 2)
        defer { corpus.remove() }
        let folder = corpus.paths.folder + "/uneven"
        // 54 training rows, 4 ranks × 13 = 52 per global batch: the second step has 2 rows for 4 ranks.
        let result = try MPIJob.run(
            mpirun, ranks: 4,
            ["train", "--distributed", "--rank-logs", folder + "/ranks"] + corpus.trainArguments(folder, batchSize: 13),
            timeout: 180)
        try #require(result.status == 0, "\(result.errors)")
        let weights = try MPIJob.finalWeights(logs: folder + "/ranks", ranks: 4)
        #expect(Set(weights).count == 1)
        let last = try String(contentsOfFile: folder + "/ranks/rank-3.log", encoding: .utf8)
        #expect(last.contains("batch=2/2 rows=0"), "rank 3 should take an empty share of the last step")
        let first = try String(contentsOfFile: folder + "/ranks/rank-0.log", encoding: .utf8)
        #expect(first.contains("batch=2/2 rows=1"))
    }

    @Test("SIGKILL of one rank mid-run, then launch's restart, ends byte-identical to an uninterrupted run")
    func killAndRestart() throws {
        guard let mpirun = try MPIJob.mpirun() else { return }
        let binary = try #require(executable)
        let corpus = try DistributedCorpus(epochs: 30)
        defer { corpus.remove() }
        let folder = corpus.paths.folder
        let reference = try MPIJob.run(
            mpirun, ranks: 2, ["train", "--distributed"] + corpus.trainArguments(folder + "/whole", batchSize: 4))
        try #require(reference.status == 0, "\(reference.errors)")

        let logs = folder + "/killed/ranks"
        let (launch, output) = try MPIJob.start(
            binary.path,
            ["launch", "--np", "2", "--max-restarts", "2", "--mpirun", mpirun, "--mpi-arg=--oversubscribe", "--"]
                + corpus.trainArguments(folder + "/killed", batchSize: 4, extra: ["--rank-logs", logs]))
        // Wait until rank 1 is inside epoch 3, then kill it with SIGKILL.
        let pid = try #require(
            MPIJob.pid(of: logs + "/rank-1.log", once: "step epoch=3 batch=2/", while: launch),
            "rank 1 never reached epoch 3")
        #expect(kill(pid, SIGKILL) == 0)
        let errors = String(decoding: output.fileHandleForReading.readDataToEndOfFile(), as: UTF8.self)
        launch.waitUntilExit()
        try #require(launch.terminationStatus == 0, "\(errors)")
        #expect(errors.contains("restart 1 of 2 from"), "\(errors)")
        // The first attempt ended before training did: rank 0's first log has no end line.
        let firstAttempt = try String(contentsOfFile: logs + "/rank-0.log", encoding: .utf8)
        #expect(!firstAttempt.contains(" end "))
        #expect(FileManager.default.fileExists(atPath: logs + "/rank-0.2.log"))
        let whole = try Data(contentsOf: URL(fileURLWithPath: folder + "/whole/model/weights.safetensors"))
        let restarted = try Data(contentsOf: URL(fileURLWithPath: folder + "/killed/model/weights.safetensors"))
        #expect(whole == restarted)
    }

    @Test("ranks that disagree on configuration fail at start, naming the rank and what differs")
    func fingerprintMismatch() throws {
        guard let mpirun = try MPIJob.mpirun() else { return }
        let binary = try #require(executable)
        let corpus = try DistributedCorpus()
        defer { corpus.remove() }
        let folder = corpus.paths.folder + "/mismatch"
        let common = ["train", "--distributed"] + corpus.trainArguments(folder, batchSize: 4)
        // MPMD: rank 0 and rank 1 get different --epochs.
        let result = try ExecutableRunner.run(
            URL(fileURLWithPath: mpirun),
            ["--oversubscribe", "-np", "1", binary.path] + common + ["--epochs", "2", ":", "-np", "1", binary.path]
                + common + ["--epochs", "3"],
            environment: MPIJob.environment, timeout: 120)
        #expect(result.status == 1)
        #expect(result.errors.contains("rank 1 differs from rank 0 in its training options"), "\(result.errors)")
    }

    @Test("a checkpoint of 2 ranks is refused by 3 ranks with a clear message")
    func differentRankCount() throws {
        guard let mpirun = try MPIJob.mpirun() else { return }
        let corpus = try DistributedCorpus(epochs: 2)
        defer { corpus.remove() }
        let folder = corpus.paths.folder + "/ranks"
        let first = try MPIJob.run(
            mpirun, ranks: 2, ["train", "--distributed"] + corpus.trainArguments(folder, batchSize: 4))
        try #require(first.status == 0, "\(first.errors)")
        let resumed = try MPIJob.run(
            mpirun, ranks: 3,
            ["train", "--distributed", "--resume", "--epochs", "4"] + corpus.trainArguments(folder, batchSize: 4))
        #expect(resumed.status == 1)
        #expect(resumed.errors.contains("written by a run on 2 rank(s); this run has 3"), "\(resumed.errors)")
    }

    @Test("train --distributed outside mpirun, and launch without mpirun, fail with a clear error")
    func missingLauncher() throws {
        let binary = try #require(executable)
        let corpus = try DistributedCorpus()
        defer { corpus.remove() }
        var environment = MPIJob.environment
        for key in environment.keys where key.hasPrefix("OMPI_COMM_WORLD") || key.hasPrefix("PMI") {
            environment[key] = nil
        }
        let alone = try ExecutableRunner.run(
            binary, ["train", "--distributed"] + corpus.trainArguments(corpus.paths.folder + "/alone", batchSize: 4),
            environment: environment, timeout: 60)
        #expect(alone.status == 1)
        #expect(alone.errors.contains("was not started by mpirun or srun"), "\(alone.errors)")
        let launch = try ExecutableRunner.run(
            binary,
            ["launch", "--np", "2", "--mpirun", "/nonexistent/mpirun", "--"]
                + corpus.trainArguments(corpus.paths.folder + "/launch", batchSize: 4),
            environment: environment, timeout: 60)
        #expect(launch.status == 1)
        #expect(launch.errors.contains("/nonexistent/mpirun not found: install Open MPI"), "\(launch.errors)")
    }

    @Test("a rank that stops answering turns the other's all-reduce into exit 75 after --collective-timeout")
    func watchdog() throws {
        guard let mpirun = try MPIJob.mpirun() else { return }
        let binary = try #require(executable)
        let corpus = try DistributedCorpus(epochs: 30)
        defer { corpus.remove() }
        let folder = corpus.paths.folder + "/hang"
        let logs = folder + "/ranks"
        let (job, errors) = try MPIJob.start(
            mpirun,
            [
                "--oversubscribe", "-np", "2", binary.path, "train", "--distributed", "--collective-timeout", "5",
                "--rank-logs", logs,
            ] + corpus.trainArguments(folder, batchSize: 4))
        let pid = try #require(
            MPIJob.pid(of: logs + "/rank-1.log", once: "step epoch=2 batch=1/", while: job),
            "rank 1 never reached epoch 2")
        let stopped = Date()
        #expect(kill(pid, SIGSTOP) == 0)  // hangs rank 1 without ending it: only the watchdog can end the job
        let text = String(decoding: errors.fileHandleForReading.readDataToEndOfFile(), as: UTF8.self)
        job.waitUntilExit()
        kill(pid, SIGKILL)
        #expect(job.terminationStatus == 75, "\(text)")
        #expect(text.contains("rank 0: the allreduce has not finished after"), "\(text)")
        #expect(Date().timeIntervalSince(stopped) < 60)
    }

    @Test("2 ranks × 4 streaming from a sharded token dataset (--dataset) match one process × 8 on it within 1e-5")
    func shardedDataset() throws {
        guard let mpirun = try MPIJob.mpirun() else { return }
        let binary = try #require(executable)
        let corpus = try DistributedCorpus()
        defer { corpus.remove() }
        let folder = corpus.paths.folder
        let tokens = folder + "/tokens"
        let encoded = try ExecutableRunner.run(
            binary,
            [
                "encode", "--filings", corpus.paths.sections, "--prices", corpus.paths.prices, "--filings-per-shard",
                "5", "--out", tokens,
            ])
        try #require(encoded.status == 0, "\(encoded.errors)")
        func arguments(_ name: String, batchSize: Int) -> [String] {
            var list = corpus.trainArguments(folder + "/" + name, batchSize: batchSize)
            let at = list.firstIndex(of: "--data")!
            list[at] = "--dataset"
            list[at + 1] = tokens
            return list
        }
        let single = try ExecutableRunner.run(
            binary, ["train"] + arguments("one", batchSize: 8), environment: MPIJob.environment, timeout: 240)
        try #require(single.status == 0, "\(single.errors)")
        let logs = folder + "/ranks"
        let parallel = try MPIJob.run(
            mpirun, ranks: 2,
            ["train", "--distributed", "--lr-scaling", "none", "--rank-logs", logs] + arguments("two", batchSize: 4))
        try #require(parallel.status == 0, "\(parallel.errors)")
        #expect(Set(try MPIJob.finalWeights(logs: logs, ranks: 2)).count == 1)
        let largest = try MPIJob.largestDifference(
            folder + "/one/model/weights.safetensors", folder + "/two/model/weights.safetensors")
        #expect(largest < 1e-5, "largest weight difference \(largest)")
    }
}
