import FTText
import Testing

@Suite struct TokenizerCleaningTests {
    @Test func streamingCleanAndFitEqualsKerasOnCleanedTexts() throws {
        let golden = try KerasGolden.load()
        let expected = try golden.case("clean_num_words_oov")
        var tokenizer = Tokenizer(maxWords: 50, oovToken: "<OOV>")
        // python: tok.fit_on_texts([clean(t) for t in texts])
        tokenizer.fit(on: golden.texts, cleaningWith: .study)
        #expect(tokenizer.wordIndex == expected.wordIndex)
        #expect(tokenizer.wordDocs == expected.wordDocs)
        #expect(tokenizer.sequences(for: golden.texts, cleaningWith: .study) == expected.sequences)
        #expect(tokenizer.sequences(for: golden.unseen, cleaningWith: .study) == expected.unseenSequences)
    }

    @Test func repeatedCorpusGivesRepeatedCounts() throws {
        let golden = try KerasGolden.load()
        let corpus = (0..<5).flatMap { _ in golden.texts }  // 200 documents, several batches
        var streamed = Tokenizer()
        streamed.fit(on: corpus, cleaningWith: .study)
        var plain = Tokenizer()
        plain.fit(on: corpus.map { TextCleaner.study.clean($0) })
        #expect(streamed.wordIndex == plain.wordIndex)
        #expect(streamed.wordCounts.map(\.count) == plain.wordCounts.map(\.count))
        #expect(streamed.documentCount == corpus.count)
        #expect(
            streamed.sequences(for: corpus, cleaningWith: .study)
                == plain.sequences(for: corpus.map { TextCleaner.study.clean($0) }))
    }

    @Test(arguments: ["clean_num_words_oov", "clean_num_words"])
    func fitAndConvertInOnePassMatchesKeras(_ name: String) throws {
        let golden = try KerasGolden.load()
        let expected = try golden.case(name)
        var tokenizer = TokenizerTests.tokenizer(for: name)
        // python: tok.fit_on_texts(cleaned); tok.texts_to_sequences(cleaned)
        let sequences = tokenizer.fitAndConvert(golden.texts, cleaningWith: .study)
        #expect(sequences == expected.sequences)
        #expect(tokenizer.wordIndex == expected.wordIndex)
        #expect(tokenizer.documentCount == expected.documentCount)
    }

    @Test func fitAndConvertOverManyBatchesEqualsTwoPasses() throws {
        let golden = try KerasGolden.load()
        let corpus = (0..<5).flatMap { _ in golden.texts + golden.unseen }
        var twoPass = Tokenizer(oovToken: "<OOV>")
        twoPass.fit(on: corpus, cleaningWith: .study)
        var onePass = Tokenizer(oovToken: "<OOV>")
        let sequences = onePass.fitAndConvert(corpus, cleaningWith: .study)
        #expect(onePass.wordIndex == twoPass.wordIndex)
        #expect(sequences == twoPass.sequences(for: corpus, cleaningWith: .study))
    }

    @Test func unfusedPathWhenTheTokenizerChangesTheCleanersWords() throws {
        // The cleaner keeps case and the tokenizer lower-cases: words are re-tokenized from the cleaned text.
        let golden = try KerasGolden.load()
        let cleaner = TextCleaner(lowercase: false)
        let cleaned = golden.texts.map { cleaner.clean($0) }
        var expected = Tokenizer(oovToken: "<OOV>")
        expected.fit(on: cleaned)
        var streamed = Tokenizer(oovToken: "<OOV>")
        streamed.fit(on: golden.texts, cleaningWith: cleaner)
        #expect(streamed.wordIndex == expected.wordIndex)
        #expect(
            streamed.sequences(for: golden.unseen, cleaningWith: cleaner)
                == expected.sequences(for: golden.unseen.map { cleaner.clean($0) }))
        var onePass = Tokenizer(oovToken: "<OOV>")
        #expect(onePass.fitAndConvert(golden.texts, cleaningWith: cleaner) == expected.sequences(for: cleaned))
    }
}
