public import FTTensor

/// The 10-K CNN of the published study (docs/layers.md, ../shared/reference/study.md), as a `Sequential`.
///
/// `Embedding(frozen) → Conv1D(F, 5, elu) → MaxPooling1D(5) → Dropout(0.15) → Conv1D(F, 5, elu) →
/// MaxPooling1D(5) → Dropout(0.15) → Conv1D(F, 5, elu) → MaxPooling1D(35) → Flatten → Dense(100, elu) →
/// Dropout(0.45) → Dense(classes)`; convolutions and the hidden Dense use LeCun-uniform kernels, the
/// output Dense Keras's default Glorot-uniform. The output Dense is linear: its softmax is fused into
/// `SoftmaxCrossEntropy` (`predictProbabilities` applies it for inference).
/// At full size (length 10,000, dimension 300, vocabulary 23,888, 3 classes) it has 497,427 trainable
/// and 7,166,400 non-trainable parameters.
public enum StudyModel {
    /// Layer sizes; defaults are the study's. Saved inside a classifier's `config.json` (keys as the
    /// property names).
    public struct Configuration: Sendable, Equatable, Codable {
        /// Conv1D filters (128).
        public var filters = 128
        /// Conv1D kernel size (5).
        public var kernelSize = 5
        /// Pool sizes after the three convolutions (5, 5, 35).
        public var poolSizes = [5, 5, 35]
        /// Dropout rates after the first two poolings (0.15).
        public var convolutionDropout = 0.15
        /// Hidden Dense units (100).
        public var denseUnits = 100
        /// Dropout rate after the hidden Dense (0.45).
        public var denseDropout = 0.45

        /// The study's configuration.
        public init() {}

        /// The JSON keys, one per property (listed so that readers can reject unknown keys).
        public enum CodingKeys: String, CodingKey, CaseIterable {
            case filters, kernelSize, poolSizes, convolutionDropout, denseUnits, denseDropout
        }
    }

    /// The most elements FinText allows in one tensor, in one batch's activations and in all of a model's
    /// parameters together: 2³¹ − 1 (8 GiB of float32). BLAS and LAPACK take sizes as 32-bit integers, and a
    /// size past this bound is a typing slip or a hostile file, not a model this machine can train
    /// (decision 0110).
    public static let maximumElements = Int(Int32.max)

    /// The sizes of a study model, computed with overflow checks before anything is allocated.
    public struct Size: Sendable, Equatable {
        /// All parameters, the embedding matrix included.
        public var parameters: Int
        /// The largest activation of one document: `sequenceLength × max(embeddingDimension, filters)`.
        public var activationsPerDocument: Int
        /// The length after the third pooling (11 at full size).
        public var finalLength: Int

        /// The elements of one batch's largest activation for `documents` documents in batches of
        /// `batchSize` (the batch is never larger than the documents).
        /// - Throws: `LayerError` when it exceeds `StudyModel.maximumElements`.
        public func checkBatch(batchSize: Int, documents: Int) throws(LayerError) {
            let rows = max(1, min(batchSize, documents))
            _ = try StudyModel.checkedProduct(
                [rows, activationsPerDocument], "one batch's activations (batchSize × sequenceLength × width)")
        }
    }

    /// Multiplies `factors`, throwing when the product overflows or exceeds `maximumElements`.
    /// - Parameter what: Names the tensor and the fields the factors come from, for the error.
    public static func checkedProduct(_ factors: [Int], _ what: String) throws(LayerError) -> Int {
        var result = 1
        for factor in factors {
            let (product, overflow) = result.multipliedReportingOverflow(by: factor)
            guard !overflow, product <= maximumElements else {
                throw LayerError(
                    "\(what) = \(factors.map(String.init).joined(separator: " × ")) is more than the \(maximumElements) elements FinText allows (decision 0110)"
                )
            }
            result = product
        }
        return result
    }

    /// Checks every size of the model and returns them, without allocating.
    ///
    /// Every size must be ≥ 1, the sequence long enough for the convolutions and poolings, and every
    /// parameter tensor, one document's activations, the first convolution's per-word projection table
    /// and the parameters together at most `maximumElements` elements.
    /// - Throws: `LayerError` naming the fields at fault.
    public static func size(
        vocabularySize: Int, embeddingDimension: Int, sequenceLength: Int, classes: Int,
        configuration: Configuration = Configuration()
    ) throws(LayerError) -> Size {
        guard vocabularySize >= 1, embeddingDimension >= 1, sequenceLength >= 1, classes >= 2 else {
            throw LayerError(
                "StudyModel expected vocabularySize, embeddingDimension, sequenceLength ≥ 1 and classes ≥ 2. Received: \(vocabularySize), \(embeddingDimension), \(sequenceLength), \(classes)"
            )
        }
        let f = configuration.filters
        let k = configuration.kernelSize
        let u = configuration.denseUnits
        guard f >= 1, k >= 1, u >= 1 else {
            throw LayerError("StudyModel expected filters, kernelSize, denseUnits ≥ 1. Received: \(f), \(k), \(u)")
        }
        guard configuration.poolSizes.count == 3, configuration.poolSizes.allSatisfy({ $0 >= 1 }) else {
            throw LayerError("StudyModel expected 3 pool sizes ≥ 1. Received: \(configuration.poolSizes)")
        }
        var length = sequenceLength
        for pool in configuration.poolSizes {
            guard length >= k else {
                throw LayerError(
                    "StudyModel expected a convolution input length ≥ kernelSize \(k). Received: \(length) (sequenceLength \(sequenceLength))"
                )
            }
            length -= k - 1
            guard length >= pool else {
                throw LayerError(
                    "StudyModel expected a pooling input length ≥ poolSize \(pool). Received: \(length) (sequenceLength \(sequenceLength))"
                )
            }
            length /= pool
        }
        let activations = try checkedProduct(
            [sequenceLength, max(embeddingDimension, f)],
            "one document's activations (sequenceLength × max(embeddingDimension, filters))")
        let tensors = [
            try checkedProduct(
                [vocabularySize, embeddingDimension], "the embedding (vocabularySize × embeddingDimension)"),
            try checkedProduct([k, embeddingDimension, f], "conv1.weight (kernelSize × embeddingDimension × filters)"),
            try checkedProduct([k, f, f], "conv2.weight and conv3.weight (kernelSize × filters × filters)"),
            try checkedProduct(
                [length, f, u], "dense1.weight (length after the poolings, from sequenceLength, × filters × denseUnits)"
            ),
            try checkedProduct([u, classes], "dense2.weight (denseUnits × classes)"),
        ]
        _ = try checkedProduct(
            [vocabularySize, k, f], "the first convolution's projection table (vocabularySize × kernelSize × filters)")
        // Biases: 3·F + U + C; each term is below maximumElements, so the sums below cannot overflow Int64.
        let total = tensors[0] + tensors[1] + 2 * tensors[2] + tensors[3] + tensors[4] + 3 * f + u + classes
        guard total <= maximumElements else {
            throw LayerError(
                "the model's \(total) parameters are more than the \(maximumElements) FinText allows (decision 0110)")
        }
        return Size(parameters: total, activationsPerDocument: activations, finalLength: length)
    }

    /// Builds the model.
    ///
    /// - Parameters:
    ///   - vocabularySize: Rows of the embedding matrix (23,888 in the study).
    ///   - embeddingDimension: Vector size (300 for GloVe-300).
    ///   - sequenceLength: Tokens per document (10,000).
    ///   - classes: Output classes (3).
    ///   - embedding: The `[vocabularySize, embeddingDimension]` matrix (GloVe rows); nil gives a zero
    ///     matrix, enough for shapes, summaries and benchmarks.
    ///   - trainableEmbedding: Train the embedding (false in the study).
    ///   - configuration: Layer sizes.
    ///   - seed: Seeds the weight initialisers.
    /// - Throws: `LayerError` when the sizes do not fit together (for example a sequence too short for the
    ///   poolings), exceed `maximumElements` (see `size(…)`), or the matrix has the wrong shape.
    public static func make(
        vocabularySize: Int, embeddingDimension: Int, sequenceLength: Int, classes: Int,
        embedding: Tensor? = nil, trainableEmbedding: Bool = false,
        configuration: Configuration = Configuration(), seed: UInt64
    ) throws(LayerError) -> Sequential {
        if let embedding, vocabularySize >= 1, embeddingDimension >= 1,
            embedding.shape != [vocabularySize, embeddingDimension]
        {
            throw LayerError(
                "StudyModel expected an embedding matrix of shape [\(vocabularySize), \(embeddingDimension)]. Received: shape \(embedding.shape)"
            )
        }
        // Check every size and the geometry before allocating anything big.
        let sizes = try Self.size(
            vocabularySize: vocabularySize, embeddingDimension: embeddingDimension, sequenceLength: sequenceLength,
            classes: classes, configuration: configuration)
        try Conv1D.validate(
            inputChannels: embeddingDimension, filters: configuration.filters, kernelSize: configuration.kernelSize,
            stride: 1)
        for pool in configuration.poolSizes { try MaxPooling1D.validate(poolSize: pool, stride: pool) }
        try Dropout.validate(rate: configuration.convolutionDropout)
        try Dropout.validate(rate: configuration.denseDropout)
        try Dense.validate(inputSize: 1, outputSize: configuration.denseUnits)
        let length = sizes.finalLength

        var rng = SeededGenerator(seed: seed)
        let f = configuration.filters
        let k = configuration.kernelSize
        let matrix = embedding ?? Tensor(zeros: [vocabularySize, embeddingDimension])
        let layers: [any Layer] = [
            Conv1D(
                inputChannels: embeddingDimension, filters: f, kernelSize: k, activation: .elu(),
                kernelInitializer: .lecunUniform, using: &rng),
            MaxPooling1D(poolSize: configuration.poolSizes[0]),
            Dropout(rate: configuration.convolutionDropout),
            Conv1D(
                inputChannels: f, filters: f, kernelSize: k, activation: .elu(), kernelInitializer: .lecunUniform,
                using: &rng),
            MaxPooling1D(poolSize: configuration.poolSizes[1]),
            Dropout(rate: configuration.convolutionDropout),
            Conv1D(
                inputChannels: f, filters: f, kernelSize: k, activation: .elu(), kernelInitializer: .lecunUniform,
                using: &rng),
            MaxPooling1D(poolSize: configuration.poolSizes[2]),
            Flatten(),
            Dense(
                inputSize: length * f, outputSize: configuration.denseUnits, activation: .elu(),
                kernelInitializer: .lecunUniform, using: &rng),
            Dropout(rate: configuration.denseDropout),
            Dense(inputSize: configuration.denseUnits, outputSize: classes, using: &rng),
        ]
        return Sequential(embedding: Embedding(matrix: matrix, trainable: trainableEmbedding), layers: layers)
    }
}
