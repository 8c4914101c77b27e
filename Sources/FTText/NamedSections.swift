/// Sections a cross-reference index names instead of pages ("Item 1A. Risk Factors "Risk Factors"", "See
/// “Management’s Discussion and Analysis”", a location column "Management's Discussion and Analysis — Market
/// Risk Management"), located among the headings of the body (decision 0142).
///
/// A name matches a line of the body whose words are the name's words (case, whitespace, quotes, apostrophes,
/// dashes and "&"/"and" ignored), or a run-in heading in capitals followed by ". " and text (GE's "RISK
/// FACTORS. The following …"); lines inside the index, contents entries (a line followed by a bare page
/// number) and lines ending in a page number never match. A name of three or more words that matches no line
/// also matches its longest prefix of at least three words that is a heading ("Management's Discussion and
/// Analysis" for the full Item 7 caption). A name "Parent — Child" that is not itself a heading is the heading
/// Child inside the section Parent.
///
/// Of several matching lines the one followed by the most text before the next other section's heading is
/// taken (contents lines without page numbers and running headers lose). A section runs from its heading to
/// the next start of another item: the heading of another row's name, an `Item N.` heading, the first page
/// of a row's pages, or the index itself. A nested section (Parent — Child) ends earlier at the next heading
/// of the same level (same capitals or title-case style, or the next run-in heading) inside its parent.
/// - Complexity: O(n) in the text length to collect the headings, then O(r log h) for r names and h headings.
struct NamedSections {
    /// One located section: the heading line as it appears and the byte range from the heading's start to
    /// the section's end (trailing whitespace and page furniture excluded).
    struct Located {
        var heading: String
        var range: Range<Int>
    }

    /// Located sections by index entry (position in ``CrossReferenceIndex/entries``), in document order.
    var located: [Int: [Located]] = [:]
    /// Names that matched no heading, by index entry.
    var unresolved: [Int: [String]] = [:]

    // MARK: Reading the row

    /// The official 10-K item captions (Regulation S-K, Form 10-K), by item order (number × 10 + letter), with
    /// older variants; used to tell a row's own caption from a location column after it.
    static let captions: [Int: [String]] = [
        10: ["Business"], 11: ["Risk Factors"], 12: ["Unresolved Staff Comments"], 13: ["Cybersecurity"],
        20: ["Properties"], 30: ["Legal Proceedings"],
        40: ["Mine Safety Disclosures", "Submission of Matters to a Vote of Security Holders", "Removed and Reserved"],
        50: [
            "Market for Registrant's Common Equity, Related Stockholder Matters and Issuer Purchases of Equity "
                + "Securities", "Market for Registrant's Common Equity and Related Stockholder Matters",
        ],
        60: ["Reserved", "Selected Financial Data"],
        70: ["Management's Discussion and Analysis of Financial Condition and Results of Operations"],
        71: ["Quantitative and Qualitative Disclosures About Market Risk"],
        80: ["Financial Statements and Supplementary Data"],
        90: ["Changes in and Disagreements With Accountants on Accounting and Financial Disclosure"],
        91: ["Controls and Procedures"], 92: ["Other Information"],
        93: ["Disclosure Regarding Foreign Jurisdictions that Prevent Inspections"],
        100: ["Directors, Executive Officers and Corporate Governance"], 110: ["Executive Compensation"],
        120: [
            "Security Ownership of Certain Beneficial Owners and Management and Related Stockholder Matters"
        ],
        130: ["Certain Relationships and Related Transactions, and Director Independence"],
        140: ["Principal Accountant Fees and Services"],
        150: ["Exhibits and Financial Statement Schedules", "Exhibits, Financial Statement Schedules"],
        160: ["Form 10-K Summary"],
    ]

    /// Words that introduce a location ("See", "Refer to", "under the caption"), longest first.
    static let markers: [[String]] = [
        ["see", "the", "section", "entitled"], ["see", "the", "section", "titled"], ["under", "the", "captions"],
        ["under", "the", "caption"], ["under", "the", "headings"], ["under", "the", "heading"],
        ["the", "section", "entitled"], ["the", "section", "titled"], ["included", "in"], ["set", "forth", "in"],
        ["refer", "to"], ["see", "also"], ["see"],
    ]

    /// Quoted names taken out of `text` (straight or curly double quotes, or ‘…’ single quotes), and the text
    /// with each quotation replaced by ";". An unclosed quote is left in the text.
    static func takeQuoted(_ text: String) -> (names: [String], rest: String) {
        var names: [String] = []
        var rest = ""
        var current: String?
        var closer: Character = "\""
        let characters = Array(text)
        for (k, c) in characters.enumerated() {
            if var open = current {
                let closes =
                    c == closer && (closer != "’" || k + 1 == characters.count || !characters[k + 1].isLetter)
                if closes {
                    let name = collapsed(open).trimmingCharacters(" ,.;:")
                    if (2...150).contains(name.count) { names.append(name) }
                    rest += " ; "
                    current = nil
                } else {
                    open.append(c)
                    current = open
                }
            } else if c == "\"" || c == "“" || c == "‘" {
                current = ""
                closer = c == "\"" ? "\"" : c == "“" ? "”" : "’"
            } else {
                rest.append(c)
            }
        }
        if let open = current { rest += String(closer == "”" ? "“" : closer == "’" ? "‘" : "\"") + open }
        return (names, rest)
    }

    /// Whitespace runs as one space, trimmed.
    static func collapsed(_ text: String) -> String {
        text.split(whereSeparator: { $0 == " " || $0 == "\n" || $0 == "\t" }).joined(separator: " ")
    }

    /// `text` without location markers at its start ("See Risk Factors" → "Risk Factors") or end ("Risk
    /// Factors See" → "Risk Factors"), nor separators around them.
    static func trimmingMarkers(_ text: String) -> String {
        var text = collapsed(text).trimmingCharacters(" .:-–—,;")
        while true {
            let words = PageHeading.words(text)
            if let marker = markers.first(where: { words.starts(with: $0) }), words.count > marker.count {
                text = String(dropWords(text, marker.count)).trimmingCharacters(" .:-–—,;")
            } else if let marker = markers.first(where: { words.reversed().starts(with: $0.reversed()) }) {
                text = String(text[..<wordStart(text, words.count - marker.count)]).trimmingCharacters(" .:-–—,;")
                if words.count == marker.count { return "" }
            } else {
                return text
            }
        }
    }

    /// Splits a title that starts with item `number``letter`'s caption into the caption as written and what
    /// follows it (the location column, markers trimmed); nil when the title does not start with a caption.
    static func splitCaption(_ title: String, number: Int, letter: Int) -> (String, String)? {
        let words = PageHeading.words(nameText(title))
        for caption in captions[number * 10 + letter] ?? [] {
            let captionWords = PageHeading.words(caption)
            guard words.starts(with: captionWords) else { continue }
            let end = wordStart(title, captionWords.count)
            let head = String(title[..<end]).trimmingCharacters(" .:-–—,;")
            return (head, trimmingMarkers(String(title[end...])))
        }
        return nil
    }

    /// Splits "Business Overview See Our Business" at its first location marker after the first word; nil when
    /// there is none or nothing follows it.
    static func splitAtMarker(_ title: String) -> (String, String)? {
        let words = PageHeading.words(title)
        guard words.count >= 2 else { return nil }
        for k in 1..<words.count {
            guard markers.contains(where: { words[k...].starts(with: $0) && words.count > k + $0.count }) else {
                continue
            }
            let head = String(title[..<wordStart(title, k)]).trimmingCharacters(" .:-–—,;")
            let name = trimmingMarkers(String(title[wordStart(title, k)...]))
            return name.isEmpty ? nil : (head, name)
        }
        return nil
    }

    /// The index in `text` where word number `count` (0-based, words as ``PageHeading/words(_:)``) starts, or
    /// the end of the text.
    static func wordStart(_ text: String, _ count: Int) -> String.Index {
        var seen = 0
        var inWord = false
        for index in text.indices {
            let c = text[index]
            let isWord = c.isLetter || c.isNumber
            if isWord && !inWord {
                if seen == count { return index }
                seen += 1
            }
            inWord = isWord
        }
        return text.endIndex
    }

    /// `text` from its word number `count` on.
    static func dropWords(_ text: String, _ count: Int) -> Substring {
        text[wordStart(text, count)...]
    }

    /// Text for comparison: "&" read as "and".
    static func nameText(_ text: String) -> String {
        text.contains("&")
            ? text.split(separator: "&", omittingEmptySubsequences: false).joined(separator: " and ") : text
    }

    /// The comparison key of a name or heading: its lower-case words joined by one space.
    static func key(_ text: String) -> String {
        PageHeading.words(nameText(text)).joined(separator: " ")
    }

    // MARK: Headings of the body

    /// The body's heading-like lines, by key.
    struct BodyHeadings {
        /// One heading occurrence: where its line starts, where the heading text ends (the line's end, or the
        /// run-in heading's period), and its style.
        struct Occurrence {
            var start: Int
            var headingEnd: Int
            var lineEnd: Int
            var runIn: Bool
            var capitals: Bool
        }

        var byKey: [String: [Occurrence]] = [:]

        /// Collects the lines of `p` outside `excluded` that can be headings.
        init(_ p: UnsafeBufferPointer<UInt8>, excluding excluded: Range<Int>) {
            let n = p.count
            var i = 0
            while i < n {
                var lineEnd = i
                while lineEnd < n && p[lineEnd] != 0x0A { lineEnd += 1 }
                defer { i = lineEnd + 1 }
                guard !(excluded.contains(i) || excluded.contains(max(i, lineEnd - 1))), lineEnd > i else { continue }
                var a = i
                var b = lineEnd
                while a < b && p[a] <= 0x20 { a += 1 }
                while b > a && p[b - 1] <= 0x20 { b -= 1 }
                guard a < b else { continue }
                if b - a <= 200 && !PageHeading.isContentsEntry(p, lineEnd, n) && !SectionExtractor.isDigit(p[b - 1]) {
                    let text = String(decoding: UnsafeBufferPointer(rebasing: p[a..<b]), as: UTF8.self)
                    let key = NamedSections.key(text)
                    if !key.isEmpty {
                        byKey[key, default: []].append(
                            Occurrence(
                                start: i, headingEnd: b, lineEnd: lineEnd, runIn: false,
                                capitals: !p[a..<b].contains { $0 >= 0x61 && $0 <= 0x7A }))
                    }
                }
                if let stop = Self.runInEnd(p, a, b) {
                    let text = String(decoding: UnsafeBufferPointer(rebasing: p[a..<stop]), as: UTF8.self)
                    let key = NamedSections.key(text)
                    if !key.isEmpty {
                        byKey[key, default: []].append(
                            Occurrence(start: i, headingEnd: stop, lineEnd: lineEnd, runIn: true, capitals: true))
                    }
                }
            }
        }

        /// The end of a run-in heading at the start of line `a..<b`: a phrase in capitals (at least two letters,
        /// within 150 bytes) ending in ". " or ": " and followed by text with lower-case letters; nil otherwise.
        static func runInEnd(_ p: UnsafeBufferPointer<UInt8>, _ a: Int, _ b: Int) -> Int? {
            var letters = 0
            var k = a
            while k < min(b, a + 150) {
                let c = p[k]
                if c >= 0x61 && c <= 0x7A { return nil }
                if c >= 0x41 && c <= 0x5A { letters += 1 }
                if (c == 0x2E || c == 0x3A) && k + 1 < b && p[k + 1] == 0x20 && letters >= 2 {
                    return p[(k + 1)..<b].contains { $0 >= 0x61 && $0 <= 0x7A } ? k : nil
                }
                k += 1
            }
            return nil
        }

        /// Occurrences of `name`, in document order; when there are none, of its longest prefix of at least
        /// three words that is a heading ("Management's Discussion and Analysis" for the Item 7 caption), else of
        /// the shortest heading that starts with all of a name of two or more words ("Management's Discussion and
        /// Analysis of Financial Condition …" for "Management's Discussion and Analysis").
        func occurrences(_ name: String, exactly: Bool = false) -> [Occurrence] {
            let words = PageHeading.words(NamedSections.nameText(name))
            guard !words.isEmpty else { return [] }
            let key = words.joined(separator: " ")
            if let found = byKey[key] { return found.sorted { $0.start < $1.start } }
            if exactly { return [] }
            if words.count > 3 {
                for count in stride(from: words.count - 1, through: 3, by: -1) {
                    if let found = byKey[words.prefix(count).joined(separator: " ")] {
                        return found.sorted { $0.start < $1.start }
                    }
                }
            }
            guard words.count >= 2 else { return [] }
            let longer = byKey.keys.filter { $0.hasPrefix(key + " ") }.min { ($0.count, $0) < ($1.count, $1) }
            return longer.map { byKey[$0]!.filter { !$0.runIn }.sorted { $0.start < $1.start } } ?? []
        }
    }

    // MARK: Locating

    /// One name to locate: top level, or Child inside Parent.
    private struct Reference {
        var entry: Int
        var name: String
        var occurrences: [BodyHeadings.Occurrence]
        var child: (name: String, occurrences: [BodyHeadings.Occurrence])?
        var chosen: BodyHeadings.Occurrence?
    }

    /// Locates the names of every row of `index` in `p` (its pages by `map`, when the document has page
    /// footers; `itemHeadings` are the starts of `Item N.` heading lines).
    static func resolve(
        _ p: UnsafeBufferPointer<UInt8>, _ index: CrossReferenceIndex, _ map: PageMap?, itemHeadings: [Int]
    ) -> NamedSections {
        var result = NamedSections()
        let studied = Set(FilingItem.allCases.map(SectionExtractor.order))
        guard index.entries.contains(where: { !$0.headings.isEmpty || ($0.titleOnly && studied.contains($0.order)) })
        else { return result }
        let body = BodyHeadings(p, excluding: index.region)
        var references: [Reference] = []
        for (k, entry) in index.entries.enumerated() {
            for name in entry.titleOnly ? [entry.title] : entry.headings {
                // The name as a heading; else as Parent — Child; else by the prefix rules.
                var reference = Reference(entry: k, name: name, occurrences: body.occurrences(name, exactly: true))
                if reference.occurrences.isEmpty, let (parent, child) = splitPath(name) {
                    let parents = body.occurrences(parent)
                    let children = body.occurrences(child)
                    if !parents.isEmpty && !children.isEmpty {
                        reference.occurrences = parents
                        reference.child = (child, children)
                    }
                }
                if reference.occurrences.isEmpty { reference.occurrences = body.occurrences(name) }
                if reference.occurrences.isEmpty {
                    result.unresolved[k, default: []].append(name)
                    continue
                }
                references.append(reference)
            }
        }
        // Fixed boundaries: Item headings outside the index, the index, and where each page range starts (the
        // row's heading on its first page, else that page's top).
        var fixed = itemHeadings.filter { !index.region.contains($0) }
        fixed.append(index.region.lowerBound)
        if let map {
            for entry in index.entries {
                for range in entry.ranges {
                    guard let page = map.page(range.lowerBound) else { continue }
                    let item = SectionExtractor.studyItem(entry.order)
                    fixed.append(
                        PageHeading.find(entry.title, item: item, in: p, range: page.range) ?? page.range.lowerBound)
                }
            }
        }
        // Choose each name's occurrence: the one with the most text before another row's heading.
        for r in references.indices {
            var others = fixed
            for other in references where other.entry != references[r].entry && other.child == nil {
                others += other.occurrences.map(\.start)
            }
            others.sort()
            references[r].chosen = widest(references[r].occurrences, before: others, limit: p.count)
        }
        var boundaries = fixed
        for reference in references where reference.child == nil {
            if let chosen = reference.chosen { boundaries.append(chosen.start) }
        }
        boundaries.sort()
        for reference in references {
            guard let chosen = reference.chosen else { continue }
            var end = next(after: chosen.start, in: boundaries) ?? p.count
            var heading = chosen
            if let child = reference.child {
                let inside = child.occurrences.first { $0.start > chosen.start && $0.start < end }
                guard let inside else {
                    result.unresolved[reference.entry, default: []].append(reference.name)
                    continue
                }
                heading = inside
                var siblings = references.compactMap { other -> Int? in
                    guard other.child != nil, other.entry != reference.entry, let start = other.chosen?.start,
                        start > inside.start
                    else { return nil }
                    return start
                }
                siblings.append(sameLevelEnd(p, after: inside, limit: end) ?? end)
                end = min(end, siblings.min() ?? end)
            }
            let upper = SectionExtractor.trimTrailingPageFurniture(p, heading.lineEnd, end)
            let text = String(
                decoding: UnsafeBufferPointer(rebasing: p[heading.start..<heading.headingEnd]), as: UTF8.self)
            result.located[reference.entry, default: []].append(
                Located(heading: text.trimmingSpaces(), range: heading.start..<max(upper, heading.headingEnd)))
        }
        for key in result.located.keys { result.located[key]!.sort { $0.range.lowerBound < $1.range.lowerBound } }
        return result
    }

    /// "Parent — Child" (em or en dash, " - ", ": " or " > "): the parent and child names; nil when the name has
    /// no such separator.
    static func splitPath(_ name: String) -> (String, String)? {
        for separator in [" — ", " – ", " - ", ": ", " > ", "—", "–"] {
            guard let range = name.range(of: separator) else { continue }
            let parent = String(name[..<range.lowerBound]).trimmingCharacters(" ,.;")
            let child = String(name[range.upperBound...]).trimmingCharacters(" ,.;")
            if !parent.isEmpty && !child.isEmpty { return (parent, child) }
        }
        return nil
    }

    /// The occurrence followed by the longest stretch before the next position in `boundaries` (sorted);
    /// ties go to the earliest.
    private static func widest(
        _ occurrences: [BodyHeadings.Occurrence], before boundaries: [Int], limit: Int
    ) -> BodyHeadings.Occurrence? {
        var best: (occurrence: BodyHeadings.Occurrence, gap: Int)?
        for occurrence in occurrences {
            let gap = (next(after: occurrence.start, in: boundaries) ?? limit) - occurrence.start
            if best == nil || gap > best!.gap { best = (occurrence, gap) }
        }
        return best?.occurrence
    }

    /// The first value in sorted `values` greater than `position`.
    static func next(after position: Int, in values: [Int]) -> Int? {
        var low = 0
        var high = values.count
        while low < high {
            let mid = (low + high) / 2
            if values[mid] <= position { low = mid + 1 } else { high = mid }
        }
        return low < values.count ? values[low] : nil
    }

    /// The start of the next heading of the same level as `heading` before `limit`: the next run-in heading
    /// for a run-in one; else the next short heading-like line (an upper-case start, at most 12 words and 100
    /// bytes, no closing punctuation or page number) in the same style (all capitals, or title case).
    static func sameLevelEnd(_ p: UnsafeBufferPointer<UInt8>, after heading: BodyHeadings.Occurrence, limit: Int)
        -> Int?
    {
        var i = heading.lineEnd + 1
        while i < limit {
            var lineEnd = i
            while lineEnd < limit && p[lineEnd] != 0x0A { lineEnd += 1 }
            defer { i = lineEnd + 1 }
            var a = i
            var b = lineEnd
            while a < b && p[a] <= 0x20 { a += 1 }
            while b > a && p[b - 1] <= 0x20 { b -= 1 }
            guard a < b else { continue }
            if heading.runIn {
                if BodyHeadings.runInEnd(p, a, b) != nil { return i }
                continue
            }
            guard b - a <= 100, p[a] >= 0x41 && p[a] <= 0x5A, !".,;:".utf8.contains(p[b - 1]),
                !SectionExtractor.isDigit(p[b - 1])
            else { continue }
            let line = String(decoding: UnsafeBufferPointer(rebasing: p[a..<b]), as: UTF8.self)
            let words = line.split(separator: " ")
            guard words.count <= 12, !SectionExtractor.isPageFurniture(line) else { continue }
            let capitals = !line.contains(where: \.isLowercase)
            guard capitals == heading.capitals else { continue }
            if !capitals {
                let titleCase = words.allSatisfy { word in
                    word.count < 4 || word.first.map { $0.isUppercase || !$0.isLetter } == true
                }
                guard titleCase else { continue }
            }
            return i
        }
        return nil
    }
}
