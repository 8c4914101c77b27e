import Synchronization

/// Items handed out one at a time to the shares of one `parallelFor` call (dynamic scheduling): each
/// share calls `next(below:)` until it returns nil, so a share that finishes early takes the next item
/// instead of idling while another share works through a fixed range. With items ordered costliest first
/// (`costliestFirst`) the shares end within about one small item of each other.
///
/// Reset it before each loop; `parallelFor` starts its shares after the reset and returns after they end,
/// so one counter serves every call of its owner (a kernel's workspace keeps one; it never allocates per
/// call). Which share runs an item must not change the item's result — the caller's promise, as for
/// `parallelFor`'s iterations.
public final class ItemClaims: Sendable {
    private let claimed = Atomic<Int>(0)

    /// A counter at item 0.
    public init() {}

    /// Starts the next loop at item 0.
    public func reset() { claimed.store(0, ordering: .relaxed) }

    /// The next unclaimed item of `0..<count`, or nil when all are claimed. Each item is returned once
    /// between resets. - Complexity: one atomic addition.
    public func next(below count: Int) -> Int? {
        let item = claimed.wrappingAdd(1, ordering: .relaxed).oldValue
        return item < count ? item : nil
    }
}

/// `0..<count` into `order`, ordered by decreasing `cost` (ties by index), with each item's cost kept in
/// `costs` (`count` elements, scratch): the order in which `ItemClaims` hands out work of uneven size, so
/// the largest items start first and the small ones fill the gaps at the end.
/// - Complexity: `count` calls of `cost`; O(count²) comparisons in the worst case (insertion sort, which
///   allocates nothing; batches hold tens of documents).
public func costliestFirst(
    count: Int, into order: UnsafeMutablePointer<Int>, costs: UnsafeMutablePointer<Int>, cost: (Int) -> Int
) {
    for item in 0..<count {
        costs[item] = cost(item)
        var slot = item
        while slot > 0 && costs[order[slot - 1]] < costs[item] {
            order[slot] = order[slot - 1]
            slot -= 1
        }
        order[slot] = item
    }
}
