import FTMarket
import FTTestSupport
import Testing

/// A stock on the test calendar with the given prices on the given days only.
private func stock(_ ticker: String, _ points: [(String, Double)], column: PriceColumn = .adjustedClose) -> PriceHistory
{
    PriceHistory(ticker: ticker, days: points.map { day($0.0) }, prices: points.map(\.1), column: column)
}

@Test func excessIsRawMinusBenchmarkOverTheSameDays() throws {
    let spy = PriceHistory(ticker: "SPY", days: [day("2023-12-04"), day("2024-01-02")], prices: [200, 150])
    let prices = PriceLibrary(histories: [stock("ABC", [("2023-12-04", 100), ("2024-01-02", 125)])])
    let event = FilingEvent(id: "f1", ticker: "abc", filingDate: day("2023-12-04"))
    let (returns, dropped) = excessReturns(for: [event], prices: prices, benchmark: spy, horizon: .fourWeeks)
    #expect(dropped.isEmpty)
    let r = try #require(returns.first)
    #expect(r.window == EventWindow(start: day("2023-12-04"), end: day("2024-01-02")))
    #expect(r.raw == 0.25)  // 125 / 100 − 1
    #expect(r.benchmark == -0.25)  // 150 / 200 − 1
    #expect(r.excess == 0.5)
}

@Test func returnsMatchTheFormulaOnTheTestCalendar() throws {
    let spy = MarketCalendar.benchmark
    let days = MarketCalendar.tradingDays
    let history = PriceHistory(ticker: "XYZ", days: days, prices: days.indices.map { 50 * (1 + 0.01 * Double($0 % 7)) })
    let events = ["2023-12-01", "2023-12-09", "2023-12-29", "2024-01-02"].enumerated().map {
        FilingEvent(id: "e\($0.offset)", ticker: "XYZ", filingDate: day($0.element))
    }
    let (returns, dropped) = excessReturns(
        for: events, prices: PriceLibrary(histories: [history]), benchmark: spy, horizon: .fourWeeks)
    #expect(dropped.isEmpty)
    #expect(returns.map(\.event.id) == ["e0", "e1", "e2", "e3"])
    for r in returns {
        let s = try #require(history.price(on: r.window.start))
        let e = try #require(history.price(on: r.window.end))
        let bs = try #require(spy.price(on: r.window.start))
        let be = try #require(spy.price(on: r.window.end))
        #expect(r.raw == e / s - 1)
        #expect(r.benchmark == be / bs - 1)
        #expect(r.excess == r.raw - r.benchmark)
    }
}

@Test func adjustedCloseIsPreferredOverClose() throws {
    // A 2-for-1 split on 2024-01-02: Close halves, Adj Close is continuous.
    let folder = try TemporaryFolder()
    defer { folder.remove() }
    try folder.write("ADJ.csv", "Date,Close,Adj Close\n2023-12-04,200,100\n2024-01-02,101,101\n")
    try folder.write("RAW.csv", "Date,Close\n2023-12-04,200\n2024-01-02,101\n")
    let prices = try PriceLibrary.load(folder: folder.path)
    #expect(prices["ADJ"]?.column == .adjustedClose)
    #expect(prices["RAW"]?.column == .close)
    let spy = PriceHistory(ticker: "SPY", days: [day("2023-12-04"), day("2024-01-02")], prices: [100, 100])
    let events = ["ADJ", "RAW"].map { FilingEvent(id: $0, ticker: $0, filingDate: day("2023-12-04")) }
    let (returns, _) = excessReturns(for: events, prices: prices, benchmark: spy, horizon: .fourWeeks)
    let expected: [Double] = [101.0 / 100.0 - 1.0, 101.0 / 200.0 - 1.0]
    #expect(returns.map(\.raw) == expected)
}

@Test func filingsWithoutUsablePricesAreDroppedWithTheReason() {
    let spy = MarketCalendar.benchmark
    let full = MarketCalendar.tradingDays.map { ($0.description, 10.0) }
    let prices = PriceLibrary(histories: [
        stock("FULL", full),
        stock("GAP", full.filter { $0.0 != "2024-01-02" }),  // no trade on the end day
        stock("LATE", full.filter { $0.0 >= "2023-12-15" }),  // listed later
        stock("ENDS", full.filter { $0.0 <= "2023-12-29" }),  // delisted
    ])
    let events = [
        FilingEvent(id: "ok", ticker: "FULL", filingDate: day("2023-12-04")),
        FilingEvent(id: "none", ticker: "NOPE", filingDate: day("2023-12-04")),
        FilingEvent(id: "gap", ticker: "GAP", filingDate: day("2023-12-04")),
        FilingEvent(id: "late", ticker: "LATE", filingDate: day("2023-12-04")),
        FilingEvent(id: "ends", ticker: "ENDS", filingDate: day("2023-12-04")),
        FilingEvent(id: "past", ticker: "FULL", filingDate: day("2024-01-20")),
        FilingEvent(id: "early", ticker: "FULL", filingDate: day("2023-11-01")),
    ]
    let (returns, dropped) = excessReturns(for: events, prices: prices, benchmark: spy, horizon: .fourWeeks)
    #expect(returns.map(\.event.id) == ["ok"])
    #expect(dropped.map(\.event.id) == ["none", "gap", "late", "ends", "past", "early"])
    #expect(
        dropped.map(\.reason) == [
            .noPrices, .missingStockPrice(day("2024-01-02")), .beforeStockData(first: day("2023-12-15")),
            .pastStockData(last: day("2023-12-29")), .pastBenchmarkData(last: day("2024-01-31")),
            .beforeBenchmarkData(first: day("2023-12-01")),
        ])
    #expect(dropped[1].description == "filing gap (GAP, filed 2023-12-04): GAP has no price on 2024-01-02")
}

@Test func aSeparateCalendarCanBeSupplied() throws {
    // Calendar with a day the benchmark lacks: the window lands there and is reported, not guessed.
    let spy = PriceHistory(ticker: "SPY", days: [day("2023-12-04"), day("2024-01-03")], prices: [1, 2])
    let calendar = PriceHistory(
        ticker: "NYSE", days: [day("2023-12-04"), day("2024-01-02"), day("2024-01-03")], prices: [1, 1, 1])
    let prices = PriceLibrary(histories: [stock("A", [("2023-12-04", 1), ("2024-01-02", 1), ("2024-01-03", 1)])])
    let event = FilingEvent(id: "x", ticker: "A", filingDate: day("2023-12-04"))
    let (_, dropped) = excessReturns(
        for: [event], prices: prices, benchmark: spy, horizon: .fourWeeks, calendar: calendar)
    #expect(dropped.map(\.reason) == [.missingBenchmarkPrice(day("2024-01-02"))])
}
