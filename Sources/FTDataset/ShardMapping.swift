import FTIO

#if canImport(Glibc)
    import Glibc
#endif

/// A read-only memory map of one shard file (`mmap(PROT_READ, MAP_PRIVATE)`), unmapped on deinit.
///
/// `@unchecked Sendable`: the mapping is read-only and never remapped while the object lives.
final class ShardMapping: @unchecked Sendable {
    /// The first byte (nil for an empty file).
    let base: UnsafePointer<UInt8>?
    /// The file size in bytes.
    let size: Int

    /// Maps `path`, opened as every FinText input is (`RegularFile`: a regular file only, never a folder,
    /// FIFO or device). There is no size limit: the file is mapped, not read into memory.
    /// - Throws: `IOError` naming the file when it cannot be opened, is not a regular file, or cannot be
    ///   mapped.
    init(path: String) throws(IOError) {
        let file = try RegularFile(opening: path)
        size = file.size
        if size == 0 {
            base = nil
            return
        }
        let address = mmap(nil, size, PROT_READ, MAP_PRIVATE, file.descriptor, 0)
        guard let address, address != MAP_FAILED else {
            throw IOError(path: path, reason: Self.errorText("cannot memory-map"))
        }
        base = UnsafePointer(address.assumingMemoryBound(to: UInt8.self))
    }

    deinit {
        if let base { munmap(UnsafeMutableRawPointer(mutating: base), size) }
    }

    /// The mapped bytes.
    var bytes: UnsafeBufferPointer<UInt8> { UnsafeBufferPointer(start: base, count: size) }

    /// Gives the pages holding `range` back to the kernel, rounded outward to whole pages (the mapping is
    /// read-only: a page needed again is read back from the page cache).
    func releasePages(_ range: Range<Int>) {
        guard let base, !range.isEmpty else { return }
        let lower = range.lowerBound / Self.pageSize * Self.pageSize
        let upper = min(size, (range.upperBound + Self.pageSize - 1) / Self.pageSize * Self.pageSize)
        madvise(UnsafeMutableRawPointer(mutating: base + lower), upper - lower, MADV_DONTNEED)
    }

    static let pageSize = Int(sysconf(Int32(_SC_PAGESIZE)))

    /// `what: <the C library's text for errno>`.
    static func errorText(_ what: String) -> String { "\(what): \(String(cString: strerror(errno)))" }
}
