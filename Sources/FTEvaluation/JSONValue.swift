import FTIO

/// A minimal JSON tree with ordered object keys, so that metrics.json is byte-for-byte deterministic.
enum JSONValue: Equatable {
    case null
    case bool(Bool)
    case int(Int)
    case number(Double)
    case string(String)
    case array([JSONValue])
    case object([(String, JSONValue)])

    /// A number, or null when undefined (nil) or not finite.
    static func optional(_ value: Double?) -> JSONValue {
        guard let value, value.isFinite else { return .null }
        return .number(value)
    }

    static func == (lhs: JSONValue, rhs: JSONValue) -> Bool { lhs.text() == rhs.text() }

    /// Pretty-printed text with two-space indentation; numbers use Swift's shortest round-trip form.
    func text(indent: Int = 0) -> String {
        let pad = String(repeating: "  ", count: indent + 1)
        let closing = String(repeating: "  ", count: indent)
        switch self {
        case .null: return "null"
        case .bool(let value): return value ? "true" : "false"
        case .int(let value): return String(value)
        case .number(let value):
            guard value.isFinite else { return "null" }
            if value == value.rounded() && abs(value) < 1e15 { return String(Int(value)) + ".0" }
            return "\(value)"
        case .string(let value): return JSONValue.quoted(value)
        case .array(let values):
            if values.isEmpty { return "[]" }
            if values.allSatisfy({ $0.isScalar }) {
                return "[" + values.map { $0.text() }.joined(separator: ", ") + "]"
            }
            return "[\n" + values.map { pad + $0.text(indent: indent + 1) }.joined(separator: ",\n") + "\n\(closing)]"
        case .object(let pairs):
            if pairs.isEmpty { return "{}" }
            return "{\n"
                + pairs.map { pad + JSONValue.quoted($0.0) + ": " + $0.1.text(indent: indent + 1) }
                .joined(separator: ",\n") + "\n\(closing)}"
        }
    }

    private var isScalar: Bool {
        switch self {
        case .array, .object: return false
        default: return true
        }
    }

    static func quoted(_ string: String) -> String {
        JSONText.quoted(string)
    }
}
