import FinText
import FuzzSupport

/// Dataset manifests (JSON Lines): `DatasetManifest.read`, then each record's text and the summary.
@_cdecl("LLVMFuzzerTestOneInput")
public func fuzzManifest(_ data: UnsafePointer<UInt8>, _ size: Int) -> CInt {
    let path = FuzzFile.write(data, size, name: "dataset.jsonl")
    if let manifest = try? DatasetManifest.read(from: path) {
        _ = manifest.summary()
    }
    return 0
}
