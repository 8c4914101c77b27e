import ArgumentParser
import FinText
import Foundation

/// Data-parallel training on Open MPI: throughput of 1 rank × 2 threads against 2 ranks × 1 thread on the
/// study model, the all-reduce time of its gradients over shared memory and over TCP on loopback, and the
/// ring all-reduce scaling model those figures give for 8, 32 and 128 machines (docs/distributed.md).
///
/// The driver (no `--worker`) measures the one-process run itself and starts `mpirun` for the others,
/// running this same executable with `--worker allreduce|train`; rank 0 of each job prints its result.
struct DistributedBenchmark: ParsableCommand {
    static let configuration = CommandConfiguration(
        commandName: "distributed",
        abstract: "Data-parallel training: 1 rank × 2 threads vs 2 ranks × 1 thread, all-reduce time, scaling model.",
        discussion: """
            Example: swift run -c release fintext-benchmark distributed --steps 5
                     swift run -c release fintext-benchmark distributed --length 2000 --steps 3 --json
            Needs mpirun (Open MPI, scripts/install-deps.sh). As root, set OMPI_ALLOW_RUN_AS_ROOT=1 and OMPI_ALLOW_RUN_AS_ROOT_CONFIRM=1.
            """)

    @Option(help: "Global batch (documents per step over all ranks; the study: 33, here even by default).")
    var batch = 32
    @Option(help: "Tokens per document.") var length = 10_000
    @Option(help: "Embedding dimension.") var dimension = 300
    @Option(help: "Vocabulary size.") var vocabulary = 40_000
    @Option(help: "Timed training steps per configuration (after one warm-up step).") var steps = 3
    @Option(help: "Timed all-reduces per transport (after three warm-ups).") var repeats = 20
    @Option(help: "The mpirun to use.") var mpirun = "mpirun"
    @Option(help: "Seed of the ids and weights.") var seed: UInt64 = 1
    @Flag(help: "Print one JSON object per measurement.") var json = false
    @Option(help: ArgumentHelp("Internal: run as a rank (allreduce or train).", visibility: .hidden))
    var worker: String?
    @Option(help: ArgumentHelp("Internal: threads per rank.", visibility: .hidden)) var threads = 1
    @Option(help: ArgumentHelp("Internal: the transport's name.", visibility: .hidden)) var transport = ""

    func validate() throws {
        guard batch >= 2, length >= 1, dimension >= 1, vocabulary >= 2, steps >= 1, repeats >= 1 else {
            throw ValidationError("--batch ≥ 2, --steps, --repeats, --length, --dimension ≥ 1 and --vocabulary ≥ 2")
        }
        if let worker, !["allreduce", "train"].contains(worker) {
            throw ValidationError("--worker expects allreduce or train. Received: \(worker)")
        }
    }

    func run() throws {
        switch worker {
        case "allreduce": try allreduceWorker()
        case "train": try trainWorker()
        default: try drive()
        }
    }

    // MARK: Driver

    private func drive() throws {
        guard let launcher = locate(mpirun) else {
            throw ValidationError(
                "\(mpirun) not found: install Open MPI (scripts/install-deps.sh installs openmpi-bin)")
        }
        let model = try makeModel()
        let floats = model.namedValues.values.reduce(0) { $0 + $1.scalars.count }
        if !json {
            print(
                "Study model: global batch \(batch) × \(length) tokens, D \(dimension), V \(vocabulary); \(floats) trainable weights (\(format(Double(floats) * 4 / 1_048_576)) MiB of gradients per step)"
            )
            print("The machine may be shared: see the load average beside the figures.")
        }
        let single = try trainAlone(threads: 2)
        report(single)
        let base =
            ["--batch", "\(batch)", "--length", "\(length)", "--dimension", "\(dimension)"]
            + ["--vocabulary", "\(vocabulary)", "--steps", "\(steps)", "--repeats", "\(repeats)", "--seed", "\(seed)"]
        let twoRanks = try mpi(
            launcher, ["--bind-to", "none"], base + ["--worker", "train", "--threads", "1", "--transport", "sm"])
        let shared = try mpi(
            launcher, ["--mca", "btl", "self,vader"], base + ["--worker", "allreduce", "--transport", "sm"])
        let tcp = try mpi(
            launcher, ["--mca", "btl", "self,tcp", "--mca", "btl_tcp_if_include", "lo"],
            base + ["--worker", "allreduce", "--transport", "tcp-loopback"])
        for result in twoRanks + shared + tcp { report(result) }
        guard let parallel = twoRanks.first, let singleSeconds = single["seconds_per_step"] as? Double,
            let parallelSeconds = parallel["seconds_per_step"] as? Double
        else { return }
        report([
            "name": "speedup_2x1_vs_1x2", "value": singleSeconds / parallelSeconds,
            "load_average": loadAverage(),
        ])
        // Ring all-reduce model: T(N) = 2(N−1)α + 2(N−1)/N · S/β, with α and β from the TCP loopback run.
        guard let link = tcp.first, let small = link["seconds_small"] as? Double,
            let large = link["seconds_median"] as? Double, let bytes = link["bytes"] as? Int
        else { return }
        let compute = singleSeconds
        let alpha = small / 2
        let beta = Double(bytes) / max(1e-9, large - small)
        let assumed: [(String, Double, Double)] = [
            ("measured TCP loopback", alpha, beta), ("assumed 10 Gb/s Ethernet", 50e-6, 1.25e9),
            ("assumed 100 Gb/s InfiniBand", 2e-6, 12.5e9),
        ]
        for (network, a, b) in assumed {
            for n in [2, 8, 32, 128] {
                let reduce = 2 * Double(n - 1) * a + 2 * Double(n - 1) / Double(n) * Double(bytes) / b
                report([
                    "name": "scaling_model", "network": network, "machines": n, "alpha_seconds": a,
                    "beta_bytes_per_second": b, "compute_seconds_per_step": compute, "allreduce_seconds": reduce,
                    "efficiency": compute / (compute + reduce),
                    "global_docs_per_second": Double(batch) * Double(n) / (compute + reduce),
                ])
            }
        }
    }

    /// One process, `threads` BLAS threads and workers, global batch in one step.
    private func trainAlone(threads: Int) throws -> [String: Any] {
        BLASThreads.count = threads
        let seconds = try timeTraining(group: nil, threads: threads).seconds
        return [
            "name": "train_1_rank_x_\(threads)_threads", "seconds_per_step": seconds,
            "docs_per_second": Double(batch) / seconds, "batch": batch, "length": length, "steps": steps,
            "load_average": loadAverage(),
        ]
    }

    /// Runs this executable as 2 ranks under mpirun and returns what rank 0 printed (one JSON object a line).
    private func mpi(_ launcher: String, _ options: [String], _ arguments: [String]) throws -> [[String: Any]] {
        let process = Process()
        process.executableURL = URL(fileURLWithPath: launcher)
        let me = URL(fileURLWithPath: "/proc/self/exe").resolvingSymlinksInPath().path
        process.arguments = ["--oversubscribe"] + options + ["-np", "2", me, "distributed"] + arguments
        var environment = ProcessInfo.processInfo.environment
        environment["OPENBLAS_NUM_THREADS"] = "1"
        environment["OMPI_MCA_btl_vader_single_copy_mechanism"] = "none"
        process.environment = environment
        let pipe = Pipe()
        process.standardOutput = pipe
        try process.run()
        let data = pipe.fileHandleForReading.readDataToEndOfFile()
        process.waitUntilExit()
        guard process.terminationStatus == 0 else {
            throw ValidationError("mpirun \(arguments.joined(separator: " ")) failed (\(process.terminationStatus))")
        }
        return String(decoding: data, as: UTF8.self).split(separator: "\n").compactMap {
            try? JSONSerialization.jsonObject(with: Data($0.utf8)) as? [String: Any]
        }
    }

    // MARK: Workers (under mpirun)

    private func allreduceWorker() throws {
        let communicator = try MPICommunicator.start()
        defer { communicator.finalize() }
        let model = try makeModel()
        let floats = model.namedValues.values.reduce(0) { $0 + $1.scalars.count }
        func median(count: Int) throws -> Double {
            var buffer = [Float](repeating: 1, count: count)
            var times: [Double] = []
            for round in 0..<(repeats + 3) {
                try communicator.barrier()
                let seconds = try measureSeconds { try communicator.allreduceSum(&buffer) }
                if round >= 3 { times.append(seconds) }
            }
            // Every rank must agree on the figure: take rank 0's, which prints.
            return times.sorted()[times.count / 2]
        }
        let large = try median(count: floats)
        let small = try median(count: 1)
        guard communicator.rank == 0 else { return }
        printJSON([
            "name": "allreduce_\(transport)", "ranks": communicator.size, "floats": floats, "bytes": floats * 4,
            "seconds_median": large, "seconds_small": small,
            "algorithm_gigabytes_per_second": Double(floats * 4) / large / 1e9, "repeats": repeats,
            "load_average": loadAverage(),
        ])
    }

    private func trainWorker() throws {
        let communicator = try MPICommunicator.start()
        defer { communicator.finalize() }
        BLASThreads.count = threads
        let (seconds, waited) = try timeTraining(group: communicator, threads: threads)
        guard communicator.rank == 0 else { return }
        printJSON([
            "name": "train_\(communicator.size)_ranks_x_\(threads)_thread", "seconds_per_step": seconds,
            "docs_per_second": Double(batch) / seconds, "collective_seconds_per_step": waited, "batch": batch,
            "length": length, "steps": steps, "load_average": loadAverage(),
        ])
    }

    // MARK: Shared

    private func makeModel() throws -> Sequential {
        try randomStudyModel(vocabulary: vocabulary, dimension: dimension, length: length, seed: seed)
    }

    /// Median seconds of one global step of `Trainer.fit` (after one warm-up step), alone or as a rank, and
    /// rank 0's median seconds inside collectives per step (waiting for the other rank included).
    private func timeTraining(group: (any Communicator)?, threads: Int) throws -> (seconds: Double, waited: Double) {
        let model = try makeModel()
        let count = batch * (steps + 1)
        let tokens = zipfTokens(
            batch: count, length: length, vocabulary: vocabulary, zipf: 1.4, realisticPadding: false, seed: seed)
        let data = try LabelledSequences(
            ids: tokens.ids, length: length, labels: (0..<count).map { $0 % 3 }, classes: 3)
        var options = FitOptions()
        options.epochs = 1
        options.shuffle = false
        options.parallel = group
        options.executionPath = .fast(workers: threads)
        options.batchSize = batch / (group?.size ?? 1)
        var trainer = Trainer(model: model, optimizer: Adam(learningRate: 0.0001), options: options, seed: seed)
        let recorder = StepTimes(communicator: group)
        try trainer.fit(training: data, observers: [recorder])
        func median(_ values: [Double]) -> Double {
            let timed = Array(values.dropFirst())
            return timed.isEmpty ? 0 : timed.sorted()[timed.count / 2]
        }
        return (median(recorder.seconds), median(recorder.collective))
    }

    private func report(_ fields: [String: Any]) {
        if json {
            printJSON(fields)
            return
        }
        let name = fields["name"] as? String ?? "?"
        let rest = fields.filter { $0.key != "name" }.sorted { $0.key < $1.key }.map { key, value in
            if let number = value as? Double { return "\(key)=\(String(format: "%.4g", number))" }
            return "\(key)=\(value)"
        }
        print("\(name): \(rest.joined(separator: " "))")
    }

    private func locate(_ name: String) -> String? {
        if name.contains("/") { return FileManager.default.isExecutableFile(atPath: name) ? name : nil }
        return (ProcessInfo.processInfo.environment["PATH"] ?? "").split(separator: ":").map { "\($0)/\(name)" }
            .first { FileManager.default.isExecutableFile(atPath: $0) }
    }

    private func loadAverage() -> String {
        (try? String(contentsOfFile: "/proc/loadavg", encoding: .utf8))?.split(separator: " ").prefix(3)
            .joined(separator: " ") ?? "?"
    }
}

/// Records each step's seconds (rank 0's, which includes the all-reduce) and its seconds in collectives.
private final class StepTimes: TrainingObserver {
    let communicator: (any Communicator)?
    var seconds: [Double] = []
    var collective: [Double] = []
    private var last: Double

    init(communicator: (any Communicator)?) {
        self.communicator = communicator
        last = communicator?.collectiveSeconds ?? 0
    }

    func epochWillBegin(_ epoch: Int, of epochs: Int) throws { last = communicator?.collectiveSeconds ?? 0 }

    func stepDidEnd(_ step: StepReport) throws {
        seconds.append(step.seconds)
        let now = communicator?.collectiveSeconds ?? 0
        collective.append(now - last)
        last = now
    }
}
