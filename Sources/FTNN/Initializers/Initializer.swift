internal import FTLinearAlgebra
public import FTTensor

/// Weight initialisers with Keras's formulas and fan rules, drawing from a `SeededGenerator`.
///
/// Fans follow Keras `compute_fans`: for a rank-2 shape `[in, out]`, `fanIn = in`, `fanOut = out`;
/// for higher ranks the leading axes form the receptive field, so a Conv1D kernel `[K, C, F]` has
/// `fanIn = K·C` and `fanOut = K·F`; rank 1 uses the single size for both; rank 0 uses 1.
/// Keras's own random streams cannot be reproduced, so these match Keras in distribution, not in values.
public enum Initializer: Sendable, Equatable {
    /// All zeros (Keras `zeros`, the default bias initialiser).
    case zeros
    /// Uniform in `±√(3 / fanIn)` (Keras `lecun_uniform`; LeCun et al., Efficient BackProp). The study's choice.
    case lecunUniform
    /// Normal truncated at ±2σ with `σ = √(1 / fanIn) / 0.87962566103423978` (Keras `lecun_normal`).
    case lecunNormal
    /// Uniform in `±√(6 / (fanIn + fanOut))` (Keras `glorot_uniform`, the default kernel initialiser).
    case glorotUniform
    /// Normal truncated at ±2σ with `σ = √(2 / fanIn) / 0.87962566103423978` (Keras 3 `he_normal`).
    case heNormal
    /// A (semi-)orthogonal matrix over `[∏ leading axes, last axis]` from the QR factorisation of a
    /// standard normal matrix, signs fixed by `diag(R)`, times `gain` (Keras `orthogonal`).
    case orthogonal(gain: Float = 1)

    /// The constant that makes a ±2σ-truncated standard normal have unit variance.
    static let truncatedNormalCorrection = 0.87962566103423978

    /// Keras's `(fanIn, fanOut)` for a shape.
    public static func fans(of shape: Shape) -> (fanIn: Int, fanOut: Int) {
        switch shape.rank {
        case 0: return (1, 1)
        case 1: return (shape[0], shape[0])
        case 2: return (shape[0], shape[1])
        default:
            let receptive = shape.dimensions.dropLast(2).reduce(1, *)
            return (shape[shape.rank - 2] * receptive, shape[shape.rank - 1] * receptive)
        }
    }

    /// A tensor of `shape` drawn from this initialiser.
    /// - Complexity: O(shape.scalarCount); `.orthogonal` adds a QR factorisation.
    public func make(shape: Shape, using rng: inout SeededGenerator) -> Tensor {
        let (fanIn, fanOut) = Self.fans(of: shape)
        let count = shape.scalarCount
        switch self {
        case .zeros:
            return Tensor(zeros: shape)
        case .lecunUniform:
            let limit = Float((3.0 / Double(max(1, fanIn))).squareRoot())
            return Tensor.uniform(shape: shape, lower: -limit, upper: limit, using: &rng)
        case .glorotUniform:
            let limit = Float((6.0 / Double(max(1, fanIn + fanOut))).squareRoot())
            return Tensor.uniform(shape: shape, lower: -limit, upper: limit, using: &rng)
        case .lecunNormal, .heNormal:
            let scale = self == .heNormal ? 2.0 : 1.0
            let sigma = (scale / Double(max(1, fanIn))).squareRoot() / Self.truncatedNormalCorrection
            var values = [Float](repeating: 0, count: count)
            for i in 0..<count { values[i] = Float(sigma * rng.nextTruncatedNormal()) }
            return Tensor(shape: shape, scalars: values)
        case .orthogonal(let gain):
            precondition(
                shape.rank >= 2, "Orthogonal initializer expected a shape of rank ≥ 2. Received: shape \(shape)")
            let rows = shape.dimensions.dropLast().reduce(1, *)
            let columns = shape[shape.rank - 1]
            let (tall, wide) = (max(rows, columns), min(rows, columns))
            var a = [Float](repeating: 0, count: tall * wide)
            for i in a.indices { a[i] = Float(rng.nextNormal()) }
            let q: [Float]
            let r: [Float]
            do {
                (q, r) = try LAPACK.qr(a, rows: tall, columns: wide)
            } catch {
                preconditionFailure("Orthogonal initializer: QR of a \(tall)×\(wide) normal matrix failed: \(error)")
            }
            var result = [Float](repeating: 0, count: count)
            for i in 0..<tall {
                for j in 0..<wide {
                    let value = q[i * wide + j] * (r[j * wide + j] < 0 ? -1 : 1) * gain
                    if rows >= columns { result[i * columns + j] = value } else { result[j * columns + i] = value }
                }
            }
            return Tensor(shape: shape, scalars: result)
        }
    }
}
