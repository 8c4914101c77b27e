/// Small helpers for writing JSON text by hand where key order and layout must be exact
/// (deterministic files such as safetensors headers and `metrics.json`).
public enum JSONText {
    /// `string` as a JSON string literal, quotes included: `"`, `\` and control characters are escaped
    /// (`\n`, `\r`, `\t`, else `\u00XX`); every other character, non-ASCII included, is written as is.
    /// - Complexity: O(n) in the string's length.
    public static func quoted(_ string: String) -> String {
        var result = "\""
        for scalar in string.unicodeScalars {
            switch scalar {
            case "\"": result += "\\\""
            case "\\": result += "\\\\"
            case "\n": result += "\\n"
            case "\r": result += "\\r"
            case "\t": result += "\\t"
            default:
                if scalar.value < 0x20 {
                    let hex = String(scalar.value, radix: 16)
                    result += "\\u" + String(repeating: "0", count: 4 - hex.count) + hex
                } else {
                    result.unicodeScalars.append(scalar)
                }
            }
        }
        return result + "\""
    }
}
