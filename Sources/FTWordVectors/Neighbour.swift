/// A word and its cosine similarity to a query vector.
public struct Neighbour: Sendable, Equatable {
    /// The neighbouring word.
    public var word: String
    /// Its row in the `WordVectors`.
    public var index: Int
    /// Cosine similarity in `[-1, 1]`.
    public var cosine: Float
}
