/// Where each printed page of a document's clean text is, found from its page-number footers.
///
/// Annual-report layouts end every page with a footer such as "2023 FORM 10-K 27", "McDonald's Corporation
/// 2023 Annual Report 23", "- 33 -" or a bare "40". A footer line is a short line (at most 100 bytes) that
/// ends with a number, or starts with one followed by a separator; its *template* is the line with the number
/// replaced. The template whose numbers rise most often from one occurrence to the next is the page footer;
/// within it the longest increasing run of numbers is kept (so a contents page's "74 / 76 / 82" column or a
/// number in a table does not break the sequence). Page `n` is the text after the previous kept footer (the
/// start of the document for the first) up to the footer numbered `n`, footer excluded.
///
/// Page numbers printed at the top of pages (headers) are not recognised: decision 0140.
/// - Complexity: O(n) in the text length plus O(f log f) in the number of footer-like lines.
struct PageMap {
    /// One located page: its printed number and its byte range in the text (footer excluded).
    struct Page {
        var number: Int
        var range: Range<Int>
        /// False when the previous kept footer is not page `number - 1` (first footer, or pages without a
        /// footer in between): the range may then start before the page's real top.
        var previousIsAdjacent: Bool
    }

    /// The pages in document order.
    var pages: [Page]
    /// The footer template ("2023 FORM 10-K #"), for messages.
    var template: String

    /// The page numbered `number`, if located.
    func page(_ number: Int) -> Page? {
        // Page numbers increase through `pages`: binary search.
        var low = 0
        var high = pages.count
        while low < high {
            let mid = (low + high) / 2
            if pages[mid].number < number { low = mid + 1 } else { high = mid }
        }
        return low < pages.count && pages[low].number == number ? pages[low] : nil
    }

    /// The printed page range covered, for messages ("3-69").
    var coverage: String {
        guard let first = pages.first, let last = pages.last else { return "none" }
        return "\(first.number)-\(last.number)"
    }

    /// Finds the page footers of UTF-8 clean text `p`; nil when no template repeats with rising numbers at least
    /// three times.
    static func locate(_ p: UnsafeBufferPointer<UInt8>) -> PageMap? {
        struct Footer {
            var number: Int
            var lineStart: Int
            var lineEnd: Int
        }
        var byTemplate: [[UInt8]: [Footer]] = [:]
        let n = p.count
        var i = 0
        while i < n {
            var lineEnd = i
            while lineEnd < n && p[lineEnd] != 0x0A { lineEnd += 1 }
            if lineEnd - i <= 100, let (number, template) = footerNumber(p, i, lineEnd) {
                byTemplate[template, default: []].append(Footer(number: number, lineStart: i, lineEnd: lineEnd))
            }
            i = lineEnd + 1
        }
        // The template whose numbers most often go up by exactly one from one occurrence to the next.
        var best: (template: [UInt8], score: Int)?
        for (template, footers) in byTemplate where footers.count >= 3 {
            var score = 0
            for k in 1..<footers.count where footers[k].number == footers[k - 1].number + 1 { score += 1 }
            if score >= 2,
                best == nil || score > best!.score || (score == best!.score && template.count > best!.template.count)
            {
                best = (template, score)
            }
        }
        guard let best, let footers = byTemplate[best.template] else { return nil }
        let kept = longestIncreasingRun(footers.map(\.number)).map { footers[$0] }
        var pages: [Page] = []
        var previousEnd = 0
        var previousNumber: Int?
        for footer in kept {
            pages.append(
                Page(
                    number: footer.number, range: previousEnd..<footer.lineStart,
                    previousIsAdjacent: previousNumber == footer.number - 1))
            previousEnd = min(footer.lineEnd + 1, n)
            previousNumber = footer.number
        }
        return PageMap(pages: pages, template: String(decoding: best.template, as: UTF8.self))
    }

    /// A footer line's page number and template: "2023 FORM 10-K 27" → (27, "2023 FORM 10-K #"),
    /// "- 33 -" → (33, "- # -"), "40" → (40, "#"), "3 | Annual Report" → (3, "# | Annual Report").
    static func footerNumber(_ p: UnsafeBufferPointer<UInt8>, _ start: Int, _ end: Int) -> (Int, [UInt8])? {
        var a = start
        var b = end
        while a < b && (p[a] == 0x20 || p[a] == 0x09) { a += 1 }
        while b > a && (p[b - 1] == 0x20 || p[b - 1] == 0x09 || p[b - 1] == 0x0D) { b -= 1 }
        guard a < b else { return nil }
        // "- 33 -": strip one pair of surrounding dashes.
        var core = a..<b
        if b - a >= 3, p[a] == 0x2D, p[b - 1] == 0x2D { core = (a + 1)..<(b - 1) }
        var c0 = core.lowerBound
        var c1 = core.upperBound
        while c0 < c1 && p[c0] == 0x20 { c0 += 1 }
        while c1 > c0 && p[c1 - 1] == 0x20 { c1 -= 1 }
        func isDigit(_ b: UInt8) -> Bool { b >= 0x30 && b <= 0x39 }
        func value(_ r: Range<Int>) -> Int? {
            guard r.count >= 1, r.count <= 3 else { return nil }
            return r.reduce(0) { $0 * 10 + Int(p[$1] - 0x30) }
        }
        // Trailing number, preceded by a space or nothing.
        var d = c1
        while d > c0 && isDigit(p[d - 1]) { d -= 1 }
        if d < c1, d == c0 || p[d - 1] == 0x20, let number = value(d..<c1), number > 0 {
            // A year ("2023") is not a page number; a prefix that is itself a table row of numbers is not a
            // footer (the template must hold a letter or be empty).
            var template = Array(p[a..<d])
            let prefix = p[c0..<d]
            guard prefix.isEmpty || prefix.contains(where: { ($0 | 0x20) >= 0x61 && ($0 | 0x20) <= 0x7A }) else {
                return nil
            }
            template.append(0x23)
            template.append(contentsOf: p[c1..<b])
            return (number, template)
        }
        // Leading number followed by a separator and words: "3 | Annual Report".
        d = c0
        while d < c1 && isDigit(p[d]) { d += 1 }
        if d > c0, d < c1, p[d] == 0x20, let number = value(c0..<d), number > 0 {
            let rest = p[d..<c1]
            guard rest.contains(where: { $0 == 0x7C }) else { return nil }  // only "N | …" forms
            var template = Array(p[a..<c0])
            template.append(0x23)
            template.append(contentsOf: p[d..<b])
            return (number, template)
        }
        return nil
    }

    /// Indices of the longest strictly increasing subsequence of `values` (ties broken towards the earliest).
    /// - Complexity: O(n log n).
    static func longestIncreasingRun(_ values: [Int]) -> [Int] {
        var tails: [Int] = []  // index into values of the smallest tail of each length
        var previous = [Int](repeating: -1, count: values.count)
        for (k, v) in values.enumerated() {
            var low = 0
            var high = tails.count
            while low < high {
                let mid = (low + high) / 2
                if values[tails[mid]] < v { low = mid + 1 } else { high = mid }
            }
            if low > 0 { previous[k] = tails[low - 1] }
            if low == tails.count { tails.append(k) } else { tails[low] = k }
        }
        var result: [Int] = []
        var k = tails.last ?? -1
        while k >= 0 {
            result.append(k)
            k = previous[k]
        }
        return result.reversed()
    }
}
