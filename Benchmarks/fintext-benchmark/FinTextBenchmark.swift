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
            GemmBenchmark.self, LayersBenchmark.self, ModelBenchmark.self, TextBenchmark.self, LabelsBenchmark.self,
            VectorsBenchmark.self, ExplainBenchmark.self, LoggingBenchmark.self, ShardsBenchmark.self,
            DistributedBenchmark.self,
        ]
    )

    /// Applies FinText's allocator policy (`FINTEXT_ALLOCATOR=system` keeps glibc's defaults), then runs.
    static func main() {
        AllocatorPolicy.applyProcessDefault()
        main(nil)
    }
}
