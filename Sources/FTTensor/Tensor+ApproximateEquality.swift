/// Approximate comparison, deliberately separate from the exact `==`.
extension Tensor {
    /// True when shapes match and every pair of scalars satisfies
    /// `|a − b| ≤ max(absoluteTolerance, relativeTolerance · max(|a|, |b|))`.
    ///
    /// NaN never equals anything; infinities are equal only to the same infinity.
    public func isApproximatelyEqual(
        to other: Tensor, absoluteTolerance: Float = 0, relativeTolerance: Float = Float.ulpOfOne.squareRoot()
    ) -> Bool {
        guard shape == other.shape else { return false }
        return largestViolation(
            against: other, absoluteTolerance: absoluteTolerance, relativeTolerance: relativeTolerance) == nil
    }

    /// The first index where the tolerance is exceeded, with both values; nil when all are within it.
    /// Useful for test failure messages.
    public func largestViolation(
        against other: Tensor, absoluteTolerance: Float, relativeTolerance: Float
    ) -> (index: Int, value: Float, expected: Float)? {
        precondition(shape == other.shape, "Cannot compare shapes \(shape) and \(other.shape)")
        var worst: (index: Int, value: Float, expected: Float)?
        var worstExcess: Float = 0
        for i in 0..<scalarCount {
            let a = scalars[i]
            let b = other.scalars[i]
            if a == b { continue }
            if a.isNaN || b.isNaN || a.isInfinite || b.isInfinite { return (i, a, b) }
            let allowed = Swift.max(absoluteTolerance, relativeTolerance * Swift.max(abs(a), abs(b)))
            let excess = abs(a - b) - allowed
            if excess > worstExcess {
                worstExcess = excess
                worst = (i, a, b)
            }
        }
        return worst
    }
}
