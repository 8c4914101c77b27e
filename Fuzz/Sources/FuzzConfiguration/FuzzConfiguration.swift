import FinText
import FuzzSupport

/// Classifier configuration JSON (`--config`, a model's `config.json`): `ClassifierConfiguration.read`.
@_cdecl("LLVMFuzzerTestOneInput")
public func fuzzConfiguration(_ data: UnsafePointer<UInt8>, _ size: Int) -> CInt {
    let path = FuzzFile.write(data, size, name: "config.json")
    if let configuration = try? ClassifierConfiguration.read(path) {
        _ = try? configuration.validate()
    }
    return 0
}
