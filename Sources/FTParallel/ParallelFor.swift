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
/// This is FinText's one parallel loop. `body` is not `@Sendable`, so it may capture buffers and unsafe
/// pointers directly; the caller promises that iterations only read shared data and write disjoint
/// memory (their own rows, channel blocks or result slots). Results never depend on `workers` unless the
/// caller makes them (for example by summing per-worker partials), nor on which thread runs a share.
/// - Complexity: `iterations` calls of `body`, plus one wake-up per helper thread. On the pool it allocates
///   nothing (a steady-state training step relies on it).
public func parallelFor(_ iterations: Int, workers: Int = Processors.available, _ body: (Int) -> Void) {
    if iterations <= 1 {
        if iterations == 1 { body(0) }
        return
    }
    let shares = max(1, min(workers, iterations))
    if shares == 1 {
        for k in 0..<iterations { body(k) }
        return
    }
    withoutActuallyEscaping(body) { escapable in
        if WorkerPool.shared.run(iterations: iterations, shares: shares, escapable) { return }
        let box = UncheckedSendable(escapable)
        DispatchQueue.concurrentPerform(iterations: shares) { w in
            for k in stride(from: w, to: iterations, by: shares) { box.value(k) }
        }
    }
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
