/// A comma-separated table with a header row (RFC 4180: fields may be double-quoted, `""` inside quotes
/// is a quote, and a quoted field may span lines).
///
/// Every row remembers the 1-based line it started on, so callers can name it in errors.
public struct CSVTable: Sendable, Equatable {
    /// One data row.
    public struct Row: Sendable, Equatable {
        /// The 1-based line of the file where the row starts.
        public var line: Int
        /// The fields, as many as the header has columns.
        public var fields: [String]
    }

    /// Column names from the first line, with surrounding spaces trimmed.
    public var header: [String]
    /// The data rows, in file order (blank lines skipped).
    public var rows: [Row]

    /// The index of a column by name, or nil.
    public func column(_ name: String) -> Int? { header.firstIndex(of: name) }

    /// Parses CSV text with a header line.
    /// - Parameter source: The file name used in errors.
    /// - Throws: `IOError` naming the file and line for an empty file, an unclosed quote, or a row whose
    ///   field count differs from the header's.
    /// - Complexity: O(text length).
    public static func parse(_ text: String, source: String) throws(IOError) -> CSVTable {
        let records: [CSVRecords.Record]
        do { records = try CSVRecords.parse(text) } catch {
            throw IOError(path: source, reason: "line \(error.line): a quoted field is not closed")
        }
        guard let first = records.first else {
            throw IOError(path: source, reason: "the file is empty (expected a header line)")
        }
        let header = first.fields
        var rows: [Row] = []
        for record in records.dropFirst() {
            guard record.fields.count == header.count else {
                throw IOError(
                    path: source,
                    reason:
                        "line \(record.line): expected \(header.count) fields as in the header. Received: \(record.fields.count)"
                )
            }
            rows.append(Row(line: record.line, fields: record.fields))
        }
        return CSVTable(header: header, rows: rows)
    }
}

/// The records of CSV text (RFC 4180), each with the 1-based line it starts on.
///
/// A leading byte-order mark is skipped, `\r\n` and `\n` end records, blank lines are skipped, fields may
/// be double-quoted (`""` inside quotes is a quote; a quoted field may span lines and keeps its spaces),
/// and unquoted fields are trimmed of spaces and tabs. Shared by every CSV reader of the project except
/// the price reader, which parses numbers straight from bytes for speed.
public enum CSVRecords {
    /// One record.
    public struct Record: Sendable, Equatable {
        /// The 1-based line where the record starts.
        public var line: Int
        /// Its fields.
        public var fields: [String]
    }

    /// A quoted field that is still open at the end of the text.
    public struct UnclosedQuote: Error, Sendable, Equatable {
        /// The 1-based line where the record with the open quote starts.
        public var line: Int

        /// An error for the record starting at `line`.
        public init(line: Int) { self.line = line }
    }

    /// Splits `text` into records.
    /// - Throws: `UnclosedQuote` with the record's line.
    /// - Complexity: O(text length).
    public static func parse(_ text: String) throws(UnclosedQuote) -> [Record] {
        var records: [Record] = []
        var fields: [String] = []
        var field = ""
        var quoted = false
        var wasQuoted = false
        var line = 1
        var recordLine = 1
        var iterator = text.unicodeScalars.makeIterator()
        var pending: Unicode.Scalar? = nil
        var first = true
        func endField() {
            fields.append(wasQuoted ? field : field.trimmingSpaces())
            field = ""
            wasQuoted = false
        }
        func endRecord() {
            endField()
            if !(fields.count == 1 && fields[0].isEmpty) { records.append(Record(line: recordLine, fields: fields)) }
            fields = []
        }
        while let c = pending ?? iterator.next() {
            pending = nil
            if first {
                first = false
                if c == "\u{FEFF}" { continue }
            }
            if quoted {
                if c == "\"" {
                    if let next = iterator.next() {
                        if next == "\"" {
                            field.unicodeScalars.append("\"")
                        } else {
                            quoted = false
                            pending = next
                        }
                    } else {
                        quoted = false
                    }
                } else {
                    if c == "\n" { line += 1 }
                    field.unicodeScalars.append(c)
                }
                continue
            }
            switch c {
            case ",":
                endField()
            case "\n":
                endRecord()
                line += 1
                recordLine = line
            case "\r":
                continue
            case "\"" where !wasQuoted && field.trimmingSpaces().isEmpty:
                field = ""
                quoted = true
                wasQuoted = true
            default:
                field.unicodeScalars.append(c)
            }
        }
        if quoted { throw UnclosedQuote(line: recordLine) }
        if !field.isEmpty || !fields.isEmpty || wasQuoted { endRecord() }
        return records
    }
}

extension String {
    func trimmingSpaces() -> String {
        let scalars = unicodeScalars
        guard let start = scalars.firstIndex(where: { $0 != " " && $0 != "\t" }) else { return "" }
        let end = scalars.lastIndex(where: { $0 != " " && $0 != "\t" }) ?? start
        return String(scalars[start...end])
    }
}
