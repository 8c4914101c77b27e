/// TF-IDF features with the definitions of scikit-learn's `TfidfVectorizer` defaults, over words already
/// split by the caller (for FinText: the Keras word split of the cleaned text, `TFIDFVectorizer.words(in:)`).
///
/// - Vocabulary: every word of the fitting documents that occurs in at least `minimumDocumentFrequency`
///   of them, numbered in byte (code-point) order as scikit-learn's `vocabulary_`; no stop words, no n-grams.
/// - Term frequency: the raw count of the word in the document.
/// - Inverse document frequency (smoothed): `idf(t) = ln((1 + n) / (1 + df(t))) + 1`.
/// - Each row `tf · idf` is divided by its Euclidean norm (rows with no known word stay zero).
///
/// Equivalent to `TfidfVectorizer(analyzer=str.split, min_df=minimumDocumentFrequency)` on the words
/// joined by spaces. Decision: docs/decisions/0151-linear-baseline.md.
public struct TFIDFVectorizer: Sendable, Equatable, Codable {
    /// The words, in column order (sorted by UTF-8 bytes).
    public private(set) var terms: [String]
    /// The inverse document frequency of each column.
    public private(set) var idf: [Double]
    /// Minimum number of fitting documents a word must occur in (scikit-learn's integer `min_df`, 1).
    public let minimumDocumentFrequency: Int
    private var columnOfTerm: [String: Int]

    private enum CodingKeys: String, CodingKey { case terms, idf, minimumDocumentFrequency }

    /// Decodes the terms, idf and `minimumDocumentFrequency`, and rebuilds the word lookup.
    public init(from decoder: any Decoder) throws {
        let c = try decoder.container(keyedBy: CodingKeys.self)
        terms = try c.decode([String].self, forKey: .terms)
        idf = try c.decode([Double].self, forKey: .idf)
        minimumDocumentFrequency = try c.decode(Int.self, forKey: .minimumDocumentFrequency)
        guard terms.count == idf.count, Set(terms).count == terms.count else {
            throw DecodingError.dataCorruptedError(
                forKey: .idf, in: c,
                debugDescription: "expected one idf per distinct term. Received: \(terms.count) terms, \(idf.count) idf"
            )
        }
        if let bad = idf.firstIndex(where: { !($0.isFinite && $0 > 0) }) {
            throw DecodingError.dataCorruptedError(
                forKey: .idf, in: c,
                debugDescription: "expected finite positive numbers. Received: \(idf[bad]) at index \(bad)")
        }
        guard minimumDocumentFrequency >= 1 else {
            throw DecodingError.dataCorruptedError(
                forKey: .minimumDocumentFrequency, in: c,
                debugDescription: "expected at least 1. Received: \(minimumDocumentFrequency)")
        }
        columnOfTerm = Dictionary(uniqueKeysWithValues: terms.enumerated().map { ($1, $0) })
    }

    /// Encodes the terms, idf and `minimumDocumentFrequency`.
    public func encode(to encoder: any Encoder) throws {
        var c = encoder.container(keyedBy: CodingKeys.self)
        try c.encode(terms, forKey: .terms)
        try c.encode(idf, forKey: .idf)
        try c.encode(minimumDocumentFrequency, forKey: .minimumDocumentFrequency)
    }

    /// Number of features (columns).
    public var featureCount: Int { terms.count }

    /// Fits the vocabulary and idf on `documents` (each a list of words).
    /// - Precondition: at least one document, `minimumDocumentFrequency ≥ 1`.
    /// - Complexity: O(total words + V log V).
    public init(fittingOn documents: [[Substring]], minimumDocumentFrequency: Int = 1) {
        precondition(!documents.isEmpty, "TFIDFVectorizer expected at least one document. Received: none")
        precondition(
            minimumDocumentFrequency >= 1,
            "TFIDFVectorizer expected minimumDocumentFrequency ≥ 1. Received: \(minimumDocumentFrequency)")
        var frequency: [Substring: Int] = [:]
        for document in documents {
            for word in Set(document) { frequency[word, default: 0] += 1 }
        }
        let kept = frequency.filter { $0.value >= minimumDocumentFrequency }
        let sorted = kept.keys.map(String.init).sorted { $0.utf8.lexicographicallyPrecedes($1.utf8) }
        let n = Double(documents.count)
        terms = sorted
        idf = sorted.map { log((1 + n) / (1 + Double(kept[Substring($0)] ?? 0))) + 1 }
        self.minimumDocumentFrequency = minimumDocumentFrequency
        columnOfTerm = Dictionary(uniqueKeysWithValues: sorted.enumerated().map { ($1, $0) })
    }

    /// The l2-normalised TF-IDF rows of `documents`, dense row-major (`documents.count × featureCount`).
    /// Words outside the vocabulary are ignored.
    /// - Complexity: O(total words + documents.count · featureCount) (the dense output).
    public func transform(_ documents: [[Substring]]) -> [Double] {
        let d = featureCount
        var out = [Double](repeating: 0, count: documents.count * d)
        for (i, document) in documents.enumerated() {
            var counts: [Int: Int] = [:]
            for word in document {
                if let column = columnOfTerm[String(word)] { counts[column, default: 0] += 1 }
            }
            var norm = 0.0
            // Columns in order, so the norm's rounding does not depend on the dictionary's iteration order.
            for (column, count) in counts.sorted(by: { $0.key < $1.key }) {
                let value = Double(count) * idf[column]
                out[i * d + column] = value
                norm += value * value
            }
            guard norm > 0 else { continue }
            let scale = 1 / norm.squareRoot()
            for column in counts.keys { out[i * d + column] *= scale }
        }
        return out
    }

    /// How many of `words` are in the vocabulary (with repetition): the words a document contributes.
    public func knownWordCount(_ words: [Substring]) -> Int {
        words.reduce(0) { $0 + (columnOfTerm[String($1)] == nil ? 0 : 1) }
    }

    /// The words of `text` as the Keras tokenizer splits them: lower-cased, every character of
    /// `Tokenizer.kerasFilters` and the space are separators, empty strings dropped.
    public static func words(in text: String) -> [Substring] {
        let lowered = text.lowercased()
        let separators = Set(Tokenizer.kerasFilters + " ")
        return lowered.split(whereSeparator: { separators.contains($0) })
    }
}

#if canImport(Glibc)
    import Glibc
#elseif canImport(Darwin)
    import Darwin
#endif
