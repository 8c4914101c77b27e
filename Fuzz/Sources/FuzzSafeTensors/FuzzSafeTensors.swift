import FinText
import FuzzSupport

/// safetensors model and checkpoint files: `SafeTensors.decode` (what `SafeTensors.read` runs).
@_cdecl("LLVMFuzzerTestOneInput")
public func fuzzSafeTensors(_ data: UnsafePointer<UInt8>, _ size: Int) -> CInt {
    if let file = try? SafeTensors.decode(FuzzFile.bytes(data, size), source: "fuzz.safetensors") {
        for name in file.entries.keys.sorted() { _ = try? file.tensor(name) }
    }
    return 0
}
