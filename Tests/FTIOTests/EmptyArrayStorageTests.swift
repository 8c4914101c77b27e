import FTIO
import Foundation
import Testing

/// `Array(unsafeUninitializedCapacity: 0, …)` hands out Swift's one shared empty-array storage and then
/// writes its element count (0 over 0): a data race with every other thread reading an empty array's count.
/// ThreadSanitizer found it in CI (an empty file read by `FileData` while a convolution kernel read an empty
/// list of Winograd butterflies). FinText's code asks for no zero-capacity array that way; this test is in
/// `scripts/sanitize.sh`'s thread filter, where the race fails it.
@Suite("Zero-sized reads write nothing shared (EmptyArrayStorage)")
struct EmptyArrayStorageTests {
    @Test("empty files read on one thread while another reads empty arrays: no write to the shared storage")
    func emptyFileReads() throws {
        let path = NSTemporaryDirectory() + "fintext-empty-\(UUID().uuidString).txt"
        try AtomicFile.write([], to: path)
        defer { try? FileManager.default.removeItem(atPath: path) }
        // Two threads of their own (a queue might run both loops on one), started together.
        let start = DispatchSemaphore(value: 0)
        let done = DispatchGroup()
        let results = ReadResults()
        let reader = Thread {
            start.wait()
            var total = 0
            for _ in 0..<5_000 {
                let empty: [Int32] = []
                total += empty.withUnsafeBufferPointer { $0.count }
            }
            results.record(emptyCounts: total)
            done.leave()
        }
        let loader = Thread {
            start.wait()
            var sizes = 0
            for _ in 0..<500 { sizes += (try? FileData.read(path).count) ?? 1 }
            results.record(fileBytes: sizes)
            done.leave()
        }
        done.enter()
        done.enter()
        reader.start()
        loader.start()
        start.signal()
        start.signal()
        done.wait()
        #expect(results.values == (0, 0), "an empty file reads as no bytes, every time")
    }
}

/// The two loops' sums, handed back under a lock.
private final class ReadResults: @unchecked Sendable {
    private let lock = NSLock()
    private var emptyCounts = -1
    private var fileBytes = -1
    func record(emptyCounts: Int) { lock.withLock { self.emptyCounts = emptyCounts } }
    func record(fileBytes: Int) { lock.withLock { self.fileBytes = fileBytes } }
    var values: (Int, Int) { lock.withLock { (emptyCounts, fileBytes) } }
}
