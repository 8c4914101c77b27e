/// HTML (and inline XBRL) to readable text, working on UTF-8 bytes.
///
/// - Tags are removed; block elements (`p`, `div`, `br`, `tr`, `li`, headings, `table`, …) end the line;
///   table cells are separated by a space so a row reads as one line.
/// - `script`, `style`, `head`, `ix:header` and elements styled `display:none` are dropped with their
///   content; comments, doctypes and processing instructions are dropped.
/// - Entities (named, decimal, hex) are decoded; numeric references 128-159 are read as Windows-1252
///   (`&#146;` is ’), as browsers do.
/// - Whitespace is normalised by ``TextBuilder``.
/// - Malformed markup never fails: an unclosed `<` at the end is kept as text, an unclosed element just
///   runs to the end of the document.
///
/// - Complexity: O(n) in the input length.
enum HTMLText {
    /// Converts valid UTF-8 HTML bytes to normalised text bytes.
    static func convert(_ html: [UInt8]) -> [UInt8] {
        html.withUnsafeBufferPointer { convert($0) }
    }

    static func convert(_ p: UnsafeBufferPointer<UInt8>) -> [UInt8] {
        var out = TextBuilder(capacity: p.count / 3)
        let n = p.count
        var i = 0
        var noCloseAfter = n + 1  // once a '<' has no '>' after it, no later '<' has one either
        while i < n {
            let b = p[i]
            if b == 0x3C && i < noCloseAfter {  // '<'
                guard let tag = parseTag(p, i) else {
                    noCloseAfter = i
                    out.append(b)
                    i += 1
                    continue
                }
                i = tag.end
                switch tag.kind {
                case .comment, .declaration: continue
                case .notATag:
                    out.append(b)
                    continue
                case .open, .selfClosing, .close: break
                }
                let name = tag.name
                if tag.kind == .open, skippedElements.contains(name) || tag.hidden {
                    if let end = skipElement(p, from: i, name: name) {
                        i = end
                        continue
                    }
                    if name == "script" || name == "style" {  // unclosed raw text runs to the end
                        i = n
                        continue
                    }
                }
                if blockElements.contains(name) {
                    out.newline()
                } else if cellElements.contains(name) {
                    out.space()
                }
                continue
            }
            if b == 0x26, let (scalar, end) = decodeEntity(p, i) {  // '&'
                out.append(scalar: scalar)
                i = end
                continue
            }
            if b <= 0x20 {
                out.space()
            } else if b == 0xC2 && i + 1 < n && p[i + 1] == 0xA0 {
                out.space()
                i += 2
                continue
            } else if b == 0xE2 && i + 2 < n && p[i + 1] == 0x80 && (p[i + 2] <= 0x8B || p[i + 2] == 0xAF) {
                out.space()
                i += 3
                continue
            } else {
                out.append(b)
            }
            i += 1
        }
        return out.bytes
    }

    enum TagKind { case open, close, selfClosing, comment, declaration, notATag }

    struct Tag {
        var kind: TagKind
        var name: String
        var end: Int
        var hidden: Bool
    }

    static let skippedElements: Set<String> = ["script", "style", "head", "ix:header", "title", "noscript", "template"]
    static let blockElements: Set<String> = [
        "p", "div", "br", "tr", "li", "ul", "ol", "table", "h1", "h2", "h3", "h4", "h5", "h6", "hr", "blockquote",
        "pre", "center", "dl", "dt", "dd", "thead", "tbody", "tfoot", "caption", "body", "html", "section",
        "article", "header", "footer", "form", "page", "address", "figure", "figcaption", "nav", "main", "aside",
    ]
    static let cellElements: Set<String> = ["td", "th"]

    /// Parses the tag starting at `<` index `i`; nil when no closing `>` follows.
    static func parseTag(_ p: UnsafeBufferPointer<UInt8>, _ i: Int) -> Tag? {
        let n = p.count
        var j = i + 1
        guard j < n else { return nil }
        if p[j] == 0x21 {  // '!'
            if j + 2 < n && p[j + 1] == 0x2D && p[j + 2] == 0x2D {  // <!-- ... -->
                var k = j + 3
                while k + 2 < n {
                    if p[k] == 0x2D && p[k + 1] == 0x2D && p[k + 2] == 0x3E {
                        return Tag(kind: .comment, name: "", end: k + 3, hidden: false)
                    }
                    k += 1
                }
                return Tag(kind: .comment, name: "", end: n, hidden: false)  // unclosed comment runs to the end
            }
            guard let end = find(0x3E, p, from: j) else { return nil }
            return Tag(kind: .declaration, name: "", end: end + 1, hidden: false)
        }
        if p[j] == 0x3F {  // <? ... ?>
            guard let end = find(0x3E, p, from: j) else { return nil }
            return Tag(kind: .declaration, name: "", end: end + 1, hidden: false)
        }
        var kind = TagKind.open
        if p[j] == 0x2F {
            kind = .close
            j += 1
        }
        let nameStart = j
        while j < n, isNameByte(p[j]) { j += 1 }
        guard j > nameStart, nameStart < n, isLetter(p[nameStart]) else {
            return Tag(kind: .notATag, name: "", end: i + 1, hidden: false)  // "a < b" is text
        }
        var name = ""
        name.reserveCapacity(j - nameStart)
        for k in nameStart..<j { name.unicodeScalars.append(Unicode.Scalar(p[k] | (isUpper(p[k]) ? 0x20 : 0))) }
        // Attributes up to '>', honouring quotes.
        let attributesStart = j
        var quote: UInt8 = 0
        while j < n {
            let c = p[j]
            if quote != 0 {
                if c == quote { quote = 0 }
            } else if c == 0x22 || c == 0x27 {
                quote = c
            } else if c == 0x3E {
                break
            } else if c == 0x3C && j > attributesStart {
                // A '<' outside quotes: the tag was never closed; end it here.
                return Tag(kind: kind, name: name, end: j, hidden: false)
            }
            j += 1
        }
        guard j < n else { return nil }
        if kind == .open && j > 0 && p[j - 1] == 0x2F { kind = .selfClosing }
        let hidden = kind == .open && isHidden(p, attributesStart, j)
        return Tag(kind: kind, name: name, end: j + 1, hidden: hidden)
    }

    /// True when the attributes contain `display:none` (spaces ignored, any case).
    static func isHidden(_ p: UnsafeBufferPointer<UInt8>, _ start: Int, _ end: Int) -> Bool {
        let pattern = Array("display:none".utf8)
        var matched = 0
        var k = start
        while k < end {
            let c = p[k] | (isUpper(p[k]) ? 0x20 : 0)
            if c == 0x20 || c == 0x09 || c == 0x0A || c == 0x0D {
                k += 1
                continue
            }
            if c == pattern[matched] {
                matched += 1
                if matched == pattern.count { return true }
            } else {
                matched = c == pattern[0] ? 1 : 0
            }
            k += 1
        }
        return false
    }

    /// Index just past the element `name` opened before `from` (nested same-name elements counted);
    /// nil when it is never closed.
    static func skipElement(_ p: UnsafeBufferPointer<UInt8>, from: Int, name: String) -> Int? {
        var depth = 1
        var i = from
        let n = p.count
        let rawText = name == "script" || name == "style"
        while i < n {
            guard let lt = find(0x3C, p, from: i) else { return nil }
            guard let tag = parseTag(p, lt) else { return nil }
            i = max(tag.end, lt + 1)
            if tag.name == name {
                if tag.kind == .open && !rawText { depth += 1 }
                if tag.kind == .close {
                    depth -= 1
                    if depth == 0 { return i }
                }
            }
        }
        return nil
    }

    static func find(_ byte: UInt8, _ p: UnsafeBufferPointer<UInt8>, from: Int) -> Int? {
        var k = from
        while k < p.count {
            if p[k] == byte { return k }
            k += 1
        }
        return nil
    }

    @inline(__always) static func isUpper(_ c: UInt8) -> Bool { c >= 0x41 && c <= 0x5A }
    @inline(__always) static func isLetter(_ c: UInt8) -> Bool { isUpper(c) || (c >= 0x61 && c <= 0x7A) }
    @inline(__always) static func isNameByte(_ c: UInt8) -> Bool {
        isLetter(c) || (c >= 0x30 && c <= 0x39) || c == 0x3A || c == 0x2D || c == 0x5F || c == 0x2E
    }

    /// Decodes the entity at `&` index `i`: its scalar and the index after it, or nil when not an entity.
    static func decodeEntity(_ p: UnsafeBufferPointer<UInt8>, _ i: Int) -> (Unicode.Scalar, Int)? {
        let n = p.count
        var j = i + 1
        guard j < n else { return nil }
        if p[j] == 0x23 {  // '#'
            j += 1
            var hex = false
            if j < n && (p[j] == 0x78 || p[j] == 0x58) {
                hex = true
                j += 1
            }
            var value: UInt32 = 0
            let digitsStart = j
            while j < n && j - digitsStart < 8 {
                let c = p[j]
                if c >= 0x30 && c <= 0x39 {
                    value = value * (hex ? 16 : 10) + UInt32(c - 0x30)
                } else if hex && (c | 0x20) >= 0x61 && (c | 0x20) <= 0x66 {
                    value = value * 16 + UInt32((c | 0x20) - 0x61 + 10)
                } else {
                    break
                }
                j += 1
            }
            guard j > digitsStart else { return nil }
            if j < n && p[j] == 0x3B { j += 1 }
            if value >= 0x80 && value <= 0x9F { return (TextDecoding.windows1252(UInt8(value)), j) }
            return (Unicode.Scalar(value) ?? "\u{FFFD}", j)
        }
        let nameStart = j
        while j < n && j - nameStart < 10 && (isLetter(p[j]) || (p[j] >= 0x30 && p[j] <= 0x39)) { j += 1 }
        guard j > nameStart else { return nil }
        var name = ""
        for k in nameStart..<j { name.unicodeScalars.append(Unicode.Scalar(p[k])) }
        guard let value = namedEntities[name] ?? namedEntities[name.lowercased()], let scalar = Unicode.Scalar(value)
        else {
            return nil
        }
        if j < n && p[j] == 0x3B { j += 1 }
        return (scalar, j)
    }

    static let namedEntities: [String: UInt32] = [
        "nbsp": 0xA0, "amp": 0x26, "lt": 0x3C, "gt": 0x3E, "quot": 0x22, "apos": 0x27, "rsquo": 0x2019,
        "lsquo": 0x2018, "rdquo": 0x201D, "ldquo": 0x201C, "sbquo": 0x201A, "bdquo": 0x201E, "mdash": 0x2014,
        "ndash": 0x2013, "hellip": 0x2026, "bull": 0x2022, "middot": 0xB7, "reg": 0xAE, "copy": 0xA9,
        "trade": 0x2122, "sect": 0xA7, "para": 0xB6, "deg": 0xB0, "plusmn": 0xB1, "times": 0xD7, "divide": 0xF7,
        "cent": 0xA2, "pound": 0xA3, "euro": 0x20AC, "yen": 0xA5, "frac12": 0xBD, "frac14": 0xBC,
        "frac34": 0xBE, "ensp": 0x2002, "emsp": 0x2003, "thinsp": 0x2009, "zwsp": 0x200B, "shy": 0xAD,
        "dagger": 0x2020, "Dagger": 0x2021, "laquo": 0xAB, "raquo": 0xBB, "iexcl": 0xA1, "iquest": 0xBF,
        "eacute": 0xE9, "Eacute": 0xC9, "egrave": 0xE8, "aacute": 0xE1, "agrave": 0xE0, "oacute": 0xF3,
        "uacute": 0xFA, "iacute": 0xED, "ntilde": 0xF1, "ccedil": 0xE7, "uuml": 0xFC, "ouml": 0xF6,
        "auml": 0xE4, "Uuml": 0xDC, "Ouml": 0xD6, "Auml": 0xC4, "szlig": 0xDF, "ordm": 0xBA, "ordf": 0xAA,
        "micro": 0xB5, "sup1": 0xB9, "sup2": 0xB2, "sup3": 0xB3, "check": 0x2713, "ballot": 0x2610,
    ]
}
