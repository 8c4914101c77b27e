import FTNN
import FTTensor
import FTTestSupport
import Foundation
import Testing

// Decoding of the Keras fixtures written by Fixtures/generate_layers.py, and the golden tolerance.

/// `{"shape": [...], "values": [...]}`.
struct FixtureTensor: Decodable {
    var shape: [Int]
    var values: [Float]
    var tensor: Tensor { Tensor(shape: Shape(shape), scalars: values) }
}

/// One layer case: input, output, upstream r, and gradients of Σ r ⊙ f(x).
struct LayerCase: Decodable {
    var input: FixtureTensor
    var output: FixtureTensor
    var upstream: FixtureTensor
    var inputGradient: FixtureTensor
    var kernel: FixtureTensor?
    var kernelGradient: FixtureTensor?
    var bias: FixtureTensor?
    var biasGradient: FixtureTensor?
    var stride: Int?
    var padding: String?
    var activation: String?
    var poolSize: Int?
}

struct LossCase: Decodable {
    var logits: FixtureTensor
    var targets: FixtureTensor
    var classWeights: FixtureTensor
    var loss: Double
    var logitsGradient: FixtureTensor
    var weightedLoss: Double
    var weightedLogitsGradient: FixtureTensor
}

struct AdamCase: Decodable {
    struct Step: Decodable {
        var weightGradient: FixtureTensor
        var biasGradient: FixtureTensor
        var weight: FixtureTensor
        var bias: FixtureTensor
    }
    var weight: FixtureTensor
    var bias: FixtureTensor
    var learningRate: Float
    var clipValue: Float
    var steps: [Step]
}

struct LayerFixtures: Decodable {
    var conv1dValidElu: LayerCase
    var conv1dSameStride2: LayerCase
    var maxpool3: LayerCase
    var maxpool3Stride2: LayerCase
    var elu: LayerCase
    var denseElu: LayerCase
    var denseLinear: LayerCase
    var softmaxCrossEntropy: LossCase
    var adam: AdamCase
    var adamClip: AdamCase
    var rmsprop: AdamCase
    var sgdNesterov: AdamCase
    var adamGlobalNorm: AdamCase
}

struct StudyModelFixture: Decodable {
    var vocabularySize: Int
    var embeddingDimension: Int
    var sequenceLength: Int
    var filters: Int
    var poolSizes: [Int]
    var embedding: FixtureTensor
    var tokens: [Int32]
    var batch: Int
    var targets: FixtureTensor
    var logits: FixtureTensor
    var loss: Double
    var parameters: [String: FixtureTensor]
    var gradients: [String: FixtureTensor]
    var lossFloat64: Double
    var logitsFloat64: FixtureTensor
    var gradientsFloat64: [String: FixtureTensor]
}

enum Golden {
    /// Applies the fixture's gradients step by step and compares each step's weights with Keras's
    /// (as the change from the initial weights, so rounding of large weights does not hide the step).
    static func expectSteps<O: Optimizer>(
        _ optimizer: inout O, _ c: AdamCase, relative: Double = 1e-5, sourceLocation: SourceLocation = #_sourceLocation
    ) {
        var model = TinyModel(weight: Parameter(c.weight.tensor), bias: Parameter(c.bias.tensor))
        for (i, step) in c.steps.enumerated() {
            model.weight.gradient = step.weightGradient.tensor
            model.bias.gradient = step.biasGradient.tensor
            optimizer.update(&model)
            expectClose(
                model.weight.value - c.weight.tensor, step.weight.tensor - c.weight.tensor, relative: relative,
                "weight step \(i + 1)", sourceLocation: sourceLocation)
            expectClose(
                model.bias.value - c.bias.tensor, step.bias.tensor - c.bias.tensor, relative: relative,
                "bias step \(i + 1)", sourceLocation: sourceLocation)
        }
        #expect(optimizer.iterations == c.steps.count, sourceLocation: sourceLocation)
    }

    static func load<T: Decodable>(_ type: T.Type, _ name: String, filePath: StaticString = #filePath) throws -> T {
        let data = try Data(contentsOf: URL(fileURLWithPath: Fixtures.path(name, filePath: filePath)))
        let decoder = JSONDecoder()
        decoder.keyDecodingStrategy = .convertFromSnakeCase
        return try decoder.decode(T.self, from: data)
    }

    static func layers() throws -> LayerFixtures { try load(LayerFixtures.self, "layers.json") }

    /// Golden tolerance: `|a − e| ≤ relative · max(|a|, |e|, floor)` with `floor = max|e|` over the
    /// tensor times `floorFraction`; values near zero (cancellation in sums) are judged against the
    /// tensor's scale rather than their own size.
    static func expectClose(
        _ actual: Tensor, _ expected: Tensor, relative: Double = 1e-5, floorFraction: Double = 1e-2,
        _ label: String = "", sourceLocation: SourceLocation = #_sourceLocation
    ) {
        #expect(
            actual.shape == expected.shape, "\(label): shape \(actual.shape) vs \(expected.shape)",
            sourceLocation: sourceLocation)
        guard actual.shape == expected.shape else { return }
        let scale = expected.scalars.reduce(0) { max($0, Double(abs($1))) }
        let error = maximumRelativeError(actual.scalars, expected.scalars, floor: max(scale * floorFraction, 1e-30))
        #expect(error <= relative, "\(label): relative error \(error) > \(relative)", sourceLocation: sourceLocation)
    }
}
