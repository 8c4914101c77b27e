public import FTDataset
import FTMarket
import FTNN
import FTTensor

/// How documents are divided into training and validation, recorded in the model's `config.json` and in
/// the report.
///
/// One 10-K yields up to four section documents that share one label; a split over documents lets a
/// filing's sections sit on both sides, which flatters validation. `.groupedByFiling` (the default) and
/// `.groupedByCompany` keep them together; `.timeOrdered` trains on earlier filings and validates on
/// later ones, so no future information reaches training. `.random` is the study's own split.
public enum SplitMethod: Sendable, Equatable, Codable, CustomStringConvertible {
    /// A random fraction of documents (the study's 80/20).
    case random(validationFraction: Double)
    /// Random within each class, so class proportions match on both sides.
    case stratified(validationFraction: Double)
    /// Whole filings at random (all sections of a filing on one side).
    case groupedByFiling(validationFraction: Double)
    /// Whole companies (CIK) at random.
    case groupedByCompany(validationFraction: Double)
    /// Walk-forward: filings sorted by filing date; the latest `validationFraction` of filings validate.
    /// Filings on the same date stay together.
    case timeOrdered(validationFraction: Double)

    /// The validation fraction.
    public var validationFraction: Double {
        switch self {
        case .random(let f), .stratified(let f), .groupedByFiling(let f), .groupedByCompany(let f), .timeOrdered(let f):
            f
        }
    }

    /// The kind's name as written in files and on the command line.
    public var kind: String {
        switch self {
        case .random: "random"
        case .stratified: "stratified"
        case .groupedByFiling: "filing"
        case .groupedByCompany: "company"
        case .timeOrdered: "time"
        }
    }

    /// `filing 20%`.
    public var description: String {
        let percent =
            (validationFraction * 100).rounded() == validationFraction * 100
            ? "\(Int(validationFraction * 100))%" : "\(validationFraction * 100)%"
        let words = [
            "random": "random documents", "stratified": "stratified by class", "filing": "whole filings at random",
            "company": "whole companies at random", "time": "walk-forward by filing date",
        ]
        return "\(kind) (\(words[kind] ?? kind)), \(percent) validation"
    }

    /// A split from its kind's name and fraction.
    /// - Throws: `ClassifierError.configuration` for an unknown kind or a fraction outside (0, 1).
    public init(kind: String, validationFraction: Double) throws(ClassifierError) {
        switch kind {
        case "random": self = .random(validationFraction: validationFraction)
        case "stratified": self = .stratified(validationFraction: validationFraction)
        case "filing": self = .groupedByFiling(validationFraction: validationFraction)
        case "company": self = .groupedByCompany(validationFraction: validationFraction)
        case "time": self = .timeOrdered(validationFraction: validationFraction)
        default:
            throw .configuration("split expected one of random, stratified, filing, company, time. Received: \(kind)")
        }
        try validate()
    }

    /// Checks the fraction.
    /// - Throws: `ClassifierError.configuration` unless `0 < fraction < 1`.
    public func validate() throws(ClassifierError) {
        guard validationFraction > 0 && validationFraction < 1 else {
            throw .configuration(
                "split validation fraction expected a value in (0, 1). Received: \(validationFraction)")
        }
    }

    /// Divides `records` into training and validation indices (each sorted).
    public func indices(for records: [DatasetManifest.Record], seed: UInt64) -> (training: [Int], validation: [Int]) {
        var generator = SeededGenerator(seed: seed ^ 0x5EED_5EED)
        let fraction = validationFraction
        switch self {
        case .random:
            return DataSplit.random(validationFraction: fraction).indices(count: records.count, using: &generator)
        case .stratified:
            return DataSplit.stratified(validationFraction: fraction)
                .indices(count: records.count, labels: records.map(\.label), using: &generator)
        case .groupedByFiling:
            return DataSplit.grouped(validationFraction: fraction)
                .indices(count: records.count, groups: records.map(Self.filingKey), using: &generator)
        case .groupedByCompany:
            return DataSplit.grouped(validationFraction: fraction)
                .indices(count: records.count, groups: records.map(\.cik), using: &generator)
        case .timeOrdered:
            // Filings in date order (ties by key, so the order is total); the latest ones validate.
            var filings: [String: (date: CalendarDay, members: [Int])] = [:]
            for (i, r) in records.enumerated() {
                filings[Self.filingKey(r), default: (r.filingDate, [])].members.append(i)
            }
            let ordered = filings.sorted { ($0.value.date, $0.key) < ($1.value.date, $1.key) }
            let target = Int((fraction * Double(filings.count)).rounded())
            var cut = ordered.count - target
            // Keep filings of one date on one side.
            while cut > 0 && cut < ordered.count && ordered[cut - 1].value.date == ordered[cut].value.date { cut += 1 }
            let validation = ordered[cut...].flatMap(\.value.members).sorted()
            let chosen = Set(validation)
            return ((0..<records.count).filter { !chosen.contains($0) }, validation)
        }
    }

    /// The filing a document belongs to: CIK and filing date.
    static func filingKey(_ r: DatasetManifest.Record) -> String { "\(r.cik)|\(r.filingDate)" }

    private enum CodingKeys: String, CodingKey { case kind, validationFraction }

    /// Decodes `{"kind": "filing", "validationFraction": 0.2}`.
    public init(from decoder: any Decoder) throws {
        let c = try decoder.container(keyedBy: CodingKeys.self)
        let kind = try c.decode(String.self, forKey: .kind)
        let fraction = try c.decode(Double.self, forKey: .validationFraction)
        do {
            try self.init(kind: kind, validationFraction: fraction)
        } catch {
            throw DecodingError.dataCorruptedError(forKey: .kind, in: c, debugDescription: error.message)
        }
    }

    /// Encodes `{"kind": …, "validationFraction": …}`.
    public func encode(to encoder: any Encoder) throws {
        var c = encoder.container(keyedBy: CodingKeys.self)
        try c.encode(kind, forKey: .kind)
        try c.encode(validationFraction, forKey: .validationFraction)
    }
}
