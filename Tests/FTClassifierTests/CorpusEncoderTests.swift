import FTDataset
import FTTestSupport
import FinText
import Foundation
import Testing

@testable import FTClassifier

@Suite("encode: filings to a sharded token dataset", .serialized)
struct CorpusEncoderTests {
    /// The first `count` filings of the shipped sections file, as a JSON Lines file in a fresh folder.
    static func corpus(_ count: Int, tag: String, skipping: Int = 0) throws -> (root: String, filings: String) {
        let root = FileManager.default.temporaryDirectory.appendingPathComponent("encode-\(tag)-\(UUID().uuidString)")
            .path
        try FileManager.default.createDirectory(atPath: root, withIntermediateDirectories: true)
        let shipped = try FileData.readUTF8(
            Fixtures.repositoryRoot.appendingPathComponent("data/sections-2023.jsonl.gz").path)
        let lines = shipped.split(separator: "\n").dropFirst(skipping).prefix(count)
        let path = root + "/sections.jsonl"
        try (lines.joined(separator: "\n") + "\n").write(toFile: path, atomically: true, encoding: .utf8)
        return (root, path)
    }

    static func prices() throws -> (PriceLibrary, PriceHistory) {
        let library = try PriceLibrary.load(folder: Fixtures.repositoryRoot.appendingPathComponent("data/prices").path)
        return (library, try #require(library["SPY"]))
    }

    /// `corpus(count, tag:)` staged (pass 1, `options()`) into the part folder `root/part`.
    static func stagedPart(_ count: Int, tag: String) throws -> (root: String, filings: String, part: String) {
        let (root, filings) = try corpus(count, tag: tag)
        let (library, spy) = try prices()
        _ = try CorpusEncoder.stage(
            filings: [filings], index: FilingIndex(), prices: library, benchmark: spy, selection: .all,
            options: options(), into: root + "/part")
        return (root, filings, root + "/part")
    }

    static func options() -> CorpusEncoder.Options {
        var options = CorpusEncoder.Options()
        options.filingsPerShard = 4
        options.workers = 2
        return options
    }

    /// The first six raw filings of `../shared/data` (of very different sizes), their index and prices, and a
    /// fresh folder; nil when the shared data is missing (a failure under CI).
    static func rawFilings(tag: String) throws -> (
        root: String, paths: [String], index: FilingIndex, prices: PriceLibrary, spy: PriceHistory
    )? {
        guard let shared = try ExternalTools.require(Fixtures.sharedData, "../shared/data") else { return nil }
        let root = FileManager.default.temporaryDirectory.appendingPathComponent("\(tag)-\(UUID().uuidString)").path
        try FileManager.default.createDirectory(atPath: root, withIntermediateDirectories: true)
        let folder = shared.appendingPathComponent("filings-2023").path
        let names = try FileManager.default.contentsOfDirectory(atPath: folder).filter { $0.hasSuffix(".htm.gz") }
            .sorted().prefix(6)
        let prices = try PriceLibrary.load(folder: shared.appendingPathComponent("prices").path)
        return (
            root, names.map { folder + "/" + $0 }, try FilingIndex.read(folder + "/INDEX.csv"), prices,
            try #require(prices["SPY"])
        )
    }

    @Test("raw filings encode to the same bytes on 1 and 2 workers, and every step's wall and CPU time is reported")
    func rawFilingsWorkersAndPhases() throws {
        // Six raw filings of very different sizes, so that largest-first scheduling reorders the units.
        guard let (root, paths, index, prices, spy) = try Self.rawFilings(tag: "encode-raw") else { return }
        defer { try? FileManager.default.removeItem(atPath: root) }
        var summaries: [CorpusEncoder.Summary] = []
        for workers in [1, 2] {
            var options = CorpusEncoder.Options()
            options.filingsPerShard = 1
            options.workers = workers
            summaries.append(
                try CorpusEncoder.encode(
                    filings: paths, index: index, prices: prices, benchmark: spy, options: options,
                    out: root + "/tokens-\(workers)"))
        }
        let files = try FileManager.default.contentsOfDirectory(atPath: root + "/tokens-1").sorted()
        #expect(files.filter { $0.hasSuffix(".ftshard") }.count > 2)
        #expect(try FileManager.default.contentsOfDirectory(atPath: root + "/tokens-2").sorted() == files)
        for name in files {
            #expect(
                try FileData.read(root + "/tokens-1/" + name) == FileData.read(root + "/tokens-2/" + name), "\(name)")
        }
        for (workers, summary) in zip([1, 2], summaries) {
            let names = summary.phases.map(\.name)
            for step in ["plan", "pass 1", "merge", "labels", "vocabulary", "pass 2"] {
                #expect(names.contains(step), "\(step) missing from \(names)")
            }
            for step in ["pass 1: read and split sections", "pass 1: clean", "pass 1: count words", "pass 2: encode"] {
                #expect(names.contains(step), "\(step) missing from \(names)")
            }
            let pass1 = try #require(summary.phases.first { $0.name == "pass 1" })
            #expect(pass1.threadCPUSeconds.count == workers)
            #expect(pass1.threadCPUSeconds.allSatisfy { $0 > 0 })
            #expect(pass1.wallSeconds > 0 && pass1.cpuSeconds > 0)
            // The sub-steps are inside the pass: their CPU cannot exceed the workers'.
            let inside = summary.phases.filter { $0.name.hasPrefix("pass 1:") }.reduce(0) { $0 + $1.cpuSeconds }
            #expect(inside > 0 && inside <= pass1.threadCPUSeconds.reduce(0, +) * 1.01 + 0.001)
        }
    }

    @Test("the dataset holds what prepare + the in-memory tokenizer produce: documents, labels, returns, ids")
    func matchesPrepare() throws {
        let (root, filings) = try Self.corpus(10, tag: "prepare")
        defer { try? FileManager.default.removeItem(atPath: root) }
        let (library, spy) = try Self.prices()
        let summary = try CorpusEncoder.encode(
            filings: [filings], index: FilingIndex(), prices: library, benchmark: spy, options: Self.options(),
            out: root + "/tokens")
        let dataset = try TokenDataset(folder: root + "/tokens")
        let loaded = try FilingLoader.load(paths: [filings])
        let prepared = try DatasetPreparation.prepare(filings: loaded.filings, prices: library, benchmark: spy)
        let records = prepared.manifest.records
        #expect(dataset.count == records.count)
        #expect(dataset.shards.count == summary.manifest.shards.count)
        #expect(dataset.shards.count > 1)
        #expect(dataset.metadata.map(\.id) == records.map(\.id))
        #expect(dataset.labels == records.map(\.label))
        #expect(dataset.metadata.map(\.excessReturn) == records.map(\.excessReturn))
        #expect(dataset.metadata.map(\.filingDate) == records.map(\.filingDate.description))
        #expect(summary.edges == prepared.edges)
        let texts = records.map {
            StockPerformanceClassifier.clean(
                StockPerformanceClassifier.document(for: $0), configuration: ClassifierConfiguration())
        }
        var tokenizer = Tokenizer()
        tokenizer.fit(on: texts)
        #expect(dataset.tokenizer.toKerasJSON() == tokenizer.toKerasJSON())
        let sequences = tokenizer.sequences(for: texts)
        for k in 0..<dataset.count { #expect(dataset.tokens(of: k) == sequences[k]) }
        // The staging folder is gone; the dataset is whole.
        #expect(!FileManager.default.fileExists(atPath: root + "/tokens.partial"))
        // A second encode to the same folder is refused and leaves the dataset as it was.
        #expect(throws: DatasetError.self) {
            try CorpusEncoder.encode(
                filings: [filings], index: FilingIndex(), prices: library, benchmark: spy, options: Self.options(),
                out: root + "/tokens")
        }
        #expect(try TokenDataset(folder: root + "/tokens").count == records.count)
    }

    @Test("encode with saved edges labels new filings as prepare --edges does, and keeps those edges")
    func savedEdges() throws {
        let (library, spy) = try Self.prices()
        let (trainingRoot, trainingFilings) = try Self.corpus(12, tag: "edges-fit")
        defer { try? FileManager.default.removeItem(atPath: trainingRoot) }
        let fitted = try DatasetPreparation.prepare(
            filings: FilingLoader.load(paths: [trainingFilings]).filings, prices: library, benchmark: spy
        ).edges
        let (root, filings) = try Self.corpus(12, tag: "edges-new", skipping: 12)
        defer { try? FileManager.default.removeItem(atPath: root) }
        var options = Self.options()
        options.preparation.edges = fitted
        let summary = try CorpusEncoder.encode(
            filings: [filings], index: FilingIndex(), prices: library, benchmark: spy, options: options,
            out: root + "/tokens")
        let dataset = try TokenDataset(folder: root + "/tokens")
        let prepared = try DatasetPreparation.prepare(
            filings: FilingLoader.load(paths: [filings]).filings, prices: library, benchmark: spy,
            options: options.preparation)
        let refitted = try DatasetPreparation.prepare(
            filings: FilingLoader.load(paths: [filings]).filings, prices: library, benchmark: spy)
        #expect(summary.edges == fitted)
        #expect(try GroupedQuantileEdges.read(from: root + "/tokens/edges.json") == fitted)
        #expect(dataset.labels == prepared.manifest.records.map(\.label))
        // The saved edges matter: fitting on these filings would label them otherwise.
        #expect(refitted.edges != fitted)
    }

    @Test("train --dataset --split time re-fits the labels on the training filings as train --data does")
    func timeSplitLabels() throws {
        let (root, filings) = try Self.corpus(16, tag: "time")
        defer { try? FileManager.default.removeItem(atPath: root) }
        let (library, spy) = try Self.prices()
        _ = try CorpusEncoder.encode(
            filings: [filings], index: FilingIndex(), prices: library, benchmark: spy, options: Self.options(),
            out: root + "/tokens")
        let prepared = try DatasetPreparation.prepare(
            filings: FilingLoader.load(paths: [filings]).filings, prices: library, benchmark: spy)
        let manifest = root + "/dataset.jsonl"
        try prepared.manifest.write(to: manifest)
        try prepared.edges.write(to: manifest + ".edges.json")
        var configuration = ClassifierConfiguration()
        configuration.split = .timeOrdered(validationFraction: 0.3)
        let fromManifest = try TrainingJob.labelledRecords(manifest: manifest, configuration: configuration)
        let fromDataset = try TrainingJob.labelledRecords(
            dataset: TokenDataset(folder: root + "/tokens"), configuration: configuration)
        #expect(fromDataset.records.map(\.id) == fromManifest.records.map(\.id))
        #expect(fromDataset.records.map(\.label) == fromManifest.records.map(\.label))
        #expect(fromDataset.records.map(\.label) != prepared.manifest.records.map(\.label))
        #expect(fromDataset.labels == fromManifest.labels)
    }

    @Test("--shard i/n parts are disjoint and complete, and merging them gives the same documents and labels")
    func shardedParts() throws {
        let (root, filings) = try Self.corpus(10, tag: "parts")
        defer { try? FileManager.default.removeItem(atPath: root) }
        let (library, spy) = try Self.prices()
        let options = Self.options()
        let whole = try CorpusEncoder.plan(paths: [filings], selection: .all, options: options)
        let allKeys = whole.units.flatMap { $0.map(\.key) }
        for n in [1, 2, 3, 5] {
            var seen: [String] = []
            for i in 0..<n {
                let part = try CorpusEncoder.plan(
                    paths: [filings], selection: ShardSelection(index: i, count: n), options: options)
                seen += part.units.flatMap { $0.map(\.key) }
            }
            #expect(seen.count == allKeys.count, "n = \(n)")
            #expect(Set(seen) == Set(allKeys), "n = \(n)")
        }
        // Adding a filing never moves the others: the part of a key depends on the key alone.
        #expect(
            allKeys.map { ShardSelection.part(of: $0, count: 3) } == allKeys.map { StableHash.of($0) % 3 }.map(Int.init)
        )
        var parts: [String] = []
        for i in 0..<3 {
            let folder = root + "/part-\(i)"
            _ = try CorpusEncoder.stage(
                filings: [filings], index: FilingIndex(), prices: library, benchmark: spy,
                selection: ShardSelection(index: i, count: 3), options: options, into: folder)
            parts.append(folder)
        }
        // Parts may be given in any order; a missing part is an error naming it.
        #expect(throws: ClassifierError.self) { try CorpusEncoder.merge(parts: Array(parts.prefix(2))) }
        let merged = try CorpusEncoder.merge(parts: parts.reversed())
        _ = try CorpusEncoder.finish(parts: parts.reversed(), merged: merged, out: root + "/merged", options: options)
        _ = try CorpusEncoder.encode(
            filings: [filings], index: FilingIndex(), prices: library, benchmark: spy, options: options,
            out: root + "/single")
        let a = try TokenDataset(folder: root + "/merged")
        let b = try TokenDataset(folder: root + "/single")
        #expect(Set(a.metadata.map(\.id)) == Set(b.metadata.map(\.id)))
        let labelsA = Dictionary(uniqueKeysWithValues: zip(a.metadata.map(\.id), a.labels))
        let labelsB = Dictionary(uniqueKeysWithValues: zip(b.metadata.map(\.id), b.labels))
        #expect(labelsA == labelsB)
        // Same words per document (ids differ only where the vocabulary's tie order follows corpus order).
        let wordsA = a.tokenizer.indexWord
        let wordsB = b.tokenizer.indexWord
        let rowOfB = Dictionary(uniqueKeysWithValues: b.metadata.enumerated().map { ($1.id, $0) })
        for k in 0..<a.count {
            let row = try #require(rowOfB[a.metadata[k].id])
            #expect(a.tokens(of: k).map { wordsA[Int($0)] } == b.tokens(of: row).map { wordsB[Int($0)] })
        }
        #expect(a.tokenizer.fittedCounts.documentCount == b.tokenizer.fittedCounts.documentCount)
    }

    @Test("an interrupted encode resumes pass 1, and a part folder of another plan is refused")
    func resume() throws {
        let (root, filings, part) = try Self.stagedPart(7, tag: "resume")
        defer { try? FileManager.default.removeItem(atPath: root) }
        let (library, spy) = try Self.prices()
        let options = Self.options()
        let finished = try Data(contentsOf: URL(fileURLWithPath: part + "/unit-00000.json"))
        // Simulate a crash in the middle of unit 1 (its summary never written) and rerun.
        try FileManager.default.removeItem(atPath: part + "/unit-00001.json")
        #expect(throws: ClassifierError.self) { try CorpusEncoder.merge(parts: [part]) }
        _ = try CorpusEncoder.stage(
            filings: [filings], index: FilingIndex(), prices: library, benchmark: spy, selection: .all,
            options: options, into: part)
        #expect(FileManager.default.fileExists(atPath: part + "/unit-00001.json"))
        #expect(try Data(contentsOf: URL(fileURLWithPath: part + "/unit-00000.json")) == finished)
        // Other settings into the same folder: refused, nothing changed.
        var other = options
        other.preparation.bins = 4
        #expect(throws: ClassifierError.self) {
            _ = try CorpusEncoder.stage(
                filings: [filings], index: FilingIndex(), prices: library, benchmark: spy, selection: .all,
                options: other, into: part)
        }
        // Merging with other labelling options than the parts were staged with is refused.
        let merged = try CorpusEncoder.merge(parts: [part])
        #expect(throws: ClassifierError.self) {
            _ = try CorpusEncoder.finish(parts: [part], merged: merged, out: root + "/x", options: other)
        }
        // A user's folder is never used as a part folder.
        try FileManager.default.createDirectory(atPath: root + "/mine", withIntermediateDirectories: true)
        try "keep".write(toFile: root + "/mine/a.txt", atomically: true, encoding: .utf8)
        #expect(throws: ClassifierError.self) {
            _ = try CorpusEncoder.stage(
                filings: [filings], index: FilingIndex(), prices: library, benchmark: spy, selection: .all,
                options: options, into: root + "/mine")
        }
        #expect(try String(contentsOfFile: root + "/mine/a.txt", encoding: .utf8) == "keep")
    }

    /// Found by FuzzEncodeUnit (Fuzz/crashes/FuzzEncodeUnit/): a staged unit whose `.texts` file holds fewer
    /// texts than its `.json` lists trapped in pass 2 (index out of range); and, by the review that came with
    /// the target, a unit whose word-count columns differ in length trapped in the merge, and a `part.json`
    /// with a part count below 1 trapped in the plan check. A rerun of `encode` resumes from these files,
    /// so a crash or a copy can leave them damaged: each is now an error naming the file (and the field).
    @Test("a damaged staged unit or part plan is refused naming the file, never a crash")
    func damagedPartFolder() throws {
        let (root, _, part) = try Self.stagedPart(7, tag: "damaged")
        defer { try? FileManager.default.removeItem(atPath: root) }
        let options = Self.options()
        func message(_ body: () throws -> Void) -> String {
            do {
                try body()
                return "no error"
            } catch { return "\(error)" }
        }
        /// Damages `name` with `change`, runs merge and finish, restores the file and returns the error.
        func damage(_ name: String, _ change: (inout [UInt8]) throws -> Void) throws -> String {
            let path = part + "/" + name
            let original = try FileData.read(path)
            defer { try? Data(original).write(to: URL(fileURLWithPath: path)) }
            var bytes = original
            try change(&bytes)
            try Data(bytes).write(to: URL(fileURLWithPath: path))
            return message {
                let merged = try CorpusEncoder.merge(parts: [part])
                _ = try CorpusEncoder.finish(
                    parts: [part], merged: merged, out: root + "/out-" + name, options: options)
            }
        }
        // The texts cut in half: pass 2 reaches their end before the last section the unit lists.
        let short = try damage("unit-00000.texts") { $0.removeLast($0.count / 2) }
        #expect(short.contains(part + "/unit-00000.texts: byte ") && short.contains("rerun encode"), "\(short)")
        // One count fewer than words.
        let columns = try damage("unit-00000.json") { bytes in
            var unit = try #require(try JSONSerialization.jsonObject(with: Data(bytes)) as? [String: Any])
            var counts = try #require(unit["counts"] as? [String: Any])
            counts["counts"] = try #require(counts["counts"] as? [Int]).dropLast().map { $0 }
            unit["counts"] = counts
            bytes = Array(try JSONSerialization.data(withJSONObject: unit))
        }
        #expect(
            columns.contains(part + "/unit-00000.json: not a staged encode unit") && columns.contains("counts.counts"),
            "\(columns)")
        // A part count of -1.
        let plan = try damage("part.json") { bytes in
            bytes = Array(
                String(decoding: bytes, as: UTF8.self).replacingOccurrences(of: #""count":1"#, with: #""count":-1"#)
                    .utf8)
        }
        #expect(plan.contains(part + "/part.json: not a part plan") && plan.contains("-1"), "\(plan)")
        // Undamaged again: the dataset is written.
        let merged = try CorpusEncoder.merge(parts: [part])
        _ = try CorpusEncoder.finish(parts: [part], merged: merged, out: root + "/out", options: options)
    }
}
