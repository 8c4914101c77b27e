import FTNN
import FTTensor
import FTTestSupport
import Foundation
import Testing

#if canImport(Glibc)
    import Glibc
#endif

private let executable = trainClassifier

/// Kills a training process with SIGKILL while it writes a checkpoint every epoch, again and again, and
/// checks after every kill that each checkpoint file on disk is complete.
///
/// Half of the kills come at a random moment after one more checkpoint completed (so training progresses
/// however loaded the machine is); the other half watch the checkpoint folder and strike as soon as a
/// checkpoint's temporary file appears, so that some kills land in the middle of a write (the test asserts
/// it, counting the temporary files such kills leave behind).
@Suite(
    "Checkpoints survive kill -9", .serialized,
    .enabled(if: ExecutableRunner.shouldRun(executable), "train-classifier is not built (run `swift build` first)"))
struct CheckpointKillTests {
    @Test("every checkpoint on disk is a complete one after each of 24 kills, and training resumes")
    func killRepeatedly() throws {
        let binary = try #require(executable)
        let corpus = try TinyCorpus.write(filings: 24)
        defer { try? FileManager.default.removeItem(atPath: corpus.folder) }
        let dataset = corpus.folder + "/dataset.jsonl"
        #expect(
            try ExecutableRunner.run(
                binary, ["prepare", "--filings", corpus.sections, "--prices", corpus.prices, "--out", dataset]
            ).status == 0)
        let checkpoints = corpus.folder + "/checkpoints"
        var generator = SeededGenerator(seed: 2026)
        var killsDuringRun = 0
        var interruptedWrites = Set<String>()
        for round in 0..<24 {
            var arguments = [
                "train", "--data", dataset, "--config", corpus.config, "--out", corpus.folder + "/model", "--progress",
                "quiet",
                "--epochs", "100000", "--checkpoint-dir", checkpoints,
            ]
            if round > 0 && Trainer<Adam>.latestCheckpoint(in: checkpoints) != nil { arguments.append("--resume") }
            let process = Process()
            process.executableURL = binary
            process.arguments = arguments
            process.standardOutput = FileHandle.nullDevice
            process.standardError = FileHandle.nullDevice
            let before = Set(temporaryFiles(in: checkpoints))
            try process.run()
            let deadline = Date().addingTimeInterval(10)
            if round % 2 == 0 {
                // Let one more checkpoint complete (so training progresses however loaded the machine is),
                // then kill at a random moment of the following work.
                let latest = Trainer<Adam>.latestCheckpoint(in: checkpoints)
                while process.isRunning && Date() < deadline
                    && Trainer<Adam>.latestCheckpoint(in: checkpoints) == latest
                {
                    usleep(1000)
                }
                usleep(UInt32(generator.nextInt(below: 200_000)))
            } else {
                // Poll until a new checkpoint write has begun, then kill at once.
                while process.isRunning && Date() < deadline
                    && Set(temporaryFiles(in: checkpoints)).subtracting(before).isEmpty
                {
                    usleep(200)
                }
            }
            if process.isRunning { killsDuringRun += 1 }
            kill(process.processIdentifier, SIGKILL)
            process.waitUntilExit()
            let names = (try? FileManager.default.contentsOfDirectory(atPath: checkpoints)) ?? []
            // A kill in the middle of a write leaves its hidden temporary file behind, never a partial checkpoint.
            interruptedWrites.formUnion(temporaryFiles(in: checkpoints))
            for name in names where name.hasPrefix("checkpoint-") {
                // A file under its final name must be complete and valid; partial data only ever lives in
                // hidden temporary files.
                let file = try SafeTensors.read(checkpoints + "/" + name)
                #expect(file.metadata[Trainer<Adam>.checkpointMetadataKey] != nil, "\(name) after kill \(round)")
            }
        }
        #expect(killsDuringRun == 24)
        print("checkpoint kill test: \(interruptedWrites.count) of 24 kills landed during a checkpoint write")
        #expect(!interruptedWrites.isEmpty, "no kill landed during a checkpoint write, so none was tested")
        let latest = try #require(Trainer<Adam>.latestCheckpoint(in: checkpoints))
        let epoch = Int(latest.split(separator: "-").last!.dropLast(".safetensors".count))!
        #expect(epoch >= 2, "training made progress between kills")
        // Resume once more and let it finish two more epochs.
        let finish = try ExecutableRunner.run(
            binary,
            [
                "train", "--data", dataset, "--config", corpus.config, "--out", corpus.folder + "/model", "--progress",
                "quiet",
                "--epochs", "\(epoch + 2)", "--checkpoint-dir", checkpoints, "--resume",
            ])
        #expect(finish.status == 0, "\(finish.errors)")
        #expect(
            Trainer<Adam>.latestCheckpoint(in: checkpoints)?.hasSuffix(
                String(format: "checkpoint-epoch-%04d.safetensors", epoch + 2)) == true)
    }
}

/// The hidden temporary files of checkpoint writes in `folder` (what a kill in the middle of a write leaves).
private func temporaryFiles(in folder: String) -> [String] {
    let names = (try? FileManager.default.contentsOfDirectory(atPath: folder)) ?? []
    return names.filter { $0.hasPrefix(".checkpoint-") && $0.contains(".tmp-") }
}
