/// What an item that is "incorporated herein by reference" points to, read from its short text:
///
///     "Financial Review Incorporating Management's Discussion and Analysis" on pages 33 through 41 of the
///     Company's Annual Report to Share Owners … is incorporated herein by reference.
///     Refer to the section titled "Market Risk" on page 46 of IBM's 1997 Annual Report to Stockholders …
///     … filed as Exhibit 13.1 to this report on Form 10-K, is incorporated herein by reference.
///
/// Decision 0141.
struct IncorporationReference: Equatable {
    /// Printed pages of the annual report ("pages 38 and 39, and 50 through 77" → 38, 39, 50-77).
    var pages: [ClosedRange<Int>] = []
    /// Quoted section titles ("Financial Review Incorporating Management's Discussion and Analysis").
    var titles: [String] = []
    /// The exhibit named ("Exhibit 13.1" → "EX-13.1"), or "EX-13" when the text only names the annual report
    /// to shareholders (which is filed as Exhibit 13); nil when it points elsewhere (a proxy statement).
    var exhibit: String?

    /// Reads `text` (an item's section text).
    static func parse(_ text: String) -> IncorporationReference {
        var reference = IncorporationReference()
        let tokens = tokenize(text)
        let lower = tokens.map { $0.lowercased() }
        var k = 0
        while k < lower.count {
            defer { k += 1 }
            if lower[k] == "exhibit", k + 1 < lower.count, lower[k + 1] == "13" {
                var type = "EX-13"
                if k + 3 < lower.count, lower[k + 2] == ".", Int(lower[k + 3]) != nil { type += "." + lower[k + 3] }
                if reference.exhibit == nil || reference.exhibit == "EX-13" { reference.exhibit = type }
            }
            guard lower[k] == "page" || lower[k] == "pages" else { continue }
            var j = k + 1
            var pending: Int?
            while j < lower.count {
                let t = lower[j]
                if let n = Int(t), n < 10_000 {
                    if let a = pending { reference.pages.append(a...a) }
                    pending = n
                } else if ["through", "to", "-", "–", "—", "thru"].contains(t), let a = pending, j + 1 < lower.count,
                    let b = Int(lower[j + 1]), b >= a, b - a < 400
                {
                    reference.pages.append(a...b)
                    pending = nil
                    j += 1
                } else if t != "," && t != "and" {
                    break
                }
                j += 1
            }
            if let a = pending { reference.pages.append(a...a) }
        }
        // In page order, overlaps merged ("pages 32-43 (and graphs on pages 25, 32, 33 …)" → 25, 32-43).
        var merged: [ClosedRange<Int>] = []
        for range in reference.pages.sorted(by: { $0.lowerBound < $1.lowerBound }) {
            if let last = merged.last, range.lowerBound <= last.upperBound + 1 {
                merged[merged.count - 1] = last.lowerBound...max(last.upperBound, range.upperBound)
            } else {
                merged.append(range)
            }
        }
        reference.pages = merged
        let flat = lower.joined(separator: " ")
        if reference.exhibit == nil,
            ["annual report to share", "annual report to stock", "annual report to security"].contains(where: {
                flat.contains($0)
            })
        {
            reference.exhibit = "EX-13"
        }
        reference.titles = quoted(text)
        return reference
    }

    /// Words, numbers and the punctuation that matters (",", ".", dashes) as separate tokens.
    static func tokenize(_ text: String) -> [String] {
        var tokens: [String] = []
        var current = ""
        var currentIsDigits = false
        for c in text {
            if c.isLetter || c.isNumber {
                let digit = c.isASCII && c.isNumber
                if !current.isEmpty && digit != currentIsDigits {
                    tokens.append(current)
                    current = ""
                }
                current.append(c)
                currentIsDigits = digit
                continue
            }
            if !current.isEmpty {
                tokens.append(current)
                current = ""
            }
            if c == "," || c == "." || c == "-" || c == "–" || c == "—" { tokens.append(String(c)) }
        }
        if !current.isEmpty { tokens.append(current) }
        return tokens
    }

    /// Text between straight or curly double quotes, 3 to 150 characters, whitespace collapsed.
    static func quoted(_ text: String) -> [String] {
        var result: [String] = []
        var current: String?
        for c in text {
            if c == "\"" || c == "“" || c == "”" {
                if let open = current, c != "“" {
                    let collapsed = open.split(whereSeparator: { $0 == " " || $0 == "\n" }).joined(separator: " ")
                    if (3...150).contains(collapsed.count) { result.append(collapsed) }
                    current = nil
                } else {
                    current = ""
                }
            } else if current != nil {
                current!.append(c)
                if current!.count > 300 { current = nil }
            }
        }
        return result
    }
}
