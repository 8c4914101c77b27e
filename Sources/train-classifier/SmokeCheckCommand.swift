import ArgumentParser
import FinText

/// The default subcommand until the classifier pipeline lands: a smoke check of the numeric core.
struct SmokeCheckCommand: ParsableCommand {
    static let configuration = CommandConfiguration(
        commandName: "smoke-check",
        abstract: "Run a smoke check of the numeric core (the default until training lands).")

    func run() throws {
        var generator = SeededGenerator(seed: 42)
        let a = Tensor.uniform(shape: [64, 32], lower: -1, upper: 1, using: &generator)
        let b = Tensor.uniform(shape: [32, 16], lower: -1, upper: 1, using: &generator)
        let product = Tensor.matmul(a, b)
        print("FinText smoke check: \(a.shape) × \(b.shape) = \(product.shape), sum \(product.sum())")
        print("OpenBLAS \(BLASThreads.configuration), kernel \(BLASThreads.coreName), \(BLASThreads.count) threads")
    }
}
