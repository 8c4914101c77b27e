import FTTestSupport
import Foundation
import Testing

@testable import FTWordVectors

/// Malformed GloVe / word2vec text: one test per error case, each asserting file and line, in strict
/// mode (throws) and lenient mode (skips or repairs, and counts).
@Suite struct TextVectorParserTests {
    /// Loads `text` strictly and returns the thrown error (nil when none).
    private func strictError(_ text: String, format: WordVectorFormat = .gloveText) throws -> WordVectorsError? {
        let folder = try TemporaryFolder()
        defer { folder.remove() }
        let path = try folder.write(text, to: "bad.txt")
        do {
            _ = try WordVectors.load(path: path, format: format, cache: .disabled, strict: true)
            return nil
        } catch {
            #expect(error.path == path)
            return error
        }
    }

    private func lenient(_ text: String, format: WordVectorFormat = .gloveText) throws -> WordVectors {
        let folder = try TemporaryFolder()
        defer { folder.remove() }
        let path = try folder.write(text, to: "bad.txt")
        return try WordVectors.load(path: path, format: format, cache: .disabled, strict: false)
    }

    @Test func wrongFieldCount() throws {
        let text = "a 1 2 3\nb 1 2\nc 4 5 6\n"
        let error = try strictError(text)
        #expect(error?.line == 2)
        #expect(error?.kind == .wrongFieldCount(expected: 4, found: 3))
        #expect(
            error?.description.hasSuffix("bad.txt:2: expected 4 fields (a word and 3 numbers). Received: 3") == true)
        let vectors = try lenient(text)
        #expect(vectors.words == ["a", "c"])
        #expect(vectors.vector(for: "c") == [4, 5, 6])
        #expect(vectors.loadReport.skippedLines == 1)
        #expect(vectors.loadReport.issues.map(\.line) == [2])
    }

    @Test func nonNumericField() throws {
        let text = "a 1 2\nb 1 x2\nc 3 4\n"
        let error = try strictError(text)
        #expect(error?.line == 2)
        #expect(error?.kind == .nonNumeric(field: 3, text: "x2"))
        #expect(try lenient(text).words == ["a", "c"])
    }

    @Test func nanAndInfinity() throws {
        #expect(try strictError("a 1 2\nb NaN 2\n")?.kind == .nonFinite(field: 2, text: "NaN"))
        #expect(try strictError("a 1 2\nb NaN 2\n")?.line == 2)
        #expect(try strictError("a 1 2\nb 1 2\nc 1 -inf\n")?.line == 3)
        #expect(try strictError("a 1 1e39\n")?.kind == .nonFinite(field: 3, text: "1e39"))
        let vectors = try lenient("a 1 2\nb nan 2\nc 1 inf\nd 5 6\n")
        #expect(vectors.words == ["a", "d"])
        #expect(vectors.loadReport.skippedLines == 2)
    }

    @Test func duplicateWord() throws {
        let text = "a 1 2\nb 3 4\na 5 6\nc 7 8\n"
        let error = try strictError(text)
        #expect(error?.line == 3)
        #expect(error?.kind == .duplicateWord("a", firstLine: 1))
        let vectors = try lenient(text)
        #expect(vectors.words == ["a", "b", "c"])
        #expect(vectors.vector(for: "a") == [1, 2])
        #expect(vectors.vector(for: "c") == [7, 8])
        #expect(vectors.loadReport.skippedLines == 1)
    }

    @Test func emptyLine() throws {
        let text = "a 1 2\n\nb 3 4\n"
        let error = try strictError(text)
        #expect(error?.line == 2)
        #expect(error?.kind == .emptyLine)
        let vectors = try lenient(text)
        #expect(vectors.words == ["a", "b"])
        #expect(vectors.loadReport.skippedLines == 1)
    }

    @Test func byteOrderMark() throws {
        let text = "\u{FEFF}a 1 2\nb 3 4\n"
        let error = try strictError(text)
        #expect(error?.line == 1)
        #expect(error?.kind == .byteOrderMark)
        let vectors = try lenient(text)
        #expect(vectors.words == ["a", "b"])
        #expect(vectors.loadReport.repairedLines == 1)
        #expect(vectors.loadReport.skippedLines == 0)
    }

    @Test func crlfLineEnds() throws {
        let text = "a 1 2\r\nb 3 4\r\n"
        let error = try strictError(text)
        #expect(error?.line == 1)
        #expect(error?.kind == .carriageReturn)
        let vectors = try lenient(text)
        #expect(vectors.words == ["a", "b"])
        #expect(vectors.vector(for: "b") == [3, 4])
        #expect(vectors.loadReport.repairedLines == 2)
    }

    @Test func truncatedLastLine() throws {
        let text = "a 1 2\nb 3 4\nc 5 0.12"
        let error = try strictError(text)
        #expect(error?.line == 3)
        #expect(error?.kind == .truncatedLastLine)
        let vectors = try lenient(text)
        #expect(vectors.words == ["a", "b"])
        #expect(vectors.loadReport.skippedLines == 1)
    }

    @Test func invalidUTF8Word() throws {
        let folder = try TemporaryFolder()
        defer { folder.remove() }
        let path = try folder.write(Array("a 1 2\n".utf8) + [0xC3, 0x28] + Array(" 3 4\n".utf8), to: "bad.txt")
        #expect(throws: WordVectorsError(path: path, line: 2, kind: .invalidUTF8)) {
            try WordVectors.load(path: path, cache: .disabled)
        }
    }

    @Test func emptyFile() throws {
        #expect(try strictError("")?.kind == .empty)
        #expect(try strictError("\n\n")?.kind == .empty)
    }

    @Test func word2vecTextHeader() throws {
        let bad = try strictError("a 1 2\n", format: .word2vecText)
        #expect(bad?.line == 1)
        #expect(bad?.kind == .badHeader("a 1 2"))
        let mismatch = try strictError("3 2\na 1 2\nb 3 4\n", format: .word2vecText)
        #expect(mismatch?.line == 1)
        #expect(mismatch?.kind == .countMismatch(header: 3, found: 2))
        // Line numbers count the header.
        #expect(try strictError("2 2\na 1 2\nb 3\n", format: .word2vecText)?.line == 3)
        let vectors = try lenient("3 2\na 1 2\nb 3 4\n", format: .word2vecText)
        #expect(vectors.count == 2)
        #expect(vectors.loadReport.issues.first?.kind == .countMismatch(header: 3, found: 2))
    }

    @Test func errorsInLaterChunksKeepTheirLineNumbers() throws {
        // Over 1 MiB so the file is parsed in several chunks; the bad line is near the end.
        var text = ""
        for row in 0..<40_000 { text += "w\(row) 0.1 0.2 0.3 0.4 0.5 0.6\n" }
        text += "bad 0.1 0.2\n"
        #expect(text.utf8.count > 1 << 20)
        let error = try strictError(text)
        #expect(error?.line == 40_001)
        #expect(error?.kind == .wrongFieldCount(expected: 7, found: 3))
        text += "w5 1 2 3 4 5 6\n"
        // Strict mode reports the first problem in file order, even across chunks and kinds.
        let first = try strictError("w0 1 2 3 4 5 6\n" + text)
        #expect(first?.line == 2)
        #expect(first?.kind == .duplicateWord("w0", firstLine: 1))
        let vectors = try lenient(text)
        #expect(vectors.count == 40_000)
        #expect(vectors.loadReport.skippedLines == 2)
        #expect(vectors.loadReport.issues.map(\.line) == [40_001, 40_002])
        #expect(vectors.vector(for: "w5") == [0.1, 0.2, 0.3, 0.4, 0.5, 0.6])
        #expect(vectors.vector(for: "w39999") == [0.1, 0.2, 0.3, 0.4, 0.5, 0.6])
    }
}
