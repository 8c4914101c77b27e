/// The trading days a filing's return is measured between.
///
/// On a trading calendar (the benchmark's dates by default), `start` is the first trading day on or after
/// the filing date (strictly after it for after-close filings), and `end` is the first trading day on or
/// after `start + horizon` calendar days.
public struct EventWindow: Sendable, Hashable, Codable {
    /// First trading day of the window (the buy day).
    public var start: CalendarDay
    /// Last trading day of the window (the sell day).
    public var end: CalendarDay

    /// Creates a window.
    public init(start: CalendarDay, end: CalendarDay) {
        self.start = start
        self.end = end
    }

    /// Why a window cannot be placed on a calendar.
    public enum PlacementFailure: Error, Sendable, Hashable {
        /// The filing date precedes the calendar, so the first trading day on or after it is unknown.
        case beforeCalendar(first: CalendarDay)
        /// The start or `start + horizon` lies after the calendar's last day.
        case pastCalendar(last: CalendarDay)
    }

    /// Places the window for `filingDate` on `calendar` (strictly increasing trading days).
    ///
    /// - Returns: the window, or why it cannot be placed (never a guess past either end of the calendar).
    /// - Complexity: O(log calendar.count).
    public static func place(
        filingDate: CalendarDay, afterClose: Bool = false, horizon: Horizon, calendar: PriceHistory
    ) -> Result<EventWindow, PlacementFailure> {
        guard let first = calendar.firstDay, let last = calendar.lastDay else {
            return .failure(.pastCalendar(last: filingDate))
        }
        if filingDate < first { return .failure(.beforeCalendar(first: first)) }
        guard let s = calendar.firstIndex(onOrAfter: filingDate, strictlyAfter: afterClose) else {
            return .failure(.pastCalendar(last: last))
        }
        let start = calendar.days[s]
        guard let e = calendar.firstIndex(onOrAfter: start.advanced(by: horizon.calendarDays)) else {
            return .failure(.pastCalendar(last: last))
        }
        return .success(EventWindow(start: start, end: calendar.days[e]))
    }
}
