public import FTTensor

// Dimension letters: N batch, L input length, Lout output length, C channels, P pool size, s stride.

/// Max pooling over the time axis with valid padding (Keras `MaxPooling1D`).
///
/// `y[n, t, c] = max_{0 ≤ p < P} x[n, t·s + p, c]`; trailing positions that do not fill a window are
/// dropped (Keras floor rule). The gradient goes to the first maximum of each window (argmax routing).
///
/// - Input shape: `[batch, length, channels]`.
/// - Output shape: `[batch, ⌊(length − poolSize) / stride⌋ + 1, channels]`.
/// - Complexity: O(N · Lout · P · C).
public struct MaxPooling1D: ParameterlessLayer {
    /// Window width (Keras `pool_size`).
    public let poolSize: Int
    /// Step between windows (Keras `strides`, default `poolSize`).
    public let stride: Int

    /// What `backward` needs: the input shape and, per output element, the input position of its max.
    public struct Cache: Sendable {
        /// `[N, L, C]`.
        public var inputShape: Shape
        /// Per output element `(n, t, c)` in row-major order: the length index of the maximum.
        public var argmax: [Int32]
    }

    /// A pooling layer.
    /// - Precondition: `validate(poolSize:stride:)` does not throw.
    public init(poolSize: Int, stride: Int? = nil) {
        require { () throws(LayerError) in try Self.validate(poolSize: poolSize, stride: stride ?? poolSize) }
        self.poolSize = poolSize
        self.stride = stride ?? poolSize
    }

    /// Checks a configuration.
    /// - Throws: `LayerError` when a size is below 1.
    public static func validate(poolSize: Int, stride: Int) throws(LayerError) {
        guard poolSize >= 1 else { throw LayerError("MaxPooling1D expected poolSize ≥ 1. Received: \(poolSize)") }
        guard stride >= 1 else { throw LayerError("MaxPooling1D expected stride ≥ 1. Received: \(stride)") }
    }

    /// "MaxPooling1D".
    public var kindName: String { "MaxPooling1D" }

    /// `[N, ⌊(L − P)/s⌋ + 1, C]`.
    /// - Throws: `LayerError` for a wrong rank or a pool larger than the input.
    public func outputShape(for inputShape: Shape) throws(LayerError) -> Shape {
        guard inputShape.rank == 3 else {
            throw LayerError(
                "MaxPooling1D expected input of rank 3 [batch, length, channels]. Received: shape \(inputShape)")
        }
        guard inputShape[1] >= poolSize else {
            throw LayerError(
                "MaxPooling1D expected an input length ≥ poolSize \(poolSize). Received: shape \(inputShape)")
        }
        return [inputShape[0], (inputShape[1] - poolSize) / stride + 1, inputShape[2]]
    }

    /// Pools `input`.
    public func forward(_ input: Tensor, mode: Mode, using rng: inout SeededGenerator) -> (output: Tensor, cache: Cache)
    {
        let outShape = require { () throws(LayerError) in try outputShape(for: input.shape) }
        let (n, l, c, lOut) = (input.shape[0], input.shape[1], input.shape[2], outShape[1])
        var y = [Float](repeating: 0, count: n * lOut * c)
        var indices = [Int32](repeating: 0, count: n * lOut * c)
        input.scalars.withUnsafeBufferPointer { x in
            y.withUnsafeMutableBufferPointer { yy in
                indices.withUnsafeMutableBufferPointer { positionOut in
                    // Row by row (contiguous channels): start from the window's first row, then
                    // keep the strictly larger value, so ties go to the first maximum.
                    for sample in 0..<n {
                        for t in 0..<lOut {
                            let start = t * stride
                            let outBase = (sample * lOut + t) * c
                            let firstRow = (sample * l + start) * c
                            for ch in 0..<c {
                                yy[outBase + ch] = x[firstRow + ch]
                                positionOut[outBase + ch] = Int32(start)
                            }
                            for p in 1..<max(poolSize, 1) {
                                let row = (sample * l + start + p) * c
                                let position = Int32(start + p)
                                for ch in 0..<c where x[row + ch] > yy[outBase + ch] {
                                    yy[outBase + ch] = x[row + ch]
                                    positionOut[outBase + ch] = position
                                }
                            }
                        }
                    }
                }
            }
        }
        return (Tensor(shape: outShape, scalars: y), Cache(inputShape: input.shape, argmax: indices))
    }

    /// Scatters `outputGradient` to the argmax positions (overlapping windows accumulate).
    public mutating func backward(_ outputGradient: Tensor, cache: Cache) -> Tensor {
        let (n, l, c) = (cache.inputShape[0], cache.inputShape[1], cache.inputShape[2])
        let lOut = cache.argmax.count / max(1, n * c)
        precondition(
            outputGradient.shape == [n, lOut, c],
            "MaxPooling1D.backward expected an output gradient of shape \([n, lOut, c]). Received: shape \(outputGradient.shape)"
        )
        var dX = [Float](repeating: 0, count: n * l * c)
        outputGradient.scalars.withUnsafeBufferPointer { g in
            cache.argmax.withUnsafeBufferPointer { argmax in
                dX.withUnsafeMutableBufferPointer { dX in
                    for sample in 0..<n {
                        for t in 0..<lOut {
                            let outBase = (sample * lOut + t) * c
                            for ch in 0..<c {
                                dX[(sample * l + Int(argmax[outBase + ch])) * c + ch] += g[outBase + ch]
                            }
                        }
                    }
                }
            }
        }
        return Tensor(shape: cache.inputShape, scalars: dX)
    }
}
