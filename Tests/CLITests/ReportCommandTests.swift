import FTTestSupport
import FinText
import Foundation
import Testing

/// The built `train-classifier` executable, or nil when it is not built.
private let executable = trainClassifier

/// Runs the executable with `arguments`; returns the exit status, standard output and standard error.
private func run(_ arguments: [String]) throws -> (status: Int32, output: String, errors: String) {
    let binary = try #require(executable, "train-classifier is not built (run `swift build` first)")
    return try ExecutableRunner.run(binary, arguments)
}

@Suite(
    .enabled(if: ExecutableRunner.shouldRun(executable), "train-classifier is not built (run `swift build` first)"))
struct ReportCommandTests {
    @Test func writesTheReportAndPrintsTheSummary() throws {
        let folder = FileManager.default.temporaryDirectory.appendingPathComponent("cli-report-\(UUID().uuidString)")
            .path
        defer { try? FileManager.default.removeItem(atPath: folder) }
        let result = try run([
            "report", "--predictions", Fixtures.path("predictions.csv"), "--out", folder,
            "--history", Fixtures.path("history.json"), "--labels", "low,medium,high",
        ])
        #expect(result.status == 0, "stderr: \(result.errors)")
        #expect(result.output.contains("Accuracy: 0.6250") && result.output.contains("No Information Rate: 0.3750"))
        for name in ["metrics.json", "report.md", "report.html", "confusion.svg", "history.svg"] {
            #expect(FileManager.default.fileExists(atPath: folder + "/" + name), "missing \(name)")
        }
        let json = try JSONSerialization.jsonObject(
            with: Data(contentsOf: URL(fileURLWithPath: folder + "/metrics.json")))
        #expect(((json as? [String: Any])?["labels"] as? [String]) == ["low", "medium", "high"])
    }

    @Test("--history takes the history.json that `train` writes (FTNN's History), not only Keras's layout")
    func readsFinTextsOwnHistory() throws {
        let folder = FileManager.default.temporaryDirectory.appendingPathComponent("cli-history-\(UUID().uuidString)")
            .path
        defer { try? FileManager.default.removeItem(atPath: folder) }
        try FileManager.default.createDirectory(atPath: folder, withIntermediateDirectories: true)
        var history = History()
        for (k, (loss, validation)) in [(1.10, 1.08), (1.02, 1.01), (0.97, 1.03)].enumerated() {
            history.epochs.append(
                EpochMetrics(
                    epoch: k + 1, loss: loss, accuracy: 0.4, validationLoss: validation, validationAccuracy: 0.45,
                    learningRate: 1e-4, seconds: 0.5))
        }
        history.bestEpoch = 2
        history.monitor = .validationLoss
        let path = folder + "/history.json"
        try history.write(to: path)

        let read = try TrainingHistory.read(path: path)
        #expect(read.epochs.map(\.number) == [1, 2, 3])
        #expect(read.epochs.map(\.loss) == [1.10, 1.02, 0.97])
        #expect(read.epochs.map(\.validationLoss) == [1.08, 1.01, 1.03])
        #expect(read.bestEpoch?.number == 2)

        let result = try run([
            "report", "--predictions", Fixtures.path("predictions.csv"), "--out", folder + "/report",
            "--history", path, "--labels", "low,medium,high",
        ])
        #expect(result.status == 0, "stderr: \(result.errors)")
        #expect(FileManager.default.fileExists(atPath: folder + "/report/history.svg"))
    }

    @Test(arguments: [
        ("unknown-label.csv", ["--labels", "low,high"], ":3: unknown label \"huge\""),
        ("missing-column.csv", [], ":1: missing column `true`"),
        ("bad-probabilities.csv", [], ":2: the probabilities sum to 0.9"),
    ])
    func badFilesFailWithTheLine(file: String, options: [String], message: String) throws {
        let folder = FileManager.default.temporaryDirectory.appendingPathComponent("cli-bad-\(UUID().uuidString)").path
        defer { try? FileManager.default.removeItem(atPath: folder) }
        let path = Fixtures.path(file)
        let result = try run(["report", "--predictions", path, "--out", folder] + options)
        #expect(result.status == 1)
        #expect(result.errors.contains("error: \(path)\(message)"), "stderr: \(result.errors)")
        #expect(!FileManager.default.fileExists(atPath: folder + "/metrics.json"))
    }
}
