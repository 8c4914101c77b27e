public import FTDataset
import FTMarket
import FTTensor

/// How cross-validation divides documents into folds (decision 0150).
///
/// - `time`: walk-forward with an expanding window. Filings are ordered by filing date and cut into
///   K + 1 consecutive blocks of about equal numbers of filings (filings of one date stay in one block);
///   fold i trains on blocks 1…i and tests on block i + 1, so no test filing is earlier than a training one.
/// - `company`: grouped K-fold over CIKs: companies shuffled by the seed and dealt round-robin into K folds.
/// - `filing`: grouped K-fold over filings (all sections of a filing together).
/// - `document`: plain K-fold over section documents — the study's random split, which leaks.
public enum FoldScheme: String, Sendable, Codable, CaseIterable, CustomStringConvertible {
    /// Walk-forward by filing date.
    case time
    /// Grouped by company (CIK).
    case company
    /// Grouped by filing.
    case filing
    /// Random section documents.
    case document

    /// `time (walk-forward, expanding window)`.
    public var description: String {
        switch self {
        case .time: "time (walk-forward by filing date, expanding window)"
        case .company: "company (grouped K-fold: no company on both sides)"
        case .filing: "filing (grouped K-fold: no filing on both sides)"
        case .document: "document (random section documents: the study's split, which leaks)"
        }
    }

    /// The split used inside a fold's training part to hold out documents for early stopping: the same
    /// kind of grouping, so the held-out part is as separate from training as the test fold is.
    public func innerSplit(validationFraction: Double) -> SplitMethod {
        switch self {
        case .time: .timeOrdered(validationFraction: validationFraction)
        case .company: .groupedByCompany(validationFraction: validationFraction)
        case .filing: .groupedByFiling(validationFraction: validationFraction)
        case .document: .random(validationFraction: validationFraction)
        }
    }

    /// The K folds of `records`, each with ascending training and test indices.
    ///
    /// - Parameters:
    ///   - count: K ≥ 2.
    ///   - seed: Shuffles the groups of the grouped schemes (ignored by `time`).
    /// - Throws: `ClassifierError.configuration` for K < 2, `.data` when there are fewer groups (or, for
    ///   `time`, distinct filing dates) than the folds need.
    /// - Complexity: O(n log n).
    public func folds(for records: [DatasetManifest.Record], count: Int, seed: UInt64) throws(ClassifierError)
        -> [CrossValidationFold]
    {
        guard count >= 2 else { throw .configuration("folds expected at least 2. Received: \(count)") }
        switch self {
        case .time:
            var filings: [String: (date: CalendarDay, members: [Int])] = [:]
            for (i, r) in records.enumerated() {
                filings[SplitMethod.filingKey(r), default: (r.filingDate, [])].members.append(i)
            }
            let ordered = filings.sorted { ($0.value.date, $0.key) < ($1.value.date, $1.key) }
            let blocks = count + 1
            var cuts: [Int] = [0]
            for b in 1..<blocks {
                var cut = max(Int((Double(b) * Double(ordered.count) / Double(blocks)).rounded()), cuts[b - 1] + 1)
                while cut < ordered.count && cut > 0 && ordered[cut - 1].value.date == ordered[cut].value.date {
                    cut += 1
                }
                guard cut < ordered.count else {
                    throw .data(
                        "time folds: \(ordered.count) filings on too few distinct dates for \(count) folds (\(blocks) blocks)"
                    )
                }
                cuts.append(cut)
            }
            cuts.append(ordered.count)
            return (1...count).map { fold in
                let training = ordered[0..<cuts[fold]].flatMap(\.value.members).sorted()
                let test = ordered[cuts[fold]..<cuts[fold + 1]].flatMap(\.value.members).sorted()
                return CrossValidationFold(number: fold, training: training, test: test)
            }
        case .company, .filing, .document:
            let scheme = self
            func key(_ r: DatasetManifest.Record) -> String {
                switch scheme {
                case .company: r.cik
                case .filing: SplitMethod.filingKey(r)
                default: r.id
                }
            }
            let groups = Array(Set(records.map(key))).sorted()
            guard groups.count >= count else {
                throw .data("\(rawValue) folds: \(groups.count) groups for \(count) folds")
            }
            var generator = SeededGenerator(seed: seed ^ 0xF01D_F01D)
            var shuffled = groups
            for i in stride(from: shuffled.count - 1, to: 0, by: -1) {
                shuffled.swapAt(i, Int(generator.next() % UInt64(i + 1)))
            }
            var foldOf: [String: Int] = [:]
            for (position, group) in shuffled.enumerated() { foldOf[group] = position % count }
            return (0..<count).map { fold in
                let test = records.indices.filter { foldOf[key(records[$0])] == fold }
                let training = records.indices.filter { foldOf[key(records[$0])] != fold }
                return CrossValidationFold(number: fold + 1, training: training, test: test)
            }
        }
    }
}

/// One fold: indices of the documents to train on and to test on.
public struct CrossValidationFold: Sendable, Equatable {
    /// 1-based fold number.
    public var number: Int
    /// Training document indices, ascending.
    public var training: [Int]
    /// Test document indices, ascending.
    public var test: [Int]

    /// Creates a fold.
    public init(number: Int, training: [Int], test: [Int]) {
        self.number = number
        self.training = training
        self.test = test
    }
}
