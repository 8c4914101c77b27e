/// Keras tokenizer statistics as a plain table: each word's count and document count in order of first
/// appearance, and the number of documents — what `fit_on_texts` accumulates, without the index.
///
/// Counting is split across workers, processes or machines by counting parts of a corpus separately
/// and combining the tables with ``merged(_:)``, a pure function: merging the tables of consecutive parts
/// in corpus order gives exactly the table of the whole corpus (including the first-appearance order
/// that breaks Keras's count ties), so ``Tokenizer/init(counts:maxWords:oovToken:lowercase:filters:split:)``
/// builds the same vocabulary as fitting on all texts at once. An MPI run reduces the ranks' tables
/// the same way, in rank order.
public struct WordCounts: Sendable, Equatable, Codable {
    /// Distinct words, in order of first appearance.
    public private(set) var words: [String]
    /// Total occurrences of each word (Keras `word_counts`).
    public private(set) var counts: [Int]
    /// Documents containing each word (Keras `word_docs`).
    public private(set) var documents: [Int]
    /// Documents counted (Keras `document_count`).
    public private(set) var documentCount: Int

    /// An empty table.
    public init() {
        words = []
        counts = []
        documents = []
        documentCount = 0
    }

    /// A table from its columns.
    /// - Precondition: the three columns have equal lengths and `words` has no repeats.
    public init(words: [String], counts: [Int], documents: [Int], documentCount: Int) {
        precondition(
            words.count == counts.count && words.count == documents.count,
            "WordCounts expected equal columns. Received: \(words.count), \(counts.count), \(documents.count)")
        precondition(Set(words).count == words.count, "WordCounts expected distinct words")
        self.words = words
        self.counts = counts
        self.documents = documents
        self.documentCount = documentCount
    }

    /// The largest count a decoded table may hold (2⁴⁰, about a trillion): far above any real corpus's, and
    /// low enough that merging up to 2²³ tables cannot overflow.
    public static let maximumDecodedCount = 1 << 40

    private enum CodingKeys: String, CodingKey { case words, counts, documents, documentCount }

    /// Decodes a table (an `encode` unit's staged counts) and checks what ``merged(_:)`` and the tokenizer
    /// rely on: three columns of equal length, distinct words, and counts in
    /// `0 ... maximumDecodedCount`.
    public init(from decoder: any Decoder) throws {
        let c = try decoder.container(keyedBy: CodingKeys.self)
        let words = try c.decode([String].self, forKey: .words)
        let counts = try c.decode([Int].self, forKey: .counts)
        let documents = try c.decode([Int].self, forKey: .documents)
        let documentCount = try c.decode(Int.self, forKey: .documentCount)
        for (key, column) in [(CodingKeys.counts, counts), (.documents, documents)] where column.count != words.count {
            throw DecodingError.dataCorruptedError(
                forKey: key, in: c,
                debugDescription: "expected one value per word (\(words.count)). Received: \(column.count)")
        }
        var seen = Set<String>()
        for word in words where !seen.insert(word).inserted {
            throw DecodingError.dataCorruptedError(
                forKey: .words, in: c, debugDescription: "the word \(word.debugDescription) appears twice")
        }
        let range = 0...Self.maximumDecodedCount
        for (key, column) in [(CodingKeys.counts, counts), (.documents, documents), (.documentCount, [documentCount])] {
            if let bad = column.first(where: { !range.contains($0) }) {
                throw DecodingError.dataCorruptedError(
                    forKey: key, in: c, debugDescription: "expected counts in 0 ... 2^40. Received: \(bad)")
            }
        }
        self.init(words: words, counts: counts, documents: documents, documentCount: documentCount)
    }

    /// Number of distinct words.
    public var count: Int { words.count }

    /// The table of the concatenated corpus whose parts `tables` counted, in that order.
    /// - Complexity: O(total entries) expected.
    public static func merged(_ tables: [WordCounts]) -> WordCounts {
        var position: [String: Int] = [:]
        var result = WordCounts()
        for table in tables {
            result.documentCount += table.documentCount
            for k in 0..<table.words.count {
                if let at = position[table.words[k]] {
                    result.counts[at] += table.counts[k]
                    result.documents[at] += table.documents[k]
                } else {
                    position[table.words[k]] = result.words.count
                    result.words.append(table.words[k])
                    result.counts.append(table.counts[k])
                    result.documents.append(table.documents[k])
                }
            }
        }
        return result
    }
}

extension Tokenizer {
    /// The statistics fitted so far, as a table that ``WordCounts/merged(_:)`` can combine.
    public var fittedCounts: WordCounts {
        WordCounts(
            words: (0..<table.count).map { table.word($0) }, counts: counts, documents: documents,
            documentCount: documentCount)
    }

    /// A tokenizer fitted from counted statistics: the same as fitting on the texts that produced `counts`.
    ///
    /// Other parameters as in ``init(maxWords:oovToken:lowercase:filters:split:)``.
    /// - Complexity: O(V log V) for V words.
    public init(
        counts: WordCounts, maxWords: Int? = nil, oovToken: String? = nil, lowercase: Bool = true,
        filters: String = Tokenizer.kerasFilters, split: String = " "
    ) {
        self.init(maxWords: maxWords, oovToken: oovToken, lowercase: lowercase, filters: filters, split: split)
        for word in counts.words { _ = table.insert(word) }
        self.counts = counts.counts
        self.documents = counts.documents
        self.documentCount = counts.documentCount
        rebuildIndex()
    }
}
