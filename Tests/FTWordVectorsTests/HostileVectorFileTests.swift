import FTIO
import FTTestSupport
import Foundation
import Testing

@testable import FTWordVectors

/// Vector files whose headers announce sizes the file cannot hold, files in the wrong format, and bytes
/// that must not reach an error message raw. Each file is tiny; only the headers are large.
@Suite struct HostileVectorFileTests {
    private func load(_ bytes: [UInt8], format: WordVectorFormat? = nil, strict: Bool = true) throws -> WordVectors {
        let folder = try TemporaryFolder()
        defer { folder.remove() }
        return try WordVectors.load(
            path: try folder.write(bytes, to: "v.vec"), format: format, cache: .disabled, strict: strict)
    }

    private func error(_ bytes: [UInt8], format: WordVectorFormat? = nil) -> WordVectorsError? {
        do {
            _ = try load(bytes, format: format)
            return nil
        } catch let error as WordVectorsError {
            return error
        } catch {
            Issue.record("unexpected \(error)")
            return nil
        }
    }

    private func record(_ word: String, _ values: [Float]) -> [UInt8] {
        var bytes = Array(word.utf8) + [0x20]
        for value in values { withUnsafeBytes(of: value.bitPattern.littleEndian) { bytes += $0 } }
        return bytes
    }

    @Test func textHeaderWithAnImpossibleDimensionIsAnError() {
        let huge = error(Array("3 4611686018427387904\nthe 0.1\n".utf8), format: .word2vecText)
        #expect(huge?.line == 1 && huge?.kind == .dimensionTooLarge(4_611_686_018_427_387_904))
        let failure = error(Array("3 1000\nthe 0.1\n".utf8), format: .word2vecText)
        #expect(failure?.line == 1)
        guard case .impossibleHeader(3, 1000, let reason) = failure?.kind else {
            Issue.record("expected an impossible header, got \(String(describing: failure))")
            return
        }
        #expect(reason == "one line of 1000 values needs at least 2000 bytes; the file has 8 after the header")
    }

    @Test func binaryHeaderWithAHugeDimensionIsAnError() {
        let bytes = Array("1 2305843009213693952\nthe ".utf8) + [UInt8](repeating: 0, count: 16)
        let failure = error(bytes, format: .word2vecBinary)
        #expect(failure?.kind == .dimensionTooLarge(2_305_843_009_213_693_952))
        #expect(failure?.description.contains("over the limit of 1048575") == true)
    }

    @Test func binaryHeaderWhoseRecordCannotFitIsAnError() {
        let bytes = Array("1 1000\nthe ".utf8) + [UInt8](repeating: 0, count: 16)
        guard case .impossibleHeader(1, 1000, let reason) = error(bytes, format: .word2vecBinary)?.kind else {
            Issue.record("expected an impossible header")
            return
        }
        #expect(reason.hasPrefix("one record of 1000 values needs at least 4002 bytes"))
    }

    @Test func aHugeWordCountAllocatesOnlyWhatTheFileHolds() throws {
        let bytes = Array("4611686018427387904 2\n".utf8) + record("a", [1, 2])
        #expect(
            error(bytes, format: .word2vecBinary)?.kind == .countMismatch(header: 4_611_686_018_427_387_904, found: 1))
        #expect(try load(bytes, format: .word2vecBinary, strict: false).words == ["a"])
        let text = Array("4611686018427387904 2\na 1 2\n".utf8)
        #expect(try load(text, format: .word2vecText, strict: false).words == ["a"])
    }

    /// One wide line and a million empty ones: the matrix used to get a row per line (400 GB here).
    @Test func shortLinesDoNotReserveRows() throws {
        let wide = "w" + String(repeating: " 0.5", count: 100_000) + "\n"
        let bytes = Array((wide + String(repeating: "\n", count: 1_000_000)).utf8)
        let vectors = try load(bytes, format: .gloveText, strict: false)
        #expect(vectors.words == ["w"] && vectors.dimension == 100_000)
        #expect(vectors.loadReport.skippedLines == 1_000_000)
    }

    @Test func word2vecTextIsDetectedNotReadAsGloVe() throws {
        let text = Array("2 3\nthe 0.1 0.2 0.3\nof 0.4 0.5 0.6\n".utf8)
        let vectors = try load(text)
        #expect(vectors.format == .word2vecText && vectors.dimension == 3 && vectors.words == ["the", "of"])
        let mismatch = error(text, format: .gloveText)
        #expect(mismatch?.kind == .formatMismatch(expected: .gloveText, detected: .word2vecText, header: "2 3"))
        #expect(mismatch?.description.contains("looks like word2vec text") == true)
    }

    @Test func glovePassesDetectionEvenWithANumericFirstWord() throws {
        #expect(try load(Array("5 1\n6 2\n".utf8)).format == .gloveText)
        #expect(try load(Array("2000 50\nthe 0.1\n".utf8)).format == .gloveText)
        #expect(try load(Array("the 0.1 0.2\n".utf8)).format == .gloveText)
        #expect(try load(Array("1 1\nthe 0.5\n".utf8)).format == .word2vecText)
    }

    @Test func word2vecBinaryIsDetectedAndNeverQuotedRaw() throws {
        let bytes = Array("2 3\n".utf8) + record("the", [0.1, -2, 1e-30]) + [0x0A] + record("of", [1, 2, 3]) + [0x0A]
        let vectors = try load(bytes)
        #expect(vectors.format == .word2vecBinary && vectors.words == ["the", "of"])
        let mismatch = try #require(error(bytes, format: .gloveText))
        #expect(mismatch.description.contains("looks like word2vec binary"))
        #expect(!mismatch.description.unicodeScalars.contains { $0.value < 0x20 || $0 == "\u{FFFD}" })
    }

    @Test func errorsQuoteFieldsEscapedAndShort() {
        let long = String(repeating: "x", count: 5000)
        let failure = error(Array("a 1 2\nb 1 \u{1B}[31m\(long)\n".utf8))
        let message = failure?.description ?? ""
        #expect(message.contains("\\u001b[31m"), "\(message)")
        #expect(!message.unicodeScalars.contains("\u{1B}"))
        #expect(message.count < 300)
    }
}
