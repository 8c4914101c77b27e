import FinText
import Foundation
import FuzzSupport

/// A small network model folder (`config.json`, `weights.safetensors`, `tokenizer.json`), saved once;
/// every input replaces its `config.json`. Returns that folder's valid `config.json` (the seed).
private let validConfig: [UInt8] = {
    let folder = FuzzFile.folder + "/network"
    var tokenizer = Tokenizer()
    tokenizer.fit(on: ["revenue grew while costs fell", "risk factors include competition"])
    var configuration = ClassifierConfiguration()
    configuration.sequenceLength = 40
    configuration.model.filters = 4
    configuration.model.poolSizes = [2, 2, 2]
    configuration.model.denseUnits = 3
    guard
        let model = try? StudyModel.make(
            vocabularySize: tokenizer.indexWord.count, embeddingDimension: 3, sequenceLength: 40,
            classes: configuration.classes, configuration: configuration.model, seed: 1),
        (try? StockPerformanceClassifier(configuration: configuration, tokenizer: tokenizer, model: model)
            .save(to: folder)) != nil,
        let bytes = FileManager.default.contents(atPath: folder + "/config.json")
    else { fatalError("fuzz harness: cannot make the network model folder") }
    return Array(bytes)
}()

@_cdecl("LLVMFuzzerInitialize")
public func initializeModelFolder(
    _ argc: UnsafeMutablePointer<CInt>,
    _ argv: UnsafeMutablePointer<UnsafeMutablePointer<UnsafeMutablePointer<CChar>?>?>
) -> CInt {
    _ = validConfig
    FuzzSeed.writeIfRequested { validConfig }
    return 0
}

/// Network model folders (`predict`, `evaluate`, `summary`): with the input as the folder's `config.json`
/// beside valid weights and vocabulary, `StockPerformanceClassifier.readHeader(folder:)` (what `summary`
/// reads: the `model_kind` marker, sizes and configuration) and `SavedModel.load(from:)` (the header, then
/// the sizes against the weights, the model built and filled), then one prediction.
@_cdecl("LLVMFuzzerTestOneInput")
public func fuzzModelFolder(_ data: UnsafePointer<UInt8>, _ size: Int) -> CInt {
    FuzzFile.write(data, size, name: "network/config.json")
    let folder = FuzzFile.folder + "/network"
    _ = try? StockPerformanceClassifier.readHeader(folder: folder)
    guard let model = try? SavedModel.load(from: folder) else { return 0 }
    let predictions = model.predict([ClassifierDocument(id: "a", text: "revenue grew", section: "7", ticker: "T")])
    precondition(predictions.count == 1 && predictions[0].probabilities.count == model.configuration.classes)
    return 0
}
