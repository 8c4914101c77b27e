import Dispatch

/// Runs `body(k)` for every `k` in `0..<iterations` on all cores (`DispatchQueue.concurrentPerform`)
/// and returns when all are done.
///
/// `body` is not `@Sendable`, so it may capture buffers; the caller promises that iterations only
/// read shared data and write disjoint memory (each its own rows or result slot).
func parallelFor(_ iterations: Int, _ body: (Int) -> Void) {
    if iterations == 1 {
        body(0)
        return
    }
    withoutActuallyEscaping(body) { escapable in
        let box = UncheckedSendableBox(escapable)
        DispatchQueue.concurrentPerform(iterations: iterations) { k in box.value(k) }
    }
}

/// Carries a value the caller guarantees is used race-free into a `@Sendable` closure.
struct UncheckedSendableBox<Value>: @unchecked Sendable {
    let value: Value
    init(_ value: Value) { self.value = value }
}
