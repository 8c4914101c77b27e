/// A JSON value whose objects keep their key order, so written files are byte-for-byte deterministic
/// and Keras's order-sensitive dictionaries (`word_counts`) survive a round trip.
///
/// The one JSON tree of FinText: the tokenizer's Keras JSON, `metrics.json` and the safetensors header are
/// all written through it (decision 0170). Parsing is bounded: nesting deeper than `maximumDepth` and
/// numbers outside the range of `Double` are errors, never a trap or a stack overflow.
public enum JSONValue: Sendable, Equatable {
    /// `null`.
    case null
    /// `true` or `false`.
    case bool(Bool)
    /// A number written without fraction or exponent that fits `Int`.
    case int(Int)
    /// Any other number (always finite when parsed; written as `null` when not finite).
    case number(Double)
    /// A string.
    case string(String)
    /// An array.
    case array([JSONValue])
    /// An object, its members in file (or construction) order; duplicate keys are kept as given.
    case object([(String, JSONValue)])

    /// The deepest nesting of arrays and objects `parse` accepts (the top-level value is depth 1).
    /// Keras tokenizer files nest 2 deep; the bound keeps the recursive parser far from the stack's end.
    public static let maximumDepth = 512

    /// A number, or `null` when undefined (nil) or not finite.
    public static func optional(_ value: Double?) -> JSONValue {
        guard let value, value.isFinite else { return .null }
        return .number(value)
    }

    public static func == (lhs: JSONValue, rhs: JSONValue) -> Bool {
        switch (lhs, rhs) {
        case (.null, .null): true
        case (.bool(let a), .bool(let b)): a == b
        case (.int(let a), .int(let b)): a == b
        case (.number(let a), .number(let b)): a == b
        case (.string(let a), .string(let b)): a == b
        case (.array(let a), .array(let b)): a == b
        case (.object(let a), .object(let b)):
            a.count == b.count && zip(a, b).allSatisfy { $0.0 == $1.0 && $0.1 == $1.1 }
        default: false
        }
    }

    /// The value of the first member named `key` of an object; nil when absent or not an object.
    public subscript(key: String) -> JSONValue? {
        guard case .object(let pairs) = self else { return nil }
        return pairs.first { $0.0 == key }?.1
    }

    /// The value as an `Int`: an `.int`, or a `.number` that is a whole number within `Int`'s range
    /// (so `5.0` reads as 5 but `1e300` and `2^63` do not); nil otherwise.
    public var integer: Int? {
        switch self {
        case .int(let value): value
        case .number(let value): Int(exactly: value)
        default: nil
        }
    }

    // MARK: Parsing

    /// Parses JSON text (RFC 8259; a top-level scalar is accepted).
    /// - Throws: `JSONParseError` with the 1-based line and column of the problem: a syntax error, a raw
    ///   control character or a bad escape in a string, nesting deeper than `maximumDepth`, or a number
    ///   whose magnitude overflows `Double` (such as `1e400`).
    /// - Complexity: O(n) in the text's length.
    public static func parse(_ text: String) throws(JSONParseError) -> JSONValue {
        var parser = JSONParser(bytes: Array(text.utf8))
        let value = try parser.value(depth: 1)
        parser.skipSpace()
        guard parser.position == parser.bytes.count else { throw parser.error("trailing characters") }
        return value
    }

    // MARK: Writing

    /// How `text(_:)` lays out a value.
    public enum Style: Sendable {
        /// No whitespace at all; strings keep non-ASCII characters as UTF-8 (safetensors headers).
        case compact
        /// Python's `json.dumps` defaults: `", "` and `": "` separators, non-ASCII escaped as `\uXXXX`
        /// (Keras's tokenizer JSON).
        case python
        /// Two-space indentation, one member or element per line, arrays of scalars on one line;
        /// strings keep non-ASCII as UTF-8 (`metrics.json`).
        case pretty
    }

    /// The value as JSON text in `style`. Integers are written as digits; other numbers in Swift's shortest
    /// round-trip form, whole ones below 10^15 with a trailing `.0`; non-finite numbers as `null`.
    /// - Complexity: O(size of the output).
    public func text(_ style: Style) -> String {
        var out = ""
        write(style, indent: 0, to: &out)
        return out
    }

    private func write(_ style: Style, indent: Int, to out: inout String) {
        switch self {
        case .null: out += "null"
        case .bool(let value): out += value ? "true" : "false"
        case .int(let value): out += String(value)
        case .number(let value):
            if !value.isFinite {
                out += "null"
            } else if value == value.rounded() && abs(value) < 1e15 {
                out += String(Int(value)) + ".0"
            } else {
                out += "\(value)"
            }
        case .string(let value): out += JSONText.quoted(value, asciiOnly: style == .python)
        case .array(let items):
            if style == .pretty && !items.isEmpty && !items.allSatisfy(\.isScalar) {
                writeLines(items.map { (nil, $0) }, open: "[", close: "]", indent: indent, to: &out)
                return
            }
            out += "["
            for (k, item) in items.enumerated() {
                if k > 0 { out += style == .compact ? "," : ", " }
                item.write(style, indent: indent + 1, to: &out)
            }
            out += "]"
        case .object(let pairs):
            if style == .pretty && !pairs.isEmpty {
                writeLines(pairs.map { ($0.0, $0.1) }, open: "{", close: "}", indent: indent, to: &out)
                return
            }
            out += "{"
            for (k, pair) in pairs.enumerated() {
                if k > 0 { out += style == .compact ? "," : ", " }
                out += JSONText.quoted(pair.0, asciiOnly: style == .python)
                out += style == .compact ? ":" : ": "
                pair.1.write(style, indent: indent + 1, to: &out)
            }
            out += "}"
        }
    }

    /// Pretty style: one member per line, indented two spaces per level.
    private func writeLines(
        _ members: [(String?, JSONValue)], open: String, close: String, indent: Int, to out: inout String
    ) {
        let pad = String(repeating: "  ", count: indent + 1)
        out += open + "\n"
        for (k, member) in members.enumerated() {
            if k > 0 { out += ",\n" }
            out += pad
            if let key = member.0 { out += JSONText.quoted(key) + ": " }
            member.1.write(.pretty, indent: indent + 1, to: &out)
        }
        out += "\n" + String(repeating: "  ", count: indent) + close
    }

    private var isScalar: Bool {
        switch self {
        case .array, .object: false
        default: true
        }
    }
}

/// JSON text that cannot be parsed, with the 1-based line and column (in UTF-8 bytes) of the problem.
public struct JSONParseError: Error, Sendable, Equatable, CustomStringConvertible {
    /// 1-based line.
    public var line: Int
    /// 1-based column, counted in UTF-8 bytes.
    public var column: Int
    /// What is wrong.
    public var reason: String

    /// Creates an error.
    public init(line: Int, column: Int, reason: String) {
        self.line = line
        self.column = column
        self.reason = reason
    }

    /// `line L, column C: reason`.
    public var description: String { "line \(line), column \(column): \(reason)" }
}

/// A recursive-descent parser over UTF-8 bytes; recursion depth is bounded by `JSONValue.maximumDepth`.
private struct JSONParser {
    let bytes: [UInt8]
    var position = 0

    func error(_ reason: String) -> JSONParseError {
        var line = 1
        var column = 1
        for b in bytes[0..<min(position, bytes.count)] {
            if b == 0x0A {
                line += 1
                column = 1
            } else {
                column += 1
            }
        }
        return JSONParseError(line: line, column: column, reason: reason)
    }

    mutating func skipSpace() {
        while position < bytes.count {
            switch bytes[position] {
            case 0x20, 0x09, 0x0A, 0x0D: position += 1
            default: return
            }
        }
    }

    func peek(_ ascii: Unicode.Scalar) -> Bool {
        position < bytes.count && bytes[position] == UInt8(ascii: ascii)
    }

    mutating func value(depth: Int) throws(JSONParseError) -> JSONValue {
        skipSpace()
        guard position < bytes.count else { throw error("unexpected end of input") }
        switch bytes[position] {
        case UInt8(ascii: "{"):
            guard depth <= JSONValue.maximumDepth else {
                throw error("nesting deeper than \(JSONValue.maximumDepth) levels")
            }
            position += 1
            var pairs: [(String, JSONValue)] = []
            skipSpace()
            if peek("}") {
                position += 1
                return .object(pairs)
            }
            while true {
                skipSpace()
                guard peek("\"") else { throw error("expected a string key") }
                let key = try string()
                skipSpace()
                guard peek(":") else { throw error("expected ':'") }
                position += 1
                pairs.append((key, try value(depth: depth + 1)))
                skipSpace()
                guard position < bytes.count else { throw error("unterminated object") }
                if peek(",") {
                    position += 1
                    continue
                }
                if peek("}") {
                    position += 1
                    return .object(pairs)
                }
                throw error("expected ',' or '}'")
            }
        case UInt8(ascii: "["):
            guard depth <= JSONValue.maximumDepth else {
                throw error("nesting deeper than \(JSONValue.maximumDepth) levels")
            }
            position += 1
            var items: [JSONValue] = []
            skipSpace()
            if peek("]") {
                position += 1
                return .array(items)
            }
            while true {
                items.append(try value(depth: depth + 1))
                skipSpace()
                guard position < bytes.count else { throw error("unterminated array") }
                if peek(",") {
                    position += 1
                    continue
                }
                if peek("]") {
                    position += 1
                    return .array(items)
                }
                throw error("expected ',' or ']'")
            }
        case UInt8(ascii: "\""):
            return .string(try string())
        case UInt8(ascii: "t"):
            try literal("true")
            return .bool(true)
        case UInt8(ascii: "f"):
            try literal("false")
            return .bool(false)
        case UInt8(ascii: "n"):
            try literal("null")
            return .null
        default:
            return try number()
        }
    }

    /// `-?(0|[1-9][0-9]*)(\.[0-9]+)?([eE][+-]?[0-9]+)?`: an `.int` when there is no fraction or exponent
    /// and the value fits `Int`, else a finite `.number`.
    mutating func number() throws(JSONParseError) -> JSONValue {
        let start = position
        func isDigit(_ i: Int) -> Bool { i < bytes.count && bytes[i] >= 0x30 && bytes[i] <= 0x39 }
        if peek("-") { position += 1 }
        guard isDigit(position) else {
            position = start
            throw error("unexpected character")
        }
        if bytes[position] == UInt8(ascii: "0") {
            position += 1
        } else {
            while isDigit(position) { position += 1 }
        }
        var isInteger = true
        if peek(".") {
            position += 1
            guard isDigit(position) else { throw error("expected a digit after '.'") }
            while isDigit(position) { position += 1 }
            isInteger = false
        }
        if peek("e") || peek("E") {
            position += 1
            if peek("+") || peek("-") { position += 1 }
            guard isDigit(position) else { throw error("expected a digit in the exponent") }
            while isDigit(position) { position += 1 }
            isInteger = false
        }
        let literal = String(decoding: bytes[start..<position], as: UTF8.self)
        if isInteger, let value = Int(literal) { return .int(value) }
        guard let value = Double(literal), value.isFinite else {
            position = start
            throw error("number out of range")
        }
        return .number(value)
    }

    mutating func literal(_ word: String) throws(JSONParseError) {
        let w = Array(word.utf8)
        guard position + w.count <= bytes.count, bytes[position..<(position + w.count)].elementsEqual(w) else {
            throw error("expected \(word)")
        }
        position += w.count
    }

    mutating func string() throws(JSONParseError) -> String {
        position += 1  // opening quote
        var units: [UInt16] = []
        var runStart = position
        func flush(upTo end: Int) {
            if end > runStart { units.append(contentsOf: String(decoding: bytes[runStart..<end], as: UTF8.self).utf16) }
        }
        while position < bytes.count {
            let b = bytes[position]
            if b == UInt8(ascii: "\"") {
                if units.isEmpty {
                    let s = String(decoding: bytes[runStart..<position], as: UTF8.self)
                    position += 1
                    return s
                }
                flush(upTo: position)
                position += 1
                return String(decoding: units, as: UTF16.self)
            }
            if b < 0x20 { throw error("control character in a string (escape it)") }
            if b == UInt8(ascii: "\\") {
                flush(upTo: position)
                guard position + 1 < bytes.count else { break }
                let e = bytes[position + 1]
                position += 2
                switch e {
                case UInt8(ascii: "\""): units.append(0x22)
                case UInt8(ascii: "\\"): units.append(0x5C)
                case UInt8(ascii: "/"): units.append(0x2F)
                case UInt8(ascii: "n"): units.append(0x0A)
                case UInt8(ascii: "t"): units.append(0x09)
                case UInt8(ascii: "r"): units.append(0x0D)
                case UInt8(ascii: "b"): units.append(0x08)
                case UInt8(ascii: "f"): units.append(0x0C)
                case UInt8(ascii: "u"):
                    let hex = bytes[position..<min(position + 4, bytes.count)]
                    guard hex.count == 4,
                        hex.allSatisfy({
                            UInt8(ascii: "0")...UInt8(ascii: "9") ~= $0
                                || UInt8(ascii: "a")...UInt8(ascii: "f") ~= $0 | 0x20
                        }),
                        let u = UInt16(String(decoding: hex, as: UTF8.self), radix: 16)
                    else {
                        position -= 2
                        throw error("bad \\u escape")
                    }
                    units.append(u)
                    position += 4
                default:
                    position -= 2
                    throw error("bad escape")
                }
                runStart = position
                continue
            }
            position += 1
        }
        throw error("unterminated string")
    }
}
