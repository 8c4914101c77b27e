#if canImport(Glibc)
    import Glibc
#elseif canImport(Darwin)
    import Darwin
#endif

/// Whole-file reading, with transparent gzip decompression: the entry point every FinText reader uses.
///
/// Only regular files are read (`RegularFile`: no FIFO, device or folder, also behind a symbolic link),
/// and every read is bounded by `InputLimits` (by default the environment's, see
/// `InputLimits.fromEnvironment()`): the stored size, and for gzip the decompressed size and ratio.
public enum FileData {
    /// Reads a file's bytes; a gzip file (by its magic number, whatever its name) is decompressed as it is
    /// read, so memory holds the output and one 256 KiB chunk of input.
    ///
    /// - Parameter limits: The bounds to apply; nil means `InputLimits.fromEnvironment()`.
    /// - Throws: `IOError` naming the file when it is missing, unreadable, not a regular file, over the
    ///   limits, or a corrupt gzip stream.
    /// - Complexity: O(file size); memory is the decompressed size.
    public static func read(_ path: String, limits: InputLimits? = nil) throws(IOError) -> [UInt8] {
        let limits = try InputLimits.resolve(limits)
        let file = try RegularFile(opening: path, maximumBytes: limits.maximumFileBytes)
        let magic = try readBytes(file.descriptor, count: 2, at: 0, path: path)
        guard Gzip.isCompressed(magic) else {
            return try readAll(file, path: path, limit: limits.maximumFileBytes)
        }
        var hint: Int? = nil
        if file.size >= 18 {
            hint = Gzip.storedSize(trailer: try readBytes(file.descriptor, count: 4, at: file.size - 4, path: path))
        }
        var offset = 0
        let descriptor = file.descriptor
        return try Gzip.inflate(source: path, limits: limits, compressedSize: file.size, sizeHint: hint) {
            buffer throws(IOError) -> Int in
            let n = try preadFully(descriptor, into: buffer, at: offset, path: path)
            offset += n
            if offset > limits.maximumFileBytes {
                throw IOError(
                    path: path,
                    reason:
                        "grew past the limit of \(limits.maximumFileBytes) bytes for one input file while being read")
            }
            return n
        }
    }

    /// Reads a file's bytes exactly as stored (no decompression), within `limits.maximumFileBytes`.
    /// - Throws: `IOError` naming the file (see `read`).
    public static func readRaw(_ path: String, limits: InputLimits? = nil) throws(IOError) -> [UInt8] {
        let limits = try InputLimits.resolve(limits)
        let file = try RegularFile(opening: path, maximumBytes: limits.maximumFileBytes)
        return try readAll(file, path: path, limit: limits.maximumFileBytes)
    }

    /// Reads a file as UTF-8 text (gzip decompressed first).
    ///
    /// - Throws: `IOError` naming the file (see `read`), or the 1-based line and byte offset of the first
    ///   invalid UTF-8 sequence.
    public static func readUTF8(_ path: String, limits: InputLimits? = nil) throws(IOError) -> String {
        let bytes = try read(path, limits: limits)
        return try UTF8Validation.decode(bytes, source: path)
    }

    /// True when `path` names an existing file or directory.
    public static func exists(_ path: String) -> Bool {
        var info = stat()
        return stat(path, &info) == 0
    }

    /// True when `path` names an existing directory (following symbolic links).
    public static func isDirectory(_ path: String) -> Bool {
        var info = stat()
        return stat(path, &info) == 0 && (info.st_mode & S_IFMT) == S_IFDIR
    }

    /// The whole file in one sized read (plus whatever was appended since it was opened, up to `limit`).
    private static func readAll(_ file: borrowing RegularFile, path: String, limit: Int) throws(IOError) -> [UInt8] {
        var bytes = try readBytes(file.descriptor, count: file.size, at: 0, path: path)
        while true {
            let more = try readBytes(file.descriptor, count: 1 << 16, at: bytes.count, path: path)
            if more.isEmpty { return bytes }
            if bytes.count + more.count > limit {
                throw IOError(
                    path: path, reason: "grew past the limit of \(limit) bytes for one input file while being read")
            }
            bytes += more
        }
    }

    /// Up to `count` bytes at `offset` (fewer at the end of the file).
    private static func readBytes(_ descriptor: Int32, count: Int, at offset: Int, path: String) throws(IOError)
        -> [UInt8]
    {
        // `Array(unsafeUninitializedCapacity: 0)` writes the count of Swift's shared empty-array storage: a data
        // race with any thread reading an empty array (ThreadSanitizer, in CI). Nothing to read anyway.
        guard count > 0 else { return [] }
        var failure: IOError?
        let bytes = [UInt8](unsafeUninitializedCapacity: count) { buffer, initialized in
            switch Result(catching: { () throws(IOError) -> Int in
                try preadFully(descriptor, into: UnsafeMutableRawBufferPointer(buffer), at: offset, path: path)
            }) {
            case .success(let count): initialized = count
            case .failure(let error):
                failure = error
                initialized = 0
            }
        }
        if let failure { throw failure }
        return bytes
    }
}

/// `pread` until `buffer` is full or the file ends, retrying on interruption; the count read.
func preadFully(_ descriptor: Int32, into buffer: UnsafeMutableRawBufferPointer, at offset: Int, path: String)
    throws(IOError) -> Int
{
    guard let base = buffer.baseAddress else { return 0 }
    var done = 0
    while done < buffer.count {
        let n = pread(descriptor, base + done, buffer.count - done, off_t(offset + done))
        if n < 0 {
            if errno == EINTR { continue }
            throw IOError(path: path, reason: systemError("read failed"))
        }
        if n == 0 { break }
        done += n
    }
    return done
}

func systemError(_ what: String) -> String {
    "\(what): \(String(cString: strerror(errno)))"
}
