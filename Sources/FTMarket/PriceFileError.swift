import FTIO

/// A price file that cannot be interpreted at all, always naming the file and, for row problems, the
/// 1-based line.
///
/// Structural problems are errors (the reader throws): the file is unreadable or not UTF-8, has no header,
/// lacks a `Date` column or both price columns, repeats a column, a row has the wrong number of fields, a
/// date is not ISO `YYYY-MM-DD`, a price is text that is not a number (or is infinite), a long file has a
/// row without a ticker, or two files in a folder hold the same ticker. Problems with single observations
/// are warnings instead (see `PriceFileWarning`); docs/decisions/0020 explains the split.
public struct PriceFileError: Error, Sendable, Equatable, CustomStringConvertible {
    /// What is wrong.
    public enum Kind: Sendable, Equatable {
        /// The file could not be read (missing, unreadable, corrupt gzip, invalid UTF-8); the reason says why.
        case unreadable(reason: String)
        /// The file has no header line.
        case empty
        /// A required column is absent ("Date", or "Close or Adj Close").
        case missingColumn(String)
        /// The header names a column twice.
        case duplicateColumn(String)
        /// A row has a different number of comma-separated fields than the header.
        case wrongFieldCount(expected: Int, found: Int)
        /// A date field is not an ISO `YYYY-MM-DD` calendar date.
        case invalidDate(String)
        /// A price field is neither a finite number nor a missing-value marker.
        case invalidNumber(column: String, text: String)
        /// A row of a file with a `Ticker` column has an empty ticker.
        case missingTicker
        /// A ticker already loaded from another file.
        case duplicateTicker(ticker: String, otherFile: String)
        /// The folder holds no `*.csv` or `*.csv.gz` file.
        case noPriceFiles
        /// A folder was expected but the path is a file.
        case notAFolder
    }

    /// The file.
    public var path: String
    /// 1-based line number, or nil when the problem concerns the whole file.
    public var line: Int?
    /// What is wrong.
    public var kind: Kind

    /// Creates an error about `path` (and `line`).
    public init(path: String, line: Int?, kind: Kind) {
        self.path = path
        self.line = line
        self.kind = kind
    }

    /// `path:line: message`.
    public var description: String {
        let location = fileLocation(path, line: line)
        let message: String
        switch kind {
        case .unreadable(let reason): message = reason
        case .empty: message = "empty price file: expected a header such as Date,Close,Adj Close"
        case .missingColumn(let name): message = "missing column \(name) in the header"
        case .duplicateColumn(let name): message = "column \(InputExcerpt.quoted(name)) appears twice in the header"
        case .wrongFieldCount(let expected, let found):
            message = "expected \(expected) comma-separated fields as in the header. Received: \(found)"
        case .invalidDate(let text): message = "expected a date YYYY-MM-DD. Received: \(InputExcerpt.quoted(text))"
        case .invalidNumber(let column, let text):
            message =
                "expected a number in column \(InputExcerpt.quoted(column)). Received: \(InputExcerpt.quoted(text))"
        case .missingTicker: message = "empty Ticker field"
        case .duplicateTicker(let ticker, let other):
            message = "ticker \(ticker) is also loaded from \(other)"
        case .noPriceFiles: message = "no *.csv or *.csv.gz price files in this folder"
        case .notAFolder: message = "is a file, not a folder; read one price file with PriceLibrary.load(file:)"
        }
        return "\(location): \(message)"
    }
}
