import FTDataset
import FTIO
import FTMarket
import FTTestSupport
import Foundation
import Testing

private func record(_ id: String, label: Int, industry: String = "3845", date: String = "2023-06-22")
    -> DatasetManifest.Record
{
    DatasetManifest.Record(
        id: id, cik: "0001613103", ticker: "MDT", company: "MEDTRONIC PLC", industry: industry,
        filingDate: day(date), section: "1A", textPath: "texts/\(id).txt", startDate: day(date),
        endDate: day("2023-07-20"), rawReturn: 0.02219426, benchmarkReturn: 0.03589838,
        excessReturn: 0.02219426 - 0.03589838, label: label)
}

@Test func writesSortedKeysOneRecordPerLineAndReadsItBack() throws {
    let folder = try TemporaryFolder()
    defer { folder.remove() }
    var inline = record("b", label: 2, industry: "2834", date: "2022-03-01")
    inline.textPath = nil
    inline.text = "Risk factors: \"quoted\"\nnew line / slash"
    let manifest = DatasetManifest(records: [record("a", label: 1), inline])
    let path = folder.path + "/manifest.jsonl"
    try manifest.write(to: path)
    let text = try String(contentsOfFile: path, encoding: .utf8)
    let lines = text.split(separator: "\n")
    #expect(lines.count == 2)
    #expect(
        lines[0].hasPrefix(
            "{\"benchmark_return\":0.03589838,\"cik\":\"0001613103\",\"company\":\"MEDTRONIC PLC\",\"end_date\":\"2023-07-20\","
        ))
    #expect(lines[0].contains("\"text_path\":\"texts/a.txt\""))
    #expect(!lines[0].contains("\"text\":"))
    #expect(try DatasetManifest.read(from: path) == manifest)
    // Deterministic: the same records give the same bytes.
    #expect(manifest.jsonLines() == DatasetManifest(records: manifest.records).jsonLines())
}

@Test func recordFromAnEventReturnCopiesDatesAndReturns() {
    let r = EventReturn(
        event: FilingEvent(id: "acc", ticker: "MDT", filingDate: day("2023-06-22")),
        window: EventWindow(start: day("2023-06-22"), end: day("2023-07-20")), raw: 0.25, benchmark: -0.25)
    let rec = DatasetManifest.Record(
        documentID: "acc/7", cik: "1613103", company: "M", industry: "3845", section: "7", text: "x", result: r,
        label: 2)
    #expect(rec.startDate == day("2023-06-22") && rec.endDate == day("2023-07-20"))
    #expect(rec.excessReturn == 0.5 && rec.ticker == "MDT" && rec.label == 2)
}

// Malformed input: each bad line is reported by its 1-based number (blank lines count).

private func readError(_ lines: [String]) throws -> ManifestError? {
    let folder = try TemporaryFolder()
    defer { folder.remove() }
    let path = try folder.write("m.jsonl", lines.joined(separator: "\n") + "\n")
    do {
        _ = try DatasetManifest.read(from: path)
        return nil
    } catch {
        #expect(error.path == path)
        return error
    }
}

private func goodLine(_ id: String) -> String {
    String(decoding: DatasetManifest(records: [record(id, label: 0)]).jsonLines().dropLast(), as: UTF8.self)
}

@Test func invalidJSONLine() throws {
    let e = try #require(try readError([goodLine("a"), "", "{not json"]))
    #expect(e.line == 3 && e.reason == "invalid JSON")
}

@Test func missingFieldLine() throws {
    let line = goodLine("b").replacingOccurrences(of: ",\"ticker\":\"MDT\"", with: "")
    let e = try #require(try readError([goodLine("a"), line]))
    #expect(e.line == 2 && e.reason == "missing field ticker")
}

@Test func mistypedFieldLine() throws {
    let line = goodLine("b").replacingOccurrences(of: "\"label\":0", with: "\"label\":\"high\"")
    let e = try #require(try readError([line]))
    #expect(e.line == 1 && e.reason.hasPrefix("field label:"))
}

@Test func badDateLine() throws {
    let line = goodLine("b").replacingOccurrences(
        of: "\"filing_date\":\"2023-06-22\"", with: "\"filing_date\":\"22/06/2023\"")
    let e = try #require(try readError([goodLine("a"), line]))
    #expect(e.line == 2 && e.reason.hasPrefix("field filing_date:"))
}

@Test func bothOrNeitherTextLine() throws {
    let neither = goodLine("b").replacingOccurrences(of: "\"text_path\":\"texts/b.txt\",", with: "")
    #expect(try readError([neither])?.line == 1)
    let both = goodLine("c").replacingOccurrences(of: "\"text_path\"", with: "\"text\":\"x\",\"text_path\"")
    let e = try #require(try readError([goodLine("a"), both]))
    #expect(e.line == 2 && e.reason == "expected exactly one of text and text_path")
}

@Test func negativeLabelLine() throws {
    let line = goodLine("b").replacingOccurrences(of: "\"label\":0", with: "\"label\":-1")
    #expect(try readError([line])?.line == 1)
}

@Test func duplicateIDLine() throws {
    let e = try #require(try readError([goodLine("a"), goodLine("b"), goodLine("a")]))
    #expect(e.line == 3 && e.reason == "id \"a\" already used on line 1")
}

@Test func summaryCountsDocumentsAndFilings() throws {
    let records = [
        record("x/1", label: 0), record("x/7", label: 0),  // one filing, two documents
        record("y/1", label: 2, industry: "2834", date: "2022-03-01"),
    ]
    var second = records[2]
    second.id = "z/1"
    second.ticker = "ABC"
    let edges = try QuantileBinner().fit([0.1, 0.2, 0.3], groups: ["all", "all", "all"])
    let summary = DatasetManifest(records: records + [second]).summary(edges: edges)
    #expect(summary.documents == 4 && summary.filings == 3)
    #expect(summary.documentsPerLabel == [0: 2, 2: 2])
    #expect(summary.filingsPerLabel == [0: 1, 2: 2])
    #expect(summary.documentsPerIndustry == ["3845": 2, "2834": 2])
    #expect(summary.documentsPerYear == [2023: 2, 2022: 2])
    #expect(summary.edges == edges)
    #expect(summary.description.contains("per label (documents / filings): 0: 2 / 1, 2: 2 / 2"))
    let json = try JSONDecoder().decode(DatasetSummary.self, from: summary.jsonData())
    #expect(json == summary)
}

@Test func textIsInlineOrReadRelativeToTheManifest() throws {
    let folder = try TemporaryFolder()
    defer { folder.remove() }
    try FileManager.default.createDirectory(atPath: folder.path + "/texts", withIntermediateDirectories: true)
    try folder.write("texts/a.txt", "item 1a risk factors")
    let manifestPath = folder.path + "/manifest.jsonl"
    #expect(try DatasetManifest.text(of: record("a", label: 0), manifestPath: manifestPath) == "item 1a risk factors")
    var inline = record("b", label: 0)
    inline.textPath = nil
    inline.text = "inline"
    #expect(try DatasetManifest.text(of: inline, manifestPath: manifestPath) == "inline")
    #expect(throws: IOError.self) {
        _ = try DatasetManifest.text(of: record("missing", label: 0), manifestPath: manifestPath)
    }
}

@Test func gzipManifestsAreRead() throws {
    let folder = try TemporaryFolder()
    defer { folder.remove() }
    let manifest = DatasetManifest(records: [record("a", label: 1), record("b", label: 2)])
    let path = folder.path + "/manifest.jsonl.gz"
    try AtomicFile.write(Gzip.compress(manifest.jsonLines()), to: path)
    #expect(try DatasetManifest.read(from: path) == manifest)
}

private func day(_ text: String) -> CalendarDay { CalendarDay(iso: text)! }
