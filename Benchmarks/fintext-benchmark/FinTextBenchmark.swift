import ArgumentParser
import FinText

/// `fintext-benchmark`: speed and memory measurements of FinText's kernels and pipelines.
///
/// Each subcommand measures the optimised path and its reference side by side in one run and prints
/// the ratio; `--json` prints one JSON object per measurement.
@main
struct FinTextBenchmark: ParsableCommand {
    static let configuration = CommandConfiguration(
        commandName: "fintext-benchmark",
        abstract: "Measure FinText's kernels and pipelines against their references.",
        subcommands: [
            GemmBenchmark.self, LayersBenchmark.self, ModelBenchmark.self, FitBenchmark.self, TextBenchmark.self,
            LabelsBenchmark.self,
            VectorsBenchmark.self, ExplainBenchmark.self, LoggingBenchmark.self, ShardsBenchmark.self,
            DistributedBenchmark.self,
        ]
    )

    /// Applies FinText's allocator setting, as `train-classifier` does (decision 0096), unless a
    /// subcommand is given `--system-allocator` (the model benchmark's option to compare with glibc's
    /// defaults; it must be decided before anything is allocated, hence here), then runs.
    static func main() {
        if !CommandLine.arguments.contains("--system-allocator") { AllocatorPolicy.retainFreedMemory() }
        main(nil)
    }
}
