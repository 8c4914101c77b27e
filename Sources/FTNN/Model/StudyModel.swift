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
    /// Sizes that may be reduced for tests; defaults are the study's.
    public struct Configuration: Sendable, Equatable {
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
    ///   poolings) or the matrix has the wrong shape.
    public static func make(
        vocabularySize: Int, embeddingDimension: Int, sequenceLength: Int, classes: Int,
        embedding: Tensor? = nil, trainableEmbedding: Bool = false,
        configuration: Configuration = Configuration(), seed: UInt64
    ) throws(LayerError) -> Sequential {
        guard vocabularySize >= 1, embeddingDimension >= 1, sequenceLength >= 1, classes >= 2 else {
            throw LayerError(
                "StudyModel expected vocabularySize, embeddingDimension, sequenceLength ≥ 1 and classes ≥ 2. Received: \(vocabularySize), \(embeddingDimension), \(sequenceLength), \(classes)"
            )
        }
        guard configuration.poolSizes.count == 3 else {
            throw LayerError("StudyModel expected 3 pool sizes. Received: \(configuration.poolSizes)")
        }
        if let embedding, embedding.shape != [vocabularySize, embeddingDimension] {
            throw LayerError(
                "StudyModel expected an embedding matrix of shape [\(vocabularySize), \(embeddingDimension)]. Received: shape \(embedding.shape)"
            )
        }
        try Conv1D.validate(
            inputChannels: embeddingDimension, filters: configuration.filters, kernelSize: configuration.kernelSize,
            stride: 1)
        for size in configuration.poolSizes { try MaxPooling1D.validate(poolSize: size, stride: size) }
        try Dropout.validate(rate: configuration.convolutionDropout)
        try Dropout.validate(rate: configuration.denseDropout)
        try Dense.validate(inputSize: 1, outputSize: configuration.denseUnits)

        // Check the geometry before allocating anything big.
        var length = sequenceLength
        for pool in configuration.poolSizes {
            guard length >= configuration.kernelSize else {
                throw LayerError(
                    "StudyModel expected a convolution input length ≥ \(configuration.kernelSize). Received: \(length) (sequenceLength \(sequenceLength))"
                )
            }
            length -= configuration.kernelSize - 1
            guard length >= pool else {
                throw LayerError(
                    "StudyModel expected a pooling input length ≥ poolSize \(pool). Received: \(length) (sequenceLength \(sequenceLength))"
                )
            }
            length /= pool
        }

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
