import FinText
import FuzzSupport

/// Training histories given to `report --history` (FinText's or Keras's): `TrainingHistory.read`.
@_cdecl("LLVMFuzzerTestOneInput")
public func fuzzTrainingHistory(_ data: UnsafePointer<UInt8>, _ size: Int) -> CInt {
    let path = FuzzFile.write(data, size, name: "history.json")
    _ = try? TrainingHistory.read(path: path)
    return 0
}
