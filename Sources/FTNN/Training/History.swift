import FTIO
import Foundation

/// The per-epoch record of a training run (Keras `History`), saved as `history.json`.
///
/// File format: `{"epochs": [{"epoch": 1, "loss": …, "accuracy": …, "val_loss": …, "val_accuracy": …,
/// "learning_rate": …, "seconds": …}, …], "best_epoch": 3?, "monitor": "val_loss"?, "stopped_epoch": 5?}`,
/// keys sorted. Missing validation values are `null`.
public struct History: Sendable, Equatable, Codable {
    /// One record per finished epoch, in order.
    public var epochs: [EpochMetrics] = []
    /// The epoch whose weights were kept (early stopping's best), when known.
    public var bestEpoch: Int?
    /// The quantity `bestEpoch` refers to.
    public var monitor: MonitoredQuantity?
    /// The epoch at which early stopping ended training, when it did.
    public var stoppedEpoch: Int?

    /// An empty history.
    public init() {}

    enum CodingKeys: String, CodingKey {
        case epochs
        case bestEpoch = "best_epoch"
        case monitor
        case stoppedEpoch = "stopped_epoch"
    }

    /// The JSON bytes (sorted keys, pretty-printed, deterministic apart from the `seconds` fields).
    public func encoded() throws -> [UInt8] {
        let encoder = JSONEncoder()
        encoder.outputFormatting = [.sortedKeys, .prettyPrinted]
        return Array(try encoder.encode(self))
    }

    /// Writes `history.json` atomically.
    /// - Throws: `IOError` naming the file, or an encoding error.
    public func write(to path: String) throws {
        try AtomicFile.write(encoded(), to: path)
    }

    /// Reads a history file.
    /// - Throws: `IOError` naming the file when it cannot be read or parsed.
    public static func read(_ path: String) throws -> History {
        let bytes = try FileData.read(path)
        do {
            return try JSONDecoder().decode(History.self, from: Data(bytes))
        } catch {
            throw IOError(path: path, reason: "not a FinText history file: \(error)")
        }
    }
}
