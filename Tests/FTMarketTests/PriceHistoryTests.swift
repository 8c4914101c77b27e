import FTIO
import FTMarket
import FTTestSupport
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

@Test func pricesParseExactlyLikeTheStandardLibrary() throws {
    // The reader's fast decimal path must give the same doubles as Double(String) (correct rounding).
    var generator = SplitMix64(seed: 42)
    var texts: [String] = [
        "0.1", "0.30000000000000004", "123456.789012345", "1234567.890123456789", "1e-3",
        "2.5E+2", "0000.000001", "7.", ".5", "99999999.99999999", "148.957687", "3824.139892578125",
    ]
    for _ in 0..<2000 {
        let integer = UInt64.random(in: 0..<1_000_000, using: &generator)
        let fraction = UInt64.random(in: 0..<1_000_000_000_000, using: &generator)
        texts.append("\(integer + 1).\(String(fraction).prefix(Int.random(in: 1...12, using: &generator)))")
    }
    var csv = "Date,Close\n"
    var d = day("2000-01-01")
    for t in texts {
        csv += "\(d),\(t)\n"
        d = d.advanced(by: 1)
    }
    let folder = try TemporaryFolder()
    defer { folder.remove() }
    let (history, _) = try PriceHistory.load(file: try folder.write("P.csv", csv), maximumGapDays: 10)
    #expect(history.prices == texts.map { Double($0)! })
}

/// A tiny deterministic generator so the test draws the same numbers every run.
private struct SplitMix64: RandomNumberGenerator {
    var state: UInt64
    init(seed: UInt64) { state = seed }
    mutating func next() -> UInt64 {
        state &+= 0x9E37_79B9_7F4A_7C15
        var z = state
        z = (z ^ (z >> 30)) &* 0xBF58_476D_1CE4_E5B9
        z = (z ^ (z >> 27)) &* 0x94D0_49BB_1331_11EB
        return z ^ (z >> 31)
    }
}

@Test func missingDaysAreThoseOfTheCalendarWithoutAPrice() {
    let calendar = MarketCalendar.benchmark
    let traded = MarketCalendar.tradingDays.filter { $0.description != "2023-12-27" && $0.description < "2024-01-10" }
    let stock = PriceHistory(
        ticker: "THIN", days: traded.dropFirst(2).map { $0 }, prices: traded.dropFirst(2).map { _ in 1 })
    // Only days inside the stock's own range count; before its first and after its last day are not "missing".
    #expect(stock.missingDays(comparedTo: calendar) == [day("2023-12-27")])
}
