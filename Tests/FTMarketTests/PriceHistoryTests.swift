import FTIO
import FTMarket
import Foundation
import Testing


@Test func yahooFilesUseAdjustedClose() throws {
    let folder = try TemporaryFolder()
    defer { folder.remove() }
    let path = try folder.write(
        "msft.csv",
        """
        Date,Open,High,Low,Close,Adj Close,Volume
        2023-01-03,243.08,245.75,237.40,239.58,235.47,25740000
        2023-01-04,232.28,232.87,225.96,229.10,225.17,50623400
        """)
    let (history, warnings) = try PriceHistory.load(file: path)
    #expect(warnings.isEmpty)
    #expect(history.ticker == "MSFT")
    #expect(history.column == .adjustedClose)
    #expect(history.prices == [235.47, 225.17])
    #expect(history.source == path)
}

@Test func minimalFilesWithoutAdjustedCloseUseClose() throws {
    let folder = try TemporaryFolder()
    defer { folder.remove() }
    let path = try folder.write("SPY.csv", "Date,Close\n2023-01-03,380.82\n2023-01-04 00:00:00-05:00,383.76\n")
    let (history, _) = try PriceHistory.load(file: path, ticker: "spy")
    #expect(history.column == .close)
    #expect(history.ticker == "SPY")
    #expect(history.days == [day("2023-01-03"), day("2023-01-04")])
}

@Test func gzipFilesAreRead() throws {
    let folder = try TemporaryFolder()
    defer { folder.remove() }
    let path = folder.path + "/ABC.csv.gz"
    try AtomicFile.write(Gzip.compress(Array("Date,Close,Adj Close\n2023-01-03,2,1.5\n".utf8)), to: path)
    let (history, _) = try PriceHistory.load(file: path)
    #expect(history.ticker == "ABC" && history.prices == [1.5])
}

@Test func lookupsFindExactAndNextDays() {
    let h = PriceHistory(
        ticker: "T", days: [day("2023-01-05"), day("2023-01-06"), day("2023-01-09")], prices: [1, 2, 3])
    #expect(h.price(on: day("2023-01-06")) == 2)
    #expect(h.price(on: day("2023-01-07")) == nil)
    #expect(h.firstIndex(onOrAfter: day("2023-01-07")) == 2)
    #expect(h.firstIndex(onOrAfter: day("2023-01-06")) == 1)
    #expect(h.firstIndex(onOrAfter: day("2023-01-06"), strictlyAfter: true) == 2)
    #expect(h.firstIndex(onOrAfter: day("2023-01-01")) == 0)
    #expect(h.firstIndex(onOrAfter: day("2023-01-10")) == nil)
}

@Test func loadingALongFileAsOneHistoryIsAnError() throws {
    let folder = try TemporaryFolder()
    defer { folder.remove() }
    let path = try folder.write("long.csv", "Ticker,Date,Close\nA,2023-01-03,1\nB,2023-01-03,2\n")
    #expect(throws: PriceFileError.self) { _ = try PriceHistory.load(file: path) }
}
