import FTTelemetry
import Testing

@Suite("Histogram buckets and statistics")
struct HistogramTests {
    @Test("equal-width buckets from min to max; the maximum falls in the last bucket")
    func buckets() {
        let h = Histogram([0, 1, 2, 3, 4, 4, 10], buckets: 5)
        #expect(h.min == 0)
        #expect(h.max == 10)
        #expect(h.count == 7)
        #expect(h.sum == 24)
        #expect(h.sumOfSquares == 0 + 1 + 4 + 9 + 16 + 16 + 100)
        #expect(h.bucketLimits == [2, 4, 6, 8, 10])
        // [0,2): 0, 1; [2,4): 2, 3; [4,6): 4, 4; [8,10]: 10.
        #expect(h.bucketCounts == [2, 2, 2, 0, 1])
    }

    @Test("all values equal: one bucket; no values or only non-finite ones: no buckets")
    func degenerate() {
        let same = Histogram([0.5, 0.5, 0.5])
        #expect(same.bucketLimits == [0.5])
        #expect(same.bucketCounts == [3])
        #expect(same.min == 0.5 && same.max == 0.5)
        let none = Histogram([])
        #expect(none.count == 0 && none.bucketCounts.isEmpty)
        let nonFinite = Histogram([.nan, .infinity, 1, 3], buckets: 2)
        #expect(nonFinite.count == 2)
        #expect(nonFinite.bucketCounts == [1, 1])
        #expect(Histogram([.nan]).count == 0)
    }

    @Test("every value is counted once whatever the spread")
    func totals() {
        var g = SystemRandomNumberGenerator()
        let values = (0..<10_001).map { _ in Float.random(in: -3...5, using: &g) }
        let h = Histogram(values)
        #expect(h.bucketCounts.count == 30)
        #expect(h.bucketCounts.reduce(0, +) == 10_001)
        #expect(h.bucketLimits.last == h.max)
        #expect(zip(h.bucketLimits, h.bucketLimits.dropFirst()).allSatisfy { $0 < $1 })
    }
}
