import FTIO
import Foundation
import Testing

@Suite("JSONValue")
struct JSONValueTests {
    @Test("parses every kind of value, keeping object order and duplicate keys")
    func parsesValues() throws {
        let value = try JSONValue.parse(
            #" {"b": [1, -2.5, 3e2, true, false, null], "a": "x\n\u00e9\/", "b": {}} "#)
        #expect(
            value
                == .object([
                    ("b", .array([.int(1), .number(-2.5), .number(300), .bool(true), .bool(false), .null])),
                    ("a", .string("x\né/")), ("b", .object([])),
                ]))
        #expect(value["a"] == .string("x\né/"))
        #expect(value["missing"] == nil)
    }

    @Test("integers: .int within Int, .number beyond it; `integer` only for exact whole values in range")
    func integers() throws {
        #expect(try JSONValue.parse("9223372036854775807") == .int(Int.max))
        #expect(try JSONValue.parse("-9223372036854775808") == .int(Int.min))
        let big = try JSONValue.parse("9223372036854775808")
        #expect(big == .number(9_223_372_036_854_775_808))
        #expect(big.integer == nil)
        #expect(try JSONValue.parse("1e300").integer == nil)
        #expect(try JSONValue.parse("5.0").integer == 5)
        #expect(try JSONValue.parse("5.5").integer == nil)
        #expect(JSONValue.string("5").integer == nil)
    }

    @Test(
        "bad input names line and column",
        arguments: [
            ("1e400", "number out of range"), ("-1e309", "number out of range"), ("[1,]", "unexpected character"),
            ("01", "trailing characters"), ("+1", "unexpected character"), ("1.", "expected a digit after '.'"),
            ("{\"a\" 1}", "expected ':'"), ("\"a\u{01}\"", "control character"), ("\"\\x\"", "bad escape"),
            ("\"\\u12g4\"", "bad \\u escape"), ("\"abc", "unterminated string"), ("[1 2]", "expected ',' or ']'"),
            ("nul", "expected null"), ("", "unexpected end of input"),
        ])
    func errors(_ text: String, _ reason: String) {
        #expect {
            try JSONValue.parse(text)
        } throws: { error in
            (error as? JSONParseError)?.reason.contains(reason) == true
        }
    }

    @Test("the error position is 1-based line and column")
    func position() {
        #expect {
            try JSONValue.parse("[1,\n  2,\n  x]")
        } throws: { error in
            (error as? JSONParseError) == JSONParseError(line: 3, column: 3, reason: "unexpected character")
        }
    }

    @Test("nesting is bounded: maximumDepth parses, one more is an error, 200,000 levels do not overflow the stack")
    func depth() throws {
        func nested(_ depth: Int) -> String {
            String(repeating: "[", count: depth) + String(repeating: "]", count: depth)
        }
        var value = try JSONValue.parse(nested(JSONValue.maximumDepth))
        var levels = 0
        while case .array(let items) = value {
            levels += 1
            value = items.first ?? .null
        }
        #expect(levels == JSONValue.maximumDepth)
        for depth in [JSONValue.maximumDepth + 1, 200_000] {
            #expect {
                try JSONValue.parse(nested(depth))
            } throws: { error in
                (error as? JSONParseError)?.reason == "nesting deeper than \(JSONValue.maximumDepth) levels"
            }
        }
        let objects = String(repeating: #"{"a":"#, count: 200_000) + "1" + String(repeating: "}", count: 200_000)
        #expect(throws: JSONParseError.self) { try JSONValue.parse(objects) }
    }

    @Test("the three styles")
    func styles() {
        let value = JSONValue.object([
            ("n", .int(3)), ("x", .number(0.25)), ("w", .number(2)), ("u", .optional(nil)), ("nan", .number(.nan)),
            ("s", .string("é\t")), ("a", .array([.int(1), .int(2)])), ("o", .object([("k", .array([.object([])]))])),
        ])
        #expect(
            value.text(.compact)
                == #"{"n":3,"x":0.25,"w":2.0,"u":null,"nan":null,"s":"é\t","a":[1,2],"o":{"k":[{}]}}"#)
        #expect(
            value.text(.python)
                == #"{"n": 3, "x": 0.25, "w": 2.0, "u": null, "nan": null, "s": "\u00e9\t", "a": [1, 2], "o": {"k": [{}]}}"#
        )
        #expect(
            value.text(.pretty) == """
                {
                  "n": 3,
                  "x": 0.25,
                  "w": 2.0,
                  "u": null,
                  "nan": null,
                  "s": "é\\t",
                  "a": [1, 2],
                  "o": {
                    "k": [
                      {}
                    ]
                  }
                }
                """)
    }

    @Test("what is written parses back to the same value, in every style")
    func roundTrip() throws {
        let value = JSONValue.object([
            ("words", .object([("r\u{e9}sum\u{e9}", .int(2)), ("𝄞\"\\", .int(1)), ("\u{7f}\u{08}\u{0c}", .int(0))])),
            ("x", .number(-1.5e-7)), ("list", .array([.null, .bool(true), .string("")])),
        ])
        for style: JSONValue.Style in [.compact, .python, .pretty] {
            #expect(try JSONValue.parse(value.text(style)) == value)
            let foundation = try JSONSerialization.jsonObject(with: Data(value.text(style).utf8)) as? [String: Any]
            #expect((foundation?["words"] as? [String: Int])?["𝄞\"\\"] == 1)
        }
    }
}
