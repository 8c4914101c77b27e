import FTNN
import FTTensor
import FTTestSupport
import Testing

@Suite("Conv1D")
struct Conv1DTests {
    @Test("Hand-computed valid convolution with bias and stride")
    func handComputed() {
        // x = [1, 2, 3, 4, 5] (one channel), kernel [1, -1] → y[t] = x[t] - x[t+1] + 0.5.
        let layer = Conv1D(
            weight: Tensor(shape: [2, 1, 1], scalars: [1, -1]), bias: Tensor(shape: [1], scalars: [0.5]))
        var rng = SeededGenerator(seed: 0)
        let x = Tensor(shape: [1, 5, 1], scalars: [1, 2, 3, 4, 5])
        #expect(layer.forward(x, mode: .inference, using: &rng).output.scalars == [-0.5, -0.5, -0.5, -0.5])
        let strided = Conv1D(weight: Tensor(shape: [2, 1, 1], scalars: [1, 2]), bias: nil, stride: 2)
        // windows start at 0 and 2: 1+4, 3+8 (5 is dropped)
        #expect(strided.forward(x, mode: .inference, using: &rng).output.scalars == [5, 11])
    }

    @Test(
        "Output shapes follow Keras for valid and same padding",
        arguments: [
            (10_000, 5, 1, Padding.valid, 9996), (13, 4, 2, .same, 7), (13, 3, 3, .valid, 4), (7, 3, 1, .same, 7),
            (4, 5, 1, .same, 4),
        ])
    func shapes(length: Int, kernel: Int, stride: Int, padding: Padding, expected: Int) throws {
        var rng = SeededGenerator(seed: 1)
        let layer = Conv1D(
            inputChannels: 2, filters: 3, kernelSize: kernel, stride: stride, padding: padding, using: &rng)
        #expect(try layer.outputShape(for: [4, length, 2]) == [4, expected, 3])
    }

    @Test(
        "Finite-difference gradients (odd lengths, strides, padding, activations)",
        arguments: [
            (11, 3, 1, Padding.valid, Activation.linear), (13, 4, 2, .same, .linear), (9, 2, 3, .valid, .elu()),
            (7, 5, 1, .same, .relu), (6, 3, 2, .valid, .elu(alpha: 0.7)),
        ])
    func gradients(length: Int, kernel: Int, stride: Int, padding: Padding, activation: Activation) {
        var rng = SeededGenerator(seed: UInt64(length * 31 + kernel))
        let layer = Conv1D(
            inputChannels: 3, filters: 4, kernelSize: kernel, stride: stride, padding: padding, activation: activation,
            biasInitializer: .lecunUniform, using: &rng)
        let x = Tensor.uniform(shape: [2, length, 3], lower: -1, upper: 1, using: &rng)
        // Keep ReLU / ELU(α ≠ 1) away from their kink at 0: shift the bias until every
        // pre-activation is at least 0.05 from 0 (perturbations move it by at most ~3h).
        var shifted = layer
        if activation != .linear {
            for attempt in 0..<40 {
                shifted.bias!.value = layer.bias!.value + Float(attempt) * 0.0137
                let pre = Conv1D(
                    weight: shifted.weight.value, bias: shifted.bias?.value, stride: stride, padding: padding
                )
                .forward(x, mode: .inference, using: &rng).output
                if !pre.scalars.contains(where: { abs($0) < 0.05 }) { break }
            }
        }
        check(shifted, x)
    }

    private func check(_ layer: Conv1D, _ x: Tensor, sourceLocation: SourceLocation = #_sourceLocation) {
        let errors = GradientCheck.check(layer, input: x, step: 1e-2)
        for (name, error) in errors {
            #expect(error < 1e-2, "\(name): \(error)", sourceLocation: sourceLocation)
        }
        #expect(Set(errors.keys) == ["input", "weight", "bias"], sourceLocation: sourceLocation)
    }

    @Test("Matches Keras: forward and gradients", arguments: ["valid_elu", "same_stride2"])
    func golden(name: String) throws {
        let fixtures = try Golden.layers()
        let c = name == "valid_elu" ? fixtures.conv1dValidElu : fixtures.conv1dSameStride2
        // keras.layers.Conv1D(filters, kernel_size, strides, padding, activation); jax.grad(Σ r ⊙ layer(x))
        var layer = Conv1D(
            weight: c.kernel!.tensor, bias: c.bias!.tensor, stride: c.stride!, padding: Padding(rawValue: c.padding!)!,
            activation: c.activation == "elu" ? .elu() : .linear)
        var rng = SeededGenerator(seed: 0)
        let (y, cache) = layer.forward(c.input.tensor, mode: .training, using: &rng)
        Golden.expectClose(y, c.output.tensor, "output")
        let dX = layer.backward(c.upstream.tensor, cache: cache)
        Golden.expectClose(dX, c.inputGradient.tensor, "input gradient")
        Golden.expectClose(layer.weight.gradient, c.kernelGradient!.tensor, "kernel gradient")
        Golden.expectClose(layer.bias!.gradient, c.biasGradient!.tensor, "bias gradient")
    }

    @Test("Backward accumulates; zeroGradients resets; skipping dX leaves dW unchanged")
    func accumulation() {
        var rng = SeededGenerator(seed: 3)
        var layer = Conv1D(inputChannels: 2, filters: 3, kernelSize: 3, using: &rng)
        let x = Tensor.normal(shape: [2, 8, 2], using: &rng)
        let (y, cache) = layer.forward(x, mode: .training, using: &rng)
        let r = Tensor.normal(shape: y.shape, using: &rng)
        _ = layer.backward(r, cache: cache)
        let once = layer.weight.gradient
        _ = layer.backward(r, cache: cache)
        #expect(layer.weight.gradient.isApproximatelyEqual(to: once * 2, relativeTolerance: 1e-6))
        layer.zeroGradients()
        #expect(layer.weight.gradient == Tensor(zeros: [3, 2, 3]))
        #expect(layer.backward(r, cache: cache, computeInputGradient: false) == nil)
        #expect(layer.weight.gradient.isApproximatelyEqual(to: once, relativeTolerance: 1e-6))
    }

    @Test("Bad shapes and parameters say what was expected and received")
    func errors() {
        var rng = SeededGenerator(seed: 0)
        let layer = Conv1D(inputChannels: 300, filters: 8, kernelSize: 5, using: &rng)
        #expect(throws: LayerError("Conv1D expected input with 300 channels. Received: shape [33, 10000, 200]")) {
            try layer.outputShape(for: [33, 10000, 200])
        }
        #expect(
            throws: LayerError(
                "Conv1D expected input of rank 3 [batch, length, channels]. Received: shape [10000, 300]")
        ) {
            try layer.outputShape(for: [10000, 300])
        }
        #expect(
            throws: LayerError(
                "Conv1D expected an input length ≥ kernelSize 5 with valid padding. Received: shape [1, 4, 300]")
        ) {
            try layer.outputShape(for: [1, 4, 300])
        }
        #expect(throws: LayerError("Conv1D expected kernelSize ≥ 1. Received: 0")) {
            try Conv1D.validate(inputChannels: 3, filters: 2, kernelSize: 0, stride: 1)
        }
        #expect(throws: LayerError("Conv1D expected stride ≥ 1. Received: -2")) {
            try Conv1D.validate(inputChannels: 3, filters: 2, kernelSize: 2, stride: -2)
        }
    }
}
