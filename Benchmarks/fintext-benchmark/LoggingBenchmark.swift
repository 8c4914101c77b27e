import ArgumentParser
import FinText
import Foundation

/// What TensorBoard logging adds to training: `Trainer.fit` on the study's full-size model, the same run with
/// and without a `TensorBoardLogger`, in alternating order over several rounds.
///
/// Each round trains a fresh copy of one model on the same synthetic documents (Zipf-distributed ids, three
/// classes in turn, a validation set) once without and once with logging (every step's scalars, every
/// epoch's scalars, histograms and synced flushes), the order alternating between rounds so that drift of a
/// shared machine does not favour one side. It reports each run's seconds, the medians, the overhead of the
/// medians and of each round's pair, and the seconds the logger itself spent (encoding, histograms, writing),
/// which measures the overhead without the noise of two separate runs.
struct LoggingBenchmark: ParsableCommand {
    static let configuration = CommandConfiguration(
        commandName: "logging",
        abstract: "TensorBoard logging overhead on the study model's training (with vs without, alternating rounds).",
        discussion: """
            Example: swift run -c release fintext-benchmark logging --rounds 3
            """)

    @Option(help: "Training documents (the main job trains on 272).") var documents = 264
    @Option(help: "Validation documents.") var validation = 66
    @Option(help: "Documents per batch.") var batch = 33
    @OptionGroup var shape: StudyShapeOptions
    @Option(help: "none: every position is a token; realistic: lognormal document lengths pre-padded with id 0.")
    var padding = "realistic"
    @Option(help: "Epochs per run.") var epochs = 2
    @Option(help: "Rounds; each runs once without and once with logging.") var rounds = 3
    @Option(help: "Where the event files go (default: a temporary folder, removed afterwards).") var logdir: String?
    @Option(help: "OpenBLAS threads.") var blasThreads = 2
    @Option(help: "Seed of the ids, weights, shuffling and dropout.") var seed: UInt64 = 1
    @Flag(help: "Print one JSON object per run and one for the summary.") var json = false

    func validate() throws {
        guard ["none", "realistic"].contains(padding) else {
            throw ValidationError("--padding must be none or realistic")
        }
        guard documents >= 1, validation >= 1, batch >= 1, epochs >= 1, rounds >= 1, blasThreads >= 1 else {
            throw ValidationError(
                "--documents, --validation, --batch, --epochs, --rounds and --blas-threads must be ≥ 1")
        }
    }

    func run() throws {
        BLASThreads.count = blasThreads
        let all = try zipfSequences(
            count: documents + validation, length: shape.length, vocabulary: shape.vocabulary, zipf: shape.zipf,
            realisticPadding: padding == "realistic", seed: seed)
        let training = all.subset(Array(0..<documents))
        let held = all.subset(Array(documents..<(documents + validation)))
        let model = try randomStudyModel(
            vocabulary: shape.vocabulary, dimension: shape.dimension, length: shape.length, seed: seed)
        var options = FitOptions()
        options.epochs = epochs
        options.batchSize = batch
        let folder = logdir ?? NSTemporaryDirectory() + "fintext-logging-benchmark-\(UUID().uuidString)"
        defer { if logdir == nil { try? FileManager.default.removeItem(atPath: folder) } }
        if !json {
            print(
                "Study model: \(documents) training + \(validation) validation documents × \(shape.length) tokens, D \(shape.dimension), "
                    + "V \(shape.vocabulary), batch \(batch), \(epochs) epochs per run, \(rounds) rounds; OpenBLAS \(blasThreads) threads"
            )
        }

        var plain: [Double] = []
        var logged: [Double] = []
        var inside: [Double] = []
        var bytes = 0
        for round in 1...rounds {
            for withLogging in round % 2 == 1 ? [false, true] : [true, false] {
                var trainer = Trainer(
                    model: model, optimizer: Adam(learningRate: 0.00011), options: options, seed: seed)
                let logger = TensorBoardLogger(logdir: "\(folder)/round-\(round)")
                let observers: [any TrainingObserver] = withLogging ? [logger] : []
                let seconds = try measureSeconds {
                    try trainer.fit(training: training, validation: held, observers: observers)
                }
                if withLogging {
                    logged.append(seconds)
                    inside.append(logger.secondsSpent)
                    bytes = logger.files.compactMap {
                        try? FileManager.default.attributesOfItem(atPath: $0)[.size] as? Int
                    }
                    .reduce(0, +)
                } else {
                    plain.append(seconds)
                }
                let name = withLogging ? "with_logging" : "without_logging"
                if json {
                    var fields: [String: Any] = ["name": name, "round": round, "seconds": seconds]
                    if withLogging { fields["logger_seconds"] = logger.secondsSpent }
                    printJSON(fields)
                } else {
                    let extra = withLogging ? " (logger itself \(format(logger.secondsSpent * 1000)) ms)" : ""
                    print("round \(round) \(name): \(format(seconds)) s\(extra)")
                }
            }
        }
        func median(_ x: [Double]) -> Double {
            let s = x.sorted()
            return s.count % 2 == 1 ? s[s.count / 2] : (s[s.count / 2 - 1] + s[s.count / 2]) / 2
        }
        let overhead = (median(logged) / median(plain) - 1) * 100
        let paired = zip(logged, plain).map { ($0 / $1 - 1) * 100 }
        let share = zip(inside, logged).map { $0 / $1 * 100 }
        if json {
            printJSON([
                "name": "summary", "median_without": median(plain), "median_with": median(logged),
                "overhead_percent": overhead, "paired_overhead_percent": paired, "logger_share_percent": share,
                "event_bytes_per_run": bytes,
            ])
        } else {
            print(
                "median without \(format(median(plain))) s, with \(format(median(logged))) s: overhead \(format(overhead)) % "
                    + "(per round: \(paired.map { format($0) }.joined(separator: ", ")) %)")
            print(
                "time inside the logger: \(share.map { format($0) }.joined(separator: ", ")) % of each logged run; "
                    + "\(bytes) bytes of event files per run")
        }
    }
}
