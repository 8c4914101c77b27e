import FinText
import Foundation
import FuzzSupport

/// The source file a cache belongs to, written once with a fixed modification time so that a seed cache
/// made from it (scripts/fuzz.sh seeds) carries a matching fingerprint.
private let source: String = {
    let path = "\(FuzzFile.folder)/cached.txt"
    let words = Data("the 0.1 0.2\nof 0.3 0.4\nand -0.5 0.6\n".utf8)
    guard FileManager.default.createFile(atPath: path, contents: words) else {
        fatalError("fuzz harness: cannot write \(path)")
    }
    try? FileManager.default.setAttributes([.modificationDate: Date(timeIntervalSince1970: 1e9)], ofItemAtPath: path)
    return path
}()

/// With `FINTEXT_FUZZ_SEED_OUT` set, writes the cache FinText builds for the source and exits.
@_cdecl("LLVMFuzzerInitialize")
public func initializeVectorCache(
    _ argc: UnsafeMutablePointer<CInt>,
    _ argv: UnsafeMutablePointer<UnsafeMutablePointer<UnsafeMutablePointer<CChar>?>?>
) -> CInt {
    FuzzSeed.writeIfRequested {
        _ = try? WordVectors.load(path: source, cache: .rebuild)
        return (try? FileData.readRaw(source + ".ftwv")) ?? []
    }
    return 0
}

/// FinText's binary word-vector cache (`.ftwv`): `WordVectors.load` with the automatic cache, which reads
/// and checks a cache beside its source before falling back to parsing the source.
@_cdecl("LLVMFuzzerTestOneInput")
public func fuzzVectorCache(_ data: UnsafePointer<UInt8>, _ size: Int) -> CInt {
    FuzzFile.write(data, size, name: "cached.txt.ftwv")
    if let vectors = try? WordVectors.load(path: source, cache: .automatic) {
        precondition(vectors.dimension == 2 && vectors.count == 3, "a cache changed the vectors it stands for")
    }
    return 0
}
