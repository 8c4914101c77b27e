import FTParallel

#if canImport(Glibc)
    import Glibc
#endif

/// Memory a kernel reuses from one call to the next: numbered regions that grow to the largest request
/// and are never shrunk, moved or cleared (a kernel that needs zeros writes them).
///
/// One workspace per stage of an `ExecutionPlan`, kept for the plan's life, so a steady-state training step
/// asks the allocator for none of its scratch memory, and kernels take pointers from it without nesting
/// closures. It is a reference type so those pointers stay valid while the kernel runs; its owner keeps
/// it unshared: a stage cache holds it only between a forward pass and its backward pass, and the plan
/// replaces a workspace it finds shared (`isKnownUniquelyReferenced`) before writing, which is what makes
/// the `@unchecked Sendable` sound.
final class Workspace: @unchecked Sendable {
    private var regions: [UnsafeMutableRawPointer?] = []
    private var capacities: [Int] = []
    /// Regions allocated or grown so far (the steady state adds none; tests check it).
    private(set) var allocations = 0
    /// The first stage's list of a batch's distinct ids, kept so the next batch's list reuses its storage.
    var distinctIds: [Int32] = []
    /// The claim counter of the stage's dynamically scheduled loops (one loop at a time).
    let claims = ItemClaims()

    /// An empty workspace.
    init() {}

    deinit {
        for region in regions { region?.deallocate() }
    }

    /// `count` elements of region `slot`, valid until the next request for the same slot with a larger count.
    /// Contents are whatever the region held (uninitialised on first use).
    ///
    /// A region's first request is allocated exactly; a region that has to grow gets a quarter more than asked
    /// (`regrowthHeadroom`), because what grows is a size that varies from batch to batch — the first stage's
    /// distinct ids — and would otherwise be reallocated at every new largest batch (decision 0098).
    func buffer<T: BitwiseCopyable>(_ slot: Int, _ count: Int, of type: T.Type = T.self) -> UnsafeMutablePointer<T> {
        let bytes = max(1, count) * MemoryLayout<T>.stride
        while regions.count <= slot {
            regions.append(nil)
            capacities.append(0)
        }
        if capacities[slot] < bytes {
            let wanted = capacities[slot] == 0 ? bytes : bytes + bytes / Self.regrowthHeadroom
            regions[slot]?.deallocate()
            let (region, capacity) = Self.allocate(wanted)
            regions[slot] = region
            capacities[slot] = capacity
            allocations += 1
        }
        return regions[slot]!.assumingMemoryBound(to: T.self)
    }

    /// `buffer(slot, count)` filled with zeros.
    func zeros(_ slot: Int, _ count: Int) -> UnsafeMutablePointer<Float> {
        let pointer = buffer(slot, count, of: Float.self)
        pointer.update(repeating: 0, count: count)
        return pointer
    }

    /// A region that grows gets `1 / regrowthHeadroom` more bytes than asked.
    static let regrowthHeadroom = 4

    /// Regions of at least this many bytes are backed by transparent huge pages where the kernel offers them.
    static let hugePageThreshold = 4 << 20
    /// The huge-page size on x86-64 and arm64 Linux (2 MiB).
    static let hugePage = 2 << 20

    /// A new region of at least `bytes` bytes, 64-byte aligned; and its capacity. A large region is rounded
    /// up to whole 2 MiB pages, aligned to one, and marked `MADV_HUGEPAGE`: the first stage reads rows of
    /// its projection table (30 MB for a batch of real text) in the order of the ids, and with 4 KiB pages
    /// almost every row is a TLB miss. The advice changes nothing where transparent huge pages are off.
    private static func allocate(_ bytes: Int) -> (UnsafeMutableRawPointer, Int) {
        guard bytes >= hugePageThreshold else {
            return (UnsafeMutableRawPointer.allocate(byteCount: bytes, alignment: 64), bytes)
        }
        let capacity = (bytes + hugePage - 1) / hugePage * hugePage
        let region = UnsafeMutableRawPointer.allocate(byteCount: capacity, alignment: hugePage)
        #if os(Linux)
            _ = madvise(region, capacity, MADV_HUGEPAGE)
        #endif
        return (region, capacity)
    }
}
