import FinText
import FuzzSupport

/// Keras tokenizer JSON (`tokenizer.json` of a model folder): `Tokenizer(kerasJSON:)`.
@_cdecl("LLVMFuzzerTestOneInput")
public func fuzzTokenizerJSON(_ data: UnsafePointer<UInt8>, _ size: Int) -> CInt {
    let text = String(decoding: UnsafeBufferPointer(start: data, count: size), as: UTF8.self)
    _ = try? Tokenizer(kerasJSON: text)
    return 0
}
