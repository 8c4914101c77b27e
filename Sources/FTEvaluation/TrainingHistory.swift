internal import FTIO
internal import Foundation

/// Per-epoch training and validation loss and accuracy, decoded from a Keras-style history.json.
///
/// Three layouts are accepted (docs/evaluation.md): Keras's `history.history` dictionary of lists
/// (`{"loss": [...], "accuracy": [...], "val_loss": [...], "val_accuracy": [...], "epoch": [...]}`), a list of
/// per-epoch objects (`[{"epoch": 0, "loss": ..., ...}, ...]`, as CSVLogger rows), or FinText's own
/// `history.json` (`{"epochs": [{"epoch": 1, "loss": ..., ...}, ...], "best_epoch": ...}`, written by FTNN's
/// `History`), so `report --history` takes a FinText model's history as readily as a Keras one. `acc`/`val_acc` are accepted
/// for accuracy; other keys are ignored; `null` (or a non-finite number such as Python's `NaN`) marks a missing
/// value.
public struct TrainingHistory: Sendable, Equatable, Decodable {
    /// One epoch's numbers; nil where the history has no value.
    public struct Epoch: Sendable, Equatable {
        /// The 1-based epoch number (Keras's 0-based `epoch` values are shifted by one, like its progress output).
        public let number: Int
        /// Training loss.
        public let loss: Double?
        /// Training accuracy.
        public let accuracy: Double?
        /// Validation loss.
        public let validationLoss: Double?
        /// Validation accuracy.
        public let validationAccuracy: Double?

        /// Creates an epoch record.
        public init(number: Int, loss: Double?, accuracy: Double?, validationLoss: Double?, validationAccuracy: Double?)
        {
            self.number = number
            self.loss = loss
            self.accuracy = accuracy
            self.validationLoss = validationLoss
            self.validationAccuracy = validationAccuracy
        }
    }

    /// The epochs in order.
    public let epochs: [Epoch]

    /// Creates a history from its epochs.
    public init(epochs: [Epoch]) { self.epochs = epochs }

    /// The best epoch: the lowest validation loss (Keras `EarlyStopping(monitor="val_loss")` with
    /// `restore_best_weights`), or the lowest training loss when there is no validation loss; the first on ties.
    public var bestEpoch: Epoch? {
        let key: (Epoch) -> Double? = epochs.contains { $0.validationLoss != nil } ? { $0.validationLoss } : { $0.loss }
        var best: Epoch? = nil
        for epoch in epochs {
            guard let value = key(epoch) else { continue }
            if let current = best, let currentValue = key(current), currentValue <= value { continue }
            best = epoch
        }
        return best
    }

    /// Reads a history.json file.
    /// - Throws: `EvaluationInputError` naming the file: unreadable, not JSON, neither layout, lists of different
    ///   lengths, no epochs.
    public static func read(path: String) throws(EvaluationInputError) -> TrainingHistory {
        let bytes: [UInt8]
        do {
            bytes = try FileData.read(path)
        } catch {
            throw EvaluationInputError(path: path, reason: error.reason)
        }
        do {
            // Strict JSON only: Foundation's JSON5 reader trapped (CodableUtilities.swift:685) under the
            // fuzzer. Python's json.dump writes bare NaN/Infinity for diverged losses; those tokens become
            // null (a missing value) before decoding.
            let history = try JSONDecoder().decode(TrainingHistory.self, from: Data(Self.nullingNonFinite(bytes)))
            guard !history.epochs.isEmpty else {
                throw EvaluationInputError(path: path, reason: "the history has no epochs")
            }
            return history
        } catch let error as EvaluationInputError {
            throw error
        } catch let DecodingError.dataCorrupted(context) {
            let detail = (context.underlyingError as NSError?)?.userInfo[NSDebugDescriptionErrorKey] as? String
            throw EvaluationInputError(
                path: path, reason: "not a training history: \(detail ?? context.debugDescription)")
        } catch {
            throw EvaluationInputError(
                path: path,
                reason:
                    "not a Keras history: expected {\"loss\": [...], \"val_loss\": [...], ...} or a list of per-epoch objects (\(error))"
            )
        }
    }

    /// The named series of a list of per-epoch objects (CSVLogger rows, or FinText's `epochs` list).
    private static func series(ofRows list: inout any UnkeyedDecodingContainer) throws -> [String: [Double?]] {
        var rows: [[String: Double?]] = []
        while !list.isAtEnd {
            let object = try list.nestedContainer(keyedBy: Key.self)
            var row: [String: Double?] = [:]
            for key in object.allKeys { row[key.stringValue] = try? object.decode(Double?.self, forKey: key) }
            rows.append(row)
        }
        var series: [String: [Double?]] = [:]
        for (name, keys) in aliases {
            guard let key = keys.first(where: { k in rows.contains { $0[k] != nil } }) else { continue }
            series[name] = rows.map { ($0[key] ?? nil) }
        }
        return series
    }

    private struct Key: CodingKey {
        let stringValue: String
        var intValue: Int? { nil }
        init(stringValue: String) { self.stringValue = stringValue }
        init?(intValue: Int) { nil }
    }

    private static let aliases: [String: [String]] = [
        "loss": ["loss"], "accuracy": ["accuracy", "acc"],
        "val_loss": ["val_loss"], "val_accuracy": ["val_accuracy", "val_acc"], "epoch": ["epoch"],
    ]

    /// Decodes either layout (see the type's documentation).
    /// - Throws: `DecodingError` when the JSON is neither layout or its lists differ in length.
    public init(from decoder: any Decoder) throws {
        var series: [String: [Double?]] = [:]
        if var list = try? decoder.unkeyedContainer() {
            series = try Self.series(ofRows: &list)
        } else {
            let object = try decoder.container(keyedBy: Key.self)
            let epochsKey = Key(stringValue: "epochs")
            if object.contains(epochsKey), var list = try? object.nestedUnkeyedContainer(forKey: epochsKey) {
                // FinText's own history.json: {"epochs": [{"epoch": 1, "loss": …}, …], "best_epoch": …}.
                series = try Self.series(ofRows: &list)
            } else {
                for (name, keys) in Self.aliases {
                    guard let key = keys.first(where: { object.contains(Key(stringValue: $0)) }) else { continue }
                    series[name] = try object.decode([Double?].self, forKey: Key(stringValue: key))
                }
            }
        }
        guard series["loss"] != nil || series["val_loss"] != nil else {
            throw DecodingError.dataCorrupted(.init(codingPath: [], debugDescription: "no `loss` or `val_loss` values"))
        }
        let count = series.values.map(\.count).max() ?? 0
        for (name, values) in series where values.count != count {
            throw DecodingError.dataCorrupted(
                .init(
                    codingPath: [],
                    debugDescription: "`\(name)` has \(values.count) values but other lists have \(count)"))
        }
        series = series.mapValues { values in values.map { value in value.flatMap { $0.isFinite ? $0 : nil } } }
        let epochNumbers = try series["epoch"]?.compactMap { $0 }.map { value throws(DecodingError) in
            // A whole number in a range any run reaches (a huge or fractional value is a damaged file).
            guard value == value.rounded(), (0...1e9).contains(value) else {
                throw DecodingError.dataCorrupted(
                    .init(
                        codingPath: [],
                        debugDescription: "`epoch` holds \(value); expected whole epoch numbers from 0 to 1,000,000,000"
                    ))
            }
            return Int(value)
        }
        let shift = epochNumbers?.first == 0 ? 1 : 0
        epochs = (0..<count).map { i in
            Epoch(
                number: epochNumbers.flatMap { i < $0.count ? $0[i] + shift : nil } ?? i + 1,
                loss: series["loss"]?[i], accuracy: series["accuracy"]?[i],
                validationLoss: series["val_loss"]?[i], validationAccuracy: series["val_accuracy"]?[i])
        }
    }
}

extension TrainingHistory {
    /// `bytes` with every bare `NaN`, `Infinity` and `-Infinity` token outside JSON strings replaced by `null`.
    /// - Complexity: O(n) in the byte count.
    static func nullingNonFinite(_ bytes: [UInt8]) -> [UInt8] {
        let tokens: [[UInt8]] = [Array("-Infinity".utf8), Array("Infinity".utf8), Array("NaN".utf8)]
        var out: [UInt8] = []
        out.reserveCapacity(bytes.count)
        var inString = false
        var escaped = false
        var i = 0
        scan: while i < bytes.count {
            let byte = bytes[i]
            if inString {
                if escaped {
                    escaped = false
                } else if byte == UInt8(ascii: "\\") {
                    escaped = true
                } else if byte == UInt8(ascii: "\"") {
                    inString = false
                }
                out.append(byte)
                i += 1
                continue
            }
            if byte == UInt8(ascii: "\"") { inString = true }
            for token in tokens where bytes[i...].starts(with: token) {
                out += Array("null".utf8)
                i += token.count
                continue scan
            }
            out.append(byte)
            i += 1
        }
        return out
    }
}
