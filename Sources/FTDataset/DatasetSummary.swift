public import FTMarket
public import Foundation

/// Counts of a dataset's documents and filings, for checking label balance before training.
public struct DatasetSummary: Sendable, Equatable, Codable, CustomStringConvertible {
    /// Number of documents (manifest lines).
    public var documents: Int
    /// Number of distinct filings (distinct ticker + filing date).
    public var filings: Int
    /// Documents per label.
    public var documentsPerLabel: [Int: Int]
    /// Filings per label (each filing counted once, however many sections it has).
    public var filingsPerLabel: [Int: Int]
    /// Documents per industry group.
    public var documentsPerIndustry: [String: Int]
    /// Documents per filing year.
    public var documentsPerYear: [Int: Int]
    /// The quantile edges the labels were cut with, when known.
    public var edges: GroupedQuantileEdges?
    /// Names of the labels by index ("low", "medium", "high"), used by `description` when set; not encoded.
    public var labelNames: [String]?

    /// Summarises `records`.
    /// - Complexity: O(records).
    public init(records: [DatasetManifest.Record], edges: GroupedQuantileEdges? = nil) {
        documents = records.count
        var filingLabels: [String: Int] = [:]
        documentsPerLabel = [:]
        documentsPerIndustry = [:]
        documentsPerYear = [:]
        for r in records {
            documentsPerLabel[r.label, default: 0] += 1
            documentsPerIndustry[r.industry, default: 0] += 1
            documentsPerYear[r.filingDate.year, default: 0] += 1
            filingLabels["\(r.ticker.uppercased())|\(r.filingDate)"] = r.label
        }
        filings = filingLabels.count
        filingsPerLabel = [:]
        for label in filingLabels.values { filingsPerLabel[label, default: 0] += 1 }
        self.edges = edges
    }

    enum CodingKeys: String, CodingKey {
        case documents, filings, edges
        case documentsPerLabel = "documents_per_label"
        case filingsPerLabel = "filings_per_label"
        case documentsPerIndustry = "documents_per_industry"
        case documentsPerYear = "documents_per_year"
    }

    /// Deterministic JSON (sorted keys).
    public func jsonData() throws -> Data {
        let encoder = JSONEncoder()
        encoder.outputFormatting = [.sortedKeys, .withoutEscapingSlashes, .prettyPrinted]
        return try encoder.encode(self)
    }

    /// The name of label `label` (`low (0)`) when `labelNames` has it, else the number.
    func labelName(_ label: Int) -> String {
        guard let labelNames, labelNames.indices.contains(label) else { return "\(label)" }
        return "\(labelNames[label]) (\(label))"
    }

    /// A plain-text table.
    public var description: String {
        var lines = ["\(documents) documents from \(filings) filings"]
        lines.append(
            "per label (documents / filings): "
                + documentsPerLabel.keys.sorted().map {
                    "\(labelName($0)): \(documentsPerLabel[$0] ?? 0) / \(filingsPerLabel[$0] ?? 0)"
                }.joined(separator: ", "))
        lines.append(
            "per industry: "
                + documentsPerIndustry.keys.sorted().map { "\($0): \(documentsPerIndustry[$0] ?? 0)" }
                .joined(separator: ", "))
        lines.append(
            "per year: "
                + documentsPerYear.keys.sorted().map { "\($0): \(documentsPerYear[$0] ?? 0)" }.joined(separator: ", "))
        if let edges {
            for group in edges.edgesByGroup.keys.sorted() {
                let values = edges.edgesByGroup[group]?.edges ?? []
                lines.append("edges \(group): " + values.map { String(format: "%.6f", $0) }.joined(separator: ", "))
            }
        }
        return lines.joined(separator: "\n")
    }
}
