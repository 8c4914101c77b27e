import ArgumentParser
import FinText
import Foundation

/// The text pipeline's measurements: `text speed` (clean + tokenize throughput against the Python reference)
/// and `text sections` (the section extractor over every raw filing in ../shared/data).
struct TextBenchmark: ParsableCommand {
    static let configuration = CommandConfiguration(
        commandName: "text",
        abstract: "Text pipeline: clean+tokenize MB/s vs Python (speed), section extraction success (sections).",
        subcommands: [TextSpeedBenchmark.self, TextSectionsBenchmark.self],
        defaultSubcommand: TextSpeedBenchmark.self)
}

/// Clean + tokenize throughput on a ~200 MB corpus of real 10-K sections, against the Python reference.
struct TextSpeedBenchmark: ParsableCommand {
    static let configuration = CommandConfiguration(
        commandName: "speed",
        abstract: "Clean+tokenize MB/s and documents/s (study cleaner + Keras tokenizer) vs Python, same run.",
        discussion: """
            The corpus is every Item 1/1A/7/7A section (46 characters or more) the extractor finds in the 219 raw
            filings of ../shared/data, repeated up to --megabytes. Swift: Tokenizer.fit(on:cleaningWith:) then
            sequences(for:cleaningWith:) (each pass cleans). Python: scripts/text-reference-benchmark.py (regex
            cleaner, keras-preprocessing 1.1.2 Tokenizer fit_on_texts + texts_to_sequences).
            Example: swift run -c release fintext-benchmark text speed --python /work/venv-text/bin/python
            """)

    @Option(help: "The shared data folder holding filings-2023/ and filings-misc/.")
    var data = "../shared/data"

    @Option(help: "Corpus size in MB (the unique sections are repeated up to this).")
    var megabytes = 200

    @Option(help: "Python with keras-preprocessing installed; the reference is skipped when it cannot run.")
    var python = "/work/venv-text/bin/python"

    @Flag(help: "Skip the Python reference.")
    var skipPython = false

    @Flag(help: "Print one JSON object per measurement.")
    var json = false

    func run() throws {
        var unique: [String] = []
        for folder in ["filings-2023", "filings-misc"] {
            let path = "\(data)/\(folder)"
            guard let names = try? FileManager.default.contentsOfDirectory(atPath: path) else {
                print("skipped: \(path) is absent")
                return
            }
            for name in names.sorted() where name.hasSuffix(".gz") {
                guard let filing = try? FilingReader.read(path: "\(path)/\(name)") else { continue }
                unique += SectionExtractor.extract(from: filing).map(\.text).filter { $0.utf8.count >= 46 }
            }
        }
        let uniqueBytes = unique.reduce(0) { $0 + $1.utf8.count }
        let repeats = max(1, Int((Double(megabytes) * 1e6 / Double(uniqueBytes)).rounded(.up)))
        let corpus = (0..<repeats).lazy.flatMap { _ in unique }
        let documents = unique.count * repeats
        let rawMB = Double(uniqueBytes * repeats) / 1e6
        if !json {
            print(
                "corpus: \(unique.count) sections (\(uniqueBytes / 1_000_000) MB) × \(repeats) = \(documents) documents, "
                    + "\(String(format: "%.0f", rawMB)) MB; \(ProcessInfo.processInfo.activeProcessorCount) cores")
        }
        // One pass: clean once, count and record ids, map to indices (what a Keras user's fit + convert does).
        var tokenizer = Tokenizer()
        var sequences: [[Int32]] = []
        let cpuBefore = processCPUSeconds()
        let total = measureSeconds { sequences = tokenizer.fitAndConvert(corpus, cleaningWith: .study) }
        let coresUsed = (processCPUSeconds() - cpuBefore) / total
        var tokens = 0
        var checksum: UInt64 = 0
        let modulus: UInt64 = 2_147_483_647
        for sequence in sequences {
            tokens += sequence.count
            var h: UInt64 = 0
            for index in sequence { h = (h * 31 + UInt64(index)) % modulus }
            checksum = (checksum + h) % modulus
        }
        sequences = []
        // Two streaming passes (clean twice, keep nothing but the vocabulary): the memory-lean mode.
        var lean = Tokenizer()
        let fitSeconds = measureSeconds { lean.fit(on: corpus, cleaningWith: .study) }
        var leanTokens = 0
        let convertSeconds = measureSeconds {
            lean.forEachSequence(in: corpus, cleaningWith: .study) { leanTokens += $0.count }
        }
        let swiftMBs = rawMB / total
        var fields: [String: Any] = [
            "name": "text_clean_tokenize", "documents": documents, "raw_mb": rawMB,
            "swift_seconds": total, "swift_mb_per_s": swiftMBs, "swift_docs_per_s": Double(documents) / total,
            "swift_two_pass_fit_seconds": fitSeconds, "swift_two_pass_convert_seconds": convertSeconds,
            "swift_two_pass_mb_per_s": rawMB / (fitSeconds + convertSeconds),
            "vocabulary": tokenizer.vocabularyCount, "tokens": tokens,
            "peak_rss_mb": peakResidentMegabytes() ?? -1, "swift_cores_used": coresUsed,
        ]
        if !json {
            print(
                "Swift, one pass (fitAndConvert): \(format(swiftMBs)) MB/s of raw text, "
                    + "\(format(Double(documents) / total)) documents/s (\(format(total)) s, CPU time / wall time "
                    + "\(format(coresUsed)) of \(ProcessInfo.processInfo.activeProcessorCount) cores); vocabulary "
                    + "\(tokenizer.vocabularyCount), \(tokens) tokens")
            print(
                "Swift, two streaming passes: fit (clean+count) \(format(rawMB / fitSeconds)) MB/s, convert "
                    + "(clean+index) \(format(rawMB / convertSeconds)) MB/s; end to end "
                    + "\(format(rawMB / (fitSeconds + convertSeconds))) MB/s; same tokens: \(leanTokens == tokens && lean.vocabularyCount == tokenizer.vocabularyCount)"
            )
            print("peak RSS \(format(peakResidentMegabytes() ?? -1)) MB")
        }
        if !skipPython, let reference = try runPython(unique: unique, repeats: repeats) {
            let clean = reference["clean_seconds"] as? Double ?? .nan
            let fit = reference["fit_seconds"] as? Double ?? .nan
            let convert = reference["convert_seconds"] as? Double ?? .nan
            let cleanedMB = Double(reference["cleaned_bytes"] as? Int ?? 0) / 1e6
            let pythonTotal = clean + fit + convert
            let pythonMBs = rawMB / pythonTotal
            let same =
                (reference["tokens"] as? Int) == tokens
                && (reference["vocabulary"] as? Int) == tokenizer.vocabularyCount
                && (reference["checksum"] as? NSNumber)?.uint64Value == checksum
            fields["python_mb_per_s"] = pythonMBs
            fields["python_docs_per_s"] = Double(documents) / pythonTotal
            fields["python_clean_mb_per_s"] = rawMB / clean
            fields["python_tokenizer_mb_per_s_of_cleaned"] = cleanedMB / (fit + convert)
            fields["ratio"] = swiftMBs / pythonMBs
            let pythonCPU = reference["cpu_seconds"] as? Double ?? .nan
            let swiftCPU = coresUsed * total
            fields["swift_mb_per_cpu_second"] = rawMB / swiftCPU
            fields["python_mb_per_cpu_second"] = rawMB / pythonCPU
            fields["identical_sequences"] = same
            if !json {
                print(
                    "Python: clean \(format(rawMB / clean)) MB/s of raw text, Keras Tokenizer fit+convert "
                        + "\(format(cleanedMB / (fit + convert))) MB/s of cleaned text; end to end \(format(pythonMBs)) MB/s, "
                        + "\(format(Double(documents) / pythonTotal)) documents/s (\(format(pythonTotal)) s)")
                print(
                    "per CPU-second (load-independent): Swift \(format(rawMB / swiftCPU)) MB, Python "
                        + "\(format(rawMB / pythonCPU)) MB, ratio \(format(pythonCPU / swiftCPU))× on one core's worth")
                print(
                    "ratio Swift/Python: \(format(swiftMBs / pythonMBs))×; same vocabulary, token count and "
                        + "sequence checksum: \(same)"
                        + (same
                            ? ""
                            : " (Python: vocabulary \(reference["vocabulary"] ?? "?"), \(reference["tokens"] ?? "?") tokens)")
                )
            }
        }
        if json { printJSON(fields) }
    }

    /// Writes the unique documents as JSON lines and runs the Python reference on them; nil when Python or
    /// keras-preprocessing is unavailable.
    func runPython(unique: [String], repeats: Int) throws -> [String: Any]? {
        guard FileManager.default.isExecutableFile(atPath: python) else {
            print("Python reference skipped: \(python) not found")
            return nil
        }
        let script = URL(fileURLWithPath: #filePath).deletingLastPathComponent()
            .appendingPathComponent("../../scripts/text-reference-benchmark.py").standardized.path
        let corpusPath = FileManager.default.temporaryDirectory.appendingPathComponent(
            "fintext-text-corpus-\(getpid()).jsonl"
        ).path
        var lines = Data()
        for text in unique {
            lines.append(try JSONSerialization.data(withJSONObject: ["text": text]))
            lines.append(0x0A)
        }
        try lines.write(to: URL(fileURLWithPath: corpusPath))
        defer { try? FileManager.default.removeItem(atPath: corpusPath) }
        let process = Process()
        process.executableURL = URL(fileURLWithPath: python)
        process.arguments = [script, corpusPath, String(repeats)]
        let pipe = Pipe()
        process.standardOutput = pipe
        try process.run()
        let output = pipe.fileHandleForReading.readDataToEndOfFile()
        process.waitUntilExit()
        guard process.terminationStatus == 0,
            let object = try? JSONSerialization.jsonObject(with: output) as? [String: Any]
        else {
            print("Python reference failed (exit \(process.terminationStatus))")
            return nil
        }
        return object
    }
}

/// Runs the filing reader and section extractor over all raw filings and prints a per-item success table.
struct TextSectionsBenchmark: ParsableCommand {
    static let configuration = CommandConfiguration(
        commandName: "sections",
        abstract: "Per-item extraction success over ../shared/data/filings-2023, filings-misc and filings-xref.",
        discussion: "Example: swift run -c release fintext-benchmark text sections --data ../shared/data")

    @Option(help: "The shared data folder holding filings-2023/ and filings-misc/.")
    var data = "../shared/data"

    @Flag(help: "Print one line per filing.")
    var verbose = false

    @Option(help: "Print the extracted sections' first and last lines for files whose name contains this.")
    var show: String?

    @Option(help: "With --show, also write each shown filing's clean text into this folder.")
    var dumpText: String?

    func run() throws {
        let folders = ["filings-2023", "filings-misc", "filings-xref"]
        var files: [String] = []
        var indexDates: [String: String] = [:]  // file name (without .gz) → filing_date from INDEX.csv
        for folder in folders {
            if let index = try? String(contentsOfFile: "\(data)/\(folder)/INDEX.csv", encoding: .utf8) {
                for line in index.split(whereSeparator: \.isNewline).dropFirst() {
                    let fields = csvFields(String(line))
                    if fields.count > 4 { indexDates[String(fields[0])] = String(fields[4]) }
                }
            }
            let path = "\(data)/\(folder)"
            guard let names = try? FileManager.default.contentsOfDirectory(atPath: path) else {
                print("skipped: \(path) is absent")
                return
            }
            files += names.filter { $0.hasSuffix(".gz") }.sorted().map { "\(path)/\($0)" }
        }
        struct Tally {
            var expected = 0
            var found = 0
            var notApplicable = 0
            var incorporated = 0
            var short = 0
            var elsewhere = 0
        }
        var tallies: [String: [FilingItem: Tally]] = [:]
        var failures: [String] = []
        var order = 0
        let start = Date()
        let cpuStart = processCPUSeconds()
        var bytesRead = 0
        for file in files {
            let filing: Filing
            do { filing = try FilingReader.read(path: file) } catch {
                failures.append("\(file): \(error)")
                continue
            }
            bytesRead += filing.text.utf8.count
            let sections = SectionExtractor.extract(from: filing)
            let starts = sections.filter { $0.method == .heading }.map(\.span.lowerBound)
            if starts != starts.sorted() { order += 1 }
            let name = (file as NSString).lastPathComponent
            let date = filing.metadata.filingDate ?? indexDates[String(name.dropLast(3))] ?? ""
            let year = Int(date.prefix(4)) ?? 0
            let format = filing.format.rawValue
            for item in FilingItem.allCases {
                // Item 1A exists from fiscal 2005 (filed 2006); 7A from 1997.
                let expected = item == .riskFactors ? year >= 2006 : item == .marketRisk ? year >= 1998 : true
                guard expected else { continue }
                var tally = tallies[format, default: [:]][item, default: Tally()]
                tally.expected += 1
                if let s = sections.first(where: { $0.item == item }) {
                    tally.found += 1
                    if s.status == .notApplicable { tally.notApplicable += 1 }
                    if s.status == .incorporatedByReference { tally.incorporated += 1 }
                    if s.status == .found && s.text.utf8.count < 1000 { tally.short += 1 }
                    if s.method != .heading { tally.elsewhere += 1 }
                }
                tallies[format, default: [:]][item] = tally
            }
            if verbose {
                let summary = FilingItem.allCases.map { item in
                    guard let s = sections.first(where: { $0.item == item }) else { return "\(item.rawValue):-" }
                    return "\(item.rawValue):\(s.text.utf8.count)\(s.status == .found ? "" : "(\(s.status.rawValue))")"
                }.joined(separator: " ")
                print("\(name) \(filing.format.rawValue) \(date) \(summary)")
            }
            if let show, name.contains(show) {
                if let dumpText {
                    try? filing.text.write(toFile: "\(dumpText)/\(name).txt", atomically: true, encoding: .utf8)
                }
                for s in sections {
                    let lines = s.text.split(separator: "\n")
                    print("== \(s.id) \(s.span) \(s.status) \(s.warnings)")
                    print("   first: \(lines.first.map { String($0.prefix(160)) } ?? "")")
                    print("   last:  \(lines.last.map { String($0.suffix(160)) } ?? "")")
                }
            }
        }
        let seconds = Date().timeIntervalSince(start)
        let cpuSeconds = processCPUSeconds() - cpuStart
        let megabytes = Double(bytesRead) / 1e6
        print(
            "| format | item | filings expected to have it | found | rate | of which not applicable | incorporated by ref. | found but < 1,000 bytes | by cross-reference or Exhibit 13 |"
        )
        print("|---|---|---|---|---|---|---|---|---|")
        var totals: [FilingItem: Tally] = [:]
        for format in tallies.keys.sorted() {
            for item in FilingItem.allCases {
                guard let t = tallies[format]?[item] else { continue }
                totals[item, default: Tally()].expected += t.expected
                totals[item, default: Tally()].found += t.found
                totals[item, default: Tally()].notApplicable += t.notApplicable
                totals[item, default: Tally()].incorporated += t.incorporated
                totals[item, default: Tally()].short += t.short
                totals[item, default: Tally()].elsewhere += t.elsewhere
                print(row(format, item, t))
            }
        }
        for item in FilingItem.allCases { if let t = totals[item] { print(row("all", item, t)) } }
        print(
            "files: \(files.count), unreadable: \(failures.count), items out of document order: \(order), "
                + "\(String(format: "%.1f", seconds)) s for \(String(format: "%.1f", megabytes)) MB of clean text "
                + "(read + extract \(String(format: "%.1f", megabytes / seconds)) MB/s; CPU \(String(format: "%.2f", cpuSeconds)) s, "
                + "\(String(format: "%.1f", megabytes / cpuSeconds)) MB per CPU-second)")
        for failure in failures { print("unreadable: \(failure)") }

        func row(_ format: String, _ item: FilingItem, _ t: Tally) -> String {
            let rate = t.expected > 0 ? 100 * Double(t.found) / Double(t.expected) : 0
            return "| \(format) | \(item.rawValue) | \(t.expected) | \(t.found) | \(String(format: "%.1f", rate))% | "
                + "\(t.notApplicable) | \(t.incorporated) | \(t.short) | \(t.elsewhere) |"
        }
    }
}

/// Splits one CSV line into fields (double-quoted fields may hold commas and doubled quotes).
func csvFields(_ line: String) -> [String] {
    var fields: [String] = []
    var field = ""
    var quoted = false
    var iterator = line.makeIterator()
    while let c = iterator.next() {
        if quoted {
            if c == "\"" { quoted = false } else { field.append(c) }
        } else if c == "\"" {
            quoted = true
        } else if c == "," {
            fields.append(field)
            field = ""
        } else {
            field.append(c)
        }
    }
    fields.append(field)
    return fields
}

/// CPU seconds (user + system) used by this process so far.
func processCPUSeconds() -> Double {
    var usage = rusage()
    getrusage(RUSAGE_SELF.rawValue, &usage)
    return Double(usage.ru_utime.tv_sec + usage.ru_stime.tv_sec)
        + Double(usage.ru_utime.tv_usec + usage.ru_stime.tv_usec) / 1e6
}
