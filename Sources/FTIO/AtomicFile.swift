#if canImport(Glibc)
    import Glibc
#elseif canImport(Darwin)
    import Darwin
#endif

/// Crash-safe file writing: a reader sees either the old complete file or the new complete file, never
/// a half-written one.
///
/// The bytes go to a temporary file in the destination's folder, are flushed to disk (`fsync`), and the
/// temporary file is renamed over the destination (atomic on POSIX file systems); the folder is then
/// flushed so the rename itself survives a power loss.
public enum AtomicFile {
    /// Writes `bytes` to `path` atomically.
    /// - Throws: `IOError` naming the file; on failure the previous file at `path` is untouched and the
    ///   temporary file is removed.
    public static func write(_ bytes: some Collection<UInt8>, to path: String) throws(IOError) {
        let folder = parentFolder(of: path)
        var template = Array("\(folder)/.\(baseName(of: path)).tmp-XXXXXX".utf8CString)
        let fd = template.withUnsafeMutableBufferPointer { mkstemp($0.baseAddress!) }
        guard fd >= 0 else {
            throw IOError(path: path, reason: systemError("cannot create a temporary file in \(folder)"))
        }
        let temporary = template.withUnsafeBufferPointer { String(cString: $0.baseAddress!) }
        var failure: IOError?
        if !writeAll(Array(bytes), to: fd) { failure = IOError(path: path, reason: systemError("write failed")) }
        if failure == nil && fsync(fd) != 0 { failure = IOError(path: path, reason: systemError("fsync failed")) }
        fchmod(fd, 0o644)
        close(fd)
        if failure == nil && rename(temporary, path) != 0 {
            failure = IOError(path: path, reason: systemError("cannot rename the temporary file into place"))
        }
        if let failure {
            unlink(temporary)
            throw failure
        }
        let dirfd = open(folder, O_RDONLY | O_DIRECTORY)
        if dirfd >= 0 {
            fsync(dirfd)
            close(dirfd)
        }
    }

    /// Writes `text` as UTF-8 to `path` atomically.
    public static func write(_ text: String, to path: String) throws(IOError) {
        try write(Array(text.utf8), to: path)
    }

    /// Creates `path` and any missing parent folders (like `mkdir -p`).
    public static func createFolder(_ path: String) throws(IOError) {
        var current = path.hasPrefix("/") ? "" : "."
        for part in path.split(separator: "/") {
            current += "/" + part
            if mkdir(current, 0o755) != 0 && errno != EEXIST {
                throw IOError(path: path, reason: systemError("cannot create folder \(current)"))
            }
        }
    }

    /// The folder part of `path`: "." for a bare name, "/" for a file at the root.
    public static func parentFolder(of path: String) -> String {
        guard let slash = path.lastIndex(of: "/") else { return "." }
        let folder = String(path[..<slash])
        return folder.isEmpty ? "/" : folder
    }

    /// The last component of `path`.
    public static func baseName(of path: String) -> String {
        guard let slash = path.lastIndex(of: "/") else { return path }
        return String(path[path.index(after: slash)...])
    }
}

/// Writes every byte of `bytes` to `fd`, retrying after signals and short writes.
/// - Returns: false when `write(2)` failed (`errno` says why).
func writeAll(_ bytes: [UInt8], to fd: Int32) -> Bool {
    bytes.withUnsafeBytes { raw in
        var offset = 0
        while offset < raw.count {
            let n = write(fd, raw.baseAddress! + offset, raw.count - offset)
            if n < 0 {
                if errno == EINTR { continue }
                return false
            }
            offset += n
        }
        return true
    }
}
