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
        let end = bytes.endIndex
        while i < end {
            let b = bytes[i]
            if b < 0x80 { i += 1; continue }
            let length: Int
            var minimum: UInt32
            var scalar: UInt32
            switch b {
            case 0xC2...0xDF: length = 2; minimum = 0x80; scalar = UInt32(b & 0x1F)
            case 0xE0...0xEF: length = 3; minimum = 0x800; scalar = UInt32(b & 0x0F)
            case 0xF0...0xF4: length = 4; minimum = 0x10000; scalar = UInt32(b & 0x07)
            default: return i
            }
            if i + length > end { return i }
            for j in 1..<length {
                let c = bytes[i + j]
                if c & 0xC0 != 0x80 { return i }
                scalar = (scalar << 6) | UInt32(c & 0x3F)
            }
            if scalar < minimum || scalar > 0x10FFFF || (0xD800...0xDFFF).contains(scalar) { return i }
            i += length
        }
        return nil
    }
}
