import FTClassifier
import FTIO
import FTTestSupport
import Foundation
import Testing

private func write(_ text: String, name: String) throws -> String {
    let folder = NSTemporaryDirectory() + "inputs-\(UUID().uuidString)"
    try FileManager.default.createDirectory(atPath: folder, withIntermediateDirectories: true)
    let path = folder + "/" + name
    try text.write(toFile: path, atomically: true, encoding: .utf8)
    return path
}

@Suite("Filing index and pre-extracted sections")
struct FilingInputTests {
    @Test("the index maps files by base name, with or without .gz, and ignores extra columns")
    func index() throws {
        let path = try write(
            "file,cik,ticker,filing_date,sic,extra\n\"a,b.htm\",1,AB,2023-01-05,3674,x\nc.htm.gz,2,CD,,,y\n",
            name: "INDEX.csv")
        let index = try FilingIndex.read(path)
        #expect(index.entry(for: "/data/a,b.htm.gz")?.ticker == "AB")
        #expect(index.entry(for: "c.htm")?.filingDate == nil)
        #expect(index.entry(for: "c.htm")?.cik == "2")
    }

    @Test(
        "malformed index files name the line",
        arguments: [
            ("cik,ticker\n1,A\n", "line 1: expected a 'file' column"),
            ("file,cik\na.htm,1\na.htm,2\n", "line 3: file \"a.htm\" is listed twice"),
            ("file,cik\na.htm,1,9\n", "line 2: expected 2 fields"),
            ("file,cik\n\"a.htm,1\n", "a quoted field is not closed"),
            ("", "empty"),
        ])
    func badIndex(text: String, message: String) throws {
        let path = try write(text, name: "INDEX.csv")
        #expect { try FilingIndex.read(path) } throws: { "\($0)".contains(path) && "\($0)".contains(message) }
    }

    @Test("a raw filing carries the extractor's unresolved references; a skipped one gives them as its reason")
    func extractorWarnings() throws {
        let pointer =
            "ITEM 7. MANAGEMENT'S DISCUSSION AND ANALYSIS\n\nThe information required by this item is included on "
            + "pages 12 through 30 of the Annual Report to Shareholders and is incorporated herein by reference.\n\n"
            + "ITEM 8. FINANCIAL STATEMENTS\n\nSee the Annual Report to Shareholders.\n"
        let business = "ITEM 1. BUSINESS\n\n" + String(repeating: "We make and sell machine tools. ", count: 60)
        let kept = try write(business + "\n\n" + pointer, name: "kept.txt")
        let folder = (kept as NSString).deletingLastPathComponent
        let dropped = folder + "/dropped.txt"
        try pointer.write(toFile: dropped, atomically: true, encoding: .utf8)
        let index = folder + "/INDEX.csv"
        try "file,ticker,filing_date\nkept.txt,KT,2023-03-01\ndropped.txt,DR,2023-03-01\n".write(
            toFile: index, atomically: true, encoding: .utf8)
        let (filings, skipped) = try FilingLoader.load(paths: [kept, dropped], index: try FilingIndex.read(index))
        let warning =
            "Item 7: incorporated by reference to pages 12-30 of the annual report to shareholders (EX-13), which "
            + "is not in this file"
        #expect(filings.map(\.ticker) == ["KT"])
        #expect(filings.first?.warnings.count == 1 && filings.first?.warnings.first?.hasPrefix(warning) == true)
        #expect(skipped.map(\.source) == [dropped])
        #expect(skipped.first?.reason.hasPrefix("none of Items 1, 1A, 7, 7A was found (" + warning) == true)
    }

    @Test("bad JSON Lines records are skipped with their line number")
    func jsonLines() throws {
        let good =
            #"{"accession": "A1", "cik": "1", "ticker": "ab", "filing_date": "2023-01-05", "sections": {"1A": "Risk text"}}"#
        let lines = [
            good, "not json", #"{"accession": "A2", "ticker": "X", "sections": {"1": "t"}}"#,
            #"{"accession": "A3", "filing_date": "2023-01-05", "sections": {"1": "t"}}"#,
            #"{"accession": "A4", "ticker": "X", "filing_date": "2023-01-05"}"#,
            #"{"accession": "A5", "ticker": "X", "filing_date": "2023-01-05", "sections": {"8": "t"}}"#,
        ]
        let path = try write(lines.joined(separator: "\n"), name: "s.jsonl")
        let (filings, skipped) = try FilingLoader.load(paths: [path])
        #expect(filings.map(\.id) == ["A1"])
        #expect(filings.first?.ticker == "AB")
        #expect(skipped.map(\.source) == (2...6).map { "\(path):\($0)" })
        #expect(skipped[1].reason.contains("filing date") && skipped[2].reason.contains("ticker"))
        #expect(skipped[3].reason.contains("sections") && skipped[4].reason.contains("none of Items"))
    }

    @Test("the index wins over a JSON Lines record's own metadata, as over a raw file's")
    func indexWinsForJSONLines() throws {
        let line =
            #"{"accession": "A1", "cik": "1", "ticker": "OLD", "company": "Old Co", "filing_date": "2023-01-05", "sic": "1000", "sections": {"1A": "Risk text"}}"#
        let path = try write(line + "\n", name: "s.jsonl")
        let indexPath = try write(
            "file,cik,ticker,filing_date,sic,company,accession\nA1,2,NEW,2023-02-06,2000,New Co,0000000002-23-000001\n",
            name: "INDEX.csv")
        let (filings, skipped) = try FilingLoader.load(paths: [path], index: try FilingIndex.read(indexPath))
        #expect(skipped.isEmpty)
        let filing = try #require(filings.first)
        #expect(filing.ticker == "NEW" && filing.cik == "2" && filing.filingDate == "2023-02-06")
        #expect(filing.sic == "2000" && filing.company == "New Co" && filing.id == "0000000002-23-000001")

        // Fields the index leaves empty still come from the record.
        let partial = try write("file,ticker\nA1,NEW\n", name: "INDEX.csv")
        let (kept, _) = try FilingLoader.load(paths: [path], index: try FilingIndex.read(partial))
        #expect(kept.first?.ticker == "NEW" && kept.first?.filingDate == "2023-01-05" && kept.first?.cik == "1")
    }

    @Test("saved sections load back equal")
    func roundTrip() throws {
        let filing = SourceFiling(
            source: "x", id: "A1", cik: "1", ticker: "AB", company: "Co \"quoted\"", filingDate: "2023-01-05",
            sic: "3674",
            sections: [("1", "Business text"), ("1A", "Risk — text ✓")])
        let path = NSTemporaryDirectory() + "sections-\(UUID().uuidString).jsonl.gz"
        try FilingLoader.writeJSONLines([filing], to: path)
        let (loaded, skipped) = try FilingLoader.load(paths: [path])
        #expect(skipped.isEmpty)
        var expected = filing
        expected.source = "\(path):1"
        #expect(loaded == [expected])
    }
}
