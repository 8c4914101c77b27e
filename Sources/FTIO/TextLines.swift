/// The lines of a text file, the way every FinText line-oriented reader (JSON Lines, manifests) splits it.
///
/// Lines end at `\n`; a `\r` before it is dropped, so files written on Windows (`\r\n`) read the same.
/// Splitting works on UTF-8 bytes: a Swift `String` split on the `Character` "\n" would keep `"\r\n"`
/// (one grapheme) whole and see a CRLF file as a single line.
public enum TextLines {
    /// Calls `body` with each line's 1-based number and text (without its line end), in order. A final
    /// line without a line end is included; the empty remainder after a final `\n` is not.
    /// - Complexity: O(text length); no copy of the text.
    public static func forEach<E: Error>(
        in text: String, _ body: (_ number: Int, _ line: Substring) throws(E) -> Void
    ) throws(E) {
        let utf8 = text.utf8
        var start = utf8.startIndex
        var number = 0
        while start < utf8.endIndex {
            let newline = utf8[start...].firstIndex(of: 0x0A) ?? utf8.endIndex
            var end = newline
            if end > start, utf8[utf8.index(before: end)] == 0x0D { end = utf8.index(before: end) }
            number += 1
            try body(number, Substring(utf8[start..<end]))
            start = newline == utf8.endIndex ? newline : utf8.index(after: newline)
        }
    }
}
