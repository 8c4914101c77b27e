import FinText
import FuzzSupport

/// Word vectors in the gloveText format, through `WordVectors.load` as `train --embeddings` calls it.
@_cdecl("LLVMFuzzerTestOneInput")
public func fuzzGloVe(_ data: UnsafePointer<UInt8>, _ size: Int) -> CInt {
    let path = FuzzFile.write(data, size, name: "vectors.txt")
    _ = try? WordVectors.load(path: path, format: .gloveText, cache: .disabled)
    _ = try? WordVectors.load(path: path, format: .gloveText, cache: .disabled, strict: false)
    return 0
}
