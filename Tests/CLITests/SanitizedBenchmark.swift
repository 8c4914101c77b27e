import Testing

/// Why the tests that run the locally built `fintext-benchmark` are disabled under a sanitizer.
enum SanitizedBenchmark {
    /// `fintext-benchmark` links `CMallocCounter`, which replaces `malloc` and `free` with counting wrappers
    /// around glibc's; a sanitizer's runtime replaces them too, and the sanitized executable stops with a
    /// segmentation fault before `main` (even for `--help`). `scripts/sanitize.sh` builds that executable with
    /// the sanitizer, so these tests run only in the plain suite; the release benchmark they also use is built
    /// without one (`zeroInOptimisedBuild` runs everywhere).
    static let reason: Comment =
        "a sanitizer's malloc and fintext-benchmark's counting malloc (CMallocCounter) cannot share one process"
}
