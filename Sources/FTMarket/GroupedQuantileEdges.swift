internal import FTIO
public import Foundation

/// Quantile edges fitted separately for each group (industry), saved with a dataset so the same bins can
/// be applied to new filings and so validation labels can use edges fitted on training filings only.
///
/// JSON form (sorted keys): `{"bin_count": 3, "groups": {"3845": [e0, e1, e2, e3], …}}`. Whole-set binning
/// uses the single group `GroupedQuantileEdges.wholeSet` ("all").
public struct GroupedQuantileEdges: Sendable, Codable, Equatable {
    /// The group name used when binning over the whole set.
    public static let wholeSet = "all"

    /// Requested bins per group (a group may have fewer when duplicate edges were dropped).
    public var binCount: Int
    /// Edges by group name.
    public var edgesByGroup: [String: QuantileEdges]

    /// Wraps fitted edges.
    public init(binCount: Int, edgesByGroup: [String: QuantileEdges]) {
        self.binCount = binCount
        self.edgesByGroup = edgesByGroup
    }

    enum CodingKeys: String, CodingKey {
        case binCount = "bin_count"
        case edgesByGroup = "groups"
    }

    /// Decodes `{"bin_count": k, "groups": {name: [edges]}}` and checks the edges can label filings as
    /// `prepare` and `encode` use them: `k ≥ 2` (the bin count becomes the number of classes), and each
    /// group's edges sorted, at least 2 of them and at most `k + 1` (no group may give a label ≥ `k`).
    public init(from decoder: any Decoder) throws {
        let container = try decoder.container(keyedBy: CodingKeys.self)
        binCount = try container.decode(Int.self, forKey: .binCount)
        guard binCount >= 2 else {
            throw DecodingError.dataCorruptedError(
                forKey: .binCount, in: container, debugDescription: "expected at least 2 bins. Received: \(binCount)")
        }
        let raw = try container.decode([String: [Double]].self, forKey: .edgesByGroup)
        var groups: [String: QuantileEdges] = [:]
        for (name, edges) in raw.sorted(by: { $0.key < $1.key }) {
            guard edges.count >= 2, zip(edges, edges.dropFirst()).allSatisfy({ $0 <= $1 }) else {
                throw DecodingError.dataCorruptedError(
                    forKey: .edgesByGroup, in: container,
                    debugDescription: "group \(name): expected at least 2 sorted edges. Received: \(edges)")
            }
            // A group may have fewer bins than bin_count (duplicate edges dropped), never more.
            guard edges.count - 1 <= binCount else {
                throw DecodingError.dataCorruptedError(
                    forKey: .edgesByGroup, in: container,
                    debugDescription:
                        "group \(name): \(edges.count) edges make \(edges.count - 1) bins, more than bin_count \(binCount)"
                )
            }
            groups[name] = QuantileEdges(edges: edges)
        }
        edgesByGroup = groups
    }

    /// Encodes as `{"bin_count": k, "groups": {name: [edges]}}`.
    public func encode(to encoder: any Encoder) throws {
        var container = encoder.container(keyedBy: CodingKeys.self)
        try container.encode(binCount, forKey: .binCount)
        try container.encode(edgesByGroup.mapValues(\.edges), forKey: .edgesByGroup)
    }

    /// The bin of `value` under `group`'s edges (see `QuantileEdges.label(for:)`).
    /// - Throws: `BinningError.unknownGroup` when the edges were not fitted for `group`.
    public func label(for value: Double, group: String) throws(BinningError) -> Int {
        guard let edges = edgesByGroup[group] else { throw .unknownGroup(group) }
        return edges.label(for: value)
    }

    /// Labels of `values[i]` under the edges of `groups[i]`.
    /// - Throws: `BinningError.lengthMismatch`, `.nonFiniteValue`, `.unknownGroup`.
    public func labels(for values: [Double], groups: [String]) throws(BinningError) -> [Int] {
        guard values.count == groups.count else {
            throw .lengthMismatch(values: values.count, groups: groups.count)
        }
        var result: [Int] = []
        result.reserveCapacity(values.count)
        for (i, (value, group)) in zip(values, groups).enumerated() {
            guard value.isFinite else { throw .nonFiniteValue(index: i) }
            result.append(try label(for: value, group: group))
        }
        return result
    }

    /// Deterministic JSON (sorted keys, shortest round-trip numbers).
    public func jsonData() throws -> Data {
        let encoder = JSONEncoder()
        encoder.outputFormatting = [.sortedKeys, .withoutEscapingSlashes]
        return try encoder.encode(self)
    }

    /// Writes the JSON form to `path` atomically.
    /// - Throws: `IOError` naming the file.
    public func write(to path: String) throws {
        try AtomicFile.write(Array(try jsonData()) + [0x0A], to: path)
    }

    /// Reads edges written by `write(to:)` (gzip accepted).
    /// - Throws: `IOError` naming the file, and the field at fault when the JSON is not usable edges.
    public static func read(from path: String) throws -> GroupedQuantileEdges {
        let bytes = try FileData.read(path)
        do {
            return try JSONDecoder().decode(GroupedQuantileEdges.self, from: Data(bytes))
        } catch let DecodingError.dataCorrupted(context), let DecodingError.keyNotFound(_, context),
            let DecodingError.typeMismatch(_, context), let DecodingError.valueNotFound(_, context)
        {
            let field = context.codingPath.map(\.stringValue).joined(separator: ".")
            throw IOError(
                path: path,
                reason:
                    "not a quantile-edges file: \(field.isEmpty ? "" : "field \(field): ")\(context.debugDescription)")
        } catch {
            throw IOError(path: path, reason: "not a quantile-edges file: \(error)")
        }
    }
}
