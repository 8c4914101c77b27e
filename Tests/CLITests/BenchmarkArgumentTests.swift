import FTTestSupport
import Foundation
import Testing

private let benchmark = ExecutableRunner.locate("fintext-benchmark")

@Suite(
    "fintext-benchmark rejects bad arguments and ids files with a message naming them",
    .enabled(if: ExecutableRunner.shouldRun(benchmark), "fintext-benchmark is not built (run `swift build` first)"),
    .disabled(if: Sanitizers.replaceMalloc, SanitizedBenchmark.reason))
struct BenchmarkArgumentTests {
    static let cases: [(arguments: [String], message: String)] = [
        (["model", "--corpus-batches=-1"], "--corpus-batches must be ≥ 0"),
        (["model", "--padding", "sideways"], "--padding must be none or realistic"),
        (["model", "--steps", "0"], "must be ≥ 1"),
        (["logging", "--padding", "sideways"], "--padding must be none or realistic"),
        (["logging", "--rounds", "0"], "--rounds and --blas-threads must be ≥ 1"),
        // The shape options `model`, `fit` and `logging` share (StudyShapeOptions).
        (["fit", "--vocabulary", "0"], "--vocabulary must be ≥ 2 (id 0 is padding). Received: 0"),
        (["model", "--vocabulary", "1"], "--vocabulary must be ≥ 2 (id 0 is padding). Received: 1"),
        (["fit", "--zipf", "nan"], "--zipf must be a finite number ≥ 0. Received: nan"),
        (["logging", "--zipf=-1"], "--zipf must be a finite number ≥ 0. Received: -1.0"),
        (["model", "--length", "0"], "--length and --dimension must be ≥ 1"),
        (["fit", "--dimension", "0"], "--length and --dimension must be ≥ 1"),
        (["fit", "--source", "disk"], "--source must be memory or shards"),
        (["fit", "--warm-up-steps", "0"], "--warm-up-steps must be ≥ 1"),
        (
            ["model", "--ids-file", "/no/such/ids.int32", "--batch", "1", "--length", "8", "--skip-training"],
            "/no/such/ids.int32: cannot be read"
        ),
    ]

    @Test("a non-zero exit and the problem on standard error", arguments: 0..<cases.count)
    func fails(index: Int) throws {
        let (arguments, message) = Self.cases[index]
        let result = try ExecutableRunner.run(try #require(benchmark), arguments)
        #expect(result.status != 0, "\(arguments)")
        #expect(result.errors.contains(message), "\(arguments): \(result.errors)")
    }

    @Test("an ids file of the wrong size or with an id outside the vocabulary names the file")
    func badIdsFiles() throws {
        let folder = NSTemporaryDirectory() + "fintext-benchmark-ids-\(UUID().uuidString)"
        try FileManager.default.createDirectory(atPath: folder, withIntermediateDirectories: true)
        defer { try? FileManager.default.removeItem(atPath: folder) }
        let short = folder + "/short.int32"
        try Data(repeating: 0, count: 12).write(to: URL(fileURLWithPath: short))
        var result = try ExecutableRunner.run(
            try #require(benchmark), ["model", "--ids-file", short, "--batch", "1", "--length", "8", "--skip-training"])
        #expect(
            result.status != 0 && result.errors.contains("\(short) holds 12 bytes; expected 32"), "\(result.errors)")
        let outside = folder + "/outside.int32"
        var ids = [Int32](repeating: 1, count: 8)
        ids[5] = 99
        try ids.withUnsafeBytes { Data($0) }.write(to: URL(fileURLWithPath: outside))
        result = try ExecutableRunner.run(
            try #require(benchmark),
            ["model", "--ids-file", outside, "--batch", "1", "--length", "8", "--vocabulary", "50", "--skip-training"])
        #expect(
            result.status != 0 && result.errors.contains("\(outside): id 99 at index 5 is outside 0..<50"),
            "\(result.errors)")
    }
}
