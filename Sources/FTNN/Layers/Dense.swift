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
    /// plan's stage both use, so they agree bit for bit. It is `BLAS.productWithoutAllocating`: BLAS for large
    /// products, and small ones (such as a classifier's last layer) summed without allocating in the order of
    /// OpenBLAS's small-matrix kernel, so a training step allocates nothing (decision 0095).
    /// - Complexity: `2·N·I·O` flops.
    static func product(
        _ x: UnsafeBufferPointer<Float>, _ w: UnsafeBufferPointer<Float>, into z: UnsafeMutableBufferPointer<Float>,
        rows n: Int, inputs i: Int, outputs o: Int
    ) {
        BLAS.productWithoutAllocating(m: n, n: o, k: i, a: x, b: w, c: z)
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
