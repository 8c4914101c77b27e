#if canImport(Glibc)
    import Glibc
#elseif canImport(Darwin)
    import Darwin
#endif

/// A new file that only grows: for logs that other programs read while they are written (TensorBoard
/// event files).
///
/// The file is created exclusively (`O_CREAT | O_EXCL`), so an existing file is never truncated or
/// overwritten. Each `append` is handed to the kernel at once with `write(2)` (readers see it; a crash of
/// the process keeps it); `sync()` also forces it to disk with `fsync` (a power loss keeps it). A record
/// format that frames and checksums its records (TFRecord) lets a reader stop at the last complete record
/// after a crash in the middle of an `append`.
///
/// One owner: the instance holds the file descriptor and closes it in `close()` or when it is released.
public final class AppendOnlyFile {
    /// The file's path as given.
    public let path: String
    /// Bytes appended so far.
    public private(set) var size = 0
    private var descriptor: Int32

    /// Creates `path`, which must not exist yet; its folder must exist.
    /// - Throws: `IOError` naming the file when it exists already or cannot be created.
    public init(creating path: String) throws(IOError) {
        let fd = open(path, O_WRONLY | O_CREAT | O_EXCL | O_APPEND | O_CLOEXEC, 0o644)
        guard fd >= 0 else {
            let reason = errno == EEXIST ? "exists already; refusing to overwrite it" : systemError("cannot create")
            throw IOError(path: path, reason: reason)
        }
        self.path = path
        self.descriptor = fd
    }

    deinit {
        if descriptor >= 0 { Glibc.close(descriptor) }
    }

    /// Appends `bytes` with one `write(2)` (repeated only after a short write or a signal).
    /// - Throws: `IOError` naming the file (disk full, file closed).
    public func append(_ bytes: [UInt8]) throws(IOError) {
        guard descriptor >= 0 else { throw IOError(path: path, reason: "cannot write: the file is closed") }
        guard writeAll(bytes, to: descriptor) else { throw IOError(path: path, reason: systemError("write failed")) }
        size += bytes.count
    }

    /// Forces what was appended to disk (`fsync`).
    /// - Throws: `IOError` naming the file.
    public func sync() throws(IOError) {
        guard descriptor >= 0 else { return }
        guard fsync(descriptor) == 0 else { throw IOError(path: path, reason: systemError("fsync failed")) }
    }

    /// Syncs and closes the file; later appends throw. Closing twice does nothing.
    /// - Throws: `IOError` naming the file when the final `fsync` or `close` fails.
    public func close() throws(IOError) {
        guard descriptor >= 0 else { return }
        let synced = fsync(descriptor) == 0
        let failure = synced ? nil : systemError("fsync failed")
        let closed = Glibc.close(descriptor) == 0
        descriptor = -1
        if let failure { throw IOError(path: path, reason: failure) }
        guard closed else { throw IOError(path: path, reason: systemError("close failed")) }
    }
}
