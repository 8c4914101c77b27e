import FinText
import FuzzSupport

/// gzip members (filings, sections, vectors): `Gzip.decompress` with a small output limit.
@_cdecl("LLVMFuzzerTestOneInput")
public func fuzzGzip(_ data: UnsafePointer<UInt8>, _ size: Int) -> CInt {
    _ = try? Gzip.decompress(
        FuzzFile.bytes(data, size), source: "fuzz.gz", limits: InputLimits(maximumDecompressedBytes: 1 << 20))
    return 0
}
