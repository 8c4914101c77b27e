/// Strict UTF-8 decoding that says where the input is broken.
public enum UTF8Validation {
    /// Decodes `bytes` as UTF-8, rejecting invalid sequences.
    ///
    /// A leading byte-order mark (EF BB BF) is dropped.
    /// - Throws: `IOError` whose reason names the 1-based line and the byte offset of the first invalid
    ///   sequence.
    public static func decode(_ bytes: [UInt8], source: String) throws(IOError) -> String {
        var body = bytes[...]
        if body.starts(with: [0xEF, 0xBB, 0xBF]) { body = body.dropFirst(3) }
        if let bad = firstInvalidOffset(body) {
            let line = body[body.startIndex..<bad].reduce(1) { $0 + ($1 == 0x0A ? 1 : 0) }
            throw IOError(
                path: source, reason: "invalid UTF-8 at line \(line), byte offset \(bad)")
        }
        return String(decoding: body, as: UTF8.self)
    }

    /// The index of the first byte of the first invalid UTF-8 sequence, or nil when all is valid.
    /// - Complexity: O(n).
    public static func firstInvalidOffset(_ bytes: ArraySlice<UInt8>) -> Int? {
        var i = bytes.startIndex
        while i < bytes.endIndex {
            if bytes[i] < 0x80 {
                i += 1
                continue
            }
            let length = validSequenceLength(bytes, i)
            if length == 0 { return i }
            i += length
        }
        return nil
    }

    /// The length (1–4) of the valid UTF-8 sequence starting at index `i` of `bytes`, or 0 when the bytes
    /// there are not one (a bad lead byte, a truncated or overlong sequence, a surrogate, or a scalar
    /// above U+10FFFF).
    /// - Precondition: `i` is a valid index of `bytes`.
    @inline(__always)
    public static func validSequenceLength(_ bytes: ArraySlice<UInt8>, _ i: Int) -> Int {
        let b = bytes[i]
        if b < 0x80 { return 1 }
        let length: Int
        let minimum: UInt32
        var scalar: UInt32
        switch b {
        case 0xC2...0xDF:
            length = 2
            minimum = 0x80
            scalar = UInt32(b & 0x1F)
        case 0xE0...0xEF:
            length = 3
            minimum = 0x800
            scalar = UInt32(b & 0x0F)
        case 0xF0...0xF4:
            length = 4
            minimum = 0x10000
            scalar = UInt32(b & 0x07)
        default: return 0
        }
        if i + length > bytes.endIndex { return 0 }
        for j in 1..<length {
            let c = bytes[i + j]
            if c & 0xC0 != 0x80 { return 0 }
            scalar = (scalar << 6) | UInt32(c & 0x3F)
        }
        if scalar < minimum || scalar > 0x10FFFF || (0xD800...0xDFFF).contains(scalar) { return 0 }
        return length
    }
}
