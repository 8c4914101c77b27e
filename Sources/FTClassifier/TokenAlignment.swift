import FTText

/// The words of a cleaned text and which of them became the model's tokens.
///
/// The tokenizer drops words outside its vocabulary (the study uses no OOV token), so the token sequence is
/// a subsequence of the words. Explanations report positions in both and widen passages with the words,
/// so a reader also sees the words the model skipped.
struct TokenAlignment: Sendable {
    /// Words of the cleaned text, split as Keras's `text_to_word_sequence` (and the tokenizer) does.
    var words: [String]
    /// The token ids, equal to `tokenizer.sequence(for: text)`.
    var ids: [Int32]
    /// For each token, the index of its word in `words`.
    var wordIndexOfToken: [Int]
    /// Words of the cleaned text (equal to `words.count` unless the fallback was used).
    var wordCount: Int
    /// Words dropped because they are outside the vocabulary (or beyond `maxWords`).
    var wordsOutsideVocabulary: Int

    /// Aligns `text` (already cleaned) with its token sequence.
    ///
    /// When the word-level re-tokenisation does not reproduce the tokenizer's sequence exactly (which it
    /// should for every input; the check guards against a divergence in splitting or lower-casing), the
    /// words fall back to the tokens' own words from `indexWord`, so positions stay exact.
    init(text: String, tokenizer: Tokenizer, indexWord: [String?]) {
        let filters = Set(tokenizer.filters.unicodeScalars)
        let separator = tokenizer.split.unicodeScalars.first
        var words: [String] = []
        var current = String.UnicodeScalarView()
        for scalar in text.unicodeScalars {
            if scalar == separator || filters.contains(scalar) {
                if !current.isEmpty {
                    words.append(String(current))
                    current = String.UnicodeScalarView()
                }
            } else {
                current.append(scalar)
            }
        }
        if !current.isEmpty { words.append(String(current)) }
        if tokenizer.lowercase { words = words.map { $0.lowercased() } }

        let limit = tokenizer.maxWords ?? Int.max
        let oov = tokenizer.oovToken.flatMap { tokenizer.index(of: $0) }.map(Int32.init)
        var ids: [Int32] = []
        var wordIndexOfToken: [Int] = []
        ids.reserveCapacity(words.count)
        wordIndexOfToken.reserveCapacity(words.count)
        var dropped = 0
        for (w, word) in words.enumerated() {
            if let index = tokenizer.index(of: word), index < limit {
                ids.append(Int32(index))
                wordIndexOfToken.append(w)
            } else if let oov {
                ids.append(oov)
                wordIndexOfToken.append(w)
            } else {
                dropped += 1
            }
        }
        let expected = tokenizer.sequence(for: text)
        self.wordCount = words.count
        if ids == expected {
            self.words = words
            self.ids = ids
            self.wordIndexOfToken = wordIndexOfToken
            self.wordsOutsideVocabulary = dropped
        } else {
            self.words = expected.map { Int($0) < indexWord.count ? indexWord[Int($0)] ?? "?" : "?" }
            self.ids = expected
            self.wordIndexOfToken = Array(expected.indices)
            self.wordsOutsideVocabulary = max(0, words.count - expected.count)
        }
    }
}
