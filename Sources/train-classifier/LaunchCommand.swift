import ArgumentParser
import FinText
import Foundation

/// `train-classifier launch`: runs `train --distributed` under mpirun and restarts the job from its newest
/// complete checkpoint when a rank dies (TonY-style fault tolerance; docs/distributed.md).
struct LaunchCommand: ParsableCommand {
    static let configuration = CommandConfiguration(
        commandName: "launch",
        abstract:
            "Run data-parallel training under mpirun and restart it from the newest checkpoint when a rank fails.",
        discussion: """
            Runs `mpirun [--mpi-arg …] -np N train-classifier train --distributed TRAIN_ARGS`. When the job fails because a rank died (killed by a signal), a collective timed out (exit 75) or MPI failed, it is started again with --resume from the newest complete checkpoint in the --checkpoint-dir of TRAIN_ARGS (which is required), at most --max-restarts times. An error a restart cannot fix (bad input or configuration: exit 1, usage: exit 64) ends it at once. Restarts end with the same weights as an uninterrupted run: checkpoints hold weights, optimiser state, generator, epoch and rank count.

            Example: train-classifier launch --np 2 --max-restarts 3 --mpi-arg=--oversubscribe -- --data runs/dataset.jsonl --out runs/model --checkpoint-dir runs/checkpoints
            """)

    @Option(help: "Number of ranks (processes).")
    var np: Int

    @Option(help: "Restarts after failures before giving up.")
    var maxRestarts: Int = 3

    @Option(help: ArgumentHelp("The mpirun to use (a path, or a name looked up on PATH).", valueName: "path"))
    var mpirun = "mpirun"

    @Option(
        parsing: .unconditionalSingleValue,
        help: ArgumentHelp(
            "An argument for mpirun before -np (repeatable), e.g. --mpi-arg=--hostfile --mpi-arg=hosts.",
            valueName: "arg"))
    var mpiArg: [String] = []

    @Argument(
        parsing: .postTerminator, help: ArgumentHelp("The arguments of `train` (after --).", valueName: "train-args"))
    var trainArguments: [String] = []

    func validate() throws {
        guard np >= 1 else { throw ValidationError("--np expects at least 1. Received: \(np)") }
        guard maxRestarts >= 0 else { throw ValidationError("--max-restarts expects ≥ 0. Received: \(maxRestarts)") }
        guard checkpointFolder != nil else {
            throw ValidationError(
                "launch restarts from checkpoints: give --checkpoint-dir DIR among the train arguments after --")
        }
    }

    /// The `--checkpoint-dir` of the train arguments.
    var checkpointFolder: String? {
        for (i, argument) in trainArguments.enumerated() {
            if argument == "--checkpoint-dir", i + 1 < trainArguments.count { return trainArguments[i + 1] }
            if argument.hasPrefix("--checkpoint-dir=") { return String(argument.dropFirst("--checkpoint-dir=".count)) }
        }
        return nil
    }

    func run() throws {
        guard let launcher = Self.locate(mpirun) else {
            throw commandFailure(
                "\(mpirun) not found\(mpirun.contains("/") ? "" : " on PATH"): install Open MPI (scripts/install-deps.sh installs Debian's openmpi-bin) or give --mpirun PATH"
            )
        }
        let executable = URL(fileURLWithPath: "/proc/self/exe").resolvingSymlinksInPath().path
        let folder = checkpointFolder ?? ""
        var restarts = 0
        while true {
            var arguments = trainArguments
            let newest = Trainer<Adam>.latestCheckpoint(in: folder)
            if restarts > 0, newest != nil, !arguments.contains("--resume") { arguments.append("--resume") }
            let command = mpiArg + ["-np", "\(np)", executable, "train", "--distributed"] + arguments
            note("launch: attempt \(restarts + 1): \(launcher) \(command.joined(separator: " "))")
            let status = try Self.execute(launcher, command)
            if status == 0 { return }
            let reason = status > 128 ? "a rank was killed by signal \(status - 128)" : "exit status \(status)"
            guard status != 1, status != 64 else {
                throw commandFailure("the job failed (\(reason)): an error that a restart cannot fix; see above")
            }
            guard restarts < maxRestarts else {
                throw commandFailure("the job failed (\(reason)) and \(maxRestarts) restart(s) are used up")
            }
            restarts += 1
            let from =
                Trainer<Adam>.latestCheckpoint(in: folder).map { "from \($0)" } ?? "from the start (no checkpoint yet)"
            note("launch: the job failed (\(reason)); restart \(restarts) of \(maxRestarts) \(from)")
        }
    }

    /// `name` itself when it holds a slash, else the first executable of that name on PATH.
    static func locate(_ name: String) -> String? {
        if name.contains("/") { return FileManager.default.isExecutableFile(atPath: name) ? name : nil }
        let path = ProcessInfo.processInfo.environment["PATH"] ?? "/usr/bin:/bin"
        return path.split(separator: ":").map { "\($0)/\(name)" }.first {
            FileManager.default.isExecutableFile(atPath: $0)
        }
    }

    /// Runs `executable` with `arguments` (standard streams inherited) and returns its exit status, or
    /// 128 + signal when a signal ended it.
    static func execute(_ executable: String, _ arguments: [String]) throws -> Int32 {
        let process = Process()
        process.executableURL = URL(fileURLWithPath: executable)
        process.arguments = arguments
        do { try process.run() } catch { throw commandFailure("cannot start \(executable): \(error)") }
        process.waitUntilExit()
        return process.terminationReason == .uncaughtSignal
            ? 128 + process.terminationStatus : process.terminationStatus
    }
}
