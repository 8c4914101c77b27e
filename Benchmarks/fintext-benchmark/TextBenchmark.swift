import ArgumentParser
import FinText
import Foundation

/// The text pipeline's measurements: `text speed` (clean + tokenize throughput against the Python reference)
/// and `text sections` (the section extractor over every raw filing in ../shared/data).
struct TextBenchmark: ParsableCommand {
    static let configuration = CommandConfiguration(
        commandName: "text",
        abstract: "Text pipeline: clean+tokenize MB/s vs Python (speed), section extraction success (sections).",
        subcommands: [TextSectionsBenchmark.self],
        defaultSubcommand: TextSectionsBenchmark.self)
}

/// Runs the filing reader and section extractor over all raw filings and prints a per-item success table.
struct TextSectionsBenchmark: ParsableCommand {
    static let configuration = CommandConfiguration(
        commandName: "sections",
        abstract: "Per-item extraction success over ../shared/data/filings-2023 and filings-misc.",
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
        let folders = ["filings-2023", "filings-misc"]
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
        struct Tally { var expected = 0; var found = 0; var notApplicable = 0; var incorporated = 0; var short = 0 }
        var tallies: [String: [FilingItem: Tally]] = [:]
        var failures: [String] = []
        var order = 0
        let start = Date()
        var bytesRead = 0
        for file in files {
            let filing: Filing
            do { filing = try FilingReader.read(path: file) } catch {
                failures.append("\(file): \(error)")
                continue
            }
            bytesRead += filing.text.utf8.count
            let sections = SectionExtractor.extract(from: filing)
            let starts = sections.map(\.span.lowerBound)
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
        print("| format | item | filings expected to have it | found | rate | of which not applicable | incorporated by ref. | found but < 1,000 bytes |")
        print("|---|---|---|---|---|---|---|---|")
        var totals: [FilingItem: Tally] = [:]
        for format in tallies.keys.sorted() {
            for item in FilingItem.allCases {
                guard let t = tallies[format]?[item] else { continue }
                totals[item, default: Tally()].expected += t.expected
                totals[item, default: Tally()].found += t.found
                totals[item, default: Tally()].notApplicable += t.notApplicable
                totals[item, default: Tally()].incorporated += t.incorporated
                totals[item, default: Tally()].short += t.short
                print(row(format, item, t))
            }
        }
        for item in FilingItem.allCases { if let t = totals[item] { print(row("all", item, t)) } }
        print("files: \(files.count), unreadable: \(failures.count), items out of document order: \(order), "
            + "\(String(format: "%.1f", seconds)) s for \(bytesRead / 1_000_000) MB of clean text")
        for failure in failures { print("unreadable: \(failure)") }

        func row(_ format: String, _ item: FilingItem, _ t: Tally) -> String {
            let rate = t.expected > 0 ? 100 * Double(t.found) / Double(t.expected) : 0
            return "| \(format) | \(item.rawValue) | \(t.expected) | \(t.found) | \(String(format: "%.1f", rate))% | "
                + "\(t.notApplicable) | \(t.incorporated) | \(t.short) |"
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
