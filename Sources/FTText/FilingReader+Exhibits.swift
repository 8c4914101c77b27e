import FTIO

/// Exhibit 13 documents: inside a full submission, and as files of a submission folder (decision 0141).
extension FilingReader {
    /// The `<DOCUMENT>`s of a full submission whose `<TYPE>` starts with `EX-13`, as clean text.
    /// - Complexity: O(file size) to find the documents, plus converting the exhibits found.
    static func annualReportExhibits(_ bytes: [UInt8], from start: Int) -> [FilingExhibit] {
        var exhibits: [FilingExhibit] = []
        var position = start
        while let marker = range(of: "<TYPE>EX-13", in: bytes, from: position) {
            let documentEnd = range(of: "</DOCUMENT>", in: bytes, from: marker.upperBound)?.lowerBound ?? bytes.count
            position = documentEnd
            let document = bytes[marker.lowerBound..<documentEnd]
            let type = tagValue("<TYPE>", in: document)?.uppercased() ?? "EX-13"
            let description = tagValue("<DESCRIPTION>", in: document) ?? type
            let body = range(of: "<TEXT>", to: "</TEXT>", in: bytes, from: marker.lowerBound, end: documentEnd)
            // Without the <TEXT> tags themselves (plain-text exhibits would keep them as words).
            let text =
                body.map { ($0.lowerBound + 6)..<max($0.lowerBound + 6, $0.upperBound - 7) }
                ?? marker.lowerBound..<documentEnd
            exhibits.append(
                FilingExhibit(
                    type: type, description: description,
                    text: String(decoding: documentText(bytes[text]), as: UTF8.self)))
        }
        return exhibits
    }

    /// Reads a submission folder as one filing: the primary 10-K document (the file that is not an exhibit,
    /// an index or an XBRL part — the largest when there are several), plus its Exhibit 13 files (names holding
    /// `ex13`, `ex-13`, `ex_13` or `exhibit13`, any case). A folder holding one full-submission `.txt` is read as
    /// that file.
    ///
    /// - Throws: `IOError` when the folder cannot be listed; `FilingError` when it holds no primary document.
    static func readFolder(_ path: String) throws -> Filing {
        let names = try FileData.list(path).filter { !$0.hasPrefix(".") }.sorted()
        var primary: [(name: String, size: Int)] = []
        var exhibitNames: [String] = []
        for name in names {
            let lower = name.lowercased()
            if exhibitType(lower) != nil {
                exhibitNames.append(name)
            } else if isDocumentName(lower), !lower.contains("index"), !isOtherExhibit(lower) {
                primary.append((name, FileData.size("\(path)/\(name)") ?? 0))
            }
        }
        guard let main = primary.max(by: { $0.size < $1.size }) else {
            throw FilingError(
                path: path, reason: "the folder holds no primary 10-K document (.htm, .html, .txt, optionally .gz)")
        }
        var filing = try read(path: "\(path)/\(main.name)")
        filing.source = path
        for name in exhibitNames {
            let exhibit = try read(path: "\(path)/\(name)")
            filing.exhibits.append(
                FilingExhibit(type: exhibitType(name.lowercased()) ?? "EX-13", description: name, text: exhibit.text))
            filing.warnings += exhibit.warnings
        }
        return filing
    }

    /// True when `path` is a folder holding an Exhibit 13 file (`…ex13…`, `…exhibit13…`): one submission
    /// (primary document plus exhibits) rather than a folder of separate filings.
    public static func isSubmissionFolder(_ path: String) -> Bool {
        guard FileData.isDirectory(path), let names = try? FileData.list(path) else { return false }
        return names.contains { exhibitType($0.lowercased()) != nil }
    }

    /// "EX-13" for exhibit file names such as `d10k_ex13.htm`, `ex-13.1.htm`, `exhibit13.txt`; nil otherwise.
    static func exhibitType(_ lower: String) -> String? {
        guard isDocumentName(lower) else { return nil }
        for marker in ["exhibit13", "exhibit-13", "exhibit_13", "ex13", "ex-13", "ex_13"] {
            guard let at = lower.firstRange(of: marker) else { continue }
            // "ex13" must not be "ex130"; ".1" / "1" after it is the exhibit's sub-number.
            let after = lower[at.upperBound...]
            let digits = after.prefix { $0.isNumber }
            if !digits.isEmpty { return "EX-13.\(digits)" }
            if after.first == ".", let d = after.dropFirst().first, d.isNumber, after.dropFirst(2).first != "h" {
                return "EX-13.\(after.dropFirst().prefix { $0.isNumber })"
            }
            return "EX-13"
        }
        return nil
    }

    /// True for names of other exhibits: "ex" (or "exhibit") followed by a digit, as in `d10k_ex211.htm`.
    static func isOtherExhibit(_ lower: String) -> Bool {
        for marker in ["exhibit", "ex"] {
            var rest = Substring(lower)
            while let at = rest.firstRange(of: marker) {
                let after = rest[at.upperBound...].drop { $0 == "-" || $0 == "_" }
                if after.first?.isNumber == true { return true }
                rest = rest[at.upperBound...]
            }
        }
        return false
    }

    static func isDocumentName(_ lower: String) -> Bool {
        let name = lower.hasSuffix(".gz") ? String(lower.dropLast(3)) : lower
        return name.hasSuffix(".htm") || name.hasSuffix(".html") || name.hasSuffix(".txt")
    }
}
