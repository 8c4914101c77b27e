public import ArgumentParser
import FinText

/// `--execution-path`, shared by every command that runs the network (decision 0074).
struct ExecutionOptions: ParsableArguments {
    @Option(
        help: ArgumentHelp(
            "How the network runs: fast (fused kernels, 2 worker threads), fast:<workers>, or reference (every layer's own code; same results within float rounding, several times slower).",
            valueName: "path"))
    var executionPath: ExecutionPath = .fast()
}

extension ExecutionPath: ExpressibleByArgument {}
