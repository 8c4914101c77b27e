public import ArgumentParser
import FinText
import Foundation

/// `train --distributed …`: run as one rank of a data-parallel MPI job (docs/distributed.md).
struct DistributedOptions: ParsableArguments {
    @Flag(
        help:
            "Train as one rank of a data-parallel job started by mpirun or srun (or `launch`); --batch-size is per rank."
    )
    var distributed = false

    @Option(help: "With --distributed: learning-rate rule for the global batch: linear (rate × ranks) or none.")
    var lrScaling: LearningRateScaling.Rule = .linear

    @Option(help: "With --distributed: epochs over which the rate ramps up to the scaled rate (0: none).")
    var warmupEpochs: Double = 0

    @Option(
        help: ArgumentHelp(
            "With --distributed: once training runs, end a rank whose collective (all-reduce) waits longer than this (exit code 75).",
            valueName: "seconds"))
    var collectiveTimeout: Double = 600

    @Option(
        help: ArgumentHelp(
            "With --distributed: folder of the per-rank logs rank-R.log (default: OUT.rank-logs).", valueName: "dir"))
    var rankLogs: String?

    func validate() throws {
        guard warmupEpochs >= 0, warmupEpochs.isFinite else {
            throw ValidationError("--warmup-epochs expects a number ≥ 0. Received: \(warmupEpochs)")
        }
        guard collectiveTimeout > 0, collectiveTimeout.isFinite else {
            throw ValidationError("--collective-timeout expects a positive number. Received: \(collectiveTimeout)")
        }
    }

    /// Runs `body` as one rank of a training job (see `runAsRank`); `body` returns the trained model, and
    /// the log's last line holds its `WeightsFingerprint`.
    func run(out: String, _ body: (DistributedTraining) throws -> Sequential?) throws {
        try Self.runAsRank(watchdogSeconds: collectiveTimeout, logs: rankLogs ?? "\(out).rank-logs") { communicator in
            let model = try body(
                DistributedTraining(
                    communicator: communicator, learningRateRule: lrScaling, warmupEpochs: warmupEpochs))
            return "weights=" + (model.map { String(WeightsFingerprint.of($0), radix: 16) } ?? "-")
        }
    }

    /// Runs `body` as one rank of the MPI job that started this process (`train --distributed`, `encode
    /// --distributed`): starts MPI, opens the rank's log `logs/rank-R.log`, and ends the whole job
    /// (`MPI_Abort`) when this rank fails, so no other rank waits for it: exit code 1 for an error a
    /// restart cannot fix (bad input, configuration), 75 when a collective failed.
    /// - Parameters:
    ///   - watchdogSeconds: End a rank whose collective waits longer once training runs (nil: never).
    ///   - body: The rank's work; returns the text ending the log's `end` line.
    static func runAsRank(
        watchdogSeconds: Double?, logs: String, _ body: (MPICommunicator) throws -> String
    ) throws {
        let communicator: MPICommunicator
        do { communicator = try MPICommunicator.start(watchdogSeconds: watchdogSeconds) } catch {
            throw commandFailure(error.message)
        }
        let host = ProcessInfo.processInfo.hostName
        do {
            let log = try RankLog(folder: logs, rank: communicator.rank)
            communicator.log = log
            log.write(
                "start ranks=\(communicator.size) pid=\(ProcessInfo.processInfo.processIdentifier) host=\(host)")
            let outcome = try body(communicator)
            log.write(
                "end collective_seconds=\(String(format: "%.3f", communicator.collectiveSeconds)) \(outcome)")
        } catch {
            let message = error is ExitCode ? "(the error is on standard error)" : "\(error)"
            if !(error is ExitCode) {
                FileHandle.standardError.write(Data("error: rank \(communicator.rank): \(message)\n".utf8))
            }
            communicator.log?.write("failed \(message)")
            // A failed collective (a peer died) is worth a restart; bad input or configuration is not.
            communicator.abort(code: communicator.collectiveFailed ? MPICommunicator.watchdogExitCode : 1)
        }
        communicator.finalize()
    }
}

extension LearningRateScaling.Rule: ExpressibleByArgument {}
