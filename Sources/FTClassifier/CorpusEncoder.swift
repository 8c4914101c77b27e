public import FTDataset
import FTIO
public import FTMarket
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
        public var workers = ProcessInfo.processInfo.activeProcessorCount
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
        let started = Date()
        let plan = try plan(paths: paths, selection: selection, options: options)
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
        try runStage(plan, index: index, prices: prices, benchmark: benchmark, options: options, folder)
        return Date().timeIntervalSince(started)
    }

    static func unitName(_ k: Int) -> String {
        let digits = String(k)
        return "unit-" + String(repeating: "0", count: max(0, 5 - digits.count)) + digits
    }

    private static func runStage(
        _ plan: Plan, index: FilingIndex, prices: PriceLibrary, benchmark: PriceHistory, options: Options,
        _ folder: String
    ) throws {
        // Units are processed in runs that share one JSON Lines file (read once per run) or hold raw files.
        var k = 0
        while k < plan.units.count {
            let jsonLines = plan.units[k][0].line != nil ? plan.units[k][0].path : nil
            var end = k + 1
            while end < plan.units.count
                && (plan.units[end][0].line != nil ? plan.units[end][0].path : nil) == jsonLines
                && (jsonLines != nil || end - k < 4 * options.workers)
            {
                end += 1
            }
            let pending = (k..<end).filter { !FileManager.default.fileExists(atPath: "\(folder)/\(unitName($0)).json") }
            if !pending.isEmpty {
                let lines: [Substring]
                if let jsonLines {
                    var all: [Substring] = []
                    TextLines.forEach(in: try FileData.readUTF8(jsonLines)) { _, line in all.append(line) }
                    lines = all
                } else {
                    lines = []
                }
                try WorkerPool.forEach(count: pending.count, workers: options.workers) { p in
                    let unit = pending[p]
                    try stageUnit(
                        plan.units[unit], lines: lines, index: index, prices: prices, benchmark: benchmark,
                        options: options, to: "\(folder)/\(unitName(unit))")
                }
            }
            k = end
        }
    }

    /// Pass 1 for one unit: read, price, clean, count; writes `<base>.texts` then `<base>.json`.
    static func stageUnit(
        _ inputs: [Input], lines: [Substring], index: FilingIndex, prices: PriceLibrary, benchmark: PriceHistory,
        options: Options, to base: String
    ) throws {
        var filings: [SourceFiling] = []
        var skipped: [String] = []
        var unresolved: [String] = []
        var inputBytes = 0
        for input in inputs {
            let outcome: Result<SourceFiling, SkippedFiling>?
            if let line = input.line {
                inputBytes += lines[line - 1].utf8.count
                outcome = FilingLoader.parseLine(
                    lines[line - 1], source: "\(input.path):\(line)", index: index, items: options.items)
            } else {
                inputBytes += Self.inputBytes(of: input.path)
                outcome = FilingLoader.readRaw(input.path, index: index, items: options.items)
            }
            switch outcome {
            case .success(let filing):
                filings.append(filing)
                unresolved += filing.warnings.map { "\(filing.source): \($0)" }
            case .failure(let skip): skipped.append(skip.description)
            case nil: break
            }
        }
        let (kept, returns, skips, dropped) = DatasetPreparation.price(
            filings: filings, prices: prices, benchmark: benchmark, options: options.preparation)
        skipped += skips.map(\.description)
        let returnOf = Dictionary(returns.map { ($0.event.id, $0) }, uniquingKeysWith: { a, _ in a })
        var tokenizer = Tokenizer(maxWords: options.maxWords)
        var texts: [UInt8] = []
        var staged: [StagedFiling] = []
        let cleaning = options.cleaning
        for filing in kept {
            guard let result = returnOf[filing.id] else { continue }
            for section in filing.sections {
                var clean = StockPerformanceClassifier.clean(
                    ClassifierDocument(
                        id: filing.id, text: section.text, section: section.item, ticker: filing.ticker),
                    configuration: cleaning)
                clean.withUTF8 { bytes in
                    tokenizer.fit(document: bytes)
                    withUnsafeBytes(of: UInt32(bytes.count).littleEndian) { texts += $0 }
                    texts += bytes
                }
            }
            staged.append(
                StagedFiling(
                    id: filing.id, cik: filing.cik, company: filing.company, industry: filing.sic ?? "unknown",
                    sections: filing.sections.map(\.item), result: result))
        }
        let unit = UnitResult(
            counts: tokenizer.fittedCounts, filings: staged, skipped: skipped, dropped: dropped.map(\.description),
            inputBytes: inputBytes, unresolved: unresolved)
        try AtomicFile.write(texts, to: base + ".texts")
        let encoder = JSONEncoder()
        encoder.outputFormatting = [.sortedKeys]
        try AtomicFile.write(Array(try encoder.encode(unit)), to: base + ".json")
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

    static func readUnit(_ base: String) throws -> UnitResult {
        try JSONDecoder().decode(UnitResult.self, from: Data(FileData.read(base + ".json")))
    }

    /// Step 2: the reduction of the parts' pass-1 results (word counts, returns, skipped filings), in
    /// part order — a pure function of the part folders' contents.
    /// - Throws: as `plans(of:)`, or `IOError` for an unreadable unit.
    public static func merge(parts: [String]) throws -> Merged {
        var counts = WordCounts()
        var pending: [WordCounts] = []
        var merged = Merged(counts: WordCounts(), returns: [], industryOf: [:], skipped: [], inputBytes: 0, kept: [])
        for (folder, plan) in try plans(of: parts) {
            for k in plan.units.indices {
                let unit = try readUnit("\(folder)/\(unitName(k))")
                pending.append(unit.counts)
                if pending.count == 32 {
                    counts = WordCounts.merged([counts] + pending)
                    pending = []
                }
                merged.skipped += unit.skipped + unit.dropped
                merged.unresolved += unit.unresolved ?? []
                merged.inputBytes += unit.inputBytes
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
        merged.counts = WordCounts.merged([counts] + pending)
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
        guard !merged.returns.isEmpty else {
            throw ClassifierError.data(
                "no filing could be labelled:\n  " + merged.skipped.prefix(20).joined(separator: "\n  "))
        }
        let labels = try DatasetPreparation.label(
            returns: merged.returns, industryOf: merged.industryOf, options: options.preparation)
        let tokenizer = Tokenizer(counts: merged.counts, maxWords: options.maxWords)
        var identity = StableHash()
        identity.combine(TokenDatasetManifest.vocabularyFingerprint(of: tokenizer))
        for (key, value) in options.settings.sorted(by: { $0.key < $1.key }) { identity.combine(key + "=" + value) }
        for r in merged.returns { identity.combine("\(r.event.id)=\(labels.labelByFiling[r.event.id] ?? -1)") }
        let builder = try TokenDatasetBuilder(
            destination: out, tokenizer: tokenizer, classes: options.preparation.bins, datasetID: identity.value,
            keepStaging: true)
        for name in (try? FileManager.default.contentsOfDirectory(atPath: builder.staging)) ?? []
        where name.hasSuffix(".ftshard") {
            try? FileManager.default.removeItem(atPath: builder.staging + "/" + name)
        }
        let planned = try plans(of: parts)
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
        // Units in corpus order; each unit with a labelled document becomes the next shard.
        var units: [String] = []
        var seen = Set<String>()
        for (folder, plan) in planned {
            for k in plan.units.indices {
                let base = "\(folder)/\(unitName(k))"
                let unit = try readUnit(base)
                // A filing belongs to the first unit that staged it.
                let owned = unit.filings.filter { seen.insert($0.id).inserted }
                if !owned.isEmpty { units.append(base) }
            }
        }
        let entries = Entries(count: units.count)
        let owners = Owners(units: units)
        let shardUnits = units
        try WorkerPool.forEach(count: shardUnits.count, workers: options.workers) { s in
            let unit = try readUnit(shardUnits[s])
            let texts = try FileData.read(shardUnits[s] + ".texts")
            var writer = builder.shardWriter()
            var offset = 0
            for filing in unit.filings {
                let owned = owners.owner(of: filing.id) == s
                for section in filing.sections {
                    let length = Int(
                        UInt32(
                            littleEndian: texts.withUnsafeBytes {
                                $0.loadUnaligned(fromByteOffset: offset, as: UInt32.self)
                            }))
                    let range = (offset + 4)..<(offset + 4 + length)
                    offset = range.upperBound
                    guard owned, let label = labels.labelByFiling[filing.id] else { continue }
                    var ids: [Int32] = []
                    texts[range].withUnsafeBufferPointer { tokenizer.appendSequence(for: $0, to: &ids) }
                    let r = filing.result
                    writer.append(
                        tokens: ids,
                        metadata: DocumentMetadata(
                            id: "\(filing.id)/\(section)", cik: filing.cik, ticker: r.event.ticker,
                            company: filing.company, section: section, industry: filing.industry,
                            filingDate: r.event.filingDate.description, horizon: options.horizonText,
                            rawReturn: r.raw, benchmarkReturn: r.benchmark, excessReturn: r.excess, label: label))
                }
            }
            entries.set(s, try builder.write(writer, number: s))
        }
        let edges = labels.edges
        let manifest = try builder.finish(
            shards: entries.values(), settings: options.settings,
            files: ["edges.json": Array(try edges.jsonData())], remove: ["stage"])
        return Summary(
            manifest: manifest, filings: labels.labelByFiling.count, skipped: merged.skipped, edges: edges,
            inputBytes: merged.inputBytes, seconds: (0, Date().timeIntervalSince(started)),
            warnings: DatasetPreparation.binWarnings(
                returns: merged.returns, labels: labels, industryOf: merged.industryOf, options: options.preparation),
            unresolved: merged.unresolved)
    }

    /// The whole of `encode` in one process: pass 1 into `<out>.partial/stage`, merge, pass 2.
    /// A rerun after a crash resumes pass 1 where it stopped; `out` appears only when complete.
    /// - Throws: as `stage`, `merge` and `finish`.
    public static func encode(
        filings paths: [String], index: FilingIndex, prices: PriceLibrary, benchmark: PriceHistory,
        options: Options, out: String
    ) throws -> Summary {
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
            into: stageFolder)
        let merged = try merge(parts: [stageFolder])
        var summary = try finish(parts: [stageFolder], merged: merged, out: out, options: options)
        summary.seconds.stage = stageSeconds
        return summary
    }
}

/// Write-once manifest entries filled by pass-2 workers.
private final class Entries: @unchecked Sendable {
    private var slots: [TokenDatasetManifest.Shard?]
    private let lock = NSLock()
    init(count: Int) { slots = Array(repeating: nil, count: count) }
    func set(_ k: Int, _ entry: TokenDatasetManifest.Shard) { lock.withLock { slots[k] = entry } }
    func values() -> [TokenDatasetManifest.Shard] { lock.withLock { slots.compactMap { $0 } } }
}

/// Which shard (unit position) owns each filing id: the first unit that staged it.
private final class Owners: Sendable {
    private let ownerOf: [String: Int]
    init(units: [String]) {
        var owner: [String: Int] = [:]
        for (k, base) in units.enumerated() {
            for filing in (try? CorpusEncoder.readUnit(base).filings) ?? [] where owner[filing.id] == nil {
                owner[filing.id] = k
            }
        }
        ownerOf = owner
    }
    func owner(of id: String) -> Int? { ownerOf[id] }
}
