import FinText
import FuzzSupport

/// Prediction CSV files given to `report`: `PredictionsFile` and its metrics.
@_cdecl("LLVMFuzzerTestOneInput")
public func fuzzPredictions(_ data: UnsafePointer<UInt8>, _ size: Int) -> CInt {
    let path = FuzzFile.write(data, size, name: "predictions.csv")
    if let file = try? PredictionsFile.read(path: path) {
        _ = file.metrics()
    }
    return 0
}
