import FTClassifier
import FTIO
import FTMarket
import FTTestSupport
import FTWordVectors
import Foundation
import Testing

private func folder() throws -> String {
    let path = NSTemporaryDirectory() + "hostile-inputs-\(UUID().uuidString)"
    try FileManager.default.createDirectory(atPath: path, withIntermediateDirectories: true)
    return path
}

/// Pre-extracted sections and filing folders as careless or hostile users make them.
@Suite("Hostile filing inputs")
struct HostileFilingInputTests {
    private let good =
        #"{"accession": "A1", "cik": "1", "ticker": "ab", "filing_date": "2023-01-05", "sic": "3674", "sections": {"1A": "Risk text"}}"#

    @Test("CRLF JSON Lines read like LF ones")
    func crlf() throws {
        let dir = try folder()
        defer { try? FileManager.default.removeItem(atPath: dir) }
        let second = good.replacingOccurrences(of: "A1", with: "A2")
        let path = dir + "/s.jsonl"
        try AtomicFile.write(good + "\r\n" + second + "\r\n", to: path)
        let (filings, skipped) = try FilingLoader.load(paths: [path])
        #expect(skipped.isEmpty, "\(skipped)")
        #expect(filings.map(\.id) == ["A1", "A2"])
        #expect(filings.map(\.source) == ["\(path):1", "\(path):2"])
    }

    @Test("a CIK or SIC that is not a code skips the filing, naming the field")
    func codes() throws {
        let dir = try folder()
        defer { try? FileManager.default.removeItem(atPath: dir) }
        let lines = [
            good.replacingOccurrences(of: #""cik": "1""#, with: #""cik": 1e308"#),
            good.replacingOccurrences(of: #""sic": "3674""#, with: #""sic": -5"#),
            good.replacingOccurrences(of: #""cik": "1""#, with: #""cik": 1613103"#),
        ]
        let path = dir + "/s.jsonl"
        try AtomicFile.write(lines.joined(separator: "\n"), to: path)
        let (filings, skipped) = try FilingLoader.load(paths: [path])
        #expect(filings.map(\.cik) == ["1613103"])
        #expect(skipped.map(\.source) == ["\(path):1", "\(path):2"])
        #expect(skipped.first?.reason == #"field cik: expected up to 10 digits. Received: "1e+308""#)
        #expect(skipped.last?.reason == #"field sic: expected a SIC code of up to 4 digits. Received: "-5""#)
    }

    @Test("a device behind a link and a FIFO in a filings folder are skipped at once, saying what they are")
    func nonRegularFiles() throws {
        let dir = try folder()
        defer { try? FileManager.default.removeItem(atPath: dir) }
        try FileManager.default.createSymbolicLink(atPath: dir + "/zero.htm", withDestinationPath: "/dev/zero")
        #expect(mkfifo(dir + "/pipe.txt", 0o644) == 0)
        let (filings, skipped) = try FilingLoader.load(paths: [dir])
        #expect(filings.isEmpty)
        #expect(skipped.map(\.source) == [dir + "/pipe.txt", dir + "/zero.htm"])
        #expect(skipped[0].reason.contains("is a FIFO (named pipe), not a regular file"))
        #expect(skipped[1].reason.contains("is a character device (a symbolic link to /dev/zero)"))
    }

    @Test("gzip bombs in a filings folder are refused one by one without exhausting memory")
    func bombs() throws {
        let dir = try folder()
        defer { try? FileManager.default.removeItem(atPath: dir) }
        let bomb = Gzip.compress([UInt8](repeating: 0x20, count: 64 << 20), level: 9)
        for name in ["a.htm.gz", "b.htm.gz", "c.htm.gz"] { try AtomicFile.write(bomb, to: dir + "/" + name) }
        let (filings, skipped) = try FilingLoader.load(paths: [dir])
        #expect(filings.isEmpty && skipped.count == 3)
        #expect(skipped.allSatisfy { $0.reason.contains("likely gzip bomb") }, "\(skipped)")
    }

    @Test("a training set whose texts are all empty is refused")
    func emptyTexts() throws {
        let paths = try TinyCorpus.write()
        defer { try? FileManager.default.removeItem(atPath: paths.folder) }
        let (filings, _) = try FilingLoader.load(paths: [paths.sections])
        let prices = try PriceLibrary.load(folder: paths.prices)
        var records = try DatasetPreparation.prepare(
            filings: filings, prices: prices, benchmark: try #require(prices["SPY"])
        ).manifest.records
        for i in records.indices { records[i].text = i % 2 == 0 ? "" : " \n " }
        let vectors = try WordVectors.load(path: paths.embeddings, cache: .disabled)
        #expect {
            try StockPerformanceClassifier.train(
                records: records, vectors: vectors, configuration: try ClassifierConfiguration.read(paths.config))
        } throws: { error in
            "\(error)".contains("documents has an empty text: there is nothing to learn from")
        }
    }
}
