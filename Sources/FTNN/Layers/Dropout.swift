public import FTTensor

/// Inverted dropout (Keras `Dropout(rate)`; Srivastava et al. 2014).
///
/// In `.training` each scalar is kept with probability `1 − rate` and scaled by `1 / (1 − rate)`, so the
/// expected output equals the input; the keep mask is drawn from the `SeededGenerator` passed to
/// `forward` (one `nextDouble()` per scalar, row-major). In `.inference` it is the identity.
///
/// - Input and output shape: any.
public struct Dropout: ParameterlessLayer {
    /// The fraction of scalars dropped, in `[0, 1)`.
    public let rate: Double

    /// The scaled keep mask (`0` or `1/(1 − rate)` per scalar), or nil when the layer was the identity.
    public typealias Cache = [Float]?

    /// A dropout layer.
    /// - Precondition: `validate(rate:)` does not throw.
    public init(rate: Double) {
        require { () throws(LayerError) in try Self.validate(rate: rate) }
        self.rate = rate
    }

    /// Checks a rate.
    /// - Throws: `LayerError` unless `0 ≤ rate < 1`.
    public static func validate(rate: Double) throws(LayerError) {
        guard rate >= 0 && rate < 1 else { throw LayerError("Dropout expected a rate in [0, 1). Received: \(rate)") }
    }

    /// "Dropout".
    public var kindName: String { "Dropout" }

    /// The input shape.
    public func outputShape(for inputShape: Shape) throws(LayerError) -> Shape { inputShape }

    /// Drops and rescales in training; the identity otherwise (and when `rate` is 0).
    public func forward(_ input: Tensor, mode: Mode, using rng: inout SeededGenerator) -> (output: Tensor, cache: [Float]?) {
        guard mode == .training && rate > 0 else { return (input, nil) }
        let scale = Float(1 / (1 - rate))
        var mask = [Float](repeating: 0, count: input.scalarCount)
        for i in mask.indices where rng.nextDouble() >= rate { mask[i] = scale }
        var y = input.scalars
        y.withUnsafeMutableBufferPointer { yy in mask.withUnsafeBufferPointer { m in for i in 0..<yy.count { yy[i] *= m[i] } } }
        return (Tensor(shape: input.shape, scalars: y), mask)
    }

    /// `dX = dY ⊙ mask` (or `dY` when the forward pass was the identity).
    public mutating func backward(_ outputGradient: Tensor, cache: [Float]?) -> Tensor {
        guard let mask = cache else { return outputGradient }
        precondition(
            mask.count == outputGradient.scalarCount,
            "Dropout.backward expected \(mask.count) gradient scalars. Received: shape \(outputGradient.shape)")
        var g = outputGradient.scalars
        g.withUnsafeMutableBufferPointer { gg in mask.withUnsafeBufferPointer { m in for i in 0..<gg.count { gg[i] *= m[i] } } }
        return Tensor(shape: outputGradient.shape, scalars: g)
    }
}
