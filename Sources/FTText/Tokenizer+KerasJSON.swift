import FTIO

/// Reading and writing Keras's tokenizer JSON (`Tokenizer.to_json()` / `tokenizer_from_json`).
///
/// The format is `{"class_name": "Tokenizer", "config": {...}}` where `word_counts`, `word_docs`,
/// `index_docs`, `index_word` and `word_index` are themselves JSON *strings* holding JSON objects (Keras
/// double-encodes them). `word_counts` keeps first-appearance order, which later fits depend on.
extension Tokenizer {
    /// Keras `tokenizer.to_json()`: the tokenizer as Keras's JSON, loadable with
    /// `keras.preprocessing.text.tokenizer_from_json`.
    public func toKerasJSON() -> String {
        let wordCountsJSON = JSONValue.object(
            (0..<table.count).map { (table.word($0), .int(counts[$0])) })
        let wordDocsJSON = JSONValue.object(
            (0..<table.count).map { (table.word($0), .int(documents[$0])) })
        let indexDocsJSON = JSONValue.object(
            (0..<table.count).map { (String(indexOfID[$0]), .int(documents[$0])) })
        // Keras: word_index = dict(zip([oov] + words_by_rank, 1...)); index_word inverts it in that order.
        var wordIndexPairs: [(String, JSONValue)] = []
        if let oovToken { wordIndexPairs.append((oovToken, .int(1))) }
        for index in 1..<idOfIndex.count where idOfIndex[index] >= 0 {
            let word = table.word(Int(idOfIndex[index]))
            if let oovToken, word == oovToken {
                wordIndexPairs[0].1 = .int(index)
            } else {
                wordIndexPairs.append((word, .int(index)))
            }
        }
        let indexWordPairs: [(String, JSONValue)] = wordIndexPairs.map { pair in
            (pair.1.integer.map(String.init) ?? "", .string(pair.0))
        }
        let config = JSONValue.object([
            ("num_words", maxWords.map { .int($0) } ?? .null),
            ("filters", .string(filters)),
            ("lower", .bool(lowercase)),
            ("split", .string(split)),
            ("char_level", .bool(false)),
            ("oov_token", oovToken.map { .string($0) } ?? .null),
            ("document_count", .int(documentCount)),
            ("word_counts", .string(wordCountsJSON.text(.python))),
            ("word_docs", .string(wordDocsJSON.text(.python))),
            ("index_docs", .string(indexDocsJSON.text(.python))),
            ("index_word", .string(JSONValue.object(indexWordPairs).text(.python))),
            ("word_index", .string(JSONValue.object(wordIndexPairs).text(.python))),
        ])
        return JSONValue.object([("class_name", .string("Tokenizer")), ("config", config)]).text(.python)
    }

    /// Keras `tokenizer_from_json`: a tokenizer from Keras's JSON.
    ///
    /// The vocabulary (counts in their stored order, document counts) is read back and the index recomputed;
    /// `word_index` from the file is checked against it so a hand-edited file is not silently misread.
    /// - Throws: `TokenizerJSONError` naming the field (and line/column for JSON syntax errors) when the
    ///   JSON is malformed, a field is missing or has the wrong type, `char_level` is true (not supported),
    ///   filters or split are not ASCII, or `word_index` disagrees with `word_counts`.
    public init(kerasJSON: String) throws(TokenizerJSONError) {
        let root: JSONValue
        do { root = try JSONValue.parse(kerasJSON) } catch {
            throw TokenizerJSONError(field: "(json)", reason: error.description)
        }
        guard let config = root["config"], case .object = config else {
            throw TokenizerJSONError(field: "config", reason: "missing or not an object")
        }
        func string(_ key: String) throws(TokenizerJSONError) -> String? {
            switch config[key] {
            case .string(let s): return s
            case .null, .none: return nil
            default: throw TokenizerJSONError(field: key, reason: "expected a string")
            }
        }
        func int(_ key: String) throws(TokenizerJSONError) -> Int? {
            switch config[key] {
            case .null, .none: return nil
            case let value?:
                guard let x = value.integer, x >= 0 else {
                    throw TokenizerJSONError(field: key, reason: "expected a non-negative integer")
                }
                return x
            }
        }
        func nested(_ key: String) throws(TokenizerJSONError) -> [(String, Int)] {
            guard let text = try string(key) else { throw TokenizerJSONError(field: key, reason: "missing") }
            let value: JSONValue
            do { value = try JSONValue.parse(text) } catch {
                throw TokenizerJSONError(field: key, reason: "column \(error.column): \(error.reason)")
            }
            guard case .object(let pairs) = value else {
                throw TokenizerJSONError(field: key, reason: "expected an object")
            }
            var result: [(String, Int)] = []
            for (word, v) in pairs {
                guard let x = v.integer, x >= 0 else {
                    throw TokenizerJSONError(field: "\(key).\(word)", reason: "expected a non-negative integer")
                }
                result.append((word, x))
            }
            return result
        }
        if case .bool(true) = config["char_level"] {
            throw TokenizerJSONError(field: "char_level", reason: "character-level tokenizers are not supported")
        }
        let filters = try string("filters") ?? Tokenizer.kerasFilters
        let split = try string("split") ?? " "
        guard filters.utf8.allSatisfy({ $0 < 0x80 }) else {
            throw TokenizerJSONError(field: "filters", reason: "only ASCII filters are supported")
        }
        guard split.utf8.count == 1, split.utf8.allSatisfy({ $0 < 0x80 }) else {
            throw TokenizerJSONError(field: "split", reason: "only a one-character ASCII split is supported")
        }
        var lowercase = true
        if case .bool(let b) = config["lower"] { lowercase = b }
        self.init(
            maxWords: try int("num_words"), oovToken: try string("oov_token"), lowercase: lowercase,
            filters: filters, split: split)
        documentCount = try int("document_count") ?? 0
        let wordCounts = try nested("word_counts")
        let docs = Dictionary(try nested("word_docs"), uniquingKeysWith: { a, _ in a })
        for (word, count) in wordCounts {
            let (_, isNew) = table.insert(word)
            guard isNew else { throw TokenizerJSONError(field: "word_counts.\(word)", reason: "duplicate word") }
            counts.append(count)
            documents.append(docs[word] ?? 0)
        }
        rebuildIndex()
        for (word, index) in try nested("word_index") where self.index(of: word) != index {
            throw TokenizerJSONError(
                field: "word_index.\(word)",
                reason:
                    "index \(index) disagrees with the order of word_counts (expected \(self.index(of: word).map(String.init) ?? "none"))"
            )
        }
    }
}

/// A Keras tokenizer JSON that cannot be read.
public struct TokenizerJSONError: Error, CustomStringConvertible, Sendable {
    /// The config field at fault (for example `word_counts.revenue`), or `(json)` for a syntax error.
    public var field: String
    /// What is wrong.
    public var reason: String

    /// A one-line description naming the field.
    public var description: String { "Keras tokenizer JSON, field \(field): \(reason)" }
}
