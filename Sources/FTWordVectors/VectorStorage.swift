import FTIO

#if canImport(Glibc)
    import Glibc
#elseif canImport(Darwin)
    import Darwin
#endif

/// The contiguous row-major float32 matrix behind a `WordVectors`: either memory this process
/// allocated (parsed text) or a region of a memory-mapped cache file.
///
/// `@unchecked Sendable`: the floats are written only before the storage is handed out and never
/// after, so concurrent reads are safe.
final class VectorStorage: @unchecked Sendable {
    /// The first float (valid for `count` elements; a dangling-free 1-element allocation when empty).
    let base: UnsafePointer<Float>
    /// Number of floats (`rows × dimension`).
    let count: Int
    private let owned: UnsafeMutablePointer<Float>?
    private let mapping: MappedFile?

    /// Takes ownership of `pointer` (allocated with `UnsafeMutablePointer<Float>.allocate`).
    init(owning pointer: UnsafeMutablePointer<Float>, count: Int) {
        base = UnsafePointer(pointer)
        self.count = count
        owned = pointer
        mapping = nil
    }

    /// Floats inside a mapped file, kept alive by this storage.
    init(mapping: MappedFile, offset: Int, count: Int) {
        guard let start = mapping.base, offset % MemoryLayout<Float>.alignment == 0 else {
            preconditionFailure(
                "VectorStorage expected an aligned offset into a non-empty mapping. Received: offset \(offset)")
        }
        base = (UnsafeRawPointer(start) + offset).assumingMemoryBound(to: Float.self)
        self.count = count
        owned = nil
        self.mapping = mapping
    }

    deinit { owned?.deallocate() }

    /// The floats as a buffer.
    var buffer: UnsafeBufferPointer<Float> { UnsafeBufferPointer(start: base, count: count) }
}
