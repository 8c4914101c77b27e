import Foundation

/// Shows training progress a person can watch, or a log a script can parse.
///
/// - `.bar`: Keras-style; a line per epoch that redraws in place (carriage return) with batches done,
///   elapsed and remaining time, and running loss and accuracy, then the epoch's final numbers.
/// - `.lines`: one plain line per finished epoch (for logs that do not understand carriage returns).
/// - `.jsonLines`: one JSON object per finished epoch (`{"event":"epoch", …}`) plus begin/end events.
/// - `.quiet`: nothing.
///
/// Output goes through `write`, standard error by default, so tests can capture it.
public struct ProgressReporter: Sendable {
    /// The display style.
    public enum Style: String, Sendable, Codable, CaseIterable {
        /// Redrawn Keras-style progress bar.
        case bar
        /// One plain line per epoch.
        case lines
        /// One JSON object per event.
        case jsonLines = "json"
        /// No output.
        case quiet
    }

    /// The display style.
    public var style: Style
    /// Where text goes (each call gets complete text, including any newline or carriage return).
    public var write: @Sendable (String) -> Void
    /// Redraws at most this often, in seconds (the final batch of an epoch is always drawn).
    public var minimumInterval: Double = 0.1

    private var lastDraw: Double = -1

    /// A reporter of `style` writing to standard error unless `write` is given.
    public init(style: Style, write: (@Sendable (String) -> Void)? = nil) {
        self.style = style
        self.write = write ?? { text in FileHandle.standardError.write(Data(text.utf8)) }
    }

    /// Call when an epoch starts.
    public mutating func epochBegan(_ epoch: Int, of total: Int) {
        lastDraw = -1
        if style == .bar { write("Epoch \(epoch)/\(total)\n") }
    }

    /// Call after each batch with the running (epoch-so-far) loss and accuracy.
    public mutating func batchEnded(
        _ batch: Int, of batches: Int, runningLoss: Double, runningAccuracy: Double, elapsed: Double
    ) {
        guard style == .bar else { return }
        if batch < batches && elapsed - lastDraw < minimumInterval { return }
        lastDraw = elapsed
        let width = 20
        let done = batches == 0 ? width : width * batch / batches
        let bar = String(repeating: "━", count: done) + String(repeating: "─", count: width - done)
        let remaining = batch == 0 ? 0 : elapsed / Double(batch) * Double(batches - batch)
        let counter =
            String(repeating: " ", count: max(0, String(batches).count - String(batch).count)) + "\(batch)/\(batches)"
        let timing =
            batch < batches
            ? "\(Self.duration(elapsed)) elapsed, \(Self.duration(remaining)) left" : Self.duration(elapsed)
        write(
            "\r\(counter) \(bar) \(timing) - accuracy: \(Self.fixed(runningAccuracy)) - loss: \(Self.fixed(runningLoss))"
        )
    }

    /// Call when an epoch has finished, validation included.
    public func epochEnded(_ metrics: EpochMetrics, of total: Int) {
        var validation = ""
        if let v = metrics.validationAccuracy { validation += " - val_accuracy: \(Self.fixed(v))" }
        if let v = metrics.validationLoss { validation += " - val_loss: \(Self.fixed(v))" }
        validation += " - learning_rate: \(Self.scientific(metrics.learningRate))"
        let training = "accuracy: \(Self.fixed(metrics.accuracy)) - loss: \(Self.fixed(metrics.loss))"
        switch style {
        case .bar: write("\(validation)\n")
        case .lines:
            write("Epoch \(metrics.epoch)/\(total) - \(Self.duration(metrics.seconds)) - \(training)\(validation)\n")
        case .jsonLines:
            var fields: [String: Any] = [
                "event": "epoch", "epoch": metrics.epoch, "epochs": total, "loss": metrics.loss,
                "accuracy": metrics.accuracy,
                "learning_rate": metrics.learningRate, "seconds": metrics.seconds,
            ]
            if let v = metrics.validationLoss { fields["val_loss"] = v }
            if let v = metrics.validationAccuracy { fields["val_accuracy"] = v }
            write(Self.json(fields) + "\n")
        case .quiet: break
        }
    }

    /// A one-off message (early stopping, restoring weights, checkpoint written).
    public func message(_ text: String) {
        switch style {
        case .bar, .lines: write(text + "\n")
        case .jsonLines: write(Self.json(["event": "message", "message": text]) + "\n")
        case .quiet: break
        }
    }

    /// A warning the user must see (a damaged checkpoint skipped, …): written in every style, `quiet`
    /// included, as `warning: text` (a `warning` event in JSON Lines).
    public func warning(_ text: String) {
        switch style {
        case .jsonLines: write(Self.json(["event": "warning", "message": text]) + "\n")
        case .bar, .lines, .quiet: write("warning: " + text + "\n")
        }
    }

    static func fixed(_ x: Double) -> String { String(format: "%.4f", x) }
    static func scientific(_ x: Double) -> String { String(format: "%.4g", x) }
    static func duration(_ seconds: Double) -> String {
        if seconds < 1 { return "\(Int((seconds * 1000).rounded()))ms" }
        if seconds < 120 { return "\(Int(seconds.rounded()))s" }
        return "\(Int(seconds) / 60)m\(String(format: "%02d", Int(seconds) % 60))s"
    }
    static func json(_ fields: [String: Any]) -> String {
        guard let data = try? JSONSerialization.data(withJSONObject: fields, options: [.sortedKeys]) else {
            return "{}"
        }
        return String(decoding: data, as: UTF8.self)
    }
}
