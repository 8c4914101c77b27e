/// Gradient clipping applied before an optimiser update (Keras `clipnorm`, `global_clipnorm`,
/// `clipvalue`; Keras allows one at a time and so does this).
public enum GradientClipping: Sendable, Equatable, Codable {
    /// No clipping.
    case none
    /// Each scalar clipped to `[−v, v]` (Keras `clipvalue`; the study used 0.5).
    case value(Float)
    /// Each parameter's gradient rescaled to L2 norm at most `c` (Keras `clipnorm`).
    case norm(Float)
    /// All gradients rescaled together so their joint L2 norm is at most `c` (Keras `global_clipnorm`).
    case globalNorm(Float)

    /// Checks the threshold.
    /// - Throws: `LayerError` unless the threshold is finite and positive.
    public func validate() throws(LayerError) {
        switch self {
        case .none: return
        case .value(let t), .norm(let t), .globalNorm(let t):
            guard t.isFinite && t > 0 else {
                throw LayerError("Gradient clipping expected a finite threshold > 0. Received: \(t)")
            }
        }
    }
}
