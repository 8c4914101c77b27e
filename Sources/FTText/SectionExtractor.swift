/// Finds Items 1, 1A, 7 and 7A in a 10-K's clean text.
///
/// How it decides (docs/decisions/0012-section-extraction.md):
/// 1. Every line that starts with an item heading is a candidate: `Item 1A.`, `ITEM 1A`, `Item 1 A`, `ITEM 7(A)`,
///    `Items 1 and 2.`, `PART I, Item 1.`; 8-K style numbers (`Item 1.01`), lines over 300 characters
///    whose title is not the item's own, and titles that start in lower case (cross-references such as
///    "Item 7 of this report") are not headings.
/// 2. A candidate's section runs to the next candidate of a *later* item (1 ends at 1A/1B/1C/2…, 7 at 7A/8),
///    so repeated page headers ("Item 1A. Risk Factors (continued)") do not cut it.
/// 3. For each item, in document order and after the previous item's start, the candidate with the longest
///    section wins. Table-of-contents lines give sections of one line and lose; a winner that still looks
///    like a table-of-contents line (under 1,000 characters and ending in a page number, or followed
///    immediately by the next heading) is rejected, so a contents line is never returned as a section.
/// 4. Short sections are checked for "incorporated … by reference" (or a short pointer to the annual report
///    to shareholders) and "not applicable / not required".
///
/// Items that are not found (1A of smaller companies, a filing with no item headings) are simply absent.
///
/// Then (issue 22): a "Form 10-K Cross-Reference Index" maps items to printed pages, located by their footers
/// (decision 0140); an item incorporated by reference to the annual report is read from the submission's
/// Exhibit 13 (decision 0141). ``ItemSection/method`` says which way each item was found.
/// - Complexity: O(n) in the text length.
public enum SectionExtractor {
    /// The items found in `filing`, in item order (1, 1A, 7, 7A): under their headings, through a
    /// cross-reference index, or — for an item incorporated by reference to the annual report — in the
    /// filing's Exhibit 13 (``Filing/exhibits``). Same as `extraction(from:).sections`.
    public static func extract(from filing: Filing) -> [ItemSection] {
        extraction(from: filing).sections
    }

    /// The items found in a 10-K's clean text (one block per line, as ``FilingReader`` produces), in item order:
    /// by heading or through a cross-reference index (no exhibits: see ``extraction(from:)-(Filing)``).
    public static func extract(from text: String) -> [ItemSection] {
        extraction(from: text).sections
    }

    /// The items found in `filing` and what could not be resolved (an index entry whose pages are not in the
    /// document, an incorporated item whose exhibit is missing), each warning naming the item.
    /// - Complexity: O(n) in the text length (plus the Exhibit 13 text when an item points there).
    public static func extraction(from filing: Filing) -> SectionExtraction {
        var result = extraction(from: filing.text)
        resolveExhibits(&result, filing)
        return result
    }

    /// The items found in a 10-K's clean text and what could not be resolved.
    public static func extraction(from text: String) -> SectionExtraction {
        var copy = text
        return copy.withUTF8 { extraction(bytes: $0) }
    }

    static func extract(bytes p: UnsafeBufferPointer<UInt8>) -> [ItemSection] {
        extraction(bytes: p).sections
    }

    /// Headings first; a cross-reference index, when the text has one, then gives the items it maps to pages.
    static func extraction(bytes p: UnsafeBufferPointer<UInt8>) -> SectionExtraction {
        var sections = headingSections(p)
        var warnings: [String] = []
        if let index = CrossReferenceIndex.find(p) {
            let (found, unresolved) = crossReferencedItems(
                p, index, PageMap.locate(p), itemHeadings: findCandidates(p).map(\.lineStart))
            for (item, section) in found {
                if let k = sections.firstIndex(where: { $0.item == item }) {
                    // The filer's index is the map of its layout: a heading section here is an index or
                    // contents line, or a running header.
                    sections[k] = section
                } else {
                    sections.append(section)
                }
            }
            for item in FilingItem.allCases {
                if let reason = unresolved[item] { warnings.append("Item \(item.rawValue): \(reason)") }
            }
            sections.sort { $0.item < $1.item }
        }
        for k in sections.indices where sections[k].status == .incorporatedByReference {
            sections[k].exhibit = IncorporationReference.parse(sections[k].text).exhibit
        }
        resolveInDocumentReferences(&sections, p)
        convertSpansToScalars(&sections, p)
        return SectionExtraction(sections: sections, warnings: warnings)
    }

    struct Candidate {
        var number: Int
        var letter: Int  // 0 none, 1 = A …
        var lineStart: Int
        var lineEnd: Int
        var title: String
        var endsWithPageNumber: Bool
        var order: Int { number * 10 + letter }
    }

    /// The sections found under "Item N." headings (UTF-8 spans; scalars are filled in by the caller).
    static func headingSections(_ p: UnsafeBufferPointer<UInt8>) -> [ItemSection] {
        let candidates = findCandidates(p)
        var sections: [ItemSection] = []
        var previousStart = -1
        for item in FilingItem.allCases {
            let (number, letter) = key(item)
            let order = number * 10 + letter
            var best: (index: Int, end: Int, toEnd: Bool)?
            for (index, c) in candidates.enumerated() where c.order == order && c.lineStart > previousStart {
                var end = p.count
                var toEnd = true
                for d in candidates[(index + 1)...] where d.order > order {
                    end = d.lineStart
                    toEnd = false
                    break
                }
                if let b = best {
                    // Prefer a section closed by a later heading; then the longest.
                    if b.toEnd && !toEnd {
                        best = (index, end, toEnd)
                    } else if b.toEnd == toEnd && end - c.lineStart > b.end - candidates[b.index].lineStart {
                        best = (index, end, toEnd)
                    }
                } else {
                    best = (index, end, toEnd)
                }
            }
            guard let best else { continue }
            let c = candidates[best.index]
            let end = trimTrailingPageFurniture(p, c.lineEnd, best.end)
            let length = end - c.lineStart
            let nextFollowsImmediately =
                best.index + 1 < candidates.count && candidates[best.index + 1].lineStart - c.lineEnd < 3
            if length < 1000 && (c.endsWithPageNumber || nextFollowsImmediately) && !bodyStatement(p, c, end) {
                continue  // a table-of-contents line, not a section
            }
            previousStart = c.lineStart
            let text = String(decoding: UnsafeBufferPointer(rebasing: p[c.lineStart..<end]), as: UTF8.self)
            var warnings: [String] = []
            var status = ItemSection.Status.found
            let bodyLength = end - c.lineEnd
            if bodyLength < 2500 {
                let lower = text.lowercased()
                let pointsToAnnualReport = bodyLength < 1000 && lower.contains("annual report to s")
                if (lower.contains("incorporat") && lower.contains("by reference"))
                    || lower.contains("is incorporated herein") || lower.contains("are incorporated herein")
                    || pointsToAnnualReport
                {
                    status = .incorporatedByReference
                    warnings.append("the item is incorporated by reference to another document")
                } else if lower.contains("not applicable") || lower.contains("not required")
                    || lower.contains("smaller reporting compan")
                {
                    status = .notApplicable
                    warnings.append("the item states it is not applicable")
                }
            }
            if status == .found && length < 1000 {
                warnings.append("short section (\(length) bytes): boundaries doubtful")
            }
            if best.toEnd {
                warnings.append("no later item heading follows: the section runs to the end of the document")
            }
            var title = c.title
            if !title.unicodeScalars.dropFirst(4).contains(where: {
                $0.properties.isAlphabetic && $0 != "A" && $0 != "a"
            }),
                c.lineEnd + 1 < end
            {
                // "Item 1." alone on its line: the title is the next line.
                var next = c.lineEnd + 1
                while next < end && p[next] != 0x0A { next += 1 }
                let line = String(decoding: UnsafeBufferPointer(rebasing: p[(c.lineEnd + 1)..<next]), as: UTF8.self)
                if line.utf8.count < 200 { title += " " + line.trimmingSpaces() }
            }
            sections.append(
                ItemSection(
                    item: item, title: title, span: c.lineStart..<end, utf8Span: c.lineStart..<end, text: text,
                    status: status, warnings: warnings))
        }
        return sections
    }

    /// True when a short candidate section is a real statement ("Not applicable.", "incorporated by
    /// reference"), which keeps it even though it is short.
    static func bodyStatement(_ p: UnsafeBufferPointer<UInt8>, _ c: Candidate, _ end: Int) -> Bool {
        guard end > c.lineStart else { return false }
        let lower = String(decoding: UnsafeBufferPointer(rebasing: p[c.lineStart..<end]), as: UTF8.self).lowercased()
        return [
            "not applicable", "not required", "incorporated by reference", "incorporated herein",
            "smaller reporting compan",
        ]
        .contains { lower.contains($0) }
    }

    /// Moves `end` back over trailing whitespace and page furniture: page numbers ("52", "F-3", "ii") and
    /// running headers ("Table of Contents", "Index") left between a section and the next heading.
    static func trimTrailingPageFurniture(_ p: UnsafeBufferPointer<UInt8>, _ floor: Int, _ end: Int) -> Int {
        var end = end
        while true {
            while end > floor && p[end - 1] <= 0x20 { end -= 1 }
            var lineStart = end
            while lineStart > floor && p[lineStart - 1] != 0x0A { lineStart -= 1 }
            guard lineStart > floor, end - lineStart <= 24 else { return end }
            let line = String(decoding: UnsafeBufferPointer(rebasing: p[lineStart..<end]), as: UTF8.self)
            guard isPageFurniture(line) else { return end }
            end = lineStart
        }
    }

    /// True for a page number ("52", "F-3", "ii", "Page 7") or a running header ("Table of Contents",
    /// "Index") line.
    static func isPageFurniture<S: StringProtocol>(_ text: S) -> Bool {
        guard text.utf8.count <= 24 else { return false }
        let line = text.lowercased().trimmingSpaces()
        let isPageNumber =
            !line.isEmpty && line.count <= 8
            && line.allSatisfy { $0.isNumber || $0 == "-" || $0 == " " || "ivxf".contains($0) }
            && line.contains(where: { $0.isNumber || "ivx".contains($0) })
        let isRunningHeader =
            ["table of contents", "index", "contents", "page"].contains(line)
            || line.hasPrefix("page ") && line.count < 12
        return isPageNumber || isRunningHeader
    }

    static func key(_ item: FilingItem) -> (Int, Int) {
        switch item {
        case .business: (1, 0)
        case .riskFactors: (1, 1)
        case .managementDiscussion: (7, 0)
        case .marketRisk: (7, 1)
        }
    }

    /// Fills in `span` and `parts` (still UTF-8 offsets on entry) in Unicode scalar offsets of `p`.
    static func convertSpansToScalars(_ sections: inout [ItemSection], _ p: UnsafeBufferPointer<UInt8>) {
        var offsets = Set<Int>()
        for s in sections {
            offsets.insert(s.utf8Span.lowerBound)
            offsets.insert(s.utf8Span.upperBound)
            for part in s.parts {
                offsets.insert(part.lowerBound)
                offsets.insert(part.upperBound)
            }
        }
        var scalarAt: [Int: Int] = [:]
        var scalars = 0
        var position = 0
        for offset in offsets.sorted() {
            while position < offset {
                if p[position] & 0xC0 != 0x80 { scalars += 1 }
                position += 1
            }
            scalarAt[offset] = scalars
        }
        for k in sections.indices {
            let u = sections[k].utf8Span
            sections[k].span = (scalarAt[u.lowerBound] ?? 0)..<(scalarAt[u.upperBound] ?? 0)
            sections[k].parts = sections[k].parts.map {
                (scalarAt[$0.lowerBound] ?? 0)..<(scalarAt[$0.upperBound] ?? 0)
            }
        }
    }

    // MARK: Heading candidates

    static func findCandidates(_ p: UnsafeBufferPointer<UInt8>) -> [Candidate] {
        var candidates: [Candidate] = []
        let n = p.count
        var i = 0
        while i < n {
            var lineEnd = i
            while lineEnd < n && p[lineEnd] != 0x0A { lineEnd += 1 }
            if let c = parseHeading(p, i, lineEnd) { candidates.append(c) }
            i = lineEnd + 1
        }
        return candidates
    }

    @inline(__always) static func lower(_ b: UInt8) -> UInt8 { b >= 0x41 && b <= 0x5A ? b | 0x20 : b }
    @inline(__always) static func isDigit(_ b: UInt8) -> Bool { b >= 0x30 && b <= 0x39 }
    @inline(__always) static func isLetter(_ b: UInt8) -> Bool { lower(b) >= 0x61 && lower(b) <= 0x7A }

    static func matches(_ p: UnsafeBufferPointer<UInt8>, _ k: Int, _ end: Int, _ word: StaticString) -> Bool {
        let count = word.utf8CodeUnitCount
        guard k + count <= end else { return false }
        let w = word.utf8Start
        for j in 0..<count where lower(p[k + j]) != w[j] { return false }
        return true
    }

    /// Skips spaces and heading punctuation (. : - , ) and the UTF-8 dashes – —).
    static func skipSeparators(_ p: UnsafeBufferPointer<UInt8>, _ k: inout Int, _ end: Int) {
        while k < end {
            let b = p[k]
            if b == 0x20 || b == 0x2E || b == 0x3A || b == 0x2D || b == 0x2C || b == 0x29 || b == 0x09 {
                k += 1
            } else if b == 0xE2 && k + 2 < end && p[k + 1] == 0x80 && (p[k + 2] == 0x93 || p[k + 2] == 0x94) {
                k += 3
            } else {
                break
            }
        }
    }

    static func parseHeading(_ p: UnsafeBufferPointer<UInt8>, _ lineStart: Int, _ lineEnd: Int) -> Candidate? {
        var k = lineStart
        while k < lineEnd && (p[k] == 0x20 || p[k] == 0x09) { k += 1 }
        guard k + 5 < lineEnd else { return nil }
        if matches(p, k, lineEnd, "part") {
            var j = k + 4
            while j < lineEnd && p[j] == 0x20 { j += 1 }
            let romanStart = j
            while j < lineEnd && (lower(p[j]) == 0x69 || lower(p[j]) == 0x76) { j += 1 }
            guard j > romanStart else { return nil }
            skipSeparators(p, &j, lineEnd)
            k = j
        }
        guard matches(p, k, lineEnd, "item") else { return nil }
        k += 4
        if k < lineEnd && lower(p[k]) == 0x73 { k += 1 }  // "items"
        while k < lineEnd && (p[k] == 0x20 || p[k] == 0x09) { k += 1 }
        var number = 0
        let digitsStart = k
        while k < lineEnd && isDigit(p[k]) && k - digitsStart < 2 {
            number = number * 10 + Int(p[k] - 0x30)
            k += 1
        }
        if k == digitsStart, k + 1 < lineEnd, p[k] == 0x49, !isLetter(p[k + 1]) {
            number = 1  // "ITEM I. BUSINESS": a Roman one
            k += 1
        }
        guard k > digitsStart, (1...16).contains(number) else { return nil }
        if k < lineEnd && isDigit(p[k]) { return nil }
        if k + 1 < lineEnd && p[k] == 0x2E && isDigit(p[k + 1]) { return nil }  // 8-K "Item 1.01"
        var j = k
        while j < lineEnd && p[j] == 0x20 { j += 1 }
        var letter = 0
        if j < lineEnd, (0x61...0x64).contains(lower(p[j])), j + 1 >= lineEnd || !isLetter(p[j + 1]) {
            letter = Int(lower(p[j]) - 0x60)
            k = j + 1
        } else if j + 2 < lineEnd, p[j] == 0x28, (0x61...0x64).contains(lower(p[j + 1])), p[j + 2] == 0x29 {
            letter = Int(lower(p[j + 1]) - 0x60)  // "ITEM 7(A)."
            k = j + 3
        } else if k < lineEnd && isLetter(p[k]) {
            return nil  // "Item 1Business" glued or "Item 10K"
        }
        skipSeparators(p, &k, lineEnd)
        if k < lineEnd && p[k] >= 0x61 && p[k] <= 0x7A {
            // "Item 7 of this report …", "Items 1 and 2" are handled: "and" continues a heading.
            guard matches(p, k, lineEnd, "and ") else { return nil }
        }
        let titleStart = k
        // Form 8-K's (pre-2004) "Item 7. Financial Statements and Exhibits", listed among a 10-K's reports on
        // Form 8-K, is not the 10-K's Item 7 (MD&A).
        if number == 7 && letter == 0 && matches(p, titleStart, lineEnd, "financial statements and exhibits") {
            return nil
        }
        let length = lineEnd - lineStart
        let title = String(decoding: UnsafeBufferPointer(rebasing: p[lineStart..<lineEnd]), as: UTF8.self)
        if length > 300 {
            // A long line must still begin with the item's own title words.
            let expected: [StaticString] =
                switch (number, letter) {
                case (1, 0): ["business"]
                case (1, 1): ["risk factors"]
                case (7, 0): ["management"]
                case (7, 1): ["quantitative"]
                default: []
                }
            guard expected.contains(where: { matches(p, titleStart, lineEnd, $0) }) else { return nil }
        }
        var e = lineEnd
        while e > lineStart && p[e - 1] == 0x20 { e -= 1 }
        var endsWithPageNumber = false
        if e > titleStart, isDigit(p[e - 1]) {
            var d = e
            while d > titleStart && isDigit(p[d - 1]) { d -= 1 }
            endsWithPageNumber = e - d <= 3 && d > titleStart && p[d - 1] == 0x20
        }
        let shortTitle = length > 300 ? String(title.prefix(120)) : title
        return Candidate(
            number: number, letter: letter, lineStart: lineStart, lineEnd: lineEnd,
            title: shortTitle.trimmingSpaces(), endsWithPageNumber: endsWithPageNumber)
    }
}
