/// Items taken from printed pages: the cross-reference index of the 10-K itself, and the pages of an Exhibit 13
/// that an item incorporates by reference (decisions 0140, 0141).
extension SectionExtractor {
    /// The located text of printed pages `first...last` of `map`: one part per page (footers excluded), the
    /// first cut to start at `startAt` and the last to end at `endAt` when those fall inside them; whitespace
    /// trimmed, empty parts dropped. The numbers of the pages that gave text are appended to `used`; missing
    /// pages are named in `warnings`.
    static func pageParts(
        _ p: UnsafeBufferPointer<UInt8>, _ map: PageMap, _ first: Int, _ last: Int, startAt: Int? = nil,
        endAt: Int? = nil, used: inout [Int], warnings: inout [String]
    ) -> [Range<Int>] {
        var parts: [Range<Int>] = []
        var missing: [Int] = []
        for number in first...max(first, last) {
            guard let page = map.page(number) else {
                missing.append(number)
                continue
            }
            var lower = page.range.lowerBound
            var upper = page.range.upperBound
            if let startAt, page.range.contains(startAt) || startAt == upper { lower = startAt }
            if let endAt, page.range.contains(endAt) || endAt == upper { upper = endAt }
            if let startAt, upper <= startAt { continue }
            if let endAt, lower >= endAt { continue }
            while lower < upper && p[lower] <= 0x20 { lower += 1 }
            while upper > lower && p[upper - 1] <= 0x20 { upper -= 1 }
            if lower < upper {
                parts.append(lower..<upper)
                used.append(number)
            }
        }
        if !missing.isEmpty {
            warnings.append(
                "page\(missing.count > 1 ? "s" : "") \(compactRanges(missing)) not found among the page footers "
                    + "(\"\(map.template)\", pages \(map.coverage))")
        }
        return parts
    }

    /// [3...3, 5...7] for [3, 5, 6, 7] (numbers in the order given; a run continues while each is one more).
    static func ranges(_ numbers: [Int]) -> [ClosedRange<Int>] {
        var out: [ClosedRange<Int>] = []
        for n in numbers {
            if let last = out.last, n == last.upperBound + 1 {
                out[out.count - 1] = last.lowerBound...n
            } else if out.last?.contains(n) != true {
                out.append(n...n)
            }
        }
        return out
    }

    /// "3, 5-7" for [3, 5, 6, 7].
    static func compactRanges(_ numbers: [Int]) -> String {
        var out: [String] = []
        var k = 0
        while k < numbers.count {
            var j = k
            while j + 1 < numbers.count && numbers[j + 1] == numbers[j] + 1 { j += 1 }
            out.append(j > k ? "\(numbers[k])-\(numbers[j])" : "\(numbers[k])")
            k = j + 1
        }
        return out.joined(separator: ", ")
    }

    /// "4-13, 78-80" for page ranges.
    static func describe(_ ranges: [ClosedRange<Int>]) -> String {
        ranges.map { $0.count > 1 ? "\($0.lowerBound)-\($0.upperBound)" : "\($0.lowerBound)" }
            .joined(separator: ", ")
    }

    /// A section made of `parts` of `p` (UTF-8 offsets; converted to scalars later).
    static func pagedSection(
        _ p: UnsafeBufferPointer<UInt8>, item: FilingItem, title: String, parts: [Range<Int>],
        pages: [ClosedRange<Int>], method: ItemSection.Method, exhibit: String?, warnings: [String],
        headings: [String] = []
    ) -> ItemSection {
        var text = ""
        for (k, part) in parts.enumerated() {
            if k > 0 { text += "\n" }
            text += String(decoding: UnsafeBufferPointer(rebasing: p[part]), as: UTF8.self)
        }
        let hull = (parts.map(\.lowerBound).min() ?? 0)..<(parts.map(\.upperBound).max() ?? 0)
        var warnings = warnings
        if text.utf8.count < 1000 { warnings.append("short section (\(text.utf8.count) bytes): boundaries doubtful") }
        return ItemSection(
            item: item, title: title, span: hull, utf8Span: hull, text: text, status: .found, warnings: warnings,
            method: method, pages: pages, exhibit: exhibit, parts: parts, headings: headings)
    }

    /// `range` of `p` cut at the page footers of `map` (one part per page, footers excluded, whitespace
    /// trimmed), with the numbers of the pages the parts lie on; the whole range when there is no map.
    static func splitAtFooters(
        _ p: UnsafeBufferPointer<UInt8>, _ range: Range<Int>, _ map: PageMap?
    ) -> (parts: [Range<Int>], pages: [Int]) {
        func trimmed(_ r: Range<Int>) -> Range<Int>? {
            var lower = r.lowerBound
            var upper = r.upperBound
            while lower < upper && p[lower] <= 0x20 { lower += 1 }
            while upper > lower && p[upper - 1] <= 0x20 { upper -= 1 }
            return lower < upper ? lower..<upper : nil
        }
        guard let map, let last = map.pages.last else { return (trimmed(range).map { [$0] } ?? [], []) }
        var parts: [Range<Int>] = []
        var pages: [Int] = []
        for page in map.pages where page.range.overlaps(range) {
            let piece = max(page.range.lowerBound, range.lowerBound)..<min(page.range.upperBound, range.upperBound)
            if let piece = trimmed(piece) {
                parts.append(piece)
                pages.append(page.number)
            }
        }
        // After the last footer: text on no numbered page.
        var tail = last.range.upperBound
        while tail < p.count && p[tail] != 0x0A { tail += 1 }
        if range.upperBound > tail + 1, let piece = trimmed(max(tail + 1, range.lowerBound)..<range.upperBound) {
            parts.append(piece)
        }
        return (parts, pages)
    }

    /// Parts in document order, those inside an earlier part dropped and overlapping ones merged.
    static func merged(_ parts: [Range<Int>]) -> [Range<Int>] {
        var out: [Range<Int>] = []
        for part in parts.sorted(by: { $0.lowerBound < $1.lowerBound }) {
            if let last = out.last, part.lowerBound < last.upperBound {
                out[out.count - 1] = last.lowerBound..<max(last.upperBound, part.upperBound)
            } else {
                out.append(part)
            }
        }
        return out
    }

    // MARK: Cross-reference index

    /// One page range of an index entry, as used: `last` may be tentative (start-pages-only indexes: the item
    /// ends where the next one starts, possibly at the top of that page).
    struct IndexPiece {
        var entry: Int
        var first: Int
        var last: Int
        var tentative: Bool
    }

    /// The studied items the index maps, located on their pages; items the index does not map are absent.
    /// Items whose pages cannot be located come back as warnings (keyed by item) instead.
    static func crossReferencedItems(
        _ p: UnsafeBufferPointer<UInt8>, _ index: CrossReferenceIndex, _ map: PageMap?, itemHeadings: [Int] = []
    ) -> (sections: [FilingItem: ItemSection], unresolved: [FilingItem: String]) {
        let names = NamedSections.resolve(p, index, map, itemHeadings: itemHeadings)
        var sections: [FilingItem: ItemSection] = [:]
        var unresolved: [FilingItem: String] = [:]
        // Every entry's pieces, for the shared-page tests.
        var pieces: [IndexPiece] = []
        let starts = index.entries.compactMap { $0.ranges.first?.lowerBound }
        for (k, entry) in index.entries.enumerated() {
            for range in entry.ranges {
                if index.startPagesOnly {
                    if let next = starts.filter({ $0 > range.lowerBound }).min() {
                        pieces.append(IndexPiece(entry: k, first: range.lowerBound, last: next, tentative: true))
                    } else {
                        let end = max(range.lowerBound, map?.pages.last?.number ?? range.lowerBound)
                        pieces.append(IndexPiece(entry: k, first: range.lowerBound, last: end, tentative: false))
                    }
                } else {
                    pieces.append(
                        IndexPiece(entry: k, first: range.lowerBound, last: range.upperBound, tentative: false))
                }
            }
        }
        for item in FilingItem.allCases {
            guard let k = index.entries.firstIndex(where: { $0.order == order(item) }) else { continue }
            let entry = index.entries[k]
            let title = "Item \(item.rawValue). \(entry.title)"
            if entry.notApplicable {
                let row = entry.line
                sections[item] = ItemSection(
                    item: item, title: title, span: row, utf8Span: row,
                    text: String(decoding: UnsafeBufferPointer(rebasing: p[row]), as: UTF8.self),
                    status: .notApplicable, warnings: ["the cross-reference index states the item is not applicable"],
                    method: .crossReference)
                continue
            }
            var warnings: [String] = []
            var parts: [Range<Int>] = []
            var used: [Int] = []
            var reasons: [String] = []
            if !entry.ranges.isEmpty && map == nil {
                reasons.append(
                    "puts it on pages \(describe(entry.ranges)), but the document has no page-number footers to locate them"
                )
            }
            for piece in pieces where piece.entry == k {
                guard let map else { break }
                guard let page = map.page(piece.first) else {
                    warnings.append("page \(piece.first) not found among the page footers (pages \(map.coverage))")
                    continue
                }
                let shared =
                    !page.previousIsAdjacent
                    || pieces.contains { $0.entry != k && $0.first <= piece.first && piece.first <= $0.last }
                let startAt = shared ? PageHeading.find(entry.title, item: item, in: p, range: page.range) : nil
                let from = startAt ?? page.range.lowerBound
                // Where another item starts on the last page (or, for start pages, anywhere up to it).
                var cut: (position: Int, page: Int)?
                for other in pieces where other.entry != k {
                    let startsInside =
                        index.startPagesOnly
                        ? (piece.first...piece.last).contains(other.first) : other.first == piece.last
                    guard startsInside, let otherPage = map.page(other.first) else { continue }
                    let otherEntry = index.entries[other.entry]
                    guard
                        let position = PageHeading.find(
                            otherEntry.title, item: studyItem(otherEntry.order), in: p, range: otherPage.range),
                        position > from
                    else { continue }
                    if cut == nil || position < cut!.position { cut = (position, other.first) }
                }
                var last = piece.last
                if let cut {
                    last = cut.page
                } else if piece.tentative && piece.last > piece.first {
                    last = piece.last - 1
                }
                parts += pageParts(
                    p, map, piece.first, last, startAt: startAt, endAt: cut?.position, used: &used,
                    warnings: &warnings)
            }
            if !entry.ranges.isEmpty, parts.isEmpty, let map {
                reasons.append(
                    "puts it on pages \(describe(entry.ranges)), which were not found among the page footers (pages "
                        + "\(map.coverage))")
            }
            // Sections the row names instead of (or besides) pages (decision 0142).
            let named = names.located[k] ?? []
            for section in named {
                let (pieces, numbers) = splitAtFooters(p, section.range, map)
                parts += pieces
                used += numbers
            }
            if let missing = names.unresolved[k] {
                let reason =
                    "names \(missing.map { "\"\($0)\"" }.joined(separator: ", ")), but no heading of that name was "
                    + "found in the body (outside the index and the table of contents)"
                if parts.isEmpty {
                    reasons.append(reason)
                } else {
                    warnings.append("the cross-reference index " + reason)
                }
            }
            guard !parts.isEmpty else {
                unresolved[item] =
                    "the cross-reference index "
                    + (reasons.isEmpty
                        ? "gives neither pages nor a section name for it" : reasons.joined(separator: "; "))
                continue
            }
            if !named.isEmpty {
                parts = merged(parts)
                used = Array(Set(used)).sorted()
            }
            sections[item] = pagedSection(
                p, item: item, title: title, parts: parts, pages: ranges(used), method: .crossReference, exhibit: nil,
                warnings: warnings, headings: named.map(\.heading))
        }
        return (sections, unresolved)
    }

    static func order(_ item: FilingItem) -> Int {
        let (number, letter) = key(item)
        return number * 10 + letter
    }

    static func studyItem(_ order: Int) -> FilingItem? {
        FilingItem.allCases.first { self.order($0) == order }
    }
}
