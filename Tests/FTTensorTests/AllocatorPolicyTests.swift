import FTTensor
import FTTestSupport
import Testing

#if canImport(Glibc)
    import Glibc
#endif

@Suite("AllocatorPolicy")
struct AllocatorPolicyTests {
    #if canImport(Glibc)
        /// Minor page faults of this process so far.
        private func minorFaults() -> Int {
            var usage = rusage()
            getrusage(__rusage_who_t(RUSAGE_SELF.rawValue), &usage)
            return usage.ru_minflt
        }

        /// Allocates, writes every page of and frees a 48 MB buffer; returns the page faults it took.
        private func faultsOfOneBuffer() -> Int {
            let before = minorFaults()
            let count = 12 << 20  // floats
            let buffer = UnsafeMutablePointer<Float>.allocate(capacity: count)
            for page in stride(from: 0, to: count, by: 1024) { buffer[page] = Float(page) }
            buffer.deallocate()
            return minorFaults() - before
        }

        @Test(
            "with the policy a freed 48 MB buffer is reused without faulting its 12,288 pages in again",
            .disabled(if: Sanitizers.replaceMalloc, "a sanitizer's malloc replaces glibc's (scripts/sanitize.sh)"))
        func freedMemoryIsKept() {
            #expect(AllocatorPolicy.retainFreedMemory())
            _ = faultsOfOneBuffer()  // grows the heap once
            let again = faultsOfOneBuffer()
            // Other tests allocate concurrently; a quarter of the pages leaves room for their faults while
            // glibc's default (munmap on free, fresh pages on the next malloc) would fault all of them.
            #expect(again < 3_072, "\(again) page faults for a buffer of 12,288 pages")
        }
    #endif
}
