import FTDataset
public import FTDistributed
import FTIO
public import FTMarket
import FTText
import Foundation

/// `encode --distributed`: the three steps of ``CorpusEncoder`` run by the ranks of an MPI job
/// (decision 0185). Each rank runs pass 1 over its own part (`--shard rank/N`), the ranks exchange their
/// word tables and returns with one all-gather, every rank merges them into the table one process would
/// have counted (Keras's tie order included), and each rank encodes its own units into shards; rank 0
/// writes the manifest.
extension CorpusEncoder {
    /// A filing staged by one rank, placed in corpus order.
    struct RankFiling: Sendable, Codable {
        var id: String
        /// ``corpusPosition(_:fileOrder:)`` of its input.
        var position: Int
        var industry: String
        var result: EventReturn
    }

    /// One rank's pass-1 results, as sent to every rank: its word table with, for each word, the corpus
    /// position of the filing where the rank first counted it, and its filings.
    struct RankTable: Sendable, Codable {
        /// `Options.settings` of the rank, compared between ranks.
        var settings: [String: String]
        /// A hash of the input files in load order, compared between ranks.
        var inputs: UInt64
        var words: [String]
        var counts: [Int]
        var documents: [Int]
        /// Corpus position of the filing where each word first appeared on this rank.
        var firstSeen: [Int]
        var documentCount: Int
        var filings: [RankFiling]
        var skipped: [String]
        var unresolved: [String]
        var inputBytes: Int
    }

    /// The units a rank encodes in pass 2: each unit's path without extension, its staged filings and
    /// their corpus positions.
    struct RankUnits: Sendable {
        var bases: [String] = []
        var filings: [[StagedFiling]] = []
        var positions: [[Int]] = []
    }

    /// Where an input stands in the order one process reads the corpus: the file's index among the
    /// loaded files, then its line (0 for a raw filing).
    static func corpusPosition(_ input: Input, fileOrder: [String: Int]) -> Int {
        (fileOrder[input.path] ?? Int(UInt32.max)) << 32 | (input.line ?? 0)
    }

    /// The table of one part folder (units read in order), and its units for pass 2.
    /// - Throws: `IOError` for an unreadable unit; `ClassifierError.data` naming a unit staged by an
    ///   earlier version without word positions.
    static func rankTable(
        folder: String, plan: Plan, fileOrder: [String: Int], inputs: UInt64, options: Options
    ) throws -> (table: RankTable, units: RankUnits) {
        var table = RankTable(
            settings: options.settings, inputs: inputs, words: [], counts: [], documents: [], firstSeen: [],
            documentCount: 0, filings: [], skipped: [], unresolved: [], inputBytes: 0)
        var units = RankUnits()
        var slot: [String: Int] = [:]
        for k in plan.units.indices {
            let base = "\(folder)/\(unitName(k))"
            let unit = try readUnit(base)
            guard let ends = unit.wordsAfterFiling, ends.count == unit.filings.count,
                let inputIndices = Optional(unit.filings.compactMap(\.input)),
                inputIndices.count == unit.filings.count, inputIndices.allSatisfy(plan.units[k].indices.contains),
                unit.counts.words.isEmpty || !unit.filings.isEmpty
            else {
                throw ClassifierError.data(
                    "\(base).json: staged by an earlier encode without word positions; remove \(folder) and rerun")
            }
            let positions = inputIndices.map { corpusPosition(plan.units[k][$0], fileOrder: fileOrder) }
            var filing = 0
            for w in unit.counts.words.indices {
                while filing < ends.count - 1 && ends[filing] <= w { filing += 1 }
                let word = unit.counts.words[w]
                if let at = slot[word] {
                    table.counts[at] += unit.counts.counts[w]
                    table.documents[at] += unit.counts.documents[w]
                } else {
                    slot[word] = table.words.count
                    table.words.append(word)
                    table.counts.append(unit.counts.counts[w])
                    table.documents.append(unit.counts.documents[w])
                    table.firstSeen.append(positions[filing])
                }
            }
            table.documentCount += unit.counts.documentCount
            for (j, staged) in unit.filings.enumerated() {
                table.filings.append(
                    RankFiling(id: staged.id, position: positions[j], industry: staged.industry, result: staged.result))
            }
            table.skipped += unit.skipped + unit.dropped
            table.unresolved += unit.unresolved ?? []
            table.inputBytes += unit.inputBytes
            units.bases.append(base)
            units.filings.append(unit.filings)
            units.positions.append(positions)
        }
        return (table, units)
    }

    /// The reduction of every rank's table (index = rank): the word table of the whole corpus in the order
    /// one process would have counted it (each word placed by the corpus position of its first
    /// appearance, counts summed), the returns in corpus order with a repeated filing id keeping its first
    /// occurrence, and the corpus position of the filing that owns each id.
    /// - Throws: `ClassifierError.data` naming the first rank whose settings or inputs differ from rank 0's.
    static func combine(_ tables: [RankTable]) throws -> (merged: Merged, owner: [String: Int]) {
        if let first = tables.first {
            for (rank, table) in tables.enumerated() {
                guard table.settings == first.settings else {
                    let differing = Set(first.settings.keys).union(table.settings.keys).sorted().filter {
                        first.settings[$0] != table.settings[$0]
                    }
                    throw ClassifierError.data(
                        "rank \(rank) runs with other settings than rank 0: "
                            + differing.map {
                                "\($0) \(table.settings[$0] ?? "unset") ≠ \(first.settings[$0] ?? "unset")"
                            }
                            .joined(separator: ", "))
                }
                guard table.inputs == first.inputs else {
                    throw ClassifierError.data(
                        "rank \(rank) sees other --filings than rank 0 (another list of files); every rank must read the same paths"
                    )
                }
            }
        }
        // Each word's first appearance in the corpus: the smallest (position, rank, index) of the ranks'.
        struct Slot {
            var position: Int
            var rank: Int
            var index: Int
            var count: Int
            var documents: Int
        }
        var slots: [String: Slot] = [:]
        var documentCount = 0
        for (rank, table) in tables.enumerated() {
            documentCount += table.documentCount
            for w in table.words.indices {
                let word = table.words[w]
                if var slot = slots[word] {
                    slot.count += table.counts[w]
                    slot.documents += table.documents[w]
                    if (table.firstSeen[w], rank, w) < (slot.position, slot.rank, slot.index) {
                        (slot.position, slot.rank, slot.index) = (table.firstSeen[w], rank, w)
                    }
                    slots[word] = slot
                } else {
                    slots[word] = Slot(
                        position: table.firstSeen[w], rank: rank, index: w, count: table.counts[w],
                        documents: table.documents[w])
                }
            }
        }
        let ordered = slots.sorted {
            ($0.value.position, $0.value.rank, $0.value.index) < ($1.value.position, $1.value.rank, $1.value.index)
        }
        let counts = WordCounts(
            words: ordered.map(\.key), counts: ordered.map(\.value.count), documents: ordered.map(\.value.documents),
            documentCount: documentCount)
        var merged = Merged(
            counts: counts, returns: [], industryOf: [:], skipped: [], inputBytes: 0, kept: [])
        for table in tables {
            merged.skipped += table.skipped
            merged.unresolved += table.unresolved
            merged.inputBytes += table.inputBytes
        }
        var owner: [String: Int] = [:]
        for filing in tables.flatMap(\.filings).sorted(by: { $0.position < $1.position }) {
            if merged.kept.insert(filing.id).inserted {
                merged.returns.append(filing.result)
                merged.industryOf[filing.id] = filing.industry
                owner[filing.id] = filing.position
            } else {
                merged.skipped.append("\(filing.id): filing appears twice; the first is kept")
            }
        }
        return (merged, owner)
    }

    /// `encode` as one rank of an MPI job (`mpirun -np N train-classifier encode --distributed`).
    ///
    /// Rank `r` of `N` runs pass 1 over part `r/N` (as `--shard r/N`) into its own folder
    /// `<out>.partial/stage-r-of-N` (resumed by a rerun with the same `N`); one all-gather exchanges the
    /// ranks' word tables and returns; every rank merges them as one process would, fits the same
    /// tokenizer and bins, and encodes its own units into shards (numbered after the lower ranks');
    /// rank 0 checks every shard is there, writes the manifest and renames `<out>.partial` to `out`.
    /// `out` must be on a file system every rank shares.
    ///
    /// The dataset has the vocabulary, labels, bin edges, dataset id and documents (metadata and token
    /// ids) of a one-process `encode` of the same filings; its shards group the documents by rank, so
    /// their order differs (decision 0185).
    /// - Returns: The summary, the same on every rank (`skipped` and `unresolved` over all ranks).
    /// - Throws: as `encode`; `ClassifierError.data` when the ranks' settings or inputs differ, or a shard
    ///   is not visible to rank 0; `DistributedError` when a collective fails. A rank that throws must end
    ///   the job (the other ranks wait in a collective).
    public static func encode(
        filings paths: [String], index: FilingIndex, prices: PriceLibrary, benchmark: PriceHistory,
        options: Options, out: String, communicator: any Communicator
    ) throws -> Summary {
        let log = PhaseLog()
        let (rank, size) = (communicator.rank, communicator.size)
        // Rank 0 creates (or reuses) the staging folder, refusing an existing `out`, before anyone uses it.
        var staging = ""
        if rank == 0 { staging = try TokenDatasetBuilder.prepareStaging(for: out, keep: true) }
        try communicator.barrier()
        if rank != 0 { staging = try TokenDatasetBuilder.prepareStaging(for: out, keep: true) }
        let folder = "\(staging)/stage-\(rank)-of-\(size)"
        let selection = ShardSelection(index: rank, count: size)
        let planned = try plan(paths: paths, selection: selection, options: options)
        if let existing = try? JSONDecoder().decode(Plan.self, from: Data(FileData.read(folder + "/part.json"))),
            existing != planned
        {
            try? FileManager.default.removeItem(atPath: folder)  // this rank's earlier attempt at other inputs
        }
        let stageSeconds = try stage(
            filings: paths, index: index, prices: prices, benchmark: benchmark, selection: selection,
            options: options, into: folder, log: log)
        let started = Date()
        let files = try FilingLoader.files(in: paths)
        var inputs = StableHash()
        for file in files { inputs.combine(file) }
        let fileOrder = Dictionary(files.enumerated().map { ($1, $0) }, uniquingKeysWith: { a, _ in a })
        let (table, units) = try log.serial("rank table") {
            try rankTable(folder: folder, plan: planned, fileOrder: fileOrder, inputs: inputs.value, options: options)
        }
        let encoder = JSONEncoder()
        encoder.outputFormatting = [.sortedKeys]
        let tables = try log.serial("all-gather word tables") {
            try communicator.allgather(bytes: Array(try encoder.encode(table))).map {
                try JSONDecoder().decode(RankTable.self, from: Data($0))
            }
        }
        var (merged, owner) = try log.serial("merge ranks") { try combine(tables) }
        merged.log = log
        let (labels, tokenizer, datasetID) = try vocabularyAndLabels(merged, options: options, log: log)
        if rank == 0 { removeShards(in: staging) }
        // A unit becomes a shard when it owns a filing (the filing's first occurrence in corpus order).
        var shardUnits: [String] = []
        var shardFilings: [[StagedFiling]] = []
        var shardOwned: [[Bool]] = []
        for k in units.bases.indices {
            let owned = units.filings[k].indices.map { owner[units.filings[k][$0].id] == units.positions[k][$0] }
            guard owned.contains(true) else { continue }
            shardUnits.append(units.bases[k])
            shardFilings.append(units.filings[k])
            shardOwned.append(owned)
        }
        let shardCounts = try communicator.allgather([UInt64(shardUnits.count)]).map { Int($0[0]) }
        let builder = try TokenDatasetBuilder(
            destination: out, tokenizer: tokenizer, classes: options.preparation.bins, datasetID: datasetID,
            keepStaging: true)
        let shards = try writeShards(
            units: shardUnits, filings: shardFilings, owned: shardOwned,
            firstNumber: shardCounts[..<rank].reduce(0, +), builder: builder, labels: labels, options: options,
            log: log)
        let written = try log.serial("all-gather shards") {
            try communicator.allgather(bytes: Array(try encoder.encode(shards))).map {
                try JSONDecoder().decode([TokenDatasetManifest.Shard].self, from: Data($0))
            }
        }
        var manifestBytes: [UInt8] = []
        if rank == 0 {
            for (writer, entries) in written.enumerated() {
                for entry in entries where !FileManager.default.fileExists(atPath: staging + "/" + entry.file) {
                    throw ClassifierError.data(
                        "\(staging)/\(entry.file): written by rank \(writer) but not visible to rank 0; --out must be on a file system every rank shares"
                    )
                }
            }
            let stageFolders = ((try? FileManager.default.contentsOfDirectory(atPath: staging)) ?? []).filter {
                $0.hasPrefix("stage")
            }
            let manifest = try log.serial("finish (vocabulary file, manifest, rename)") {
                try builder.finish(
                    shards: written.flatMap { $0 }, settings: options.settings,
                    files: ["edges.json": Array(try labels.edges.jsonData())], remove: stageFolders)
            }
            manifestBytes = Array(try encoder.encode(manifest))
        }
        // Every rank returns once the dataset is in place.
        try communicator.broadcast(&manifestBytes, root: 0)
        var summary = Summary(
            manifest: try JSONDecoder().decode(TokenDatasetManifest.self, from: Data(manifestBytes)),
            filings: labels.labelByFiling.count, skipped: merged.skipped, edges: labels.edges,
            inputBytes: merged.inputBytes, seconds: (stageSeconds, Date().timeIntervalSince(started)),
            warnings: DatasetPreparation.binWarnings(
                returns: merged.returns, labels: labels, industryOf: merged.industryOf, options: options.preparation),
            unresolved: merged.unresolved)
        summary.phases = log.recorded
        return summary
    }
}
