/// What happened while loading word vectors: where they came from and what lenient mode forgave.
public struct LoadReport: Sendable, Equatable {
    /// What the binary cache did during this load.
    public enum CacheStatus: Sendable, Equatable {
        /// Caching was off.
        case disabled
        /// The vectors came from a valid cache; the source text was not parsed.
        case hit
        /// The source was parsed and a new cache written.
        case created
        /// An existing cache was stale or damaged (the reason says which); the source was parsed and the
        /// cache rewritten.
        case rebuilt(reason: String)
        /// The source was parsed but the cache could not be written (the vectors are still good).
        case notWritten(reason: String)
    }

    /// The cache's fate.
    public var cache: CacheStatus
    /// The cache file's path (nil when disabled).
    public var cachePath: String?
    /// Lines (records) skipped in lenient mode: wrong field count, bad numbers, duplicates, etc.
    public var skippedLines: Int
    /// Lines lenient mode repaired and kept: a byte-order mark, a CRLF line end.
    public var repairedLines: Int
    /// The first 1,000 problems, each with file and line (empty on a cache hit; the count is kept).
    public var issues: [WordVectorsError]
}
