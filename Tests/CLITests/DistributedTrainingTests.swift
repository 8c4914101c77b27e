import FTNN
import FTTensor
import FTTestSupport
import Foundation
import Testing

#if canImport(Glibc)
    import Glibc
#endif

private let executable = ExecutableRunner.locate("train-classifier")

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
            "--data", dataset, "--config", config, "--out", folder + "/model", "--progress", "quiet", "--logdir", "none",
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
    @Test("2 and 3 ranks end with bit-identical weights on every rank, and a rerun is bit-identical", arguments: [2, 3])
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
        let second = try Data(contentsOf: URL(fileURLWithPath: corpus.paths.folder + "/run-1/model/weights.safetensors"))
        #expect(first == second)
    }
}
