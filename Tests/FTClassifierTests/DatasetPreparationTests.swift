import FTClassifier
import FTIO
import FTMarket
import FTTestSupport
import FTText
import Foundation
import Testing

@Suite("Dataset preparation")
struct DatasetPreparationTests {
    /// The 124 labelled 2023 filings: 109 raw HTML filings with their index, and the pre-extracted
    /// sections (15 of which have a filing date), against the shared prices.
    @Test("labels of the shared 2023 sample equal the pandas reference labels")
    func referenceLabels() throws {
        guard let shared = try ExternalTools.require(Fixtures.sharedData, "../shared/data") else { return }
        let index = try FilingIndex.read(shared.appendingPathComponent("filings-2023/INDEX.csv").path)
        let (filings, skipped) = try FilingLoader.load(
            paths: [
                shared.appendingPathComponent("filings-2023").path,
                shared.appendingPathComponent("sections-2023.jsonl.gz").path,
            ],
            index: index)
        let prices = try PriceLibrary.load(folder: shared.appendingPathComponent("prices").path)
        let benchmark = try #require(prices["SPY"])
        let result = try DatasetPreparation.prepare(filings: filings, prices: prices, benchmark: benchmark)
        let reference = try CSVTable.parse(
            try FileData.readUTF8(shared.appendingPathComponent("labels-2023-reference.csv").path), source: "reference")
        let idColumn = try #require(reference.column("id"))
        let labelColumn = try #require(reference.column("label"))
        var expected: [String: Int] = [:]
        for row in reference.rows {
            // HTML filings are identified by file name `CIK_ACCESSION.htm` in the reference.
            var id = row.fields[idColumn]
            if id.hasSuffix(".htm"), let underscore = id.firstIndex(of: "_") {
                id = String(id[id.index(after: underscore)...].dropLast(4))
            }
            expected[id] = Int(row.fields[labelColumn])
        }
        var labelOf: [String: Int] = [:]
        for record in result.manifest.records {
            labelOf[String(record.id.split(separator: "/").first ?? "")] = record.label
        }
        #expect(result.filingCount == 124, "skipped: \(skipped.prefix(5)) dropped: \(result.dropped.count)")
        #expect(labelOf == expected)
        #expect(Set(result.manifest.records.map(\.section)).isSubset(of: ["1", "1A", "7", "7A"]))
    }
}

@Suite("Dataset preparation: what is left out, and why")
struct DatasetPreparationSkipTests {
    @Test("bad dates, duplicates, unselected industries and missing prices are reported, never labelled")
    func skips() throws {
        let paths = try TinyCorpus.write()
        defer { try? FileManager.default.removeItem(atPath: paths.folder) }
        var (filings, _) = try FilingLoader.load(paths: [paths.sections])
        let prices = try PriceLibrary.load(folder: paths.prices)
        var badDate = filings[0]
        badDate.id = "bad-date"
        badDate.filingDate = "2023-02-30"
        var noPrices = filings[1]
        noPrices.id = "no-prices"
        noPrices.ticker = "ZZZZ"
        filings += [badDate, filings[2], noPrices]
        var options = DatasetPreparation.Options()
        options.industries = ["3674"]
        let result = try DatasetPreparation.prepare(
            filings: filings, prices: prices, benchmark: try #require(prices["SPY"]), options: options)
        let reasons = result.skipped.map(\.reason)
        // Six SIC-2834 filings plus the bad-date copy of one of them: the industry filter comes first.
        #expect(reasons.filter { $0.contains("industry 2834 is not selected") }.count == 7)
        #expect(reasons.contains { $0.contains("appears twice") })
        #expect(result.dropped.map(\.event.id) == ["no-prices"])
        #expect(result.filingCount == 18)
        #expect(Set(result.manifest.records.map(\.industry)) == ["3674"])
        options.industries = nil
        let all = try DatasetPreparation.prepare(
            filings: filings, prices: prices, benchmark: try #require(prices["SPY"]), options: options)
        #expect(
            all.skipped.contains {
                $0.source == badDate.source && $0.reason.contains("'2023-02-30' is not an ISO date")
            })
        #expect(all.filingCount == 24)
    }

    @Test("more bins than filings is refused (any count, Int.max included); small bins get a warning")
    func binCounts() throws {
        let paths = try TinyCorpus.write()
        defer { try? FileManager.default.removeItem(atPath: paths.folder) }
        let (filings, _) = try FilingLoader.load(paths: [paths.sections])
        let prices = try PriceLibrary.load(folder: paths.prices)
        let benchmark = try #require(prices["SPY"])
        var options = DatasetPreparation.Options()
        for bins in [25, 457, Int.max] {
            options.bins = bins
            #expect {
                try DatasetPreparation.prepare(filings: filings, prices: prices, benchmark: benchmark, options: options)
            } throws: { error in
                "\(error)".contains(
                    "cannot form \(bins) bins: all filings has 24 labelled filings; use at most 24 bins")
            }
        }
        options.bins = 3
        let three = try DatasetPreparation.prepare(
            filings: filings, prices: prices, benchmark: benchmark, options: options)
        #expect(three.warnings.isEmpty)
        options.bins = 6
        let six = try DatasetPreparation.prepare(
            filings: filings, prices: prices, benchmark: benchmark, options: options)
        #expect(six.warnings.count == 1)
        #expect(six.warnings.first?.contains("fewer than 5 filings") == true)
    }
}

@Suite("Dataset preparation: items away from their headings")
struct CrossReferencedFilingTests {
    /// GE's and McDonald's cross-reference indexes and Coca-Cola's Exhibit 13 reach the dataset builder through
    /// the same extraction as `extract`: all four items (two for Coca-Cola 1998: 1A did not exist, 7A is in
    /// the exhibit) with the texts the extractor gives, none dropped.
    @Test("cross-referenced and Exhibit 13 items are loaded, not dropped")
    func crossReferenced() throws {
        guard let shared = try ExternalTools.require(Fixtures.sharedData, "../shared/data") else { return }
        let folder = FileManager.default.temporaryDirectory.appendingPathComponent("fintext-xref-\(UUID().uuidString)")
        defer { try? FileManager.default.removeItem(at: folder) }
        try FileManager.default.createDirectory(at: folder, withIntermediateDirectories: true)
        let indexPath = folder.appendingPathComponent("INDEX.csv").path
        try """
        file,ticker,filing_date
        40545_0000040545-24-000027.htm,GE,2024-02-02
        63908_0000063908-24-000072.htm,MCD,2024-02-21
        21344_0000021344-98-000004.txt,KO,1998-03-09

        """.write(toFile: indexPath, atomically: true, encoding: .utf8)
        let files = [
            "filings-xref/40545_0000040545-24-000027.htm.gz", "filings-xref/63908_0000063908-24-000072.htm.gz",
            "filings-misc/21344_0000021344-98-000004.txt.gz",
        ]
        let (filings, skipped) = try FilingLoader.load(
            paths: files.map { shared.appendingPathComponent($0).path }, index: try FilingIndex.read(indexPath))
        #expect(skipped.isEmpty, "\(skipped)")
        let byTicker = Dictionary(uniqueKeysWithValues: filings.map { ($0.ticker, $0) })
        #expect(byTicker["GE"]?.sections.map(\.item) == ["1", "1A", "7", "7A"])
        #expect(byTicker["MCD"]?.sections.map(\.item) == ["1", "1A", "7", "7A"])
        #expect(byTicker["KO"]?.sections.map(\.item) == ["1", "7", "7A"])
        for filing in filings {
            let extracted = SectionExtractor.extract(from: try FilingReader.read(path: filing.source))
            for section in filing.sections {
                let expected = extracted.first { $0.id == section.item }?.text
                #expect(section.text == expected, "\(filing.ticker) Item \(section.item)")
                #expect(section.text.utf8.count > 3000, "\(filing.ticker) Item \(section.item)")
            }
        }
        let risk = byTicker["GE"]?.sections.first { $0.item == "1A" }?.text ?? ""
        #expect(risk.hasPrefix("RISK FACTORS. The following discussion of the material factors"))
    }
}
