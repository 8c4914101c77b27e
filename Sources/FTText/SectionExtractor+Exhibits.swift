/// Items incorporated by reference to the annual report to shareholders, followed into the Exhibit 13 of the
/// same submission (decision 0141).
extension SectionExtractor {
    /// Headings that end an annual report's MD&A when it is located by its heading and no pages are given.
    static let financialStatementHeadings = [
        "Consolidated Statements", "Consolidated Statement", "Consolidated Balance Sheet", "Report of Independent",
        "Statement of Consolidated", "Report of Management",
    ]

    /// Replaces each incorporated study item that points to the annual report (Exhibit 13) by the referenced
    /// pages or section of `filing`'s Exhibit 13; what cannot be followed goes to `result.warnings`.
    static func resolveExhibits(_ result: inout SectionExtraction, _ filing: Filing) {
        for k in result.sections.indices where result.sections[k].status == .incorporatedByReference {
            let section = result.sections[k]
            let reference = IncorporationReference.parse(section.text)
            guard let wanted = reference.exhibit else { continue }
            let what = describeReference(reference, wanted)
            var candidates = filing.exhibits.filter { $0.type.uppercased() == wanted }
            if candidates.isEmpty { candidates = filing.exhibits.filter { $0.type.uppercased().hasPrefix("EX-13") } }
            guard !candidates.isEmpty else {
                result.warnings.append(
                    "Item \(section.id): incorporated by reference to \(what), which is not in this file; "
                        + "read the full submission (.txt) or the submission folder (primary document plus exhibits)")
                continue
            }
            var resolved: ItemSection?
            for exhibit in candidates {
                resolved = locate(section.item, reference, in: exhibit)
                if resolved != nil { break }
            }
            if let resolved {
                result.sections[k] = resolved
            } else {
                result.warnings.append(
                    "Item \(section.id): incorporated by reference to \(what), which could not be located in "
                        + candidates.map(\.type).joined(separator: ", ")
                        + (reference.pages.isEmpty ? "" : " (no page footers with those numbers, no matching heading)"))
            }
        }
    }

    /// "pages 33-41 (\"Financial Review …\") of the annual report (EX-13.1)".
    static func describeReference(_ reference: IncorporationReference, _ exhibit: String) -> String {
        var parts: [String] = []
        if !reference.pages.isEmpty {
            parts.append(
                "page\(reference.pages.count > 1 || reference.pages[0].count > 1 ? "s" : "") \(describe(reference.pages))"
            )
        }
        if let title = reference.titles.first { parts.append("\"\(title)\"") }
        let target = "the annual report to shareholders (\(exhibit))"
        return parts.isEmpty ? target : parts.joined(separator: " ") + " of " + target
    }

    /// The referenced part of `exhibit`: its pages (by page-number footers), starting at the referenced
    /// section's heading when that is on the first page; without pages, the section under the quoted title's
    /// (or the item's) heading up to the financial statements. Nil when neither can be found.
    static func locate(
        _ item: FilingItem, _ reference: IncorporationReference, in exhibit: FilingExhibit
    ) -> ItemSection? {
        var text = exhibit.text
        return text.withUTF8 { p -> ItemSection? in
            var warnings: [String] = []
            var parts: [Range<Int>] = []
            var used: [Int] = []
            let title = reference.titles.first ?? ""
            if !reference.pages.isEmpty, let map = PageMap.locate(p) {
                for range in reference.pages {
                    var startAt: Int?
                    if used.isEmpty, let page = map.page(range.lowerBound) {
                        // The quoted title; the item's key phrase only when the page's top is known (on the
                        // exhibit's first page it would match a running header's second line).
                        let byPhrase = title.isEmpty && page.previousIsAdjacent ? item : nil
                        startAt = PageHeading.find(title, item: byPhrase, in: p, range: page.range)
                    }
                    parts += pageParts(
                        p, map, range.lowerBound, range.upperBound, startAt: startAt, used: &used, warnings: &warnings)
                }
            }
            if parts.isEmpty {
                warnings = []
                let whole = 0..<p.count
                guard let start = PageHeading.find(title, item: item, in: p, range: whole) else { return nil }
                var lineEnd = start
                while lineEnd < p.count && p[lineEnd] != 0x0A { lineEnd += 1 }
                let rest = min(lineEnd + 1, p.count)..<p.count
                let end =
                    financialStatementHeadings.compactMap { PageHeading.find($0, item: nil, in: p, range: rest) }.min()
                    ?? p.count
                if end == p.count {
                    warnings.append("no financial statements follow the section: it runs to the end of the exhibit")
                }
                var upper = end
                while upper > start && p[upper - 1] <= 0x20 { upper -= 1 }
                parts = [start..<upper]
            }
            var sections = [
                pagedSection(
                    p, item: item, title: "Item \(item.rawValue). \(title.isEmpty ? item.title : title)", parts: parts,
                    pages: ranges(used), method: .exhibit13, exhibit: exhibit.type, warnings: warnings)
            ]
            convertSpansToScalars(&sections, p)
            return sections[0]
        }
    }
}
