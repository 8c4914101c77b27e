import CMallocCounter
import FinText
import Foundation

/// Wall-clock seconds of `body` (monotonic clock).
func measureSeconds(_ body: () throws -> Void) rethrows -> Double {
    let start = DispatchTime.now().uptimeNanoseconds
    try body()
    return Double(DispatchTime.now().uptimeNanoseconds - start) / 1e9
}

/// The process's peak resident set size in MiB (Linux `VmHWM`), or nil where unavailable.
func peakResidentMegabytes() -> Double? {
    guard let status = try? String(contentsOfFile: "/proc/self/status", encoding: .utf8) else { return nil }
    for line in status.split(separator: "\n") where line.hasPrefix("VmHWM:") {
        let digits = line.split(separator: " ").dropFirst().first.flatMap { Double($0) }
        return digits.map { $0 / 1024 }
    }
    return nil
}

/// Prints one measurement as a JSON object on one line.
func printJSON(_ fields: [String: Any]) {
    if let data = try? JSONSerialization.data(withJSONObject: fields, options: [.sortedKeys]),
        let text = String(data: data, encoding: .utf8)
    {
        print(text)
    }
}

/// `batch` documents of `length` Zipf–Mandelbrot ids (`p(id) ∝ (id + 2.7)^−zipf`, ids 1..<vocabulary; 0 is
/// padding) drawn from `seed`; with `realisticPadding`, lognormal document lengths (mean 4,258 tokens, the
/// cleaned 10-K sections' mean, σ 0.8) pre-padded with id 0.
func zipfTokens(batch: Int, length: Int, vocabulary: Int, zipf: Double, realisticPadding: Bool, seed: UInt64)
    -> TokenBatch
{
    var g = SeededGenerator(seed: seed)
    var cumulative = [Double](repeating: 0, count: vocabulary)  // over ids 1..<vocabulary
    var total = 0.0
    for id in 1..<vocabulary {
        total += pow(Double(id) + 2.7, -zipf)
        cumulative[id] = total
    }
    var ids = [Int32]()
    ids.reserveCapacity(batch * length)
    for _ in 0..<batch {
        var real = length
        if realisticPadding {
            let sigma = 0.8
            let draw = exp(log(4258.0) - sigma * sigma / 2 + sigma * g.nextNormal())
            real = min(length, max(50, Int(draw)))
        }
        for t in 0..<length {
            if t < length - real {
                ids.append(0)
                continue
            }
            let x = g.nextDouble() * total
            var lo = 1
            var hi = vocabulary - 1
            while lo < hi {
                let mid = (lo + hi) / 2
                if cumulative[mid] < x { lo = mid + 1 } else { hi = mid }
            }
            ids.append(Int32(lo))
        }
    }
    return TokenBatch(ids: ids, batch: batch, length: length)
}

/// `count` Zipf–Mandelbrot documents (as `zipfTokens`) labelled `k % 3`.
func zipfSequences(
    count: Int, length: Int, vocabulary: Int, zipf: Double, realisticPadding: Bool, seed: UInt64
) throws -> LabelledSequences {
    let tokens = zipfTokens(
        batch: count, length: length, vocabulary: vocabulary, zipf: zipf, realisticPadding: realisticPadding,
        seed: seed)
    return try LabelledSequences(ids: tokens.ids, length: length, labels: (0..<count).map { $0 % 3 }, classes: 3)
}

/// The study model (3 classes) over a uniform(−0.5, 0.5) `vocabulary × dimension` embedding whose padding row
/// is zero, as GloVe matrices have; the table is drawn from `seed + 100`, the weights from `seed`.
func randomStudyModel(vocabulary: Int, dimension: Int, length: Int, seed: UInt64) throws -> Sequential {
    var generator = SeededGenerator(seed: seed &+ 100)
    var table = Tensor.uniform(shape: [vocabulary, dimension], lower: -0.5, upper: 0.5, using: &generator)
    for j in 0..<dimension { table[0, j] = 0 }
    return try StudyModel.make(
        vocabularySize: vocabulary, embeddingDimension: dimension, sequenceLength: length, classes: 3,
        embedding: table, seed: seed)
}

/// What one call of a measured body cost: wall and process CPU seconds, and the heap allocations it made
/// (calls and bytes, counted by `CMallocCounter`'s wrappers around glibc's allocator).
struct StepCost {
    var seconds: Double
    var cpuSeconds: Double
    var allocations: UInt64
    var allocatedBytes: UInt64
    /// Allocations of at least 64 KiB (`FINTEXT_LARGE_ALLOCATION`).
    var largeAllocations: UInt64

    /// Runs `body` once and measures it.
    static func measure(_ body: () throws -> Void) rethrows -> StepCost {
        let calls = fintext_allocation_calls()
        let bytes = fintext_allocation_bytes()
        let large = fintext_large_allocation_calls()
        let cpu = processCPUSeconds()
        let seconds = try measureSeconds(body)
        return StepCost(
            seconds: seconds, cpuSeconds: processCPUSeconds() - cpu, allocations: fintext_allocation_calls() - calls,
            allocatedBytes: fintext_allocation_bytes() - bytes,
            largeAllocations: fintext_large_allocation_calls() - large)
    }
}
