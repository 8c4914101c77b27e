internal import FTLinearAlgebra
public import FTTensor

// Dimension letters: N batch, L input length (Lp after padding), Lout output length,
// C input channels, K kernel size, F filters, s stride.

/// One-dimensional convolution over the time axis (Keras `Conv1D`, channels-last), with bias and an
/// optional fused activation.
///
/// `y[n, t, f] = act(bias[f] + Σₖ Σ_c x[n, t·s + k − padLeft, c] · weight[k, c, f])`
///
/// - Input shape: `[batch, length, inputChannels]`.
/// - Output shape: `[batch, outputLength, filters]` with `outputLength = ⌊(length − kernelSize) / stride⌋ + 1`
///   for `.valid` and `⌈length / stride⌉` for `.same`.
/// - Weights use the Keras layout `[kernelSize, inputChannels, filters]` and bias `[filters]`, so
///   `get_weights()` output loads as is.
/// - Complexity: `kernelSize` GEMM calls per sample, each `Lout × F × C` over a strided view of the input
///   (no im2col copy; see docs/derivations/conv1d.md): `2·N·Lout·K·C·F` flops forward, twice that backward.
public struct Conv1D: Layer {
    /// The kernel, `[kernelSize, inputChannels, filters]` (Keras `kernel`).
    public var weight: Parameter
    /// The bias, `[filters]`, or nil when `useBias` is false.
    public var bias: Parameter?
    /// Step between windows (Keras `strides`).
    public let stride: Int
    /// Padding rule.
    public let padding: Padding
    /// The fused activation.
    public let activation: Activation

    /// Number of input channels.
    public var inputChannels: Int { weight.value.shape[1] }
    /// Number of output channels (Keras `filters`).
    public var filters: Int { weight.value.shape[2] }
    /// Window width in time steps (Keras `kernel_size`).
    public var kernelSize: Int { weight.value.shape[0] }

    /// What `backward` needs: the (padded) input and, for non-linear activations, the output.
    public struct Cache: Sendable {
        /// The input after padding, `[N, Lp, C]`.
        public var paddedInput: Tensor
        /// The activation's output `[N, Lout, F]` (empty for `.linear`).
        public var output: Tensor
        /// The unpadded input length.
        public var inputLength: Int
    }

    /// A convolution with freshly initialised weights.
    ///
    /// - Parameters:
    ///   - inputChannels: Channels of the input (300 for GloVe-300 embeddings).
    ///   - filters: Output channels. Keras: `filters`.
    ///   - kernelSize: Window width. Keras: `kernel_size`.
    ///   - stride: Step between windows. Keras: `strides`. Default 1.
    ///   - padding: `.valid` (Keras default) or `.same`.
    ///   - activation: Fused activation. Default `.linear`.
    ///   - useBias: Whether to add a bias. Default true.
    ///   - kernelInitializer: Default `.glorotUniform` (Keras default).
    ///   - biasInitializer: Default `.zeros`.
    ///   - rng: Source of the initial weights.
    /// - Precondition: `validate(...)` does not throw.
    public init(
        inputChannels: Int, filters: Int, kernelSize: Int, stride: Int = 1, padding: Padding = .valid,
        activation: Activation = .linear, useBias: Bool = true, kernelInitializer: Initializer = .glorotUniform,
        biasInitializer: Initializer = .zeros, using rng: inout SeededGenerator
    ) {
        require { () throws(LayerError) in
            try Self.validate(inputChannels: inputChannels, filters: filters, kernelSize: kernelSize, stride: stride)
        }
        let kernel = kernelInitializer.make(shape: [kernelSize, inputChannels, filters], using: &rng)
        let bias = useBias ? biasInitializer.make(shape: [filters], using: &rng) : nil
        self.init(weight: kernel, bias: bias, stride: stride, padding: padding, activation: activation)
    }

    /// A convolution with given weights (Keras layout).
    /// - Precondition: `weight` is rank 3 with positive sizes; `bias` (if any) has `weight.shape[2]`
    ///   elements; `stride ≥ 1`.
    public init(
        weight: Tensor, bias: Tensor?, stride: Int = 1, padding: Padding = .valid, activation: Activation = .linear
    ) {
        precondition(
            weight.rank == 3,
            "Conv1D expected a kernel of shape [kernelSize, inputChannels, filters]. Received: shape \(weight.shape)")
        require { () throws(LayerError) in
            try Self.validate(
                inputChannels: weight.shape[1], filters: weight.shape[2], kernelSize: weight.shape[0], stride: stride)
        }
        if let bias {
            precondition(
                bias.shape == [weight.shape[2]],
                "Conv1D expected a bias of shape [\(weight.shape[2])]. Received: shape \(bias.shape)")
        }
        self.weight = Parameter(weight)
        self.bias = bias.map(Parameter.init)
        self.stride = stride
        self.padding = padding
        self.activation = activation
    }

    /// Checks a configuration.
    /// - Throws: `LayerError` when a size is below 1.
    public static func validate(inputChannels: Int, filters: Int, kernelSize: Int, stride: Int) throws(LayerError) {
        for (name, value) in [
            ("inputChannels", inputChannels), ("filters", filters), ("kernelSize", kernelSize), ("stride", stride),
        ]
        where value < 1 {
            throw LayerError("Conv1D expected \(name) ≥ 1. Received: \(value)")
        }
    }

    /// "Conv1D".
    public var kindName: String { "Conv1D" }

    /// Visits `weight` then `bias`.
    public mutating func visitParameters(_ visit: (_ name: String, _ parameter: inout Parameter) -> Void) {
        visit("weight", &weight)
        if bias != nil { visit("bias", &bias!) }
    }

    /// The output length and left/right zero padding for an input length (Keras rules).
    public func geometry(inputLength: Int) -> (outputLength: Int, padLeft: Int, padRight: Int) {
        switch padding {
        case .valid:
            let out = inputLength >= kernelSize ? (inputLength - kernelSize) / stride + 1 : 0
            return (out, 0, 0)
        case .same:
            let out = (inputLength + stride - 1) / stride
            let total = max((out - 1) * stride + kernelSize - inputLength, 0)
            return (out, total / 2, total - total / 2)
        }
    }

    /// `[N, Lout, F]` for `[N, L, C]`.
    /// - Throws: `LayerError` for a wrong rank, channel count, or an input shorter than the kernel.
    public func outputShape(for inputShape: Shape) throws(LayerError) -> Shape {
        guard inputShape.rank == 3 else {
            throw LayerError("Conv1D expected input of rank 3 [batch, length, channels]. Received: shape \(inputShape)")
        }
        guard inputShape[2] == inputChannels else {
            throw LayerError("Conv1D expected input with \(inputChannels) channels. Received: shape \(inputShape)")
        }
        let g = geometry(inputLength: inputShape[1])
        guard g.outputLength >= 1 else {
            throw LayerError(
                "Conv1D expected an input length ≥ kernelSize \(kernelSize) with valid padding. Received: shape \(inputShape)"
            )
        }
        return [inputShape[0], g.outputLength, filters]
    }

    /// Floating-point operations of one forward pass (multiply-adds count 2); backward is twice this
    /// (once without the input gradient).
    public func forwardFlops(for inputShape: Shape) -> Double {
        let out = geometry(inputLength: inputShape[1]).outputLength
        return 2 * Double(inputShape[0]) * Double(out) * Double(kernelSize * inputChannels * filters)
    }

    /// Convolves `input` (`[N, L, C]`) into `[N, Lout, F]`.
    public func forward(_ input: Tensor, mode: Mode, using rng: inout SeededGenerator) -> (output: Tensor, cache: Cache)
    {
        let outShape = require { () throws(LayerError) in try outputShape(for: input.shape) }
        let (n, length, c) = (input.shape[0], input.shape[1], inputChannels)
        let (lOut, padLeft, padRight) = geometry(inputLength: length)
        let padded = padLeft + padRight == 0 ? input : Self.pad(input, left: padLeft, right: padRight)
        let lp = length + padLeft + padRight
        let (k, f, s) = (kernelSize, filters, stride)
        var y = [Float](repeating: 0, count: n * lOut * f)  // (N, Lout, F)
        if let bias {
            bias.value.scalars.withUnsafeBufferPointer { b in
                y.withUnsafeMutableBufferPointer { yy in
                    for row in 0..<(n * lOut) { for j in 0..<f { yy[row * f + j] = b[j] } }
                }
            }
        }
        padded.scalars.withUnsafeBufferPointer { x in
            weight.value.scalars.withUnsafeBufferPointer { w in
                y.withUnsafeMutableBufferPointer { yy in
                    for sample in 0..<n {
                        let yn = UnsafeMutableBufferPointer(rebasing: yy[(sample * lOut * f)...])
                        for tap in 0..<k {
                            // X_k: Lout rows of C, rows s·C apart, starting at x[sample, tap, 0].
                            BLAS.gemm(
                                m: lOut, n: f, k: c,
                                a: UnsafeBufferPointer(rebasing: x[(sample * lp * c + tap * c)...]), lda: s * c,
                                b: UnsafeBufferPointer(rebasing: w[(tap * c * f)...]), ldb: f,
                                beta: 1, c: yn, ldc: f)
                        }
                    }
                }
            }
        }
        activation.apply(&y, width: f)
        let output = Tensor(shape: outShape, scalars: y)
        let cachedOutput = activation == .linear ? Tensor(zeros: [0]) : output
        return (output, Cache(paddedInput: padded, output: cachedOutput, inputLength: length))
    }

    /// Adds dW, db into the parameters and returns dX.
    public mutating func backward(_ outputGradient: Tensor, cache: Cache) -> Tensor {
        backward(outputGradient, cache: cache, computeInputGradient: true)
            ?? Tensor(zeros: [0])
    }

    /// Backward pass; when `computeInputGradient` is false (the input is a frozen embedding) the `dX`
    /// GEMMs are skipped and nil is returned.
    public mutating func backward(_ outputGradient: Tensor, cache: Cache, computeInputGradient: Bool) -> Tensor? {
        let x = cache.paddedInput
        let (n, lp, c) = (x.shape[0], x.shape[1], x.shape[2])
        let (lOut, padLeft, _) = geometry(inputLength: cache.inputLength)
        let (k, f, s) = (kernelSize, filters, stride)
        precondition(
            outputGradient.shape == [n, lOut, f],
            "Conv1D.backward expected an output gradient of shape \([n, lOut, f]). Received: shape \(outputGradient.shape)"
        )
        var dZ = outputGradient.scalars  // (N, Lout, F), gradient before the activation
        activation.backward(&dZ, output: cache.output.scalars, width: f)
        if bias != nil {
            dZ.withUnsafeBufferPointer { g in
                bias!.gradient.scalars.withUnsafeMutableBufferPointer { db in
                    for row in 0..<(n * lOut) { for j in 0..<f { db[j] += g[row * f + j] } }
                }
            }
        }
        var dXPadded = computeInputGradient ? [Float](repeating: 0, count: n * lp * c) : []  // (N, Lp, C)
        x.scalars.withUnsafeBufferPointer { xx in
            dZ.withUnsafeBufferPointer { g in
                weight.gradient.scalars.withUnsafeMutableBufferPointer { dW in
                    for sample in 0..<n {
                        let gn = UnsafeBufferPointer(rebasing: g[(sample * lOut * f)...])
                        for tap in 0..<k {
                            // dW_k += X_kᵀ · dY   (C × F)
                            BLAS.gemm(
                                transposeA: true, m: c, n: f, k: lOut,
                                a: UnsafeBufferPointer(rebasing: xx[(sample * lp * c + tap * c)...]), lda: s * c,
                                b: gn, ldb: f, beta: 1,
                                c: UnsafeMutableBufferPointer(rebasing: dW[(tap * c * f)...]), ldc: f)
                        }
                    }
                }
                guard computeInputGradient else { return }
                weight.value.scalars.withUnsafeBufferPointer { w in
                    dXPadded.withUnsafeMutableBufferPointer { dX in
                        for sample in 0..<n {
                            let gn = UnsafeBufferPointer(rebasing: g[(sample * lOut * f)...])
                            for tap in 0..<k {
                                // dX_k += dY · W_kᵀ   (Lout × C, rows s·C apart)
                                BLAS.gemm(
                                    transposeB: true, m: lOut, n: c, k: f,
                                    a: gn, lda: f,
                                    b: UnsafeBufferPointer(rebasing: w[(tap * c * f)...]), ldb: f, beta: 1,
                                    c: UnsafeMutableBufferPointer(rebasing: dX[(sample * lp * c + tap * c)...]),
                                    ldc: s * c)
                            }
                        }
                    }
                }
            }
        }
        guard computeInputGradient else { return nil }
        let dX = Tensor(shape: [n, lp, c], scalars: dXPadded)
        return lp == cache.inputLength ? dX : Self.crop(dX, left: padLeft, length: cache.inputLength)
    }

    /// Zero-pads the length axis of `[N, L, C]`.
    static func pad(_ x: Tensor, left: Int, right: Int) -> Tensor {
        let (n, l, c) = (x.shape[0], x.shape[1], x.shape[2])
        let lp = l + left + right
        var out = [Float](repeating: 0, count: n * lp * c)
        x.scalars.withUnsafeBufferPointer { xx in
            out.withUnsafeMutableBufferPointer { o in
                for sample in 0..<n {
                    let source = sample * l * c
                    let target = (sample * lp + left) * c
                    for i in 0..<(l * c) { o[target + i] = xx[source + i] }
                }
            }
        }
        return Tensor(shape: [n, lp, c], scalars: out)
    }

    /// Rows `left..<left+length` of the length axis of `[N, Lp, C]`.
    static func crop(_ x: Tensor, left: Int, length: Int) -> Tensor {
        let (n, lp, c) = (x.shape[0], x.shape[1], x.shape[2])
        var out = [Float](repeating: 0, count: n * length * c)
        x.scalars.withUnsafeBufferPointer { xx in
            out.withUnsafeMutableBufferPointer { o in
                for sample in 0..<n {
                    let source = (sample * lp + left) * c
                    let target = sample * length * c
                    for i in 0..<(length * c) { o[target + i] = xx[source + i] }
                }
            }
        }
        return Tensor(shape: [n, length, c], scalars: out)
    }
}
