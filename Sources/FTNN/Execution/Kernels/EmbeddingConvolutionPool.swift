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
        let distinct = try Self.distinctIds(
            of: tokens, rows: table.shape[0], workers: workers, workspace: workspace)
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
                length: l, pooledLength: lp, workspace: workspace)
        }
        return Cache(
            batch: n, length: l, distinctIds: distinct, output: output, fusesPooling: poolSize > 1, workspace: workspace
        )
    }

    /// Where channel block `channels` starts in a block-major `[block][U][K][w]` array of `U` rows (`G`):
    /// the blocks before it hold `U·K·channels.lowerBound` floats. Row `u`, tap `k` of the block then
    /// starts `(u·K + k)·channels.count` floats further.
    static func blockOffset(_ channels: Range<Int>, rows u: Int, kernelSize k: Int) -> Int {
        u * k * channels.lowerBound
    }

    /// Regions of the stage's workspace.
    enum Slot: Int {
        case slots, localIds, gathered, wide, projected, bias, argmax, biasSum, wideGradient
        /// The workers' rings (`forwardDocument`'s and `backwardDocument`'s scratch) and `gatherPool`'s
        /// document order and costs.
        case rings, documentOrder, documentCosts
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
    /// The mapping of positions to local indices runs on `workers` threads (it was 1.5 % of an inference
    /// call's wall time on the calling thread alone).
    static func distinctIds(of tokens: TokenBatch, rows v: Int, workers: Int, workspace: Workspace) throws(LayerError)
        -> [Int32]
    {
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
        // The list from the previous call is reused (it is the only holder once the plan dropped that call's cache).
        var distinct: [Int32] = []
        swap(&distinct, &workspace.distinctIds)
        distinct.removeAll(keepingCapacity: true)
        for id in 0..<v where slot[id] == 0 {
            slot[id] = Int32(distinct.count)
            distinct.append(Int32(id))
        }
        let localIds = workspace.buffer(Slot.localIds.rawValue, tokens.ids.count, of: Int32.self)
        tokens.ids.withUnsafeBufferPointer { ids in
            let share = LocalIdsShare(
                ids: ids.baseAddress!, slot: slot, localIds: localIds,
                parts: EvenSplit(total: ids.count, parts: workers))
            parallelFor(share.parts.count, workers: workers, share)
        }
        workspace.distinctIds = distinct
        return distinct
    }

    /// One part of `distinctIds`' mapping: `localIds[i] = slot[ids[i]]` for `i` in part `w`.
    private struct LocalIdsShare: ParallelLoopBody {
        let ids: UnsafePointer<Int32>
        let slot: UnsafePointer<Int32>
        let localIds: UnsafeMutablePointer<Int32>
        let parts: EvenSplit

        init(
            ids: UnsafePointer<Int32>, slot: UnsafeMutablePointer<Int32>, localIds: UnsafeMutablePointer<Int32>,
            parts: EvenSplit
        ) {
            (self.ids, self.slot, self.localIds, self.parts) = (ids, UnsafePointer(slot), localIds, parts)
        }

        func run(_ w: Int) {
            for i in parts[w] { localIds[i] = slot[Int(ids[i])] }
        }
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
                let share = ProjectShare(
                    rows: blocks, ids: idRows.baseAddress!, table: t.baseAddress!, wide: wide, gathered: gathered,
                    projected: projected, channels: c, columns: k * f)
                parallelFor(blocks.count, workers: workers, share)
            }
        }
    }

    /// Rows of `P` per chunk of a projection GEMM: 256 rows of 640 floats (655 KB) stay in the L2 cache.
    static let projectionChunk = 256

    /// One worker's block of rows of `project`: gathered, then multiplied by `W′`.
    private struct ProjectShare: ParallelLoopBody {
        let rows: EvenSplit
        let ids: UnsafePointer<Int32>
        let table: UnsafePointer<Float>
        let wide: UnsafePointer<Float>
        let gathered: UnsafeMutablePointer<Float>
        let projected: UnsafeMutablePointer<Float>
        /// `C` and `K·F`.
        let channels: Int
        let columns: Int

        /// The block's rows in chunks of about `projectionChunk` (equal sizes, so none is small enough for
        /// OpenBLAS's small-matrix kernel when the block is not): each chunk's gathered rows and its part of
        /// `P` (which OpenBLAS zeroes before adding the product) are still in cache when the product uses
        /// them, instead of a 30 MB pass each. Every row's inner products are the same either way.
        func run(_ b: Int) {
            let (block, c) = (rows[b], channels)
            let chunks = EvenSplit(
                total: block.count,
                parts: (block.count + EmbeddingConvolutionPool.projectionChunk - 1)
                    / EmbeddingConvolutionPool.projectionChunk)
            for chunk in chunks {
                let rows = (block.lowerBound + chunk.lowerBound)..<(block.lowerBound + chunk.upperBound)
                for row in rows { (gathered + row * c).update(from: table + Int(ids[row]) * c, count: c) }
                BLAS.gemm(
                    m: rows.count, n: columns, k: c,
                    a: UnsafeBufferPointer(start: gathered + rows.lowerBound * c, count: rows.count * c), lda: c,
                    b: UnsafeBufferPointer(start: wide, count: c * columns), ldb: columns,
                    c: UnsafeMutableBufferPointer(
                        start: projected + rows.lowerBound * columns, count: rows.count * columns),
                    ldc: columns)
            }
        }
    }

    /// `P` for `ids` as a new array (`ProjectionTable` keeps it across batches).
    static func project(ids: [Int32], table: Tensor, weight: Tensor, workers: Int) -> [Float] {
        let (k, c, f) = (weight.shape[0], weight.shape[1], weight.shape[2])
        let workspace = Workspace()
        let gathered = workspace.buffer(Slot.gathered.rawValue, ids.count * c, of: Float.self)
        // Never capacity 0 (`uninitializedArray`'s note on Swift's shared empty storage).
        return [Float](unsafeUninitializedCapacity: max(1, ids.count * k * f)) { p, initialized in
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
        let distinct = try Self.distinctIds(
            of: tokens, rows: table.shape[0], workers: workers, workspace: workspace)
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
        output.reshapeForOverwrite(shape)
        output.scalars.withUnsafeMutableBufferPointer { o in
            gatherPool(
                ids: localIds, projected: projected, bias: biasRow, out: o.baseAddress!, argmax: nil, batch: n,
                length: l, pooledLength: shape[1], workspace: workspace)
        }
    }

    /// Gather, add, pool and activate for `N` documents whose position ids index rows of `projected`
    /// (`[rows, K, F]`) into `out` (`[N·Lp·F]`), and with `argmax` (`N·Lp·F`) each maximum's position.
    /// The documents go to the workers one at a time, costliest first (`ItemClaims`; a document costs its
    /// pool windows outside a leading padding run, plus one): each output element is computed the same way
    /// whichever worker takes its document. Each worker walks a document once per block of up to 128
    /// channels (`forwardBlocks`). The order, the claims and the workers' rings come from `workspace`.
    func gatherPool(
        ids: UnsafePointer<Int32>, projected: UnsafePointer<Float>, bias: UnsafePointer<Float>,
        out: UnsafeMutablePointer<Float>, argmax: UnsafeMutablePointer<Int32>?, batch n: Int, length l: Int,
        pooledLength lp: Int, workspace: Workspace
    ) {
        let order = workspace.buffer(Slot.documentOrder.rawValue, max(1, n), of: Int.self)
        costliestFirst(count: n, into: order, costs: workspace.buffer(Slot.documentCosts.rawValue, max(1, n))) {
            lp + 1
                - Self.constantWindows(ids: ids + $0 * l, kernelSize: kernelSize, poolSize: poolSize, pooledLength: lp)
        }
        let parts = max(1, min(workers, n))
        let ringSize = kernelSize * (Self.forwardBlocks(filters).first ?? 0..<0).count
        workspace.claims.reset()
        let share = GatherPoolShare(
            stage: self, ids: ids, projected: projected, bias: bias, out: out, argmax: argmax, order: order,
            documents: n, claims: workspace.claims,
            rings: workspace.buffer(Slot.rings.rawValue, parts * ringSize, of: Float.self),
            ringSize: ringSize, length: l, pooledLength: lp)
        parallelFor(parts, workers: parts, share)
    }

    /// One worker's part of `gatherPool`: documents claimed one at a time, with the worker's own ring.
    private struct GatherPoolShare: ParallelLoopBody {
        let stage: EmbeddingConvolutionPool
        let ids: UnsafePointer<Int32>
        let projected: UnsafePointer<Float>
        let bias: UnsafePointer<Float>
        let out: UnsafeMutablePointer<Float>
        let argmax: UnsafeMutablePointer<Int32>?
        /// Documents costliest first, and how many.
        let order: UnsafePointer<Int>
        let documents: Int
        let claims: ItemClaims
        let rings: UnsafeMutablePointer<Float>
        let ringSize: Int
        let length: Int
        let pooledLength: Int

        func run(_ w: Int) {
            let (l, lp, f) = (length, pooledLength, stage.filters)
            while let item = claims.next(below: documents) {
                let doc = order[item]
                for channels in EmbeddingConvolutionPool.forwardBlocks(f) {
                    stage.forwardDocument(
                        ids: ids + doc * l, projected: projected, bias: bias, out: out + doc * lp * f,
                        argmax: argmax.map { $0 + doc * lp * f }, ring: rings + w * ringSize,
                        channels: channels, pooledLength: lp)
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
        // G = [G₀ | … | G_{K−1}], block-major ([block][U][K][64], see `blockOffset`), in the region that held
        // the projections. Workers own disjoint channel blocks, so every element is summed in
        // document-then-position order whatever the worker count (bit-identical results).
        let scattered = workspace.zeros(Slot.projected.rawValue, u * k * f)
        let ids = UnsafePointer(workspace.buffer(Slot.localIds.rawValue, n * l, of: Int32.self))
        let argmax = UnsafePointer(workspace.buffer(Slot.argmax.rawValue, n * lp * f, of: Int32.self))
        let ranges = Self.split(Self.channelBlocks(f).count, into: workers)
        let rings = workspace.buffer(Slot.rings.rawValue, ranges.count * k * f, of: Float.self)
        // dz: dLoss/dPre-activation of the maxima, formed in place by the workers.
        outputGradient.scalars.withUnsafeMutableBufferPointer { dzBuffer in
            cache.output.scalars.withUnsafeBufferPointer { y in
                let share = BackwardShare(
                    stage: self, blockRanges: ranges, ids: ids, gradient: dzBuffer.baseAddress!, output: y.baseAddress!,
                    argmax: argmax, scattered: scattered, biasSum: biasSum, rings: rings, batch: n, length: l,
                    pooledLength: lp, rows: u)
                parallelFor(ranges.count, share)
            }
        }
        if biasGradient != nil {
            for ch in 0..<f { biasGradient!.scalars[ch] += biasSum[ch] }
        }
        let gathered = UnsafePointer(workspace.buffer(Slot.gathered.rawValue, u * c, of: Float.self))
        let wide = workspace.buffer(Slot.wideGradient.rawValue, c * k * f, of: Float.self)
        weightGradient.scalars.withUnsafeMutableBufferPointer { dW in
            weightGradientProduct(
                gathered: gathered, scattered: UnsafePointer(scattered), rows: u, wide: wide, into: dW.baseAddress!)
        }
    }

    /// One worker's channel blocks of `backward` (`blockRanges[w]`): every document's scatter into the
    /// blocks' region of `G`, with the worker's own ring of `K·F` floats.
    private struct BackwardShare: ParallelLoopBody {
        let stage: EmbeddingConvolutionPool
        let blockRanges: EvenSplit
        let ids: UnsafePointer<Int32>
        let gradient: UnsafeMutablePointer<Float>
        let output: UnsafePointer<Float>
        let argmax: UnsafePointer<Int32>
        let scattered: UnsafeMutablePointer<Float>
        let biasSum: UnsafeMutablePointer<Float>
        let rings: UnsafeMutablePointer<Float>
        let batch: Int
        let length: Int
        let pooledLength: Int
        /// `U`.
        let rows: Int

        func run(_ w: Int) {
            let (k, f, l, lp) = (stage.kernelSize, stage.filters, length, pooledLength)
            let blocks = EmbeddingConvolutionPool.channelBlocks(f)
            for block in blockRanges[w] {
                let taps = scattered + EmbeddingConvolutionPool.blockOffset(blocks[block], rows: rows, kernelSize: k)
                for doc in 0..<batch {
                    stage.backwardDocument(
                        ids: ids + doc * l, gradient: gradient + doc * lp * f, output: output + doc * lp * f,
                        argmax: argmax + doc * lp * f, taps: taps, biasSum: biasSum, ring: rings + w * k * f,
                        channels: blocks[block], pooledLength: lp)
                }
            }
        }
    }

    /// `dW[k, c, f] += (E_Uᵀ · G)[c, K·lo + k·w + j]` for `f = lo + j` in channel block `lo..<lo+w`: the
    /// `C × K·F` product `dW′` in `G`'s block-major column order, its columns split among the workers
    /// (single-threaded BLAS each, whole groups of 16 columns, one GEMM per channel block a worker's
    /// columns meet), each worker then adding its columns into `dW` (`[K, C, F]`).
    private func weightGradientProduct(
        gathered: UnsafePointer<Float>, scattered: UnsafePointer<Float>, rows u: Int, wide: UnsafeMutablePointer<Float>,
        into dW: UnsafeMutablePointer<Float>
    ) {
        let columnBlocks = Self.split((kernelSize * filters + 15) / 16, into: workers)
        let share = WeightGradientShare(
            stage: self, columnBlocks: columnBlocks, gathered: gathered, scattered: scattered, rows: u, wide: wide,
            weightGradient: dW)
        parallelFor(columnBlocks.count, workers: workers, share)
    }

    /// One worker's columns of `weightGradientProduct` (whole groups of 16).
    private struct WeightGradientShare: ParallelLoopBody {
        let stage: EmbeddingConvolutionPool
        let columnBlocks: EvenSplit
        let gathered: UnsafePointer<Float>
        let scattered: UnsafePointer<Float>
        /// `U`.
        let rows: Int
        let wide: UnsafeMutablePointer<Float>
        let weightGradient: UnsafeMutablePointer<Float>

        func run(_ b: Int) {
            let (c, k, f, u) = (stage.inputChannels, stage.kernelSize, stage.filters, rows)
            let columns = (columnBlocks[b].lowerBound * 16)..<min(k * f, columnBlocks[b].upperBound * 16)
            for channels in EmbeddingConvolutionPool.channelBlocks(f) {
                let blockColumns = (k * channels.lowerBound)..<(k * channels.upperBound)
                let part = columns.clamped(to: blockColumns)
                guard !part.isEmpty else { continue }
                let width = k * channels.count
                let source =
                    scattered + EmbeddingConvolutionPool.blockOffset(channels, rows: u, kernelSize: k)
                    + (part.lowerBound - blockColumns.lowerBound)
                BLAS.gemm(
                    transposeA: true, m: c, n: part.count, k: u,
                    a: UnsafeBufferPointer(start: gathered, count: u * c), lda: c,
                    b: UnsafeBufferPointer(
                        start: source, count: u * width - (part.lowerBound - blockColumns.lowerBound)),
                    ldb: width,
                    c: UnsafeMutableBufferPointer(start: wide + part.lowerBound, count: c * k * f - part.lowerBound),
                    ldc: k * f)
                for ch in 0..<c {
                    for column in part {
                        let (tap, j) = (column - blockColumns.lowerBound).quotientAndRemainder(
                            dividingBy: channels.count)
                        weightGradient[(tap * c + ch) * f + channels.lowerBound + j] += wide[ch * k * f + column]
                    }
                }
            }
        }
    }

    // MARK: Kernels

    /// The backward pass's channel blocks of 64 (the last may be shorter): each is one worker's slice of
    /// `G` (`U·K·64` floats, contiguous in `G`'s block-major layout), which mostly stays in the
    /// last-level cache while the worker streams over the documents.
    static func channelBlocks(_ f: Int) -> Blocks {
        blocks(f, width: 64)
    }

    /// The forward pass's channel blocks of 128 (the last may be shorter): the whole row of the study
    /// model's 128 filters, so each position's K taps are one contiguous read of `P` (measured: walking
    /// 128 channels with the documents split among the workers took 43–80 ms per call where blocks of 64
    /// split among the workers took 53–136 ms; decision 0085).
    static func forwardBlocks(_ f: Int) -> Blocks {
        blocks(f, width: 128)
    }

    /// `0..<f` in consecutive ranges of `width` (the last may be shorter), computed on access.
    static func blocks(_ f: Int, width: Int) -> Blocks { Blocks(total: f, step: width) }

    /// `count` items in at most `parts` contiguous, nearly equal ranges (none empty).
    static func split(_ count: Int, into parts: Int) -> EvenSplit { EvenSplit(total: count, parts: parts) }

    /// One document's maxima for the channels `channels`: for each window `j` and channel, the first
    /// maximum over `t ∈ [jP, jP+P)` of `bias + Σₖ P[ids[t+k], k]` (and its `t`, with `argmax`), then the
    /// activation. `ring` is scratch for `K·channels.count` floats.
    private func forwardDocument(
        ids: UnsafePointer<Int32>, projected: UnsafePointer<Float>, bias: UnsafePointer<Float>,
        out: UnsafeMutablePointer<Float>, argmax: UnsafeMutablePointer<Int32>?, ring: UnsafeMutablePointer<Float>,
        channels: Range<Int>, pooledLength lp: Int
    ) {
        let (k, f, p) = (kernelSize, filters, poolSize)
        let constant = Self.constantWindows(ids: ids, kernelSize: k, poolSize: p, pooledLength: lp)
        let walk = Walk(
            ids: ids, taps: projected + channels.lowerBound, rowStride: k * f, tapStride: f,
            bias: bias + channels.lowerBound, out: out + channels.lowerBound,
            argmax: argmax.map { $0 + channels.lowerBound }, width: channels.count, kernelSize: k, filters: f,
            poolSize: p, activation: activation, ring: ring)
        walk.maxima(positions: 0..<p)
        for j in 1..<max(1, min(constant, lp)) {
            // Same ids in every window so far (leading padding): copy window 0, first position wins.
            (walk.out + j * f).update(from: walk.out, count: walk.width)
            walk.argmax.map { ($0 + j * f).update(repeating: Int32(j * p), count: walk.width) }
        }
        let start = max(1, constant) * p
        if start < lp * p { walk.maxima(positions: start..<(lp * p)) }
    }

    /// The forward kernel over one document and channel block, walking positions: each position's id row
    /// is read once (its K taps, one contiguous run of `P` when the block is the whole row) and tap `k`
    /// is added into the running sum of convolution output `s − k`, kept in a ring of K rows in L1. An
    /// output is complete after its tap K−1; it then enters its pool window's running maximum, and once
    /// the window's last output is in, the activation is applied to the window's row while it is in L1.
    /// Each sum is `bias + tap 0 + … + tap K−1` in that order (float32) and ties keep the first position,
    /// as in the window-by-window kernel this replaced, so results are bit-identical to it.
    ///
    /// Summing each output in registers instead (reading tap k of row ids[t+k] for every k, no ring) was
    /// measured slower: 23.5 % of an inference call's samples against 18 % (2026-12-04): it reads the
    /// same bytes of `P`, but as K short runs in K rows instead of one contiguous row, which the hardware
    /// prefetcher follows less well. Neither a software prefetch of the row a few positions ahead nor
    /// narrower channel blocks helped (measured the same day): the walk is bound by the bandwidth of
    /// reading `K·F` floats of `P` per position.
    struct Walk {
        /// The document's position ids (rows of `P`).
        let ids: UnsafePointer<Int32>
        /// Tap 0 of row 0 of `P` at the block's first channel.
        let taps: UnsafePointer<Float>
        /// Floats from one row of `P` to the next (`K·F`) and from one tap to the next (`F`).
        let rowStride: Int, tapStride: Int
        /// The bias at the block's first channel.
        let bias: UnsafePointer<Float>
        /// Window 0's maxima at the block's first channel (rows `F` apart).
        let out: UnsafeMutablePointer<Float>
        /// Window 0's argmax at the block's first channel (rows `F` apart), or nil (inference).
        let argmax: UnsafeMutablePointer<Int32>?
        /// Channels in the block.
        let width: Int
        /// `K`, `F` and `P`.
        let kernelSize: Int, filters: Int, poolSize: Int
        /// Applied to each window's maxima.
        let activation: Activation
        /// K running sums of `width` floats; output `t` lives in row `t mod K`.
        let ring: UnsafeMutablePointer<Float>

        /// The maxima of the windows covering the convolution outputs `positions` (whole windows).
        func maxima(positions: Range<Int>) {
            if let argmax { walk(positions, argmax: argmax) } else { walk(positions, argmax: nil) }
        }

        /// `maxima`, with `argmax` nil or not known where this is inlined.
        @inline(__always)
        private func walk(_ positions: Range<Int>, argmax: UnsafeMutablePointer<Int32>?) {
            let k = kernelSize
            for s in positions.lowerBound..<(positions.upperBound + k - 1) {
                let row = taps + Int(ids[s]) * rowStride
                for tap in max(0, s - positions.upperBound + 1)...min(k - 1, s - positions.lowerBound) {
                    accumulate(row + tap * tapStride, into: ring + ((s - tap) % k) * width, first: tap == 0)
                }
                let t = s - k + 1
                if t >= positions.lowerBound { pool(ring + (t % k) * width, position: t, argmax: argmax) }
            }
        }

        /// `sum = bias + tap` for the first tap, else `sum += tap`.
        @inline(__always)
        private func accumulate(_ tap: UnsafePointer<Float>, into sum: UnsafeMutablePointer<Float>, first: Bool) {
            let start = first ? bias : UnsafePointer(sum)
            var ch = 0
            while ch + 16 <= width {
                vectorStore(vectorLoad(start + ch) + vectorLoad(tap + ch), sum + ch)
                ch += 16
            }
            while ch < width {
                sum[ch] = start[ch] + tap[ch]
                ch += 1
            }
        }

        /// Output `t`'s complete sums into its window's running maximum (the window's first position
        /// starts it; a later one replaces it only where strictly greater); the activation after the
        /// window's last position.
        @inline(__always)
        private func pool(_ sum: UnsafePointer<Float>, position t: Int, argmax: UnsafeMutablePointer<Int32>?) {
            let (j, a) = t.quotientAndRemainder(dividingBy: poolSize)
            let o = out + j * filters
            if a == 0 {
                o.update(from: sum, count: width)
                argmax.map { ($0 + j * filters).update(repeating: Int32(t), count: width) }
            } else if let argmax {
                keepFirstMaximum(sum, position: Int32(t), count: width, best: o, argmax: argmax + j * filters)
            } else {
                keepMaximum(sum, count: width, best: o)
            }
            if a == poolSize - 1 { activation.applyInPlace(o, count: width) }
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

    /// One document's scatter into `taps`, the channel block's region of `G` (`[U][K][w]`): for each
    /// convolution position `t` in a window, the row `r = [dz[j, ch] where argmax[j, ch] == t, else 0]`
    /// is added into `G[ids[t+k], k]` for every tap. First `dz = dY · act′` on the channel block and the
    /// bias gradient (windows in order), then the scatter.
    private func backwardDocument(
        ids: UnsafePointer<Int32>, gradient: UnsafeMutablePointer<Float>, output: UnsafePointer<Float>,
        argmax: UnsafePointer<Int32>, taps: UnsafeMutablePointer<Float>, biasSum: UnsafeMutablePointer<Float>,
        ring: UnsafeMutablePointer<Float>, channels: Range<Int>, pooledLength lp: Int
    ) {
        for j in 0..<lp {
            let offset = j * filters + channels.lowerBound
            activation.backwardInPlace(gradient + offset, output: output + offset, count: channels.count)
            for ch in 0..<channels.count { biasSum[channels.lowerBound + ch] += gradient[offset + ch] }
        }
        Self.scatter(
            ids: ids, gradient: gradient + channels.lowerBound, argmax: argmax + channels.lowerBound, taps: taps,
            ring: ring, width: channels.count, kernelSize: kernelSize, filters: filters, poolSize: poolSize,
            pooledLength: lp)
    }

    /// The scatter of `backwardDocument`, walking positions `s`: the id at `s` receives `r(s − k)` in its
    /// tap `k` for every `k`, one contiguous run of `K·w` floats per position. `ring` holds the rows
    /// `r(t)` of the last K positions (`K·w` floats). Every element of `G` still receives its terms in
    /// increasing `t` (`t = s − k` for a fixed tap), the order of the window-by-window scatter.
    /// `gradient` and `argmax` point at the block's first channel of window 0.
    private static func scatter(
        ids: UnsafePointer<Int32>, gradient: UnsafePointer<Float>, argmax: UnsafePointer<Int32>,
        taps: UnsafeMutablePointer<Float>, ring: UnsafeMutablePointer<Float>, width: Int,
        kernelSize k: Int, filters f: Int, poolSize p: Int, pooledLength lp: Int
    ) {
        let rowStride = k * width
        let constant = constantWindows(ids: ids, kernelSize: k, poolSize: p, pooledLength: lp)
        if constant > 0 {
            // Leading windows over one id: every channel's maximum is the window's first position, so
            // their gradients all go to G[ids[0], k]; sum them first, add once per tap.
            ring.update(repeating: 0, count: width)
            for j in 0..<constant { addRow(gradient + j * f, into: ring, count: width) }
            for tap in 0..<k { addRow(ring, into: taps + Int(ids[0]) * rowStride + tap * width, count: width) }
        }
        let (start, end) = (constant * p, lp * p)  // the positions t whose rows are scattered
        guard start < end else { return }
        for s in start..<(end + k - 1) {
            if s < end {
                maskedRow(
                    position: s, gradient: gradient, argmax: argmax, filters: f, poolSize: p,
                    into: ring + (s % k) * width, count: width)
            }
            let target = taps + Int(ids[s]) * rowStride
            for tap in max(0, s - end + 1)...min(k - 1, s - start) {
                addRow(ring + ((s - tap) % k) * width, into: target + tap * width, count: width)
            }
        }
    }

    /// `r(t)`: row `t / P` of the gradient where the window's argmax is `t`, else 0 (`count` channels).
    @inline(__always)
    private static func maskedRow(
        position t: Int, gradient: UnsafePointer<Float>, argmax: UnsafePointer<Int32>, filters f: Int, poolSize p: Int,
        into row: UnsafeMutablePointer<Float>, count: Int
    ) {
        let g = gradient + (t / p) * f
        guard p > 1 else {
            row.update(from: g, count: count)
            return
        }
        let am = argmax + (t / p) * f
        let position = Int32(t)
        let zero = SIMD16<Float>(repeating: 0)
        var ch = 0
        while ch + 16 <= count {
            vectorStore(vectorSelect(equalMask(vectorLoad(am + ch), position), vectorLoad(g + ch), zero), row + ch)
            ch += 16
        }
        while ch < count {
            row[ch] = am[ch] == position ? g[ch] : 0
            ch += 1
        }
    }

    /// `target[0..<count] += source[0..<count]`.
    @inline(__always)
    private static func addRow(_ source: UnsafePointer<Float>, into target: UnsafeMutablePointer<Float>, count: Int) {
        var ch = 0
        while ch + 16 <= count {
            vectorStore(vectorLoad(target + ch) + vectorLoad(source + ch), target + ch)
            ch += 16
        }
        while ch < count {
            target[ch] += source[ch]
            ch += 1
        }
    }
}
