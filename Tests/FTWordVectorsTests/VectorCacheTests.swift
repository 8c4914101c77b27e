import FTIO
import FTTestSupport
import Foundation
import Testing

@testable import FTWordVectors

@Suite struct VectorCacheTests {
    private let text = "the 0.418 0.24968 -0.41242\n, 0.013441 0.23682 -0.16899\ncafé 1e-3 -2 6.6e-05\n"

    @Test func textToCacheToMatrixIsBitIdenticalToDirectParsing() throws {
        let folder = try TemporaryFolder()
        defer { folder.remove() }
        let path = try folder.write(try FileData.read(repositoryData + "/glove.6B.50d.subset.txt.gz"), to: "subset.txt")
        let direct = try WordVectors.load(path: path, cache: .disabled)
        let first = try WordVectors.load(path: path, cacheFolder: folder.path)
        #expect(first.loadReport.cache == .created)
        #expect(FileData.exists(WordVectors.cachePath(for: path, in: folder.path)))
        let cached = try WordVectors.load(path: path, cacheFolder: folder.path)
        #expect(cached.loadReport.cache == .hit)
        #expect(cached.words == direct.words)
        let directBits = direct.matrix.scalars.map(\.bitPattern)
        #expect(cached.matrix.scalars.map(\.bitPattern) == directBits)
        #expect(first.matrix.scalars.map(\.bitPattern) == directBits)
        #expect(cached.index(of: "revenue") == direct.index(of: "revenue"))
    }

    @Test func gzipSourceIsCachedToo() throws {
        let folder = try TemporaryFolder()
        defer { folder.remove() }
        let path = try folder.write(Gzip.compress(Array(text.utf8)), to: "v.txt.gz")
        _ = try WordVectors.load(path: path, cacheFolder: folder.path)
        let cached = try WordVectors.load(path: path, cacheFolder: folder.path)
        #expect(cached.loadReport.cache == .hit)
        #expect(cached.words == ["the", ",", "café"])
    }

    @Test func cacheOfAnotherFormatIsNotTrusted() throws {
        let folder = try TemporaryFolder()
        defer { folder.remove() }
        // Line 2 is broken, so nothing detects word2vec; read leniently it is word2vec text or GloVe text.
        let path = try folder.write("2 3\na 1 2\nb 4 5 6\n", to: "v.txt")
        #expect(
            try WordVectors.load(path: path, format: .word2vecText, strict: false, cacheFolder: folder.path).words
                == ["b"])
        let asGloVe = try WordVectors.load(path: path, format: .gloveText, strict: false, cacheFolder: folder.path)
        #expect(asGloVe.loadReport.cache == .rebuilt(reason: "built from another format"))
        // Read as GloVe, the header is a 1-d vector and the other lines are words with spaces (840B rule).
        #expect(asGloVe.words == ["2", "a 1", "b 4 5"])
        // A detecting load trusts the cache whatever format built it: the source's content is the same.
        #expect(try WordVectors.load(path: path, cacheFolder: folder.path).loadReport.cache == .hit)
    }

    @Test func staleCacheIsRebuiltWhenTheSourceChanges() throws {
        let folder = try TemporaryFolder()
        defer { folder.remove() }
        let path = try folder.write(text, to: "v.txt")
        _ = try WordVectors.load(path: path, cacheFolder: folder.path)
        // Same size, different content and modification time.
        _ = try folder.write(text.replacingOccurrences(of: "0.418", with: "0.419"), to: "v.txt")
        let reloaded = try WordVectors.load(path: path, cacheFolder: folder.path)
        guard case .rebuilt(let reason) = reloaded.loadReport.cache else {
            Issue.record("expected a rebuild, got \(reloaded.loadReport.cache)")
            return
        }
        #expect(reason.hasPrefix("stale"))
        #expect(reloaded.vector(for: "the")?.first == 0.419)
        #expect(try WordVectors.load(path: path, cacheFolder: folder.path).loadReport.cache == .hit)
    }

    @Test func contentChangeWithSameSizeAndTimeIsDetected() throws {
        let folder = try TemporaryFolder()
        defer { folder.remove() }
        let path = try folder.write(text, to: "v.txt")
        _ = try WordVectors.load(path: path, cacheFolder: folder.path)
        var times = stat()
        stat(path, &times)
        _ = try folder.write(text.replacingOccurrences(of: "0.418", with: "0.417"), to: "v.txt")
        var restore = [times.st_atim, times.st_mtim]
        utimensat(AT_FDCWD, path, &restore, 0)
        let reloaded = try WordVectors.load(path: path, cacheFolder: folder.path)
        #expect(reloaded.loadReport.cache == .rebuilt(reason: "stale: the source's content changed"))
        #expect(reloaded.vector(for: "the")?.first == 0.417)
    }

    /// The old sampled hash read the first and last 64 KiB and 16 blocks of 4 KiB: an edit between them,
    /// with size and modification time kept, was trusted. The whole-content hash catches it anywhere.
    @Test func editBetweenTheOldSamplesIsDetected() throws {
        let folder = try TemporaryFolder()
        defer { folder.remove() }
        let lines = (0..<40_000).map { "w\($0) 0.\($0 % 10)25 0.5 -0.75\n" }
        let path = try folder.write(lines.joined(), to: "v.txt")
        #expect(try WordVectors.load(path: path, cacheFolder: folder.path).loadReport.cache == .created)
        var bytes = try FileData.readRaw(path)
        let size = bytes.count
        #expect(size > 17 * 8192)
        // 4 KiB past the first sampled interior block: outside every old sample.
        var target = size / 17 + 4096 + 64
        while bytes[target] != UInt8(ascii: "5") || bytes[target - 1] != UInt8(ascii: ".") { target += 1 }
        bytes[target] = UInt8(ascii: "7")
        var times = stat()
        stat(path, &times)
        _ = try folder.write(bytes, to: "v.txt")
        var restore = [times.st_atim, times.st_mtim]
        utimensat(AT_FDCWD, path, &restore, 0)
        let lineStart = bytes[..<target].lastIndex(of: 0x0A).map { $0 + 1 } ?? 0
        let word = String(decoding: bytes[lineStart...].prefix { $0 != 0x20 }, as: UTF8.self)
        let reloaded = try WordVectors.load(path: path, cacheFolder: folder.path)
        #expect(reloaded.loadReport.cache == .rebuilt(reason: "stale: the source's content changed"))
        #expect(reloaded.vector(for: word)?[1] == 0.7)
    }

    /// Every kind of damage is caught and the vectors come from the source instead.
    @Test(arguments: [
        (0, "not a FinText vector cache (bad magic)"), (9, "cache version"), (20, "header checksum mismatch"),
        (140, "vocabulary checksum mismatch"), (-3, "matrix checksum mismatch"),
    ])
    func damagedCacheIsNeverTrusted(offset: Int, reason: String) throws {
        let folder = try TemporaryFolder()
        defer { folder.remove() }
        let path = try folder.write(text, to: "v.txt")
        let good = try WordVectors.load(path: path, cacheFolder: folder.path)
        let cache = WordVectors.cachePath(for: path, in: folder.path)
        var bytes = try FileData.readRaw(cache)
        let position = offset >= 0 ? offset : bytes.count + offset
        bytes[position] ^= 0x40
        #expect(FileManager.default.createFile(atPath: cache, contents: Data(bytes)))
        let reloaded = try WordVectors.load(path: path, cacheFolder: folder.path)
        guard case .rebuilt(let actual) = reloaded.loadReport.cache else {
            Issue.record("expected a rebuild, got \(reloaded.loadReport.cache)")
            return
        }
        #expect(actual.hasPrefix(reason), "\(actual)")
        #expect(reloaded.matrix == good.matrix)
        #expect(try WordVectors.load(path: path, cacheFolder: folder.path).loadReport.cache == .hit)
    }

    @Test func truncatedCacheIsRebuilt() throws {
        let folder = try TemporaryFolder()
        defer { folder.remove() }
        let path = try folder.write(text, to: "v.txt")
        _ = try WordVectors.load(path: path, cacheFolder: folder.path)
        let cache = WordVectors.cachePath(for: path, in: folder.path)
        let bytes = try FileData.readRaw(cache)
        for length in [0, 50, bytes.count - 4] {
            #expect(FileManager.default.createFile(atPath: cache, contents: Data(bytes.prefix(length))))
            let reloaded = try WordVectors.load(path: path, cacheFolder: folder.path)
            #expect(reloaded.loadReport.cache != .hit)
            #expect(reloaded.words == ["the", ",", "café"])
        }
    }

    @Test func lenientCacheIsNotTrustedByAStrictLoad() throws {
        let folder = try TemporaryFolder()
        defer { folder.remove() }
        let path = try folder.write("a 1 2\nb 3\nc 4 5\n", to: "v.txt")
        let lenient = try WordVectors.load(path: path, strict: false, cacheFolder: folder.path)
        #expect(lenient.loadReport.skippedLines == 1)
        let again = try WordVectors.load(path: path, strict: false, cacheFolder: folder.path)
        #expect(again.loadReport.cache == .hit)
        #expect(again.loadReport.skippedLines == 1)
        #expect(throws: WordVectorsError(path: path, line: 2, kind: .wrongFieldCount(expected: 3, found: 2))) {
            try WordVectors.load(path: path, strict: true, cacheFolder: folder.path)
        }
    }

    @Test func repairedLinesAreNotHiddenFromAStrictLoadByTheCache() throws {
        let folder = try TemporaryFolder()
        defer { folder.remove() }
        let path = try folder.write("a 1 2\r\nb 3 4\r\n", to: "v.txt")
        #expect(try WordVectors.load(path: path, strict: false, cacheFolder: folder.path).loadReport.repairedLines == 2)
        let again = try WordVectors.load(path: path, strict: false, cacheFolder: folder.path)
        #expect(again.loadReport.cache == .hit)
        #expect(again.loadReport.repairedLines == 2)
        #expect(throws: WordVectorsError(path: path, line: 1, kind: .carriageReturn)) {
            try WordVectors.load(path: path, strict: true, cacheFolder: folder.path)
        }
    }

    @Test func cacheThatCannotBeWrittenDoesNotStopTheLoad() throws {
        let folder = try TemporaryFolder()
        defer { folder.remove() }
        let path = try folder.write(text, to: "v.txt")
        // A folder where the cache file should go: it can be neither read nor replaced.
        try FileManager.default.createDirectory(
            atPath: WordVectors.cachePath(for: path, in: folder.path), withIntermediateDirectories: false)
        let vectors = try WordVectors.load(path: path, cacheFolder: folder.path)
        #expect(vectors.count == 3)
        guard case .notWritten = vectors.loadReport.cache else {
            Issue.record("expected notWritten, got \(vectors.loadReport.cache)")
            return
        }
    }

    @Test("caches go to the cache folder, never beside the source; names differ for same-named sources")
    func cacheFolderNotBesideTheSource() throws {
        let folder = try TemporaryFolder()
        defer { folder.remove() }
        let path = try folder.write(text, to: "v.txt")
        let caches = folder.path + "/caches"
        let vectors = try WordVectors.load(path: path, cacheFolder: caches)
        #expect(vectors.loadReport.cache == .created)
        #expect(vectors.loadReport.cachePath == WordVectors.cachePath(for: path, in: caches))
        #expect(vectors.loadReport.cachePath?.hasPrefix(caches + "/v.txt-") == true)
        #expect(!FileData.exists(path + ".ftwv"))
        #expect(try WordVectors.load(path: path, cacheFolder: caches).loadReport.cache == .hit)
        let other = folder.path + "/other/v.txt"
        #expect(WordVectors.cachePath(for: other, in: caches) != WordVectors.cachePath(for: path, in: caches))
        #expect(WordVectors.defaultCacheFolder.hasSuffix("/fintext"))
    }

    @Test func checksumSeesEveryByteAndIsDeterministic() {
        var bytes = [UInt8](repeating: 7, count: 1000)
        let base = bytes.withUnsafeBytes { Checksum.hash($0) }
        #expect(bytes.withUnsafeBytes { Checksum.hash($0) } == base)
        for position in [0, 31, 32, 500, 999] {
            bytes[position] ^= 1
            #expect(bytes.withUnsafeBytes { Checksum.hash($0) } != base)
            bytes[position] ^= 1
        }
        #expect(Array(bytes.prefix(999)).withUnsafeBytes { Checksum.hash($0) } != base)
    }
}
