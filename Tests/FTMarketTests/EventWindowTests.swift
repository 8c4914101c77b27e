import FTMarket
import Testing

private func window(
    _ filed: String, afterClose: Bool = false, horizon: Horizon = .fourWeeks
) -> Result<EventWindow, EventWindow.PlacementFailure> {
    EventWindow.place(
        filingDate: day(filed), afterClose: afterClose, horizon: horizon, calendar: MarketCalendar.benchmark)
}

@Test func aTradingDayFilingStartsThatDay() {
    // 2023-12-04 (Mon) + 28 days = 2024-01-01, a holiday → the next trading day, 2024-01-02.
    #expect(window("2023-12-04") == .success(EventWindow(start: day("2023-12-04"), end: day("2024-01-02"))))
}

@Test func weekendAndHolidayFilingsStartOnTheNextTradingDay() {
    // Saturday 2023-12-23 → Monday 25 is Christmas → Tuesday 26; + 28 = 2024-01-23 (Tue).
    #expect(window("2023-12-23") == .success(EventWindow(start: day("2023-12-26"), end: day("2024-01-23"))))
    #expect(window("2023-12-25") == .success(EventWindow(start: day("2023-12-26"), end: day("2024-01-23"))))
    // 2023-12-18 + 28 = 2024-01-15, MLK day → 2024-01-16.
    #expect(window("2023-12-16") == .success(EventWindow(start: day("2023-12-18"), end: day("2024-01-16"))))
}

@Test func afterCloseFilingsStartTheNextTradingDay() {
    // Filed Friday 2023-12-22 after the close: Mon 25 is a holiday, so Tue 26.
    #expect(
        window("2023-12-22", afterClose: true)
            == .success(EventWindow(start: day("2023-12-26"), end: day("2024-01-23"))))
    #expect(window("2023-12-23", afterClose: true) == window("2023-12-23"))
}

@Test func horizonEndOnAWeekendMovesToMonday() {
    // 2023-12-13 (Wed) + 10 = Saturday 2023-12-23 → Tue 2023-12-26 (Mon 25 is a holiday).
    #expect(
        window("2023-12-13", horizon: .days(10))
            == .success(EventWindow(start: day("2023-12-13"), end: day("2023-12-26"))))
    // 26 weeks is far past the calendar.
    #expect(window("2023-12-13", horizon: .twentySixWeeks) == .failure(.pastCalendar(last: day("2024-01-31"))))
}

@Test func filingsAtTheEndOfTheData() {
    // 2024-01-03 + 28 = 2024-01-31, the last day: still inside.
    #expect(window("2024-01-03") == .success(EventWindow(start: day("2024-01-03"), end: day("2024-01-31"))))
    // One day later the end would be 2024-02-01, past the data: not guessed.
    #expect(window("2024-01-04") == .failure(.pastCalendar(last: day("2024-01-31"))))
    #expect(window("2024-01-31") == .failure(.pastCalendar(last: day("2024-01-31"))))
    #expect(
        window("2024-01-31", afterClose: true, horizon: .days(1)) == .failure(.pastCalendar(last: day("2024-01-31"))))
    #expect(window("2024-02-03") == .failure(.pastCalendar(last: day("2024-01-31"))))
}

@Test func filingsBeforeTheDataAreNotPlaced() {
    #expect(window("2023-11-30") == .failure(.beforeCalendar(first: day("2023-12-01"))))
}
