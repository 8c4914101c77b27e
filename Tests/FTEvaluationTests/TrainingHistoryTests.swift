import FTEvaluation
import Foundation
import Testing

@Suite struct TrainingHistoryTests {
    private func decode(_ json: String) throws -> TrainingHistory {
        try JSONDecoder().decode(TrainingHistory.self, from: Data(json.utf8))
    }

    @Test func decodesKerasHistoryDictionary() throws {
        let history = try decode(
            """
            {"loss": [1.1, 1.0, 0.9], "acc": [0.3, 0.4, 0.5], "val_loss": [1.05, 0.98, 1.01],
             "val_acc": [0.33, 0.45, null], "lr": [0.001, 0.001, 0.001]}
            """)
        #expect(history.epochs.map(\.number) == [1, 2, 3])
        #expect(history.epochs[2].accuracy == 0.5 && history.epochs[2].validationAccuracy == nil)
        #expect(history.bestEpoch?.number == 2)
    }

    @Test func decodesListOfEpochsWithZeroBasedNumbers() throws {
        let history = try decode(
            """
            [{"epoch": 0, "loss": 2.0, "accuracy": 0.2}, {"epoch": 1, "loss": 1.5, "accuracy": 0.3},
             {"epoch": 2, "loss": 1.7, "accuracy": 0.25}]
            """)
        #expect(history.epochs.map(\.number) == [1, 2, 3])
        // No validation loss: the best epoch is the lowest training loss.
        #expect(history.bestEpoch?.number == 2)
        #expect(history.epochs[0].validationLoss == nil)
    }

    @Test func readsPythonNaNAsMissing() throws {
        let path = FileManager.default.temporaryDirectory.appendingPathComponent("history-\(UUID().uuidString).json")
            .path
        try Data(#"{"loss": [1.0, NaN, 0.8], "val_loss": [1.1, 0.9, Infinity]}"#.utf8).write(
            to: URL(fileURLWithPath: path))
        defer { try? FileManager.default.removeItem(atPath: path) }
        let history = try TrainingHistory.read(path: path)
        #expect(history.epochs[1].loss == nil && history.epochs[2].validationLoss == nil)
        #expect(history.bestEpoch?.number == 2)
    }

    /// Found by `FuzzTrainingHistory` (2026-12-04): an epoch number beyond `Int.max` stopped the process.
    @Test(arguments: ["1e300", "-3", "2.5", "1e10"])
    func rejectsEpochNumbersThatAreNotWholeAndInRange(epoch: String) {
        #expect(throws: DecodingError.self) { try decode(#"{"loss": [1, 2], "epoch": [0, "# + epoch + "]}") }
    }

    /// The error `TrainingHistory.read(path:)` gives for a file holding `json` (nil when it reads).
    private func readError(_ json: String) throws -> (path: String, error: EvaluationInputError?) {
        let path = FileManager.default.temporaryDirectory.appendingPathComponent("history-\(UUID().uuidString).json")
            .path
        try Data(json.utf8).write(to: URL(fileURLWithPath: path))
        defer { try? FileManager.default.removeItem(atPath: path) }
        do {
            _ = try TrainingHistory.read(path: path)
            return (path, nil)
        } catch {
            return (path, error)
        }
    }

    @Test func aHugeEpochNumberInAFileNamesTheFileAndTheField() throws {
        let (path, error) = try readError(#"{"loss": [1, 2], "epoch": [0, 1e300]}"#)
        let found = try #require(error, "expected an error")
        #expect(found.path == path && found.reason.contains("`epoch` holds 1e+300"), "\(found)")
    }

    @Test func rejectsListsOfDifferentLengths() throws {
        let (path, error) = try readError(#"{"loss": [1, 2, 3], "val_loss": [1, 2]}"#)
        let found = try #require(error, "expected an error")
        #expect(found.path == path && found.reason.contains("values"), "\(found)")
    }

    @Test func rejectsNonHistoryJSON() throws {
        let path = FileManager.default.temporaryDirectory.appendingPathComponent("history-\(UUID().uuidString).json")
            .path
        try Data(#"{"weights": [1, 2]}"#.utf8).write(to: URL(fileURLWithPath: path))
        defer { try? FileManager.default.removeItem(atPath: path) }
        do {
            _ = try TrainingHistory.read(path: path)
            Issue.record("expected an error")
        } catch {
            #expect(error.path == path && error.reason.contains("loss"), "\(error)")
        }
        #expect(throws: EvaluationInputError.self) { try TrainingHistory.read(path: path + ".missing") }
    }
}
