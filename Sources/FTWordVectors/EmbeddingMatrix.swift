public import FTTensor

/// Builds the frozen embedding matrix of a tokenizer's word index, exactly as the study did:
///
/// ```python
/// num_words = min(MAX_NUM_WORDS, len(word_index) + 1)
/// embedding_matrix = np.zeros((num_words, EMBEDDING_DIM))
/// for word, i in word_index.items():
///     if i >= num_words: continue
///     vector = embeddings_index.get(word)
///     if vector is not None: embedding_matrix[i] = vector
/// ```
public enum EmbeddingMatrix {
    /// The matrix `[rows, vectors.dimension]` whose row `i` is the vector of the word with index `i`.
    ///
    /// `rows = min(maxWords, largest index + 1)` (Keras `num_words` semantics: indices `≥ maxWords` are
    /// dropped). Row 0 (padding) is zeros; a word the vectors lack gets the `oov` row. With
    /// `caseFolding`, a word not found as written is looked up lowercased.
    ///
    /// - Parameters:
    ///   - wordIndex: Keras `word_index`: word → index, indices from 1 (0 is padding).
    ///   - vectors: The word vectors.
    ///   - maxWords: Keras `num_words`; nil = no limit.
    ///   - oov: The row for words without a vector.
    ///   - caseFolding: Try `word.lowercased()` when `word` is missing.
    ///   - wordCounts: Optional occurrence counts (Keras `word_counts`) for the occurrence coverage and
    ///     the ranking of uncovered words.
    ///   - uncoveredLimit: How many uncovered words the report lists.
    /// - Returns: The matrix and its coverage report.
    /// - Precondition: every index ≥ 1, indices distinct, `maxWords` ≥ 1.
    /// - Complexity: O(rows · dimension) time and memory.
    public static func build(
        wordIndex: [String: Int], vectors: WordVectors, maxWords: Int? = nil, oov: OutOfVocabularyPolicy = .zeros,
        caseFolding: Bool = false, wordCounts: [String: Int]? = nil, uncoveredLimit: Int = 20
    ) -> (matrix: Tensor, coverage: CoverageReport) {
        precondition(
            maxWords.map { $0 >= 1 } ?? true, "EmbeddingMatrix expected maxWords ≥ 1. Received: \(maxWords ?? 0)")
        let largest = wordIndex.values.max() ?? 0
        let rows = min(maxWords ?? Int.max, largest + 1)
        let dimension = vectors.dimension
        var wordOfRow = [String?](repeating: nil, count: rows)
        for (word, index) in wordIndex {
            precondition(
                index >= 1, "EmbeddingMatrix expected word indices ≥ 1 (0 is padding). Received: \"\(word)\" → \(index)"
            )
            guard index < rows else { continue }
            precondition(
                wordOfRow[index] == nil,
                "EmbeddingMatrix expected distinct indices. Received: \"\(word)\" and \"\(wordOfRow[index] ?? "")\" → \(index)"
            )
            wordOfRow[index] = word
        }
        var scalars = [Float](repeating: 0, count: rows * dimension)
        var generator: SeededGenerator?
        var oovRow: [Float]?
        switch oov {
        case .zeros: break
        case .uniform(_, let seed): generator = SeededGenerator(seed: seed)
        case .mean: oovRow = meanVector(of: vectors)
        }
        var covered = 0
        var folded = 0
        var total = 0
        var coveredOccurrences = 0
        var uncovered = [CoverageReport.UncoveredWord]()
        vectors.withUnsafeMatrix { matrix in
            scalars.withUnsafeMutableBufferPointer { out in
                guard let outBase = out.baseAddress, let source = matrix.baseAddress else { return }
                for row in 1..<max(1, rows) {
                    guard let word = wordOfRow[row] else { continue }
                    let count = wordCounts?[word]
                    total += count ?? 0
                    var found = vectors.index(of: word)
                    if found == nil && caseFolding {
                        found = vectors.index(of: word.lowercased())
                        if found != nil { folded += 1 }
                    }
                    let target = outBase + row * dimension
                    if let found {
                        covered += 1
                        coveredOccurrences += count ?? 0
                        target.update(from: source + found * dimension, count: dimension)
                        continue
                    }
                    uncovered.append(.init(word: word, index: row, count: count))
                    switch oov {
                    case .zeros: break
                    case .uniform(let scale, _):
                        for k in 0..<dimension { target[k] = generator?.nextFloat(in: -scale, scale) ?? 0 }
                    case .mean:
                        if let oovRow { target.update(from: oovRow, count: dimension) }
                    }
                }
            }
        }
        if wordCounts != nil {
            uncovered.sort { ($0.count ?? 0, -$0.index) > ($1.count ?? 0, -$1.index) }
        }
        let report = CoverageReport(
            vocabularySize: wordOfRow.reduce(0) { $0 + ($1 == nil ? 0 : 1) }, coveredWords: covered,
            coveredByCaseFolding: folded, totalOccurrences: wordCounts == nil ? nil : total,
            coveredOccurrences: wordCounts == nil ? nil : coveredOccurrences,
            mostFrequentUncovered: Array(uncovered.prefix(uncoveredLimit)))
        return (Tensor(shape: [rows, dimension], scalars: scalars), report)
    }

    /// The mean of all rows, accumulated in `Double`.
    static func meanVector(of vectors: WordVectors) -> [Float] {
        var sums = [Double](repeating: 0, count: vectors.dimension)
        vectors.withUnsafeMatrix { matrix in
            for row in 0..<vectors.count {
                for k in 0..<vectors.dimension { sums[k] += Double(matrix[row * vectors.dimension + k]) }
            }
        }
        return sums.map { Float($0 / Double(max(1, vectors.count))) }
    }
}
