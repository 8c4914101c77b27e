import FTIO

/// Builds normalised text: runs of spaces collapse to one, lines are trimmed, at most one blank line in a row.
///
/// Shared by the HTML and plain-text paths of ``FilingReader`` so both produce the same layout.
struct TextBuilder {
    private(set) var bytes: [UInt8] = []
    private var pendingSpace = false
    private var pendingNewlines = 0

    init(capacity: Int) { bytes.reserveCapacity(capacity) }

    /// Appends a visible (non-whitespace) byte, first flushing pending separators.
    @inline(__always)
    mutating func append(_ b: UInt8) {
        if pendingNewlines > 0 {
            if !bytes.isEmpty {
                bytes.append(0x0A)
                if pendingNewlines > 1 { bytes.append(0x0A) }
            }
            pendingNewlines = 0
            pendingSpace = false
        } else if pendingSpace {
            if !bytes.isEmpty { bytes.append(0x20) }
            pendingSpace = false
        }
        bytes.append(b)
    }

    /// Appends visible UTF-8 bytes (whitespace inside is taken as is).
    mutating func append(contentsOf run: some Sequence<UInt8>) {
        var first = true
        for b in run {
            if first {
                append(b)
                first = false
            } else {
                bytes.append(b)
            }
        }
    }

    /// Records a space between words (collapsed with neighbours).
    @inline(__always)
    mutating func space() { pendingSpace = true }

    /// Ends the line (`count` = 2 leaves a blank line).
    @inline(__always)
    mutating func newline(_ count: Int = 1) { pendingNewlines = max(pendingNewlines, count) }

    /// Appends a Unicode scalar, mapping whitespace scalars to ``space()``.
    mutating func append(scalar: Unicode.Scalar) {
        switch scalar.value {
        case 0x09, 0x20, 0xA0, 0x2000...0x200B, 0x202F, 0x205F, 0x3000, 0xFEFF: space()
        case 0x0A, 0x0B, 0x0C, 0x0D, 0x85, 0x2028, 0x2029: newline()
        case 0x00...0x08, 0x0E...0x1F, 0x7F: space()
        default:
            var utf8 = [UInt8]()
            utf8.reserveCapacity(4)
            for unit in String(Character(scalar)).utf8 { utf8.append(unit) }
            append(contentsOf: utf8)
        }
    }
}

/// Windows-1252 and UTF-8 decoding helpers.
enum TextDecoding {
    /// Windows-1252's characters for bytes 0x80-0x9F (undefined ones map to themselves).
    static let windows1252High: [UInt32] = [
        0x20AC, 0x81, 0x201A, 0x0192, 0x201E, 0x2026, 0x2020, 0x2021, 0x02C6, 0x2030, 0x0160, 0x2039, 0x0152,
        0x8D, 0x017D, 0x8F, 0x90, 0x2018, 0x2019, 0x201C, 0x201D, 0x2022, 0x2013, 0x2014, 0x02DC, 0x2122,
        0x0161, 0x203A, 0x0153, 0x9D, 0x017E, 0x0178,
    ]

    /// The character Windows-1252 gives byte `b`.
    static func windows1252(_ b: UInt8) -> Unicode.Scalar {
        let value = (0x80...0x9F).contains(b) ? windows1252High[Int(b) - 0x80] : UInt32(b)
        return Unicode.Scalar(value) ?? "\u{FFFD}"
    }

    /// Makes `bytes` valid UTF-8: valid sequences are kept, each invalid byte is read as Windows-1252, and
    /// C1 controls U+0080-U+009F (Windows-1252 punctuation mis-declared as Latin-1) become their
    /// Windows-1252 characters.
    ///
    /// - Returns: The repaired bytes and the 0-based offset of the first invalid byte (nil when all valid).
    static func repairUTF8(_ bytes: [UInt8]) -> (bytes: [UInt8], firstInvalid: Int?) {
        var body = bytes[...]
        if body.starts(with: [0xEF, 0xBB, 0xBF]) { body = body.dropFirst(3) }
        var needsWork = false
        var i = body.startIndex
        while i < body.endIndex - 1 {
            if body[i] == 0xC2 && body[i + 1] >= 0x80 && body[i + 1] <= 0x9F {
                needsWork = true
                break
            }
            i += 1
        }
        let firstInvalid = UTF8Validation.firstInvalidOffset(body)
        if firstInvalid == nil && !needsWork { return (Array(body), nil) }
        var output = [UInt8]()
        output.reserveCapacity(body.count + body.count / 16)
        func appendScalar(_ s: Unicode.Scalar) { output.append(contentsOf: String(Character(s)).utf8) }
        i = body.startIndex
        while i < body.endIndex {
            let b = body[i]
            if b < 0x80 {
                output.append(b)
                i += 1
                continue
            }
            let length = UTF8Validation.validSequenceLength(body, i)
            if length == 0 {
                appendScalar(windows1252(b))
                i += 1
            } else if length == 2 && b == 0xC2 && body[i + 1] <= 0x9F {
                appendScalar(windows1252(body[i + 1]))
                i += 2
            } else {
                output.append(contentsOf: body[i..<(i + length)])
                i += length
            }
        }
        return (output, firstInvalid.map { $0 - body.startIndex })
    }
}
