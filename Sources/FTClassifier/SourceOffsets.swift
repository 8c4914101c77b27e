import FTText

/// Where each word of a document's cleaned text came from in the document's original text, so explanation
/// passages can point into the filing (issue #21).
///
/// The model's input is `PageFurniture.removed(from: text)` cleaned by `TextCleaner.study`, after the prefix
/// words (section title, ticker). Cleaning the kept lines one by one yields the same words as cleaning them
/// joined (no word, URL or digit run crosses a line break), so each cleaned word's byte range is the
/// cleaner's span within its line plus the line's start.
struct SourceOffsets: Sendable {
    /// Unicode scalar range of each cleaned word of the text (prefix words excluded), `textOffset` added.
    let spans: [Range<Int>]
    /// Words of the cleaned text that come before the text's own words (section title word, ticker).
    let prefixWords: Int

    /// Aligns `document` with its cleaned text of `wordCount` words, or nil when the counts do not fit
    /// (which would mean the tokenizer split words differently from the cleaner).
    init?(document: ClassifierDocument, wordCount: Int) {
        let text = document.text
        let bytes = Array(text.utf8)
        var byteSpans: [Range<Int>] = []
        for line in PageFurniture.contentLines(of: text) {
            let words = TextCleaner.study.wordSpans(in: String(decoding: bytes[line], as: UTF8.self))
            byteSpans += words.map { ($0.lowerBound + line.lowerBound)..<($0.upperBound + line.lowerBound) }
        }
        guard wordCount >= byteSpans.count else { return nil }
        prefixWords = wordCount - byteSpans.count
        // One walk over the scalars turns the (increasing) byte offsets into scalar offsets.
        let offset = document.textOffset ?? 0
        var boundaries = byteSpans.flatMap { [$0.lowerBound, $0.upperBound] }
        var next = 0
        var byte = 0
        var scalar = 0
        for s in text.unicodeScalars {
            while next < boundaries.count && boundaries[next] <= byte {
                boundaries[next] = scalar + offset
                next += 1
            }
            byte += String(s).utf8.count
            scalar += 1
        }
        while next < boundaries.count {
            boundaries[next] = scalar + offset
            next += 1
        }
        spans = stride(from: 0, to: boundaries.count, by: 2).map { boundaries[$0]..<boundaries[$0 + 1] }
    }

    /// The scalar range from the first to the last of the cleaned-text words `words` that come from the
    /// text (prefix words are skipped), or nil when all of them are prefix words.
    func characters(words: ClosedRange<Int>) -> Range<Int>? {
        let first = max(words.lowerBound, prefixWords) - prefixWords
        let last = words.upperBound - prefixWords
        guard last >= first, last < spans.count else { return nil }
        return spans[first].lowerBound..<spans[last].upperBound
    }
}
