import FTIO
import Foundation
import Testing

@Suite("JSONText")
struct JSONTextTests {
    @Test("quoted strings escape what JSON requires and parse back to the original")
    func quoted() throws {
        #expect(JSONText.quoted("plain") == "\"plain\"")
        #expect(JSONText.quoted("a\"b\\c\nd\te\r\u{01}") == #""a\"b\\c\nd\te\r\u0001""#)
        #expect(JSONText.quoted("Résumé — ✓") == "\"Résumé — ✓\"")
        for text in ["", "quote \" and backslash \\", "tab\tnew\nline", "\u{1F}\u{00}x", "𝄞 ünïcode"] {
            let parsed = try JSONSerialization.jsonObject(
                with: Data(JSONText.quoted(text).utf8), options: [.fragmentsAllowed])
            #expect(parsed as? String == text)
        }
    }
}

@Suite("JSONText ASCII-only")
struct JSONTextASCIITests {
    @Test("asciiOnly escapes like Python's json.dumps (ensure_ascii)")
    func asciiOnly() throws {
        #expect(
            JSONText.quoted("é𝄞\u{7f}\u{08}\u{0c}\u{01}\"", asciiOnly: true)
                == #""\u00e9\ud834\udd1e\u007f\b\f\u0001\"""#)
        #expect(JSONText.quoted("\u{08}") == #""\u0008""#)
    }
}
