import FTNN
import FTTensor
import FTTestSupport
import Testing

/// A two-parameter model for optimiser tests.
struct TinyModel: ParameterVisitable {
    var weight: Parameter
    var bias: Parameter
    mutating func visitParameters(_ visit: (_ name: String, _ parameter: inout Parameter) -> Void) {
        visit("dense.weight", &weight)
        visit("dense.bias", &bias)
    }
}

@Suite("Adam")
struct AdamTests {
    @Test("Three steps match Keras 3 Adam (with and without clipvalue 0.5)", arguments: [false, true])
    func golden(clipped: Bool) throws {
        let fixtures = try Golden.layers()
        let c = clipped ? fixtures.adamClip : fixtures.adam
        // opt = keras.optimizers.Adam(learning_rate[, clipvalue=0.5]); opt.apply([gw, gb], [w, b]) × 3
        var adam = Adam(learningRate: c.learningRate, clipping: clipped ? .value(c.clipValue) : .none)
        Golden.expectSteps(&adam, c)
    }

    @Test("Three steps match Keras 3 Adam with global_clipnorm 1.5")
    func goldenGlobalNorm() throws {
        let c = try Golden.layers().adamGlobalNorm
        // keras.optimizers.Adam(learning_rate=0.01, global_clipnorm=1.5)
        var adam = Adam(learningRate: c.learningRate, clipping: .globalNorm(c.clipValue))
        Golden.expectSteps(&adam, c)
    }

    @Test("Step 1 moves each weight by about −lr·sign(g)")
    func firstStep() {
        var model = TinyModel(weight: Parameter(Tensor(zeros: [2, 2])), bias: Parameter(Tensor(zeros: [2])))
        model.weight.gradient = Tensor(rows: [[3, -0.2], [0.01, -50]])
        model.bias.gradient = Tensor(shape: [2], scalars: [1, -1])
        var adam = Adam(learningRate: 0.1)
        adam.update(&model)
        // α·m/(√v + ε) = lr·√(1−β₂)/(1−β₁) · (1−β₁)g / (√(1−β₂)|g| + ε) ≈ lr·sign(g)
        for (w, g) in zip(model.weight.value.scalars, model.weight.gradient.scalars) {
            #expect(abs(w + 0.1 * (g > 0 ? 1 : -1)) < 1e-4)
        }
    }

    @Test("Exported state restores the exact trajectory; wrong kinds are rejected")
    func stateRoundTrip() throws {
        var rng = SeededGenerator(seed: 1)
        var model = TinyModel(
            weight: Parameter(Tensor.normal(shape: [3, 2], using: &rng)),
            bias: Parameter(Tensor.normal(shape: [2], using: &rng)))
        var adam = Adam(learningRate: 0.01, clipping: .globalNorm(1))
        func step(_ m: inout TinyModel, _ o: inout Adam, _ k: Int) {
            m.weight.gradient = Tensor(repeating: Float(k) * 0.3 - 0.5, shape: [3, 2])
            m.bias.gradient = Tensor(repeating: Float(k) * -0.1, shape: [2])
            o.update(&m)
        }
        step(&model, &adam, 1)
        let state = adam.exportState()
        #expect(Set(state.tensors.keys) == ["m/dense.weight", "m/dense.bias", "v/dense.weight", "v/dense.bias"])
        var restored = Adam(learningRate: 0.01, clipping: .globalNorm(1))
        try restored.importState(state)
        var copy = model
        step(&model, &adam, 2)
        step(&copy, &restored, 2)
        #expect(model.weight.value == copy.weight.value)
        #expect(restored.exportState() == adam.exportState())
        var sgd = SGD()
        #expect(throws: LayerError("SGD expected optimizer state of kind SGD. Received: Adam")) {
            try sgd.importState(state)
        }
    }
}
