import FTNN
import Foundation
import Testing

/// Collects what a progress reporter writes (thread-safe, as `write` must be `@Sendable`).
final class Sink: @unchecked Sendable {
    private let lock = NSLock()
    private var parts: [String] = []
    func append(_ s: String) {
        lock.lock()
        parts.append(s)
        lock.unlock()
    }
    var text: String {
        lock.lock()
        defer { lock.unlock() }
        return parts.joined()
    }
}

@Suite("History file and progress display")
struct HistoryAndProgressTests {
    let metrics = EpochMetrics(
        epoch: 2, loss: 1.0986, accuracy: 0.3333, validationLoss: 1.05, validationAccuracy: nil, learningRate: 0.00011,
        seconds: 1.5)

    @Test("history.json round-trips and uses Keras key names")
    func historyRoundTrip() throws {
        var history = History()
        history.epochs = [metrics]
        history.bestEpoch = 2
        history.monitor = .validationLoss
        let path = NSTemporaryDirectory() + "history-\(UUID().uuidString).json"
        try history.write(to: path)
        #expect(try History.read(path) == history)
        let text = try String(contentsOfFile: path, encoding: .utf8)
        #expect(text.contains("\"val_loss\""))
        #expect(text.contains("\"best_epoch\""))
        #expect(text.contains("\"val_accuracy\" : null"))
    }

    @Test("a damaged history file is an error naming the file")
    func badHistory() throws {
        let path = NSTemporaryDirectory() + "history-bad-\(UUID().uuidString).json"
        try "{\"epochs\": [{\"epoch\": \"x\"}]}".write(toFile: path, atomically: true, encoding: .utf8)
        #expect { try History.read(path) } throws: { "\($0)".contains(path) }
    }

    @Test("each style prints what it promises")
    func styles() {
        let lines = Sink()
        let json = Sink()
        let quiet = Sink()
        let bar = Sink()
        ProgressReporter(style: .lines, write: { lines.append($0) }).epochEnded(metrics, of: 24)
        #expect(lines.text.hasPrefix("Epoch 2/24 - 2s - accuracy: 0.3333 - loss: 1.0986 - val_loss: 1.0500"))
        ProgressReporter(style: .jsonLines, write: { json.append($0) }).epochEnded(metrics, of: 24)
        let object = try? JSONSerialization.jsonObject(with: Data(json.text.utf8)) as? [String: Any]
        #expect(object?["event"] as? String == "epoch")
        #expect(object?["val_loss"] as? Double == 1.05)
        ProgressReporter(style: .quiet, write: { quiet.append($0) }).epochEnded(metrics, of: 24)
        #expect(quiet.text.isEmpty)
        var reporter = ProgressReporter(style: .bar, write: { bar.append($0) })
        reporter.epochBegan(1, of: 24)
        reporter.batchEnded(3, of: 6, runningLoss: 1.1, runningAccuracy: 0.4, elapsed: 3)
        reporter.batchEnded(6, of: 6, runningLoss: 1.0, runningAccuracy: 0.5, elapsed: 6)
        #expect(bar.text.contains("Epoch 1/24\n"))
        #expect(bar.text.contains("\r3/6 ━━━━━━━━━━────────── 3s elapsed, 3s left - accuracy: 0.4000 - loss: 1.1000"))
        #expect(bar.text.contains("\r6/6 ━━━━━━━━━━━━━━━━━━━━ 6s - accuracy: 0.5000"))
    }
}
