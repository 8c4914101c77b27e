import FTMarket
import FTTestSupport
import Foundation
import Testing

/// Reproduces ../shared/data/labels-2023-reference.csv (computed with pandas; method in its README)
/// from ../shared/data/prices: windows, returns to the 8 printed decimals, and qcut labels.
@Test func reproducesTheSharedReferenceLabels() throws {
    guard let data = try ExternalTools.require(Fixtures.sharedData, "../shared/data") else { return }
    let csv = try String(contentsOfFile: data.appendingPathComponent("labels-2023-reference.csv").path, encoding: .utf8)
    var lines = csv.split(separator: "\n").map {
        $0.split(separator: ",", omittingEmptySubsequences: false).map(String.init)
    }
    let header = lines.removeFirst()
    #expect(
        header == [
            "source", "id", "cik", "ticker", "sic", "filing_date", "start", "end", "raw_return", "benchmark_return",
            "excess_return", "label",
        ])
    #expect(lines.count == 124)
    let events = try lines.map { row in
        FilingEvent(id: row[1], ticker: row[3], filingDate: try #require(CalendarDay(iso: row[5])))
    }
    let prices = try PriceLibrary.load(folder: data.appendingPathComponent("prices").path)
    let spy = try #require(prices["SPY"])
    #expect(spy.column == .close)  // SPY.csv is Date,Close (already dividend-adjusted)
    #expect(prices["MDT"]?.column == .adjustedClose)
    // RENB.csv line 150 is "2023-08-07,null,null".
    #expect(prices.warnings.contains { $0.path.hasSuffix("RENB.csv") && $0.line == 150 })

    let (returns, dropped) = excessReturns(for: events, prices: prices, benchmark: spy, horizon: .fourWeeks)
    #expect(dropped.isEmpty, "\(dropped)")
    try #require(returns.count == lines.count)
    // The reference was written as numpy.round(x, 8) = rint(x · 1e8) / 1e8, printed shortest round-trip.
    func round8(_ x: Double) -> Double { (x * 1e8).rounded(.toNearestOrEven) / 1e8 }
    for (row, r) in zip(lines, returns) {
        #expect(r.event.id == row[1])
        #expect(r.window.start.description == row[6], "\(row[1])")
        #expect(r.window.end.description == row[7], "\(row[1])")
        #expect(round8(r.raw) == Double(row[8]), "\(row[1]) raw")
        #expect(round8(r.benchmark) == Double(row[9]), "\(row[1]) benchmark")
        #expect(round8(r.excess) == Double(row[10]), "\(row[1]) excess")
    }
    let labels = try QuantileBinner(binCount: 3).labels(for: returns.map(\.excess))
    #expect(labels.map(String.init) == lines.map { $0[11] })
}
