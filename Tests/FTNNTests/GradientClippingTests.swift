import FTNN
import FTTensor
import FTTestSupport
import Testing

@Suite("GradientClipping")
struct GradientClippingTests {
    /// Runs SGD(lr 1) once and returns the applied change (−clipped gradient).
    func clipped(_ clipping: GradientClipping, weight: [Float], bias: [Float]) -> ([Float], [Float]) {
        var model = TinyModel(
            weight: Parameter(Tensor(zeros: [1, weight.count])), bias: Parameter(Tensor(zeros: [bias.count])))
        model.weight.gradient = Tensor(shape: [1, weight.count], scalars: weight)
        model.bias.gradient = Tensor(shape: [bias.count], scalars: bias)
        var sgd = SGD(learningRate: 1, clipping: clipping)
        sgd.update(&model)
        return (model.weight.value.scalars.map { -$0 }, model.bias.value.scalars.map { -$0 })
    }

    @Test("By value, by per-parameter norm, by global norm")
    func modes() {
        #expect(clipped(.value(0.5), weight: [0.2, -3], bias: [0.7]) == ([0.2, -0.5], [0.5]))
        let (w, b) = clipped(.norm(1), weight: [3, 4], bias: [0.5])  // |w| = 5 → scaled by 1/5; |b| < 1 unchanged
        #expect(abs(w[0] - 0.6) < 1e-6 && abs(w[1] - 0.8) < 1e-6 && b == [0.5])
        let (gw, gb) = clipped(.globalNorm(6.5), weight: [3, 4], bias: [12])  // global norm 13 → × 0.5
        #expect(gw == [1.5, 2] && gb == [6])
        #expect(clipped(.globalNorm(100), weight: [3, 4], bias: [12]) == ([3, 4], [12]))
    }

    @Test("Thresholds must be finite and positive")
    func errors() {
        #expect(throws: LayerError("Gradient clipping expected a finite threshold > 0. Received: -0.5")) {
            try GradientClipping.value(-0.5).validate()
        }
    }
}
