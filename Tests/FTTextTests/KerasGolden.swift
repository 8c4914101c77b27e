import FTIO
import FTTestSupport
import Foundation

/// The Keras golden values written by Fixtures/generate_keras_tokenizer.py.
struct KerasGolden: Decodable {
    struct WordCount: Decodable {
        var word: String
        var count: Int
        init(from decoder: any Decoder) throws {
            var container = try decoder.unkeyedContainer()
            word = try container.decode(String.self)
            count = try container.decode(Int.self)
        }
    }

    struct Case: Decodable {
        var wordCounts: [WordCount]
        var wordDocs: [String: Int]
        var wordIndex: [String: Int]
        var documentCount: Int
        var sequences: [[Int32]]
        var unseenSequences: [[Int32]]
        var toJson: String?

        enum CodingKeys: String, CodingKey {
            case wordCounts = "word_counts"
            case wordDocs = "word_docs"
            case wordIndex = "word_index"
            case documentCount = "document_count"
            case sequences
            case unseenSequences = "unseen_sequences"
            case toJson = "to_json"
        }
    }

    var texts: [String]
    var unseen: [String]
    var cleaned: [String]
    var cleanedUnseen: [String]
    var cases: [String: Case]
    var padded: [String: [[Int32]]]

    enum CodingKeys: String, CodingKey {
        case texts, unseen, cleaned
        case cleanedUnseen = "cleaned_unseen"
        case cases, padded
    }

    /// Loaded once per process.
    static let shared: KerasGolden? = {
        let path = Fixtures.path("keras_tokenizer.json.gz")
        guard let bytes = try? FileData.read(path) else { return nil }
        return try? JSONDecoder().decode(KerasGolden.self, from: Data(bytes))
    }()

    static func load() throws -> KerasGolden {
        guard let golden = shared else {
            throw GoldenMissing(
                reason: "cannot read Fixtures/keras_tokenizer.json.gz; re-run generate_keras_tokenizer.py")
        }
        return golden
    }

    func `case`(_ name: String) throws -> Case {
        guard let c = cases[name] else { throw GoldenMissing(reason: "no case \(name) in the golden file") }
        return c
    }
}

struct GoldenMissing: Error, CustomStringConvertible {
    var reason: String
    var description: String { reason }
}
