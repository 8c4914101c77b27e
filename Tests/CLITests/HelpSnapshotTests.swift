import FTTestSupport
import Foundation
import Testing

private let executable = trainClassifier

/// `--help` of every command against the committed text in Fixtures/Snapshots.
/// Re-record after an intended change with `FINTEXT_RECORD_SNAPSHOTS=1 swift test --filter HelpSnapshot`.
@Suite(
    "--help snapshots",
    .enabled(if: ExecutableRunner.shouldRun(executable), "train-classifier is not built (run `swift build` first)"))
struct HelpSnapshotTests {
    static let commands = [
        "", "run", "prepare", "encode", "train", "launch", "cross-validate", "evaluate", "predict", "report",
        "extract", "summary", "vectors",
    ]

    @Test("help text matches the snapshot and shows an example", arguments: commands)
    func help(command: String) throws {
        let binary = try #require(executable)
        let arguments = (command.isEmpty ? [] : [command]) + ["--help"]
        var environment = ProcessInfo.processInfo.environment
        environment["COLUMNS"] = "100"
        let result = try ExecutableRunner.run(binary, arguments, environment: environment)
        #expect(result.status == 0)
        #expect(result.output.contains("Example: train-classifier"), "\(command) --help shows no example")
        let name = "help-\(command.isEmpty ? "root" : command).txt"
        let path = Fixtures.path("Snapshots/\(name)")
        if ProcessInfo.processInfo.environment["FINTEXT_RECORD_SNAPSHOTS"] == "1" {
            try FileManager.default.createDirectory(
                atPath: (path as NSString).deletingLastPathComponent, withIntermediateDirectories: true)
            try result.output.write(toFile: path, atomically: true, encoding: .utf8)
            return
        }
        let expected = try String(contentsOfFile: path, encoding: .utf8)
        #expect(result.output == expected, "\(name) differs; re-record with FINTEXT_RECORD_SNAPSHOTS=1 if intended")
    }
}
