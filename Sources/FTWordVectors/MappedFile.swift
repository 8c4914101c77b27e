import FTIO

#if canImport(Glibc)
    import Glibc
#elseif canImport(Darwin)
    import Darwin
#endif

/// A read-only memory map of a whole file (`mmap(PROT_READ, MAP_PRIVATE)`), unmapped on deinit.
///
/// `@unchecked Sendable`: the mapping is read-only and never remapped while the object lives, so
/// sharing it between threads is safe.
final class MappedFile: @unchecked Sendable {
    /// The first byte (nil for an empty file).
    let base: UnsafePointer<UInt8>?
    /// The file size in bytes.
    let size: Int
    /// The file's `stat` at open time.
    let status: FileStatus

    /// Maps `path`. `populate` asks the kernel to fault every page in up front (faster for data that
    /// is read in full).
    init(path: String, populate: Bool = false) throws(IOError) {
        let file = try RegularFile(opening: path)
        status = FileStatus(file)
        size = file.size
        if size == 0 {
            base = nil
            return
        }
        let fd = file.descriptor
        var flags = MAP_PRIVATE
        #if os(Linux)
            if populate { flags |= MAP_POPULATE }
        #endif
        let address = mmap(nil, size, PROT_READ, flags, fd, 0)
        guard let address, address != MAP_FAILED else {
            throw IOError(path: path, reason: Self.errorText("cannot memory-map"))
        }
        base = UnsafePointer(address.assumingMemoryBound(to: UInt8.self))
        #if os(Linux)
            madvise(address, size, MADV_SEQUENTIAL)
        #endif
    }

    deinit {
        if let base { munmap(UnsafeMutableRawPointer(mutating: base), size) }
    }

    /// The mapped bytes.
    var bytes: UnsafeBufferPointer<UInt8> { UnsafeBufferPointer(start: base, count: size) }

    /// Tells the kernel the process no longer needs the pages of `range` (they stay in the page
    /// cache, but leave the process's resident set). Rounded inward to whole pages.
    func releasePages(_ range: Range<Int>) {
        guard let base else { return }
        let page = Int(sysconf(Int32(_SC_PAGESIZE)))
        let lower = (range.lowerBound + page - 1) / page * page
        let upper = range.upperBound / page * page
        guard upper > lower else { return }
        madvise(UnsafeMutableRawPointer(mutating: base + lower), upper - lower, MADV_DONTNEED)
    }

    static func errorText(_ what: String) -> String {
        "\(what): \(String(cString: strerror(errno)))"
    }
}

/// Size and modification time of a file, the identity the binary cache records of its source.
struct FileStatus: Equatable, Sendable {
    var size: UInt64
    var modificationSeconds: Int64
    var modificationNanoseconds: Int64

    init(size: UInt64, modificationSeconds: Int64, modificationNanoseconds: Int64) {
        self.size = size
        self.modificationSeconds = modificationSeconds
        self.modificationNanoseconds = modificationNanoseconds
    }

    init(_ file: borrowing RegularFile) {
        size = UInt64(file.size)
        modificationSeconds = file.modificationSeconds
        modificationNanoseconds = file.modificationNanoseconds
    }
}
