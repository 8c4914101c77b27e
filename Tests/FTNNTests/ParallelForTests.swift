import Dispatch
import FTParallel
import Testing

/// `parallelFor` on the persistent worker pool (decision 0081): every iteration once, from any thread, nested.
@Suite("parallelFor: one loop on persistent workers")
struct ParallelForTests {
    /// Runs `parallelFor(iterations, workers:)` writing each iteration's index into its own slot.
    static func slots(_ iterations: Int, workers: Int) -> [Int] {
        var slots = [Int](repeating: 0, count: iterations)
        slots.withUnsafeMutableBufferPointer { out in
            parallelFor(iterations, workers: workers) { k in out[k] += k + 1 }
        }
        return slots
    }

    /// A `ParallelLoopBody` that adds `k + 1` to slot `k` (and, with `nested`, runs `slots` inside each).
    struct AddIndex: ParallelLoopBody {
        let out: UnsafeMutablePointer<Int>
        var nested = 0
        func run(_ k: Int) {
            out[k] += k + 1
            if nested > 0 { out[k] += ParallelForTests.slots(nested + k, workers: 2).reduce(0, +) }
        }
    }

    /// `slots` with a `ParallelLoopBody` value instead of a closure.
    static func valueSlots(_ iterations: Int, workers: Int, nested: Int = 0) -> [Int] {
        var slots = [Int](repeating: 0, count: iterations)
        slots.withUnsafeMutableBufferPointer { out in
            guard let base = out.baseAddress else { return }  // no iterations
            parallelFor(iterations, workers: workers, AddIndex(out: base, nested: nested))
        }
        return slots
    }

    @Test("every iteration runs exactly once for any count and worker count, with a closure or a value body")
    func everyIterationOnce() {
        for iterations in [0, 1, 2, 3, 7, 64, 1000] {
            for workers in [1, 2, 3, 8] {
                #expect(Self.slots(iterations, workers: workers) == (0..<iterations).map { $0 + 1 })
                #expect(Self.valueSlots(iterations, workers: workers) == (0..<iterations).map { $0 + 1 })
            }
        }
    }

    @Test("a value body with a parallelFor inside each iteration runs every iteration once")
    func nestedValueBody() {
        let expected = (0..<16).map { k in k + 1 + (100 + k) * (101 + k) / 2 }
        #expect(Self.valueSlots(16, workers: 4, nested: 100) == expected)
    }

    @Test("a parallelFor inside a body, and calls from several threads at once, each run every iteration once")
    func nestedAndConcurrent() {
        var sums = [Int](repeating: 0, count: 16)
        sums.withUnsafeMutableBufferPointer { out in
            parallelFor(16, workers: 4) { k in
                out[k] = Self.slots(100 + k, workers: 2).reduce(0, +)
            }
        }
        #expect(sums == (0..<16).map { k in (100 + k) * (101 + k) / 2 })
        let callers = UnsafeMutableBufferPointer<Int>.allocate(capacity: 8)
        defer { callers.deallocate() }
        let address = Int(bitPattern: callers.baseAddress)  // each caller writes its own slot
        DispatchQueue.concurrentPerform(iterations: 8) { c in
            var total = 0
            for _ in 0..<20 { total += Self.slots(50, workers: 2).reduce(0, +) }
            UnsafeMutablePointer<Int>(bitPattern: address)![c] = total
        }
        #expect(Array(callers) == [Int](repeating: 20 * 50 * 51 / 2, count: 8))
    }
}
