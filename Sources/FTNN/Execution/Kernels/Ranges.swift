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
