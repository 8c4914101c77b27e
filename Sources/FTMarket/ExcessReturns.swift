import FTIO

/// Market-adjusted returns of `events` (see `EventReturn` for the formulas and `EventWindow` for the dates).
///
/// Trading days are the benchmark's dates (`benchmark.days`), or `calendar`'s when given. A filing is
/// dropped, with its reason, when its ticker has no history, when its window cannot be placed on the
/// calendar, or when the stock has no price on the window's start or end day (saying which row was skipped
/// and why when the file had one); nothing is guessed.
///
/// - Parameters:
///   - events: the filings, in any order; returns keep that order.
///   - prices: the stocks' histories (looked up by upper-cased ticker).
///   - benchmark: the market (SPY or an index file); its dates are the trading calendar by default.
///   - horizon: window length (`.fourWeeks` in the study).
///   - calendar: an alternative trading calendar (e.g. an exchange calendar file), or nil.
/// - Returns: the returns and the dropped filings, each in input order.
/// - Complexity: O(events · log days).
public func excessReturns(
    for events: [FilingEvent], prices: PriceLibrary, benchmark: PriceHistory, horizon: Horizon,
    calendar: PriceHistory? = nil
) -> (returns: [EventReturn], dropped: [DroppedFiling]) {
    var returns: [EventReturn] = []
    var dropped: [DroppedFiling] = []
    returns.reserveCapacity(events.count)
    let tradingDays = calendar ?? benchmark
    for event in events {
        guard let stock = prices[event.ticker] else {
            dropped.append(DroppedFiling(event: event, reason: .noPrices))
            continue
        }
        let window: EventWindow
        switch EventWindow.place(
            filingDate: event.filingDate, afterClose: event.afterClose, horizon: horizon, calendar: tradingDays)
        {
        case .success(let w): window = w
        case .failure(.beforeCalendar(let first)):
            dropped.append(DroppedFiling(event: event, reason: .beforeBenchmarkData(first: first)))
            continue
        case .failure(.pastCalendar(let last)):
            dropped.append(DroppedFiling(event: event, reason: .pastBenchmarkData(last: last)))
            continue
        }
        guard let b0 = benchmark.price(on: window.start) else {
            dropped.append(DroppedFiling(event: event, reason: .missingBenchmarkPrice(window.start)))
            continue
        }
        guard let b1 = benchmark.price(on: window.end) else {
            dropped.append(DroppedFiling(event: event, reason: .missingBenchmarkPrice(window.end)))
            continue
        }
        guard let first = stock.firstDay, let last = stock.lastDay else {
            dropped.append(DroppedFiling(event: event, reason: .noPrices))
            continue
        }
        if window.start < first {
            dropped.append(DroppedFiling(event: event, reason: .beforeStockData(first: first)))
            continue
        }
        if window.end > last {
            dropped.append(DroppedFiling(event: event, reason: .pastStockData(last: last)))
            continue
        }
        guard let p0 = stock.price(on: window.start) else {
            dropped.append(DroppedFiling(event: event, reason: missingPrice(prices, stock.ticker, window.start)))
            continue
        }
        guard let p1 = stock.price(on: window.end) else {
            dropped.append(DroppedFiling(event: event, reason: missingPrice(prices, stock.ticker, window.end)))
            continue
        }
        returns.append(EventReturn(event: event, window: window, raw: p1 / p0 - 1, benchmark: b1 / b0 - 1))
    }
    return (returns, dropped)
}

/// Why `ticker` has no price on `day`: a skipped row (with the reader's warning) or no row at all.
private func missingPrice(_ prices: PriceLibrary, _ ticker: String, _ day: CalendarDay) -> DroppedFiling.Reason {
    guard let warning = prices.skippedRow(ticker: ticker, day: day) else { return .missingStockPrice(day) }
    return .skippedStockPrice(day, warning: "\(fileLocation(warning.path, line: warning.line)): \(warning.message)")
}
