import FTParallel
import Testing

/// `ItemClaims` and `costliestFirst`: the dynamic schedule the forward kernels hand documents out by.
@Suite("ItemClaims: items handed out one at a time, costliest first")
struct ItemClaimsTests {
    /// A share that claims items until none is left, counting each claim in the item's slot.
    struct Claimer: ParallelLoopBody {
        let claims: ItemClaims
        let count: Int
        let seen: UnsafeMutablePointer<Int>
        let byShare: UnsafeMutablePointer<Int>
        func run(_ share: Int) {
            while let item = claims.next(below: count) {
                seen[item] += 1
                byShare[share] += 1
            }
        }
    }

    @Test("every item is claimed exactly once per loop, across threads and after a reset", arguments: [1, 2, 3, 4])
    func eachItemOnce(workers: Int) {
        let claims = ItemClaims()
        for count in [0, 1, 5, 1_000] {
            var seen = [Int](repeating: 0, count: max(1, count))
            var byShare = [Int](repeating: 0, count: workers)
            claims.reset()
            seen.withUnsafeMutableBufferPointer { s in
                byShare.withUnsafeMutableBufferPointer { b in
                    parallelFor(
                        workers, workers: workers,
                        Claimer(claims: claims, count: count, seen: s.baseAddress!, byShare: b.baseAddress!))
                }
            }
            #expect(
                Array(seen.prefix(count)) == [Int](repeating: 1, count: count), "\(count) items, \(workers) workers")
            #expect(byShare.reduce(0, +) == count)
            #expect(claims.next(below: count) == nil, "nothing is left until the next reset")
        }
    }

    /// The order `costliestFirst` writes for `costs`.
    func order(_ costs: [Int]) -> [Int] {
        var order = [Int](repeating: -1, count: max(1, costs.count))
        var scratch = [Int](repeating: 0, count: max(1, costs.count))
        order.withUnsafeMutableBufferPointer { o in
            scratch.withUnsafeMutableBufferPointer { c in
                costliestFirst(count: costs.count, into: o.baseAddress!, costs: c.baseAddress!) { costs[$0] }
            }
        }
        return Array(order.prefix(costs.count))
    }

    @Test("costliest first, ties in index order")
    func ordering() {
        #expect(order([]) == [])
        #expect(order([4]) == [0])
        #expect(order([1, 1, 1, 1, 1, 1, 10, 10]) == [6, 7, 0, 1, 2, 3, 4, 5])
        #expect(order([5, 9, 5, 0, 9]) == [1, 4, 0, 2, 3])
        let costs = (0..<33).map { ($0 * 37 + 11) % 7 }  // many ties, no order
        let expected = costs.indices.sorted { costs[$0] != costs[$1] ? costs[$0] > costs[$1] : $0 < $1 }
        #expect(order(costs) == expected, "\(costs)")
    }
}
