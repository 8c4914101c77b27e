#if canImport(Glibc)
    import Glibc
#elseif canImport(Darwin)
    import Darwin
#endif

/// An activation fused into `Conv1D` or `Dense` (Keras `activation=`).
///
/// Backward passes need only the activation's *output*, which the layer caches.
public enum Activation: Sendable, Equatable, CustomStringConvertible {
    /// The identity (Keras `None` / `"linear"`).
    case linear
    /// `x` for x > 0, `α·(eˣ − 1)` otherwise (Clevert et al. 2016; Keras `"elu"`, α = 1).
    case elu(alpha: Float = 1)
    /// `max(x, 0)` (Keras `"relu"`).
    case relu
    /// Softmax over the last axis (Keras `"softmax"`).
    case softmax

    /// Keras's name.
    public var description: String {
        switch self {
        case .linear: "linear"
        case .elu(let alpha): alpha == 1 ? "elu" : "elu(alpha: \(alpha))"
        case .relu: "relu"
        case .softmax: "softmax"
        }
    }

    /// Applies the activation in place to rows of `width` scalars (`width` matters only for softmax).
    func apply(_ values: inout [Float], width: Int) {
        switch self {
        case .linear: return
        case .elu(let alpha):
            values.withUnsafeMutableBufferPointer { v in
                for i in 0..<v.count where v[i] <= 0 { v[i] = alpha * expm1f(v[i]) }
            }
        case .relu:
            values.withUnsafeMutableBufferPointer { v in
                for i in 0..<v.count where v[i] < 0 { v[i] = 0 }
            }
        case .softmax:
            values.withUnsafeMutableBufferPointer { v in Softmax.normalizeRows(v, width: width) }
        }
    }

    /// Turns dLoss/dOutput into dLoss/dPreactivation in place, given the cached outputs.
    func backward(_ gradient: inout [Float], output: [Float], width: Int) {
        gradient.withUnsafeMutableBufferPointer { backward($0, output: output, width: width) }
    }

    /// `backward(_:output:width:)` on a buffer (an `ExecutionPlan` stage's workspace).
    func backward(_ g: UnsafeMutableBufferPointer<Float>, output: [Float], width: Int) {
        switch self {
        case .linear: return
        case .elu(let alpha):
            output.withUnsafeBufferPointer { y in
                // y > 0 exactly when x > 0; for x ≤ 0, d/dx α(eˣ − 1) = αeˣ = y + α.
                for i in 0..<g.count where y[i] <= 0 { g[i] *= y[i] + alpha }
            }
        case .relu:
            output.withUnsafeBufferPointer { y in
                for i in 0..<g.count where y[i] <= 0 { g[i] = 0 }
            }
        case .softmax:
            output.withUnsafeBufferPointer { y in
                // dX = y ⊙ (dY − Σ dY⊙y), row by row.
                let rows = width == 0 ? 0 : g.count / width
                for r in 0..<rows {
                    var dot: Float = 0
                    for j in 0..<width { dot += g[r * width + j] * y[r * width + j] }
                    for j in 0..<width { g[r * width + j] = y[r * width + j] * (g[r * width + j] - dot) }
                }
            }
        }
    }
}
