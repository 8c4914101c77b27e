import FinText
import FuzzSupport

/// Daily price CSV files: `PriceHistory.load`.
@_cdecl("LLVMFuzzerTestOneInput")
public func fuzzPriceCSV(_ data: UnsafePointer<UInt8>, _ size: Int) -> CInt {
    let path = FuzzFile.write(data, size, name: "ACME.csv")
    _ = try? PriceHistory.load(file: path)
    return 0
}
