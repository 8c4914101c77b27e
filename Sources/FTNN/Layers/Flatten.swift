public import FTTensor

/// Flattens every axis but the batch axis (Keras `Flatten`, row-major, so `[N, L, C]` → `[N, L·C]`
/// with channels varying fastest, as Keras does for channels-last data).
public struct Flatten: ParameterlessLayer {
    /// The input shape.
    public typealias Cache = Shape

    /// A flatten layer.
    public init() {}

    /// "Flatten".
    public var kindName: String { "Flatten" }

    /// `[N, ∏ rest]`.
    /// - Throws: `LayerError` for a rank-0 input.
    public func outputShape(for inputShape: Shape) throws(LayerError) -> Shape {
        guard inputShape.rank >= 1 else {
            throw LayerError("Flatten expected input of rank ≥ 1. Received: shape \(inputShape)")
        }
        return [inputShape[0], inputShape.dropFirst().reduce(1, *)]
    }

    /// Reshapes.
    public func forward(_ input: Tensor, mode: Mode, using rng: inout SeededGenerator) -> (output: Tensor, cache: Shape)
    {
        let shape = require { () throws(LayerError) in try outputShape(for: input.shape) }
        return (input.reshaped(to: shape), input.shape)
    }

    /// Reshapes back.
    public mutating func backward(_ outputGradient: Tensor, cache: Shape) -> Tensor {
        outputGradient.reshaped(to: cache)
    }
}
