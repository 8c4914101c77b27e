/// Writing CSV (RFC 4180), the counterpart of `CSVRecords`: the one field writer of the library and the CLI.
public enum CSVField {
    /// `text` as one CSV field: unchanged when safe, else double-quoted with each `"` doubled. A field is
    /// quoted when it holds a comma, a quote, a carriage return or a line feed (RFC 4180), or starts or ends
    /// with a space or tab (which `CSVRecords` trims from unquoted fields), so that
    /// `CSVRecords.parse(CSVField.row(fields))` gives `fields` back exactly.
    /// - Complexity: O(n) in the text's length.
    public static func quoted(_ text: String) -> String {
        let scalars = text.unicodeScalars
        let needsQuotes =
            scalars.contains { $0 == "," || $0 == "\"" || $0 == "\r" || $0 == "\n" }
            || scalars.first.map(isBlank) == true || scalars.last.map(isBlank) == true
        guard needsQuotes else { return text }
        return "\"" + text.replacingQuotes() + "\""
    }

    /// The fields as one CSV line, each through `quoted(_:)`, joined by commas (no line end).
    public static func row(_ fields: [String]) -> String {
        fields.map(quoted).joined(separator: ",")
    }

    private static func isBlank(_ scalar: Unicode.Scalar) -> Bool { scalar == " " || scalar == "\t" }
}

extension String {
    /// The text with every `"` doubled.
    fileprivate func replacingQuotes() -> String {
        var result = ""
        result.unicodeScalars.reserveCapacity(unicodeScalars.count)
        for scalar in unicodeScalars {
            if scalar == "\"" { result.unicodeScalars.append("\"") }
            result.unicodeScalars.append(scalar)
        }
        return result
    }
}
