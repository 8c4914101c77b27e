import FTText
import Testing

@Suite struct TextCleanerTests {
    @Test func studyPresetMatchesPythonRegexCleanerOnRealSections() throws {
        let golden = try KerasGolden.load()
        #expect(golden.texts.count == golden.cleaned.count)
        for (text, expected) in zip(golden.texts + golden.unseen, golden.cleaned + golden.cleanedUnseen) {
            // python: clean(text) in generate_keras_tokenizer.py
            #expect(TextCleaner.study.clean(text) == expected)
        }
    }

    @Test func handWorkedExample() {
        let text =
            "The Company’s 10-K (see https://www.sec.gov/x?y=1 or WWW.Example.com) reports A/B revenue-growth of 12%."
        // url, digits, punctuation, curly quote, stop words (the, see? no: "see" is not a stop word), 1-letter words
        #expect(TextCleaner.study.clean(text) == "company see reports revenue growth")
    }

    @Test func digitsAreDeletedNotSplit() {
        #expect(TextCleaner.study.clean("abc123def 2023 q4") == "abcdef")
        #expect(TextCleaner.minimal.clean("abc123def 2023 q4") == "abc123def 2023 q4")
    }

    @Test func urlNeedsSomethingAfterItsPrefix() {
        // Python's \S+ needs one non-space character after the prefix.
        #expect(TextCleaner.study.clean("visit www. today http:// now") == "visit www today http")
        #expect(
            TextCleaner.study.clean("xxhttps://a.b/c\u{00A0}tail") == "xx tail".replacingOccurrences(of: " ", with: " ")
        )
    }

    @Test func studyAugmentationPrefixesTitleWordAndTicker() {
        let cleaned = TextCleaner.study.clean("Overview. We are a biotech.", item: .business, ticker: "ACAD")
        #expect(cleaned == "businessoverview acad overview biotech")
        #expect(TextCleaner.study.clean("Risks", item: .riskFactors) == "riskfactors risks")
        #expect(TextCleaner.study.clean("", item: .marketRisk, ticker: "X") == "marketrisk x")
    }

    @Test func optionsCanBeTurnedOff() {
        let keepCase = TextCleaner(lowercase: false, removeURLs: false, stopWords: ["The"], minimumTokenLength: 1)
        #expect(keepCase.clean("The Big www.x.com a") == "Big www x com a")
    }

    @Test func invalidUTF8BytesOnlySeparateWords() {
        let bytes: [UInt8] = Array("good".utf8) + [0xFF, 0xC3] + Array("bytes".utf8)
        var output: [UInt8] = []
        bytes.withUnsafeBufferPointer { TextCleaner.study.clean($0, appendingTo: &output) }
        #expect(String(decoding: output, as: UTF8.self) == "good bytes")
    }

    @Test func stopWordListIsNLTKs179() {
        #expect(StopWords.nltkEnglish.count == 179)
        #expect(Set(StopWords.nltkEnglish).count == 179)
        #expect(StopWords.nltkEnglish.first == "i")
        #expect(StopWords.nltkEnglish.last == "wouldn't")
    }
}
