import FinText
import FuzzSupport

/// A small model and optimiser of a fixed shape, made once; every input is resumed into copies of them.
private let fixture: (model: Sequential, optimizer: Adam) = {
    var configuration = StudyModel.Configuration()
    configuration.filters = 4
    configuration.poolSizes = [2, 2, 2]
    configuration.denseUnits = 3
    let model = try! StudyModel.make(
        vocabularySize: 20, embeddingDimension: 3, sequenceLength: 40, classes: 3, configuration: configuration,
        seed: 1)
    return (model, Adam(learningRate: 0.001))
}()

/// With `FINTEXT_FUZZ_SEED_OUT` set, writes a valid checkpoint of the fixture and exits.
@_cdecl("LLVMFuzzerInitialize")
public func initializeCheckpoint(
    _ argc: UnsafeMutablePointer<CInt>,
    _ argv: UnsafeMutablePointer<UnsafeMutablePointer<UnsafeMutablePointer<CChar>?>?>
) -> CInt {
    FuzzSeed.writeIfRequested {
        Trainer(model: fixture.model, optimizer: fixture.optimizer, seed: 7).checkpoint().encoded()
    }
    return 0
}

/// Training checkpoints (`--resume`): `Trainer.resume` on a safetensors file with checkpoint metadata.
@_cdecl("LLVMFuzzerTestOneInput")
public func fuzzCheckpoint(_ data: UnsafePointer<UInt8>, _ size: Int) -> CInt {
    let path = FuzzFile.write(data, size, name: "checkpoint.safetensors")
    _ = try? Trainer.resume(from: path, model: fixture.model, optimizer: fixture.optimizer, options: FitOptions())
    return 0
}
