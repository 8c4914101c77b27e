internal import FTLinearAlgebra
import FTParallel
public import FTTensor

// Dimension letters: N batch, L tokens per document, V vocabulary, U distinct ids in the batch,
// C embedding dimension (= convolution input channels), K kernel size, F filters, P pool size,
// Lc = L − K + 1 convolution outputs, Lp = ⌊Lc / P⌋ pooled outputs.

/// The first stage of a token CNN — frozen `Embedding` → `Conv1D` (stride 1, valid padding) →
/// optionally a non-overlapping `MaxPooling1D` — computed over the batch's *distinct* token ids.
///
/// The convolution of an embedded sequence is `z[t] = b + Σₖ E[id[t+k]] · Wₖ`. With `E_U` the table
/// rows of the U distinct ids of the batch, this stage precomputes `Pₖ = E_U · Wₖ` (K GEMMs of
/// `U × C × F`) and then
/// - forward: `z[t] = b + Σₖ Pₖ[u(t+k)]` is a gather-and-add of K rows of F floats per position; with
///   pooling, each window's maximum of `z` (first maximum, like `MaxPooling1D`) is taken *before* the
///   activation, which is exact because the activation is monotonic non-decreasing (ELU with α ≥ 0,
///   ReLU, linear), and the activation is applied to P× fewer values;
/// - backward: the output gradient goes back through the activation, then (per channel) to the
///   window's argmax position only; `Gₖ[u] = Σ_{t: u(t+k)=u} dz[t]` is scatter-added by id, and
///   `dWₖ = E_Uᵀ · Gₖ` (K GEMMs of `C × U × F`), `db = Σ_t dz[t]`.
///
/// The `[N, L, C]` embedded tensor and the `[N, Lc, F]` pre-pooling tensor are never built.
/// Arithmetic: `4·U·C·K·F` flops of GEMM per training step plus `2·N·Lc·K·F` adds, against
/// `6·N·Lc·K·C·F` for the layer-by-layer path (frozen embedding: no input gradient).
/// Results equal the reference layers' within float32 rounding (tested in
/// `EmbeddingConvolutionPoolTests`).
public struct EmbeddingConvolutionPool: Sendable, Equatable {
    /// Convolution window width `K`.
    public let kernelSize: Int
    /// Embedding dimension `C`.
    public let inputChannels: Int
    /// Output channels `F`.
    public let filters: Int
    /// Pool window and stride `P` (1 when no pooling layer is fused).
    public let poolSize: Int
    /// The convolution's activation.
    public let activation: Activation
    /// Threads for the gather and scatter kernels (each owns contiguous blocks of 64 channels).
    public let workers: Int

    /// What `backward` needs.
    public struct Cache: Sendable {
        /// Documents `N`.
        public var batch: Int
        /// Tokens per document `L`.
        public var length: Int
        /// The distinct ids of the batch, ascending (`U` of them).
        public var distinctIds: [Int32]
        /// The stage's output (after the activation), `[N, Lp, F]`.
        public var output: Tensor
        /// Whether a pooling layer was fused (the stage then stands for two layers).
        public var fusesPooling: Bool
        /// The forward pass's workspace: per position (`N·L`) the index of its id in `distinctIds`, `E_U`
        /// (`[U, C]`), per output element the convolution position of the window's maximum, and the
        /// backward pass's scratch.
        let workspace: Workspace
    }

    /// A stage for `conv` (and `pool`, when it can be fused), or nil when the fast path does not apply:
    /// the convolution must have stride 1, valid padding and an elementwise activation; the pool is
    /// fused only when its stride equals its size and the activation is monotonic non-decreasing.
    public init?(conv: Conv1D, pool: MaxPooling1D?, workers: Int) {
        guard conv.stride == 1, conv.padding == .valid, workers >= 1 else { return nil }
        switch conv.activation {
        case .softmax: return nil
        case .linear, .relu, .elu: break
        }
        var poolSize = 1
        if let pool, pool.stride == pool.poolSize, Self.isMonotonic(conv.activation) { poolSize = pool.poolSize }
        kernelSize = conv.kernelSize
        inputChannels = conv.inputChannels
        filters = conv.filters
        self.poolSize = poolSize
        activation = conv.activation
        self.workers = workers
    }

    /// Whether `activation` commutes with taking a maximum.
    static func isMonotonic(_ activation: Activation) -> Bool {
        switch activation {
        case .linear, .relu: true
        case .elu(let alpha): alpha >= 0
        case .softmax: false
        }
    }

    /// `[N, Lp, F]` for `N` documents of `L` tokens.
    /// - Throws: `LayerError` when the documents are shorter than the kernel (or than kernel plus
    ///   pool window) needs.
    public func outputShape(batch: Int, length: Int) throws(LayerError) -> Shape {
        guard length >= kernelSize else {
            throw LayerError(
                "Conv1D expected an input length ≥ kernelSize \(kernelSize) with valid padding. Received: shape [\(batch), \(length), \(inputChannels)]"
            )
        }
        let convolved = length - kernelSize + 1
        guard convolved >= poolSize else {
            throw LayerError(
                "MaxPooling1D expected an input length ≥ poolSize \(poolSize). Received: shape [\(batch), \(convolved), \(filters)]"
            )
        }
        return [batch, convolved / poolSize, filters]
    }

    /// GEMM floating-point operations of one forward pass for `U` distinct ids (the gather-adds,
    /// `N·Lc·K·F`, are not counted).
    public func forwardFlops(distinctIds u: Int) -> Double {
        2 * Double(u) * Double(inputChannels) * Double(kernelSize * filters)
    }

    /// Runs the stage.
    ///
    /// - Parameters:
    ///   - tokens: `[N, L]` ids into `table`.
    ///   - table: The frozen embedding matrix `[V, C]`.
    ///   - weight: The convolution kernel `[K, C, F]` (Keras layout).
    ///   - bias: `[F]`, or nil.
    /// - Returns: The output `[N, Lp, F]` (what the convolution then the fused pool would return).
    /// - Throws: `LayerError` for an id outside the table or documents that are too short.
    public func forward(tokens: TokenBatch, table: Tensor, weight: Tensor, bias: Tensor?) throws(LayerError) -> (
        output: Tensor, cache: Cache
    ) {
        var output = Tensor(zeros: [0])
        let cache = try forward(
            tokens: tokens, table: table, weight: weight, bias: bias, workspace: Workspace(), into: &output)
        return (output, cache)
    }

    /// `forward` with the plan's workspace (kept by the cache until `backward`), writing the output into
    /// `output` (whose storage is reused when it has the right size and is not shared).
    func forward(
        tokens: TokenBatch, table: Tensor, weight: Tensor, bias: Tensor?, workspace: Workspace,
        into output: inout Tensor
    ) throws(LayerError) -> Cache {
        let (n, l, c, k, f) = (tokens.batch, tokens.length, inputChannels, kernelSize, filters)
        precondition(
            table.rank == 2 && table.shape[1] == c,
            "EmbeddingConvolutionPool expected a table of shape [V, \(c)]. Received: shape \(table.shape)")
        precondition(
            weight.shape == [k, c, f],
            "EmbeddingConvolutionPool expected a kernel of shape \([k, c, f]). Received: shape \(weight.shape)")
        precondition(bias == nil || bias!.shape == [f], "EmbeddingConvolutionPool expected a bias of shape [\(f)]")
        let shape = try outputShape(batch: n, length: l)
        let lp = shape[1]
        let distinct = try Self.distinctIds(of: tokens, rows: table.shape[0], workspace: workspace)
        let u = distinct.count
        let gathered = workspace.buffer(Slot.gathered.rawValue, u * c, of: Float.self)
        let projected = workspace.buffer(Slot.projected.rawValue, u * k * f, of: Float.self)
        Self.project(
            ids: distinct, table: table, weight: weight, workers: workers, workspace: workspace, gathered: gathered,
            into: projected)
        let biasRow = biasRow(bias, workspace: workspace)
        let localIds = workspace.buffer(Slot.localIds.rawValue, n * l, of: Int32.self)
        let argmax = workspace.buffer(Slot.argmax.rawValue, n * lp * f, of: Int32.self)
        output.reshapeForOverwrite(shape)
        output.scalars.withUnsafeMutableBufferPointer { o in
            gatherPool(
                ids: localIds, projected: projected, bias: biasRow, out: o.baseAddress!, argmax: argmax, batch: n,
                length: l, pooledLength: lp, keepArgmax: true)
        }
        return Cache(
            batch: n, length: l, distinctIds: distinct, output: output, fusesPooling: poolSize > 1, workspace: workspace
        )
    }

    /// Regions of the stage's workspace.
    enum Slot: Int {
        case slots, localIds, gathered, wide, projected, bias, argmax, biasSum, wideGradient
    }

    /// The bias as a row of `F` floats in the workspace (zeros without bias).
    private func biasRow(_ bias: Tensor?, workspace: Workspace) -> UnsafeMutablePointer<Float> {
        let row = workspace.buffer(Slot.bias.rawValue, filters, of: Float.self)
        if let bias {
            bias.scalars.withUnsafeBufferPointer { row.update(from: $0.baseAddress!, count: filters) }
        } else {
            row.update(repeating: 0, count: filters)
        }
        return row
    }

    /// The batch's distinct ids, ascending; each position's index among them goes to the workspace's
    /// `localIds` region.
    /// - Throws: `LayerError` naming the first id outside `0..<rows` by sequence and position.
    static func distinctIds(of tokens: TokenBatch, rows v: Int, workspace: Workspace) throws(LayerError) -> [Int32] {
        let slot = workspace.buffer(Slot.slots.rawValue, v, of: Int32.self)
        slot.update(repeating: -1, count: v)
        for (i, id) in tokens.ids.enumerated() {
            guard id >= 0 && Int(id) < v else {
                throw LayerError(
                    "Embedding expected token ids in 0..<\(v). Received: \(id) at sequence \(i / tokens.length + 1), position \(i % tokens.length + 1)"
                )
            }
            slot[Int(id)] = 0
        }
        var distinct = [Int32]()
        for id in 0..<v where slot[id] == 0 {
            slot[id] = Int32(distinct.count)
            distinct.append(Int32(id))
        }
        let localIds = workspace.buffer(Slot.localIds.rawValue, tokens.ids.count, of: Int32.self)
        for (i, id) in tokens.ids.enumerated() { localIds[i] = slot[Int(id)] }
        return distinct
    }

    /// `E_U` (the table rows of `ids`, `[U, C]`, into `gathered`) and `P = [E_U·W₀ | … | E_U·W_{K−1}]`
    /// (`[U, K, F]`, into `projected`), by one GEMM with `K·F` columns: `P = E_U · W′` with
    /// `W′[c, k·F + f] = W[k, c, f]`. The rows are split into `workers` contiguous blocks, each gathered and
    /// multiplied by one worker with single-threaded BLAS (decision 0078): every row's result is the same
    /// whatever the split.
    static func project(
        ids: [Int32], table: Tensor, weight: Tensor, workers: Int, workspace: Workspace,
        gathered: UnsafeMutablePointer<Float>, into projected: UnsafeMutablePointer<Float>
    ) {
        let (k, c, f) = (weight.shape[0], weight.shape[1], weight.shape[2])
        let u = ids.count
        let wide = workspace.buffer(Slot.wide.rawValue, c * k * f, of: Float.self)
        weight.scalars.withUnsafeBufferPointer { w in
            for tap in 0..<k {
                for ch in 0..<c {
                    (wide + ch * k * f + tap * f).update(from: w.baseAddress! + (tap * c + ch) * f, count: f)
                }
            }
        }
        let blocks = split(u, into: workers)
        table.scalars.withUnsafeBufferPointer { t in
            ids.withUnsafeBufferPointer { idRows in
                parallelFor(blocks.count, workers: workers) { b in
                    let rows = blocks[b]
                    for row in rows {
                        (gathered + row * c).update(from: t.baseAddress! + Int(idRows[row]) * c, count: c)
                    }
                    BLAS.gemm(
                        m: rows.count, n: k * f, k: c,
                        a: UnsafeBufferPointer(start: gathered + rows.lowerBound * c, count: rows.count * c), lda: c,
                        b: UnsafeBufferPointer(start: wide, count: c * k * f), ldb: k * f,
                        c: UnsafeMutableBufferPointer(
                            start: projected + rows.lowerBound * k * f, count: rows.count * k * f),
                        ldc: k * f)
                }
            }
        }
    }

    /// `P` for `ids` as a new array (`ProjectionTable` keeps it across batches).
    static func project(ids: [Int32], table: Tensor, weight: Tensor, workers: Int) -> [Float] {
        let (k, c, f) = (weight.shape[0], weight.shape[1], weight.shape[2])
        let workspace = Workspace()
        let gathered = workspace.buffer(Slot.gathered.rawValue, ids.count * c, of: Float.self)
        return [Float](unsafeUninitializedCapacity: ids.count * k * f) { p, initialized in
            project(
                ids: ids, table: table, weight: weight, workers: workers, workspace: workspace, gathered: gathered,
                into: p.baseAddress!)
            initialized = ids.count * k * f
        }
    }

    /// The forward pass for inference (nothing will run backward, so no argmax is kept). With
    /// `projections`, the rows of the batch's ids come from that cross-batch cache, which first gains the
    /// rows it lacks (one GEMM over those ids only); without, they are computed as in `forward`. The rows
    /// are copied into a compact `[U, K, F]` block either way: gathering from the batch's U rows instead of
    /// a table of V rows keeps the gather's working set small (measured: 0.079 s per padded batch
    /// gathering from the compact block, 0.099 s from the table).
    /// - Precondition: `projections`, if given, was made for `table`, `weight` (unchanged since) and this stage.
    /// - Throws: `LayerError` for an id outside the table or documents that are too short (the cache is
    ///   unchanged then).
    public func inferenceForward(
        tokens: TokenBatch, table: Tensor, weight: Tensor, bias: Tensor?, projections: inout ProjectionTable?
    ) throws(LayerError) -> Tensor {
        var output = Tensor(zeros: [0])
        try inferenceForward(
            tokens: tokens, table: table, weight: weight, bias: bias, projections: &projections, workspace: Workspace(),
            into: &output)
        return output
    }

    /// `inferenceForward` with the plan's workspace, writing into `output` (reused as in `forward`).
    func inferenceForward(
        tokens: TokenBatch, table: Tensor, weight: Tensor, bias: Tensor?, projections: inout ProjectionTable?,
        workspace: Workspace, into output: inout Tensor
    ) throws(LayerError) {
        let (n, l, c, k, f) = (tokens.batch, tokens.length, inputChannels, kernelSize, filters)
        let shape = try outputShape(batch: n, length: l)
        let distinct = try Self.distinctIds(of: tokens, rows: table.shape[0], workspace: workspace)
        let u = distinct.count
        let projected = workspace.buffer(Slot.projected.rawValue, u * k * f, of: Float.self)
        if projections != nil {
            precondition(
                projections!.rowWidth == k * f && projections!.rows == table.shape[0],
                "EmbeddingConvolutionPool.inferenceForward expected a projection table of \(table.shape[0]) rows of \(k * f)"
            )
            projections!.fill(distinctIds: distinct, table: table, weight: weight, workers: workers)
            projections!.copyRows(distinct, into: projected)
        } else {
            let gathered = workspace.buffer(Slot.gathered.rawValue, u * c, of: Float.self)
            Self.project(
                ids: distinct, table: table, weight: weight, workers: workers, workspace: workspace,
                gathered: gathered, into: projected)
        }
        let biasRow = biasRow(bias, workspace: workspace)
        let localIds = workspace.buffer(Slot.localIds.rawValue, n * l, of: Int32.self)
        let blocks = Self.split(Self.channelBlocks(f).count, into: workers).count
        let argmax = workspace.buffer(Slot.argmax.rawValue, blocks * shape[1] * f, of: Int32.self)
        output.reshapeForOverwrite(shape)
        output.scalars.withUnsafeMutableBufferPointer { o in
            gatherPool(
                ids: localIds, projected: projected, bias: biasRow, out: o.baseAddress!, argmax: argmax, batch: n,
                length: l, pooledLength: shape[1], keepArgmax: false)
        }
    }

    /// Gather, add, pool and activate for `N` documents whose position ids index rows of `projected`
    /// (`[rows, K, F]`) into `out` (`[N·Lp·F]`). With `keepArgmax`, each maximum's position goes to
    /// `argmax` (`N·Lp·F`); otherwise `argmax` is one scratch row of `Lp·F` per worker.
    func gatherPool(
        ids: UnsafePointer<Int32>, projected: UnsafePointer<Float>, bias: UnsafePointer<Float>,
        out: UnsafeMutablePointer<Float>, argmax: UnsafeMutablePointer<Int32>, batch n: Int, length l: Int,
        pooledLength lp: Int, keepArgmax: Bool
    ) {
        let blocks = Self.channelBlocks(filters)
        let ranges = Self.split(blocks.count, into: workers)
        parallelFor(ranges.count) { w in
            for block in ranges[w] {
                for doc in 0..<n {
                    forwardDocument(
                        ids: ids + doc * l, projected: projected, bias: bias, out: out + doc * lp * filters,
                        argmax: argmax + (keepArgmax ? doc : w) * lp * filters, channels: blocks[block],
                        pooledLength: lp)
                }
            }
        }
    }

    /// The backward pass: adds `dW` into `weightGradient` (`[K, C, F]`) and `db` into `biasGradient`.
    ///
    /// - Parameters:
    ///   - outputGradient: dLoss/dOutput, `[N, Lp, F]`.
    ///   - cache: From `forward`.
    /// - Precondition: shapes match the forward pass.
    public func backward(
        _ outputGradient: Tensor, cache: Cache, weightGradient: inout Tensor, biasGradient: inout Tensor?
    ) {
        var gradient = outputGradient
        backward(consuming: &gradient, cache: cache, weightGradient: &weightGradient, biasGradient: &biasGradient)
    }

    /// `backward` that turns `outputGradient` into dLoss/dPre-activation of the maxima in place — no copy
    /// when its storage is not shared, as for the gradient the plan hands over — and writes `G` into the
    /// region that held the forward pass's projections (unused after the forward pass), so the stage needs
    /// no memory beyond its forward pass's for backward (decision 0092).
    func backward(
        consuming outputGradient: inout Tensor, cache: Cache, weightGradient: inout Tensor, biasGradient: inout Tensor?
    ) {
        let (n, l, c, k, f) = (cache.batch, cache.length, inputChannels, kernelSize, filters)
        let lp = cache.output.shape[1]
        let u = cache.distinctIds.count
        precondition(
            outputGradient.shape == cache.output.shape,
            "EmbeddingConvolutionPool.backward expected an output gradient of shape \(cache.output.shape). Received: shape \(outputGradient.shape)"
        )
        precondition(
            weightGradient.shape == [k, c, f],
            "EmbeddingConvolutionPool.backward expected a weight gradient of shape \([k, c, f]). Received: shape \(weightGradient.shape)"
        )
        let workspace = cache.workspace
        let biasSum = workspace.zeros(Slot.biasSum.rawValue, f)
        // G = [G₀ | … | G_{K−1}] stored [U, K, F]. Workers own disjoint channel blocks, so every element
        // is summed in document-then-position order whatever the worker count (bit-identical results).
        let scattered = workspace.zeros(Slot.projected.rawValue, u * k * f)
        let ids = UnsafePointer(workspace.buffer(Slot.localIds.rawValue, n * l, of: Int32.self))
        let argmax = UnsafePointer(workspace.buffer(Slot.argmax.rawValue, n * lp * f, of: Int32.self))
        let blocks = Self.channelBlocks(f)
        let ranges = Self.split(blocks.count, into: workers)
        // dz: dLoss/dPre-activation of the maxima, formed in place by the workers.
        outputGradient.scalars.withUnsafeMutableBufferPointer { dzBuffer in
            let dz = dzBuffer.baseAddress!
            cache.output.scalars.withUnsafeBufferPointer { y in
                parallelFor(ranges.count) { w in
                    withUnsafeTemporaryAllocation(of: Float.self, capacity: f) { row in
                        for block in ranges[w] {
                            for doc in 0..<n {
                                backwardDocument(
                                    ids: ids + doc * l, gradient: dz + doc * lp * f,
                                    output: y.baseAddress! + doc * lp * f, argmax: argmax + doc * lp * f,
                                    scattered: scattered, biasSum: biasSum, row: row.baseAddress!,
                                    channels: blocks[block], pooledLength: lp)
                            }
                        }
                    }
                }
            }
        }
        if biasGradient != nil {
            for ch in 0..<f { biasGradient!.scalars[ch] += biasSum[ch] }
        }
        // dW′ (C × K·F) = E_Uᵀ · G, its columns split among the workers (single-threaded BLAS each, whole
        // blocks of 16 columns), then dW[k, c, f] += dW′[c, k·F + f] for the worker's columns.
        let gathered = UnsafePointer(workspace.buffer(Slot.gathered.rawValue, u * c, of: Float.self))
        let wide = workspace.buffer(Slot.wideGradient.rawValue, c * k * f, of: Float.self)
        let columnBlocks = Self.split((k * f + 15) / 16, into: workers)
        weightGradient.scalars.withUnsafeMutableBufferPointer { dW in
            let dW = dW.baseAddress!
            parallelFor(columnBlocks.count, workers: workers) { b in
                let columns = (columnBlocks[b].lowerBound * 16)..<min(k * f, columnBlocks[b].upperBound * 16)
                BLAS.gemm(
                    transposeA: true, m: c, n: columns.count, k: u,
                    a: UnsafeBufferPointer(start: gathered, count: u * c),
                    lda: c,
                    b: UnsafeBufferPointer(
                        start: scattered + columns.lowerBound, count: u * k * f - columns.lowerBound),
                    ldb: k * f,
                    c: UnsafeMutableBufferPointer(
                        start: wide + columns.lowerBound, count: c * k * f - columns.lowerBound),
                    ldc: k * f)
                for ch in 0..<c {
                    for column in columns {
                        let (tap, j) = column.quotientAndRemainder(dividingBy: f)
                        dW[(tap * c + ch) * f + j] += wide[ch * k * f + column]
                    }
                }
            }
        }
    }

    // MARK: Kernels

    /// Channel blocks of 64 (the last may be shorter): one block's slice of `P` or `G` (`U·K·64`
    /// floats) mostly stays in the last-level cache while a worker streams over the documents.
    static func channelBlocks(_ f: Int) -> [Range<Int>] {
        stride(from: 0, to: f, by: 64).map { $0..<min(f, $0 + 64) }
    }

    /// `count` items in at most `parts` contiguous, nearly equal ranges (none empty).
    static func split(_ count: Int, into parts: Int) -> [Range<Int>] {
        let parts = max(1, min(parts, count))
        return (0..<parts).map { w in (w * count / parts)..<((w + 1) * count / parts) }
    }

    /// One document's pre-activation maxima: for each window `j` and channel, the first maximum over
    /// `t ∈ [jP, jP+P)` of `bias + Σₖ P[ids[t+k], k]`, and its `t`.
    private func forwardDocument(
        ids: UnsafePointer<Int32>, projected: UnsafePointer<Float>, bias: UnsafePointer<Float>,
        out: UnsafeMutablePointer<Float>, argmax: UnsafeMutablePointer<Int32>, channels: Range<Int>,
        pooledLength lp: Int
    ) {
        Self.maxima(
            ids: ids, projected: projected, bias: bias, out: out, argmax: argmax, channels: channels,
            kernelSize: kernelSize, filters: filters, poolSize: poolSize, pooledLength: lp)
        for j in 0..<lp { activation.applyInPlace(out + j * filters + channels.lowerBound, count: channels.count) }
    }

    /// The pre-activation maxima of `forwardDocument`.
    private static func maxima(
        ids: UnsafePointer<Int32>, projected: UnsafePointer<Float>, bias: UnsafePointer<Float>,
        out: UnsafeMutablePointer<Float>, argmax: UnsafeMutablePointer<Int32>, channels: Range<Int>,
        kernelSize k: Int, filters f: Int, poolSize p: Int, pooledLength lp: Int
    ) {
        let rowStride = k * f
        let vectorEnd = channels.upperBound - channels.count % 16
        let constant = constantWindows(ids: ids, kernelSize: k, poolSize: p, pooledLength: lp)
        // The P·K row pointers of one window, position-major: rows[a·K + tap].
        withUnsafeTemporaryAllocation(of: UnsafePointer<Float>.self, capacity: p * k) { rows in
            for j in 0..<lp {
                let o = out + j * f
                let am = argmax + j * f
                if j > 0 && j < constant {
                    // Same ids in every window so far (leading padding): copy window 0, first position wins.
                    (o + channels.lowerBound).update(from: out + channels.lowerBound, count: channels.count)
                    for ch in channels { am[ch] = Int32(j * p) }
                    continue
                }
                for a in 0..<p {
                    for tap in 0..<k { rows[a * k + tap] = projected + Int(ids[j * p + a + tap]) * rowStride + tap * f }
                }
                let first = Int32(j * p)
                var ch = channels.lowerBound
                while ch < vectorEnd {
                    // The window's running maximum and its position stay in registers over the P positions.
                    var best = vectorLoad(bias + ch)
                    for tap in 0..<k { best += vectorLoad(rows[tap] + ch) }
                    var position = SIMD16<Int32>(repeating: first)
                    for a in 1..<max(1, p) {
                        var s = vectorLoad(bias + ch)
                        for tap in 0..<k { s += vectorLoad(rows[a * k + tap] + ch) }
                        let better = greaterMask(s, best)
                        best = vectorSelect(better, s, best)
                        position = (SIMD16<Int32>(repeating: first + Int32(a)) & better) | (position & ~better)
                    }
                    vectorStore(best, o + ch)
                    UnsafeMutableRawPointer(am + ch).storeBytes(of: position, as: SIMD16<Int32>.self)
                    ch += 16
                }
                while ch < channels.upperBound {
                    for a in 0..<p {
                        var s = bias[ch]
                        for tap in 0..<k { s += rows[a * k + tap][ch] }
                        if a == 0 || s > o[ch] {
                            o[ch] = s
                            am[ch] = first + Int32(a)
                        }
                    }
                    ch += 1
                }
            }
        }
    }

    /// The number of leading pool windows whose every convolution window sees only the document's first
    /// id (a leading padding run): their pre-activations are equal, so they are computed once.
    static func constantWindows(ids: UnsafePointer<Int32>, kernelSize k: Int, poolSize p: Int, pooledLength lp: Int)
        -> Int
    {
        let first = ids[0]
        let span = lp * p + k - 1  // positions the windows read
        var run = 1
        while run < span && ids[run] == first { run += 1 }
        return run >= k ? min(lp, (run - k + 1) / p) : 0
    }

    /// One document's scatter: for each convolution position `t` in a window, the row
    /// `r = [dz[j, ch] where argmax[j, ch] == t, else 0]` is added into `G[ids[t+k], k]` for every tap.
    /// First `dz = dY · act′` on the channel block and the bias gradient (windows in order), then the scatter.
    private func backwardDocument(
        ids: UnsafePointer<Int32>, gradient: UnsafeMutablePointer<Float>, output: UnsafePointer<Float>,
        argmax: UnsafePointer<Int32>, scattered: UnsafeMutablePointer<Float>, biasSum: UnsafeMutablePointer<Float>,
        row: UnsafeMutablePointer<Float>, channels: Range<Int>, pooledLength lp: Int
    ) {
        for j in 0..<lp {
            let offset = j * filters + channels.lowerBound
            activation.backwardInPlace(gradient + offset, output: output + offset, count: channels.count)
            for ch in 0..<channels.count { biasSum[channels.lowerBound + ch] += gradient[offset + ch] }
        }
        Self.scatter(
            ids: ids, gradient: gradient, argmax: argmax, scattered: scattered, row: row, channels: channels,
            kernelSize: kernelSize, filters: filters, poolSize: poolSize, pooledLength: lp)
    }

    /// The scatter of `backwardDocument`.
    private static func scatter(
        ids: UnsafePointer<Int32>, gradient: UnsafePointer<Float>, argmax: UnsafePointer<Int32>,
        scattered: UnsafeMutablePointer<Float>, row: UnsafeMutablePointer<Float>, channels: Range<Int>,
        kernelSize k: Int, filters f: Int, poolSize p: Int, pooledLength lp: Int
    ) {
        let rowStride = k * f
        let vectorEnd = channels.upperBound - channels.count % 16
        let zero = SIMD16<Float>(repeating: 0)
        let constant = constantWindows(ids: ids, kernelSize: k, poolSize: p, pooledLength: lp)
        if constant > 0 {
            // Leading windows over one id: every channel's maximum is the window's first position, so
            // their gradients all go to G[ids[0], k]; sum them first, add once per tap.
            for ch in channels { row[ch] = 0 }
            for j in 0..<constant {
                for ch in channels { row[ch] += gradient[j * f + ch] }
            }
            for tap in 0..<k {
                let target = scattered + Int(ids[0]) * rowStride + tap * f
                for ch in channels { target[ch] += row[ch] }
            }
        }
        for j in constant..<lp {
            let g = gradient + j * f
            let am = argmax + j * f
            for a in 0..<p {
                let t = j * p + a
                let position = Int32(t)
                let source: UnsafePointer<Float>
                if p == 1 {
                    source = g
                } else {
                    var ch = channels.lowerBound
                    while ch < vectorEnd {
                        let hit = equalMask(UnsafeRawPointer(am + ch).loadUnaligned(as: SIMD16<Int32>.self), position)
                        vectorStore(vectorSelect(hit, vectorLoad(g + ch), zero), row + ch)
                        ch += 16
                    }
                    while ch < channels.upperBound {
                        row[ch] = am[ch] == position ? g[ch] : 0
                        ch += 1
                    }
                    source = UnsafePointer(row)
                }
                for tap in 0..<k {
                    let target = scattered + Int(ids[t + tap]) * rowStride + tap * f
                    var ch = channels.lowerBound
                    while ch < vectorEnd {
                        vectorStore(vectorLoad(target + ch) + vectorLoad(source + ch), target + ch)
                        ch += 16
                    }
                    while ch < channels.upperBound {
                        target[ch] += source[ch]
                        ch += 1
                    }
                }
            }
        }
    }
}
