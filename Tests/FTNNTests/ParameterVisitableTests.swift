import FTNN
import FTTensor
import FTTestSupport
import Testing

@Suite("ParameterVisitable")
struct ParameterVisitableTests {
    @Test("Named values and gradients load back; bad names and shapes throw without changing anything")
    func loading() throws {
        var model = TinyModel(weight: Parameter(Tensor(zeros: [2, 2])), bias: Parameter(Tensor(zeros: [2])))
        try model.loadValues([
            "dense.weight": Tensor(repeating: 1, shape: [2, 2]), "dense.bias": Tensor(repeating: 2, shape: [2]),
        ])
        #expect(model.namedValues["dense.bias"] == Tensor(repeating: 2, shape: [2]))
        try model.loadGradients(["dense.bias": Tensor(repeating: 3, shape: [2])], requireAll: false)
        #expect(model.bias.gradient == Tensor(repeating: 3, shape: [2]))
        #expect(throws: LayerError("Parameter 'dense.bias' expected shape [2]. Received: shape [3]")) {
            try model.loadValues(["dense.bias": Tensor(zeros: [3])], requireAll: false)
        }
        #expect(throws: LayerError("Model expected a tensor for parameter 'dense.weight'. Received: none")) {
            try model.loadValues(["dense.bias": Tensor(zeros: [2])])
        }
        #expect(
            throws: LayerError(
                "Model expected parameter names [\"dense.bias\", \"dense.weight\"]. Received: unknown name 'conv1.weight'"
            )
        ) {
            try model.loadValues(["conv1.weight": Tensor(zeros: [2])], requireAll: false)
        }
        #expect(model.bias.value == Tensor(repeating: 2, shape: [2]))
        model.zeroGradients()
        #expect(model.namedGradients.values.allSatisfy { $0.scalars.allSatisfy { $0 == 0 } })
    }
}
