import ArgumentParser
import FinText
import Foundation

/// `train-classifier extract`: what the filing reader and section extractor found in each file.
struct ExtractCommand: ParsableCommand {
    static let configuration = CommandConfiguration(
        commandName: "extract",
        abstract: "Show the metadata and the Items 1, 1A, 7 and 7A found in 10-K filings.",
        discussion: """
            --format json prints one JSON object per file: {"file", "cik", "ticker", "company", "form", "filing_date", "period", "sic", "items": {"1": {"title", "start", "end", "characters", "text", "method", "pages"?, "exhibit"?, "parts"?, "headings"?}, …}, "warnings": […]}; items not found are absent and named in the warnings.

            "method" says how an item was found: "heading" (under its Item heading), "cross-reference" (from the pages a Form 10-K Cross-Reference Index gives: "pages" lists them as [first, last] ranges; or from the sections it names: "headings" lists the body headings used) or "exhibit-13" (incorporated by reference and taken from the annual report filed as Exhibit 13 of the same submission: "exhibit" names it and "start"/"end" index that exhibit's text). "parts" lists the [start, end) pieces when the text joins several page ranges. A file argument may be a submission folder (primary document plus exhibit files).

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
                let extraction = SectionExtractor.extraction(from: filing)
                let sections = extraction.sections
                var warnings = filing.warnings + extraction.warnings
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
                    if !extraction.warnings.contains(where: { $0.hasPrefix("Item \(item): ") }) {
                        warnings.append("Item \(item) not found")
                    }
                }
                switch format {
                case .json:
                    var items: [String: Any] = [:]
                    for s in found {
                        var entry: [String: Any] = [
                            "title": s.title, "start": s.span.lowerBound, "end": s.span.upperBound,
                            "characters": s.text.unicodeScalars.count, "text": s.text, "method": s.method.rawValue,
                        ]
                        if !s.pages.isEmpty { entry["pages"] = s.pages.map { [$0.lowerBound, $0.upperBound] } }
                        if s.method == .exhibit13, let exhibit = s.exhibit { entry["exhibit"] = exhibit }
                        if s.parts.count > 1 { entry["parts"] = s.parts.map { [$0.lowerBound, $0.upperBound] } }
                        if !s.headings.isEmpty { entry["headings"] = s.headings }
                        if let referenced = s.referencedItem { entry["referenced_item"] = referenced.rawValue }
                        if !s.warnings.isEmpty && s.method == .inDocumentReference { entry["warnings"] = s.warnings }
                        items[s.id] = entry
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
                            "  Item \(s.id.padding(toLength: 3, withPad: " ", startingAt: 0)) \(s.span.lowerBound)..<\(s.span.upperBound) (\(s.text.unicodeScalars.count) characters) \(s.title) [\(Self.provenance(s))]"
                        )
                    }
                    for w in warnings { print("  warning: \(w)") }
                }
            }
        }
    }

    /// "heading", "cross-reference, pages 27-36", "exhibit-13 EX-13.1, pages 33-41",
    /// "cross-reference, headings \"RISK FACTORS\"".
    static func provenance(_ s: ItemSection) -> String {
        var text = s.method.rawValue
        if s.method == .exhibit13, let exhibit = s.exhibit { text += " \(exhibit)" }
        if let referenced = s.referencedItem { text += " to Item \(referenced.rawValue)" }
        if !s.headings.isEmpty { text += ", headings " + s.headings.map { "\"\($0)\"" }.joined(separator: ", ") }
        if !s.pages.isEmpty {
            text +=
                ", pages "
                + s.pages.map { $0.count > 1 ? "\($0.lowerBound)-\($0.upperBound)" : "\($0.lowerBound)" }
                .joined(separator: ", ")
        }
        return text
    }
}
