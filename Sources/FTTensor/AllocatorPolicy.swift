#if canImport(Glibc)
    import Glibc
#elseif canImport(Darwin)
    import Darwin
#endif

/// How the C allocator treats the large, short-lived buffers of a training step — a process-wide
/// choice that belongs to the process owner, so the library never makes it by itself (decision 0068).
///
/// A training step allocates nothing in steady state (decision 0094), yet with glibc's defaults its large
/// buffers come from separate `mmap`s rather than the heap, and a step of the full-size study model then
/// took about 5 % more CPU time (measured, decision 0096; why is not established), and each process about
/// 0.6 s more system time setting up. `retainFreedMemory()` makes glibc serve every block from its heap and
/// keep freed memory.
///
/// `train-classifier` calls it at start-up, and so does `fintext-benchmark` unless given
/// `--system-allocator`; programs that import FinText choose for themselves. No environment variable
/// changes it.
public enum AllocatorPolicy {
    /// Asks glibc to keep freed memory for reuse: no `mmap` for large blocks (`M_MMAP_MAX = 0`), no heap
    /// trimming below 4 GiB of free memory (`M_TRIM_THRESHOLD`), and heap growth in steps of 64 MiB
    /// (`M_TOP_PAD`). The resident set then stays at the process's peak instead of shrinking between
    /// steps. Does nothing on other C libraries.
    /// - Returns: Whether the settings were applied.
    @discardableResult
    public static func retainFreedMemory() -> Bool {
        #if canImport(Glibc)
            // `mallopt` is looked up at run time: Swift's Glibc module does not include <malloc.h>, and
            // a C library other than glibc (musl) has no such function.
            guard let symbol = dlsym(UnsafeMutableRawPointer(bitPattern: 0), "mallopt") else { return false }
            typealias MallOpt = @convention(c) (Int32, Int32) -> Int32
            let mallopt = unsafeBitCast(symbol, to: MallOpt.self)
            // Parameter numbers from glibc's <malloc.h>.
            let trimThreshold: Int32 = -1
            let topPad: Int32 = -2
            let mmapMax: Int32 = -4
            return mallopt(mmapMax, 0) == 1 && mallopt(trimThreshold, Int32.max) == 1 && mallopt(topPad, 64 << 20) == 1
        #else
            return false
        #endif
    }
}
