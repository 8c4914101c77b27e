/// Reductions over all scalars or along one axis.
///
/// Sums accumulate in `Double`, so the result does not depend on summation order beyond the final
/// rounding to `Float`.
extension Tensor {
    /// The sum of all scalars.
    public func sum() -> Float {
        var total = 0.0
        scalars.withUnsafeBufferPointer { for x in $0 { total += Double(x) } }
        return Float(total)
    }

    /// The mean of all scalars (NaN for an empty tensor).
    public func mean() -> Float { Float(Double(sum()) / Double(scalarCount)) }

    /// The largest scalar (nil for an empty tensor).
    public func max() -> Float? { scalars.max() }

    /// Splits the shape around `axis` into (outer, axis length, inner) for reduction loops.
    private func around(_ axis: Int) -> (outer: Int, length: Int, inner: Int, reduced: Shape) {
        precondition(axis >= 0 && axis < rank, "Axis \(axis) is out of range for a tensor of rank \(rank)")
        let outer = shape.dimensions[..<axis].reduce(1, *)
        let inner = shape.dimensions[(axis + 1)...].reduce(1, *)
        var reduced = shape.dimensions
        reduced.remove(at: axis)
        return (outer, shape[axis], inner, Shape(reduced))
    }

    /// Sums along `axis`, removing it.
    public func sum(alongAxis axis: Int) -> Tensor {
        let (outer, length, inner, reduced) = around(axis)
        var out = [Double](repeating: 0, count: outer * inner)
        scalars.withUnsafeBufferPointer { s in
            for o in 0..<outer {
                for l in 0..<length {
                    let base = (o * length + l) * inner
                    for i in 0..<inner { out[o * inner + i] += Double(s[base + i]) }
                }
            }
        }
        return Tensor(shape: reduced, scalars: out.map { Float($0) })
    }

    /// Means along `axis`, removing it.
    public func mean(alongAxis axis: Int) -> Tensor {
        let length = Float(shape[axis])
        return sum(alongAxis: axis).map { $0 / length }
    }

    /// Maxima along `axis`, removing it.
    /// - Precondition: the axis is not empty.
    public func max(alongAxis axis: Int) -> Tensor {
        let (values, _) = maxAndArgmax(alongAxis: axis)
        return values
    }

    /// Positions of the maxima along `axis` (the first one on ties), with the axis removed, row-major.
    public func argmax(alongAxis axis: Int) -> [Int] {
        maxAndArgmax(alongAxis: axis).indices
    }

    /// The position of the largest scalar of row `row` of a `[rows, columns]` tensor (the first one on ties, as
    /// `argmax(alongAxis: 1)`; NaN only when the whole row is NaN), without allocating. O(columns).
    /// - Precondition: the tensor has rank 2 and at least one column; `row` is in `0..<rows`.
    public func argmax(ofRow row: Int) -> Int {
        precondition(
            shape.rank == 2 && shape[1] > 0, "argmax(ofRow:) expected a [rows, columns] tensor. Received: \(shape)")
        precondition((0..<shape[0]).contains(row), "argmax(ofRow:) expected a row in 0..<\(shape[0]). Received: \(row)")
        return scalars.withUnsafeBufferPointer {
            Self.maximum(in: $0, start: row * shape[1], count: shape[1], stride: 1)
        }
        .index
    }

    /// The largest of `count` scalars at `start`, `start + stride`, … and its position among them: the first one
    /// on ties, a number over NaN.
    private static func maximum(in s: UnsafeBufferPointer<Float>, start: Int, count: Int, stride: Int) -> (
        value: Float, index: Int
    ) {
        var best = s[start]
        var bestIndex = 0
        for l in 1..<count {
            let v = s[start + l * stride]
            if v > best || (best.isNaN && !v.isNaN) {
                best = v
                bestIndex = l
            }
        }
        return (best, bestIndex)
    }

    private func maxAndArgmax(alongAxis axis: Int) -> (values: Tensor, indices: [Int]) {
        let (outer, length, inner, reduced) = around(axis)
        precondition(length > 0, "Cannot take the maximum along an empty axis \(axis) of \(shape)")
        var values = [Float](repeating: 0, count: outer * inner)
        var indices = [Int](repeating: 0, count: outer * inner)
        scalars.withUnsafeBufferPointer { s in
            for o in 0..<outer {
                for i in 0..<inner {
                    (values[o * inner + i], indices[o * inner + i]) = Self.maximum(
                        in: s, start: o * length * inner + i, count: length, stride: inner)
                }
            }
        }
        return (Tensor(shape: reduced, scalars: values), indices)
    }
}
