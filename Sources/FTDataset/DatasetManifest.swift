public import FTIO
public import FTMarket
import Foundation

/// The labelled dataset the classifier reads: JSON Lines, one section document per line.
///
/// Each line is one `Record` with snake_case keys, sorted, no insignificant whitespace:
/// ```
/// {"benchmark_return":0.0359,"cik":"1613103","company":"MEDTRONIC PLC","end_date":"2023-07-20",
///  "excess_return":-0.0137,"filing_date":"2023-06-22","id":"0001613103-23-000040/1A","industry":"3845",
///  "label":1,"raw_return":0.0222,"section":"1A","start_date":"2023-06-22","text_path":"texts/…","ticker":"MDT"}
/// ```
/// Exactly one of `text` (inline) and `text_path` (relative to the manifest's folder, or absolute) is
/// present. Writing is deterministic (sorted keys, records in the given order, shortest round-trip numbers).
public struct DatasetManifest: Sendable, Equatable {
    /// One document: a section of one filing, with its filing's returns and label.
    public struct Record: Sendable, Equatable, Codable {
        /// Unique document id (e.g. accession number + "/" + section).
        public var id: String
        /// SEC Central Index Key of the filer, as text (leading zeros as given).
        public var cik: String
        /// Stock ticker.
        public var ticker: String
        /// Company name.
        public var company: String
        /// Industry group the label was binned within (SIC code or a caller-supplied group).
        public var industry: String
        /// Filing date.
        public var filingDate: CalendarDay
        /// 10-K section ("1", "1A", "7", "7A", …).
        public var section: String
        /// The document text, when stored inline.
        public var text: String?
        /// Path of the text file, when stored beside the manifest.
        public var textPath: String?
        /// First trading day of the return window.
        public var startDate: CalendarDay
        /// Last trading day of the return window.
        public var endDate: CalendarDay
        /// Stock simple return over the window (0.05 = +5 %).
        public var rawReturn: Double
        /// Benchmark simple return over the same days.
        public var benchmarkReturn: Double
        /// `rawReturn − benchmarkReturn`.
        public var excessReturn: Double
        /// Bin of the filing's excess return, 0 (low) … k − 1 (high).
        public var label: Int

        /// Creates a record.
        public init(
            id: String, cik: String, ticker: String, company: String, industry: String, filingDate: CalendarDay,
            section: String, text: String? = nil, textPath: String? = nil, startDate: CalendarDay,
            endDate: CalendarDay, rawReturn: Double, benchmarkReturn: Double, excessReturn: Double, label: Int
        ) {
            self.id = id
            self.cik = cik
            self.ticker = ticker
            self.company = company
            self.industry = industry
            self.filingDate = filingDate
            self.section = section
            self.text = text
            self.textPath = textPath
            self.startDate = startDate
            self.endDate = endDate
            self.rawReturn = rawReturn
            self.benchmarkReturn = benchmarkReturn
            self.excessReturn = excessReturn
            self.label = label
        }

        /// A record for one section document of a filing whose return is `result`.
        public init(
            documentID: String, cik: String, company: String, industry: String, section: String,
            text: String? = nil, textPath: String? = nil, result: EventReturn, label: Int
        ) {
            self.init(
                id: documentID, cik: cik, ticker: result.event.ticker, company: company, industry: industry,
                filingDate: result.event.filingDate, section: section, text: text, textPath: textPath,
                startDate: result.window.start, endDate: result.window.end, rawReturn: result.raw,
                benchmarkReturn: result.benchmark, excessReturn: result.excess, label: label)
        }

        /// Decodes a record; as the synthesised decoder, except that a `label` that is a number but not a
        /// whole number that fits `Int` (1.5, 2^63) is a `dataCorrupted` error on the field `label`, where
        /// the JSON decoder would report the whole line as invalid JSON.
        public init(from decoder: any Decoder) throws {
            let c = try decoder.container(keyedBy: CodingKeys.self)
            id = try c.decode(String.self, forKey: .id)
            cik = try c.decode(String.self, forKey: .cik)
            ticker = try c.decode(String.self, forKey: .ticker)
            company = try c.decode(String.self, forKey: .company)
            industry = try c.decode(String.self, forKey: .industry)
            filingDate = try c.decode(CalendarDay.self, forKey: .filingDate)
            section = try c.decode(String.self, forKey: .section)
            text = try c.decodeIfPresent(String.self, forKey: .text)
            textPath = try c.decodeIfPresent(String.self, forKey: .textPath)
            startDate = try c.decode(CalendarDay.self, forKey: .startDate)
            endDate = try c.decode(CalendarDay.self, forKey: .endDate)
            rawReturn = try c.decode(Double.self, forKey: .rawReturn)
            benchmarkReturn = try c.decode(Double.self, forKey: .benchmarkReturn)
            excessReturn = try c.decode(Double.self, forKey: .excessReturn)
            do {
                label = try c.decode(Int.self, forKey: .label)
            } catch {
                guard let number = try? c.decode(Double.self, forKey: .label) else { throw error }
                throw DecodingError.dataCorruptedError(
                    forKey: .label, in: c, debugDescription: "expected a whole number ≥ 0. Received: \(number)")
            }
        }

        enum CodingKeys: String, CodingKey, CaseIterable {
            case id, cik, ticker, company, industry
            case filingDate = "filing_date"
            case section, text
            case textPath = "text_path"
            case startDate = "start_date"
            case endDate = "end_date"
            case rawReturn = "raw_return"
            case benchmarkReturn = "benchmark_return"
            case excessReturn = "excess_return"
            case label
        }
    }

    /// The documents, in file order.
    public var records: [Record]

    /// A manifest of `records`.
    public init(records: [Record]) {
        self.records = records
    }

    /// The JSON Lines bytes: one record per line, `\n`-terminated, keys sorted.
    /// - Precondition: every record has exactly one of `text` and `textPath`, and finite returns.
    public func jsonLines() -> [UInt8] {
        let encoder = JSONEncoder()
        encoder.outputFormatting = [.sortedKeys, .withoutEscapingSlashes]
        var bytes: [UInt8] = []
        for record in records {
            precondition(
                (record.text == nil) != (record.textPath == nil),
                "DatasetManifest expected exactly one of text and text_path. Received: record \(record.id)")
            guard let data = try? encoder.encode(record) else {
                preconditionFailure("DatasetManifest expected finite returns. Received: record \(record.id)")
            }
            bytes += data
            bytes.append(0x0A)
        }
        return bytes
    }

    /// Writes the manifest to `path` atomically (gzip it yourself with `Gzip.compress` if wanted).
    /// - Throws: `IOError` naming the file.
    public func write(to path: String) throws(IOError) {
        try AtomicFile.write(jsonLines(), to: path)
    }

    /// Reads a manifest (plain or gzip). Blank lines are skipped.
    ///
    /// - Throws: `ManifestError` naming the file and 1-based line for: invalid JSON, a missing or
    ///   mistyped field (named), a label that is not a whole number ≥ 0, a CIK that is not up to 10 digits,
    ///   a bad date, non-finite returns, both or neither of `text`/`text_path`, and an id already used on an
    ///   earlier line. `\r\n` line ends are read like `\n`.
    /// - Complexity: O(file size).
    public static func read(from path: String) throws(ManifestError) -> DatasetManifest {
        let text: String
        do {
            text = try FileData.readUTF8(path)
        } catch {
            throw ManifestError(path: path, line: nil, reason: error.reason)
        }
        let decoder = JSONDecoder()
        var records: [Record] = []
        var seen: [String: Int] = [:]
        try TextLines.forEach(in: text) { (lineNumber, line) throws(ManifestError) in
            if line.utf8.allSatisfy({ $0 == 0x20 || $0 == 0x09 }) { return }
            func fail(_ reason: String) -> ManifestError {
                ManifestError(path: path, line: lineNumber, reason: reason)
            }
            let record: Record
            do {
                record = try decoder.decode(Record.self, from: Data(line.utf8))
            } catch let error as DecodingError {
                throw fail(describe(error))
            } catch {
                throw fail("not a JSON object")
            }
            if (record.text == nil) == (record.textPath == nil) {
                throw fail("expected exactly one of text and text_path")
            }
            if record.label < 0 { throw fail("field label: expected ≥ 0. Received: \(record.label)") }
            if !SECCodes.isCIK(record.cik) {
                throw fail("field cik: expected up to 10 digits. Received: \(InputExcerpt.quoted(record.cik))")
            }
            for (name, value) in [
                ("raw_return", record.rawReturn), ("benchmark_return", record.benchmarkReturn),
                ("excess_return", record.excessReturn),
            ] where !value.isFinite {
                throw fail("field \(name): expected a finite number")
            }
            if let first = seen[record.id] {
                throw fail("id \(InputExcerpt.quoted(record.id)) already used on line \(first)")
            }
            seen[record.id] = lineNumber
            records.append(record)
        }
        return DatasetManifest(records: records)
    }

    private static func describe(_ error: DecodingError) -> String {
        func field(_ path: [any CodingKey]) -> String {
            path.map { $0.intValue.map(String.init) ?? $0.stringValue }.joined(separator: ".")
        }
        switch error {
        case .keyNotFound(let key, _): return "missing field \(key.stringValue)"
        case .typeMismatch(let type, let context):
            return "field \(field(context.codingPath)): expected \(type)"
        case .valueNotFound(let type, let context):
            return "field \(field(context.codingPath)): expected \(type), found null"
        case .dataCorrupted(let context):
            if context.codingPath.isEmpty { return "invalid JSON" }
            return "field \(field(context.codingPath)): \(context.debugDescription)"
        @unknown default: return "\(error)"
        }
    }

    /// The text of `record`: its inline `text`, or the UTF-8 file at `text_path` (gzip accepted), resolved
    /// against the folder of `manifestPath`.
    ///
    /// A `text_path` must stay inside the manifest's folder once `..` and symbolic links are resolved, so a
    /// manifest from elsewhere cannot read `/etc/passwd` into a model's vocabulary (decision 0104); pass
    /// `allowOutsidePaths` to read absolute paths and paths that leave the folder.
    /// - Throws: `IOError` naming the manifest and record for a path outside the folder, or naming the text
    ///   file (missing, not a regular file, over the size limits, invalid UTF-8 with its line).
    public static func text(of record: Record, manifestPath: String, allowOutsidePaths: Bool = false)
        throws(IOError) -> String
    {
        if let text = record.text { return text }
        guard let given = record.textPath else {
            throw IOError(path: manifestPath, reason: "record \(record.id) has neither text nor text_path")
        }
        let folder = AtomicFile.parentFolder(of: manifestPath)
        let path = given.hasPrefix("/") ? given : (folder == "." ? given : folder + "/" + given)
        if !allowOutsidePaths, let outside = outsideFolder(given, path: path, folder: folder) {
            throw IOError(
                path: manifestPath,
                reason:
                    "record \(InputExcerpt.quoted(record.id)): field text_path \(InputExcerpt.quoted(given)) leads outside the manifest's folder\(outside); allow it with --allow-outside-paths (allowOutsidePaths) if you trust the manifest"
            )
        }
        return try FileData.readUTF8(path)
    }

    /// Nil when `given` (joined to `folder` as `path`) stays inside `folder`, else a note on where it leads.
    /// A relative path whose `..` climb above the folder is outside; an existing file is checked after
    /// resolving symbolic links; an absolute path must exist and resolve inside the folder.
    private static func outsideFolder(_ given: String, path: String, folder: String) -> String? {
        var depth = 0
        for part in given.split(separator: "/") where part != "." {
            depth += part == ".." ? -1 : 1
            if depth < 0 && !given.hasPrefix("/") { return "" }
        }
        guard let base = resolvedPath(folder), let target = resolvedPath(path) else {
            return given.hasPrefix("/") ? "" : nil
        }
        let inside = base == "/" || target.hasPrefix(base + "/")
        return inside ? nil : " (to \(InputExcerpt.quoted(target)))"
    }

    /// `realpath(3)` of `path`, or nil when it does not exist.
    private static func resolvedPath(_ path: String) -> String? {
        guard let resolved = realpath(path, nil) else { return nil }
        defer { free(resolved) }
        return String(cString: resolved)
    }

    /// Counts by label, industry and year, plus the quantile edges the labels came from.
    public func summary(edges: GroupedQuantileEdges? = nil) -> DatasetSummary {
        DatasetSummary(records: records, edges: edges)
    }
}
