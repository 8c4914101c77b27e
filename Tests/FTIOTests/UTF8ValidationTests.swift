import FTIO
import Testing

@Suite("UTF-8 validation")
struct UTF8ValidationTests {
    @Test("valid text decodes, and a byte-order mark is dropped")
    func valid() throws {
        #expect(try UTF8Validation.decode(Array("Résumé — 10-K ✓ 𝄞".utf8), source: "a") == "Résumé — 10-K ✓ 𝄞")
        #expect(try UTF8Validation.decode([0xEF, 0xBB, 0xBF] + Array("x".utf8), source: "a") == "x")
    }

    @Test(
        "invalid bytes are reported with line and offset",
        arguments: [
            ([UInt8](arrayLiteral: 0x61, 0x0A, 0x62, 0x0A, 0x92, 0x63), 3, 4),  // Windows-1252 quote
            ([0x0A, 0xC3], 2, 1),  // truncated 2-byte sequence
            ([0xE0, 0x80, 0x80], 1, 0),  // overlong
            ([0xED, 0xA0, 0x80], 1, 0),  // surrogate
            ([0xF5, 0x80, 0x80, 0x80], 1, 0),  // above U+10FFFF
        ])
    func invalid(bytes: [UInt8], line: Int, offset: Int) {
        #expect(UTF8Validation.firstInvalidOffset(bytes[...]) == offset)
        #expect { try UTF8Validation.decode(bytes, source: "f.txt") } throws: { error in
            guard let error = error as? IOError else { return false }
            return error.path == "f.txt" && error.reason.contains("line \(line)")
        }
    }
}
