import FTIO
import Testing

@Suite("Gzip")
struct GzipTests {
    let text = Array(String(repeating: "Item 1A. Risk Factors — the company faces risks. ", count: 500).utf8)

    @Test("compress then decompress returns the input, and compression is deterministic")
    func roundTrip() throws {
        let packed = Gzip.compress(text)
        #expect(Gzip.isCompressed(packed))
        #expect(packed.count < text.count / 10)
        #expect(try Gzip.decompress(packed, source: "x.gz") == text)
        #expect(Gzip.compress(text) == packed)
    }

    @Test("concatenated members decompress whole")
    func multiMember() throws {
        let a = Array("first ".utf8)
        let b = Array("second".utf8)
        #expect(try Gzip.decompress(Gzip.compress(a) + Gzip.compress(b), source: "m.gz") == a + b)
    }

    @Test("a truncated stream is an error naming the file")
    func truncated() {
        let packed = Gzip.compress(text)
        #expect {
            try Gzip.decompress(Array(packed.prefix(packed.count / 2)), source: "half.gz")
        } throws: { error in
            guard let error = error as? IOError else { return false }
            return error.path == "half.gz" && error.reason.contains("truncated")
        }
    }

    @Test("corrupt data is an error, not a crash")
    func corrupt() {
        var packed = Gzip.compress(text)
        for i in 12..<40 { packed[i] ^= 0x5A }
        #expect(throws: IOError.self) { try Gzip.decompress(packed, source: "bad.gz") }
    }

    @Test("the output limit stops a decompression bomb")
    func limit() {
        let zeros = [UInt8](repeating: 0, count: 1 << 20)
        #expect {
            try Gzip.decompress(
                Gzip.compress(zeros), source: "bomb.gz", limits: InputLimits(maximumDecompressedBytes: 1000))
        } throws: { error in
            (error as? IOError)?.reason.contains("more than 1000 bytes") == true
        }
    }

    @Test("the ratio check refuses a bomb early but accepts text that compresses normally")
    func ratio() throws {
        let limits = InputLimits(maximumCompressionRatio: 100, ratioCheckThreshold: 1 << 16)
        let zeros = [UInt8](repeating: 0, count: 1 << 22)  // 4 MiB → about 4 KB: a ratio near 1000
        #expect {
            try Gzip.decompress(Gzip.compress(zeros), source: "bomb.gz", limits: limits)
        } throws: { error in
            (error as? IOError)?.reason.contains("likely gzip bomb") == true
        }
        var generator = SystemRandomNumberGenerator()
        let words = ["revenue", "risk", "loss", "debt", "oil", "customer", "market", "growth", "tax", "the"]
        let prose = Array(
            (0..<40_000).map { _ in words.randomElement(using: &generator) ?? "" }.joined(separator: " ").utf8)
        #expect(try Gzip.decompress(Gzip.compress(prose), source: "prose.gz", limits: limits) == prose)
    }

    @Test("zero padding after the last member is tolerated, other trailing bytes are not")
    func trailingBytes() throws {
        let packed = Gzip.compress(text)
        #expect(try Gzip.decompress(packed + [0, 0, 0, 0], source: "padded.gz") == text)
        #expect {
            try Gzip.decompress(packed + [0, 0, 7], source: "junk.gz")
        } throws: { error in
            (error as? IOError)?.reason.contains("after the end of the gzip stream") == true
        }
    }

    @Test("an empty input is an error")
    func empty() {
        #expect(throws: IOError.self) { try Gzip.decompress([], source: "empty.gz") }
    }
}
