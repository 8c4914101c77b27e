#if canImport(Glibc)
    import Glibc
#endif

/// The sanitizer runtime the test process was built with (`scripts/sanitize.sh`, decision 0190).
///
/// AddressSanitizer and ThreadSanitizer bring their own `malloc` and `free`, so a test of glibc's allocator
/// (`AllocatorPolicy`) measures theirs instead; such a test is disabled under them, and runs everywhere else.
public enum Sanitizers {
    /// True when a sanitizer's runtime (address or thread) is linked into this process.
    public static let replaceMalloc: Bool = {
        #if canImport(Glibc)
            // dlsym(RTLD_DEFAULT, …): glibc's RTLD_DEFAULT is the null handle.
            let runtimes: [String] = ["__asan_init", "__tsan_init"]
            return runtimes.contains { dlsym(nil, $0) != nil }
        #else
            return false
        #endif
    }()
}
