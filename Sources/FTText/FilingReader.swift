import FTIO

/// Reads 10-K filings in the three forms people have, gzip-compressed or not.
///
/// 1. EDGAR full-submission `.txt`: the `<SEC-HEADER>` gives the metadata; the body is the first
///    `<DOCUMENT>` whose `<TYPE>` starts with `10-K`, read as HTML or plain text.
/// 2. A primary 10-K HTML / inline-XBRL document: metadata from its `dei:` facts (CIK, name, form,
///    period, ticker) and from a `CIK_…` file name.
/// 3. Plain text, such as Loughran-McDonald's `YYYYMMDD_10-K_edgar_data_CIK_ACCESSION.txt` (metadata from
///    its `<SEC-Header>` block or its file name).
///
/// Text that is not valid UTF-8 is repaired (each invalid byte read as Windows-1252) with a warning that
/// names the file, line and byte offset; it never fails or crashes on content.
public enum FilingReader {
    /// Reads the filing at `path` (gzip decompressed by magic number, whatever the name). A folder is read as
    /// one submission: its primary document plus its Exhibit 13 files (``Filing/exhibits``).
    ///
    /// - Throws: `IOError` when the file cannot be read or its gzip stream is corrupt; `FilingError` when it
    ///   is empty (or only whitespace).
    /// - Complexity: O(file size); memory a few times the decompressed size.
    public static func read(path: String) throws -> Filing {
        if FileData.isDirectory(path) { return try readFolder(path) }
        let bytes = try FileData.read(path)
        return try read(bytes: bytes, source: path)
    }

    /// Reads a filing from its (decompressed) bytes; `source` names it in warnings and errors and is parsed
    /// for metadata when it looks like an EDGAR or Loughran-McDonald file name.
    ///
    /// - Throws: `FilingError` when the input is empty or only whitespace.
    public static func read(bytes raw: [UInt8], source: String) throws(FilingError) -> Filing {
        var warnings: [String] = []
        let (bytes, firstInvalid) = TextDecoding.repairUTF8(raw)
        if let firstInvalid {
            let line = raw[0..<firstInvalid].reduce(1) { $0 + ($1 == 0x0A ? 1 : 0) }
            warnings.append(
                "\(source):\(line): invalid UTF-8 at byte offset \(firstInvalid); invalid bytes read as Windows-1252")
        }
        guard bytes.contains(where: { $0 > 0x20 }) else {
            throw FilingError(path: source, line: 1, reason: emptinessReason(bytes))
        }
        var metadata = metadataFromFileName(source)
        let head = Array(bytes.prefix(1 << 16))
        let format: Filing.Format
        let body: [UInt8]
        var exhibits: [FilingExhibit] = []
        if let headerRange = range(of: "<SEC-HEADER>", to: "</SEC-HEADER>", in: bytes, limit: 1 << 17) {
            metadata.merge(secHeader(bytes[headerRange]))
            if hasPrefixIgnoringSpace(head, "<Header>")
                || range(of: "<FileStats>", to: "</FileStats>", in: head, limit: 1 << 16) != nil
            {
                // Loughran-McDonald: <Header>…</Header> then plain text.
                let start =
                    range(of: "</Header>", in: bytes, from: headerRange.upperBound)?.upperBound
                    ?? headerRange.upperBound
                format = .plainText
                body = PlainText.normalise(bytes[start...])
            } else {
                format = .fullSubmission
                body = mainDocument(bytes, from: headerRange.upperBound, source: source, warnings: &warnings)
                exhibits = annualReportExhibits(bytes, from: headerRange.upperBound)
            }
        } else if looksLikeHTML(head) {
            format = .html
            metadata.merge(inlineXBRLMetadata(bytes))
            body = HTMLText.convert(bytes)
        } else {
            format = .plainText
            body = PlainText.normalise(bytes[...])
        }
        if body.isEmpty { warnings.append("\(source): no text found in the 10-K body") }
        return Filing(
            metadata: metadata, text: String(decoding: body, as: UTF8.self), format: format,
            warnings: warnings, source: source, exhibits: exhibits)
    }

    /// Why bytes with nothing above a space hold no filing: truly empty, only whitespace, or binary zeros
    /// and control bytes (a device, a sparse or corrupt file), which "empty" would misdescribe.
    static func emptinessReason(_ bytes: [UInt8]) -> String {
        if bytes.isEmpty { return "the file is empty" }
        let whitespace: Set<UInt8> = [0x20, 0x09, 0x0A, 0x0D, 0x0B, 0x0C]
        let other = bytes.count { !whitespace.contains($0) }
        if other == 0 { return "the file holds only whitespace (\(bytes.count) bytes), no text" }
        let zeros = bytes.count { $0 == 0 }
        return
            "the file holds no text: \(bytes.count) bytes of which \(zeros) are NUL and \(other - zeros) other control bytes (a binary or corrupt file?)"
    }

    // MARK: Documents

    /// The 10-K document's text inside a full submission.
    static func mainDocument(_ bytes: [UInt8], from start: Int, source: String, warnings: inout [String]) -> [UInt8] {
        var position = start
        var first: Range<Int>?
        while let document = range(of: "<DOCUMENT>", to: "</DOCUMENT>", in: bytes, from: position) {
            position = document.upperBound
            let type = tagValue("<TYPE>", in: bytes[document])?.uppercased() ?? ""
            let text =
                range(of: "<TEXT>", to: "</TEXT>", in: bytes, from: document.lowerBound, end: document.upperBound)
                ?? document
            if first == nil { first = text }
            if type.hasPrefix("10-K") { return documentText(bytes[text]) }
        }
        guard let first else {
            warnings.append("\(source): no <DOCUMENT> block after the SEC header; reading the rest as text")
            return documentText(bytes[start...])
        }
        warnings.append("\(source): no <DOCUMENT> of type 10-K; reading the first document")
        return documentText(bytes[first])
    }

    static func documentText(_ slice: ArraySlice<UInt8>) -> [UInt8] {
        looksLikeHTML(Array(slice.prefix(1 << 14))) ? HTMLText.convert(Array(slice)) : PlainText.normalise(slice)
    }

    static func looksLikeHTML(_ head: [UInt8]) -> Bool {
        let lower = String(decoding: head.prefix(1 << 14), as: UTF8.self).lowercased()
        // Old SGML text documents use <TABLE>, <S>, <C>, <PAGE>: those alone do not make HTML.
        return ["<html", "<!doctype html", "<body", "<div", "<p>", "<p ", "<td", "<tr>", "<br", "<?xml", "<font"]
            .contains { lower.contains($0) }
    }

    // MARK: Metadata

    static func secHeader(_ slice: ArraySlice<UInt8>) -> FilingMetadata {
        var metadata = FilingMetadata()
        let text = String(decoding: slice, as: UTF8.self)
        for line in text.split(whereSeparator: { $0 == "\n" || $0 == "\r\n" }) {
            guard let colon = line.firstIndex(of: ":") else { continue }
            let key = line[..<colon].trimmingSpaces().uppercased()
            let value = line[line.index(after: colon)...].trimmingSpaces()
            guard !value.isEmpty else { continue }
            switch key {
            case "ACCESSION NUMBER": metadata.accession = metadata.accession ?? value
            case "CONFORMED SUBMISSION TYPE": metadata.formType = metadata.formType ?? value
            case "CONFORMED PERIOD OF REPORT": metadata.period = metadata.period ?? isoDate(compact: value)
            case "FILED AS OF DATE": metadata.filingDate = metadata.filingDate ?? isoDate(compact: value)
            case "COMPANY CONFORMED NAME": metadata.company = metadata.company ?? value
            case "CENTRAL INDEX KEY": metadata.cik = metadata.cik ?? stripZeros(value)
            case "STANDARD INDUSTRIAL CLASSIFICATION":
                guard metadata.sic == nil else { continue }
                if let open = value.lastIndex(of: "["), let close = value.lastIndex(of: "]"), open < close {
                    metadata.sic = Int(value[value.index(after: open)..<close])
                    let title = value[..<open].trimmingSpaces()
                    metadata.industryTitle = title.isEmpty ? nil : title
                } else if let code = Int(value) {
                    metadata.sic = code
                } else {
                    metadata.industryTitle = value
                }
            default: continue
            }
        }
        return metadata
    }

    /// `dei:` facts of an inline-XBRL document.
    static func inlineXBRLMetadata(_ bytes: [UInt8]) -> FilingMetadata {
        var metadata = FilingMetadata()
        func fact(_ name: String) -> String? {
            guard let at = range(of: "name=\"dei:\(name)\"", in: bytes, from: 0),
                let open = range(of: ">", in: bytes, from: at.upperBound),
                let close = closingTag(in: bytes, from: open.upperBound, limit: 4096)
            else { return nil }
            let text = String(
                decoding: HTMLText.convert(Array(bytes[open.upperBound..<close.lowerBound])), as: UTF8.self
            )
            .trimmingSpaces()
            return text.isEmpty ? nil : text
        }
        metadata.cik = fact("EntityCentralIndexKey").map(stripZeros)
        metadata.company = fact("EntityRegistrantName")
        metadata.formType = fact("DocumentType")
        metadata.period = fact("DocumentPeriodEndDate").map { isoDate(written: $0) ?? $0 }
        metadata.ticker = fact("TradingSymbol")
        return metadata
    }

    /// The `</ix:…>` that closes the inline-XBRL element whose content starts at `start`, skipping nested
    /// `<ix:…>…</ix:…>` elements (a period end date often wraps `dei:CurrentFiscalYearEndDate`:
    /// `September <ix:nonNumeric …>28</ix:nonNumeric>, 2024`); nil when it is not within `limit` bytes.
    static func closingTag(in bytes: [UInt8], from start: Int, limit: Int) -> Range<Int>? {
        let end = min(bytes.count, start + limit)
        var depth = 0
        var position = start
        while let close = range(of: "</ix:", in: bytes, from: position, end: end) {
            // Nested openings before this closing tag (self-closing `<ix:… />` ones do not nest).
            var cursor = position
            while let nested = range(of: "<ix:", in: bytes, from: cursor, end: close.lowerBound) {
                let tagEnd = range(of: ">", in: bytes, from: nested.upperBound, end: end)?.lowerBound ?? end
                if tagEnd == 0 || bytes[tagEnd - 1] != UInt8(ascii: "/") { depth += 1 }
                cursor = nested.upperBound
            }
            if depth == 0 { return close }
            depth -= 1
            position = close.upperBound
        }
        return nil
    }

    /// Metadata from EDGAR-style file names: `CIK_ACCESSION.htm`, `CIK_YYYY-MM-DD.htm`, and
    /// Loughran-McDonald's `YYYYMMDD_10-K_edgar_data_CIK_ACCESSION.txt`.
    static func metadataFromFileName(_ path: String) -> FilingMetadata {
        var metadata = FilingMetadata()
        let name = path.split(separator: "/").last.map(String.init) ?? path
        let stem = name.split(separator: ".").first.map(String.init) ?? name
        let parts = stem.split(separator: "_").map(String.init)
        if parts.count >= 6, parts[2] == "edgar", parts[3] == "data", parts[0].count == 8, Int(parts[0]) != nil {
            metadata.filingDate = isoDate(compact: parts[0])
            metadata.formType = parts[1]
            metadata.cik = stripZeros(parts[4])
            metadata.accession = parts[5]
        } else if parts.count >= 2, Int(parts[0]) != nil {
            metadata.cik = stripZeros(parts[0])
            if parts[1].count == 20, parts[1].split(separator: "-").count == 3 { metadata.accession = parts[1] }
            if parts[1].count == 10, parts[1].split(separator: "-").count == 3 { metadata.filingDate = parts[1] }
        }
        return metadata
    }

    static func isoDate(compact: String) -> String? {
        let digits = compact.filter(\.isNumber)
        guard digits.count == 8 else { return nil }
        let d = Array(digits)
        return "\(String(d[0..<4]))-\(String(d[4..<6]))-\(String(d[6..<8]))"
    }

    /// "October 31, 2023" or "Dec. 31, 2023" → "2023-10-31".
    static func isoDate(written: String) -> String? {
        let months = ["jan", "feb", "mar", "apr", "may", "jun", "jul", "aug", "sep", "oct", "nov", "dec"]
        let words = written.lowercased().split(whereSeparator: { !$0.isLetter && !$0.isNumber })
        guard words.count == 3, let month = months.firstIndex(where: { words[0].hasPrefix($0) }),
            let day = Int(words[1]), let year = Int(words[2]), (1...31).contains(day), year > 1900
        else { return nil }
        let mm = month + 1 < 10 ? "0\(month + 1)" : "\(month + 1)"
        let dd = day < 10 ? "0\(day)" : "\(day)"
        return "\(year)-\(mm)-\(dd)"
    }

    static func stripZeros(_ s: String) -> String {
        let stripped = s.drop { $0 == "0" }
        return stripped.isEmpty ? s : String(stripped)
    }

    // MARK: Byte search

    static func tagValue(_ tag: String, in slice: ArraySlice<UInt8>) -> String? {
        let bytes = Array(slice.prefix(4096))
        guard let at = range(of: tag, in: bytes, from: 0) else { return nil }
        var end = at.upperBound
        while end < bytes.count, bytes[end] != 0x0A, bytes[end] != 0x0D, bytes[end] != 0x3C { end += 1 }
        return String(decoding: bytes[at.upperBound..<end], as: UTF8.self).trimmingSpaces()
    }

    static func hasPrefixIgnoringSpace(_ bytes: [UInt8], _ prefix: String) -> Bool {
        let start = bytes.firstIndex { $0 > 0x20 } ?? bytes.count
        return bytes[start...].starts(with: prefix.utf8)
    }

    /// Range of `open … close` (inclusive of both), case-insensitive, searching `[from, end)`.
    static func range(
        of open: String, to close: String, in bytes: [UInt8], from: Int = 0, end: Int? = nil, limit: Int? = nil
    ) -> Range<Int>? {
        let stop = min(end ?? bytes.count, limit.map { from + $0 } ?? Int.max)
        guard let a = range(of: open, in: bytes, from: from, end: stop) else { return nil }
        guard let b = range(of: close, in: bytes, from: a.upperBound, end: end ?? bytes.count) else {
            return a.lowerBound..<(end ?? bytes.count)
        }
        return a.lowerBound..<b.upperBound
    }

    /// First case-insensitive (ASCII) occurrence of `needle` in `bytes[from..<end]`.
    static func range(of needle: String, in bytes: [UInt8], from: Int, end: Int? = nil) -> Range<Int>? {
        let pattern = Array(needle.utf8).map { $0 >= 0x41 && $0 <= 0x5A ? $0 | 0x20 : $0 }
        let stop = min(end ?? bytes.count, bytes.count)
        guard let first = pattern.first, stop - from >= pattern.count else { return nil }
        return bytes.withUnsafeBufferPointer { p in
            var i = max(0, from)
            while i + pattern.count <= stop {
                let b = p[i]
                if (b >= 0x41 && b <= 0x5A ? b | 0x20 : b) == first {
                    var k = 1
                    while k < pattern.count {
                        let c = p[i + k]
                        if (c >= 0x41 && c <= 0x5A ? c | 0x20 : c) != pattern[k] { break }
                        k += 1
                    }
                    if k == pattern.count { return i..<(i + pattern.count) }
                }
                i += 1
            }
            return nil
        }
    }
}

extension FilingMetadata {
    /// Takes `other`'s non-nil fields (the header or document beats the file name).
    mutating func merge(_ other: FilingMetadata) {
        cik = other.cik ?? cik
        company = other.company ?? company
        formType = other.formType ?? formType
        filingDate = other.filingDate ?? filingDate
        period = other.period ?? period
        sic = other.sic ?? sic
        industryTitle = other.industryTitle ?? industryTitle
        accession = other.accession ?? accession
        ticker = other.ticker ?? ticker
    }
}

extension StringProtocol {
    /// The text without leading and trailing spaces and tabs.
    func trimmingSpaces() -> String {
        let scalars = unicodeScalars
        guard let start = scalars.firstIndex(where: { !$0.properties.isWhitespace }) else { return "" }
        let end = scalars.lastIndex(where: { !$0.properties.isWhitespace }) ?? start
        var result = ""
        result.unicodeScalars.append(contentsOf: scalars[start...end])
        return result
    }
}

/// Plain-text normalisation: lines kept, whitespace collapsed, SGML layout tags (`<PAGE>`, `<S>`, `<C>`,
/// `<TABLE>`, `<CAPTION>`, `<FN>`) of old EDGAR text documents dropped.
enum PlainText {
    static let layoutTags: Set<String> = ["page", "s", "c", "table", "/table", "caption", "/caption", "fn", "/fn"]

    static func normalise(_ slice: ArraySlice<UInt8>) -> [UInt8] {
        var out = TextBuilder(capacity: slice.count)
        var i = slice.startIndex
        let n = slice.endIndex
        var blankRun = 0
        while i < n {
            var lineEnd = i
            while lineEnd < n && slice[lineEnd] != 0x0A { lineEnd += 1 }
            var line = i..<lineEnd
            i = lineEnd + 1
            // Drop layout tags at the start of the line.
            var start = line.lowerBound
            while start < line.upperBound && (slice[start] == 0x20 || slice[start] == 0x09) { start += 1 }
            while start < line.upperBound && slice[start] == 0x3C {
                var close = start + 1
                while close < line.upperBound && close - start < 12 && slice[close] != 0x3E { close += 1 }
                guard close < line.upperBound && slice[close] == 0x3E else { break }
                let tag = String(decoding: slice[(start + 1)..<close], as: UTF8.self).lowercased()
                guard layoutTags.contains(tag) else { break }
                start = close + 1
            }
            line = start..<line.upperBound
            if !slice[line].contains(where: { $0 > 0x20 }) {
                blankRun += 1
                continue
            }
            out.newline(blankRun > 0 ? 2 : 1)
            blankRun = 0
            var k = line.lowerBound
            while k < line.upperBound {
                let b = slice[k]
                if b <= 0x20 || b == 0x7F {
                    out.space()
                } else if b == 0xC2 && k + 1 < line.upperBound && slice[k + 1] == 0xA0 {
                    out.space()
                    k += 1
                } else {
                    out.append(b)
                }
                k += 1
            }
        }
        return out.bytes
    }
}
