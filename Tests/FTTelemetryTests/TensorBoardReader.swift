import FTTestSupport
import Foundation
import Testing

/// Runs `Fixtures/tensorboard_read.py` (the real `tensorboard` package) and decodes what it prints.
struct TensorBoardReader {
    let python: String

    /// The reader, or nil (skipped on a developer machine, a failure under CI) without Python and tensorboard.
    static func require() throws -> TensorBoardReader? {
        let found = ExternalTools.python(importing: ["tensorboard"])
        return try ExternalTools.require(found, "python3 with tensorboard").map(TensorBoardReader.init)
    }

    static var script: String {
        Fixtures.repositoryRoot.appendingPathComponent("Tests/FTTelemetryTests/Fixtures/tensorboard_read.py").path
    }

    /// One event as EventFileLoader returned it.
    struct Event: Decodable {
        var wallTime: Double
        var step: Int
        var what: String?
        var fileVersion: String?
        var values: [Value]?

        enum CodingKeys: String, CodingKey {
            case wallTime = "wall_time"
            case step, what
            case fileVersion = "file_version"
            case values
        }

        var tags: [String] { (values ?? []).map(\.tag) }
        func value(_ tag: String) -> Value? { values?.first { $0.tag == tag } }
    }

    /// One summary value.
    struct Value: Decodable {
        var tag: String
        var kind: String?
        var value: Double?
        var histogram: HistogramValue?
        var dtype: Int?
        var dims: [Int]?
        var strings: [String]?
        var pluginName: String?

        enum CodingKeys: String, CodingKey {
            case tag, kind, value, histogram, dtype, dims, strings
            case pluginName = "plugin_name"
        }
    }

    /// A `HistogramProto` as Python read it.
    struct HistogramValue: Decodable {
        var min: Double
        var max: Double
        var num: Double
        var sum: Double
        var sumSquares: Double
        var bucketLimit: [Double]
        var bucket: [Double]

        enum CodingKeys: String, CodingKey {
            case min, max, num, sum
            case sumSquares = "sum_squares"
            case bucketLimit = "bucket_limit"
            case bucket
        }
    }

    /// What EventAccumulator made of one run folder.
    struct Run: Decodable {
        var tags: [String: [String]]
        var scalars: [String: [[Double]]]
        var histograms: [String: [[Double]]]
        var texts: [String: [Text]]
    }

    /// A `[step, text]` pair.
    struct Text: Decodable {
        var step: Int
        var text: String
        init(from decoder: any Decoder) throws {
            var c = try decoder.unkeyedContainer()
            step = try c.decode(Int.self)
            text = try c.decode(String.self)
        }
    }

    /// One file's events as written, and the dashboard plugin of each tag after TensorBoard's conversions.
    struct File: Decodable {
        var events: [Event]
        var plugins: [String: String]
    }

    /// Every event of each file, via TensorBoard's file loaders.
    func files(_ paths: [String]) throws -> [String: File] {
        try decode(["events"] + paths)
    }

    /// Every event of each file as written.
    func events(_ paths: [String]) throws -> [String: [Event]] {
        try files(paths).mapValues(\.events)
    }

    /// Each run folder through EventAccumulator.
    func runs(_ folders: [String]) throws -> [String: Run] {
        try decode(["run"] + folders)
    }

    /// Runs the golden-bytes comparison; returns its exit status and report.
    func golden(_ path: String) throws -> (status: Int32, output: String) {
        try ExternalTools.run(python, [Self.script, "golden", path])
    }

    private func decode<T: Decodable>(_ arguments: [String]) throws -> T {
        let result = try ExternalTools.run(python, [Self.script] + arguments)
        try #require(result.status == 0, "tensorboard_read.py failed: \(result.output)")
        // The JSON is the last line; TensorBoard may log warnings before it.
        let line = result.output.split(separator: "\n").last.map(String.init) ?? ""
        return try JSONDecoder().decode(T.self, from: Data(line.utf8))
    }
}
