import FTNN
import FTTensor
import FTTestSupport
import Testing

@Suite("ModelSummary")
struct ModelSummaryTests {
    @Test("Keras-style table with grouped counts and totals")
    func table() throws {
        let model = try StudyModel.make(
            vocabularySize: 23_888, embeddingDimension: 300, sequenceLength: 10_000, classes: 3, seed: 1)
        let text = try model.summary(sampleShape: [10_000]).description
        let lines = text.split(separator: "\n").map(String.init)
        #expect(lines[0] == "Model: \"sequential\"")
        #expect(
            lines.contains {
                $0.hasPrefix("conv1 (Conv1D)") && $0.contains("(None, 9996, 128)") && $0.hasSuffix("192,128")
            })
        #expect(
            lines.contains { $0.hasPrefix("flatten1 (Flatten)") && $0.contains("(None, 1408)") && $0.hasSuffix(" 0") })
        #expect(lines.contains(" Total params: 7,663,827 (29.24 MB)"))
        #expect(lines.contains(" Trainable params: 497,427 (1.9 MB)"))
        #expect(lines.contains(" Non-trainable params: 7,166,400 (27.34 MB)"))
        #expect(
            ModelSummary.grouped(1_000) == "1,000" && ModelSummary.grouped(999) == "999"
                && ModelSummary.grouped(-12_345) == "-12,345")
    }
}
