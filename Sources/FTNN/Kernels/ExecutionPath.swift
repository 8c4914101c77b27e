#if canImport(Glibc)
    import Glibc
#elseif canImport(Darwin)
    import Darwin
#endif

/// Which kernels `Sequential` runs: the straightforward reference layers, or the fast paths.
///
/// Both compute the same function; they differ only in float32 rounding (summation order). The fast
/// path's results depend on `workers` only through the order in which per-worker partial gradients
/// are summed, which is fixed, so the same seed and the same `workers` give bit-identical training.
/// See docs/performance.md and decision records 0060–0064.
public struct ExecutionPath: Sendable, Equatable, CustomStringConvertible {
    /// The kernel family.
    public enum Kernels: String, Sendable, Equatable {
        /// Layer by layer, exactly as each layer's own `forward`/`backward` defines it.
        case reference
        /// Fused and factorised kernels where they apply (`EmbeddingConvolutionPool`, batched
        /// convolutions), falling back to the reference layers elsewhere.
        case fast
    }

    /// The kernel family.
    public var kernels: Kernels
    /// Worker threads for FinText's own kernels (documents are split into this many contiguous
    /// ranges). OpenBLAS threads are set separately with `BLASThreads.count`.
    public var workers: Int

    /// A path.
    /// - Precondition: `workers ≥ 1`.
    public init(kernels: Kernels, workers: Int) {
        precondition(workers >= 1, "ExecutionPath expected workers ≥ 1. Received: \(workers)")
        self.kernels = kernels
        self.workers = workers
    }

    /// The layers' own kernels, one thread of FinText code.
    public static let reference = ExecutionPath(kernels: .reference, workers: 1)

    /// The fast kernels with `workers` threads (2 by default: the machine FinText is tuned on).
    public static func fast(workers: Int = 2) -> ExecutionPath { ExecutionPath(kernels: .fast, workers: workers) }

    /// The path new `Sequential` models start with: `.fast()` unless the environment variable
    /// `FINTEXT_EXECUTION_PATH` says `reference`, `fast` or `fast:<workers>` (read once per process), so a
    /// whole pipeline (for example `train-classifier`) can be run on the reference path for comparison
    /// without code changes. An unrecognised value is ignored.
    public static let processDefault: ExecutionPath = {
        guard let raw = getenv("FINTEXT_EXECUTION_PATH").map({ String(cString: $0) }) else { return .fast() }
        if raw == "reference" { return .reference }
        if raw == "fast" { return .fast() }
        if raw.hasPrefix("fast:"), let workers = Int(raw.dropFirst(5)), workers >= 1 { return .fast(workers: workers) }
        return .fast()
    }()

    /// "reference" or "fast(workers: n)".
    public var description: String { kernels == .reference ? "reference" : "fast(workers: \(workers))" }
}
