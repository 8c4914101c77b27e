import FTDataset
import FTTestSupport
import FinText
import Foundation
import Testing

@testable import FTClassifier

/// `encode --distributed` without a launcher: the ranks' pass-1 results combined in one process, and the
/// whole distributed path on a one-rank communicator (the multi-rank runs under mpirun are CLI tests).
@Suite("encode --distributed: ranks' word tables and returns combine as one process counts them", .serialized)
struct DistributedEncodeTests {
    /// Pass 1 of `paths` in one part and in `n` parts (as ranks run it) under `root`; returns the one-part
    /// merge, the ranks' combination, and the `--merge` of the `n` parts.
    static func stages(
        _ paths: [String], index: FilingIndex, prices: PriceLibrary, benchmark: PriceHistory,
        options: CorpusEncoder.Options, ranks n: Int, root: String
    ) throws -> (one: CorpusEncoder.Merged, ranks: CorpusEncoder.Merged, parts: CorpusEncoder.Merged) {
        let whole = root + "/whole-\(n)"
        _ = try CorpusEncoder.stage(
            filings: paths, index: index, prices: prices, benchmark: benchmark, selection: .all, options: options,
            into: whole)
        let one = try CorpusEncoder.merge(parts: [whole])
        let files = try FilingLoader.files(in: paths)
        let order = Dictionary(uniqueKeysWithValues: files.enumerated().map { ($1, $0) })
        var tables: [CorpusEncoder.RankTable] = []
        var parts: [String] = []
        for rank in 0..<n {
            let folder = root + "/rank-\(rank)-of-\(n)"
            let selection = ShardSelection(index: rank, count: n)
            _ = try CorpusEncoder.stage(
                filings: paths, index: index, prices: prices, benchmark: benchmark, selection: selection,
                options: options, into: folder)
            let plan = try CorpusEncoder.plan(paths: paths, selection: selection, options: options)
            tables.append(
                try CorpusEncoder.rankTable(folder: folder, plan: plan, fileOrder: order, inputs: 1, options: options)
                    .table)
            parts.append(folder)
        }
        return (one, try CorpusEncoder.combine(tables).merged, try CorpusEncoder.merge(parts: parts))
    }

    /// The first difference between two word tables (order, counts, document counts), or nil.
    static func difference(_ a: WordCounts, _ b: WordCounts) -> String? {
        if a.documentCount != b.documentCount { return "documents counted \(a.documentCount) ≠ \(b.documentCount)" }
        for k in 0..<max(a.count, b.count) {
            let left = k < a.count ? "\(a.words[k]) ×\(a.counts[k]) in \(a.documents[k])" : "nothing"
            let right = k < b.count ? "\(b.words[k]) ×\(b.counts[k]) in \(b.documents[k])" : "nothing"
            if left != right { return "word \(k): \(left) ≠ \(right)" }
        }
        return nil
    }

    @Test("2 and 3 ranks give the one-process word table (Keras tie order included) and returns in corpus order")
    func combineMatchesOneProcess() throws {
        let (root, filings) = try CorpusEncoderTests.corpus(14, tag: "ranks")
        defer { try? FileManager.default.removeItem(atPath: root) }
        let (library, spy) = try CorpusEncoderTests.prices()
        var partOrderDiffers = false
        for n in [2, 3] {
            let (one, ranks, parts) = try Self.stages(
                [filings], index: FilingIndex(), prices: library, benchmark: spy,
                options: CorpusEncoderTests.options(), ranks: n, root: root)
            #expect(Self.difference(ranks.counts, one.counts) == nil, "\(n) ranks")
            #expect(ranks.returns == one.returns, "\(n) ranks")
            #expect(ranks.industryOf == one.industryOf)
            #expect(ranks.inputBytes == one.inputBytes)
            #expect(
                Tokenizer(counts: ranks.counts).toKerasJSON() == Tokenizer(counts: one.counts).toKerasJSON(),
                "\(n) ranks")
            // The parts' merge (`encode --merge`) holds the same words but in part order, which is why the
            // ranks place each word by corpus position instead.
            #expect(Set(parts.counts.words) == Set(one.counts.words))
            if parts.counts.words != one.counts.words { partOrderDiffers = true }
        }
        #expect(partOrderDiffers, "the corpus is too small to tell corpus order from part order")
    }

    @Test("raw filings: 3 ranks give the one-process word table and returns")
    func combineRawFilings() throws {
        guard let (root, paths, index, prices, spy) = try CorpusEncoderTests.rawFilings(tag: "ranks-raw") else {
            return
        }
        defer { try? FileManager.default.removeItem(atPath: root) }
        var options = CorpusEncoder.Options()
        options.filingsPerShard = 2
        options.workers = 2
        let (one, ranks, _) = try Self.stages(
            paths, index: index, prices: prices, benchmark: spy,
            options: options, ranks: 3, root: root)
        #expect(one.returns.count > 2)
        #expect(Self.difference(ranks.counts, one.counts) == nil)
        #expect(ranks.returns == one.returns)
    }

    @Test("on a one-rank communicator the distributed path writes the one-process dataset, byte for byte")
    func oneRankIsOneProcess() throws {
        let (root, filings) = try CorpusEncoderTests.corpus(10, tag: "one-rank")
        defer { try? FileManager.default.removeItem(atPath: root) }
        let (library, spy) = try CorpusEncoderTests.prices()
        let options = CorpusEncoderTests.options()
        let single = try CorpusEncoder.encode(
            filings: [filings], index: FilingIndex(), prices: library, benchmark: spy, options: options,
            out: root + "/single")
        let ranked = try CorpusEncoder.encode(
            filings: [filings], index: FilingIndex(), prices: library, benchmark: spy, options: options,
            out: root + "/ranked", communicator: SingleProcessCommunicator())
        #expect(ranked.manifest == single.manifest)
        #expect(ranked.manifest.shards.count > 1)
        let names = try FileManager.default.contentsOfDirectory(atPath: root + "/single").sorted()
        #expect(try FileManager.default.contentsOfDirectory(atPath: root + "/ranked").sorted() == names)
        for name in names {
            #expect(try FileData.read(root + "/single/" + name) == FileData.read(root + "/ranked/" + name), "\(name)")
        }
        #expect(!FileManager.default.fileExists(atPath: root + "/ranked.partial"))
        // An existing dataset is never overwritten.
        #expect(throws: DatasetError.self) {
            try CorpusEncoder.encode(
                filings: [filings], index: FilingIndex(), prices: library, benchmark: spy, options: options,
                out: root + "/ranked", communicator: SingleProcessCommunicator())
        }
    }

    @Test("ranks started with other settings or other inputs are refused, naming the rank")
    func disagreeingRanks() throws {
        let table = CorpusEncoder.RankTable(
            settings: CorpusEncoder.Options().settings, inputs: 7, words: ["a"], counts: [1], documents: [1],
            firstSeen: [0], documentCount: 1, filings: [], skipped: [], unresolved: [], inputBytes: 0)
        var other = table
        other.settings["max_words"] = "100"
        #expect {
            try CorpusEncoder.combine([table, table, other])
        } throws: {
            "\($0)".contains("rank 2 runs with other settings than rank 0: max_words 100 ≠ none")
        }
        var moved = table
        moved.inputs = 8
        #expect {
            try CorpusEncoder.combine([table, moved])
        } throws: {
            "\($0)".contains("rank 1 sees other --filings than rank 0")
        }
    }
}
