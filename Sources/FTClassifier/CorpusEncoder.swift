public import FTDataset
import FTIO
public import FTMarket
import FTParallel
public import FTText
import Foundation

/// Filings and prices → a sharded token dataset, without ever holding the corpus (`train-classifier
/// encode`, `docs/dataset-format.md`).
///
/// The work is three steps, each usable on its own so that several processes (or MPI ranks) can share it:
/// 1. ``stage(filings:index:prices:benchmark:selection:options:into:)`` — pass 1 over one part of the
///    input filings (all of them, or `--shard i/n`): units of `filingsPerShard` filings are read,
///    split into sections, priced, cleaned and their words counted, on `workers` threads; each unit's
///    cleaned texts, word counts and returns are written to the part folder as the unit finishes, so a
///    rerun resumes after the last finished unit.
/// 2. ``merge(parts:)`` — a pure reduction of the parts' results: word counts merged in part order
///    (`WordCounts.merged`), returns merged, duplicates dropped. Bin edges need every filing's return,
///    so labels exist only after this step.
/// 3. ``finish(parts:merged:out:options:)`` — fits the Keras tokenizer from the merged counts, labels the
///    filings, and (pass 2) encodes each unit's texts into one shard on `workers` threads, writing the
///    dataset atomically.
///
/// Memory is bounded by a unit (plus one JSON Lines input file while its lines are staged), the merged
/// vocabulary and one record per filing — not by the corpus.
public enum CorpusEncoder {
    /// What `encode` does.
    public struct Options: Sendable {
        /// Horizon, bins, binning, industry filter, after-close (as `prepare`).
        public var preparation = DatasetPreparation.Options()
        /// The horizon as given on the command line, recorded in each document's metadata.
        public var horizonText = "4w"
        /// Cleaning as the classifier: prefix each document with its section title.
        public var prefixSectionTitle = true
        /// Cleaning as the classifier: prefix each document with its ticker.
        public var prefixTicker = true
        /// Keras `num_words` of the vocabulary (nil: every word).
        public var maxWords: Int?
        /// Filings per unit of work, and so per shard (default 64, about 250 documents).
        public var filingsPerShard = 64
        /// Threads for both passes.
        public var workers = Processors.available
        /// The items kept.
        public var items = FilingLoader.studyItems

        /// The defaults.
        public init() {}

        /// The settings recorded in `dataset.json` and compared between parts.
        public var settings: [String: String] {
            [
                "prefix_section_title": "\(prefixSectionTitle)", "prefix_ticker": "\(prefixTicker)",
                "max_words": maxWords.map(String.init) ?? "none", "horizon": horizonText,
                "bins": "\(preparation.bins)", "binning": preparation.binning.rawValue,
                "industries": (preparation.industries ?? []).sorted().joined(separator: ","),
                "after_close": "\(preparation.afterClose)", "items": items.joined(separator: ","),
            ]
        }

        /// The cleaning configuration the classifier would use with these settings.
        var cleaning: ClassifierConfiguration {
            var configuration = ClassifierConfiguration()
            configuration.prefixSectionTitle = prefixSectionTitle
            configuration.prefixTicker = prefixTicker
            return configuration
        }
    }

    /// One input filing: a raw file, or one line of a JSON Lines file of sections.
    public struct Input: Sendable, Codable, Equatable {
        /// The file.
        public var path: String
        /// The 1-based line for JSON Lines input.
        public var line: Int?
        /// The key `--shard` hashes: the file name, or the line's accession number.
        public var key: String
    }

    /// The plan of one part, written first into its folder as `part.json`.
    struct Plan: Sendable, Codable, Equatable {
        var selection: ShardSelection
        var settings: [String: String]
        var units: [[Input]]
    }

    /// A filing staged by pass 1: its metadata, return and the number of section texts staged for it.
    struct StagedFiling: Sendable, Codable {
        var id: String
        var cik: String
        var company: String
        var industry: String
        var sections: [String]
        var result: EventReturn
        /// Its index in the unit's inputs (`Plan.units[k]`), which places it in corpus order (optional so
        /// that a unit written without it still reads).
        var input: Int? = nil
    }

    /// What pass 1 wrote for one unit (`unit-NNNNN.json`, beside `unit-NNNNN.texts`).
    struct UnitResult: Sendable, Codable {
        var counts: WordCounts
        var filings: [StagedFiling]
        var skipped: [String]
        var dropped: [String]
        var inputBytes: Int
        /// What the section extractor could not resolve in the unit's kept raw filings, each "FILE: Item N: …"
        /// (optional so that a unit written without it still reads).
        var unresolved: [String]?
        /// The number of distinct words in `counts` after each of `filings` was counted: word `w` first
        /// appeared in the first filing `k` with `wordsAfterFiling[k] > w` (what a distributed merge needs
        /// to order the words of several ranks as one process would; optional as `unresolved`).
        var wordsAfterFiling: [Int]? = nil
    }

    /// The reduction of all parts: what pass 2 needs.
    public struct Merged: Sendable {
        /// Word counts of every staged document, in corpus order.
        public var counts: WordCounts
        /// Every staged filing's return (duplicates removed), in corpus order.
        public var returns: [EventReturn]
        /// SIC code by filing id.
        public var industryOf: [String: String]
        /// Filings left out, with reasons (unreadable, no sections, no prices, repeated).
        public var skipped: [String]
        /// Bytes of raw input read by pass 1.
        public var inputBytes: Int
        /// Filing ids kept: the first of each id in corpus order.
        var kept: Set<String>
        /// What the section extractor could not resolve in the raw filings read, each "FILE: Item N: …".
        public var unresolved: [String] = []
        /// The staged filings of each unit (by unit path without extension), read once by the merge so
        /// that pass 2 does not decode the units again.
        var filingsOfUnit: [String: [StagedFiling]] = [:]
        /// The phases timed so far (pass 1 when run in this process, then the merge).
        var log = PhaseLog()
    }

    /// What `encode` produced.
    public struct Summary: Sendable {
        /// The dataset's table of contents.
        public var manifest: TokenDatasetManifest
        /// Filings labelled.
        public var filings: Int
        /// Filings left out, with reasons.
        public var skipped: [String]
        /// The bin edges.
        public var edges: GroupedQuantileEdges
        /// Raw input bytes read.
        public var inputBytes: Int
        /// Seconds of pass 1 and of merge + pass 2.
        public var seconds: (stage: Double, finish: Double)
        /// Wall and CPU time of each step (pass 1 only when it ran in this process), in the order run.
        public var phases: [EncodePhase] = []
        /// Bins holding fewer than `DatasetPreparation.minimumFilingsPerBin` filings, as `prepare` reports them.
        public var warnings: [String] = []
        /// What the section extractor could not resolve in the raw filings read (an index entry, an item
        /// incorporated by reference to an exhibit that is not in the file), each "FILE: Item N: …";
        /// `encode` prints them on standard error, as `prepare` does (decision 0143).
        public var unresolved: [String] = []
    }

    // MARK: Planning

    /// The inputs under `paths` in load order that `selection` takes, grouped into units.
    /// - Throws: `IOError` when a path does not exist or a JSON Lines file cannot be read.
    static func plan(
        paths: [String], selection: ShardSelection, options: Options
    ) throws(IOError) -> Plan {
        var units: [[Input]] = []
        var current: [Input] = []
        var currentFile: String?
        func close() {
            if !current.isEmpty { units.append(current) }
            current = []
        }
        for file in try FilingLoader.files(in: paths) {
            if FilingLoader.isJSONLines(file) {
                close()
                // Lines as `FilingLoader` numbers and reads them (CRLF-aware; blank lines are no filing).
                TextLines.forEach(in: try FileData.readUTF8(file)) { number, line in
                    if line.utf8.allSatisfy({ $0 == 0x20 || $0 == 0x09 }) { return }
                    let key = accession(of: line) ?? "\(file):\(number)"
                    guard selection.contains(key) else { return }
                    current.append(Input(path: file, line: number, key: key))
                    if current.count == options.filingsPerShard { close() }
                }
                close()
                currentFile = nil
            } else {
                if currentFile != nil { close() }
                currentFile = nil
                let key = FilingIndex.key(file)
                guard selection.contains(key) else { continue }
                current.append(Input(path: file, line: nil, key: key))
                if current.count == options.filingsPerShard { close() }
            }
        }
        close()
        return Plan(selection: selection, settings: options.settings, units: units)
    }

    /// The `accession` (or `id`) of a JSON Lines filing, read without decoding the sections.
    static func accession(of line: Substring) -> String? {
        guard let object = try? JSONValue.parse(String(line)) else { return nil }
        for key in ["accession", "id"] {
            switch object[key] {
            case .string(let value): return value
            case .int(let value): return String(value)
            default: continue
            }
        }
        return nil
    }

    /// The bytes of raw input at `path`: a file's size, or the sum of a submission folder's files.
    static func inputBytes(of path: String) -> Int {
        func size(_ file: String) -> Int {
            (try? FileManager.default.attributesOfItem(atPath: file)[.size] as? Int) ?? 0
        }
        guard FileData.isDirectory(path) else { return size(path) }
        let names = (try? FileManager.default.contentsOfDirectory(atPath: path)) ?? []
        return names.reduce(0) { $0 + size(path + "/" + $1) }
    }

    // MARK: Pass 1

    /// Pass 1 over the part `selection` of the filings under `paths`, into `folder` (created if missing).
    ///
    /// Resumes when `folder` holds the same plan from an interrupted run (finished units are kept).
    /// - Returns: The seconds it took.
    /// - Throws: `IOError` for unreadable inputs or an unwritable folder; `ClassifierError.data` when
    ///   `folder` exists but holds another plan or is not a part folder (it is never overwritten).
    public static func stage(
        filings paths: [String], index: FilingIndex, prices: PriceLibrary, benchmark: PriceHistory,
        selection: ShardSelection, options: Options, into folder: String
    ) throws -> Double {
        try stage(
            filings: paths, index: index, prices: prices, benchmark: benchmark, selection: selection,
            options: options, into: folder, log: PhaseLog())
    }

    static func stage(
        filings paths: [String], index: FilingIndex, prices: PriceLibrary, benchmark: PriceHistory,
        selection: ShardSelection, options: Options, into folder: String, log: PhaseLog
    ) throws -> Double {
        let started = Date()
        let plan = try log.serial("plan") { () throws -> Plan in
            try Self.plan(paths: paths, selection: selection, options: options)
        }
        let planPath = folder + "/part.json"
        let encoder = JSONEncoder()
        encoder.outputFormatting = [.sortedKeys]
        if FileManager.default.fileExists(atPath: planPath) {
            let existing = try JSONDecoder().decode(Plan.self, from: Data(FileData.read(planPath)))
            guard existing == plan else {
                throw ClassifierError.data(
                    "\(planPath) holds another plan (other inputs, settings or --shard); use another folder")
            }
        } else {
            let entries = (try? FileManager.default.contentsOfDirectory(atPath: folder)) ?? []
            guard entries.isEmpty else {
                throw ClassifierError.data("\(folder) exists and is not an encode part folder; not overwritten")
            }
            try AtomicFile.createFolder(folder)
            try AtomicFile.write(Array(try encoder.encode(plan)), to: planPath)
        }
        try log.measure("pass 1") {
            ((), try runStage(plan, index: index, prices: prices, benchmark: benchmark, options: options, folder, log))
        }
        return Date().timeIntervalSince(started)
    }

    static func unitName(_ k: Int) -> String {
        let digits = String(k)
        return "unit-" + String(repeating: "0", count: max(0, 5 - digits.count)) + digits
    }

    /// Runs pass 1 over the unfinished units of `plan`; returns each worker thread's CPU seconds.
    private static func runStage(
        _ plan: Plan, index: FilingIndex, prices: PriceLibrary, benchmark: PriceHistory, options: Options,
        _ folder: String, _ log: PhaseLog
    ) throws -> [Double] {
        // Units are processed in runs that share one JSON Lines file (read once per run) or hold raw files.
        // A run of raw files is every consecutive raw unit, largest input first: one pool with no barrier
        // between groups, and the big units started early so that no worker is left with one at the end.
        var k = 0
        var threadCPU: [Double] = []
        while k < plan.units.count {
            let jsonLines = plan.units[k][0].line != nil ? plan.units[k][0].path : nil
            var end = k + 1
            while end < plan.units.count
                && (plan.units[end][0].line != nil ? plan.units[end][0].path : nil) == jsonLines
            {
                end += 1
            }
            var pending = (k..<end).filter { !FileManager.default.fileExists(atPath: "\(folder)/\(unitName($0)).json") }
            if jsonLines == nil {
                let size = Dictionary(
                    uniqueKeysWithValues: pending.map { u in
                        (u, plan.units[u].reduce(0) { $0 + inputBytes(of: $1.path) })
                    })
                pending.sort { (size[$0]!, $1) > (size[$1]!, $0) }
            }
            if !pending.isEmpty {
                let lines: [Substring]
                if let jsonLines {
                    var all: [Substring] = []
                    TextLines.forEach(in: try FileData.readUTF8(jsonLines)) { _, line in all.append(line) }
                    lines = all
                } else {
                    lines = []
                }
                let pendingUnits = pending
                let spent = try WorkerPool.forEach(count: pendingUnits.count, workers: options.workers) { p in
                    let unit = pendingUnits[p]
                    try stageUnit(
                        plan.units[unit], lines: lines, index: index, prices: prices, benchmark: benchmark,
                        options: options, to: "\(folder)/\(unitName(unit))", log: log)
                }
                threadCPU = (0..<max(threadCPU.count, spent.count)).map {
                    ($0 < threadCPU.count ? threadCPU[$0] : 0) + ($0 < spent.count ? spent[$0] : 0)
                }
            }
            k = end
        }
        return threadCPU
    }

    /// Pass 1 for one unit: read, price, clean, count; writes `<base>.texts` then `<base>.json`.
    static func stageUnit(
        _ inputs: [Input], lines: [Substring], index: FilingIndex, prices: PriceLibrary, benchmark: PriceHistory,
        options: Options, to base: String, log: PhaseLog = PhaseLog()
    ) throws {
        var filings: [SourceFiling] = []
        var skipped: [String] = []
        var unresolved: [String] = []
        var inputBytes = 0
        for input in inputs {
            let outcome: Result<SourceFiling, SkippedFiling>?
            if let line = input.line {
                inputBytes += lines[line - 1].utf8.count
                outcome = log.substep("pass 1: read and split sections") {
                    FilingLoader.parseLine(
                        lines[line - 1], source: "\(input.path):\(line)", index: index, items: options.items)
                }
            } else {
                inputBytes += Self.inputBytes(of: input.path)
                outcome = log.substep("pass 1: read and split sections") {
                    FilingLoader.readRaw(input.path, index: index, items: options.items)
                }
            }
            switch outcome {
            case .success(let filing):
                filings.append(filing)
                unresolved += filing.warnings.map { "\(filing.source): \($0)" }
            case .failure(let skip): skipped.append(skip.description)
            case nil: break
            }
        }
        let (kept, returns, skips, dropped) = log.substep("pass 1: price") {
            DatasetPreparation.price(
                filings: filings, prices: prices, benchmark: benchmark, options: options.preparation)
        }
        skipped += skips.map(\.description)
        let returnOf = Dictionary(returns.map { ($0.event.id, $0) }, uniquingKeysWith: { a, _ in a })
        // The input of each filing (its `source` is the path, or "path:line" for JSON Lines).
        let inputOf = Dictionary(
            inputs.enumerated().map { k, input in (input.line.map { "\(input.path):\($0)" } ?? input.path, k) },
            uniquingKeysWith: { a, _ in a })
        var tokenizer = Tokenizer(maxWords: options.maxWords)
        var texts: [UInt8] = []
        var staged: [StagedFiling] = []
        var wordsAfterFiling: [Int] = []
        let cleaning = options.cleaning
        for filing in kept {
            guard let result = returnOf[filing.id] else { continue }
            for section in filing.sections {
                var clean = log.substep("pass 1: clean") {
                    StockPerformanceClassifier.clean(
                        ClassifierDocument(
                            id: filing.id, text: section.text, section: section.item, ticker: filing.ticker),
                        configuration: cleaning)
                }
                clean.withUTF8 { bytes in
                    log.substep("pass 1: count words") { tokenizer.fit(document: bytes) }
                    withUnsafeBytes(of: UInt32(bytes.count).littleEndian) { texts += $0 }
                    texts += bytes
                }
            }
            staged.append(
                StagedFiling(
                    id: filing.id, cik: filing.cik, company: filing.company, industry: filing.sic ?? "unknown",
                    sections: filing.sections.map(\.item), result: result, input: inputOf[filing.source]))
            wordsAfterFiling.append(tokenizer.vocabularyCount)
        }
        try log.substep("pass 1: write unit (JSON, fsync)") {
            let unit = UnitResult(
                counts: tokenizer.fittedCounts, filings: staged, skipped: skipped,
                dropped: dropped.map(\.description), inputBytes: inputBytes, unresolved: unresolved,
                wordsAfterFiling: wordsAfterFiling)
            try AtomicFile.write(texts, to: base + ".texts")
            let encoder = JSONEncoder()
            encoder.outputFormatting = [.sortedKeys]
            try AtomicFile.write(Array(try encoder.encode(unit)), to: base + ".json")
        }
    }

    // MARK: Merge

    /// The plans of `parts` in part order, checked to be one complete, compatible set.
    /// - Throws: `ClassifierError.data` naming the part folder: no `part.json`, other settings, another
    ///   part count, a part given twice or missing, or an unfinished unit.
    static func plans(of parts: [String]) throws -> [(folder: String, plan: Plan)] {
        var loaded: [(folder: String, plan: Plan)] = []
        for folder in parts {
            let path = folder + "/part.json"
            guard FileManager.default.fileExists(atPath: path) else {
                throw ClassifierError.data("\(folder): no part.json; not a part written by encode --shard")
            }
            let plan: Plan
            do { plan = try JSONDecoder().decode(Plan.self, from: Data(FileData.read(path))) } catch {
                throw ClassifierError.data("\(path): not a part plan: \(error)")
            }
            for k in plan.units.indices where !FileManager.default.fileExists(atPath: "\(folder)/\(unitName(k)).json") {
                throw ClassifierError.data(
                    "\(folder): unit \(k) of \(plan.units.count) is unfinished; rerun encode --shard \(plan.selection) to resume it"
                )
            }
            if let first = loaded.first {
                guard plan.settings == first.plan.settings else {
                    throw ClassifierError.data("\(path): encoded with other settings than \(first.folder)")
                }
                guard plan.selection.count == first.plan.selection.count else {
                    throw ClassifierError.data(
                        "\(path): part \(plan.selection) does not belong with \(first.plan.selection) of \(first.folder)"
                    )
                }
            }
            loaded.append((folder, plan))
        }
        let n = loaded.first?.plan.selection.count ?? 0
        let indices = loaded.map(\.plan.selection.index)
        guard Set(indices).count == indices.count else {
            throw ClassifierError.data("a part was given twice: \(indices.map { "\($0)/\(n)" })")
        }
        if let missing = (0..<n).first(where: { !indices.contains($0) }) {
            throw ClassifierError.data("part \(missing)/\(n) is missing; merge needs all \(n) parts")
        }
        return loaded.sorted { $0.plan.selection.index < $1.plan.selection.index }
    }

    /// The staged results of the unit at `base` (`<base>.json`).
    /// - Throws: `IOError` for an unreadable file; `ClassifierError.data` naming the file and the field when
    ///   it is not a unit (a damaged part folder: removing the file makes a rerun stage the unit again).
    static func readUnit(_ base: String) throws -> UnitResult {
        let bytes = try FileData.read(base + ".json")
        do {
            return try JSONDecoder().decode(UnitResult.self, from: Data(bytes))
        } catch let error as DecodingError {
            throw ClassifierError.data(
                "\(base).json: not a staged encode unit (\(error.fieldMessage)); remove it and rerun encode to stage the unit again"
            )
        }
    }

    /// Step 2: the reduction of the parts' pass-1 results (word counts, returns, skipped filings), in
    /// part order — a pure function of the part folders' contents.
    /// - Throws: as `plans(of:)`, or `IOError` for an unreadable unit.
    public static func merge(parts: [String]) throws -> Merged {
        try merge(parts: parts, log: PhaseLog(), workers: Processors.available)
    }

    /// `merge(parts:)` timing its steps into `log`; units are decoded `workers` at a time in parallel, 32
    /// per group (so at most 32 units' word counts are held), and reduced in unit order.
    static func merge(parts: [String], log: PhaseLog, workers: Int) throws -> Merged {
        var counts = WordCounts()
        var merged = Merged(counts: WordCounts(), returns: [], industryOf: [:], skipped: [], inputBytes: 0, kept: [])
        let bases = try log.serial("check parts") {
            try plans(of: parts).flatMap { folder, plan in plan.units.indices.map { "\(folder)/\(unitName($0))" } }
        }
        try log.measure("merge") {
            var threadCPU: [Double] = []
            for group in stride(from: 0, to: bases.count, by: 32) {
                let slice = Array(bases[group..<min(bases.count, group + 32)])
                let units = Slots<UnitResult>(count: slice.count)
                let spent = try WorkerPool.forEach(count: slice.count, workers: workers) { k in
                    units.set(k, try readUnit(slice[k]))
                }
                threadCPU = (0..<max(threadCPU.count, spent.count)).map {
                    ($0 < threadCPU.count ? threadCPU[$0] : 0) + ($0 < spent.count ? spent[$0] : 0)
                }
                let read = units.values()
                counts = WordCounts.merged([counts] + read.map(\.counts))
                for (base, unit) in zip(slice, read) {
                    merged.skipped += unit.skipped + unit.dropped
                    merged.unresolved += unit.unresolved ?? []
                    merged.inputBytes += unit.inputBytes
                    merged.filingsOfUnit[base] = unit.filings
                    for filing in unit.filings {
                        if merged.kept.insert(filing.id).inserted {
                            merged.returns.append(filing.result)
                            merged.industryOf[filing.id] = filing.industry
                        } else {
                            merged.skipped.append("\(filing.id): filing appears twice; the first is kept")
                        }
                    }
                }
            }
            return ((), threadCPU)
        }
        merged.counts = counts
        merged.log = log
        return merged
    }

    // MARK: Pass 2

    /// Step 3: vocabulary, labels and pass 2, writing the dataset to `out` atomically.
    /// - Throws: `ClassifierError.data` when no filing was labelled or the bins cannot be formed;
    ///   `DatasetError` when `out` exists (it is never overwritten) or cannot be written.
    public static func finish(parts: [String], merged: Merged, out: String, options: Options) throws
        -> Summary
    {
        let started = Date()
        let log = merged.log
        let (labels, tokenizer, datasetID) = try vocabularyAndLabels(merged, options: options, log: log)
        let builder = try TokenDatasetBuilder(
            destination: out, tokenizer: tokenizer, classes: options.preparation.bins, datasetID: datasetID,
            keepStaging: true)
        removeShards(in: builder.staging)
        let planned = try log.serial("check parts") { try plans(of: parts) }
        if let first = planned.first, first.plan.settings != options.settings {
            let differing = Set(first.plan.settings.keys).union(options.settings.keys).sorted().filter {
                first.plan.settings[$0] != options.settings[$0]
            }
            throw ClassifierError.data(
                "\(first.folder) was staged with other settings: "
                    + differing.map {
                        "\($0) \(first.plan.settings[$0] ?? "unset") ≠ \(options.settings[$0] ?? "unset")"
                    }
                    .joined(separator: ", "))
        }
        // Units in corpus order; each unit with a labelled document becomes the next shard. A filing
        // belongs to the first unit that staged it (its owner).
        var units: [String] = []
        var filingsOfUnit: [[StagedFiling]] = []
        var ownerOf: [String: Int] = [:]
        try log.serial("assign shards") {
            for (folder, plan) in planned {
                for k in plan.units.indices {
                    let base = "\(folder)/\(unitName(k))"
                    let filings = try merged.filingsOfUnit[base] ?? readUnit(base).filings
                    let owned = filings.filter { ownerOf[$0.id] == nil }
                    guard !owned.isEmpty else { continue }
                    for filing in owned { ownerOf[filing.id] = units.count }
                    units.append(base)
                    filingsOfUnit.append(filings)
                }
            }
        }
        let owned = filingsOfUnit.enumerated().map { s, filings in filings.map { ownerOf[$0.id] == s } }
        let shards = try writeShards(
            units: units, filings: filingsOfUnit, owned: owned, firstNumber: 0, builder: builder, labels: labels,
            options: options, log: log)
        let edges = labels.edges
        let manifest = try log.serial("finish (vocabulary file, manifest, rename)") {
            try builder.finish(
                shards: shards, settings: options.settings,
                files: ["edges.json": Array(try edges.jsonData())], remove: ["stage"])
        }
        var summary = Summary(
            manifest: manifest, filings: labels.labelByFiling.count, skipped: merged.skipped, edges: edges,
            inputBytes: merged.inputBytes, seconds: (0, Date().timeIntervalSince(started)),
            warnings: DatasetPreparation.binWarnings(
                returns: merged.returns, labels: labels, industryOf: merged.industryOf, options: options.preparation),
            unresolved: merged.unresolved)
        summary.phases = log.recorded
        return summary
    }

    /// The labels of the merged returns, the tokenizer of the merged counts and the dataset's id (a hash of
    /// the vocabulary, the settings and every filing's label in corpus order).
    /// - Throws: `ClassifierError.data` when no filing was labelled or the bins cannot be formed.
    static func vocabularyAndLabels(_ merged: Merged, options: Options, log: PhaseLog) throws -> (
        labels: FilingLabels, tokenizer: Tokenizer, datasetID: UInt64
    ) {
        guard !merged.returns.isEmpty else {
            throw ClassifierError.data(
                "no filing could be labelled:\n  " + merged.skipped.prefix(20).joined(separator: "\n  "))
        }
        let labels = try log.serial("labels") {
            try DatasetPreparation.label(
                returns: merged.returns, industryOf: merged.industryOf, options: options.preparation)
        }
        let tokenizer = log.serial("vocabulary") { Tokenizer(counts: merged.counts, maxWords: options.maxWords) }
        var identity = StableHash()
        identity.combine(TokenDatasetManifest.vocabularyFingerprint(of: tokenizer))
        for (key, value) in options.settings.sorted(by: { $0.key < $1.key }) { identity.combine(key + "=" + value) }
        for r in merged.returns { identity.combine("\(r.event.id)=\(labels.labelByFiling[r.event.id] ?? -1)") }
        return (labels, tokenizer, identity.value)
    }

    /// Removes the shards an earlier attempt left in `staging`.
    static func removeShards(in staging: String) {
        for name in (try? FileManager.default.contentsOfDirectory(atPath: staging)) ?? []
        where name.hasSuffix(".ftshard") {
            try? FileManager.default.removeItem(atPath: staging + "/" + name)
        }
    }

    /// Pass 2: encodes the staged unit `units[s]` (its filings `filings[s]`, of which those marked in
    /// `owned[s]` and labelled become documents) into shard `firstNumber + s`, on `options.workers` threads.
    /// - Returns: The shards' manifest entries, in unit order.
    /// - Throws: `IOError` for an unreadable unit, `DatasetError` for a shard that cannot be written.
    static func writeShards(
        units shardUnits: [String], filings shardFilings: [[StagedFiling]], owned: [[Bool]], firstNumber: Int,
        builder: TokenDatasetBuilder, labels: FilingLabels, options: Options, log: PhaseLog
    ) throws -> [TokenDatasetManifest.Shard] {
        let tokenizer = builder.tokenizer
        let entries = Slots<TokenDatasetManifest.Shard>(count: shardUnits.count)
        // Largest texts first, so that no worker is left with a big unit at the end; shard `s` is still
        // unit `s`, whichever worker encodes it.
        let textBytes = shardUnits.map { Self.inputBytes(of: $0 + ".texts") }
        let order = shardUnits.indices.sorted { (textBytes[$0], $1) > (textBytes[$1], $0) }
        try log.measure("pass 2") {
            (
                (),
                try WorkerPool.forEach(count: order.count, workers: options.workers) { job in
                    let s = order[job]
                    let texts = try log.substep("pass 2: read texts") { try FileData.read(shardUnits[s] + ".texts") }
                    var writer = builder.shardWriter()
                    var offset = 0
                    for (j, filing) in shardFilings[s].enumerated() {
                        let keep = owned[s][j]
                        for section in filing.sections {
                            // The unit's JSON says how many texts there are; the texts file must hold them.
                            guard texts.count - offset >= 4 else {
                                throw Self.damagedTexts(shardUnits[s], offset: offset, filing: filing.id, section)
                            }
                            let length = Int(
                                UInt32(
                                    littleEndian: texts.withUnsafeBytes {
                                        $0.loadUnaligned(fromByteOffset: offset, as: UInt32.self)
                                    }))
                            guard texts.count - offset - 4 >= length else {
                                throw Self.damagedTexts(shardUnits[s], offset: offset, filing: filing.id, section)
                            }
                            let range = (offset + 4)..<(offset + 4 + length)
                            offset = range.upperBound
                            guard keep, let label = labels.labelByFiling[filing.id] else { continue }
                            var ids: [Int32] = []
                            log.substep("pass 2: encode") {
                                texts[range].withUnsafeBufferPointer { tokenizer.appendSequence(for: $0, to: &ids) }
                            }
                            let r = filing.result
                            writer.append(
                                tokens: ids,
                                metadata: DocumentMetadata(
                                    id: "\(filing.id)/\(section)", cik: filing.cik, ticker: r.event.ticker,
                                    company: filing.company, section: section, industry: filing.industry,
                                    filingDate: r.event.filingDate.description, horizon: options.horizonText,
                                    rawReturn: r.raw, benchmarkReturn: r.benchmark, excessReturn: r.excess, label: label
                                ))
                        }
                    }
                    entries.set(
                        s,
                        try log.substep("pass 2: write shard (checksums, fsync)") {
                            try builder.write(writer, number: firstNumber + s)
                        })
                }
            )
        }
        return entries.values()
    }

    /// The error for a unit whose `.texts` file ends before the text of `filing`'s `section` that its
    /// `.json` lists (a damaged part folder).
    static func damagedTexts(_ base: String, offset: Int, filing: String, _ section: String) -> ClassifierError {
        .data(
            "\(base).texts: byte \(offset): the staged texts end before section \(section) of filing \(filing) that \(base).json lists; remove both files and rerun encode to stage the unit again"
        )
    }

    /// The whole of `encode` in one process: pass 1 into `<out>.partial/stage`, merge, pass 2.
    /// A rerun after a crash resumes pass 1 where it stopped; `out` appears only when complete.
    /// - Throws: as `stage`, `merge` and `finish`.
    public static func encode(
        filings paths: [String], index: FilingIndex, prices: PriceLibrary, benchmark: PriceHistory,
        options: Options, out: String
    ) throws -> Summary {
        let log = PhaseLog()
        let staging = try TokenDatasetBuilder.prepareStaging(for: out, keep: true)
        let stageFolder = staging + "/stage"
        let planned = try plan(paths: paths, selection: .all, options: options)
        if let existing = try? JSONDecoder().decode(Plan.self, from: Data(FileData.read(stageFolder + "/part.json"))),
            existing != planned
        {
            try? FileManager.default.removeItem(atPath: stageFolder)  // our own earlier attempt at other inputs
        }
        let stageSeconds = try stage(
            filings: paths, index: index, prices: prices, benchmark: benchmark, selection: .all, options: options,
            into: stageFolder, log: log)
        let merged = try merge(parts: [stageFolder], log: log, workers: options.workers)
        var summary = try finish(parts: [stageFolder], merged: merged, out: out, options: options)
        summary.seconds.stage = stageSeconds
        return summary
    }
}

/// Write-once slots filled by pool workers, read in index order when all are done.
final class Slots<Value: Sendable>: @unchecked Sendable {
    private var slots: [Value?]
    private let lock = NSLock()
    init(count: Int) { slots = Array(repeating: nil, count: count) }
    func set(_ k: Int, _ value: Value) { lock.withLock { slots[k] = value } }
    func values() -> [Value] { lock.withLock { slots.compactMap { $0 } } }
}
