import Dispatch
import FTParallel
public import FTTensor

#if canImport(Glibc)
    import Glibc
#elseif canImport(Darwin)
    import Darwin
#endif

/// Inverted dropout (Keras `Dropout(rate)`; Srivastava et al. 2014).
///
/// In `.training` each scalar is kept with probability `1 − rate` and scaled by `1 / (1 − rate)`, so the
/// expected output equals the input. In `.inference` it is the identity.
///
/// The keep mask: `forward` takes one 64-bit draw `key` from the `SeededGenerator` it is given; scalar
/// `i` (row-major) is kept when the 32-bit uniform `uᵢ ≥ round(rate · 2³²)`, where the scalars are cut
/// into chunks of `DropoutMask.chunk` and chunk `c` draws its uniforms from
/// `SeededGenerator(seed: key &+ c · 0x9E3779B97F4A7C15)`, two per `next()` (low half first). The
/// mask therefore depends only on the generator state and the scalar count, never on how many threads
/// fill it (chunks are filled in parallel). Decision record 0066.
///
/// - Input and output shape: any.
/// - Complexity: O(count) time, `count / 8` bytes for the cached mask.
public struct Dropout: ParameterlessLayer {
    /// The fraction of scalars dropped, in `[0, 1)`.
    public let rate: Double

    /// The keep mask, or nil when the layer was the identity.
    public typealias Cache = DropoutMask?

    /// A dropout layer.
    /// - Precondition: `validate(rate:)` does not throw.
    public init(rate: Double) {
        require { () throws(LayerError) in try Self.validate(rate: rate) }
        self.rate = rate
    }

    /// Checks a rate.
    /// - Throws: `LayerError` unless `0 ≤ rate < 1`.
    public static func validate(rate: Double) throws(LayerError) {
        guard rate >= 0 && rate < 1 else { throw LayerError("Dropout expected a rate in [0, 1). Received: \(rate)") }
    }

    /// "Dropout".
    public var kindName: String { "Dropout" }

    /// The input shape.
    public func outputShape(for inputShape: Shape) throws(LayerError) -> Shape { inputShape }

    /// Drops and rescales in training; the identity otherwise (and when `rate` is 0).
    public func forward(_ input: Tensor, mode: Mode, using rng: inout SeededGenerator) -> (
        output: Tensor, cache: DropoutMask?
    ) {
        guard mode == .training && rate > 0 else { return (input, nil) }
        let mask = DropoutMask(count: input.scalarCount, rate: rate, key: rng.next())
        return (Tensor(shape: input.shape, scalars: mask.applied(to: input.scalars)), mask)
    }

    /// `dX = dY ⊙ mask` (or `dY` when the forward pass was the identity).
    public mutating func backward(_ outputGradient: Tensor, cache: DropoutMask?) -> Tensor {
        guard let mask = cache else { return outputGradient }
        precondition(
            mask.count == outputGradient.scalarCount,
            "Dropout.backward expected \(mask.count) gradient scalars. Received: shape \(outputGradient.shape)")
        return Tensor(shape: outputGradient.shape, scalars: mask.applied(to: outputGradient.scalars))
    }
}

/// A dropout keep mask: one bit per scalar and the scale `1 / (1 − rate)` of the kept ones.
public struct DropoutMask: Sendable, Equatable {
    /// Scalars per independently seeded chunk (a multiple of 64).
    public static let chunk = 16_384

    /// The number of scalars the mask covers.
    public private(set) var count: Int
    /// The factor of a kept scalar, `1 / (1 − rate)`.
    public private(set) var scale: Float
    /// Bit `i % 64` of word `i / 64` is set when scalar `i` is kept.
    public private(set) var words: [UInt64]

    /// Draws the mask of `count` scalars for `rate` from `key` (see `Dropout`).
    /// - Precondition: `0 < rate < 1`.
    public init(count: Int, rate: Double, key: UInt64) {
        self.count = 0
        scale = 1
        words = []
        redraw(count: count, rate: rate, key: key)
    }

    /// Draws the mask `init(count:rate:key:)` draws, into this mask's storage: it allocates only when the
    /// storage is shared or smaller than `count` bits need (an `ExecutionPlan` keeps one mask per dropout
    /// stage and redraws it every training step).
    public mutating func redraw(count: Int, rate: Double, key: UInt64) {
        precondition(rate > 0 && rate < 1, "DropoutMask expected a rate in (0, 1). Received: \(rate)")
        self.count = count
        scale = Float(1 / (1 - rate))
        let threshold = UInt32(min((rate * 0x1p32).rounded(), Double(UInt32.max)))
        let wordCount = (count + 63) / 64
        if words.count > wordCount {
            words.removeLast(words.count - wordCount)  // keeps the capacity
        } else if words.count < wordCount {
            words.append(contentsOf: repeatElement(0, count: wordCount - words.count))
        }
        let chunks = (count + Self.chunk - 1) / Self.chunk
        words.withUnsafeMutableBufferPointer { buffer in
            guard let start = buffer.baseAddress else { return }  // no scalars
            parallelFor(chunks, DrawChunk(words: start, wordCount: wordCount, key: key, threshold: threshold))
        }
        // Bits past `count` in the last word are cleared so equal masks compare equal.
        if count % 64 != 0 { words[wordCount - 1] &= (1 << UInt64(count % 64)) - 1 }
    }

    /// Whether scalar `i` is kept.
    public func isKept(_ i: Int) -> Bool { words[i / 64] >> UInt64(i % 64) & 1 == 1 }

    /// The mask as factors (`scale` or 0 per scalar).
    public var factors: [Float] { (0..<count).map { isKept($0) ? scale : 0 } }

    /// `values ⊙ mask`.
    /// - Precondition: `values.count == count`.
    public func applied(to values: [Float]) -> [Float] {
        precondition(values.count == count, "DropoutMask expected \(count) scalars. Received: \(values.count)")
        guard count > 0 else { return [] }
        var out: [Float] = uninitializedArray(count: count)
        values.withUnsafeBufferPointer { x in
            out.withUnsafeMutableBufferPointer { y in apply(x.baseAddress!, into: y.baseAddress!) }
        }
        return out
    }

    /// `output = input ⊙ mask`, written into `output`'s storage when it has `count` scalars and is not
    /// shared (no allocation); `output` takes `input`'s shape.
    /// - Precondition: `input.scalarCount == count`.
    public func apply(to input: Tensor, into output: inout Tensor) {
        precondition(
            input.scalarCount == count, "DropoutMask expected \(count) scalars. Received: shape \(input.shape)")
        output.reshapeForOverwrite(input.shape)
        guard count > 0 else { return }
        input.scalars.withUnsafeBufferPointer { x in
            output.scalars.withUnsafeMutableBufferPointer { y in apply(x.baseAddress!, into: y.baseAddress!) }
        }
    }

    /// `tensor ⊙ mask` in place (copying first only when the storage is shared).
    /// - Precondition: `tensor.scalarCount == count`.
    public func apply(to tensor: inout Tensor) {
        precondition(
            tensor.scalarCount == count, "DropoutMask expected \(count) scalars. Received: shape \(tensor.shape)")
        guard count > 0 else { return }
        tensor.scalars.withUnsafeMutableBufferPointer { y in apply(y.baseAddress!, into: y.baseAddress!) }
    }

    /// `y[i] = x[i] · (kept(i) ? scale : 0)` (`x` and `y` may be the same buffer) for `i < count`, chunks in parallel.
    private func apply(_ xs: UnsafePointer<Float>, into ys: UnsafeMutablePointer<Float>) {
        let (count, scale) = (count, scale)
        let chunks = (count + Self.chunk - 1) / Self.chunk
        words.withUnsafeBufferPointer { m in
            parallelFor(chunks, ApplyChunk(mask: m.baseAddress!, input: xs, output: ys, count: count, scale: scale))
        }
    }

    /// Chunk `c` of `redraw`: words `c·chunk/64 ..< (c+1)·chunk/64` from the chunk's own generator, so the
    /// mask never depends on how chunks are spread over threads.
    private struct DrawChunk: ParallelLoopBody {
        let words: UnsafeMutablePointer<UInt64>
        let wordCount: Int
        let key: UInt64
        /// A draw of 32 bits below it drops the scalar.
        let threshold: UInt32

        func run(_ c: Int) {
            var generator = SeededGenerator(seed: key &+ UInt64(c) &* 0x9E37_79B9_7F4A_7C15)
            let first = c * (DropoutMask.chunk / 64)
            for w in first..<min(wordCount, first + DropoutMask.chunk / 64) {
                var word: UInt64 = 0
                for pair in 0..<32 {
                    let bits = generator.next()
                    let low = UInt64(UInt32(truncatingIfNeeded: bits) >= threshold ? 1 : 0)
                    let high = UInt64(UInt32(truncatingIfNeeded: bits >> 32) >= threshold ? 1 : 0)
                    word |= (low | high << 1) << UInt64(2 * pair)
                }
                words[w] = word
            }
        }
    }

    /// Chunk `c` of `apply`: `output[i] = input[i] · (kept(i) ? scale : 0)` for its `chunk` scalars.
    private struct ApplyChunk: ParallelLoopBody {
        let mask: UnsafePointer<UInt64>
        let input: UnsafePointer<Float>
        let output: UnsafeMutablePointer<Float>
        let count: Int
        let scale: Float

        func run(_ c: Int) {
            let end = min(count, (c + 1) * DropoutMask.chunk)
            var i = c * DropoutMask.chunk
            let lanes = SIMD16<Int32>(0, 1, 2, 3, 4, 5, 6, 7, 8, 9, 10, 11, 12, 13, 14, 15)
            let scales = SIMD16<Float>(repeating: scale)
            while i + 16 <= end {
                // 16 mask bits (i is a multiple of 16) to 16 factors: scale or 0.
                let bits = Int32(truncatingIfNeeded: mask[i / 64] >> UInt64(i % 64) & 0xFFFF)
                let kept = SIMD16<Float>((SIMD16<Int32>(repeating: bits) &>> lanes) & 1)
                vectorStore(vectorLoad(input + i) * (kept * scales), output + i)
                i += 16
            }
            while i < end {
                let kept = Float(mask[i / 64] >> UInt64(i % 64) & 1)
                output[i] = input[i] * (kept * scale)
                i += 1
            }
        }
    }
}
