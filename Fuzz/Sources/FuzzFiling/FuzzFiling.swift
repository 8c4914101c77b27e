import FinText
import FuzzSupport

/// EDGAR filings in their three forms (HTML/iXBRL, text, full submission): reading and section extraction.
@_cdecl("LLVMFuzzerTestOneInput")
public func fuzzFiling(_ data: UnsafePointer<UInt8>, _ size: Int) -> CInt {
    if let filing = try? FilingReader.read(bytes: FuzzFile.bytes(data, size), source: "fuzz.htm") {
        _ = SectionExtractor.extract(from: filing)
    }
    return 0
}
