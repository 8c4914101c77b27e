/// A filing left out of the returns, and why (nothing is ever interpolated or guessed).
public struct DroppedFiling: Sendable, Hashable, CustomStringConvertible {
    /// Why the filing has no return.
    public enum Reason: Sendable, Hashable {
        /// The price library has no history for the ticker.
        case noPrices
        /// The filing date precedes the trading calendar (benchmark data starts on `first`).
        case beforeBenchmarkData(first: CalendarDay)
        /// The window runs past the end of the benchmark data (last day `last`).
        case pastBenchmarkData(last: CalendarDay)
        /// The window runs past the end of the stock's data (last day `last`), e.g. delisted or not yet updated.
        case pastStockData(last: CalendarDay)
        /// The stock's data starts after the window start (first day `first`), e.g. listed later.
        case beforeStockData(first: CalendarDay)
        /// The stock has no price on this trading day (no row for it: not traded, or not in the file).
        case missingStockPrice(CalendarDay)
        /// The stock's price on this day was in the file but its row was skipped; `warning` is the
        /// reader's warning naming the file, line and why (missing, non-positive or implausible value,
        /// conflicting duplicate dates).
        case skippedStockPrice(CalendarDay, warning: String)
        /// The benchmark has no price on this day of a separately supplied trading calendar.
        case missingBenchmarkPrice(CalendarDay)
    }

    /// The filing.
    public var event: FilingEvent
    /// Why it was dropped.
    public var reason: Reason

    /// Creates a record.
    public init(event: FilingEvent, reason: Reason) {
        self.event = event
        self.reason = reason
    }

    /// One line naming the filing, ticker and reason.
    public var description: String {
        let why: String
        switch reason {
        case .noPrices: why = "no prices for ticker \(event.ticker)"
        case .beforeBenchmarkData(let first): why = "filing date precedes the benchmark data (starts \(first))"
        case .pastBenchmarkData(let last): why = "window runs past the benchmark data (ends \(last))"
        case .pastStockData(let last): why = "window runs past \(event.ticker)'s data (ends \(last))"
        case .beforeStockData(let first): why = "window starts before \(event.ticker)'s data (starts \(first))"
        case .missingStockPrice(let day): why = "\(event.ticker) has no price on \(day)"
        case .skippedStockPrice(let day, let warning):
            why = "\(event.ticker)'s price on \(day) was skipped (\(warning))"
        case .missingBenchmarkPrice(let day): why = "the benchmark has no price on \(day)"
        }
        return "filing \(event.id) (\(event.ticker), filed \(event.filingDate)): \(why)"
    }
}
