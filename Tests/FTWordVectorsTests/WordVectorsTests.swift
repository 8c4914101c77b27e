import FTIO
import FTTensor
import FTTestSupport
import Foundation
import Testing

@testable import FTWordVectors

@Suite struct WordVectorsTests {
    struct Small: Decodable {
        var words: [String]
        var binary: [[Float]]
        var text: [[Float]]
    }

    @Test func readsGloVeText() throws {
        let folder = try TemporaryFolder()
        defer { folder.remove() }
        let path = try folder.write(
            "the 0.418 0.24968 -0.41242\n, 0.013441 0.23682 -0.16899\nrevenue 1e-3 -2 6.6e-05\n", to: "g.txt")
        let vectors = try WordVectors.load(path: path, cache: .disabled)
        #expect(vectors.words == ["the", ",", "revenue"])
        #expect(vectors.dimension == 3)
        #expect(vectors.count == 3)
        #expect(vectors.index(of: "revenue") == 2)
        #expect(vectors.index(of: "Revenue") == nil)
        #expect(vectors.vector(for: "the") == [Float("0.418"), Float("0.24968"), Float("-0.41242")].compactMap { $0 })
        #expect(vectors.vector(at: 2) == [0.001, -2, Float("6.6e-05") ?? 0])
        #expect(vectors.matrix.shape == [3, 3])
        #expect(vectors.matrix.scalars[3..<6] == [0.013441, 0.23682, -0.16899])
        #expect(vectors.loadReport.cache == .disabled)
    }

    @Test func gloVe840BWordsWithSpacesTakeTheLastDFieldsAsTheVector() throws {
        let folder = try TemporaryFolder()
        defer { folder.remove() }
        let path = try folder.write(", 0.1 0.2\n. . . 0.3 0.4\nat name@domain.com 0.5 0.6\n", to: "840b.txt")
        let vectors = try WordVectors.load(path: path, cache: .disabled)
        #expect(vectors.words == [",", ". . .", "at name@domain.com"])
        #expect(vectors.vector(for: ". . .") == [0.3, 0.4])
        #expect(vectors.vector(for: "at name@domain.com") == [0.5, 0.6])
    }

    @Test func toleratesTrailingSpacesLikeTheWord2VecCTool() throws {
        let folder = try TemporaryFolder()
        defer { folder.remove() }
        let path = try folder.write("2 2\na 1 2 \nb 3 4 \n", to: "w.txt")
        let vectors = try WordVectors.load(path: path, format: .word2vecText, cache: .disabled)
        #expect(vectors.words == ["a", "b"])
        #expect(vectors.vector(for: "b") == [3, 4])
    }

    @Test func readsGensimWord2VecTextAndBinary() throws {
        let expected = try Fixtures.decode(Small.self, "small.json")
        let binary = try WordVectors.load(
            path: Fixtures.path("small.w2v.bin"), format: .word2vecBinary, cache: .disabled)
        let text = try WordVectors.load(path: Fixtures.path("small.w2v.txt"), format: .word2vecText, cache: .disabled)
        #expect(binary.words == expected.words)
        #expect(text.words == expected.words)
        #expect(binary.words.contains("café"))
        for (row, word) in expected.words.enumerated() {
            // gensim: KeyedVectors.load_word2vec_format(path, binary=True)[word]
            #expect(binary.vector(for: word) == expected.binary[row])
            #expect(text.vector(for: word) == expected.text[row])
        }
    }

    @Test func readsGzipDirectly() throws {
        let folder = try TemporaryFolder()
        defer { folder.remove() }
        let text = "a 1 2\nb 3 4\n"
        let plain = try folder.write(text, to: "v.txt")
        let zipped = try folder.write(Gzip.compress(Array(text.utf8)), to: "v.txt.gz")
        let a = try WordVectors.load(path: plain, cache: .disabled)
        let b = try WordVectors.load(path: zipped, cache: .disabled)
        #expect(a.words == b.words)
        #expect(a.matrix == b.matrix)
    }

    /// The shipped subset loads (gzip, parallel parse) and matches what gensim read from it.
    @Test func shippedSubsetMatchesGensim() throws {
        struct Reference: Decodable {
            var count: Int
            var first: Entry
            var last: Entry
        }
        struct Entry: Decodable {
            var word: String
            var vector: [Float]
            init(from decoder: any Decoder) throws {
                var container = try decoder.unkeyedContainer()
                word = try container.decode(String.self)
                vector = try container.decode([Float].self)
            }
        }
        let reference = try Fixtures.decode(Reference.self, "subset_reference.json")
        let vectors = try WordVectors.load(path: repositoryData + "/glove.6B.50d.subset.txt.gz", cache: .disabled)
        #expect(vectors.count == reference.count)
        #expect(vectors.dimension == 50)
        #expect(vectors.words.first == reference.first.word)
        #expect(vectors.vector(for: reference.first.word) == reference.first.vector)
        #expect(vectors.vector(for: reference.last.word) == reference.last.vector)
    }

    @Test func parallelParseEqualsSingleChunkParse() throws {
        // Over 1 MiB, so the parser cuts the text into one chunk per core.
        var generator = SeededGenerator(seed: 3)
        var text = ""
        for row in 0..<8_000 {
            text += "w\(row)"
            for _ in 0..<20 { text += " " + String(format: "%.5g", generator.nextNormal() * 0.4) }
            text += "\n"
        }
        #expect(text.utf8.count > 1 << 20)
        let folder = try TemporaryFolder()
        defer { folder.remove() }
        let path = try folder.write(text, to: "big.txt")
        let vectors = try WordVectors.load(path: path, cache: .disabled)
        #expect(vectors.count == 8_000)
        var expected = [Float]()
        for line in text.split(separator: "\n") {
            expected += line.split(separator: " ").dropFirst().map { Float($0) ?? .nan }
        }
        #expect(vectors.matrix.scalars == expected)
        #expect(vectors.words == (0..<8_000).map { "w\($0)" })
    }

    @Test func inMemoryInitialiserChecksDuplicates() throws {
        let vectors = try WordVectors(words: ["a", "b"], dimension: 2, scalars: [1, 2, 3, 4])
        #expect(vectors.vector(for: "b") == [3, 4])
        #expect(throws: WordVectorsError(path: "<memory>", line: 2, kind: .duplicateWord("a", firstLine: 1))) {
            try WordVectors(words: ["a", "a"], dimension: 1, scalars: [1, 2])
        }
    }

    @Test func missingFileNamesThePath() {
        #expect {
            try WordVectors.load(path: "/nonexistent/glove.txt", cache: .disabled)
        } throws: { error in
            (error as? WordVectorsError)?.path == "/nonexistent/glove.txt"
        }
    }
}
