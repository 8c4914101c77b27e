#if canImport(Glibc)
    import Glibc
#elseif canImport(Darwin)
    import Darwin
#endif

/// An open, read-only regular file: the one way FinText opens an input file.
///
/// Opening refuses what is not a regular file — a folder, a FIFO, a device such as `/dev/zero`, a socket,
/// also when reached through a symbolic link — before reading a byte, and opens with `O_NONBLOCK` so a
/// FIFO swapped in at the last moment cannot hang the open either. A size limit, when given, is checked
/// against the file's size. The descriptor is closed when the value ends.
public struct RegularFile: ~Copyable {
    /// The open descriptor (read-only, close-on-exec, blocking reads).
    public let descriptor: Int32
    /// The file's size in bytes when it was opened.
    public let size: Int
    /// The file's modification time: whole seconds since 1970.
    public let modificationSeconds: Int64
    /// The nanoseconds part of the modification time.
    public let modificationNanoseconds: Int64

    /// Opens `path` for reading.
    /// - Parameter maximumBytes: The largest size accepted (`InputLimits.maximumFileBytes` for a file read
    ///   whole), or nil for no limit (a file that is memory-mapped).
    /// - Throws: `IOError` naming the file: missing or unreadable, not a regular file (saying what it is and,
    ///   for a symbolic link, where it leads), or larger than `maximumBytes`.
    public init(opening path: String, maximumBytes: Int? = nil) throws(IOError) {
        var before = stat()
        guard stat(path, &before) == 0 else { throw IOError(path: path, reason: systemError("cannot open")) }
        try Self.requireRegular(before, path: path)
        let fd = open(path, O_RDONLY | O_CLOEXEC | O_NONBLOCK)
        guard fd >= 0 else { throw IOError(path: path, reason: systemError("cannot open")) }
        var info = stat()
        if fstat(fd, &info) != 0 {
            let error = IOError(path: path, reason: systemError("cannot stat"))
            close(fd)
            throw error
        }
        do {
            try Self.requireRegular(info, path: path)
        } catch {
            close(fd)
            throw error
        }
        let flags = fcntl(fd, F_GETFL)
        if flags >= 0 { _ = fcntl(fd, F_SETFL, flags & ~O_NONBLOCK) }
        let size = Int(info.st_size)
        if let maximumBytes, size > maximumBytes {
            close(fd)
            throw IOError(
                path: path,
                reason:
                    "is \(size) bytes, more than the limit of \(maximumBytes) bytes for one input file (raise it with \(InputLimits.Variable.fileBytes.rawValue))"
            )
        }
        descriptor = fd
        self.size = size
        #if os(Linux)
            modificationSeconds = Int64(info.st_mtim.tv_sec)
            modificationNanoseconds = Int64(info.st_mtim.tv_nsec)
        #else
            modificationSeconds = Int64(info.st_mtimespec.tv_sec)
            modificationNanoseconds = Int64(info.st_mtimespec.tv_nsec)
        #endif
    }

    deinit { close(descriptor) }

    /// Reads up to `count` bytes at `offset` into `buffer` (retrying on interruption); returns how many
    /// were read (fewer only at the end of the file).
    /// - Throws: `IOError` naming `path` when the read fails.
    public func read(into buffer: UnsafeMutableRawBufferPointer, at offset: Int, path: String) throws(IOError) -> Int {
        try preadFully(descriptor, into: buffer, at: offset, path: path)
    }

    /// Refuses anything but a regular file, naming what it is.
    private static func requireRegular(_ info: stat, path: String) throws(IOError) {
        let type = info.st_mode & S_IFMT
        if type == S_IFREG { return }
        let what: String
        switch type {
        case S_IFDIR: what = "a directory"
        case S_IFIFO: what = "a FIFO (named pipe)"
        case S_IFCHR: what = "a character device"
        case S_IFBLK: what = "a block device"
        case S_IFSOCK: what = "a socket"
        default: what = "a file of an unknown kind"
        }
        var link = stat()
        var through = ""
        if lstat(path, &link) == 0, (link.st_mode & S_IFMT) == S_IFLNK, let target = realpath(path, nil) {
            through = " (a symbolic link to \(String(cString: target)))"
            free(target)
        }
        throw IOError(path: path, reason: "is \(what)\(through), not a regular file; FinText reads only regular files")
    }
}
