import FinText
import Foundation
import FuzzSupport

/// The separator between the primary document and the Exhibit 13 file in an input.
private let separator = Array("\n==EX13==\n".utf8)

/// Submission folders (decision 0141): a primary 10-K document and its Exhibit 13 file read as one filing by
/// `FilingReader.read(path:)` on the folder, then section extraction — the cross-reference index, page
/// footers and items incorporated by reference to the exhibit (issue 22). The input is the primary
/// document, optionally followed by `\n==EX13==\n` and the exhibit.
@_cdecl("LLVMFuzzerTestOneInput")
public func fuzzSubmission(_ data: UnsafePointer<UInt8>, _ size: Int) -> CInt {
    let bytes = FuzzFile.bytes(data, size)
    let folder = FuzzFile.folder + "/submission"
    try? FileManager.default.removeItem(atPath: folder)
    guard (try? FileManager.default.createDirectory(atPath: folder, withIntermediateDirectories: false)) != nil
    else { fatalError("fuzz harness: cannot create \(folder)") }
    var primary = bytes[...]
    var exhibit: ArraySlice<UInt8>? = nil
    if let at = bytes.firstRange(of: separator) {
        primary = bytes[..<at.lowerBound]
        exhibit = bytes[at.upperBound...]
    }
    FuzzFile.write(primary, name: "submission/d10k.htm")
    if let exhibit { FuzzFile.write(exhibit, name: "submission/d10k_ex13.htm") }
    if let filing = try? FilingReader.read(path: folder) {
        _ = SectionExtractor.extract(from: filing)
    }
    return 0
}
