public import FTTensor

// Dimension letters: N batch, L length, V vocabulary size, D embedding dimension.

/// A lookup table from token ids to vectors (Keras `Embedding`).
///
/// `y[n, t, :] = table[ids[n, t], :]`. Like Keras (with `mask_zero=False`), id 0 is an ordinary row;
/// the study's matrix has zeros there, so padding maps to zero vectors.
///
/// - Frozen (the study's setting, Keras `trainable=False`): the table is not a `Parameter`, has no
///   gradient storage, and counts as non-trainable in summaries.
/// - Trainable: the table is the parameter `weight` and `accumulateGradient` scatter-adds into it.
/// - Input: `TokenBatch` `[N, L]`. Output shape: `[N, L, D]`.
/// - Complexity: O(N · L · D) copies.
public struct Embedding: ParameterVisitable, Sendable {
    private enum Storage: Sendable {
        case frozen(Tensor)
        case trainable(Parameter)
    }

    private var storage: Storage

    /// The table `[V, D]`.
    public var table: Tensor {
        switch storage {
        case .frozen(let t): t
        case .trainable(let p): p.value
        }
    }

    /// Whether the table is trained.
    public var isTrainable: Bool {
        if case .trainable = storage { return true }
        return false
    }

    /// Vocabulary size `V` (Keras `input_dim`).
    public var vocabularySize: Int { table.shape[0] }
    /// Vector size `D` (Keras `output_dim`).
    public var dimension: Int { table.shape[1] }

    /// An embedding over a given matrix (for example GloVe vectors), frozen by default.
    /// - Precondition: `matrix` is rank 2 with positive sizes.
    public init(matrix: Tensor, trainable: Bool = false) {
        precondition(
            matrix.rank == 2 && matrix.shape[0] >= 1 && matrix.shape[1] >= 1,
            "Embedding expected a matrix of shape [vocabularySize, dimension]. Received: shape \(matrix.shape)")
        storage = trainable ? .trainable(Parameter(matrix)) : .frozen(matrix)
    }

    /// A trainable embedding initialised uniformly in ±0.05 (Keras's default `uniform` initialiser).
    public init(vocabularySize: Int, dimension: Int, using rng: inout SeededGenerator) {
        precondition(
            vocabularySize >= 1 && dimension >= 1,
            "Embedding expected vocabularySize ≥ 1 and dimension ≥ 1. Received: \(vocabularySize), \(dimension)")
        self.init(
            matrix: Tensor.uniform(shape: [vocabularySize, dimension], lower: -0.05, upper: 0.05, using: &rng),
            trainable: true)
    }

    /// "Embedding".
    public var kindName: String { "Embedding" }

    /// Table scalars when frozen, else 0.
    public var nonTrainableParameterCount: Int { isTrainable ? 0 : table.scalarCount }

    /// Visits `weight` when trainable; nothing when frozen.
    public mutating func visitParameters(_ visit: (_ name: String, _ parameter: inout Parameter) -> Void) {
        guard case .trainable(var parameter) = storage else { return }
        storage = .frozen(Tensor(zeros: [0, 0]))  // release the reference so `visit` mutates in place
        visit("weight", &parameter)
        storage = .trainable(parameter)
    }

    /// Checks that every id indexes the table.
    /// - Throws: `LayerError` naming the first bad id and its position.
    public func validate(_ tokens: TokenBatch) throws(LayerError) {
        let v = vocabularySize
        // One branch-free pass (it vectorises; `firstIndex` over the whole batch did not), then the first bad
        // id's position only when there is one. Negative ids are large as unsigned.
        let largest = tokens.ids.withUnsafeBufferPointer { ids in
            var largest: UInt32 = 0
            for id in ids { largest = max(largest, UInt32(bitPattern: id)) }
            return largest
        }
        guard UInt64(largest) >= UInt64(v) else { return }
        if let i = tokens.ids.firstIndex(where: { $0 < 0 || Int($0) >= v }) {
            throw LayerError(
                "Embedding expected token ids in 0..<\(v). Received: \(tokens.ids[i]) at sequence \(i / tokens.length + 1), position \(i % tokens.length + 1)"
            )
        }
    }

    /// Looks the ids up: `[N, L, D]`.
    /// - Precondition: `validate(tokens)` does not throw.
    public func forward(_ tokens: TokenBatch) -> Tensor {
        require { () throws(LayerError) in try validate(tokens) }
        let d = dimension
        let count = tokens.ids.count * d
        // Never capacity 0 (`uninitializedArray`'s note): a batch has at least one id and `d ≥ 1`.
        let out = table.scalars.withUnsafeBufferPointer { t in
            [Float](unsafeUninitializedCapacity: max(1, count)) { o, initialized in
                guard let target = o.baseAddress, let source = t.baseAddress else {
                    initialized = 0
                    return
                }
                for (i, id) in tokens.ids.enumerated() {
                    (target + i * d).initialize(from: source + Int(id) * d, count: d)
                }
                initialized = count
            }
        }
        return Tensor(shape: [tokens.batch, tokens.length, d], scalars: out)
    }

    /// Scatter-adds `outputGradient` (`[N, L, D]`) into the table's gradient; does nothing when frozen.
    public mutating func accumulateGradient(_ outputGradient: Tensor, tokens: TokenBatch) {
        guard case .trainable(var parameter) = storage else { return }
        let d = dimension
        precondition(
            outputGradient.shape == [tokens.batch, tokens.length, d],
            "Embedding expected an output gradient of shape \([tokens.batch, tokens.length, d]). Received: shape \(outputGradient.shape)"
        )
        storage = .frozen(Tensor(zeros: [0, 0]))
        parameter.gradient.scalars.withUnsafeMutableBufferPointer { g in
            outputGradient.scalars.withUnsafeBufferPointer { dY in
                for (i, id) in tokens.ids.enumerated() {
                    let target = Int(id) * d
                    for j in 0..<d { g[target + j] += dY[i * d + j] }
                }
            }
        }
        storage = .trainable(parameter)
    }
}
