import FinText
import FuzzSupport

/// Pre-extracted section files (JSON Lines) given to `prepare --filings`: `FilingLoader.load`.
@_cdecl("LLVMFuzzerTestOneInput")
public func fuzzSectionsJSONL(_ data: UnsafePointer<UInt8>, _ size: Int) -> CInt {
    let path = FuzzFile.write(data, size, name: "sections.jsonl")
    _ = try? FilingLoader.load(paths: [path])
    return 0
}
