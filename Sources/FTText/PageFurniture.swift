/// Page furniture inside a section: lines that are only a page number ("52", "F-3", "ii", "Page 7") or a
/// running header ("Table of Contents", "Index"). The model never reads them (decision 0121): every path
/// that feeds text to a classifier — training, evaluation, prediction, explanation — removes them through
/// ``removed(from:)``.
public enum PageFurniture {
    /// The UTF-8 byte ranges of `text`'s lines that are not page furniture, in order, without their `\n`.
    /// - Complexity: O(text's UTF-8 length).
    public static func contentLines(of text: String) -> [Range<Int>] {
        var lines: [Range<Int>] = []
        let bytes = Array(text.utf8)
        var start = 0
        while start <= bytes.count {
            var end = start
            while end < bytes.count && bytes[end] != 0x0A { end += 1 }
            // Only short lines can be furniture; decode just those.
            if end - start > 24
                || !SectionExtractor.isPageFurniture(String(decoding: bytes[start..<end], as: UTF8.self))
            {
                lines.append(start..<end)
            }
            start = end + 1
        }
        return lines
    }

    /// `text` without its page-furniture lines (the other lines joined by `\n`).
    /// - Complexity: O(text's UTF-8 length).
    public static func removed(from text: String) -> String {
        let lines = contentLines(of: text)
        if lines.count == 1 && lines[0].count == text.utf8.count { return text }
        var output: [UInt8] = []
        output.reserveCapacity(text.utf8.count)
        let bytes = Array(text.utf8)
        for (k, line) in lines.enumerated() {
            if k > 0 { output.append(0x0A) }
            output.append(contentsOf: bytes[line])
        }
        return String(decoding: output, as: UTF8.self)
    }
}
