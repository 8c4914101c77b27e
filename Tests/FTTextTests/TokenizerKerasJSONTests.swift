import FTText
import Foundation
import Testing

@Suite struct TokenizerKerasJSONTests {
    /// Parses Keras's double-encoded tokenizer JSON into comparable parts.
    struct Parsed: Equatable {
        var config: NSDictionary
        var nested: [String: NSDictionary]
        var wordCountKeysInOrder: [String]
    }

    static func parse(_ json: String) throws -> Parsed {
        let root = try #require(try JSONSerialization.jsonObject(with: Data(json.utf8)) as? [String: Any])
        #expect(root["class_name"] as? String == "Tokenizer")
        var config = try #require(root["config"] as? [String: Any])
        var nested: [String: NSDictionary] = [:]
        for key in ["word_counts", "word_docs", "index_docs", "index_word", "word_index"] {
            let text = try #require(config.removeValue(forKey: key) as? String)
            nested[key] = try #require(try JSONSerialization.jsonObject(with: Data(text.utf8)) as? NSDictionary)
        }
        // word_counts order matters (first appearance); read the keys in order from the raw text.
        let raw = try #require(
            (try JSONSerialization.jsonObject(with: Data(json.utf8)) as? [String: Any])?["config"] as? [String: Any])
        let countsText = try #require(raw["word_counts"] as? String)
        let keys = countsText.dropFirst().split(separator: ", \"").compactMap { part -> String? in
            let trimmed = part.hasPrefix("\"") ? part.dropFirst() : part[...]
            guard let end = trimmed.range(of: "\": ") else { return nil }
            return String(trimmed[..<end.lowerBound])
        }
        return Parsed(config: config as NSDictionary, nested: nested, wordCountKeysInOrder: keys)
    }

    @Test(arguments: ["clean_num_words_oov", "raw_no_lower_oov"])
    func writesWhatKerasWrites(_ name: String) throws {
        let golden = try KerasGolden.load()
        let expected = try golden.case(name)
        let kerasJSON = try #require(expected.toJson)
        var tokenizer = TokenizerTests.tokenizer(for: name)
        tokenizer.fit(on: TokenizerTests.corpus(golden, name).seen)
        // python: tok.toJson() — same fields and values (word_docs order is Python set order, so compare maps)
        let ours = try Self.parse(tokenizer.toKerasJSON())
        let theirs = try Self.parse(kerasJSON)
        #expect(ours.config == theirs.config)
        for key in ["word_counts", "word_docs", "index_docs", "index_word", "word_index"] {
            #expect(ours.nested[key] == theirs.nested[key], "field \(key)")
        }
        #expect(ours.wordCountKeysInOrder == theirs.wordCountKeysInOrder)
    }

    @Test(arguments: ["clean_num_words_oov", "raw_no_lower_oov"])
    func readsWhatKerasWrites(_ name: String) throws {
        let golden = try KerasGolden.load()
        let expected = try golden.case(name)
        // python: tokenizer_from_json(tok.toJson())
        let tokenizer = try Tokenizer(kerasJSON: try #require(expected.toJson))
        #expect(tokenizer.wordIndex == expected.wordIndex)
        #expect(tokenizer.documentCount == expected.documentCount)
        #expect(tokenizer.sequences(for: TokenizerTests.corpus(golden, name).unseen) == expected.unseenSequences)
        // And our own JSON round-trips.
        let again = try Tokenizer(kerasJSON: tokenizer.toKerasJSON())
        #expect(again.wordIndex == tokenizer.wordIndex)
        #expect(again.wordCounts.map(\.word) == tokenizer.wordCounts.map(\.word))
        #expect(again.maxWords == tokenizer.maxWords && again.oovToken == tokenizer.oovToken)
    }

    @Test func nonASCIIWordsAreEscapedLikePython() throws {
        var tokenizer = Tokenizer()
        tokenizer.fit(on: ["Résumé company’s \"quoted\\"])
        let json = tokenizer.toKerasJSON()
        #expect(json.contains(#"r\\u00e9sum\\u00e9"#))
        #expect(json.contains(#"company\\u2019s"#))
        let back = try Tokenizer(kerasJSON: json)
        #expect(back.wordIndex == tokenizer.wordIndex)
    }

    // MARK: Malformed input

    @Test func syntaxErrorNamesLineAndColumn() {
        #expect {
            try Tokenizer(kerasJSON: "{\"class_name\": \"Tokenizer\",\n \"config\": {\"num_words\": nul}}")
        } throws: { error in
            String(describing: error).contains("line 2, column 26")
        }
    }

    @Test func missingFieldIsNamed() {
        let json = #"{"class_name": "Tokenizer", "config": {"num_words": null, "word_docs": "{}", "word_index": "{}"}}"#
        #expect {
            try Tokenizer(kerasJSON: json)
        } throws: { error in
            (error as? TokenizerJSONError)?.field == "word_counts"
        }
    }

    @Test func wrongCountTypeIsNamed() {
        let json = #"{"config": {"word_counts": "{\"a\": \"x\"}", "word_docs": "{}", "word_index": "{}"}}"#
        #expect {
            try Tokenizer(kerasJSON: json)
        } throws: { error in
            (error as? TokenizerJSONError)?.field == "word_counts.a"
        }
    }

    @Test func inconsistentWordIndexIsRejected() {
        let json =
            #"{"config": {"word_counts": "{\"a\": 1, \"b\": 2}", "word_docs": "{}", "word_index": "{\"a\": 1, \"b\": 2}"}}"#
        #expect {
            try Tokenizer(kerasJSON: json)
        } throws: { error in
            (error as? TokenizerJSONError)?.field == "word_index.a"
        }
    }

    @Test func characterLevelIsRejected() {
        let json = #"{"config": {"char_level": true, "word_counts": "{}", "word_docs": "{}", "word_index": "{}"}}"#
        #expect {
            try Tokenizer(kerasJSON: json)
        } throws: { error in
            (error as? TokenizerJSONError)?.field == "char_level"
        }
    }

    // MARK: Hostile input (issue #24): errors, never a trap or a stack overflow

    @Test(arguments: [
        ("document_count", "9223372036854775808"), ("document_count", "1e300"), ("num_words", "-3"),
        ("num_words", "1.5"),
    ])
    func numberOutsideIntIsAnError(_ field: String, _ number: String) {
        let json = #"{"config": {"\#(field)": \#(number), "word_counts": "{}", "word_docs": "{}", "word_index": "{}"}}"#
        #expect {
            try Tokenizer(kerasJSON: json)
        } throws: { error in
            (error as? TokenizerJSONError)?.field == field
        }
    }

    @Test(arguments: ["18446744073709551616", "1e300", "-1"])
    func nestedCountOutsideIntIsAnError(_ number: String) {
        let json = #"{"config": {"word_counts": "{\"a\": \#(number)}", "word_docs": "{}", "word_index": "{}"}}"#
        #expect {
            try Tokenizer(kerasJSON: json)
        } throws: { error in
            (error as? TokenizerJSONError)?.field == "word_counts.a"
        }
    }

    @Test func numberBeyondDoubleIsAnError() {
        #expect {
            try Tokenizer(kerasJSON: #"{"config": {"document_count": 1e400}}"#)
        } throws: { error in
            String(describing: error).contains("number out of range")
        }
    }

    @Test func deepNestingIsAnError() {
        let depth = 200_000
        let json =
            #"{"config": {"x": "# + String(repeating: "[", count: depth) + String(repeating: "]", count: depth) + "}}"
        #expect {
            try Tokenizer(kerasJSON: json)
        } throws: { error in
            (error as? TokenizerJSONError)?.field == "(json)" && String(describing: error).contains("nesting deeper")
        }
    }
}
