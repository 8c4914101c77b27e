/// Small helpers for writing JSON text by hand where key order and layout must be exact
/// (deterministic files such as safetensors headers and `metrics.json`).
public enum JSONText {
    /// `string` as a JSON string literal, quotes included: `"`, `\` and control characters are escaped
    /// (`\n`, `\r`, `\t`, else `\u00XX`); every other character, non-ASCII included, is written as is.
    /// - Complexity: O(n) in the string's length.
    public static func quoted(_ string: String) -> String {
        var result = "\""
        for scalar in string.unicodeScalars { appendEscaped(scalar, to: &result) }
        return result + "\""
    }

    /// Appends `scalar` to `result` as inside a JSON string literal: `"` and `\\` escaped, `\n`, `\r`, `\t`,
    /// other characters below U+0020 — and, with `allControls`, also U+007F…U+009F and invisible format
    /// characters — as `\u00XX`; everything else as is.
    static func appendEscaped(_ scalar: Unicode.Scalar, to result: inout String, allControls: Bool = false) {
        switch scalar {
        case "\"": result += "\\\""
        case "\\": result += "\\\\"
        case "\n": result += "\\n"
        case "\r": result += "\\r"
        case "\t": result += "\\t"
        default:
            let invisible =
                allControls && ((0x7F...0x9F).contains(scalar.value) || scalar.properties.generalCategory == .format)
            if scalar.value < 0x20 || invisible {
                let hex = String(scalar.value, radix: 16)
                result += "\\u" + String(repeating: "0", count: max(0, 4 - hex.count)) + hex
            } else {
                result.unicodeScalars.append(scalar)
            }
        }
    }
}
