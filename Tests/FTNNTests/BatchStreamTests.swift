import FTTensor
import Testing

@testable import FTNN

/// In-memory rows that ask to be read ahead, as a sharded dataset does (so `BatchStream` uses its
/// background producer and buffer ring), and count the batches they had to allocate.
private struct ReadAheadSequences: TokenBatchSource {
    let base: LabelledSequences
    var count: Int { base.count }
    var length: Int { base.length }
    var classes: Int { base.classes }
    var labels: [Int] { base.labels }
    var largestID: Int32 { base.largestID }
    var prefersPrefetch: Bool { true }
    var fingerprint: UInt64 { base.fingerprint }
    func batch(_ indices: ArraySlice<Int>) -> (tokens: TokenBatch, labels: [Int]) { base.batch(indices) }
    func fillBatch(_ indices: ArraySlice<Int>, tokens: inout TokenBatch, labels: inout [Int]) {
        base.fillBatch(indices, tokens: &tokens, labels: &labels)
    }
}

@Suite("BatchStream")
struct BatchStreamTests {
    /// 23 rows of 5 ids, each row's ids distinct from every other row's.
    static let data = try! LabelledSequences(
        ids: (0..<(23 * 5)).map { Int32($0 + 1) }, length: 5, labels: (0..<23).map { $0 % 3 }, classes: 3)

    @Test(
        "batches equal the source's, in order, with and without read-ahead; buffers are reused",
        arguments: [false, true])
    func sameBatches(readAhead: Bool) {
        var order = Array(0..<23)
        var g = SeededGenerator(seed: 4)
        order.shuffle(using: &g)
        let source: any TokenBatchSource = readAhead ? ReadAheadSequences(base: Self.data) : Self.data
        let stream = BatchStream(source: source, order: order, size: 3, depth: 2)
        #expect(stream.count == 8)
        var batch = BatchStream.Batch.empty
        var storages = Set<UnsafePointer<Int32>?>()
        for b in 0..<stream.count {
            stream.fill(b, into: &batch)
            let expected = Self.data.batch(order[(b * 3)..<min(23, b * 3 + 3)])
            #expect(batch.tokens == expected.tokens, "batch \(b)")
            #expect(batch.labels == expected.labels, "batch \(b)")
            storages.insert(batch.tokens.ids.withUnsafeBufferPointer { $0.baseAddress })
        }
        // One buffer without read-ahead; with it, at most the ring's depth + 1 for 8 batches (the last, smaller
        // batch fits in place). How many of those circulate depends on timing: when the producer refills the
        // buffer the consumer just handed back, fewer do (2 were seen under ThreadSanitizer).
        if readAhead {
            #expect((1...3).contains(storages.count), "\(storages.count) buffers for 8 batches")
        } else {
            #expect(storages.count == 1, "\(storages.count) buffers for 8 batches")
        }
    }

    @Test("a stream released before its last batch stops its read-ahead")
    func cancelled() {
        let stream = BatchStream(source: ReadAheadSequences(base: Self.data), order: Array(0..<23), size: 2)
        var batch = BatchStream.Batch.empty
        stream.fill(0, into: &batch)
        stream.cancel()
        #expect(batch.tokens.ids == Array(1...10).map { Int32($0) })
    }
}
