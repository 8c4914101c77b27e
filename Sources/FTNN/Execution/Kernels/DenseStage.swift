internal import FTLinearAlgebra
import FTTensor

/// `Dense` as an `ExecutionPlan` stage: the layer's forward and backward with the same operations in the
/// same order (so bit-identical results), writing into tensors the plan reuses from step to step and
/// taking temporaries from the stage's workspace, so a steady-state step allocates nothing (decision 0080).
extension Dense {
    /// Workspace regions of the backward pass.
    private enum Slot: Int {
        /// dZ `[N, O]`: the output gradient through the activation's derivative.
        case outputGradient
        /// Xᵀ·dZ `[I, O]`, added into the weight gradient.
        case weightGradient
        /// Σₙ dZ `[O]`, in `Double` (as `Tensor.sum(alongAxis:)`), added into the bias gradient.
        case biasGradient
    }

    /// `act(x·W + b)` into `output` (`[N, O]` for `input` `[N, I]`), as `forward(_:mode:using:)` computes it.
    /// - Precondition: `input` is `[N, inputSize]`.
    func forward(_ input: Tensor, into output: inout Tensor) {
        _ = require { () throws(LayerError) in try outputShape(for: input.shape) }
        let (n, i, o) = (input.shape[0], inputSize, outputSize)
        output.reshapeForOverwrite([n, o])
        output.scalars.withUnsafeMutableBufferPointer { z in
            z.update(repeating: 0)
            input.scalars.withUnsafeBufferPointer { x in
                weight.value.scalars.withUnsafeBufferPointer { w in
                    Self.product(x, w, into: z, rows: n, inputs: i, outputs: o)
                }
            }
            guard let bias else { return }
            bias.value.scalars.withUnsafeBufferPointer { b in
                for row in 0..<n {
                    for j in 0..<o { z[row * o + j] = z[row * o + j] + b[j] }
                }
            }
        }
        activation.apply(&output.scalars, width: o)
    }

    /// `backward(_:cache:)`: adds `Xᵀ·dZ` into the weight gradient and `Σₙ dZ` into the bias gradient, and
    /// writes `dZ·Wᵀ` into `inputGradient` when it is not nil.
    /// - Parameters:
    ///   - outputGradient: dLoss/dOutput `[N, O]` (read only).
    ///   - input: The forward pass's input `[N, I]`; `output`: its output (unused for `.linear`).
    /// - Precondition: the shapes are those of the forward pass.
    mutating func backward(
        _ outputGradient: Tensor, input: Tensor, output: Tensor, workspace: Workspace, inputGradient: inout Tensor?
    ) {
        let (n, i, o) = (input.shape[0], inputSize, outputSize)
        precondition(
            outputGradient.shape == [n, o],
            "Dense.backward expected an output gradient of shape \([n, o]). Received: shape \(outputGradient.shape)")
        let dZ = workspace.buffer(Slot.outputGradient.rawValue, n * o, of: Float.self)
        let dZBuffer = UnsafeMutableBufferPointer(start: dZ, count: n * o)
        _ = outputGradient.scalars.withUnsafeBufferPointer { dZBuffer.initialize(fromContentsOf: $0) }
        activation.backward(dZBuffer, output: output.scalars, width: o)
        let product = workspace.zeros(Slot.weightGradient.rawValue, i * o)
        input.scalars.withUnsafeBufferPointer { x in
            BLAS.gemm(
                transposeA: true, m: i, n: o, k: n, a: x, lda: max(1, i), b: UnsafeBufferPointer(dZBuffer),
                ldb: max(1, o), c: UnsafeMutableBufferPointer(start: product, count: i * o), ldc: max(1, o))
        }
        weight.gradient.scalars.withUnsafeMutableBufferPointer { g in
            for k in 0..<(i * o) { g[k] = g[k] + product[k] }
        }
        if bias != nil {
            let sums = workspace.buffer(Slot.biasGradient.rawValue, o, of: Double.self)
            sums.update(repeating: 0, count: o)
            for row in 0..<n {
                for j in 0..<o { sums[j] += Double(dZ[row * o + j]) }
            }
            bias!.gradient.scalars.withUnsafeMutableBufferPointer { g in
                for j in 0..<o { g[j] = g[j] + Float(sums[j]) }
            }
        }
        guard inputGradient != nil else { return }
        inputGradient!.reshapeForOverwrite([n, i])
        inputGradient!.scalars.withUnsafeMutableBufferPointer { dX in
            dX.update(repeating: 0)
            weight.value.scalars.withUnsafeBufferPointer { w in
                BLAS.gemm(
                    transposeB: true, m: n, n: i, k: o, a: UnsafeBufferPointer(dZBuffer), lda: max(1, o), b: w,
                    ldb: max(1, o), c: dX, ldc: max(1, i))
            }
        }
    }
}
