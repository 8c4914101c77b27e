import FTTestSupport
import Foundation
import Testing

@testable import FTWordVectors

/// Malformed word2vec binary files; "line" is the 1-based record number.
@Suite struct Word2VecBinaryParserTests {
    private func record(_ word: String, _ values: [Float]) -> [UInt8] {
        var bytes = Array(word.utf8) + [0x20]
        for value in values { withUnsafeBytes(of: value.bitPattern.littleEndian) { bytes += $0 } }
        return bytes
    }

    private func load(_ bytes: [UInt8], strict: Bool = true) throws -> WordVectors {
        let folder = try TemporaryFolder()
        defer { folder.remove() }
        let path = try folder.write(bytes, to: "v.bin")
        return try WordVectors.load(path: path, format: .word2vecBinary, cache: .disabled, strict: strict)
    }

    private func error(_ bytes: [UInt8]) -> WordVectorsError? {
        do {
            _ = try load(bytes)
            return nil
        } catch let error as WordVectorsError {
            return error
        } catch {
            return nil
        }
    }

    @Test func readsRecordsWithAndWithoutNewlines() throws {
        let bytes = Array("2 2\n".utf8) + record("a", [1, 2]) + [0x0A] + record("b", [3, 4])
        let vectors = try load(bytes)
        #expect(vectors.words == ["a", "b"])
        #expect(vectors.vector(for: "b") == [3, 4])
    }

    @Test func truncatedRecord() throws {
        let bytes = Array("2 2\n".utf8) + record("a", [1, 2]) + Array(record("b", [3, 4]).dropLast(2))
        #expect(error(bytes)?.line == 2)
        #expect(error(bytes)?.kind == .truncatedRecord)
        let vectors = try load(bytes, strict: false)
        #expect(vectors.words == ["a"])
        #expect(vectors.loadReport.skippedLines == 1)
    }

    @Test func nanValue() throws {
        let bytes = Array("2 2\n".utf8) + record("a", [1, .nan]) + record("b", [3, 4])
        #expect(error(bytes)?.line == 1)
        #expect(error(bytes)?.kind == .nonFinite(field: 3, text: "nan"))
        #expect(try load(bytes, strict: false).words == ["b"])
    }

    @Test func duplicateWord() throws {
        let bytes = Array("3 1\n".utf8) + record("a", [1]) + record("b", [2]) + record("a", [3])
        #expect(error(bytes)?.line == 3)
        #expect(error(bytes)?.kind == .duplicateWord("a", firstLine: 1))
    }

    @Test func headerAndCount() throws {
        #expect(error(Array("x y\n".utf8))?.kind == .badHeader("x y"))
        let short = Array("3 1\n".utf8) + record("a", [1]) + record("b", [2])
        #expect(error(short)?.kind == .countMismatch(header: 3, found: 2))
        #expect(error(short)?.line == 1)
    }
}
