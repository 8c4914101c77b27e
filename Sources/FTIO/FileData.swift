#if canImport(Glibc)
    import Glibc
#elseif canImport(Darwin)
    import Darwin
#endif

/// Whole-file reading, with transparent gzip decompression.
public enum FileData {
    /// Reads a file's bytes; a gzip file (by its magic number, whatever its name) is decompressed.
    ///
    /// - Throws: `IOError` naming the file when it is missing, unreadable, or a corrupt gzip stream.
    /// - Complexity: O(file size); memory is the decompressed size plus the compressed size.
    public static func read(_ path: String) throws(IOError) -> [UInt8] {
        let raw = try readRaw(path)
        if Gzip.isCompressed(raw) {
            return try Gzip.decompress(raw, source: path)
        }
        return raw
    }

    /// Reads a file's bytes exactly as stored (no decompression).
    public static func readRaw(_ path: String) throws(IOError) -> [UInt8] {
        let fd = open(path, O_RDONLY | O_CLOEXEC)
        guard fd >= 0 else { throw IOError(path: path, reason: systemError("cannot open")) }
        defer { close(fd) }
        var info = stat()
        guard fstat(fd, &info) == 0 else { throw IOError(path: path, reason: systemError("cannot stat")) }
        if (info.st_mode & S_IFMT) == S_IFDIR { throw IOError(path: path, reason: "is a directory, not a file") }
        var bytes = [UInt8]()
        bytes.reserveCapacity(Int(info.st_size))
        var buffer = [UInt8](repeating: 0, count: 1 << 20)
        while true {
            let count = buffer.withUnsafeMutableBytes { Glibc.read(fd, $0.baseAddress, $0.count) }
            if count < 0 {
                if errno == EINTR { continue }
                throw IOError(path: path, reason: systemError("read failed"))
            }
            if count == 0 { break }
            bytes.append(contentsOf: buffer[0..<count])
        }
        return bytes
    }

    /// Reads a file as UTF-8 text (gzip decompressed first).
    ///
    /// - Throws: `IOError` naming the file and the 1-based line and byte offset of the first invalid
    ///   UTF-8 sequence.
    public static func readUTF8(_ path: String) throws(IOError) -> String {
        let bytes = try read(path)
        return try UTF8Validation.decode(bytes, source: path)
    }

    /// True when `path` names an existing file or directory.
    public static func exists(_ path: String) -> Bool {
        var info = stat()
        return stat(path, &info) == 0
    }
}

func systemError(_ what: String) -> String {
    "\(what): \(String(cString: strerror(errno)))"
}
