import FTClassifier
import FTIO
import FTMarket
import FTTestSupport
import Testing

@Suite("The shipped sample in data/")
struct ShippedDataTests {
    /// The labels `prepare` computes from data/ equal the pandas reference (the reference file's labels
    /// are also committed here, so this runs without ../shared).
    @Test("prepare on data/ reproduces the 124 reference labels")
    func labels() throws {
        let root = Fixtures.repositoryRoot.path
        let (filings, skipped) = try FilingLoader.load(paths: [root + "/data/sections-2023.jsonl.gz"])
        #expect(skipped.isEmpty)
        let prices = try PriceLibrary.load(folder: root + "/data/prices")
        let result = try DatasetPreparation.prepare(
            filings: filings, prices: prices, benchmark: try #require(prices["SPY"]))
        #expect(result.filingCount == 124)
        #expect(result.manifest.records.count == 456)
        let reference = try CSVTable.parse(
            try FileData.readUTF8(Fixtures.path("labels-2023-reference.csv")), source: "reference")
        let id = try #require(reference.column("id"))
        let label = try #require(reference.column("label"))
        var expected: [String: Int] = [:]
        for row in reference.rows {
            var key = row.fields[id]
            if key.hasSuffix(".htm"), let underscore = key.firstIndex(of: "_") {
                key = String(key[key.index(after: underscore)...].dropLast(4))
            }
            expected[key] = Int(row.fields[label])
        }
        var actual: [String: Int] = [:]
        for record in result.manifest.records { actual[String(record.id.split(separator: "/")[0])] = record.label }
        #expect(actual == expected)
    }

    @Test("the READMEs state the filing years the shipped sample really has")
    func readmeFilingYears() throws {
        let root = Fixtures.repositoryRoot.path
        let (filings, _) = try FilingLoader.load(paths: [root + "/data/sections-2023.jsonl.gz"])
        let years = Set(filings.map { String($0.filingDate.prefix(4)) })
        #expect(years == ["2023", "2024"])
        for readme in ["README.md", "data/README.md"] {
            let text = try FileData.readUTF8(root + "/" + readme)
            #expect(!text.contains("filings made in 2023"), "\(readme) says the filings were all made in 2023")
            #expect(text.contains("January 2024"), "\(readme) does not mention the filings of January 2024")
        }
    }
}
