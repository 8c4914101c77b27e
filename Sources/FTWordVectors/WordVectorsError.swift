import FTIO

/// A problem with a word-vector file, naming the file and, where it applies, the 1-based line
/// (or, in word2vec binary files, the 1-based record) and field.
public struct WordVectorsError: Error, CustomStringConvertible, Sendable, Equatable {
    /// What kind of problem it is.
    public enum Kind: Sendable, Equatable {
        /// The file could not be read (missing, unreadable, broken gzip).
        case io(String)
        /// The file has no vectors at all.
        case empty
        /// A header (`count dimension`) that is missing or not two positive integers.
        case badHeader(String)
        /// A line with the wrong number of fields: `expected` = 1 + dimension.
        case wrongFieldCount(expected: Int, found: Int)
        /// A vector field that is not a decimal number (`field` is 1-based, the word being field 1).
        case nonNumeric(field: Int, text: String)
        /// A NaN, infinite or out-of-`Float`-range value in field `field`.
        case nonFinite(field: Int, text: String)
        /// A word seen before, at `firstLine`.
        case duplicateWord(String, firstLine: Int)
        /// An empty line.
        case emptyLine
        /// A UTF-8 byte-order mark at the start of the file.
        case byteOrderMark
        /// A line ending in `\r\n` instead of `\n`.
        case carriageReturn
        /// The last line has no line end: the file may be cut short.
        case truncatedLastLine
        /// A word that is not valid UTF-8.
        case invalidUTF8
        /// A binary record cut short by the end of the file.
        case truncatedRecord
        /// The header's word count differs from the number of records found.
        case countMismatch(header: Int, found: Int)
        /// A header `count dimension` that the file cannot hold: `reason` says why (decision 0102).
        case impossibleHeader(count: Int, dimension: Int, reason: String)
        /// A vector length over `WordVectors.maximumDimension`.
        case dimensionTooLarge(Int)
        /// The file was asked to be read as `expected` but its first bytes say it is `detected`
        /// (`header` is its first line).
        case formatMismatch(expected: WordVectorFormat, detected: WordVectorFormat, header: String)
    }

    /// The file the problem is in.
    public var path: String
    /// 1-based line number (text formats) or record number (word2vec binary), when it applies.
    public var line: Int?
    /// What is wrong.
    public var kind: Kind

    /// Creates an error about `path` at `line`.
    public init(path: String, line: Int?, kind: Kind) {
        self.path = path
        self.line = line
        self.kind = kind
    }

    init(_ error: IOError) {
        self.init(path: error.path, line: nil, kind: .io(error.reason))
    }

    /// `path:line: message`, the way compilers report a position.
    public var description: String {
        let position = fileLocation(path, line: line)
        return "\(position): \(message)"
    }

    /// The message without the position.
    public var message: String {
        switch kind {
        case .io(let reason): reason
        case .empty: "no word vectors in the file"
        case .badHeader(let text): "bad header \(InputExcerpt.quoted(text)): expected \"count dimension\""
        case .wrongFieldCount(let expected, let found):
            "expected \(expected) fields (a word and \(expected - 1) numbers). Received: \(found)"
        case .nonNumeric(let field, let text): "field \(field) is not a number: \(InputExcerpt.quoted(text))"
        case .nonFinite(let field, let text): "field \(field) is not a finite Float: \(InputExcerpt.quoted(text))"
        case .duplicateWord(let word, let firstLine):
            "duplicate word \(InputExcerpt.quoted(word)) (first at line \(firstLine))"
        case .emptyLine: "empty line"
        case .byteOrderMark: "UTF-8 byte-order mark at the start of the file"
        case .carriageReturn: "CRLF line end (expected \\n)"
        case .truncatedLastLine: "the last line has no line end (file cut short?)"
        case .invalidUTF8: "the word is not valid UTF-8"
        case .truncatedRecord: "record cut short by the end of the file"
        case .countMismatch(let header, let found): "header announces \(header) words. Received: \(found)"
        case .impossibleHeader(let count, let dimension, let reason):
            "header \"\(count) \(dimension)\" (words, dimension) cannot be right: \(reason)"
        case .dimensionTooLarge(let dimension):
            "dimension \(dimension) is over the limit of \(WordVectors.maximumDimension) (docs/reliability.md)"
        case .formatMismatch(let expected, let detected, let header):
            "read as \(expected.name), but the file looks like \(detected.name) (first line \(InputExcerpt.quoted(header))); "
                + "load it as \(detected.name) or let the format be detected"
        }
    }
}
