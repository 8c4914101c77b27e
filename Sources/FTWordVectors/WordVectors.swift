import FTIO
public import FTTensor
import Foundation

/// A table of word vectors: `count` words, each with a `dimension`-long float32 vector, stored as one
/// contiguous row-major matrix `[count, dimension]` (row `i` belongs to `words[i]`).
///
/// Load one with `WordVectors.load(path:format:cache:strict:)`. The value is immutable and cheap to
/// copy; a cached load keeps the matrix inside the memory-mapped cache file instead of copying it.
public struct WordVectors: Sendable {
    /// The words in file order (row order).
    public let words: [String]
    /// The vector length `D`.
    public let dimension: Int
    /// The layout the vectors were read in (given, or detected from the file).
    public let format: WordVectorFormat
    /// What happened while loading (cache use, lenient-mode issues).
    public let loadReport: LoadReport
    let storage: VectorStorage
    let rowOfWord: [String: Int]

    init(parsed: ParsedVectors, report: LoadReport) {
        words = parsed.words
        dimension = parsed.dimension
        format = parsed.format
        storage = parsed.storage
        rowOfWord = parsed.index
        loadReport = report
    }

    /// Builds a table from memory: `scalars` holds `words.count × dimension` floats, row-major.
    ///
    /// - Throws: `WordVectorsError` (path `"<memory>"`, line = 1-based row) for a duplicate word or a
    ///   non-finite value.
    /// - Precondition: `dimension > 0`, `scalars.count == words.count × dimension`.
    public init(words: [String], dimension: Int, scalars: [Float]) throws(WordVectorsError) {
        precondition(dimension > 0, "WordVectors expected a positive dimension. Received: \(dimension)")
        precondition(
            scalars.count == words.count * dimension,
            "WordVectors expected \(words.count) × \(dimension) scalars. Received: \(scalars.count)")
        var index = [String: Int](minimumCapacity: words.count)
        for (row, word) in words.enumerated() {
            if let first = index[word] {
                throw WordVectorsError(
                    path: "<memory>", line: row + 1, kind: .duplicateWord(word, firstLine: first + 1))
            }
            index[word] = row
            for k in 0..<dimension where !scalars[row * dimension + k].isFinite {
                throw WordVectorsError(
                    path: "<memory>", line: row + 1,
                    kind: .nonFinite(field: k + 2, text: "\(scalars[row * dimension + k])"))
            }
        }
        let pointer = UnsafeMutablePointer<Float>.allocate(capacity: max(1, scalars.count))
        scalars.withUnsafeBufferPointer { source in
            if let base = source.baseAddress { pointer.initialize(from: base, count: source.count) }
        }
        self.init(
            parsed: ParsedVectors(
                words: words, index: index, dimension: dimension,
                storage: VectorStorage(owning: pointer, count: scalars.count),
                issues: [], skippedLines: 0, repairedLines: 0),
            report: LoadReport(cache: .disabled, cachePath: nil, skippedLines: 0, repairedLines: 0, issues: []))
    }

    /// Number of words (matrix rows).
    public var count: Int { words.count }

    /// The row of `word`, or nil when the table lacks it. Exact, case-sensitive match. O(1).
    public func index(of word: String) -> Int? { rowOfWord[word] }

    /// A copy of the vector of `word`, or nil when the table lacks it.
    public func vector(for word: String) -> [Float]? {
        rowOfWord[word].map { vector(at: $0) }
    }

    /// A copy of row `row`.
    /// - Precondition: `0 ≤ row < count`.
    public func vector(at row: Int) -> [Float] {
        precondition(
            row >= 0 && row < count, "WordVectors.vector(at:) expected a row in 0..<\(count). Received: \(row)")
        return Array(UnsafeBufferPointer(start: storage.base + row * dimension, count: dimension))
    }

    /// Calls `body` with the whole matrix `[count, dimension]`, row-major, without copying it.
    /// The buffer is valid only inside `body`.
    public func withUnsafeMatrix<R, E: Error>(_ body: (UnsafeBufferPointer<Float>) throws(E) -> R) throws(E) -> R {
        try withExtendedLifetime(storage) { () throws(E) -> R in try body(storage.buffer) }
    }

    /// A copy of the matrix as a `Tensor` of shape `[count, dimension]`. O(count · dimension) memory.
    public var matrix: Tensor {
        Tensor(shape: [count, dimension], scalars: Array(storage.buffer))
    }

    /// The folder binary caches go to by default: `$XDG_CACHE_HOME/fintext`, else `~/.cache/fintext`
    /// (never beside the source, which may sit in a repository or a read-only folder; decision 0123).
    public static var defaultCacheFolder: String {
        let environment = ProcessInfo.processInfo.environment
        if let xdg = environment["XDG_CACHE_HOME"], xdg.hasPrefix("/") { return xdg + "/fintext" }
        let home = environment["HOME"].flatMap { $0.isEmpty ? nil : $0 } ?? NSHomeDirectory()
        return home + "/.cache/fintext"
    }

    /// The longest vector accepted, 2²⁰ − 1 (what the binary cache stores); real embeddings have at most a
    /// few thousand dimensions. A header or first line announcing more is refused before any allocation.
    public static let maximumDimension = (1 << 20) - 1

    /// The cache file used for `path` in `folder` (default ``defaultCacheFolder``):
    /// `<folder>/<file name>-<16 hex digits>.ftwv`, the digits a hash of the source's absolute path, so two
    /// sources of the same name never share a cache (the cache also checks the source's fingerprint).
    public static func cachePath(for path: String, in folder: String? = nil) -> String {
        let absolute =
            path.hasPrefix("/") ? path : FileManager.default.currentDirectoryPath + "/" + path
        let name = absolute.split(separator: "/").last.map(String.init) ?? "vectors"
        let hash = Array(absolute.utf8).withUnsafeBytes { Checksum.hash($0) }
        let digits = String(hash, radix: 16)
        return (folder ?? defaultCacheFolder) + "/" + name + "-"
            + String(repeating: "0", count: max(0, 16 - digits.count)) + digits + ".ftwv"
    }

    /// Reads word vectors from a GloVe or word2vec file (gzip-compressed or not), using a binary cache in
    /// `cacheFolder` (default ``defaultCacheFolder``, created when missing).
    ///
    /// With `cache: .automatic`, a valid cache (`cachePath(for:in:)`) is memory-mapped instead of parsing the
    /// text (the source's size, modification time and a hash of its whole content, and all checksums, are
    /// checked first); an absent, stale or damaged cache is (re)built after parsing. Plain text is
    /// memory-mapped and parsed on all cores; gzip input is first decompressed into memory by
    /// `FTIO.FileData`, within its `InputLimits`. Only regular files are read.
    ///
    /// - Parameters:
    ///   - path: The vector file.
    ///   - format: Its layout, or nil (the default) to detect it from the first bytes (a first line of two
    ///     integers is a word2vec header; `WordVectorFormat` explains the rule). A file whose first bytes
    ///     say it is word2vec is refused when `format` says otherwise.
    ///   - cache: How to use the binary cache.
    ///   - strict: When true (default) the first malformed line throws; when false malformed lines
    ///     are skipped (BOM and CRLF repaired) and counted in `loadReport`.
    ///   - cacheFolder: Where the cache goes; nil for ``defaultCacheFolder``.
    /// - Throws: `WordVectorsError` naming the file and the 1-based line (record for word2vec binary):
    ///   unreadable or non-regular file, a format mismatch, empty file, bad or impossible header, a
    ///   dimension over `maximumDimension`, wrong field count, non-numeric or non-finite value, duplicate
    ///   word, empty line, BOM, CRLF, truncated last line, invalid UTF-8.
    /// - Complexity: O(file size) on a first load; O(file size) to hash the source and O(matrix size) to
    ///   map and checksum a cache.
    public static func load(
        path: String, format: WordVectorFormat? = nil, cache: WordVectorCache = .automatic, strict: Bool = true,
        cacheFolder: String? = nil
    ) throws(WordVectorsError) -> WordVectors {
        guard cache != .disabled else {
            let parsed = try parseSource(path: path, format: format, strict: strict)
            return WordVectors(parsed: parsed, report: report(parsed, cache: .disabled, cachePath: nil))
        }
        let cacheFile = cachePath(for: path, in: cacheFolder)
        // Taken before the parse, so a source changed during the parse leaves a stale cache, never a wrong one.
        let fingerprint = VectorCache.fingerprint(of: path)
        var rebuildReason: String?
        if cache == .automatic, FileData.exists(cacheFile), let fingerprint {
            switch VectorCache.read(cacheFile, source: fingerprint, format: format, strict: strict) {
            case .valid(let parsed):
                return WordVectors(parsed: parsed, report: report(parsed, cache: .hit, cachePath: cacheFile))
            case .invalid(let reason):
                rebuildReason = reason
            }
        }
        let parsed = try parseSource(path: path, format: format, strict: strict)
        var status: LoadReport.CacheStatus = rebuildReason.map { .rebuilt(reason: $0) } ?? .created
        if let fingerprint {
            do {
                try AtomicFile.createFolder(cacheFolder ?? defaultCacheFolder)
                try VectorCache.write(parsed, to: cacheFile, source: fingerprint, format: parsed.format)
            } catch {
                status = .notWritten(reason: error.reason)
            }
        } else {
            status = .notWritten(reason: "cannot fingerprint the source")
        }
        return WordVectors(parsed: parsed, report: report(parsed, cache: status, cachePath: cacheFile))
    }

    private static func report(_ parsed: ParsedVectors, cache: LoadReport.CacheStatus, cachePath: String?) -> LoadReport
    {
        LoadReport(
            cache: cache, cachePath: cachePath, skippedLines: parsed.skippedLines, repairedLines: parsed.repairedLines,
            issues: parsed.issues)
    }

    /// Parses the source: plain text is memory-mapped, gzip is decompressed into memory within the
    /// `InputLimits` of the environment.
    private static func parseSource(path: String, format: WordVectorFormat?, strict: Bool)
        throws(WordVectorsError) -> ParsedVectors
    {
        let mapping: MappedFile
        do {
            mapping = try MappedFile(path: path)
        } catch {
            throw WordVectorsError(error)
        }
        let bytes = mapping.bytes
        if bytes.count >= 2 && bytes[0] == 0x1F && bytes[1] == 0x8B {
            let decompressed: [UInt8]
            do {
                decompressed = try FileData.read(path)
            } catch {
                throw WordVectorsError(error)
            }
            return try decompressed.withUnsafeBufferPointer { buffer throws(WordVectorsError) -> ParsedVectors in
                try parse(buffer, path: path, format: format, strict: strict, mapping: nil)
            }
        }
        return try parse(bytes, path: path, format: format, strict: strict, mapping: mapping)
    }

    private static func parse(
        _ bytes: UnsafeBufferPointer<UInt8>, path: String, format requested: WordVectorFormat?, strict: Bool,
        mapping: MappedFile?
    ) throws(WordVectorsError) -> ParsedVectors {
        let (detected, header) = WordVectorFormat.detect(bytes)
        if let requested, requested != detected, detected != .gloveText, let header {
            throw WordVectorsError(
                path: path, line: 1, kind: .formatMismatch(expected: requested, detected: detected, header: header))
        }
        let format = requested ?? detected
        var parsed: ParsedVectors
        switch format {
        case .gloveText, .word2vecText:
            parsed = try TextVectorParser.parse(bytes, path: path, format: format, strict: strict, mapping: mapping)
        case .word2vecBinary:
            parsed = try Word2VecBinaryParser.parse(bytes, path: path, strict: strict)
        }
        parsed.format = format
        return parsed
    }
}
