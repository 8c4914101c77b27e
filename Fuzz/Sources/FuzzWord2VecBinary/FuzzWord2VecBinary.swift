import FinText
import FuzzSupport

/// Word vectors in the word2vecBinary format, through `WordVectors.load` as `train --embeddings` calls it.
@_cdecl("LLVMFuzzerTestOneInput")
public func fuzzWord2VecBinary(_ data: UnsafePointer<UInt8>, _ size: Int) -> CInt {
    let path = FuzzFile.write(data, size, name: "vectors.bin")
    _ = try? WordVectors.load(path: path, format: .word2vecBinary, cache: .disabled)
    _ = try? WordVectors.load(path: path, format: .word2vecBinary, cache: .disabled, strict: false)
    return 0
}
