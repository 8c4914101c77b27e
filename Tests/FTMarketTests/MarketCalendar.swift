import FTMarket

/// A NYSE-like calendar for tests: weekdays from 2023-12-01 to 2024-01-31 without the 2023-12-25 and
/// 2024-01-01 holidays (Mondays) and 2024-01-15 (Martin Luther King Jr. Day).
enum MarketCalendar {
    static let holidays: Set<String> = ["2023-12-25", "2024-01-01", "2024-01-15"]

    static var tradingDays: [CalendarDay] {
        var days: [CalendarDay] = []
        var d = CalendarDay(iso: "2023-12-01")!
        let last = CalendarDay(iso: "2024-01-31")!
        while d <= last {
            if !d.isWeekend && !holidays.contains(d.description) { days.append(d) }
            d = d.advanced(by: 1)
        }
        return days
    }

    /// A benchmark on that calendar whose price on day i is `100 + i`.
    static var benchmark: PriceHistory {
        let days = tradingDays
        return PriceHistory(ticker: "SPY", days: days, prices: days.indices.map { 100 + Double($0) }, column: .close)
    }
}

func day(_ text: String) -> CalendarDay { CalendarDay(iso: text)! }
