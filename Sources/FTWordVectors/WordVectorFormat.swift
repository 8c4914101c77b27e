/// The on-disk layouts `WordVectors.load` reads.
public enum WordVectorFormat: String, Sendable, Equatable, CaseIterable, Codable {
    /// GloVe text: `word v1 … vD` per line, single spaces, no header. `D` comes from the first line
    /// (its field count minus one) and is checked on every line. A line with more than `D + 1` fields
    /// is a word containing spaces (the glove.840B quirk): the last `D` fields are the vector and
    /// everything before them is the word.
    case gloveText
    /// word2vec text: a header line `count dimension`, then lines as in GloVe text.
    case word2vecText
    /// word2vec binary as gensim's `save_word2vec_format(binary=True)` and the original C tool write
    /// it: a header line `count dimension\n`, then per word the UTF-8 word, one space, and `dimension`
    /// little-endian float32 values, optionally followed by `\n`.
    case word2vecBinary

    /// The number stored in the binary cache header.
    var code: UInt32 {
        switch self {
        case .gloveText: 1
        case .word2vecText: 2
        case .word2vecBinary: 3
        }
    }

    /// The format of a cache header's code.
    init?(code: UInt32) {
        guard let format = Self.allCases.first(where: { $0.code == code }) else { return nil }
        self = format
    }

    /// The name used in messages and by the CLI's `--format`.
    public var name: String {
        switch self {
        case .gloveText: "GloVe text"
        case .word2vecText: "word2vec text"
        case .word2vecBinary: "word2vec binary"
        }
    }

    /// What a file's first bytes say its format is (decision 0101).
    ///
    /// A first line of exactly two positive integers `count dimension` is a word2vec header: the file is
    /// word2vec text when its second line is a word and `dimension` numbers, else word2vec binary when the
    /// bytes after the header are not text. Anything else is GloVe text. A 1-dimensional GloVe file whose
    /// first word is a number (`"5 1"`) is told from a word2vec text file by counting its lines.
    /// - Complexity: O(first two lines) except in that last case, O(file size).
    static func detect(_ bytes: UnsafeBufferPointer<UInt8>) -> (format: WordVectorFormat, header: String?) {
        guard let p = bytes.baseAddress else { return (.gloveText, nil) }
        let n = bytes.count
        var start = 0
        if n >= 3 && p[0] == 0xEF && p[1] == 0xBB && p[2] == 0xBF { start = 3 }
        let scanLimit = min(n, start + 64)
        guard let firstEnd = (start..<scanLimit).first(where: { p[$0] == 0x0A }) else { return (.gloveText, nil) }
        var end = firstEnd
        while end > start && (p[end - 1] == 0x0D || p[end - 1] == 0x20) { end -= 1 }
        let header = String(decoding: UnsafeBufferPointer(start: p + start, count: end - start), as: UTF8.self)
        let parts = header.split(separator: " ", omittingEmptySubsequences: true)
        guard parts.count == 2, parts.allSatisfy({ $0.allSatisfy { $0.isASCII && $0.isNumber } }),
            let count = Int(parts[0]), let dimension = Int(parts[1]), count > 0, dimension > 0
        else { return (.gloveText, nil) }
        let second = firstEnd + 1
        let secondEnd = TextVectorParser.memchrIndex(p, from: second, to: n, byte: TextVectorParser.newline) ?? n
        if isTextVectorLine(p, from: second, to: secondEnd, dimension: dimension) {
            if dimension == 1 {
                // "5 1" is also a 1-d GloVe line; word2vec text only if the count matches the lines.
                var lines = 0
                var i = second
                while i < n, let at = TextVectorParser.memchrIndex(p, from: i, to: n, byte: TextVectorParser.newline) {
                    lines += 1
                    i = at + 1
                }
                if i < n { lines += 1 }
                return lines == count ? (.word2vecText, header) : (.gloveText, nil)
            }
            return (.word2vecText, header)
        }
        // Binary: a word, a space, then float32 bytes, which are rarely all printable text.
        let probe = UnsafeBufferPointer(start: p + second, count: min(n - second, 4 * min(dimension, 1024) + 64))
        if probe.contains(where: { ($0 < 0x20 && $0 != 0x0A && $0 != 0x0D && $0 != 0x09) || $0 >= 0x80 }) {
            return (.word2vecBinary, header)
        }
        return (.gloveText, nil)
    }

    /// True when the line is a word followed by exactly `dimension` space-separated decimal numbers.
    private static func isTextVectorLine(_ p: UnsafePointer<UInt8>, from start: Int, to rawEnd: Int, dimension: Int)
        -> Bool
    {
        var end = rawEnd
        while end > start && (p[end - 1] == 0x0D || p[end - 1] == 0x20) { end -= 1 }
        var fields: [Range<Int>] = []
        var fieldStart = start
        for i in start...end where i == end || p[i] == 0x20 {
            fields.append(fieldStart..<i)
            fieldStart = i + 1
            if fields.count > dimension + 1 { break }
        }
        guard fields.count == dimension + 1 else { return false }
        return fields.dropFirst().allSatisfy { field in
            guard let (_, next) = DecimalFloatParser.parse(p, from: field.lowerBound, to: field.upperBound) else {
                return false
            }
            return next == field.upperBound
        }
    }
}
