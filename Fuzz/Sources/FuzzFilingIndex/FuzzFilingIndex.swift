import FinText
import FuzzSupport

/// Filing index CSV files (`--index`): `FilingIndex.read`.
@_cdecl("LLVMFuzzerTestOneInput")
public func fuzzFilingIndex(_ data: UnsafePointer<UInt8>, _ size: Int) -> CInt {
    let path = FuzzFile.write(data, size, name: "INDEX.csv")
    _ = try? FilingIndex.read(path)
    return 0
}
