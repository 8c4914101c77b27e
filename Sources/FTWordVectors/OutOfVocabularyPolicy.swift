/// What the embedding matrix holds for a word the vectors lack (row 0, padding, is always zeros).
public enum OutOfVocabularyPolicy: Sendable, Equatable {
    /// Zeros, as the study (and the usual Keras recipe) did.
    case zeros
    /// Independent uniform draws in `[-scale, scale)` from `SeededGenerator(seed:)`, drawn row by row
    /// in ascending word-index order, so the same seed gives the same matrix.
    case uniform(scale: Float, seed: UInt64)
    /// The mean of all vectors in the table (accumulated in `Double`).
    case mean
}
