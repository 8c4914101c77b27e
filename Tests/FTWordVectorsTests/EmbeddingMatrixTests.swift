import FTTensor
import Testing

@testable import FTWordVectors

@Suite struct EmbeddingMatrixTests {
    private func vectors() throws -> WordVectors {
        try WordVectors(
            words: ["the", "revenue", "loss", "net"], dimension: 2, scalars: [1, 2, 3, 4, 5, 6, 7, 8])
    }

    /// The study's loop: row i = vector of the word with index i, zeros for padding and missing words.
    @Test func rowsFollowTheWordIndex() throws {
        let index = ["revenue": 1, "ebitda": 2, "the": 3, "Loss": 4]
        let (matrix, coverage) = EmbeddingMatrix.build(wordIndex: index, vectors: try vectors())
        #expect(matrix.shape == [5, 2])
        #expect(matrix.scalars == [0, 0, 3, 4, 0, 0, 1, 2, 0, 0])
        #expect(coverage.vocabularySize == 4)
        #expect(coverage.coveredWords == 2)
        #expect(coverage.wordCoverage == 0.5)
        #expect(coverage.mostFrequentUncovered.map(\.word) == ["ebitda", "Loss"])
        #expect(coverage.occurrenceCoverage == nil)
    }

    @Test func maxWordsDropsIndicesAtOrAboveTheLimit() throws {
        let index = ["revenue": 1, "the": 2, "net": 3, "loss": 4]
        let (matrix, coverage) = EmbeddingMatrix.build(wordIndex: index, vectors: try vectors(), maxWords: 3)
        #expect(matrix.shape == [3, 2])
        #expect(matrix.scalars == [0, 0, 3, 4, 1, 2])
        #expect(coverage.vocabularySize == 2)
        // A limit above the vocabulary does not add rows (Keras: min(num_words, len(word_index) + 1)).
        #expect(
            EmbeddingMatrix.build(wordIndex: index, vectors: try vectors(), maxWords: 400_000).matrix.shape == [5, 2])
    }

    @Test func caseFoldingFallback() throws {
        let index = ["Loss": 1, "NET": 2, "the": 3]
        let (matrix, coverage) = EmbeddingMatrix.build(wordIndex: index, vectors: try vectors(), caseFolding: true)
        #expect(matrix.scalars == [0, 0, 5, 6, 7, 8, 1, 2])
        #expect(coverage.coveredWords == 3)
        #expect(coverage.coveredByCaseFolding == 2)
    }

    @Test func oovMeanVector() throws {
        let (matrix, _) = EmbeddingMatrix.build(wordIndex: ["x": 1, "the": 2], vectors: try vectors(), oov: .mean)
        // mean of (1,2), (3,4), (5,6), (7,8)
        #expect(matrix.scalars == [0, 0, 4, 5, 1, 2])
    }

    @Test func oovUniformIsSeededAndBounded() throws {
        let index = ["a": 1, "the": 2, "b": 3]
        let one = EmbeddingMatrix.build(wordIndex: index, vectors: try vectors(), oov: .uniform(scale: 0.05, seed: 9))
            .matrix
        let two = EmbeddingMatrix.build(wordIndex: index, vectors: try vectors(), oov: .uniform(scale: 0.05, seed: 9))
            .matrix
        let other = EmbeddingMatrix.build(
            wordIndex: index, vectors: try vectors(), oov: .uniform(scale: 0.05, seed: 10)
        ).matrix
        #expect(one == two)
        #expect(one != other)
        #expect(Array(one.scalars[0..<2]) == [0, 0])
        #expect(Array(one.scalars[4..<6]) == [1, 2])
        var generator = SeededGenerator(seed: 9)
        let expected = (0..<4).map { _ in generator.nextFloat(in: -0.05, 0.05) }
        #expect(Array(one.scalars[2..<4]) + Array(one.scalars[6..<8]) == expected)
        #expect(one.scalars.allSatisfy { abs($0) < 0.05 || $0 == 1 || $0 == 2 })
    }

    @Test func coverageWithWordCounts() throws {
        let index = ["the": 1, "ebitda": 2, "revenue": 3, "gaap": 4]
        let counts = ["the": 100, "ebitda": 7, "revenue": 20, "gaap": 9]
        let (_, coverage) = EmbeddingMatrix.build(wordIndex: index, vectors: try vectors(), wordCounts: counts)
        #expect(coverage.totalOccurrences == 136)
        #expect(coverage.coveredOccurrences == 120)
        #expect(coverage.mostFrequentUncovered.map(\.word) == ["gaap", "ebitda"])
        #expect(coverage.mostFrequentUncovered.map(\.count) == [9, 7])
        #expect(coverage.description.contains("occurrences covered: 120 of 136 (88.2%)"))
        #expect(coverage.description.contains("most frequent uncovered: gaap (9), ebitda (7)"))
    }

    /// The shipped subset covers the sample vocabulary words it was made from.
    @Test func shippedSubsetCoversCorpusWords() throws {
        let vectors = try WordVectors.load(path: repositoryData + "/glove.6B.50d.subset.txt.gz", cache: .disabled)
        let index = ["company": 1, "revenue": 2, "ebitda": 3, "notaglovewordzz": 4]
        let (matrix, coverage) = EmbeddingMatrix.build(wordIndex: index, vectors: vectors)
        #expect(coverage.coveredWords == 3)
        #expect(Array(matrix.scalars[50..<100]) == vectors.vector(for: "company"))
    }
}
