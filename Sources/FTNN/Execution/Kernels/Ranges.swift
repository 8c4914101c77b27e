/// `0..<total` cut into consecutive ranges of `step` items (the last may be shorter), computed on access:
/// the kernels' channel blocks, without an array to allocate per call.
struct Blocks: RandomAccessCollection {
    /// Items in all.
    let total: Int
    /// Items per block.
    let step: Int

    var startIndex: Int { 0 }
    var endIndex: Int { (total + step - 1) / step }
    subscript(block: Int) -> Range<Int> { (block * step)..<Swift.min(total, (block + 1) * step) }
}

/// `0..<total` in at most `parts` contiguous, nearly equal ranges (none empty; one empty range for
/// `total == 0`), computed on access: part `w` is `w·total/parts ..< (w+1)·total/parts`.
struct EvenSplit: RandomAccessCollection {
    /// Items in all.
    let total: Int
    /// The number of ranges: `max(1, min(parts, total))`.
    let parts: Int

    init(total: Int, parts: Int) {
        self.total = total
        self.parts = Swift.max(1, Swift.min(parts, total))
    }

    var startIndex: Int { 0 }
    var endIndex: Int { parts }
    subscript(part: Int) -> Range<Int> { (part * total / parts)..<((part + 1) * total / parts) }
}

/// Items `0..<count` in at most `parts` contiguous ranges (none empty) of nearly equal total `cost`, range
/// `w` being `starts[w] ..< starts[w + 1]` (`starts` holds one more than the ranges); returns the number of
/// ranges. An item whose middle lies beyond its range's share of the total starts the next range (so each
/// boundary lies within half an item of where an exact split would put it), and a range also closes when
/// just enough items remain for one in each later range. The kernels split documents this way so that a worker whose documents are
/// mostly padding takes more of them; which worker computes a document never changes its results.
/// - Complexity: `2·count` calls of `cost`, no allocation.
func balancedRanges(
    count n: Int, parts wanted: Int, into starts: UnsafeMutablePointer<Int>, cost: (Int) -> Int
) -> Int {
    let parts = max(1, min(wanted, n))
    var total = 0
    for item in 0..<n { total += cost(item) }
    starts[0] = 0
    var (closed, done) = (0, 0)
    for item in 0..<n {
        let c = cost(item)
        let part = closed + 1
        if part < parts && item > starts[closed]
            && ((2 * done + c) * parts > 2 * total * part || n - item == parts - part)
        {
            closed += 1
            starts[closed] = item
        }
        done += c
    }
    starts[closed + 1] = n
    return closed + 1
}
