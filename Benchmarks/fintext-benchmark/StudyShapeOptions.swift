import ArgumentParser

/// The model-shape options the `model`, `fit` and `logging` benchmarks share: sequence length, embedding
/// dimension, vocabulary and the Zipf exponent of the drawn ids, checked once for all three.
struct StudyShapeOptions: ParsableArguments {
    @Option(help: "Tokens per document.") var length = 10_000
    @Option(help: "Embedding dimension.") var dimension = 300
    @Option(help: "Vocabulary size (embedding rows; id 0 is padding).") var vocabulary = 40_000
    @Option(help: "Zipf exponent s of the token ids (p(id) ∝ (id + 2.7)^−s; 0: uniform).") var zipf = 1.4

    func validate() throws {
        guard length >= 1, dimension >= 1 else { throw ValidationError("--length and --dimension must be ≥ 1") }
        guard vocabulary >= 2 else {
            throw ValidationError("--vocabulary must be ≥ 2 (id 0 is padding). Received: \(vocabulary)")
        }
        guard zipf.isFinite, zipf >= 0 else {
            throw ValidationError("--zipf must be a finite number ≥ 0. Received: \(zipf)")
        }
    }
}
