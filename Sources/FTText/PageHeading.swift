/// Finding a section's heading inside one page, to cut a page shared by two items.
///
/// A line is the heading of `title` when its first words are the title's first words (up to six, case and
/// punctuation ignored: "MANAGEMENT’S DISCUSSION AND ANALYSIS … (MD&A). The consolidated …" heads "Management’s
/// Discussion and Analysis of Financial Condition …") and either the matched words are written in capitals
/// (GE's run-in headings "RISK FACTORS. The following …") or the line is short (at most 100 bytes). For the
/// four studied items a short all-capitals line holding the item's key phrase also counts ("FINANCING AND
/// MARKET RISK" for Item 7A). A line followed by a line holding only a page number is a table-of-contents
/// entry and never counts.
enum PageHeading {
    /// Byte offset of the first line in `range` of `p` that heads `title` (or `item`), or nil.
    static func find(
        _ title: String, item: FilingItem?, in p: UnsafeBufferPointer<UInt8>, range: Range<Int>
    ) -> Int? {
        let titleWords = Array(words(title).prefix(6))
        let phrases = item.map(keyPhrases) ?? []
        guard !titleWords.isEmpty || !phrases.isEmpty else { return nil }
        var i = range.lowerBound
        while i < range.upperBound {
            var lineEnd = i
            while lineEnd < range.upperBound && p[lineEnd] != 0x0A { lineEnd += 1 }
            let length = lineEnd - i
            if length > 0 && !isContentsEntry(p, lineEnd, range.upperBound) {
                let line = String(decoding: UnsafeBufferPointer(rebasing: p[i..<min(lineEnd, i + 400)]), as: UTF8.self)
                if heads(line, titleWords, short: length <= 100) { return i }
                if length <= 60, !line.contains(where: \.isLowercase) {
                    let joined = words(line).joined(separator: " ")
                    if phrases.contains(where: { joined.contains($0) }) { return i }
                }
            }
            i = lineEnd + 1
        }
        return nil
    }

    /// True when the line ending at `lineEnd` is followed by a line holding only a page number: a table of
    /// contents entry ("Business Summary" / "3"), not a heading.
    static func isContentsEntry(_ p: UnsafeBufferPointer<UInt8>, _ lineEnd: Int, _ limit: Int) -> Bool {
        var k = lineEnd + 1
        var digits = 0
        while k < limit && p[k] == 0x20 { k += 1 }
        while k < limit && p[k] >= 0x30 && p[k] <= 0x39 {
            digits += 1
            k += 1
        }
        while k < limit && p[k] == 0x20 { k += 1 }
        return (1...3).contains(digits) && (k == limit || p[k] == 0x0A)
    }

    /// True when `line` starts with `titleWords` written in capitals, or is short and starts with them in any case.
    static func heads(_ line: String, _ titleWords: [String], short: Bool) -> Bool {
        guard !titleWords.isEmpty else { return false }
        var matched = 0
        var current = ""
        var consumed = line.startIndex
        for index in line.indices {
            let c = line[index]
            if c.isLetter || c.isNumber {
                current.append(contentsOf: c.lowercased())
                continue
            }
            if !current.isEmpty {
                guard current == titleWords[matched] else { return false }
                matched += 1
                current = ""
                if matched == titleWords.count {
                    consumed = index
                    break
                }
            }
        }
        if matched < titleWords.count {
            guard !current.isEmpty, current == titleWords[matched], matched + 1 == titleWords.count else {
                return false
            }
            consumed = line.endIndex
        }
        return short || !line[..<consumed].contains(where: \.isLowercase)
    }

    /// Lower-case words of letters and digits ("Management’s Discussion" → ["management", "s", "discussion"]).
    static func words(_ text: String) -> [String] {
        var result: [String] = []
        var current = ""
        for c in text {
            if c.isLetter || c.isNumber {
                current.append(contentsOf: c.lowercased())
            } else if !current.isEmpty {
                result.append(current)
                current = ""
            }
        }
        if !current.isEmpty { result.append(current) }
        return result
    }

    static func keyPhrases(_ item: FilingItem) -> [String] {
        switch item {
        case .business: ["business"]
        case .riskFactors: ["risk factors"]
        case .managementDiscussion: ["management s discussion", "md a"]
        case .marketRisk: ["market risk"]
        }
    }
}
