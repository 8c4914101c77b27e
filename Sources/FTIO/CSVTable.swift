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

    /// Parses CSV text.
    /// - Parameter source: The file name used in errors.
    /// - Throws: `IOError` naming the file and line for an empty file, an unclosed quote, or a row whose
    ///   field count differs from the header's.
    /// - Complexity: O(text length).
    public static func parse(_ text: String, source: String) throws(IOError) -> CSVTable {
        var records: [(line: Int, fields: [String])] = []
        var fields: [String] = []
        var field = ""
        var quoted = false
        var afterQuote = false
        var line = 1
        var recordLine = 1
        var iterator = text.unicodeScalars.makeIterator()
        var pending: Unicode.Scalar? = nil
        func endRecord() {
            fields.append(field)
            if !(fields.count == 1 && fields[0].trimmingSpaces().isEmpty) { records.append((recordLine, fields)) }
            fields = []
            field = ""
        }
        while let c = pending ?? iterator.next() {
            pending = nil
            if quoted {
                if c == "\"" {
                    if let next = iterator.next() {
                        if next == "\"" { field.unicodeScalars.append("\"") } else { quoted = false; afterQuote = true; pending = next }
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
                fields.append(field)
                field = ""
                afterQuote = false
            case "\n":
                endRecord()
                line += 1
                recordLine = line
                afterQuote = false
            case "\r":
                continue
            case "\"" where field.trimmingSpaces().isEmpty && !afterQuote:
                field = ""
                quoted = true
            default:
                field.unicodeScalars.append(c)
            }
        }
        if quoted { throw IOError(path: source, reason: "line \(recordLine): a quoted field is not closed") }
        if !field.isEmpty || !fields.isEmpty { endRecord() }
        guard let first = records.first else { throw IOError(path: source, reason: "the file is empty (expected a header line)") }
        let header = first.fields.map { $0.trimmingSpaces() }
        var rows: [Row] = []
        for record in records.dropFirst() {
            guard record.fields.count == header.count else {
                throw IOError(
                    path: source,
                    reason: "line \(record.line): expected \(header.count) fields as in the header. Received: \(record.fields.count)")
            }
            rows.append(Row(line: record.line, fields: record.fields.map { $0.trimmingSpaces() }))
        }
        return CSVTable(header: header, rows: rows)
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
