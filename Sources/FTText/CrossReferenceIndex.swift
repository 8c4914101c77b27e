/// A "Form 10-K Cross-Reference Index": the table some filers (General Electric, McDonald's) give instead of
/// item headings, mapping each item to page ranges of an annual-report layout.
///
/// Found as a short line containing "cross-reference index" (or "cross reference index") followed by rows that
/// start with `Item N.` and end with page references: `Item 1. Business 4-6, 7-13, 78-80`,
/// `Item 1A. Risk Factors 27-36`, `Item 7A. … Market Risk 16, 74-76`, `Item 1B. … Not applicable`,
/// `Item 10. … 82, (a)`; or with the references on the next line (`Item 1 Business` / `Page 3`). When no row of
/// the index gives a range (only single numbers), each number is the page the item *starts* on and the item
/// runs to the next item's start (``startPagesOnly``); otherwise a single number is that one page.
/// A row may name sections instead of (or besides) pages: quoted (`"Risk Factors"`, `See “Risk Factors”`),
/// after "see" / "refer to", in further `;`-separated parts, or as a location column after the item's own
/// caption (`Item 1A. Risk Factors Risk Factors`); those names are looked up among the body's headings
/// (``NamedSections``). Decisions 0140 and 0142.
struct CrossReferenceIndex {
    /// One row of the index.
    struct Entry {
        var number: Int
        /// 0 none, 1 = A …
        var letter: Int
        /// The row's title ("Risk Factors"), used to find the item's heading on a page.
        var title: String
        /// Printed page ranges in the order given.
        var ranges: [ClosedRange<Int>]
        /// The row says "Not applicable" / "None" / "[Reserved]" and gives no page.
        var notApplicable: Bool
        /// Byte range of the row (its line, and the reference line after it when there is one).
        var line: Range<Int> = 0..<0
        /// Section names the row gives as the item's location, in the order given (quotes, "see", dashes
        /// kept as written), to be found among the body's headings; empty for a row of pages only.
        var headings: [String] = []
        /// The row's location is only a footnote marker ("(a)": a proxy statement, told in the footnote).
        var footnote = false
        /// True when the row gives neither pages, nor section names, nor "not applicable", nor a footnote: its
        /// title is then the only name to look for.
        var titleOnly: Bool { ranges.isEmpty && headings.isEmpty && !notApplicable && !footnote }
        var order: Int { number * 10 + letter }
    }

    var entries: [Entry]
    /// Byte range of the index (title line to last row) in the text.
    var region: Range<Int>
    /// True when every reference is a single page number: the numbers are start pages.
    var startPagesOnly: Bool

    /// The entry for `item`, if the index has a row for it.
    func entry(_ item: FilingItem) -> Entry? {
        let (number, letter) = SectionExtractor.key(item)
        return entries.first { $0.number == number && $0.letter == letter }
    }

    /// Finds the index in clean text `p`: of all lines naming a cross-reference index, the one followed by the
    /// most item rows with page references or section names; nil when none has at least three.
    /// - Complexity: O(n) in the text length.
    static func find(_ p: UnsafeBufferPointer<UInt8>) -> CrossReferenceIndex? {
        var best: CrossReferenceIndex?
        var bestScore = 2
        var i = 0
        let n = p.count
        while i < n {
            var lineEnd = i
            while lineEnd < n && p[lineEnd] != 0x0A { lineEnd += 1 }
            if lineEnd - i <= 120, containsIndexTitle(p, i, lineEnd) {
                let index = parseRows(p, after: lineEnd, titleStart: i)
                let score = index.entries.filter { !$0.ranges.isEmpty || !$0.headings.isEmpty }.count
                if score > bestScore {
                    best = index
                    bestScore = score
                }
            }
            i = lineEnd + 1
        }
        return best
    }

    /// True when the line holds "cross-reference index" / "cross reference index" (any case).
    static func containsIndexTitle(_ p: UnsafeBufferPointer<UInt8>, _ start: Int, _ end: Int) -> Bool {
        var k = start
        while k + 21 <= end {
            if SectionExtractor.lower(p[k]) == 0x63, SectionExtractor.matches(p, k, end, "cross"),
                p[k + 5] == 0x2D || p[k + 5] == 0x20, SectionExtractor.matches(p, k + 6, end, "reference index")
            {
                return true
            }
            k += 1
        }
        return false
    }

    /// Reads the rows after the title line: item rows may be separated by "Part II", header and footnote
    /// lines; twelve lines in a row without an item row end the index.
    static func parseRows(_ p: UnsafeBufferPointer<UInt8>, after titleEnd: Int, titleStart: Int) -> CrossReferenceIndex
    {
        var entries: [Entry] = []
        var lines: [String] = []
        var lineStarts: [Int] = []
        var lineEnds: [Int] = []
        var i = titleEnd + 1
        let n = p.count
        while i < n && lines.count < 200 {
            var lineEnd = i
            while lineEnd < n && p[lineEnd] != 0x0A { lineEnd += 1 }
            lines.append(String(decoding: UnsafeBufferPointer(rebasing: p[i..<lineEnd]), as: UTF8.self))
            lineStarts.append(i)
            lineEnds.append(lineEnd)
            i = lineEnd + 1
        }
        var sinceRow = 0
        var regionEnd = titleEnd
        var k = 0
        while k < lines.count && sinceRow < 12 {
            guard var entry = parseRow(lines[k]) else {
                sinceRow += 1
                k += 1
                continue
            }
            regionEnd = lineEnds[k]
            entry.line = lineStarts[k]..<lineEnds[k]
            if entry.ranges.isEmpty && !entry.notApplicable, k + 1 < lines.count,
                let (ranges, notApplicable) = referenceOnlyLine(lines[k + 1])
            {
                entry.ranges = ranges
                entry.notApplicable = notApplicable
                regionEnd = lineEnds[k + 1]
                entry.line = lineStarts[k]..<lineEnds[k + 1]
                k += 1
            }
            entry = splittingLocationColumn(entry)
            if !entries.contains(where: { $0.order == entry.order }) { entries.append(entry) }
            sinceRow = 0
            k += 1
        }
        let startOnly = !entries.contains { $0.ranges.contains { $0.count > 1 } }
        return CrossReferenceIndex(entries: entries, region: titleStart..<regionEnd, startPagesOnly: startOnly)
    }

    /// Parses "Item 7A. Quantitative … Market Risk 16, 74-76" into an entry; nil for lines that are not item
    /// rows.
    static func parseRow(_ line: String) -> Entry? {
        var s = Substring(line.trimmingSpaces())
        guard s.count >= 6, s.prefix(4).lowercased() == "item" else { return nil }
        s = s.dropFirst(4)
        if s.first == "s" || s.first == "S" { s = s.dropFirst() }
        s = s.drop { $0 == " " }
        let digits = s.prefix { $0.isASCII && $0.isNumber }
        guard (1...2).contains(digits.count), let number = Int(digits), (1...16).contains(number) else { return nil }
        s = s.dropFirst(digits.count)
        if s.first == ".", s.dropFirst().first?.isNumber == true { return nil }  // 8-K "Item 1.01"
        var letter = 0
        let afterSpace = s.drop { $0 == " " }
        if let c = afterSpace.first, "AaBbCcDd".contains(c),
            afterSpace.dropFirst().first.map({ !$0.isLetter }) ?? true
        {
            letter = Int(c.lowercased().unicodeScalars.first!.value) - 0x60
            s = afterSpace.dropFirst()
        } else if s.first?.isLetter == true {
            return nil
        }
        s = s.drop { " .:-–—,".contains($0) }
        return parseLocation(String(s), number: number, letter: letter)
    }

    /// The entry for a row's text after "Item N.": its title, pages, section names and footnote marker.
    ///
    /// Quoted names are taken out first; what is left is split at ";" (the first part is the title with pages
    /// at its end, each later part pages or a name). A row with no pages and no quoted or later-part name but a
    /// title longer than the item's caption has a location column: the words after the caption are the name.
    static func parseLocation(_ text: String, number: Int, letter: Int) -> Entry {
        let (quotedNames, rest) = NamedSections.takeQuoted(text)
        let segments = rest.split(separator: ";", omittingEmptySubsequences: false).map(String.init)
        let first = splitReferences(segments.first ?? "")
        var entry = Entry(
            number: number, letter: letter, title: NamedSections.trimmingMarkers(first.title), ranges: first.ranges,
            notApplicable: first.notApplicable, footnote: first.footnote && first.ranges.isEmpty)
        entry.headings = quotedNames
        for segment in segments.dropFirst() {
            let part = splitReferences(segment)
            entry.ranges += part.ranges
            let name = NamedSections.trimmingMarkers(part.title)
            if part.ranges.isEmpty && !name.isEmpty { entry.headings.append(name) }
        }
        if !entry.headings.isEmpty || !entry.ranges.isEmpty { entry.notApplicable = false }
        if !entry.headings.isEmpty { entry.footnote = false }
        return entry
    }

    /// A row that is still ``Entry/titleOnly`` (no reference line followed it) and whose title runs past the
    /// item's caption has a location column: "Risk Factors Risk Factors" → title "Risk Factors", name "Risk
    /// Factors"; "Business See Our Business" → name "Our Business".
    static func splittingLocationColumn(_ entry: Entry) -> Entry {
        guard entry.titleOnly else { return entry }
        var entry = entry
        if let (title, name) = NamedSections.splitAtMarker(entry.title) {
            entry.title = title
            entry.headings = [name]
        } else if let (caption, column) = NamedSections.splitCaption(
            entry.title, number: entry.number, letter: entry.letter),
            !column.isEmpty
        {
            entry.title = caption
            entry.headings = [column]
        }
        return entry
    }

    /// A line that holds only page references ("Page 3", "Page 36, (a)", "Pages 12-14"); nil otherwise.
    static func referenceOnlyLine(_ line: String) -> ([ClosedRange<Int>], Bool)? {
        let reference = splitReferences(line)
        guard reference.title.isEmpty, !reference.ranges.isEmpty || reference.notApplicable else { return nil }
        return (reference.ranges, reference.notApplicable)
    }

    /// Splits a row's text into its title and the page references at its end (`footnote`: a marker such as
    /// "(a)" or "*" was among them).
    static func splitReferences(
        _ text: String
    ) -> (title: String, ranges: [ClosedRange<Int>], notApplicable: Bool, footnote: Bool) {
        // Tokens: words, with a dash between numbers ("4-6", "4 – 6") kept as its own token.
        var words = text.replacingDashes().split(separator: " ").map(String.init)
        var tail: [String] = []
        var notApplicable = false
        while let last = words.last {
            let w = last.lowercased().trimmingCharacters(",;.")
            if w.isEmpty || isReferenceWord(w) {
                tail.insert(w, at: 0)
                words.removeLast()
            } else if w == "applicable", words.count >= 2, words[words.count - 2].lowercased() == "not" {
                notApplicable = true
                words.removeLast(2)
            } else if w == "none" || w == "[reserved]" || w == "n/a" || w == "omitted" {
                notApplicable = true
                words.removeLast()
            } else {
                break
            }
        }
        var ranges: [ClosedRange<Int>] = []
        let footnote = tail.contains { $0 == "*" || $0 == "**" || ($0.count == 3 && $0.first == "(") }
        var k = 0
        while k < tail.count {
            let w = tail[k]
            if let (a, b) = rangeWord(w) {
                ranges.append(a...b)
            } else if let a = Int(w) {
                if k + 2 < tail.count, ["-", "through", "to", "thru"].contains(tail[k + 1]), let b = Int(tail[k + 2]),
                    b >= a
                {
                    ranges.append(a...b)
                    k += 2
                } else {
                    ranges.append(a...a)
                }
            }
            k += 1
        }
        var title = words.joined(separator: " ")
        while let last = title.last, " .:-,".contains(last) { title.removeLast() }
        return (title, ranges, notApplicable && ranges.isEmpty, footnote)
    }

    static func isReferenceWord(_ w: String) -> Bool {
        if Int(w) != nil || rangeWord(w) != nil { return true }
        if ["-", "page", "pages", "page(s)", "and", "through", "to", "thru", "&"].contains(w) { return true }
        // Footnote markers "(a)", "(b)", "*".
        if w.count == 3, w.first == "(", w.last == ")" { return true }
        return w == "*" || w == "**"
    }

    /// "4-6" → (4, 6).
    static func rangeWord(_ w: String) -> (Int, Int)? {
        let parts = w.split(separator: "-", omittingEmptySubsequences: false)
        guard parts.count == 2, let a = Int(parts[0]), let b = Int(parts[1]), b >= a, b - a < 400 else { return nil }
        return (a, b)
    }
}

extension String {
    /// En and em dashes as "-", with a dash between spaces kept as a separate word.
    func replacingDashes() -> String {
        var out = ""
        out.reserveCapacity(utf8.count)
        for c in self { out.append(c == "–" || c == "—" || c == "‑" ? "-" : c) }
        return out
    }

    /// The string without leading and trailing characters in `set`.
    func trimmingCharacters(_ set: String) -> String {
        var s = Substring(self)
        while let f = s.first, set.contains(f) { s = s.dropFirst() }
        while let l = s.last, set.contains(l) { s = s.dropLast() }
        return String(s)
    }
}
