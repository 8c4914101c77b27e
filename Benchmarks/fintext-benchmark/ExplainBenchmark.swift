import ArgumentParser
import FinText
import Foundation

/// Time to explain one 10,000-token document with the full-size study model (embedding 300, vocabulary
/// 23,888, 3 classes), beside the time to predict it, so the ratio shows the cost of the backward pass.
struct ExplainBenchmark: ParsableCommand {
    static let configuration = CommandConfiguration(
        commandName: "explain",
        abstract: "Explain one 10,000-token document with the full-size study model: seconds, and ratio to predict.",
        discussion: "Example: swift run -c release fintext-benchmark explain --threads 2")

    @Option(help: "OpenBLAS threads.")
    var threads = 2

    @Option(help: "Timed repetitions (the best and the median are reported).")
    var repeats = 5

    @Option(help: "Tokens in the document (and the model's sequence length).")
    var length = 10_000

    @Flag(help: "Print one JSON object.")
    var json = false

    func run() throws {
        BLASThreads.count = threads
        let vocabulary = 23_888
        let dimension = 300
        var rng = SeededGenerator(seed: 1)
        // Letter-only words of 5+ letters survive the study's cleaning (no digits, no stop words).
        let letters = Array("abcdefghijklmnopqrstuvwxyz")
        func word(_ i: Int) -> String {
            var n = i
            var s = "zq"
            for _ in 0..<4 {
                s.append(letters[n % 26])
                n /= 26
            }
            return s
        }
        let words = (0..<(vocabulary - 1)).map(word)
        var tokenizer = Tokenizer()
        tokenizer.fit(on: [words.joined(separator: " ")])
        var configuration = ClassifierConfiguration()
        configuration.sequenceLength = length
        let matrix = Tensor.uniform(shape: [vocabulary, dimension], lower: -0.5, upper: 0.5, using: &rng)
        let model = try StudyModel.make(
            vocabularySize: vocabulary, embeddingDimension: dimension, sequenceLength: length, classes: 3,
            embedding: matrix,
            configuration: configuration.model, seed: 2)
        let classifier = StockPerformanceClassifier(configuration: configuration, tokenizer: tokenizer, model: model)
        let text = (0..<length).map { _ in words[rng.nextInt(below: words.count)] }.joined(separator: " ")
        let document = ClassifierDocument(id: "benchmark", text: text)

        var explainTimes: [Double] = []
        var predictTimes: [Double] = []
        var explanation: Explanation?
        for _ in 0..<repeats {
            explainTimes.append(measureSeconds { explanation = classifier.explain(document) })
            predictTimes.append(measureSeconds { _ = classifier.predict([document]) })
        }
        explainTimes.sort()
        predictTimes.sort()
        let explainBest = explainTimes[0]
        let explainMedian = explainTimes[repeats / 2]
        let predictBest = predictTimes[0]
        let predictMedian = predictTimes[repeats / 2]
        let seen = explanation?.tokensSeen ?? 0
        if json {
            printJSON([
                "name": "explain_one_document", "threads": threads, "length": length, "tokens_seen": seen,
                "explain_seconds_best": explainBest, "explain_seconds_median": explainMedian,
                "predict_seconds_best": predictBest, "predict_seconds_median": predictMedian,
                "explain_to_predict_ratio": explainMedian / predictMedian,
                "peak_resident_mb": peakResidentMegabytes() ?? -1,
            ])
            return
        }
        print(
            "Explain one document: study model, \(seen) tokens read, embedding \(dimension), \(threads) OpenBLAS threads, \(repeats) runs"
        )
        print(
            "  explain: best \(String(format: "%.3f", explainBest)) s, median \(String(format: "%.3f", explainMedian)) s"
        )
        print(
            "  predict: best \(String(format: "%.3f", predictBest)) s, median \(String(format: "%.3f", predictMedian)) s"
        )
        print("  explain / predict (median): \(String(format: "%.2f", explainMedian / predictMedian))×")
        if let mb = peakResidentMegabytes() { print("  peak resident memory \(String(format: "%.0f", mb)) MiB") }
    }
}
