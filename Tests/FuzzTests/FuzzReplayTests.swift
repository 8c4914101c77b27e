import FTTestSupport
import Foundation
import Testing

/// The fuzz targets of `Fuzz/` as normal tests: each replays its committed corpus and every saved crash
/// reproducer once, then fuzzes briefly from that corpus (a smoke run). The binaries are built by
/// `scripts/fuzz.sh --build`, which `scripts/test.sh` runs; a missing binary fails under CI.
@Suite("fuzz targets replay their corpora and survive a short run")
struct FuzzReplayTests {
    static let fuzzFolder = Fixtures.repositoryRoot.appendingPathComponent("Fuzz")

    /// Every target: the folders of `Fuzz/Sources` but the shared support module.
    static let targets: [String] = {
        let names =
            (try? FileManager.default.contentsOfDirectory(atPath: fuzzFolder.appendingPathComponent("Sources").path))
            ?? []
        return names.filter { $0.hasPrefix("Fuzz") && $0 != "FuzzSupport" }.sorted()
    }()

    /// Seconds of fuzzing per target in the smoke run (`FINTEXT_FUZZ_SMOKE_SECONDS`, default 10).
    static let smokeSeconds = Int(ProcessInfo.processInfo.environment["FINTEXT_FUZZ_SMOKE_SECONDS"] ?? "") ?? 10

    static func files(in folder: String) -> [String] {
        let path = fuzzFolder.appendingPathComponent(folder).path
        let names = (try? FileManager.default.contentsOfDirectory(atPath: path)) ?? []
        return names.filter { !$0.hasPrefix(".") }.sorted().map { "\(path)/\($0)" }
    }

    @Test("every parser has a target with a seed corpus")
    func targetsHaveCorpora() {
        #expect(Self.targets.count >= 16, "targets: \(Self.targets)")
        for target in Self.targets {
            #expect(!Self.files(in: "corpus/\(target)").isEmpty, "\(target) has no seed corpus")
        }
    }

    @Test("replay and smoke", arguments: targets)
    func replayAndSmoke(target: String) throws {
        let binary = Self.fuzzFolder.appendingPathComponent(".build/debug/\(target)").path
        let found = FileManager.default.isExecutableFile(atPath: binary) ? binary : nil
        guard let binary = try ExternalTools.require(found, "the fuzz target \(target) (scripts/fuzz.sh --build)")
        else {
            return
        }
        let inputs = Self.files(in: "corpus/\(target)") + Self.files(in: "crashes/\(target)")
        let common = ["-rss_limit_mb=2048", "-timeout=30", "-detect_leaks=0"]
        // libFuzzer reports crashes itself; Swift's backtracer, attached to a crashing ASan process, was seen
        // to hang holding the output pipe open, which stalled the whole suite.
        var environment = ProcessInfo.processInfo.environment
        environment["SWIFT_BACKTRACE"] = "enable=no"
        let replay = try ExternalTools.run(binary, common + ["-runs=0"] + inputs, environment: environment)
        #expect(replay.status == 0, "\(target) failed on a saved input:\n\(replay.output.suffix(4000))")

        // The smoke run starts from a copy of the corpus so that what it finds never lands in the repository.
        let scratch = NSTemporaryDirectory() + "fuzz-smoke-\(target)-\(UUID().uuidString)"
        try FileManager.default.createDirectory(atPath: scratch + "/corpus", withIntermediateDirectories: true)
        defer { try? FileManager.default.removeItem(atPath: scratch) }
        for input in inputs {
            let name = URL(fileURLWithPath: input).lastPathComponent
            try FileManager.default.copyItem(atPath: input, toPath: "\(scratch)/corpus/\(name)")
        }
        let smoke = try ExternalTools.run(
            binary,
            common + [
                "-max_total_time=\(Self.smokeSeconds)", "-max_len=8192", "-artifact_prefix=\(scratch)/",
                "\(scratch)/corpus",
            ], environment: environment)
        #expect(smoke.status == 0, "\(target) found a failing input in its smoke run:\n\(smoke.output.suffix(4000))")
        #expect(smoke.output.contains("Done "), "\(target) did not finish its run:\n\(smoke.output.suffix(2000))")
    }
}
