import ArgumentParser
import FinText
import Foundation

/// `train-classifier extract`: what the filing reader and section extractor found in each file.
struct ExtractCommand: ParsableCommand {
    static let configuration = CommandConfiguration(
        commandName: "extract",
        abstract: "Show the metadata and the Items 1, 1A, 7 and 7A found in 10-K filings.",
        discussion: """
            --format json prints one JSON object per file: {"file", "cik", "ticker", "company", "form", "filing_date", "period", "sic", "items": {"1": {"title", "start", "end", "characters", "text"}, …}, "warnings": […]}; items not found are absent and named in the warnings.

            Example: train-classifier extract filing.htm.gz --format json
            """)

    /// Output formats.
    enum Format: String, ExpressibleByArgument, CaseIterable { case json, text }

    @Option(help: "Output format: json (one object per line) or text.")
    var format: Format = .text

    @Argument(help: ArgumentHelp("Filing files.", valueName: "file"))
    var files: [String]

    func validate() throws {
        guard !files.isEmpty else { throw ValidationError("give at least one filing") }
    }

    func run() throws {
        try reportingErrors {
            for file in files {
                let filing = try FilingReader.read(path: file)
                let sections = SectionExtractor.extract(from: filing)
                var warnings = filing.warnings
                for section in sections {
                    warnings += section.warnings.map { "Item \(section.id): \($0)" }
                    if section.status != .found && section.warnings.isEmpty {
                        warnings.append(
                            "Item \(section.id): \(section.status == .notApplicable ? "not applicable" : "incorporated by reference")"
                        )
                    }
                }
                let found = sections.filter { $0.status == .found }
                for item in FilingLoader.studyItems where !sections.contains(where: { $0.id == item }) {
                    warnings.append("Item \(item) not found")
                }
                switch format {
                case .json:
                    var items: [String: Any] = [:]
                    for s in found {
                        items[s.id] = [
                            "title": s.title, "start": s.span.lowerBound, "end": s.span.upperBound,
                            "characters": s.span.count,
                            "text": s.text,
                        ]
                    }
                    let m = filing.metadata
                    let object: [String: Any] = [
                        "file": file, "cik": m.cik ?? NSNull(), "ticker": m.ticker ?? NSNull(),
                        "company": m.company ?? NSNull(),
                        "form": m.formType ?? NSNull(),
                        "filing_date": m.filingDate ?? NSNull(), "period": m.period ?? NSNull(),
                        "sic": m.sic.map { String($0) } ?? NSNull(), "items": items, "warnings": warnings,
                    ]
                    let data = try JSONSerialization.data(
                        withJSONObject: object, options: [.sortedKeys, .withoutEscapingSlashes])
                    print(String(decoding: data, as: UTF8.self))
                case .text:
                    let m = filing.metadata
                    print(
                        "\(file): \(m.company ?? "unknown company"), ticker \(m.ticker ?? "?"), form \(m.formType ?? "?"), period \(m.period ?? "?"), filed \(m.filingDate ?? "?"), CIK \(m.cik ?? "?"), SIC \(m.sic.map(String.init) ?? "?")"
                    )
                    for s in found {
                        print(
                            "  Item \(s.id.padding(toLength: 3, withPad: " ", startingAt: 0)) \(s.span.lowerBound)..<\(s.span.upperBound) (\(s.span.count) characters) \(s.title)"
                        )
                    }
                    for w in warnings { print("  warning: \(w)") }
                }
            }
        }
    }
}
