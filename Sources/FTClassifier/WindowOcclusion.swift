import FTNN
import FTTensor
import Foundation

/// The exact change of `log p_label` when a window of input positions is replaced by zero vectors (as if
/// its words had no word vector), computed incrementally.
///
/// One full forward pass is kept. Occluding a window changes only a few outputs of each leading
/// `Conv1D` (valid padding, stride 1), `MaxPooling1D` and `Dropout` (identity in inference); those are
/// recomputed on short slices, and the remaining layers (Flatten, Dense, …) run in full on the small
/// tensor that results. For the study model one occlusion costs about 5 MFLOP instead of a 4 GFLOP
/// forward pass.
struct WindowOcclusion {
    private let layers: [AnyLayer]
    private let input: Tensor
    /// Output of each of the first `localCount` layers.
    private let activations: [Tensor]
    private let localCount: Int
    private let label: Int
    /// `log p_label` of the unchanged input.
    let baseLogProbability: Double

    /// Runs the forward pass of `model` (a float model) on `input` `[1, L, D]` and keeps what occlusions need.
    init(model: Sequential, input: Tensor, label: Int) {
        precondition(
            input.rank == 3 && input.shape[0] == 1,
            "WindowOcclusion expected an input of shape [1, L, D]. Received: \(input.shape)")
        layers = model.layers
        self.input = input
        self.label = label
        var rng = SeededGenerator(seed: 0)
        var x = input
        var kept: [Tensor] = []
        var count = 0
        for layer in layers {
            guard Self.isLocal(layer) else { break }
            x = layer.forward(x, mode: .inference, using: &rng).output
            kept.append(x)
            count += 1
        }
        activations = kept
        localCount = count
        baseLogProbability = Self.logProbability(Self.tail(layers, from: count, input: x), label: label)
    }

    /// `log p(x) − log p(x with positions start..<start+width zeroed)`: positive when the window supported
    /// the class.
    func drop(start: Int, width: Int) -> Double {
        var range = start..<(start + width)
        var channels = input.shape[2]
        var replacement = [Float](repeating: 0, count: width * channels)
        var rng = SeededGenerator(seed: 0)
        for i in 0..<localCount {
            let base = i == 0 ? input : activations[i - 1]
            let inLength = base.shape[1]
            let outLength = activations[i].shape[1]
            let needed: Range<Int>
            let produced: Range<Int>
            if let conv = layers[i].layer(as: Conv1D.self) {
                let k = conv.kernelSize
                produced = max(0, range.lowerBound - k + 1)..<min(outLength, range.upperBound)
                needed = produced.lowerBound..<(produced.upperBound + k - 1)
            } else if let pool = layers[i].layer(as: MaxPooling1D.self) {
                let p = pool.poolSize
                let s = pool.stride
                let first = max(0, (range.lowerBound - p + s) / s)
                produced = first..<min(outLength, (range.upperBound - 1) / s + 1)
                needed = (produced.lowerBound * s)..<((produced.upperBound - 1) * s + p)
            } else {
                continue  // Dropout in inference: identity
            }
            guard !produced.isEmpty else { return 0 }
            precondition(
                needed.upperBound <= inLength,
                "WindowOcclusion expected a slice inside the input. Received: \(needed) of \(inLength)")
            var slice = [Float](repeating: 0, count: needed.count * channels)
            base.scalars.withUnsafeBufferPointer { b in
                for (r, row) in needed.enumerated() {
                    if range.contains(row) {
                        let offset = (row - range.lowerBound) * channels
                        for c in 0..<channels { slice[r * channels + c] = replacement[offset + c] }
                    } else {
                        for c in 0..<channels { slice[r * channels + c] = b[row * channels + c] }
                    }
                }
            }
            let out = layers[i].forward(
                Tensor(shape: [1, needed.count, channels], scalars: slice), mode: .inference, using: &rng
            ).output
            channels = out.shape[2]
            replacement = out.scalars
            range = produced
        }
        var x = localCount == 0 ? input : activations[localCount - 1]
        let c = x.shape[2]
        for (r, row) in range.enumerated() {
            for j in 0..<c { x.scalars[row * c + j] = replacement[r * c + j] }
        }
        return baseLogProbability - Self.logProbability(Self.tail(layers, from: localCount, input: x), label: label)
    }

    private static func isLocal(_ layer: AnyLayer) -> Bool {
        if let conv = layer.layer(as: Conv1D.self) { return conv.padding == .valid && conv.stride == 1 }
        if let pool = layer.layer(as: MaxPooling1D.self) { return pool.stride >= 1 && pool.poolSize >= pool.stride }
        return layer.kindName == "Dropout"
    }

    private static func tail(_ layers: [AnyLayer], from start: Int, input: Tensor) -> Tensor {
        var rng = SeededGenerator(seed: 0)
        var x = input
        for layer in layers[start...] { x = layer.forward(x, mode: .inference, using: &rng).output }
        return x
    }

    private static func logProbability(_ logits: Tensor, label: Int) -> Double {
        Softmax.logProbability(logits.scalars, of: label)
    }
}
