/// Which kernels an `ExecutionPlan` runs: the layers' own reference code, or the fast fused kernels.
///
/// Both compute the same function; they differ only in float32 rounding (summation order). The fast
/// path's results depend on `workers` only through the order in which per-worker partial gradients
/// are summed, which is fixed, so the same seed and the same `workers` give bit-identical training.
/// There is no process-wide default and no environment variable: every caller that runs a model says
/// which path (`FitOptions.executionPath`, `Predictor(model:path:)`, `train-classifier --execution-path`).
/// See docs/performance.md and decision records 0060–0064, 0074.
public struct ExecutionPath: Sendable, Equatable, CustomStringConvertible {
    /// The kernel family.
    public enum Kernels: String, Sendable, Equatable {
        /// Layer by layer, exactly as `Sequential.forward`/`backward` define it (the specification).
        case reference
        /// Fused and factorised kernels where they apply (`EmbeddingConvolutionPool`,
        /// `ConvolutionPool`), the layers' own code elsewhere.
        case fast
    }

    /// The kernel family.
    public var kernels: Kernels
    /// Worker threads of the plan's kernels (channel blocks or contiguous document ranges). OpenBLAS
    /// runs with one thread inside the plan; the workers split its large GEMMs (decision 0078).
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

    /// Parses the command-line spelling: `reference`, `fast` or `fast:<workers>`; nil for anything else.
    public init?(argument: String) {
        if argument == "reference" {
            self = .reference
        } else if argument == "fast" {
            self = .fast()
        } else if argument.hasPrefix("fast:"), let workers = Int(argument.dropFirst(5)), workers >= 1 {
            self = .fast(workers: workers)
        } else {
            return nil
        }
    }

    /// "reference" or "fast:<workers>" (the spelling `init(argument:)` reads).
    public var description: String { kernels == .reference ? "reference" : "fast:\(workers)" }
}
