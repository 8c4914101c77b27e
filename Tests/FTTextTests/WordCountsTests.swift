import FTText
import Testing

@Suite("WordCounts: counting in parts")
struct WordCountsTests {
    /// Texts whose words tie on counts, first seen in different parts, so the index depends on Keras's
    /// first-appearance tie order across parts.
    static let texts = [
        "Beta alpha gamma", "delta ALPHA", "gamma beta epsilon", "zeta eta", "eta zeta delta", "epsilon theta",
        "theta iota iota", "kappa", "Alpha-beta; gamma!", "lambda mu mu lambda", "nu", "xi xi nu omicron",
    ]

    @Test("a tokenizer fitted from merged part counts equals one fitted on all texts, for every split into parts")
    func mergedEqualsWhole() {
        var whole = Tokenizer()
        whole.fit(on: Self.texts)
        for cuts in [[0, 12], [0, 1, 12], [0, 5, 6, 12], [0, 2, 4, 6, 8, 10, 12], Array(0...12)] {
            let parts = zip(cuts, cuts.dropFirst()).map { range -> WordCounts in
                var part = Tokenizer()
                part.fit(on: Array(Self.texts[range.0..<range.1]))
                return part.fittedCounts
            }
            let merged = Tokenizer(counts: WordCounts.merged(parts))
            #expect(merged.wordIndex == whole.wordIndex, "cuts \(cuts)")
            #expect(merged.toKerasJSON() == whole.toKerasJSON(), "cuts \(cuts)")
            #expect(WordCounts.merged(parts) == whole.fittedCounts)
        }
        // Ties: alpha, beta, gamma all occur 3 times; alpha first appears after beta.
        #expect(whole.index(of: "beta")! < whole.index(of: "alpha")!)
        // Merging is associative: ((a b) c) == (a (b c)).
        let counts = Self.texts.map { text -> WordCounts in
            var t = Tokenizer()
            t.fit(on: [text])
            return t.fittedCounts
        }
        let left = WordCounts.merged([WordCounts.merged(Array(counts[0..<5])), WordCounts.merged(Array(counts[5...]))])
        #expect(left == WordCounts.merged(counts))
    }

    @Test("max_words and the OOV token apply to a tokenizer fitted from counts as to one fitted on texts")
    func options() {
        var whole = Tokenizer(maxWords: 4, oovToken: "<unk>")
        whole.fit(on: Self.texts)
        var part = Tokenizer()
        part.fit(on: Self.texts)
        let fromCounts = Tokenizer(counts: part.fittedCounts, maxWords: 4, oovToken: "<unk>")
        #expect(fromCounts.sequences(for: Self.texts) == whole.sequences(for: Self.texts))
        #expect(fromCounts.toKerasJSON() == whole.toKerasJSON())
    }
}
