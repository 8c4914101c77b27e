public import FTIO
import FTMarket
import FTParallel
import FTText
import Foundation

/// Reads filings from what users have: raw 10-K files (EDGAR full submissions, primary HTML/iXBRL, plain
/// text; gzip or not), folders of them, and JSON Lines files of pre-extracted sections.
///
/// A JSON Lines file (`.jsonl` or `.jsonl.gz`) holds one filing per line:
/// `{"accession", "cik", "ticker", "company", "filing_date", "sic"?, "sections": {"1": "…", "1A": …}}`
/// (the form of `../shared/data/sections-2023.jsonl.gz`). Metadata comes from the index first, then from
/// what the filing states (SEC header, inline-XBRL `dei:` facts). A filing without a filing date or ticker,
/// or without any of the wanted items, is skipped with its reason.
public enum FilingLoader {
    /// The items the study used.
    public static let studyItems = ["1", "1A", "7", "7A"]

    /// Loads every filing under `paths` (folders are read one level deep; `INDEX.csv` and other `.csv`
    /// files in them are ignored), in a stable order (paths as given, folder entries sorted). A folder inside a
    /// folder of filings, or a given folder holding an Exhibit 13 file, is one submission (primary document plus
    /// exhibits: ``FilingReader/read(path:)``).
    ///
    /// Raw files are read and split into sections on all cores.
    /// - Throws: `IOError` when a path does not exist or a JSON Lines file cannot be read at all; problems
    ///   with single filings are returned as skipped filings instead.
    public static func load(
        paths: [String], index: FilingIndex = FilingIndex(), items: [String] = studyItems
    ) throws(IOError) -> (filings: [SourceFiling], skipped: [SkippedFiling]) {
        let files = try self.files(in: paths)
        var filings: [SourceFiling] = []
        var skipped: [SkippedFiling] = []
        var raw: [String] = []
        for file in files {
            if isJSONLines(file) {
                let result = try loadJSONLines(file, index: index, items: items)
                filings += result.filings
                skipped += result.skipped
            } else {
                raw.append(file)
            }
        }
        for outcome in parallelMap(raw, { readRaw($0, index: index, items: items) }) {
            switch outcome {
            case .success(let filing): filings.append(filing)
            case .failure(let skip): skipped.append(skip)
            }
        }
        return (filings, skipped)
    }

    /// The files `paths` name: files as given, folders one level deep (sorted; hidden, `.csv` and `.md`
    /// entries such as `INDEX.csv` and `README.md` left out). `prepare` and `predict` read the same.
    /// - Throws: `IOError` naming a path that does not exist.
    public static func files(in paths: [String]) throws(IOError) -> [String] {
        var files: [String] = []
        for path in paths {
            var isFolder: ObjCBool = false
            guard FileManager.default.fileExists(atPath: path, isDirectory: &isFolder) else {
                throw IOError(path: path, reason: "no such file or folder")
            }
            // A submission folder (primary document plus exhibits) is one filing, not a folder of filings.
            if isFolder.boolValue && !FilingReader.isSubmissionFolder(path) {
                let names = ((try? FileManager.default.contentsOfDirectory(atPath: path)) ?? []).sorted()
                files += names.filter {
                    !$0.hasPrefix(".") && !$0.lowercased().hasSuffix(".csv") && !$0.lowercased().hasSuffix(".md")
                }
                .map { "\(path)/\($0)" }
            } else {
                files.append(path)
            }
        }
        return files
    }

    static func isJSONLines(_ path: String) -> Bool {
        path.hasSuffix(".jsonl") || path.hasSuffix(".jsonl.gz") || path.hasSuffix(".ndjson")
    }

    static func readRaw(_ path: String, index: FilingIndex, items: [String]) -> Result<SourceFiling, SkippedFiling> {
        let filing: Filing
        do { filing = try FilingReader.read(path: path) } catch {
            return .failure(SkippedFiling(source: path, reason: "cannot be read: \(error)"))
        }
        let entry = index.entry(for: path)
        let metadata = filing.metadata
        let extraction = SectionExtractor.extraction(from: filing)
        let sections = extraction.sections
            .filter { $0.status == .found && items.contains($0.id) }
            .map { (item: $0.id, text: $0.text) }  // the classifier removes page furniture itself
        return assemble(
            source: path, id: entry?.accession ?? metadata.accession ?? FilingIndex.key(path),
            cik: entry?.cik ?? metadata.cik,
            ticker: entry?.ticker ?? metadata.ticker, company: entry?.company ?? metadata.company,
            filingDate: entry?.filingDate ?? metadata.filingDate, sic: entry?.sic ?? metadata.sic.map(String.init),
            sections: sections, warnings: extraction.warnings)
    }

    static func assemble(
        source: String, id: String, cik: String?, ticker: String?, company: String?, filingDate: String?, sic: String?,
        sections: [(item: String, text: String)], warnings: [String] = []
    ) -> Result<SourceFiling, SkippedFiling> {
        guard let filingDate, !filingDate.isEmpty else {
            return .failure(SkippedFiling(source: source, reason: "no filing date (give it in --index)"))
        }
        guard let ticker, !ticker.isEmpty else {
            return .failure(SkippedFiling(source: source, reason: "no ticker (give it in --index)"))
        }
        guard !sections.isEmpty else {
            // What the extractor could not follow says why (an item in a missing Exhibit 13, an index entry).
            let why = warnings.isEmpty ? "" : " (" + warnings.joined(separator: "; ") + ")"
            return .failure(SkippedFiling(source: source, reason: "none of Items 1, 1A, 7, 7A was found" + why))
        }
        if let cik, !SECCodes.isCIK(cik) {
            return .failure(
                SkippedFiling(
                    source: source, reason: "field cik: expected up to 10 digits. Received: \(InputExcerpt.quoted(cik))"
                ))
        }
        if let sic, !SECCodes.isSIC(sic) {
            return .failure(
                SkippedFiling(
                    source: source,
                    reason: "field sic: expected a SIC code of up to 4 digits. Received: \(InputExcerpt.quoted(sic))"))
        }
        return .success(
            SourceFiling(
                source: source, id: id, cik: cik ?? "", ticker: ticker.uppercased(), company: company ?? "",
                filingDate: filingDate, sic: sic, sections: sections, warnings: warnings))
    }

    static func loadJSONLines(
        _ path: String, index: FilingIndex, items: [String]
    ) throws(IOError) -> (filings: [SourceFiling], skipped: [SkippedFiling]) {
        let text = try FileData.readUTF8(path)
        var filings: [SourceFiling] = []
        var skipped: [SkippedFiling] = []
        TextLines.forEach(in: text) { number, line in
            guard let outcome = parseLine(line, source: "\(path):\(number)", index: index, items: items) else {
                return
            }
            switch outcome {
            case .success(let filing): filings.append(filing)
            case .failure(let skip): skipped.append(skip)
            }
        }
        return (filings, skipped)
    }

    /// One line of a JSON Lines file of sections: a filing, a skipped filing, or nil for a blank line.
    static func parseLine(
        _ line: Substring, source: String, index: FilingIndex, items: [String]
    ) -> Result<SourceFiling, SkippedFiling>? {
        if line.utf8.allSatisfy({ $0 == 0x20 || $0 == 0x09 }) { return nil }
        guard let object = (try? JSONSerialization.jsonObject(with: Data(line.utf8))) as? [String: Any] else {
            return .failure(SkippedFiling(source: source, reason: "not a JSON object"))
        }
        func string(_ key: String) -> String? {
            if let s = object[key] as? String { return s }
            if let n = object[key] as? NSNumber { return n.stringValue }
            return nil
        }
        guard let sectionMap = object["sections"] as? [String: Any] else {
            return .failure(SkippedFiling(source: source, reason: "no 'sections' object"))
        }
        let sections = items.compactMap { item -> (item: String, text: String)? in
            guard let body = sectionMap[item] as? String, !body.isEmpty else { return nil }
            return (item, body)
        }
        let ownID = string("accession") ?? string("id") ?? source
        // The index wins over what the line states, as for raw files (the type's documentation).
        let entry = index.entry(for: string("file") ?? ownID)
        return assemble(
            source: source, id: entry?.accession ?? ownID, cik: entry?.cik ?? string("cik"),
            ticker: entry?.ticker ?? string("ticker"), company: entry?.company ?? string("company"),
            filingDate: entry?.filingDate ?? string("filing_date"), sic: entry?.sic ?? string("sic"),
            sections: sections)
    }
}

extension FilingLoader {
    /// Writes filings in the pre-extracted JSON Lines form that `load` reads back (gzip-compressed when
    /// `path` ends in `.gz`), one filing per line with sorted keys, so extraction need not be repeated.
    /// - Throws: `IOError` naming the file.
    public static func writeJSONLines(_ filings: [SourceFiling], to path: String) throws(IOError) {
        var text = ""
        for filing in filings {
            var sections: [String: String] = [:]
            for section in filing.sections { sections[section.item] = section.text }
            let object: [String: Any] = [
                "accession": filing.id, "cik": filing.cik, "ticker": filing.ticker, "company": filing.company,
                "filing_date": filing.filingDate, "sic": filing.sic ?? NSNull(), "sections": sections,
            ]
            guard
                let data = try? JSONSerialization.data(
                    withJSONObject: object, options: [.sortedKeys, .withoutEscapingSlashes])
            else { throw IOError(path: path, reason: "cannot encode filing \(filing.id)") }
            text += String(decoding: data, as: UTF8.self) + "\n"
        }
        let bytes = Array(text.utf8)
        try AtomicFile.write(path.hasSuffix(".gz") ? Gzip.compress(bytes, level: 9) : bytes, to: path)
    }
}
