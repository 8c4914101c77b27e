import Testing

@testable import FTNN

@Suite("balancedRanges: documents split into contiguous ranges of nearly equal work")
struct BalancedRangesTests {
    /// The ranges `balancedRanges` makes for `costs` and `parts`.
    private func ranges(_ costs: [Int], parts: Int) -> [Range<Int>] {
        var starts = [Int](repeating: -1, count: max(1, min(parts, costs.count)) + 1)
        let count = starts.withUnsafeMutableBufferPointer {
            balancedRanges(count: costs.count, parts: parts, into: $0.baseAddress!) { costs[$0] }
        }
        return (0..<count).map { starts[$0]..<starts[$0 + 1] }
    }

    @Test(
        "the ranges cover every item in order, none is empty, and no range exceeds its share by more than the largest item",
        arguments: [
            ([5, 5, 5, 5], 2), ([1, 1, 1, 1, 1, 1, 1, 10], 2), ([10, 1, 1, 1, 1, 1, 1, 1], 2), ([3], 4),
            ([1, 2, 3, 4, 5, 6, 7], 3), ([0, 0, 0, 9], 2), ([400, 1, 1, 1, 1, 399, 1], 2),
        ])
    func covers(costs: [Int], parts: Int) {
        let split = ranges(costs, parts: parts)
        #expect(split.count == min(parts, costs.count))
        #expect(split.first?.lowerBound == 0 && split.last?.upperBound == costs.count)
        for (a, b) in zip(split, split.dropFirst()) { #expect(a.upperBound == b.lowerBound) }
        #expect(split.allSatisfy { !$0.isEmpty })
        let (total, largest) = (costs.reduce(0, +), costs.max() ?? 0)
        for range in split {
            let work = costs[range].reduce(0, +)
            // Each boundary is within half an item of its exact place, so a range is within one item of its share.
            #expect(work * split.count <= total + largest * split.count, "\(range): \(work) of \(total)")
        }
    }

    @Test("uneven documents: the worker with the padded ones takes more of them")
    func uneven() {
        // 6 mostly padded documents then 2 full ones: an even split by count would give 4 and 4.
        #expect(ranges([1, 1, 1, 1, 1, 1, 10, 10], parts: 2) == [0..<7, 7..<8])
        #expect(ranges([10, 10, 1, 1, 1, 1, 1, 1], parts: 2) == [0..<1, 1..<8])
        #expect(ranges([5, 5, 5, 5], parts: 2) == [0..<2, 2..<4])
        #expect(ranges([0, 0, 0, 9], parts: 2) == [0..<3, 3..<4])
        #expect(ranges([], parts: 2) == [0..<0])
    }
}
