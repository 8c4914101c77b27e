/// A word placed on the plane of the first two principal components.
public struct ProjectedWord: Sendable, Equatable {
    /// The word.
    public var word: String
    /// Coordinate along the first principal component.
    public var x: Float
    /// Coordinate along the second principal component.
    public var y: Float
}
