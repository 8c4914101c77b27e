/// How error messages quote what they read: in double quotes, escaped, and cut short.
///
/// Every FinText error that repeats input text (a header, a field, a word) goes through this, so a
/// message stays one readable line however long or binary the input is: control characters are escaped
/// (`\n`, `\t`, `\u{0}`), bytes that are not UTF-8 are shown as `\xFF`, and text longer than `limit`
/// characters ends with `…` and the total length.
public enum InputExcerpt {
    /// The default number of characters kept.
    public static let defaultLimit = 80

    /// `text` quoted, escaped and cut to `limit` characters (Unicode scalars).
    /// - Complexity: O(limit), whatever the length of `text` beyond its count of UTF-8 bytes.
    public static func quoted(_ text: some StringProtocol, limit: Int = defaultLimit) -> String {
        var result = "\""
        var kept = 0
        for scalar in text.unicodeScalars {
            if kept == limit {
                return result + "\"… (\(text.utf8.count) bytes in all)"
            }
            append(scalar, to: &result)
            kept += 1
        }
        return result + "\""
    }

    /// `bytes` read as UTF-8 where they are valid (invalid bytes as `\xNN`), quoted, escaped and cut to
    /// `limit` characters.
    public static func quoted(bytes: some Collection<UInt8>, limit: Int = defaultLimit) -> String {
        let array = Array(bytes.prefix(limit * 4 + 4))
        var result = "\""
        var kept = 0
        var i = 0
        let slice = array[...]
        while i < array.count {
            if kept == limit { return result + "\"… (\(bytes.count) bytes in all)" }
            let length = UTF8Validation.validSequenceLength(slice, i)
            if length == 0 {
                result += "\\x" + hex(UInt32(array[i]), width: 2)
                i += 1
            } else {
                let scalar = String(decoding: array[i..<(i + length)], as: UTF8.self).unicodeScalars.first ?? "?"
                append(scalar, to: &result)
                i += length
            }
            kept += 1
        }
        if array.count < bytes.count { return result + "\"… (\(bytes.count) bytes in all)" }
        return result + "\""
    }

    private static func append(_ scalar: Unicode.Scalar, to result: inout String) {
        switch scalar {
        case "\"": result += "\\\""
        case "\\": result += "\\\\"
        case "\n": result += "\\n"
        case "\r": result += "\\r"
        case "\t": result += "\\t"
        default:
            if scalar.value < 0x20 || (0x7F...0x9F).contains(scalar.value)
                || scalar.properties.generalCategory == .format
            {
                result += "\\u{" + hex(scalar.value, width: 1) + "}"
            } else {
                result.unicodeScalars.append(scalar)
            }
        }
    }

    private static func hex(_ value: UInt32, width: Int) -> String {
        let digits = String(value, radix: 16, uppercase: true)
        return String(repeating: "0", count: max(0, width - digits.count)) + digits
    }
}
