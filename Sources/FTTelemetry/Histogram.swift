/// A histogram of numbers as TensorBoard's `HistogramProto` holds it: statistics plus buckets given by
/// their right edges.
///
/// Built with equal-width buckets between the smallest and largest value (TensorBoard's own histogram
/// summary uses 30). Bucket `i` covers `(bucketLimits[i−1], bucketLimits[i]]`, the first starts at `min`
/// and the last limit is `max`. Non-finite values are left out (training stops on a non-finite gradient
/// before it could be logged). O(n) for n values.
public struct Histogram: Sendable, Equatable {
    /// The smallest value (0 when there are none).
    public var min: Double
    /// The largest value (0 when there are none).
    public var max: Double
    /// How many values.
    public var count: Double
    /// Their sum.
    public var sum: Double
    /// The sum of their squares.
    public var sumOfSquares: Double
    /// The right edge of each bucket; the last equals `max`.
    public var bucketLimits: [Double]
    /// How many values fall in each bucket.
    public var bucketCounts: [Double]

    /// Creates a histogram from its parts.
    public init(
        min: Double, max: Double, count: Double, sum: Double, sumOfSquares: Double, bucketLimits: [Double],
        bucketCounts: [Double]
    ) {
        self.min = min
        self.max = max
        self.count = count
        self.sum = sum
        self.sumOfSquares = sumOfSquares
        self.bucketLimits = bucketLimits
        self.bucketCounts = bucketCounts
    }

    /// The histogram of `values` in `buckets` equal-width buckets (one bucket when all values are equal,
    /// none when there are no finite values).
    public init(_ values: [Float], buckets: Int = 30) {
        precondition(buckets >= 1, "Histogram expected at least 1 bucket. Received: \(buckets)")
        var low = Float.infinity
        var high = -Float.infinity
        var count = 0
        var sum = 0.0
        var squares = 0.0
        values.withUnsafeBufferPointer { values in
            for value in values where value.isFinite {
                low = Swift.min(low, value)
                high = Swift.max(high, value)
                count += 1
                let x = Double(value)
                sum += x
                squares += x * x
            }
        }
        guard count > 0 else {
            self.init(min: 0, max: 0, count: 0, sum: 0, sumOfSquares: 0, bucketLimits: [], bucketCounts: [])
            return
        }
        let lower = Double(low)
        let upper = Double(high)
        let n = upper > lower ? buckets : 1
        var counts = [Double](repeating: 0, count: n)
        if n > 1 {
            let scale = Double(n) / (upper - lower)
            values.withUnsafeBufferPointer { values in
                for value in values where value.isFinite {
                    counts[Swift.min(n - 1, Int((Double(value) - lower) * scale))] += 1
                }
            }
        } else {
            counts[0] = Double(count)
        }
        let width = (upper - lower) / Double(n)
        var limits = (1..<n).map { lower + width * Double($0) }
        limits.append(upper)
        self.init(
            min: lower, max: upper, count: Double(count), sum: sum, sumOfSquares: squares, bucketLimits: limits,
            bucketCounts: counts)
    }
}
