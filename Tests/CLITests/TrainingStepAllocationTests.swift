import FTTestSupport
import Foundation
import Testing

private let benchmark = ExecutableRunner.locate("fintext-benchmark")

/// Counts the heap allocations of a steady-state training step of a small study model on the fast path,
/// through `fintext-benchmark model`, whose `CMallocCounter` wraps glibc's allocator (only that executable
/// links it, so this suite's own process keeps glibc's allocator untouched). The step is what `Trainer`
/// does per batch: zero the gradients, forward with dropout, the loss, backward through the plan, Adam
/// with clipping. The figures are those of the last of several timed steps.
@Suite(
    "A steady-state training step reuses its memory",
    .enabled(if: ExecutableRunner.shouldRun(benchmark), "fintext-benchmark is not built (run `swift build` first)"))
struct TrainingStepAllocationTests {
    /// The `train_fast` line of `fintext-benchmark model --json` on a small study model.
    static func trainingStep(workers: Int) throws -> [String: Any] {
        let result = try ExecutableRunner.run(
            try #require(benchmark),
            [
                "model", "--batch", "4", "--length", "1200", "--dimension", "16", "--vocabulary", "500", "--paths",
                "fast", "--steps", "2", "--corpus-batches", "0", "--workers", "\(workers)", "--blas-threads",
                "\(workers)", "--json",
            ])
        #expect(result.status == 0, "\(result.errors)")
        for line in result.output.split(separator: "\n") {
            guard let object = try? JSONSerialization.jsonObject(with: Data(line.utf8)) as? [String: Any],
                object["name"] as? String == "train_fast"
            else { continue }
            return object
        }
        Issue.record("no train_fast line in: \(result.output)")
        return [:]
    }

    /// Every tensor of 64 KiB or more a step needs — stage outputs, dropout outputs, input gradients,
    /// parameter gradients, Adam's slots, kernel scratch — is reused from the previous step. Before that
    /// this step made 20 such allocations (measured; at full size they were most of a step's 170 MB).
    @Test("no allocation of 64 KiB or more in a steady-state step (1 worker)")
    func noLargeAllocations() throws {
        let step = try Self.trainingStep(workers: 1)
        let large = try #require(step["large_allocations_last_step"] as? Int)
        #expect(large == 0, "\(step)")
    }

    /// With 2 workers the factorised first stage runs its GEMMs at 2 OpenBLAS threads, and OpenBLAS's
    /// threaded GEMM mallocs its job table on each call (2 per step here), outside FinText's control;
    /// FinText's own buffers are reused as with 1 worker. (Small allocations remain — shapes, the
    /// distinct-id list, dropout masks, the dense layers and the loss; `docs/performance.md` counts them in
    /// the optimised build, as this suite's debug build boxes generic values the optimiser removes.)
    @Test("with 2 workers only OpenBLAS's job tables are allocated at 64 KiB or more")
    func twoWorkers() throws {
        let step = try Self.trainingStep(workers: 2)
        let large = try #require(step["large_allocations_last_step"] as? Int)
        #expect(large <= 2, "\(step)")
    }
}
