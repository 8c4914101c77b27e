public import FTTensor

/// The largest relative error between two equal-length float sequences,
/// `|a − b| / max(|a|, |b|, floor)`; the floor keeps near-zero values from dominating.
public func maximumRelativeError(_ a: [Float], _ b: [Float], floor: Double = 1e-6) -> Double {
    precondition(a.count == b.count, "maximumRelativeError: lengths differ (\(a.count) vs \(b.count))")
    var worst = 0.0
    for i in a.indices {
        let x = Double(a[i])
        let y = Double(b[i])
        if x.isNaN || y.isNaN { return .infinity }
        worst = max(worst, abs(x - y) / max(abs(x), abs(y), floor))
    }
    return worst
}

/// The largest relative error between two tensors of the same shape (infinity when shapes differ).
public func maximumRelativeError(_ a: Tensor, _ b: Tensor, floor: Double = 1e-6) -> Double {
    guard a.shape == b.shape else { return .infinity }
    return maximumRelativeError(a.scalars, b.scalars, floor: floor)
}
