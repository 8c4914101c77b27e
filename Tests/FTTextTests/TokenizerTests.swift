import FTText
import Testing

@Suite struct TokenizerTests {
    static let caseNames = ["raw_default", "clean_num_words_oov", "clean_num_words", "raw_no_lower_oov"]

    static func tokenizer(for name: String) -> Tokenizer {
        switch name {
        case "clean_num_words_oov": Tokenizer(maxWords: 50, oovToken: "<OOV>")
        case "clean_num_words": Tokenizer(maxWords: 30)
        case "raw_no_lower_oov": Tokenizer(oovToken: "oov", lowercase: false)
        default: Tokenizer()
        }
    }

    static func corpus(_ golden: KerasGolden, _ name: String) -> (seen: [String], unseen: [String]) {
        name.hasPrefix("clean") ? (golden.cleaned, golden.cleanedUnseen) : (golden.texts, golden.unseen)
    }

    @Test(arguments: caseNames)
    func matchesKerasOnRealSectionText(_ name: String) throws {
        let golden = try KerasGolden.load()
        let expected = try golden.case(name)
        let (seen, unseen) = Self.corpus(golden, name)
        var tokenizer = Self.tokenizer(for: name)
        tokenizer.fit(on: seen)
        // python: tok.fit_on_texts(texts); tok.wordIndex / word_counts / word_docs / document_count
        #expect(tokenizer.wordIndex == expected.wordIndex)
        #expect(tokenizer.wordCounts.map(\.word) == expected.wordCounts.map(\.word))
        #expect(tokenizer.wordCounts.map(\.count) == expected.wordCounts.map(\.count))
        #expect(tokenizer.wordDocs == expected.wordDocs)
        #expect(tokenizer.documentCount == expected.documentCount)
        // python: tok.texts_to_sequences(texts)
        #expect(tokenizer.sequences(for: seen) == expected.sequences)
        #expect(tokenizer.sequences(for: unseen) == expected.unseenSequences)
        #expect(unseen.map { tokenizer.sequence(for: $0) } == expected.unseenSequences)
    }

    @Test func goldenCorpusHasTiesAndLimits() throws {
        // Guards the golden file itself: the cases must exercise ties, num_words and OOV.
        let expected = try KerasGolden.load().case("clean_num_words_oov")
        let counts = expected.wordCounts.map(\.count)
        #expect(Set(counts).count < counts.count)
        #expect(expected.unseenSequences.joined().contains(1))
        #expect(expected.wordIndex.count > 50)
    }

    @Test func fittingInTwoCallsEqualsFittingOnce() throws {
        let golden = try KerasGolden.load()
        var once = Tokenizer()
        once.fit(on: golden.cleaned)
        var twice = Tokenizer()
        twice.fit(on: Array(golden.cleaned[..<7]))
        twice.fit(on: Array(golden.cleaned[7...]))
        #expect(once.wordIndex == twice.wordIndex)
        #expect(once.wordCounts.map(\.word) == twice.wordCounts.map(\.word))
        var streamed = Tokenizer()
        for text in golden.cleaned {
            var copy = text
            copy.withUTF8 { streamed.fit(document: $0) }
        }
        streamed.finishFitting()
        #expect(streamed.wordIndex == once.wordIndex)
        #expect(streamed.documentCount == golden.cleaned.count)
    }

    @Test func handWorkedTiesAndOOV() {
        var tokenizer = Tokenizer(maxWords: 4, oovToken: "<unk>")
        tokenizer.fit(on: ["b a c", "c d e a"])
        // counts: b1 a2 c2 d1 e1 → a, c (ties by first appearance: a before c), b, d, e
        #expect(tokenizer.wordIndex == ["<unk>": 1, "a": 2, "c": 3, "b": 4, "d": 5, "e": 6])
        // indices >= maxWords (4) become OOV
        #expect(tokenizer.sequence(for: "A, b! zz c") == [2, 1, 1, 3])
        #expect(tokenizer.indexWord == [nil, "<unk>", "a", "c", "b", "d", "e"])
    }

    @Test func oovTokenThatIsAlsoAWordTakesItsLaterIndexAsInKeras() {
        var tokenizer = Tokenizer(oovToken: "x")
        tokenizer.fit(on: ["y y x"])
        // python: dict(zip(['x', 'y', 'x'], [1, 2, 3])) == {'x': 3, 'y': 2}
        #expect(tokenizer.wordIndex == ["x": 3, "y": 2])
        #expect(tokenizer.sequence(for: "y q") == [2, 3])
    }

    @Test func carriageReturnIsNotASeparatorInKeras() {
        var tokenizer = Tokenizer()
        tokenizer.fit(on: ["one\r\ntwo"])
        #expect(tokenizer.wordIndex == ["one\r": 1, "two": 2])
    }
}
