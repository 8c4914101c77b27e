internal import FTIO
internal import Foundation

/// Predictions of any model read from a CSV file, ready for `ClassificationMetrics`.
///
/// Format (docs/evaluation.md): a header line naming the columns `true` and `predicted` (label names, or
/// 0-based class indices), optionally `id`, and optionally one probability column `p_<label>` per label; then
/// one line per sample. Fields are comma-separated and may be double-quoted (`""` inside quotes is a quote).
/// Blank lines are ignored. Other columns are ignored.
///
/// The labels are, in order of preference: the `labels` argument; the order of the `p_<label>` columns; the
/// integers `0…max` when every value is an integer; else the distinct names sorted.
public struct PredictionsFile: Sendable, Equatable {
    /// The class names, in class-index order.
    public let labels: [String]
    /// The `id` column's values, when the file has one.
    public let ids: [String]?
    /// The true class index of each sample.
    public let trueLabels: [Int]
    /// The predicted class index of each sample.
    public let predictedLabels: [Int]
    /// The `[n][k]` probabilities, when the file has `p_<label>` columns.
    public let probabilities: [[Double]]?

    /// The largest accepted `|Σ p − 1|` for a row of probabilities.
    public static let probabilitySumTolerance = 1e-3

    /// Reads and validates a predictions CSV (gzip-compressed files are accepted).
    /// - Parameters:
    ///   - path: the CSV file.
    ///   - labels: the class names in index order (`--labels`), or nil to infer them.
    /// - Throws: `EvaluationInputError` naming the file and the 1-based line: unreadable or empty file, missing
    ///   `true`/`predicted` column, a row with the wrong number of fields, an unknown label, a probability that is
    ///   not a number in [0, 1], probabilities not summing to 1 within 1e-3, no rows, fewer than 2 labels or more
    ///   than `ClassificationMetrics.maximumClasses`.
    public static func read(path: String, labels: [String]? = nil) throws(EvaluationInputError) -> PredictionsFile {
        let text: String
        do {
            text = try FileData.readUTF8(path)
        } catch {
            throw EvaluationInputError(path: path, reason: error.reason)
        }
        return try PredictionsFile(text: text, path: path, labels: labels)
    }

    /// Parses CSV `text`; `path` is used only in error messages. See `read(path:labels:)`.
    /// - Throws: `EvaluationInputError` as `read(path:labels:)`.
    public init(text: String, path: String, labels: [String]? = nil) throws(EvaluationInputError) {
        func fail(_ line: Int?, _ reason: String) -> EvaluationInputError {
            EvaluationInputError(path: path, line: line, reason: reason)
        }
        let parsed: [CSVRecords.Record]
        do { parsed = try CSVRecords.parse(text) } catch {
            throw fail(error.line, "a quoted field is not closed")
        }
        guard let headerLine = parsed.first else {
            throw fail(1, "the file is empty; expected a header line with the columns `true` and `predicted`")
        }
        let header = headerLine.fields
        var columns: [String: Int] = [:]
        for (index, name) in header.enumerated() {
            if name.isEmpty { throw fail(headerLine.line, "column \(index + 1) of the header has no name") }
            if columns[name] != nil {
                throw fail(headerLine.line, "the column \(InputExcerpt.quoted(name)) appears twice in the header")
            }
            columns[name] = index
        }
        guard let trueColumn = columns["true"] else {
            throw fail(
                headerLine.line,
                "missing column `true` in the header (found: \(InputExcerpt.quoted(header.joined(separator: ","))))")
        }
        guard let predictedColumn = columns["predicted"] else {
            throw fail(
                headerLine.line,
                "missing column `predicted` in the header (found: \(InputExcerpt.quoted(header.joined(separator: ","))))"
            )
        }
        let idColumn = columns["id"]
        let probabilityNames = header.filter { $0.hasPrefix("p_") }.map { String($0.dropFirst(2)) }
        let rows = parsed.dropFirst()
        guard !rows.isEmpty else { throw fail(headerLine.line + 1, "no prediction rows after the header") }

        var records: [(line: Int, fields: [String])] = []
        records.reserveCapacity(rows.count)
        for row in rows {
            guard row.fields.count == header.count else {
                throw fail(row.line, "expected \(header.count) fields as in the header, found \(row.fields.count)")
            }
            records.append((row.line, row.fields))
        }

        // The labels.
        var resolved: [String]
        if let labels {
            resolved = labels
            if Set(labels).count != labels.count { throw fail(nil, "the labels \(labels) repeat a name") }
        } else if !probabilityNames.isEmpty {
            resolved = probabilityNames
        } else {
            let values = records.flatMap { [$0.fields[trueColumn], $0.fields[predictedColumn]] }
            let integers = values.compactMap { Int($0) }
            if integers.count == values.count, integers.allSatisfy({ $0 >= 0 }), let top = integers.max() {
                guard top < ClassificationMetrics.maximumClasses else {
                    throw fail(nil, Self.tooManyClasses("class index \(top)"))
                }
                resolved = (0...max(top, 1)).map(String.init)
            } else {
                resolved = Array(Set(values.filter { !$0.isEmpty })).sorted()
            }
        }
        guard resolved.count <= ClassificationMetrics.maximumClasses else {
            throw fail(nil, Self.tooManyClasses("\(resolved.count) distinct labels"))
        }
        guard resolved.count >= 2 else {
            throw fail(
                nil, "found only the label(s) \(resolved); at least 2 are needed (pass --labels to name them all)")
        }
        let index = Dictionary(uniqueKeysWithValues: resolved.enumerated().map { ($1, $0) })
        func classIndex(_ value: String, column: String, line: Int) throws(EvaluationInputError) -> Int {
            if let i = index[value] { return i }
            if let i = Int(value), i >= 0, i < resolved.count { return i }
            throw fail(
                line,
                "unknown label \(InputExcerpt.quoted(value)) in column `\(column)` (labels: \(InputExcerpt.quoted(resolved.joined(separator: ","))))"
            )
        }
        var probabilityColumns: [Int]? = nil
        if !probabilityNames.isEmpty {
            var found: [Int] = []
            for label in resolved {
                guard let column = columns["p_" + label] else {
                    throw fail(
                        headerLine.line,
                        "missing probability column `p_\(label)` (the file has p_ columns, so every label needs one)")
                }
                found.append(column)
            }
            if let stray = probabilityNames.first(where: { index[$0] == nil }) {
                throw fail(
                    headerLine.line,
                    "the column \(InputExcerpt.quoted("p_" + stray)) names no label (labels: \(InputExcerpt.quoted(resolved.joined(separator: ","))))"
                )
            }
            probabilityColumns = found
        }

        var truth: [Int] = []
        var predicted: [Int] = []
        var ids: [String] = []
        var probabilities: [[Double]] = []
        for record in records {
            truth.append(try classIndex(record.fields[trueColumn], column: "true", line: record.line))
            predicted.append(try classIndex(record.fields[predictedColumn], column: "predicted", line: record.line))
            if let idColumn { ids.append(record.fields[idColumn]) }
            if let probabilityColumns {
                var row: [Double] = []
                for (label, column) in zip(resolved, probabilityColumns) {
                    let field = record.fields[column]
                    guard let p = Double(field), p.isFinite else {
                        throw fail(record.line, "column `p_\(label)`: \(InputExcerpt.quoted(field)) is not a number")
                    }
                    guard p >= 0 && p <= 1 else {
                        throw fail(
                            record.line,
                            "column `p_\(label)`: \(InputExcerpt.quoted(field)) is not a probability in [0, 1]")
                    }
                    row.append(p)
                }
                let sum = row.reduce(0, +)
                guard abs(sum - 1) <= PredictionsFile.probabilitySumTolerance else {
                    throw fail(
                        record.line,
                        "the probabilities sum to \(String(format: "%.6g", sum)), not 1 (tolerance \(PredictionsFile.probabilitySumTolerance))"
                    )
                }
                probabilities.append(row)
            }
        }
        self.labels = resolved
        self.ids = idColumn == nil ? nil : ids
        trueLabels = truth
        predictedLabels = predicted
        self.probabilities = probabilityColumns == nil ? nil : probabilities
    }

    private static func tooManyClasses(_ found: String) -> String {
        "found \(found); a report covers at most \(ClassificationMetrics.maximumClasses) classes (decision 0112)"
    }

    /// The metrics of these predictions.
    public func metrics() -> ClassificationMetrics {
        ClassificationMetrics(
            trueLabels: trueLabels, predictedLabels: predictedLabels,
            probabilities: probabilities, labelNames: labels)
    }
}
