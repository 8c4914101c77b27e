import ArgumentParser
import FinText

/// The `train-classifier` command line tool.
@main
struct TrainClassifier: ParsableCommand {
    static let configuration = CommandConfiguration(
        commandName: "train-classifier",
        abstract: "Train and evaluate a 10-K stock-performance classifier.",
        discussion: """
            With no arguments it runs the main job on the data shipped in data/.
            Example: train-classifier
            """
    )

    func run() throws {
        // Until the classifier pipeline lands this runs a smoke check of the numeric core.
        var generator = SeededGenerator(seed: 42)
        let a = Tensor.uniform(shape: [64, 32], lower: -1, upper: 1, using: &generator)
        let b = Tensor.uniform(shape: [32, 16], lower: -1, upper: 1, using: &generator)
        let product = Tensor.matmul(a, b)
        print("FinText smoke check: \(a.shape) × \(b.shape) = \(product.shape), sum \(product.sum())")
        print("OpenBLAS \(BLASThreads.configuration), kernel \(BLASThreads.coreName), \(BLASThreads.count) threads")
    }
}
