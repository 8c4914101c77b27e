public import FTIO

/// A CSV mapping filing file names to metadata that the documents themselves may not state
/// (a primary HTML document names neither its filing date nor, often, its ticker).
///
/// Columns used: `file` (required), `cik`, `ticker`, `filing_date` (ISO), `sic`, `company`, `accession`; others are
/// ignored, so `../shared/data/*/INDEX.csv` works as is. Files are matched by base name, with or without
/// a `.gz` ending.
public struct FilingIndex: Sendable, Equatable {
    /// One row.
    public struct Entry: Sendable, Equatable {
        /// The file name as listed.
        public var file: String
        /// Central Index Key, when given.
        public var cik: String?
        /// Ticker, when given.
        public var ticker: String?
        /// ISO filing date, when given.
        public var filingDate: String?
        /// SIC code, when given.
        public var sic: String?
        /// Company name, when given.
        public var company: String?
        /// EDGAR accession number, when given (used as the filing's id).
        public var accession: String?
    }

    /// Entries by base name without `.gz`.
    public private(set) var entries: [String: Entry] = [:]

    /// An empty index.
    public init() {}

    /// The entry for a file path, matched by base name (with or without `.gz`).
    public func entry(for path: String) -> Entry? {
        entries[Self.key(path)]
    }

    static func key(_ path: String) -> String {
        var name = path.split(separator: "/").last.map(String.init) ?? path
        if name.hasSuffix(".gz") { name.removeLast(3) }
        return name
    }

    /// Reads an index CSV.
    /// - Throws: `IOError` naming the file and line: unreadable file, no `file` column, unbalanced quotes,
    ///   a row with the wrong number of fields, or a file listed twice.
    public static func read(_ path: String) throws(IOError) -> FilingIndex {
        let table = try CSVTable.parse(try FileData.readUTF8(path), source: path)
        guard let fileColumn = table.column("file") else {
            throw IOError(
                path: path,
                reason:
                    "line 1: expected a 'file' column. Received columns: \(InputExcerpt.quoted(table.header.joined(separator: ",")))"
            )
        }
        func value(_ row: CSVTable.Row, _ name: String) -> String? {
            guard let column = table.column(name) else { return nil }
            let text = row.fields[column]
            return text.isEmpty ? nil : text
        }
        var index = FilingIndex()
        for row in table.rows {
            let file = row.fields[fileColumn]
            guard !file.isEmpty else {
                throw IOError(path: path, reason: "line \(row.line): the 'file' field is empty")
            }
            let key = Self.key(file)
            guard index.entries[key] == nil else {
                throw IOError(path: path, reason: "line \(row.line): file \(InputExcerpt.quoted(file)) is listed twice")
            }
            index.entries[key] = Entry(
                file: file, cik: value(row, "cik"), ticker: value(row, "ticker"), filingDate: value(row, "filing_date"),
                sic: value(row, "sic"), company: value(row, "company"), accession: value(row, "accession"))
        }
        return index
    }
}
