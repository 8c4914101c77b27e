import FTNN
import FTTensor
import FTText
import FTWordVectors

/// What the network is trained on, before any weight exists: the tokenizer fitted on the training texts,
/// every document's padded token ids, and the frozen embedding matrix built from the word vectors.
///
/// It depends on the training texts and the configuration only — not on the seed — so cross-validation
/// builds it once per distinct training set and shares it between the seeds of a fold (decision 0158).
struct NetworkInputs: Sendable {
    /// Fitted on the training texts only (validation and test words never shape the vocabulary).
    let tokenizer: Tokenizer
    /// Padded/truncated token ids of every text, row-major (`texts.count × sequenceLength`); an empty text
    /// (a document not used) is a row of padding.
    let ids: [Int32]
    /// `[vocabulary + 1, dimension]`, row 0 and words without a vector zero.
    let matrix: Tensor
    /// How many of the vocabulary's words had a vector.
    let coverage: CoverageReport
    /// Tokens per row.
    let length: Int

    /// Fits the tokenizer on `texts[trainingIndices]`, turns every text into padded ids and builds the
    /// embedding matrix.
    /// - Parameter texts: Cleaned, prefixed texts (`StockPerformanceClassifier.clean`), one per document.
    /// - Complexity: O(total characters of `texts` + vocabulary × dimension).
    init(texts: [String], trainingIndices: [Int], vectors: WordVectors, configuration: ClassifierConfiguration) {
        var tokenizer = Tokenizer(maxWords: configuration.maxWords)
        tokenizer.fit(on: trainingIndices.map { texts[$0] })
        ids = padSequencesFlat(
            tokenizer.sequences(for: texts), length: configuration.sequenceLength, padding: configuration.padding,
            truncating: configuration.truncating)
        (matrix, coverage) = Self.embedding(tokenizer: tokenizer, vectors: vectors, configuration: configuration)
        self.tokenizer = tokenizer
        length = configuration.sequenceLength
    }

    /// The frozen embedding matrix of `tokenizer`'s words (`configuration.maxWords` rows at most) and how
    /// many of them had a vector; also used by streaming training, whose tokenizer comes with its dataset.
    static func embedding(tokenizer: Tokenizer, vectors: WordVectors, configuration: ClassifierConfiguration)
        -> (matrix: Tensor, coverage: CoverageReport)
    {
        var counts: [String: Int] = [:]
        for entry in tokenizer.wordCounts { counts[entry.word] = entry.count }
        return EmbeddingMatrix.build(
            wordIndex: tokenizer.wordIndex, vectors: vectors, maxWords: configuration.maxWords, wordCounts: counts)
    }

    /// The labelled sequences of every row, for `Trainer.fit` (subset them by index).
    /// - Throws: `ClassifierError.data` when a label is outside `0..<classes`.
    func sequences(labels: [Int], classes: Int) throws(ClassifierError) -> LabelledSequences {
        do {
            return try LabelledSequences(ids: ids, length: length, labels: labels, classes: classes)
        } catch {
            throw .data("\(error)")
        }
    }

    /// The id rows of `indices`, concatenated.
    func rows(_ indices: [Int]) -> [Int32] {
        var result = [Int32]()
        result.reserveCapacity(indices.count * length)
        for i in indices { result.append(contentsOf: ids[(i * length)..<((i + 1) * length)]) }
        return result
    }
}
