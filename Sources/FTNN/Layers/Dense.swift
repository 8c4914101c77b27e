internal import FTLinearAlgebra
public import FTTensor

// Dimension letters: N batch, I input features, O output units.

/// A fully connected layer (Keras `Dense`): `y = act(x · W + b)`.
///
/// - Input shape: `[batch, inputSize]`.
/// - Output shape: `[batch, outputSize]`.
/// - Weights use the Keras layout `[inputSize, outputSize]` and bias `[outputSize]`.
/// - Complexity: one GEMM forward (`2·N·I·O` flops), two backward.
public struct Dense: Layer {
    /// The kernel, `[inputSize, outputSize]` (Keras `kernel`).
    public var weight: Parameter
    /// The bias, `[outputSize]`, or nil.
    public var bias: Parameter?
    /// The fused activation.
    public let activation: Activation

    /// Input features.
    public var inputSize: Int { weight.value.shape[0] }
    /// Output units (Keras `units`).
    public var outputSize: Int { weight.value.shape[1] }

    /// What `backward` needs: the input and, for non-linear activations, the output.
    public struct Cache: Sendable {
        /// `[N, I]`.
        public var input: Tensor
        /// `[N, O]` (empty for `.linear`).
        public var output: Tensor
    }

    /// A dense layer with freshly initialised weights.
    ///
    /// - Parameters:
    ///   - inputSize: Input features.
    ///   - outputSize: Output units. Keras: `units`.
    ///   - activation: Default `.linear`.
    ///   - useBias: Default true.
    ///   - kernelInitializer: Default `.glorotUniform` (Keras default).
    ///   - biasInitializer: Default `.zeros`.
    ///   - rng: Source of the initial weights.
    /// - Precondition: `validate(inputSize:outputSize:)` does not throw.
    public init(
        inputSize: Int, outputSize: Int, activation: Activation = .linear, useBias: Bool = true,
        kernelInitializer: Initializer = .glorotUniform, biasInitializer: Initializer = .zeros,
        using rng: inout SeededGenerator
    ) {
        require { () throws(LayerError) in try Self.validate(inputSize: inputSize, outputSize: outputSize) }
        let kernel = kernelInitializer.make(shape: [inputSize, outputSize], using: &rng)
        let bias = useBias ? biasInitializer.make(shape: [outputSize], using: &rng) : nil
        self.init(weight: kernel, bias: bias, activation: activation)
    }

    /// A dense layer with given weights (Keras layout).
    /// - Precondition: `weight` is rank 2 with positive sizes and `bias` (if any) has `weight.shape[1]` elements.
    public init(weight: Tensor, bias: Tensor?, activation: Activation = .linear) {
        precondition(
            weight.rank == 2,
            "Dense expected a kernel of shape [inputSize, outputSize]. Received: shape \(weight.shape)")
        require { () throws(LayerError) in try Self.validate(inputSize: weight.shape[0], outputSize: weight.shape[1]) }
        if let bias {
            precondition(
                bias.shape == [weight.shape[1]],
                "Dense expected a bias of shape [\(weight.shape[1])]. Received: shape \(bias.shape)")
        }
        self.weight = Parameter(weight)
        self.bias = bias.map(Parameter.init)
        self.activation = activation
    }

    /// Checks a configuration.
    /// - Throws: `LayerError` when a size is below 1.
    public static func validate(inputSize: Int, outputSize: Int) throws(LayerError) {
        guard inputSize >= 1 else { throw LayerError("Dense expected inputSize ≥ 1. Received: \(inputSize)") }
        guard outputSize >= 1 else {
            throw LayerError("Dense expected outputSize (units) ≥ 1. Received: \(outputSize)")
        }
    }

    /// "Dense".
    public var kindName: String { "Dense" }

    /// Visits `weight` then `bias`.
    public mutating func visitParameters(_ visit: (_ name: String, _ parameter: inout Parameter) -> Void) {
        visit("weight", &weight)
        if bias != nil { visit("bias", &bias!) }
    }

    /// `[N, O]` for `[N, I]`.
    /// - Throws: `LayerError` for a wrong rank or feature count.
    public func outputShape(for inputShape: Shape) throws(LayerError) -> Shape {
        guard inputShape.rank == 2 else {
            throw LayerError("Dense expected input of rank 2 [batch, features]. Received: shape \(inputShape)")
        }
        guard inputShape[1] == inputSize else {
            throw LayerError("Dense expected input with \(inputSize) features. Received: shape \(inputShape)")
        }
        return [inputShape[0], outputSize]
    }

    /// Floating-point operations of one forward pass.
    public func forwardFlops(batch: Int) -> Double { 2 * Double(batch) * Double(inputSize) * Double(outputSize) }

    /// `act(x·W + b)`.
    public func forward(_ input: Tensor, mode: Mode, using rng: inout SeededGenerator) -> (output: Tensor, cache: Cache)
    {
        _ = require { () throws(LayerError) in try outputShape(for: input.shape) }
        var z = Tensor(zeros: [input.shape[0], outputSize])  // (N, O)
        z.scalars.withUnsafeMutableBufferPointer { zs in
            input.scalars.withUnsafeBufferPointer { x in
                weight.value.scalars.withUnsafeBufferPointer { w in
                    Self.product(x, w, into: zs, rows: input.shape[0], inputs: inputSize, outputs: outputSize)
                }
            }
        }
        if let bias { z += bias.value }
        var values = z.scalars
        activation.apply(&values, width: outputSize)
        let output = Tensor(shape: z.shape, scalars: values)
        return (output, Cache(input: input, output: activation == .linear ? Tensor(zeros: [0]) : output))
    }

    /// `z = x·W` for `x` `[N, I]` and `W` `[I, O]` (`z` `[N, O]`, overwritten): the product `forward` and the
    /// plan's stage both use, so they agree bit for bit. BLAS computes it, except when it is small (at most
    /// `smallProductLimit` multiply-adds, such as a classifier's last layer): OpenBLAS's small-matrix kernel
    /// allocates a buffer on every call of many such shapes, and a training step must not allocate, so
    /// those are computed here, each output in the order that kernel uses (decision 0095): outputs in
    /// whole groups of 16 units, and all outputs when the last group has more than 8 units or there are
    /// fewer than 32 inputs, are `sequentialDot`; the others (a last group of 1–8 units) are `laneDot`, its
    /// lanes added in adjacent pairs except for the last `O mod 4` units of the last `N mod 4` rows.
    /// - Complexity: `2·N·I·O` flops.
    static func product(
        _ x: UnsafeBufferPointer<Float>, _ w: UnsafeBufferPointer<Float>, into z: UnsafeMutableBufferPointer<Float>,
        rows n: Int, inputs i: Int, outputs o: Int
    ) {
        guard n * i * o <= smallProductLimit else {
            BLAS.gemm(m: n, n: o, k: i, a: x, lda: max(1, i), b: w, ldb: max(1, o), c: z, ldc: max(1, o))
            return
        }
        precondition(x.count >= n * i && w.count >= i * o && z.count >= n * o, "Dense.product: buffers too small")
        let lanesFrom = o % 16 <= 8 && i >= 32 ? o - o % 16 : o  // the first unit summed by `laneDot`
        let (quads, fullRows) = (o - o % 4, n - n % 4)  // beyond both, the lanes are added by halves
        for row in 0..<n {
            let (a, out) = (x.baseAddress! + row * i, z.baseAddress! + row * o)
            for j in 0..<o {
                let b = w.baseAddress! + j
                out[j] =
                    j < lanesFrom
                    ? sequentialDot(a, b, count: i, stride: o)
                    : laneDot(a, b, count: i, stride: o, pairs: j < quads || row < fullRows)
            }
        }
    }

    /// The most multiply-adds `product` computes in Swift: OpenBLAS's small-matrix range (`M·N·K ≤ 100³`);
    /// the study model's first dense layer (33 × 1,408 × 100 at full size) stays in BLAS.
    static let smallProductLimit = 1_000_000

    /// `Σₖ a[k]·b[k·stride]` over `count` terms, one fused multiply-add per term in increasing `k`.
    static func sequentialDot(_ a: UnsafePointer<Float>, _ b: UnsafePointer<Float>, count: Int, stride: Int) -> Float {
        var sum: Float = 0
        for k in 0..<count { sum = sum.addingProduct(a[k], b[k * stride]) }
        return sum
    }

    /// `Σₖ a[k]·b[k·stride]` over `count` terms as sixteen partial sums, lane `l` adding the terms
    /// `k ≡ l (mod 16)` in increasing `k` with fused multiply-adds (the last group padded with zero terms),
    /// then added in adjacent pairs (`(s₀+s₁)+(s₂+s₃)`, …) down to one, or with `pairs` false by halves
    /// (`s_l + s_{l+8}`, then `+ 4`, `+ 2`, `+ 1`).
    static func laneDot(
        _ a: UnsafePointer<Float>, _ b: UnsafePointer<Float>, count: Int, stride: Int, pairs: Bool
    ) -> Float {
        var sums = SIMD16<Float>()
        var k = 0
        while k < count {
            var (x, y) = (SIMD16<Float>(), SIMD16<Float>())
            for lane in 0..<min(16, count - k) {
                x[lane] = a[k + lane]
                y[lane] = b[(k + lane) * stride]
            }
            sums.addProduct(x, y)
            k += 16
        }
        guard pairs else {
            let eight = sums.lowHalf + sums.highHalf
            let four = eight.lowHalf + eight.highHalf
            let two = four.lowHalf + four.highHalf
            return two[0] + two[1]
        }
        let eight = sums.evenHalf + sums.oddHalf
        let four = eight.evenHalf + eight.oddHalf
        let two = four.evenHalf + four.oddHalf
        return two[0] + two[1]
    }

    /// `dW += Xᵀ·dZ`, `db += Σₙ dZ`, returns `dZ·Wᵀ`.
    public mutating func backward(_ outputGradient: Tensor, cache: Cache) -> Tensor {
        let n = cache.input.shape[0]
        precondition(
            outputGradient.shape == [n, outputSize],
            "Dense.backward expected an output gradient of shape \([n, outputSize]). Received: shape \(outputGradient.shape)"
        )
        var g = outputGradient.scalars
        activation.backward(&g, output: cache.output.scalars, width: outputSize)
        let dZ = Tensor(shape: outputGradient.shape, scalars: g)  // (N, O)
        weight.gradient += Tensor.matmul(cache.input, dZ, transposeA: true)
        if bias != nil { bias!.gradient += dZ.sum(alongAxis: 0) }
        return Tensor.matmul(dZ, weight.value, transposeB: true)
    }
}
