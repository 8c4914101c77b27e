import Dispatch

#if canImport(Glibc)
    import Glibc
#elseif canImport(Darwin)
    import Darwin
#endif

/// The processors this process may use.
public enum Processors {
    /// Online processors (at least 1), read once: the one core count FinText's modules use.
    public static let available: Int = max(1, Int(sysconf(Int32(_SC_NPROCESSORS_ONLN))))
}

/// Runs `body(k)` for every `k` in `0..<iterations` and returns when all are done: on the calling thread
/// when `iterations ≤ 1` or `workers ≤ 1`, else as `min(workers, iterations)` shares, share `w` running
/// `k = w, w + shares, …` in order, spread over the calling thread and the package's persistent worker
/// threads (`WorkerPool`, at most one fewer than the processors). A call made while the pool runs another
/// call's shares (a `parallelFor` inside a body, or on another thread at the same time) runs its shares
/// through `DispatchQueue.concurrentPerform` instead, as all calls did before the pool (decision 0081).
///
/// This is FinText's one parallel loop; the body is a `ParallelLoopBody` value, or a closure (the overload
/// below). The body is not `Sendable`, so it may hold buffers and unsafe pointers directly; the caller
/// promises that iterations only read shared data and write disjoint memory (their own rows, channel blocks
/// or result slots). Results never depend on `workers` unless the caller makes them (for example by summing
/// per-worker partials), nor on which thread runs a share.
/// - Complexity: `iterations` calls of `body.run`, plus one wake-up per helper thread. On the pool it
///   allocates nothing (a steady-state training step relies on it, decision 0094).
public func parallelFor<Body: ParallelLoopBody>(
    _ iterations: Int, workers: Int = Processors.available, _ body: Body
) {
    let shares = shareCount(iterations, workers: workers)
    if shares <= 1 {
        for k in 0..<iterations { body.run(k) }
        return
    }
    withUnsafePointer(to: body) { pointer in runShares(iterations, shares: shares, LoopBodyReference(pointer)) }
}

/// `parallelFor` with a closure body, the same loop: on the pool it makes one small allocation per call
/// with more than one share — Swift boxes the non-escaping closure to hand it to the helper threads
/// (`withoutActuallyEscaping`'s wrapper; decision 0094). Kernels that run every training step pass a
/// `ParallelLoopBody` value instead.
public func parallelFor(_ iterations: Int, workers: Int = Processors.available, _ body: (Int) -> Void) {
    let shares = shareCount(iterations, workers: workers)
    if shares <= 1 {
        for k in 0..<iterations { body(k) }
        return
    }
    withoutActuallyEscaping(body) { escapable in runShares(iterations, shares: shares, ClosureLoopBody(escapable)) }
}

/// One iteration of a `parallelFor` loop as a value: the state an iteration reads (pointers, counts, the
/// stage) as stored properties, the iteration itself as `run`. `parallelFor` hands a pointer to the value
/// to its threads, so unlike a closure it is never boxed.
public protocol ParallelLoopBody {
    /// Runs iteration `index`; iterations may run concurrently on different threads (see `parallelFor`).
    func run(_ index: Int)
}

/// The shares `parallelFor` splits `iterations` into for `workers` threads (0 or 1: run on the caller).
private func shareCount(_ iterations: Int, workers: Int) -> Int {
    iterations <= 1 ? iterations : max(1, min(workers, iterations))
}

/// Runs `shares > 1` shares of `0..<iterations` on the pool, or through `concurrentPerform` when the pool is
/// busy; `body` must stay valid until this returns.
private func runShares(_ iterations: Int, shares: Int, _ body: any ParallelLoopBody) {
    if WorkerPool.shared.run(iterations: iterations, shares: shares, body) { return }
    let box = UncheckedSendable(body)
    DispatchQueue.concurrentPerform(iterations: shares) { w in
        for k in stride(from: w, to: iterations, by: shares) { box.value.run(k) }
    }
}

/// A borrowed `ParallelLoopBody`: one word, so it fits an existential's inline buffer and the pool stores
/// it without boxing. Valid while the `parallelFor` call that made it runs.
private struct LoopBodyReference<Body: ParallelLoopBody>: ParallelLoopBody {
    let pointer: UnsafePointer<Body>
    init(_ pointer: UnsafePointer<Body>) { self.pointer = pointer }
    func run(_ index: Int) { pointer.pointee.run(index) }
}

/// A closure as a `ParallelLoopBody`.
private struct ClosureLoopBody: ParallelLoopBody {
    let body: (Int) -> Void
    init(_ body: @escaping (Int) -> Void) { self.body = body }
    func run(_ index: Int) { body(index) }
}

/// `transform` applied to every item with `parallelFor`; the results come back in input order.
/// - Parameter workers: Threads at most (all processors by default).
public func parallelMap<T, R>(_ items: [T], workers: Int = Processors.available, _ transform: (T) -> R) -> [R] {
    if items.count <= 1 { return items.map(transform) }
    return [R](unsafeUninitializedCapacity: items.count) { buffer, initialized in
        let base = buffer.baseAddress!
        items.withUnsafeBufferPointer { source in
            parallelFor(items.count, workers: workers) { k in (base + k).initialize(to: transform(source[k])) }
        }
        initialized = items.count
    }
}

/// A value carried into `concurrentPerform`'s `@Sendable` closure; `parallelFor`'s caller guarantees the
/// race-free use. The package's one `@unchecked Sendable` wrapper for parallel loops.
private struct UncheckedSendable<Value>: @unchecked Sendable {
    let value: Value
    init(_ value: Value) { self.value = value }
}
