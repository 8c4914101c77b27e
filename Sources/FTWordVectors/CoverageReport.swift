import FTIO

/// How much of a tokenizer's vocabulary (and, given word counts, of its running text) a set of word
/// vectors covers.
public struct CoverageReport: Sendable, Equatable, CustomStringConvertible {
    /// An index word without a vector.
    public struct UncoveredWord: Sendable, Equatable {
        /// The word as the tokenizer wrote it.
        public var word: String
        /// Its index (its embedding-matrix row).
        public var index: Int
        /// Its occurrence count, when word counts were given.
        public var count: Int?
    }

    /// Index words that got a row (index in `1..<rows`).
    public var vocabularySize: Int
    /// Of those, words found in the vectors (exactly or by case folding).
    public var coveredWords: Int
    /// Of `coveredWords`, those found only after lowercasing.
    public var coveredByCaseFolding: Int
    /// Token occurrences of the rowed words, when word counts were given.
    public var totalOccurrences: Int?
    /// Occurrences of covered words, when word counts were given.
    public var coveredOccurrences: Int?
    /// The most frequent uncovered words: by count when counts were given, else by index (a Keras
    /// index ranks words by frequency, so the order is the same).
    public var mostFrequentUncovered: [UncoveredWord]

    /// `coveredWords / vocabularySize` (0 for an empty vocabulary).
    public var wordCoverage: Double {
        vocabularySize == 0 ? 0 : Double(coveredWords) / Double(vocabularySize)
    }

    /// `coveredOccurrences / totalOccurrences`, when word counts were given.
    public var occurrenceCoverage: Double? {
        guard let totalOccurrences, let coveredOccurrences, totalOccurrences > 0 else { return nil }
        return Double(coveredOccurrences) / Double(totalOccurrences)
    }

    /// A few lines for logs and reports.
    public var description: String {
        var lines = [
            "words covered: \(coveredWords) of \(vocabularySize) (\(Percent.formatted(wordCoverage)))"
                + (coveredByCaseFolding > 0 ? ", \(coveredByCaseFolding) by case folding" : "")
        ]
        if let occurrenceCoverage, let coveredOccurrences, let totalOccurrences {
            lines.append(
                "occurrences covered: \(coveredOccurrences) of \(totalOccurrences) (\(Percent.formatted(occurrenceCoverage)))"
            )
        }
        if !mostFrequentUncovered.isEmpty {
            let list = mostFrequentUncovered.map { word in word.count.map { "\(word.word) (\($0))" } ?? word.word }
            lines.append("most frequent uncovered: " + list.joined(separator: ", "))
        }
        return lines.joined(separator: "\n")
    }
}
