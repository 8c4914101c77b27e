import ArgumentParser
import FinText
import Foundation

/// `train-classifier encode`: filings + prices → a sharded token dataset, in one process or in parts.
struct EncodeCommand: ParsableCommand {
    static let configuration = CommandConfiguration(
        commandName: "encode",
        abstract: "Encode filings and prices into a sharded token dataset for corpora larger than memory.",
        discussion: """
            Pass 1 reads, extracts, prices, cleans and counts the words of units of --filings-per-shard filings on --threads threads; the counts and returns are merged; the Keras tokenizer vocabulary is fitted from the merged counts and the equal-frequency bins from the merged returns (or the saved --edges are applied to them); pass 2 encodes each unit into one shard. DIR appears only when complete (it is written as DIR.partial, and a rerun resumes pass 1); an existing DIR is never overwritten.

            With --shard i/n only pass 1 runs, over the filings whose stable hash falls in part i of n, into the part folder DIR; `encode --merge PART... --out DATASET` (with the same labelling and tokenizer options) then combines the n parts.

            With --distributed, each rank of an MPI job (mpirun -np N or srun) runs pass 1 over part rank/N and pass 2 over its own units (--threads threads each); the word counts and returns are exchanged with an MPI all-gather, so every rank fits the tokenizer and bins one process would, and rank 0 writes the manifest. DIR must be on a file system every rank shares (docs/distributed.md).

            Example: train-classifier encode --filings data/sections-2023.jsonl.gz --prices data/prices --out runs/tokens
            """)

    @Option(name: .long, parsing: .upToNextOption, help: ArgumentHelp("Filing files or folders.", valueName: "path"))
    var filings: [String] = []

    @Option(help: ArgumentHelp("CSV mapping file names to cik, ticker, filing_date, sic.", valueName: "index.csv"))
    var index: String?

    @Option(help: ArgumentHelp("Folder of TICKER.csv price files, or one CSV with a Ticker column.", valueName: "path"))
    var prices: String?

    @OptionGroup var labelling: LabellingOptions

    @Option(help: "Keras num_words of the vocabulary (default: every word; must match training's --config).")
    var maxWords: Int?

    @Option(help: "Filings per unit of work and per shard.")
    var filingsPerShard = 64

    @Option(help: "Threads for both passes (default: all cores).")
    var threads = ProcessInfo.processInfo.activeProcessorCount

    @Option(help: ArgumentHelp("Run pass 1 only, over part i of n of the filings.", valueName: "i/n"))
    var shard: String?

    @Option(
        name: .long, parsing: .upToNextOption,
        help: ArgumentHelp("Merge these part folders (written with --shard) into the dataset.", valueName: "part"))
    var merge: [String] = []

    @Option(help: ArgumentHelp("The dataset folder to write (the part folder with --shard).", valueName: "dir"))
    var out: String

    @Flag(
        help:
            "Encode as one rank of an MPI job started by mpirun or srun; each rank reads and encodes its part of the filings."
    )
    var distributed = false

    @Option(
        help: ArgumentHelp(
            "With --distributed: folder of the per-rank logs rank-R.log (default: DIR.rank-logs).", valueName: "dir"))
    var rankLogs: String?

    func validate() throws {
        if merge.isEmpty {
            guard !filings.isEmpty else { throw ValidationError("--filings expects at least one file or folder") }
            guard prices != nil else { throw ValidationError("--prices is required (or --merge parts)") }
        } else if !filings.isEmpty || shard != nil {
            throw ValidationError("--merge combines finished parts; it takes no --filings or --shard")
        }
        if distributed && (shard != nil || !merge.isEmpty) {
            throw ValidationError("--distributed splits the filings by rank itself; it takes no --shard or --merge")
        }
        if rankLogs != nil && !distributed { throw ValidationError("--rank-logs applies to --distributed only") }
        if let shard, ShardSelection(shard) == nil {
            throw ValidationError("--shard expects i/n with 0 <= i < n, for example 0/4. Received: \(shard)")
        }
        guard filingsPerShard >= 1 else { throw ValidationError("--filings-per-shard expects at least 1") }
        guard threads >= 1 else { throw ValidationError("--threads expects at least 1") }
        if let maxWords, maxWords < 2 { throw ValidationError("--max-words expects at least 2") }
    }

    func encoderOptions() throws -> CorpusEncoder.Options {
        var options = CorpusEncoder.Options()
        options.preparation = try labelling.preparation()
        options.horizonText = labelling.horizon
        options.maxWords = maxWords
        options.filingsPerShard = filingsPerShard
        options.workers = threads
        return options
    }

    func run() throws {
        if distributed {
            try DistributedOptions.runAsRank(watchdogSeconds: nil, logs: rankLogs ?? "\(out).rank-logs") {
                communicator in
                let options = try encoderOptions()
                let filingIndex = try index.map { try FilingIndex.read($0) } ?? FilingIndex()
                let (library, benchmark, _) = try PrepareCommand.loadPrices(
                    prices ?? "", benchmark: labelling.benchmark)
                let summary = try CorpusEncoder.encode(
                    filings: filings, index: filingIndex, prices: library, benchmark: benchmark, options: options,
                    out: out, communicator: communicator)
                if communicator.rank == 0 {
                    Self.noteUnresolved(summary)
                    print(Self.describe(summary, out: out) + "\nRanks: \(communicator.size)")
                }
                return "dataset=\(summary.manifest.datasetID)"
            }
            return
        }
        try reportingErrors {
            let options = try encoderOptions()
            if !merge.isEmpty {
                let merged = try CorpusEncoder.merge(parts: merge)
                let summary = try CorpusEncoder.finish(parts: merge, merged: merged, out: out, options: options)
                Self.noteUnresolved(summary)
                print(Self.describe(summary, out: out))
                return
            }
            let filingIndex = try index.map { try FilingIndex.read($0) } ?? FilingIndex()
            let (library, benchmark, _) = try PrepareCommand.loadPrices(prices ?? "", benchmark: labelling.benchmark)
            if let shard, let selection = ShardSelection(shard) {
                let seconds = try CorpusEncoder.stage(
                    filings: filings, index: filingIndex, prices: library, benchmark: benchmark,
                    selection: selection, options: options, into: out)
                print(
                    "Pass 1 of part \(selection) written to \(out) in \(String(format: "%.1f", seconds)) s; merge all parts with encode --merge"
                )
                return
            }
            let summary = try CorpusEncoder.encode(
                filings: filings, index: filingIndex, prices: library, benchmark: benchmark, options: options, out: out)
            Self.noteUnresolved(summary)
            print(Self.describe(summary, out: out))
        }
    }

    /// What the extractor could not resolve in the filings, on standard error (decision 0143).
    static func noteUnresolved(_ summary: CorpusEncoder.Summary) {
        for warning in summary.unresolved { note("warning: \(warning)") }
    }

    static func describe(_ summary: CorpusEncoder.Summary, out: String) -> String {
        let m = summary.manifest
        let megabytes = Double(summary.inputBytes) / 1e6
        var lines = [
            "Encoded \(summary.filings) filings, \(m.documents) documents, \(m.tokens) tokens in \(m.shards.count) shards → \(out)",
            String(
                format: "Input %.1f MB; pass 1 %.1f s (%.1f MB/s), merge and pass 2 %.1f s", megabytes,
                summary.seconds.stage, summary.seconds.stage > 0 ? megabytes / summary.seconds.stage : 0,
                summary.seconds.finish),
        ]
        if !summary.skipped.isEmpty {
            lines.append("Left out \(summary.skipped.count) filings:")
            lines += summary.skipped.prefix(20).map { "  \($0)" }
            if summary.skipped.count > 20 { lines.append("  … and \(summary.skipped.count - 20) more") }
        }
        lines += summary.warnings.map { "warning: \($0)" }
        return lines.joined(separator: "\n")
    }
}
