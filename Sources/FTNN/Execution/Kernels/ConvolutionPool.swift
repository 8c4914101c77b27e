internal import FTLinearAlgebra
import FTParallel
public import FTTensor

#if canImport(Glibc)
    import Glibc
#elseif canImport(Darwin)
    import Darwin
#endif

// Dimension letters: N batch, L input length, C input channels, K kernel size, F filters, P pool size,
// Lc = L − K + 1 convolution outputs, Lp = ⌊Lc / P⌋ pooled outputs.

/// `Conv1D` (stride 1, valid padding, monotonic activation) followed by a non-overlapping
/// `MaxPooling1D`, fused.
///
/// Per document: `z = b + [X₀ … X_{K−1}] · W` (one GEMM with `K·C` inner products over chunks of 256
/// rows copied side by side, im2col), the first
/// maximum of each pool window of `z` and its position, then the activation on the `Lp × F` maxima
/// only (exact: the activation is monotonic non-decreasing). Backward routes each pooled gradient
/// (after the activation's derivative) to its argmax row and runs the weight-gradient and
/// input-gradient GEMMs over the first `Lp·P` rows only. The `[N, Lc, F]` tensors of the
/// layer-by-layer path are never allocated.
///
/// Documents are split into `workers` contiguous ranges, each running its GEMMs on the calling worker
/// (`ExecutionPlan` runs this stage with one OpenBLAS thread, decision 0075); per-worker weight gradients
/// are summed in worker order, so results are bit-identical for a given worker count (decision 0062).
public struct ConvolutionPool: Sendable, Equatable {
    /// Convolution window width `K`.
    public let kernelSize: Int
    /// Input channels `C`.
    public let inputChannels: Int
    /// Output channels `F`.
    public let filters: Int
    /// Pool window and stride `P`.
    public let poolSize: Int
    /// The convolution's activation (monotonic non-decreasing).
    public let activation: Activation
    /// Worker threads (documents split into contiguous ranges).
    public let workers: Int
    /// Outputs per Winograd tile of the forward convolution (4 for kernels of 2–5 taps; 6 in inference
    /// plans, `prepareForInference`), or 0 for the
    /// direct im2col GEMM. Settable so tests and benchmarks can compare the two; a size the transform
    /// cannot be built for (more than `WinogradTransform.points` allow) selects the direct GEMM and reads 0.
    public var tileSize: Int {
        get { winograd?.outputs ?? 0 }
        set { winograd = newValue > 0 ? WinogradTransform(outputs: newValue, taps: kernelSize) : nil }
    }
    /// The forward transform, when `tileSize > 0`.
    private(set) var winograd: WinogradTransform?
    /// Whether `forward` records each window's argmax for `backward` (false in inference plans).
    private(set) var keepsArgmax = true

    /// What `backward` needs.
    public struct Cache: Sendable {
        /// The input `[N, L, C]`.
        public var input: Tensor
        /// The output `[N, Lp, F]` (after the activation).
        public var output: Tensor
        /// The forward pass's workspace: per output element (`N·Lp·F`), the convolution position of the
        /// window's maximum, and the backward pass's scratch.
        let workspace: Workspace
    }

    /// The fused pair, or nil when it does not apply (stride ≠ 1, `.same` padding, a pool whose stride
    /// differs from its size, or an activation that is not monotonic non-decreasing).
    public init?(conv: Conv1D, pool: MaxPooling1D, workers: Int) {
        guard conv.stride == 1, conv.padding == .valid, pool.stride == pool.poolSize, workers >= 1,
            EmbeddingConvolutionPool.isMonotonic(conv.activation)
        else { return nil }
        kernelSize = conv.kernelSize
        inputChannels = conv.inputChannels
        filters = conv.filters
        poolSize = pool.poolSize
        activation = conv.activation
        self.workers = workers
        winograd =
            kernelSize <= Self.winogradTaps ? WinogradTransform(outputs: Self.defaultTileSize, taps: kernelSize) : nil
    }

    /// Winograd outputs per tile by default: F(4, 5) needs 8 points (decision 0073).
    static let defaultTileSize = 4
    /// Winograd outputs per tile in inference plans: F(6, 5) needs 10 points, 1.67 multiplications per
    /// output instead of 2, at 5.6× F(4, 5)'s float32 error (decision 0086).
    static let inferenceTileSize = 6
    /// The longest kernel Winograd is used for (longer ones use the direct GEMM).
    static let winogradTaps = 5

    /// Prepares the kernel for plans that never run `backward`: a Winograd kernel switches to
    /// `inferenceTileSize` outputs per tile with paired transforms (decision 0147; a direct-GEMM kernel stays
    /// direct), and `forward` keeps no argmax (the pool keeps only each window's maximum, the same value).
    mutating func prepareForInference() {
        if winograd != nil {
            winograd = WinogradTransform(outputs: Self.inferenceTileSize, taps: kernelSize, paired: true)
        }
        keepsArgmax = false
    }

    /// GEMM floating-point operations of one forward pass over `[N, L, C]` (multiply-add = 2): the direct
    /// `2·N·Lc·K·C·F`, or with Winograd tiles `2·N·⌊Lc/m⌋·α·C·F` (transforms not counted).
    public func forwardFlops(batch n: Int, length l: Int) -> Double {
        let lc = Double(l - kernelSize + 1)
        let (c, f) = (Double(inputChannels), Double(filters))
        guard let winograd else { return 2 * Double(n) * lc * Double(kernelSize) * c * f }
        return 2 * Double(n) * (lc / Double(winograd.outputs)).rounded(.down) * Double(winograd.inputs) * c * f
    }

    /// `[N, Lp, F]` for `[N, L, C]`.
    /// - Throws: `LayerError` for a wrong rank or channel count, or an input too short for kernel and pool.
    public func outputShape(for inputShape: Shape) throws(LayerError) -> Shape {
        guard inputShape.rank == 3, inputShape[2] == inputChannels else {
            throw LayerError(
                "Conv1D expected input of shape [batch, length, \(inputChannels)]. Received: shape \(inputShape)")
        }
        guard inputShape[1] >= kernelSize else {
            throw LayerError(
                "Conv1D expected an input length ≥ kernelSize \(kernelSize) with valid padding. Received: shape \(inputShape)"
            )
        }
        let convolved = inputShape[1] - kernelSize + 1
        guard convolved >= poolSize else {
            throw LayerError(
                "MaxPooling1D expected an input length ≥ poolSize \(poolSize). Received: shape [\(inputShape[0]), \(convolved), \(filters)]"
            )
        }
        return [inputShape[0], convolved / poolSize, filters]
    }

    /// Convolves, pools, activates.
    /// - Parameters:
    ///   - input: `[N, L, C]`.
    ///   - weight: `[K, C, F]` (Keras layout).
    ///   - bias: `[F]` or nil.
    ///   - workspace: Scratch memory reused across calls (the plan's; a new one by default). The cache
    ///     keeps it until `backward`.
    /// - Precondition: `outputShape(for: input.shape)` does not throw; weight and bias shapes match.
    public func forward(_ input: Tensor, weight: Tensor, bias: Tensor?) -> (output: Tensor, cache: Cache) {
        var output = Tensor(zeros: [0])
        let cache = forward(input, weight: weight, bias: bias, workspace: Workspace(), into: &output)
        return (output, cache)
    }

    /// `forward` with the plan's workspace, writing the output into `output` (whose storage is reused when
    /// it has the right size and is not shared).
    func forward(_ input: Tensor, weight: Tensor, bias: Tensor?, workspace: Workspace, into output: inout Tensor)
        -> Cache
    {
        let shape = require { () throws(LayerError) in try outputShape(for: input.shape) }
        let (n, l, c, k, f) = (input.shape[0], input.shape[1], inputChannels, kernelSize, filters)
        precondition(
            weight.shape == [k, c, f],
            "ConvolutionPool expected a kernel of shape \([k, c, f]). Received: shape \(weight.shape)")
        let geometry = Geometry(length: l, channels: c, kernelSize: k, filters: f, poolSize: poolSize, pooled: shape[1])
        let workers = min(self.workers, n)
        let scratch = ForwardScratch(workspace, geometry: geometry, winograd: winograd, workers: workers)
        let biasRow = workspace.buffer(Slot.bias.rawValue, f, of: Float.self)
        if let bias {
            bias.scalars.withUnsafeBufferPointer { biasRow.update(from: $0.baseAddress!, count: f) }
        } else {
            biasRow.update(repeating: 0, count: f)
        }
        let argmax =
            keepsArgmax ? workspace.buffer(Slot.argmax.rawValue, n * geometry.pooledSize, of: Int32.self) : nil
        // Documents split by work: a document costs its windows outside a leading run of equal rows, plus one.
        let constants = workspace.buffer(Slot.constantWindows.rawValue, max(1, n), of: Int.self)
        input.scalars.withUnsafeBufferPointer { x in
            // In parallel: each document's comparison reads its leading rows (a quarter of a padded batch's
            // input), which on the calling thread alone was 2 % of an inference call's wall time.
            parallelFor(
                n, workers: workers,
                ConstantWindowsShare(input: x.baseAddress!, geometry: geometry, into: constants))
        }
        // Documents go to the workers one at a time, costliest first (a document costs its windows outside
        // the leading run, plus one): no worker waits while another finishes a fixed range.
        let order = workspace.buffer(Slot.documentOrder.rawValue, max(1, n), of: Int.self)
        costliestFirst(count: n, into: order, costs: workspace.buffer(Slot.documentCosts.rawValue, max(1, n))) {
            geometry.pooled + 1 - constants[$0]
        }
        workspace.claims.reset()
        weight.scalars.withUnsafeBufferPointer { w in
            if let winograd { winograd.transformKernel(w.baseAddress!, channels: c, filters: f, into: scratch.kernel) }
        }
        output.reshapeForOverwrite(shape)
        output.scalars.withUnsafeMutableBufferPointer { o in
            input.scalars.withUnsafeBufferPointer { x in
                weight.scalars.withUnsafeBufferPointer { w in
                    let share = ForwardShare(
                        stage: self, order: order, documents: n, claims: workspace.claims, constants: constants,
                        input: x.baseAddress!, weight: w.baseAddress!, bias: biasRow, output: o.baseAddress!,
                        argmax: argmax, geometry: geometry, scratch: scratch)
                    parallelFor(workers, workers: workers, share)
                }
            }
        }
        return Cache(input: input, output: output, workspace: workspace)
    }

    /// Document `doc`'s `constantWindows` into `constants[doc]`.
    private struct ConstantWindowsShare: ParallelLoopBody {
        let input: UnsafePointer<Float>
        let geometry: Geometry
        let constants: UnsafeMutablePointer<Int>

        init(input: UnsafePointer<Float>, geometry: Geometry, into constants: UnsafeMutablePointer<Int>) {
            (self.input, self.geometry, self.constants) = (input, geometry, constants)
        }

        func run(_ doc: Int) {
            let g = geometry
            constants[doc] = ConvolutionPool.constantWindows(
                input + doc * g.length * g.channels, length: g.length, channels: g.channels,
                kernelSize: g.kernelSize, poolSize: g.poolSize, pooledLength: g.pooled)
        }
    }

    /// One worker's part of `forward`: documents claimed one at a time, with the worker's own scratch.
    private struct ForwardShare: ParallelLoopBody {
        let stage: ConvolutionPool
        /// Documents costliest first, and how many.
        let order: UnsafePointer<Int>
        let documents: Int
        let claims: ItemClaims
        /// Each document's `constantWindows`.
        let constants: UnsafePointer<Int>
        let input: UnsafePointer<Float>
        let weight: UnsafePointer<Float>
        let bias: UnsafePointer<Float>
        let output: UnsafeMutablePointer<Float>
        let argmax: UnsafeMutablePointer<Int32>?
        let geometry: Geometry
        let scratch: ForwardScratch

        func run(_ worker: Int) {
            let (l, c, size) = (geometry.length, geometry.channels, geometry.pooledSize)
            while let item = claims.next(below: documents) {
                let doc = order[item]
                stage.forwardDocument(
                    input + doc * l * c, constantWindows: constants[doc], weight: weight, bias: bias,
                    out: output + doc * size, argmax: argmax.map { $0 + doc * size }, geometry: geometry,
                    scratch: scratch.worker(worker))
            }
        }
    }

    /// The sizes one document's passes use.
    struct Geometry {
        let length: Int
        let channels: Int
        let kernelSize: Int
        let filters: Int
        let poolSize: Int
        let pooled: Int
        /// `Lc`.
        var convolved: Int { length - kernelSize + 1 }
        /// `Lp·F`.
        var pooledSize: Int { pooled * filters }
        /// `K·C`.
        var columns: Int { kernelSize * channels }
    }

    /// Regions of a `ConvolutionPool`'s workspace.
    enum Slot: Int {
        case bias, argmax, kernel, forwardFloats, transposed, partialWeights, partialBias, backwardFloats
        case backwardInts, constantWindows, documentOrder, documentCosts
    }

    /// One worker's forward scratch: the convolution rows `z` (`Lc × F`), the im2col chunk and the Winograd
    /// buffers, and the shared transformed kernel.
    struct ForwardScratch {
        let kernel: UnsafeMutablePointer<Float>
        private let floats: UnsafeMutablePointer<Float>
        private let perWorker: Int
        private let convolved: Int
        private let columnsSize: Int

        init(_ workspace: Workspace, geometry g: Geometry, winograd: WinogradTransform?, workers: Int) {
            let alpha = winograd?.inputs ?? 0
            convolved = g.convolved * g.filters
            columnsSize = ConvolutionPool.chunk * g.columns
            perWorker = convolved + columnsSize + alpha * ConvolutionPool.tileChunk * (g.channels + g.filters)
            floats = workspace.buffer(Slot.forwardFloats.rawValue, workers * perWorker, of: Float.self)
            kernel = workspace.buffer(Slot.kernel.rawValue, max(1, alpha * g.channels * g.filters), of: Float.self)
        }

        /// Worker `w`'s rows, im2col columns and Winograd buffers.
        func worker(_ w: Int) -> (
            z: UnsafeMutablePointer<Float>, columns: UnsafeMutablePointer<Float>,
            tiles: UnsafeMutablePointer<Float>, kernel: UnsafePointer<Float>
        ) {
            let base = floats + w * perWorker
            return (base, base + convolved, base + convolved + columnsSize, UnsafePointer(kernel))
        }
    }

    /// One document: the rows the pool reads (Winograd tiles, then direct GEMM chunks for the rest and for
    /// the shared first row of a leading run of equal rows), the first maximum of each window and its row,
    /// then the activation on the maxima.
    private func forwardDocument(
        _ x: UnsafePointer<Float>, constantWindows constant: Int, weight: UnsafePointer<Float>,
        bias: UnsafePointer<Float>, out: UnsafeMutablePointer<Float>, argmax: UnsafeMutablePointer<Int32>?,
        geometry g: Geometry,
        scratch: (
            z: UnsafeMutablePointer<Float>, columns: UnsafeMutablePointer<Float>, tiles: UnsafeMutablePointer<Float>,
            kernel: UnsafePointer<Float>
        )
    ) {
        let (c, k, f, p, lp) = (g.channels, g.kernelSize, g.filters, g.poolSize, g.pooled)
        // Leading rows equal to the first (padding in inference) give equal windows: compute row 0 once
        // and skip their rows. Only the Lp·P rows the pool reads are computed.
        let firstRow = constant * p
        let needed = lp * p
        var next = firstRow
        if let winograd {
            let m = winograd.outputs
            let tiles = (needed - firstRow) / m
            var tile = 0
            while tile < tiles {
                let count = min(Self.tileChunk, tiles - tile)
                let start = firstRow + tile * m
                Self.winogradRows(
                    winograd, input: x + start * c, tiles: count, channels: c, filters: f, kernel: scratch.kernel,
                    bias: bias, buffers: scratch.tiles, into: scratch.z + start * f)
                tile += count
            }
            next = firstRow + tiles * m
        }
        if constant > 0 { directRows(0..<1, x, weight: weight, bias: bias, geometry: g, scratch: scratch) }
        var start = next
        while start < needed {
            let rows = start..<min(needed, start + Self.chunk)
            directRows(rows, x, weight: weight, bias: bias, geometry: g, scratch: scratch)
            start = rows.upperBound
        }
        if winograd != nil {
            Self.equalizeRepeatedWindows(
                scratch.z, input: x, channels: c, kernelSize: k, filters: f, poolSize: p, windows: constant..<lp)
        }
        Self.pool(
            scratch.z, out: out, argmax: argmax, filters: f, poolSize: p, pooledLength: lp, constantWindows: constant)
        activation.applyInPlace(out, count: lp * f)
    }

    /// `z[t] = b + [x[t], …, x[t+K−1]] · W` for the rows `rows` (at most `chunk`), one GEMM with `K·C`
    /// inner products over the rows copied side by side (im2col).
    private func directRows(
        _ rows: Range<Int>, _ x: UnsafePointer<Float>, weight: UnsafePointer<Float>, bias: UnsafePointer<Float>,
        geometry g: Geometry,
        scratch: (
            z: UnsafeMutablePointer<Float>, columns: UnsafeMutablePointer<Float>, tiles: UnsafeMutablePointer<Float>,
            kernel: UnsafePointer<Float>
        )
    ) {
        let (c, f, kc) = (g.channels, g.filters, g.columns)
        for r in 0..<rows.count {
            (scratch.z + (rows.lowerBound + r) * f).update(from: bias, count: f)
            (scratch.columns + r * kc).update(from: x + (rows.lowerBound + r) * c, count: kc)
        }
        BLAS.gemm(
            m: rows.count, n: f, k: kc, a: UnsafeBufferPointer(start: scratch.columns, count: rows.count * kc), lda: kc,
            b: UnsafeBufferPointer(start: weight, count: kc * f), ldb: f, beta: 1,
            c: UnsafeMutableBufferPointer(start: scratch.z + rows.lowerBound * f, count: rows.count * f), ldc: f)
    }

    /// Adds `dW` into `weightGradient` (`[K, C, F]`) and `db` into `biasGradient`; returns dLoss/dInput `[N, L, C]`.
    ///
    /// Each pooled gradient reaches one convolution row per channel (its window's argmax), so the
    /// gradient of the convolution output is 1/P dense and the backward GEMMs of the layer-by-layer path
    /// would multiply zeros 4 times in 5. Instead, with `g` the pooled gradient after the activation's
    /// derivative and `t` the argmax of window `j`, channel `f`:
    /// - `dW[·, ·, f] += Σⱼ g[j, f] · x[t … t+K−1]` (the `K·C` inputs the maximum read), accumulated in
    ///   registers 32 columns at a time;
    /// - `dX[t … t+K−1] += Σ_f g[j, f] · W[·, ·, f]`, summed per window over the channels whose maximum
    ///   sits at the same offset, then added once.
    /// `2·N·Lp·F·K·C` multiply-adds instead of `4·N·Lp·P·F·K·C` (decision record 0067).
    /// - Precondition: `outputGradient` has the output's shape.
    public func backward(
        _ outputGradient: Tensor, cache: Cache, weight: Tensor, weightGradient: inout Tensor,
        biasGradient: inout Tensor?
    )
        -> Tensor
    {
        var inputGradient = Tensor(zeros: [0])
        var gradient = outputGradient
        backward(
            consuming: &gradient, cache: cache, weight: weight, weightGradient: &weightGradient,
            biasGradient: &biasGradient, inputGradient: &inputGradient)
        return inputGradient
    }

    /// `backward` writing dLoss/dInput into `inputGradient` (whose storage is reused when it has the input's
    /// size and is not shared) and turning `outputGradient` into the gradient after the activation's
    /// derivative in place (no copy when its storage is not shared, as for the gradient the plan hands over;
    /// decision 0092).
    func backward(
        consuming outputGradient: inout Tensor, cache: Cache, weight: Tensor, weightGradient: inout Tensor,
        biasGradient: inout Tensor?, inputGradient: inout Tensor
    ) {
        let (n, l) = (cache.input.shape[0], cache.input.shape[1])
        let g = Geometry(
            length: l, channels: inputChannels, kernelSize: kernelSize, filters: filters, poolSize: poolSize,
            pooled: cache.output.shape[1])
        let (f, kc) = (g.filters, g.columns)
        precondition(
            outputGradient.shape == cache.output.shape,
            "ConvolutionPool.backward expected an output gradient of shape \(cache.output.shape). Received: shape \(outputGradient.shape)"
        )
        precondition(keepsArgmax, "ConvolutionPool.backward: this kernel was prepared for inference and kept no argmax")
        let workspace = cache.workspace
        let ranges = EmbeddingConvolutionPool.split(n, into: workers)
        let workerCount = ranges.count
        // Wᵀ: row f holds the K·C weights of filter f, contiguous.
        let transposed = workspace.buffer(Slot.transposed.rawValue, f * kc, of: Float.self)
        weight.scalars.withUnsafeBufferPointer { w in
            for i in 0..<kc { for ch in 0..<f { transposed[ch * kc + i] = w[i * f + ch] } }
        }
        let partialWeights = workspace.zeros(Slot.partialWeights.rawValue, workerCount * f * kc)  // [F, K·C] each
        let partialBias = workspace.zeros(Slot.partialBias.rawValue, workerCount * f)
        let scratch = BackwardScratch(workspace, geometry: g, workers: workerCount)
        let argmax = UnsafePointer(workspace.buffer(Slot.argmax.rawValue, n * g.pooledSize, of: Int32.self))
        // g = dY · act′ for the whole batch, in place, in one pass before the workers.
        outputGradient.scalars.withUnsafeMutableBufferPointer { dY in
            cache.output.scalars.withUnsafeBufferPointer {
                activation.backwardInPlace(dY.baseAddress!, output: $0.baseAddress!, count: n * g.pooledSize)
            }
        }
        inputGradient.reshapeForOverwrite(cache.input.shape)
        let gradient = outputGradient
        gradient.scalars.withUnsafeBufferPointer { gp in
            inputGradient.scalars.withUnsafeMutableBufferPointer { dx in
                dx.update(repeating: 0)  // rows no maximum reads get no gradient
                cache.input.scalars.withUnsafeBufferPointer { x in
                    parallelFor(
                        workerCount,
                        BackwardShare(
                            stage: self, documents: ranges, input: x.baseAddress!, gradient: gp.baseAddress!,
                            argmax: argmax, transposedWeight: transposed, geometry: g, scratch: scratch,
                            partialWeights: partialWeights, partialBias: partialBias, inputGradient: dx.baseAddress!))
                }
            }
        }
        weightGradient.scalars.withUnsafeMutableBufferPointer { dW in
            for worker in 0..<workerCount {
                let partial = partialWeights + worker * f * kc
                for i in 0..<kc { for ch in 0..<f { dW[i * f + ch] += partial[ch * kc + i] } }
            }
        }
        if biasGradient != nil {
            for worker in 0..<workerCount {
                for ch in 0..<f { biasGradient!.scalars[ch] += partialBias[worker * f + ch] }
            }
        }
    }

    /// One worker's documents of `backward`, summing its weight and bias gradients into its own partials.
    private struct BackwardShare: ParallelLoopBody {
        let stage: ConvolutionPool
        let documents: EvenSplit
        let input: UnsafePointer<Float>
        let gradient: UnsafePointer<Float>
        let argmax: UnsafePointer<Int32>
        let transposedWeight: UnsafePointer<Float>
        let geometry: Geometry
        let scratch: BackwardScratch
        /// `[workers][F, K·C]`.
        let partialWeights: UnsafeMutablePointer<Float>
        /// `[workers][F]`.
        let partialBias: UnsafeMutablePointer<Float>
        let inputGradient: UnsafeMutablePointer<Float>

        func run(_ worker: Int) {
            let (lc, size, fkc, f) = (
                geometry.length * geometry.channels, geometry.pooledSize, geometry.filters * geometry.columns,
                geometry.filters
            )
            for doc in documents[worker] {
                stage.backwardDocument(
                    input: input + doc * lc, gradient: gradient + doc * size, argmax: argmax + doc * size,
                    transposedWeight: transposedWeight, geometry: geometry, scratch: scratch.worker(worker),
                    weightGradient: partialWeights + worker * fkc, biasGradient: partialBias + worker * f,
                    inputGradient: inputGradient + doc * lc)
            }
        }
    }

    /// One worker's backward scratch: per document, g and t by channel (`[F, Lp]`), and per window the
    /// channels grouped by the offset of their maximum.
    struct BackwardScratch {
        private let floats: UnsafeMutablePointer<Float>
        private let ints: UnsafeMutablePointer<Int32>
        private let size: Int
        private let groupSize: Int

        init(_ workspace: Workspace, geometry g: Geometry, workers: Int) {
            size = g.pooledSize
            groupSize = g.pooled * (g.poolSize + 1)
            floats = workspace.buffer(Slot.backwardFloats.rawValue, workers * size, of: Float.self)
            ints = workspace.buffer(Slot.backwardInts.rawValue, workers * (2 * size + groupSize), of: Int32.self)
        }

        /// Worker `w`'s gradient and position by channel, channel order and group starts.
        func worker(_ w: Int) -> (
            gByChannel: UnsafeMutablePointer<Float>, tByChannel: UnsafeMutablePointer<Int32>,
            order: UnsafeMutablePointer<Int32>, groupStart: UnsafeMutablePointer<Int32>
        ) {
            let i = ints + w * (2 * size + groupSize)
            return (floats + w * size, i, i + size, i + 2 * size)
        }
    }

    /// One document's backward pass from its pooled gradient `gradient` (after the activation's
    /// derivative): the bias gradient, the channel-major grouping, then the sparse weight- and
    /// input-gradient accumulations.
    private func backwardDocument(
        input x: UnsafePointer<Float>, gradient: UnsafePointer<Float>, argmax: UnsafePointer<Int32>,
        transposedWeight: UnsafePointer<Float>, geometry g: Geometry,
        scratch s: (
            gByChannel: UnsafeMutablePointer<Float>, tByChannel: UnsafeMutablePointer<Int32>,
            order: UnsafeMutablePointer<Int32>, groupStart: UnsafeMutablePointer<Int32>
        ),
        weightGradient dW: UnsafeMutablePointer<Float>, biasGradient db: UnsafeMutablePointer<Float>,
        inputGradient dx: UnsafeMutablePointer<Float>
    ) {
        let (c, f, p, lp, kc) = (g.channels, g.filters, g.poolSize, g.pooled, g.columns)
        for j in 0..<lp { for ch in 0..<f { db[ch] += gradient[j * f + ch] } }
        Self.group(
            gradient, argmax: argmax, filters: f, poolSize: p, pooledLength: lp, gByChannel: s.gByChannel,
            tByChannel: s.tByChannel, order: s.order, groupStart: s.groupStart)
        Self.accumulateWeightGradient(
            input: x, channels: c, columns: kc, filters: f, pooledLength: lp, gByChannel: s.gByChannel,
            tByChannel: s.tByChannel, into: dW)
        Self.accumulateInputGradient(
            gradient, transposedWeight: transposedWeight, columns: kc, channels: c, filters: f, poolSize: p,
            pooledLength: lp, order: s.order, groupStart: s.groupStart, into: dx)
    }

    /// Transposes one document's pooled gradient and argmax to channel-major (`gByChannel`,
    /// `tByChannel`, `[F, Lp]`) and lists, per window `j`, its channels grouped by the offset `a` of
    /// their maximum: `order[j·F + groupStart[j·(P+1) + a] ..< …(a+1)]`.
    static func group(
        _ gp: UnsafePointer<Float>, argmax: UnsafePointer<Int32>, filters f: Int, poolSize p: Int, pooledLength lp: Int,
        gByChannel: UnsafeMutablePointer<Float>, tByChannel: UnsafeMutablePointer<Int32>,
        order: UnsafeMutablePointer<Int32>,
        groupStart: UnsafeMutablePointer<Int32>
    ) {
        for j in 0..<lp {
            let starts = groupStart + j * (p + 1)
            for a in 0...p { starts[a] = 0 }
            for ch in 0..<f {
                let t = argmax[j * f + ch]
                gByChannel[ch * lp + j] = gp[j * f + ch]
                tByChannel[ch * lp + j] = t
                starts[Int(t) - j * p + 1] += 1
            }
            for a in 0..<p { starts[a + 1] += starts[a] }
            for ch in 0..<f {
                let a = Int(argmax[j * f + ch]) - j * p
                order[j * f + Int(starts[a])] = Int32(ch)
                starts[a] += 1
            }
            // The fill above advanced each start to the next group's start; shift back.
            for a in stride(from: p, to: 0, by: -1) { starts[a] = starts[a - 1] }
            starts[0] = 0
        }
    }

    /// `dW[f] += Σⱼ g[f, j] · x[t[f, j] ·C ..< t[f, j]·C + K·C]` with `dW` stored `[F, K·C]`. Windows are
    /// taken `windowBlock` at a time so the input rows they read stay in the L1 cache while every
    /// channel's accumulators run over them in registers: 64 columns at a time (four independent sums, so
    /// the additions are not one dependent chain on wide vectors), then 16, then one.
    static func accumulateWeightGradient(
        input x: UnsafePointer<Float>, channels c: Int, columns kc: Int, filters f: Int, pooledLength lp: Int,
        gByChannel: UnsafePointer<Float>, tByChannel: UnsafePointer<Int32>, into dW: UnsafeMutablePointer<Float>
    ) {
        var blockStart = 0
        while blockStart < lp {
            let windows = blockStart..<min(lp, blockStart + windowBlock)
            for ch in 0..<f {
                let g = gByChannel + ch * lp
                let t = tByChannel + ch * lp
                let target = dW + ch * kc
                var column = 0
                while column + 64 <= kc {
                    weightGradient64(x + column, channels: c, g: g, t: t, windows: windows, into: target + column)
                    column += 64
                }
                while column + 16 <= kc {
                    var a0 = vectorLoad(target + column)
                    for j in windows { a0 += SIMD16<Float>(repeating: g[j]) * vectorLoad(x + column + Int(t[j]) * c) }
                    vectorStore(a0, target + column)
                    column += 16
                }
                while column < kc {
                    var sum = target[column]
                    for j in windows { sum += g[j] * x[Int(t[j]) * c + column] }
                    target[column] = sum
                    column += 1
                }
            }
            blockStart = windows.upperBound
        }
    }

    /// 64 columns of one channel's `accumulateWeightGradient` over `windows`: `x` points at the first column.
    @inline(__always)
    private static func weightGradient64(
        _ x: UnsafePointer<Float>, channels c: Int, g: UnsafePointer<Float>, t: UnsafePointer<Int32>,
        windows: Range<Int>, into target: UnsafeMutablePointer<Float>
    ) {
        var a0 = vectorLoad(target)
        var a1 = vectorLoad(target + 16)
        var a2 = vectorLoad(target + 32)
        var a3 = vectorLoad(target + 48)
        for j in windows {
            let row = x + Int(t[j]) * c
            let scale = SIMD16<Float>(repeating: g[j])
            a0 += scale * vectorLoad(row)
            a1 += scale * vectorLoad(row + 16)
            a2 += scale * vectorLoad(row + 32)
            a3 += scale * vectorLoad(row + 48)
        }
        vectorStore(a0, target)
        vectorStore(a1, target + 16)
        vectorStore(a2, target + 32)
        vectorStore(a3, target + 48)
    }

    /// Windows per block of the sparse gradients: 4 windows of P = 5 read 24 rows of 128 floats (12 KB).
    static let windowBlock = 4

    /// `dX[t ..< t+K] += Σ_f g[j, f] · Wᵀ[f]` for every window `j`, grouped by the offset of the maximum
    /// so each offset's sum is formed in registers (64 columns at a time: four independent sums, then 16,
    /// then one) and added once. Windows are taken `windowBlock` at a time so the rows of `dX` they write
    /// stay in the L1 cache.
    static func accumulateInputGradient(
        _ gp: UnsafePointer<Float>, transposedWeight wt: UnsafePointer<Float>, columns kc: Int, channels c: Int,
        filters f: Int,
        poolSize p: Int, pooledLength lp: Int, order: UnsafePointer<Int32>, groupStart: UnsafePointer<Int32>,
        into dx: UnsafeMutablePointer<Float>
    ) {
        var blockStart = 0
        while blockStart < lp {
            let blockEnd = min(lp, blockStart + windowBlock)
            var column = 0
            while column < kc {
                let width = kc - column >= 64 ? 64 : (kc - column >= 16 ? 16 : 1)
                for j in blockStart..<blockEnd {
                    let g = gp + j * f
                    let channels = order + j * f
                    let starts = groupStart + j * (p + 1)
                    for a in 0..<p {
                        let group = Int(starts[a])..<Int(starts[a + 1])
                        if group.isEmpty { continue }
                        let target = dx + (j * p + a) * c + column
                        switch width {
                        case 64:
                            inputGradient64(
                                wt + column, columns: kc, g: g, channels: channels, group: group, into: target)
                        case 16:
                            var a0 = SIMD16<Float>(repeating: 0)
                            for i in group {
                                let ch = Int(channels[i])
                                a0 += SIMD16<Float>(repeating: g[ch]) * vectorLoad(wt + ch * kc + column)
                            }
                            vectorStore(vectorLoad(target) + a0, target)
                        default:
                            var sum: Float = 0
                            for i in group {
                                let ch = Int(channels[i])
                                sum += g[ch] * wt[ch * kc + column]
                            }
                            target[0] += sum
                        }
                    }
                }
                column += width
            }
            blockStart = blockEnd
        }
    }

    /// 64 columns of one window offset's `accumulateInputGradient`: the group's channels' rows of `Wᵀ`
    /// (`wt` points at the first column) scaled by their gradients, summed, added into `target`.
    @inline(__always)
    private static func inputGradient64(
        _ wt: UnsafePointer<Float>, columns kc: Int, g: UnsafePointer<Float>, channels: UnsafePointer<Int32>,
        group: Range<Int>, into target: UnsafeMutablePointer<Float>
    ) {
        var a0 = SIMD16<Float>(repeating: 0)
        var a1 = SIMD16<Float>(repeating: 0)
        var a2 = SIMD16<Float>(repeating: 0)
        var a3 = SIMD16<Float>(repeating: 0)
        for i in group {
            let ch = Int(channels[i])
            let row = wt + ch * kc
            let scale = SIMD16<Float>(repeating: g[ch])
            a0 += scale * vectorLoad(row)
            a1 += scale * vectorLoad(row + 16)
            a2 += scale * vectorLoad(row + 32)
            a3 += scale * vectorLoad(row + 48)
        }
        vectorStore(vectorLoad(target) + a0, target)
        vectorStore(vectorLoad(target + 16) + a1, target + 16)
        vectorStore(vectorLoad(target + 32) + a2, target + 32)
        vectorStore(vectorLoad(target + 48) + a3, target + 48)
    }

    /// Tiles per Winograd chunk: `α` input matrices of `tileChunk × C` and `α` products of `tileChunk × F`
    /// (1 MB each for α = 8, C = F = 128). 256 rather than 128: OpenBLAS runs the `256 × 128 × 128`
    /// products at 94 GFLOP/s on one thread against 84 for 128 rows, and an inference call took about 2 %
    /// fewer CPU samples (2026-12-04, decision 0086).
    static let tileChunk = 256

    /// `z[i·m + j] = b + Σₖ x[i·m + j + k]·W[k]` for `tiles` tiles of `m` rows by Winograd's transforms:
    /// input transform, `α` GEMMs `V[ξ] · U[ξ]` (`tiles × C × F`), output transform. `buffers` holds
    /// `α·tileChunk·(C + F)` floats.
    static func winogradRows(
        _ transform: WinogradTransform, input x: UnsafePointer<Float>, tiles: Int, channels c: Int, filters f: Int,
        kernel u: UnsafePointer<Float>, bias: UnsafePointer<Float>, buffers: UnsafeMutablePointer<Float>,
        into z: UnsafeMutablePointer<Float>
    ) {
        let alpha = transform.inputs
        let v = buffers
        let products = buffers + alpha * tileChunk * c
        transform.transformInput(x, tiles: tiles, channels: c, into: v)
        for xi in 0..<alpha {
            BLAS.gemm(
                m: tiles, n: f, k: c, a: UnsafeBufferPointer(start: v + xi * tiles * c, count: tiles * c), lda: c,
                b: UnsafeBufferPointer(start: u + xi * c * f, count: c * f), ldb: f,
                c: UnsafeMutableBufferPointer(start: products + xi * tiles * f, count: tiles * f), ldc: f)
        }
        transform.transformOutput(products, tiles: tiles, filters: f, bias: bias, into: z)
    }

    /// Makes equal convolution windows give bitwise-equal outputs inside each pool window. The direct
    /// GEMM does so by itself (same products in the same order); Winograd's transforms weight a row by
    /// its place in the tile, so equal windows can differ in the last bits and a tie could go to a later
    /// row than the first maximum the layers pick (`MaxPooling1D`, Keras). Rows whose `K·C` inputs equal
    /// an earlier row's of the same pool window get that row's outputs. Most comparisons stop at the
    /// first differing bytes.
    static func equalizeRepeatedWindows(
        _ z: UnsafeMutablePointer<Float>, input x: UnsafePointer<Float>, channels c: Int, kernelSize k: Int,
        filters f: Int,
        poolSize p: Int, windows: Range<Int>
    ) {
        let bytes = k * c * MemoryLayout<Float>.size
        for j in windows {
            for t in (j * p + 1)..<(j * p + p) {
                // The first floats' bits decide most comparisons without a call.
                let first = UnsafeRawPointer(x + t * c).load(as: UInt32.self)
                for s in (j * p)..<t
                where UnsafeRawPointer(x + s * c).load(as: UInt32.self) == first
                    && memcmp(x + s * c, x + t * c, bytes) == 0
                {
                    (z + t * f).update(from: z + s * f, count: f)
                    break
                }
            }
        }
    }

    /// Rows per im2col chunk: `chunk × K·C` floats (640 KB for K·C = 640) stay in the L2 cache.
    static let chunk = 256

    /// First maximum and its row (into `argmax`, unless nil) over each window of `P` rows of `z` (`Lc × F`).
    static func pool(
        _ z: UnsafePointer<Float>, out: UnsafeMutablePointer<Float>, argmax: UnsafeMutablePointer<Int32>?,
        filters f: Int, poolSize p: Int,
        pooledLength lp: Int, constantWindows constant: Int
    ) {
        for j in 0..<constant {
            // Every row of these windows equals row 0: the first position is the maximum.
            (out + j * f).update(from: z, count: f)
            argmax.map { ($0 + j * f).update(repeating: Int32(j * p), count: f) }
        }
        for j in constant..<lp {
            let o = out + j * f
            o.update(from: z + j * p * f, count: f)
            guard let am = argmax.map({ $0 + j * f }) else {
                for t in (j * p + 1)..<max(j * p + 1, j * p + p) { keepMaximum(z + t * f, count: f, best: o) }
                continue
            }
            am.update(repeating: Int32(j * p), count: f)
            for t in (j * p + 1)..<max(j * p + 1, j * p + p) {
                keepFirstMaximum(z + t * f, position: Int32(t), count: f, best: o, argmax: am)
            }
        }
    }

    /// The number of leading pool windows whose convolution windows read only rows bitwise equal to
    /// row 0 of the document `x` (`L × C`); their outputs equal window 0's.
    static func constantWindows(
        _ x: UnsafePointer<Float>, length l: Int, channels c: Int, kernelSize k: Int, poolSize p: Int,
        pooledLength lp: Int
    ) -> Int {
        let span = min(l, lp * p + k - 1)
        var run = 1
        while run < span && memcmp(x + run * c, x, c * MemoryLayout<Float>.size) == 0 { run += 1 }
        return run >= k ? min(lp, (run - k + 1) / p) : 0
    }
}

extension Activation {
    /// `apply` over raw memory (elementwise activations only); ELU through `eluInPlace`, within 2 units in
    /// the last place of the layers' `expm1f` (decision 0091).
    func applyInPlace(_ v: UnsafeMutablePointer<Float>, count: Int) {
        switch self {
        case .linear: return
        case .elu(let alpha):
            eluInPlace(v, count: count, alpha: alpha)
        case .relu:
            for i in 0..<count where v[i] < 0 { v[i] = 0 }
        case .softmax:
            preconditionFailure("Activation.applyInPlace expected an elementwise activation. Received: softmax")
        }
    }

    /// `backward` over raw memory (elementwise activations only): `g ← g · act′` given the outputs `y`.
    func backwardInPlace(_ g: UnsafeMutablePointer<Float>, output y: UnsafePointer<Float>, count: Int) {
        switch self {
        case .linear: return
        case .elu(let alpha):
            for i in 0..<count where y[i] <= 0 { g[i] *= y[i] + alpha }
        case .relu:
            for i in 0..<count where y[i] <= 0 { g[i] = 0 }
        case .softmax:
            preconditionFailure("Activation.backwardInPlace expected an elementwise activation. Received: softmax")
        }
    }
}
