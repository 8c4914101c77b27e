import FTNN
import FTTensor
import FTTestSupport
import Testing

@Suite("SGD")
struct SGDTests {
    @Test("Plain, momentum and Nesterov updates, hand-computed")
    func updates() {
        for (momentum, nesterov) in [(0.0, false), (0.9, false), (0.9, true)] {
            var model = TinyModel(
                weight: Parameter(Tensor(shape: [1, 1], scalars: [1])), bias: Parameter(Tensor(zeros: [1])))
            var opt = SGD(learningRate: 0.1, momentum: momentum, nesterov: nesterov)
            var w: Float = 1
            var b: Float = 0
            for g: Float in [1, 2, -1] {
                model.weight.gradient = Tensor(shape: [1, 1], scalars: [g])
                opt.update(&model)
                if momentum == 0 {
                    w -= g * 0.1
                } else {
                    b = b * Float(momentum) - g * 0.1
                    w += nesterov ? b * Float(momentum) - g * 0.1 : b
                }
                #expect(abs(model.weight.value.scalar - w) < 1e-6, "momentum \(momentum) nesterov \(nesterov)")
            }
        }
    }

    @Test("Three steps match Keras 3 SGD with Nesterov momentum")
    func golden() throws {
        let c = try Golden.layers().sgdNesterov
        // keras.optimizers.SGD(learning_rate=0.05, momentum=0.9, nesterov=True)
        var opt = SGD(learningRate: c.learningRate, momentum: 0.9, nesterov: true)
        Golden.expectSteps(&opt, c)
    }

    @Test("Bad hyperparameters are rejected")
    func errors() {
        #expect(throws: LayerError("Learning rate expected a finite value ≥ 0. Received: nan")) {
            try LearningRateSchedule.constant(.nan).validate()
        }
    }
}
