import FinText
import FuzzSupport

/// Word vectors in the word2vecText format, through `WordVectors.load` as `train --embeddings` calls it.
@_cdecl("LLVMFuzzerTestOneInput")
public func fuzzWord2VecText(_ data: UnsafePointer<UInt8>, _ size: Int) -> CInt {
    let path = FuzzFile.write(data, size, name: "vectors.txt")
    _ = try? WordVectors.load(path: path, format: .word2vecText, cache: .disabled)
    _ = try? WordVectors.load(path: path, format: .word2vecText, cache: .disabled, strict: false)
    return 0
}
