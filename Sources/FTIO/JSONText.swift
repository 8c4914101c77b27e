/// The JSON string escaper shared by every JSON writer of the project (`JSONValue`, and callers that
/// quote a single string).
public enum JSONText {
    /// `string` as a JSON string literal, quotes included.
    ///
    /// `"`, `\` and control characters are always escaped (`\n`, `\r`, `\t`, else `\u00XX`; with
    /// `asciiOnly` also `\b` and `\f`, as Python writes them). Every other character is written as is, or,
    /// when `asciiOnly` (Python's `ensure_ascii`), each UTF-16 unit above U+007E as `\uXXXX` (lowercase hex).
    /// - Complexity: O(n) in the string's length.
    public static func quoted(_ string: String, asciiOnly: Bool = false) -> String {
        var result = "\""
        if asciiOnly {
            for unit in string.utf16 {
                switch unit {
                case 0x08: result += "\\b"
                case 0x0C: result += "\\f"
                case 0..<0x7F: appendEscaped(Unicode.Scalar(UInt8(unit)), to: &result)
                default: appendUnit(unit, to: &result)
                }
            }
        } else {
            for scalar in string.unicodeScalars {
                if scalar.value < 0x7F {
                    appendEscaped(scalar, to: &result)
                } else {
                    result.unicodeScalars.append(scalar)
                }
            }
        }
        return result + "\""
    }

    /// Appends `scalar` to `result` as inside a JSON string literal: `"` and `\\` escaped, `\n`, `\r`, `\t`,
    /// other characters below U+0020 — and, with `allControls`, also U+007F…U+009F and invisible format
    /// characters (for quoting input in error messages) — as `\u00XX`; everything else as is.
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

    /// Appends `\uXXXX` (lowercase hex) for one UTF-16 unit.
    private static func appendUnit(_ unit: UInt16, to result: inout String) {
        let hex = String(unit, radix: 16)
        result += "\\u" + String(repeating: "0", count: 4 - hex.count) + hex
    }
}
