import ArgumentParser
import FinText
import Foundation

/// Labels for many filings against many price files: load prices, event returns, per-industry qcut,
/// manifest write. The price files are synthetic (seeded random walks) and generated into a temp folder.
struct LabelsBenchmark: ParsableCommand {
    static let configuration = CommandConfiguration(
        commandName: "labels",
        abstract: "Label building: N filings against M synthetic price files (load, returns, binning, manifest).",
        discussion: """
            Example: swift run -c release fintext-benchmark labels --filings 10000 --tickers 5000
            With --python /work/venv-market/bin/python, scripts/market-labels-pandas.py does the same work with
            pandas on the same files in the same run and the ratio is printed.
            """)

    @Option(help: "Number of filings.")
    var filings = 10_000

    @Option(help: "Number of synthetic price files (one ticker each), plus SPY.")
    var tickers = 5_000

    @Option(help: "Trading days per price file (from 2022-01-03).")
    var days = 520

    @Option(help: "Industries (groups binned separately).")
    var industries = 40

    @Option(help: "Threads used to read price files.")
    var threads = 2

    @Option(help: "Python with pandas to run the pandas peer (scripts/market-labels-pandas.py); omit to skip.")
    var python: String?

    @Option(help: "Keep the generated files in this folder and reuse them when it already holds them.")
    var folder: String?

    @Flag(help: "Print one JSON object per measurement.")
    var json = false

    func run() throws {
        let folder =
            self.folder
            ?? FileManager.default.temporaryDirectory.appendingPathComponent("fintext-labels-\(getpid())").path
        let reuse = self.folder != nil && FileManager.default.fileExists(atPath: folder + "/filings.csv")
        try FileManager.default.createDirectory(atPath: folder, withIntermediateDirectories: true)
        defer { if self.folder == nil { try? FileManager.default.removeItem(atPath: folder) } }
        let generateSeconds = reuse ? 0 : try measureSeconds { try generate(into: folder) }

        var library = PriceLibrary()
        let cpuBefore = processCPUSeconds()
        let loadSeconds = try measureSeconds {
            library = try PriceLibrary.load(folder: folder + "/prices", concurrency: threads)
        }
        let loadCPUSeconds = processCPUSeconds() - cpuBefore
        guard let spy = library["SPY"] else { throw ValidationError("SPY missing") }
        let events = try readEvents(folder + "/filings.csv")
        var returns: [EventReturn] = []
        var dropped: [DroppedFiling] = []
        let returnsSeconds = measureSeconds {
            (returns, dropped) = excessReturns(
                for: events.map(\.event), prices: library, benchmark: spy, horizon: .fourWeeks)
        }
        let industryByID = Dictionary(uniqueKeysWithValues: events.map { ($0.event.id, $0.industry) })
        var labels: FilingLabels?
        let binSeconds = try measureSeconds {
            labels = try FilingLabels(returns: returns, group: { industryByID[$0.event.id] ?? "?" })
        }
        let manifestSeconds = try measureSeconds {
            var records: [DatasetManifest.Record] = []
            for r in returns {
                for section in ["1", "1A", "7"] {
                    records.append(
                        DatasetManifest.Record(
                            documentID: r.event.id + "/" + section, cik: r.event.id, company: r.event.ticker,
                            industry: industryByID[r.event.id] ?? "?", section: section,
                            textPath: "texts/\(r.event.id)-\(section).txt", result: r,
                            label: labels?.labelByFiling[r.event.id] ?? 0))
                }
            }
            try DatasetManifest(records: records).write(to: folder + "/manifest.jsonl")
            try labels?.edges.write(to: folder + "/edges.json")
        }
        let total = loadSeconds + returnsSeconds + binSeconds + manifestSeconds
        var pandasSeconds: Double?
        if let python { pandasSeconds = try runPandas(python: python, folder: folder) }
        let fields: [String: Any] = [
            "name": "labels_\(filings)x\(tickers)", "filings": filings, "tickers": tickers, "days": days,
            "threads": threads, "generate_seconds": generateSeconds, "load_seconds": loadSeconds,
            "load_cpu_seconds": loadCPUSeconds,
            "returns_seconds": returnsSeconds, "binning_seconds": binSeconds, "manifest_seconds": manifestSeconds,
            "total_seconds": total, "labelled": returns.count, "dropped": dropped.count,
            "warnings": library.warnings.count, "peak_rss_mb": peakResidentMegabytes() ?? -1,
            "pandas_seconds": pandasSeconds ?? -1,
        ]
        if json {
            printJSON(fields)
        } else {
            print(
                "labels: \(filings) filings, \(tickers) price files × \(days) days, \(industries) industries, \(threads) reader threads"
            )
            print(
                "  load prices  \(format(loadSeconds)) s wall, \(format(loadCPUSeconds)) s CPU  (\(library.warnings.count) warnings)"
            )
            print(
                "  returns      \(format(returnsSeconds * 1000)) ms  (\(returns.count) labelled, \(dropped.count) dropped)"
            )
            print("  binning      \(format(binSeconds * 1000)) ms")
            print("  manifest     \(format(manifestSeconds * 1000)) ms  (\(returns.count * 3) documents)")
            print("  total        \(format(total)) s  (generation \(format(generateSeconds)) s, not counted)")
            if let pandasSeconds {
                print("  pandas peer  \(format(pandasSeconds)) s; ratio \(format(pandasSeconds / total))×")
            }
            print("  peak RSS     \(format(peakResidentMegabytes() ?? -1)) MiB")
        }
    }

    /// CPU time of the whole process so far (user + system), in seconds; contention-independent.
    private func processCPUSeconds() -> Double {
        var usage = rusage()
        getrusage(RUSAGE_SELF.rawValue, &usage)
        return Double(usage.ru_utime.tv_sec + usage.ru_stime.tv_sec)
            + Double(usage.ru_utime.tv_usec + usage.ru_stime.tv_usec) / 1e6
    }

    /// Synthetic data: M random-walk price files (Yahoo columns), SPY, and a filings CSV.
    private func generate(into folder: String) throws {
        try FileManager.default.createDirectory(atPath: folder + "/prices", withIntermediateDirectories: true)
        var generator = SeededGenerator(seed: 7)
        var calendar: [CalendarDay] = []
        var d = CalendarDay(iso: "2022-01-03") ?? CalendarDay(daysSinceEpoch: 0)
        while calendar.count < days {
            if !d.isWeekend { calendar.append(d) }
            d = d.advanced(by: 1)
        }
        let dates = calendar.map(\.description)
        func write(_ ticker: String, yahoo: Bool) throws {
            var text = yahoo ? "Date,Open,High,Low,Close,Adj Close,Volume\n" : "Date,Close\n"
            text.reserveCapacity(days * 80)
            var price = 20 + 80 * generator.nextDouble()
            for date in dates {
                price *= 1 + 0.02 * generator.nextNormal()
                price = max(price, 0.01)
                let close = (price * 100).rounded() / 100
                if yahoo {
                    text += "\(date),\(close),\(close),\(close),\(close),\(price),1000\n"
                } else {
                    text += "\(date),\(price)\n"
                }
            }
            try text.write(toFile: "\(folder)/prices/\(ticker).csv", atomically: false, encoding: .utf8)
        }
        try write("SPY", yahoo: false)
        for t in 0..<tickers { try write("T\(t)", yahoo: true) }
        var csv = "id,ticker,filing_date,industry\n"
        for f in 0..<filings {
            let ticker = "T\(Int(generator.next() % UInt64(tickers)))"
            let date = calendar[0].advanced(
                by: Int(generator.next() % UInt64(max(1, calendar[0].distance(to: calendar[days - 1]) - 20))))
            csv += "F\(f),\(ticker),\(date),I\(Int(generator.next() % UInt64(industries)))\n"
        }
        try csv.write(toFile: folder + "/filings.csv", atomically: false, encoding: .utf8)
    }

    private func readEvents(_ path: String) throws -> [(event: FilingEvent, industry: String)] {
        let text = try String(contentsOfFile: path, encoding: .utf8)
        return text.split(separator: "\n").dropFirst().compactMap { line in
            let f = line.split(separator: ",")
            guard f.count == 4, let date = CalendarDay(iso: f[2]) else { return nil }
            return (FilingEvent(id: String(f[0]), ticker: String(f[1]), filingDate: date), String(f[3]))
        }
    }

    /// Runs scripts/market-labels-pandas.py on the same folder; returns its self-reported seconds.
    private func runPandas(python: String, folder: String) throws -> Double? {
        let script = URL(fileURLWithPath: #filePath).deletingLastPathComponent().deletingLastPathComponent()
            .deletingLastPathComponent().appendingPathComponent("scripts/market-labels-pandas.py").path
        let process = Process()
        process.executableURL = URL(fileURLWithPath: python)
        process.arguments = [script, folder]
        let pipe = Pipe()
        process.standardOutput = pipe
        try process.run()
        let output = pipe.fileHandleForReading.readDataToEndOfFile()
        process.waitUntilExit()
        guard process.terminationStatus == 0 else { return nil }
        let text = String(decoding: output, as: UTF8.self)
        if !json { print(text.split(separator: "\n").map { "  pandas: " + $0 }.joined(separator: "\n")) }
        for line in text.split(separator: "\n") where line.hasPrefix("total_seconds ") {
            return Double(line.dropFirst("total_seconds ".count))
        }
        return nil
    }
}
