/// How error messages quote what they read: in double quotes, escaped, and cut short.
///
/// Every FinText error that repeats input text (a header, a field, a word) goes through this, so a
/// message stays one readable line however long or binary the input is: characters are escaped as in a
/// JSON string (`\"`, `\n`, `\t`, `\u0000`; also U+007F…U+009F and invisible format characters), bytes that
/// are not UTF-8 are shown as `\xFF`, and text longer than `limit` characters ends with `…` and the total
/// length.
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
            JSONText.appendEscaped(scalar, to: &result, allControls: true)
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
                result += "\\x" + (array[i] < 0x10 ? "0" : "") + String(array[i], radix: 16, uppercase: true)
                i += 1
            } else {
                let scalar = String(decoding: array[i..<(i + length)], as: UTF8.self).unicodeScalars.first ?? "?"
                JSONText.appendEscaped(scalar, to: &result, allControls: true)
                i += length
            }
            kept += 1
        }
        if array.count < bytes.count { return result + "\"… (\(bytes.count) bytes in all)" }
        return result + "\""
    }

}
