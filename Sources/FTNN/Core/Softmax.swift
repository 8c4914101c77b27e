#if canImport(Glibc)
    import Glibc
#elseif canImport(Darwin)
    import Darwin
#endif

/// The softmax of FinText, in one place: every softmax, log-softmax and predicted-class choice of the
/// library goes through it (decision 0172).
///
/// Three precisions, each kept where its callers need it and its results are pinned by golden files and
/// bit-identical runs:
/// - `normalizeRows` works in `Float` in place: the `Softmax` layer and the model's probabilities, as Keras.
/// - `lossLogSumExp` takes the maximum in `Float` and sums `expf` terms in `Double`: the training loss.
/// - `probabilities(_:)` and `logProbability(_:of:)` work in `Double` throughout, for explanations,
///   whose finite-difference and occlusion scores need the precision.
public enum Softmax {
    /// Replaces each row of `width` consecutive scalars by its softmax (the row maximum is subtracted
    /// first, so large logits do not overflow).
    /// - Complexity: O(count).
    public static func normalizeRows(_ values: UnsafeMutableBufferPointer<Float>, width: Int) {
        guard width > 0 else { return }
        for r in 0..<(values.count / width) {
            let base = r * width
            var maximum = -Float.infinity
            for j in 0..<width { maximum = max(maximum, values[base + j]) }
            var total: Float = 0
            for j in 0..<width {
                let e = expf(values[base + j] - maximum)
                values[base + j] = e
                total += e
            }
            for j in 0..<width { values[base + j] /= total }
        }
    }

    /// `log Σ exp(z)` of one row of logits, as the loss computes it: `m + log Σ exp(z − m)` with `m` the
    /// row maximum, each `exp` in `Float`, the sum in `Double`. `exp(z_j − lse)` is then the probability of
    /// class `j`.
    public static func lossLogSumExp(_ row: UnsafeBufferPointer<Float>) -> Double {
        var m = -Float.infinity
        for z in row { m = max(m, z) }
        var sum = 0.0
        for z in row { sum += Double(expf(z - m)) }
        return Double(m) + log(sum)
    }

    /// Softmax probabilities of float logits, computed in `Double`.
    public static func probabilities(_ logits: [Float]) -> [Double] {
        let (shifted, sum) = shiftedExponentials(logits)
        return shifted.map { $0 / sum }
    }

    /// `log p_label` of float logits, computed in `Double` as `(z_label − m) − log Σ exp(z − m)`, which
    /// keeps its precision when `p_label` is close to 0 or 1.
    /// - Precondition: `label` indexes `logits`.
    public static func logProbability(_ logits: [Float], of label: Int) -> Double {
        precondition(
            logits.indices.contains(label),
            "Softmax.logProbability expected a label in 0..<\(logits.count). Received: \(label)")
        let m = Double(logits.max() ?? 0)
        let (_, sum) = shiftedExponentials(logits)
        return Double(logits[label]) - m - log(sum)
    }

    /// `exp(z − m)` for each logit (`m` the maximum) and their sum, in `Double`.
    private static func shiftedExponentials(_ logits: [Float]) -> (values: [Double], sum: Double) {
        let z = logits.map(Double.init)
        let m = z.max() ?? 0
        let e = z.map { exp($0 - m) }
        return (e, e.reduce(0, +))
    }

    /// The predicted class: the index of the largest probability, the lowest index on ties (0 when empty).
    /// - Complexity: O(count).
    public static func predictedClass(_ probabilities: [Double]) -> Int {
        var best = 0
        for j in probabilities.indices.dropFirst() where probabilities[j] > probabilities[best] { best = j }
        return best
    }
}
