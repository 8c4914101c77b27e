import FTIO

#if canImport(Glibc)
    import Glibc
#elseif canImport(Darwin)
    import Darwin
#endif

/// The binary cache file: a versioned, checksummed header, the vocabulary and the float32 matrix,
/// memory-mapped on load. The byte layout is specified in docs/word-vectors.md ("Binary cache").
///
/// A cache is trusted only when every check passes: magic, version, header checksum, file size,
/// section bounds, the source's size, modification time and whole-content hash, the format, the
/// vocabulary and matrix checksums, and the words being valid, distinct UTF-8. Anything else makes
/// `read` return `.invalid(reason)` and the caller re-parses the source.
enum VectorCache {
    static let magic: [UInt8] = Array("FTWVCACH".utf8)
    static let version: UInt32 = 2
    static let headerSize = 136
    static let matrixAlignment = 64

    /// The identity of a source file recorded in the cache header.
    struct SourceFingerprint: Equatable {
        var status: FileStatus
        /// FT64 of the source's whole stored content (compressed bytes for a gzip source).
        var contentHash: UInt64
    }

    enum ReadResult {
        case valid(ParsedVectors)
        case invalid(String)
    }

    /// Size, mtime and a hash of the source's whole content, so an in-place edit that keeps size and
    /// mtime is caught wherever it is (decision 0100). Nil when the source cannot be opened as a
    /// regular file (the parse then reports why).
    static func fingerprint(of path: String) -> SourceFingerprint? {
        guard let mapping = try? MappedFile(path: path) else { return nil }
        let hash = Checksum.hash(UnsafeRawBufferPointer(mapping.bytes))
        mapping.releasePages(0..<mapping.size)
        return SourceFingerprint(status: mapping.status, contentHash: hash)
    }

    // MARK: Writing

    /// Writes the cache for `vectors` to `path` atomically (temporary file in the same folder, then
    /// `rename`). No `fsync`: a cache cut short by a crash fails its checksums and is rebuilt.
    static func write(
        _ vectors: ParsedVectors, to path: String, source: SourceFingerprint, format: WordVectorFormat
    ) throws(IOError) {
        let rows = vectors.words.count
        var vocabulary = [UInt8]()
        var lengths = [UInt8]()
        lengths.reserveCapacity(rows * 4)
        for word in vectors.words {
            appendLittleEndian(&lengths, UInt32(word.utf8.count))
            vocabulary.append(contentsOf: word.utf8)
        }
        let vocabularyBlock = lengths + vocabulary
        let vocabularyOffset = headerSize
        let matrixOffset =
            (vocabularyOffset + vocabularyBlock.count + matrixAlignment - 1) / matrixAlignment * matrixAlignment
        let matrixBytes = UnsafeRawBufferPointer(vectors.storage.buffer)
        let fileSize = matrixOffset + matrixBytes.count
        var header = [UInt8]()
        header += magic
        appendLittleEndian(&header, version)
        appendLittleEndian(&header, UInt32(headerSize))
        appendLittleEndian(&header, UInt64(rows))
        appendLittleEndian(&header, UInt64(vectors.dimension))
        appendLittleEndian(&header, source.status.size)
        appendLittleEndian(&header, UInt64(bitPattern: source.status.modificationSeconds))
        appendLittleEndian(&header, UInt64(bitPattern: source.status.modificationNanoseconds))
        appendLittleEndian(&header, source.contentHash)
        appendLittleEndian(&header, format.code)
        appendLittleEndian(&header, UInt32(clamping: vectors.skippedLines))
        appendLittleEndian(&header, UInt64(vocabularyOffset))
        appendLittleEndian(&header, UInt64(vocabularyBlock.count))
        appendLittleEndian(&header, UInt64(matrixOffset))
        appendLittleEndian(&header, vocabularyBlock.withUnsafeBytes { Checksum.hash($0) })
        appendLittleEndian(&header, Checksum.hash(matrixBytes))
        appendLittleEndian(&header, UInt64(fileSize))
        appendLittleEndian(&header, UInt64(vectors.repairedLines))
        appendLittleEndian(&header, header.withUnsafeBytes { Checksum.hash($0) })
        precondition(
            header.count == headerSize, "VectorCache header expected \(headerSize) bytes. Received: \(header.count)")
        let padding = [UInt8](repeating: 0, count: matrixOffset - vocabularyOffset - vocabularyBlock.count)

        let folder = AtomicFile.parentFolder(of: path)
        var template = Array("\(folder)/.\(AtomicFile.baseName(of: path)).tmp-XXXXXX".utf8CString)
        let fd = template.withUnsafeMutableBufferPointer { buffer -> Int32 in
            guard let base = buffer.baseAddress else { return -1 }
            return mkstemp(base)
        }
        guard fd >= 0 else { throw IOError(path: path, reason: MappedFile.errorText("cannot create a temporary file")) }
        let temporary = template.withUnsafeBufferPointer { buffer in
            String(decoding: buffer.prefix { $0 != 0 }.map { UInt8(bitPattern: $0) }, as: UTF8.self)
        }
        var ok = true
        for block in [header, vocabularyBlock, padding] where ok {
            ok = block.withUnsafeBytes { writeAll(fd, $0) }
        }
        if ok { ok = writeAll(fd, matrixBytes) }
        fchmod(fd, 0o644)
        close(fd)
        if !ok || rename(temporary, path) != 0 {
            let reason = MappedFile.errorText(ok ? "cannot rename the temporary file into place" : "write failed")
            unlink(temporary)
            throw IOError(path: path, reason: reason)
        }
    }

    private static func writeAll(_ fd: Int32, _ bytes: UnsafeRawBufferPointer) -> Bool {
        guard let base = bytes.baseAddress else { return true }
        var offset = 0
        while offset < bytes.count {
            let n = Glibc.write(fd, base + offset, min(bytes.count - offset, 1 << 30))
            if n < 0 {
                if errno == EINTR { continue }
                return false
            }
            offset += n
        }
        return true
    }

    static func appendLittleEndian<T: FixedWidthInteger>(_ bytes: inout [UInt8], _ value: T) {
        withUnsafeBytes(of: value.littleEndian) { bytes.append(contentsOf: $0) }
    }

    // MARK: Reading

    /// Maps and validates the cache at `path` for the source `source` (already fingerprinted).
    static func read(
        _ path: String, source: SourceFingerprint, format: WordVectorFormat?, strict: Bool
    ) -> ReadResult {
        let mapping: MappedFile
        do {
            mapping = try MappedFile(path: path, populate: true)
        } catch {
            return .invalid("cannot map the cache: \(error.reason)")
        }
        guard let base = mapping.base, mapping.size >= headerSize else {
            return .invalid("cache shorter than its header")
        }
        let raw = UnsafeRawPointer(base)
        func u64(_ offset: Int) -> UInt64 {
            UInt64(littleEndian: raw.loadUnaligned(fromByteOffset: offset, as: UInt64.self))
        }
        func u32(_ offset: Int) -> UInt32 {
            UInt32(littleEndian: raw.loadUnaligned(fromByteOffset: offset, as: UInt32.self))
        }
        guard Array(UnsafeBufferPointer(start: base, count: 8)) == magic else {
            return .invalid("not a FinText vector cache (bad magic)")
        }
        guard u32(8) == version else { return .invalid("cache version \(u32(8)), expected \(version)") }
        guard u32(12) == UInt32(headerSize) else { return .invalid("bad header size") }
        guard Checksum.hash(UnsafeRawBufferPointer(start: raw, count: headerSize - 8)) == u64(headerSize - 8) else {
            return .invalid("header checksum mismatch (damaged cache)")
        }
        let recorded = SourceFingerprint(
            status: FileStatus(
                size: u64(32), modificationSeconds: Int64(bitPattern: u64(40)),
                modificationNanoseconds: Int64(bitPattern: u64(48))),
            contentHash: u64(56))
        if recorded.status.size != source.status.size { return .invalid("stale: the source's size changed") }
        if recorded.status != source.status { return .invalid("stale: the source's modification time changed") }
        if recorded.contentHash != source.contentHash { return .invalid("stale: the source's content changed") }
        guard let cachedFormat = WordVectorFormat(code: u32(64)), format == nil || format == cachedFormat else {
            return .invalid("built from another format")
        }
        let skipped = Int(u32(68))
        let repaired = Int(clamping: u64(120))
        if strict && skipped + repaired > 0 {
            return .invalid(
                "built in lenient mode with \(skipped) skipped and \(repaired) repaired lines; a strict load re-reads the source"
            )
        }
        guard u64(112) == UInt64(mapping.size) else {
            return .invalid("file size differs from the header (truncated cache)")
        }
        let size = UInt64(mapping.size)
        let rows64 = u64(16)
        let dimension64 = u64(24)
        let vocabularyOffset = u64(72)
        let vocabularyLength = u64(80)
        let matrixOffset = u64(88)
        guard vocabularyLength <= size, matrixOffset <= size, rows64 > 0, dimension64 > 0, rows64 < 1 << 40,
            dimension64 < 1 << 20,
            vocabularyOffset == UInt64(headerSize), vocabularyLength >= rows64 * 4,
            vocabularyOffset + vocabularyLength <= matrixOffset, matrixOffset % UInt64(matrixAlignment) == 0,
            matrixOffset + rows64 * dimension64 * 4 == size
        else { return .invalid("inconsistent section bounds (damaged cache)") }
        let rows = Int(rows64)
        let dimension = Int(dimension64)
        let vocabulary = UnsafeRawBufferPointer(start: raw + Int(vocabularyOffset), count: Int(vocabularyLength))
        let matrix = UnsafeRawBufferPointer(start: raw + Int(matrixOffset), count: rows * dimension * 4)
        guard Checksum.hash(vocabulary) == u64(96) else {
            return .invalid("vocabulary checksum mismatch (damaged cache)")
        }
        guard Checksum.hash(matrix) == u64(104) else { return .invalid("matrix checksum mismatch (damaged cache)") }

        var words = [String]()
        words.reserveCapacity(rows)
        var index = [String: Int](minimumCapacity: rows)
        var cursor = Int(vocabularyOffset) + rows * 4
        let vocabularyEnd = Int(vocabularyOffset + vocabularyLength)
        for row in 0..<rows {
            let length = Int(u32(Int(vocabularyOffset) + row * 4))
            guard cursor + length <= vocabularyEnd,
                let word = String(validating: UnsafeBufferPointer(start: base + cursor, count: length), as: UTF8.self),
                index.updateValue(row, forKey: word) == nil
            else { return .invalid("bad vocabulary entry \(row + 1) (damaged cache)") }
            words.append(word)
            cursor += length
        }
        guard cursor == vocabularyEnd else { return .invalid("vocabulary length mismatch (damaged cache)") }
        let storage = VectorStorage(mapping: mapping, offset: Int(matrixOffset), count: rows * dimension)
        return .valid(
            ParsedVectors(
                format: cachedFormat, words: words, index: index, dimension: dimension, storage: storage, issues: [],
                skippedLines: skipped, repairedLines: repaired))
    }
}
