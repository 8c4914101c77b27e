import FTMarket
import Foundation
import Testing

@Test func parsesISODatesAndRejectsImpossibleOnes() {
    #expect(CalendarDay(iso: "2024-02-29") == CalendarDay(year: 2024, month: 2, day: 29))
    #expect(CalendarDay(iso: "2023-02-29") == nil)
    #expect(CalendarDay(iso: "1900-02-29") == nil)
    #expect(CalendarDay(iso: "2000-02-29") != nil)
    #expect(CalendarDay(iso: "2023-13-01") == nil)
    #expect(CalendarDay(iso: "2023-1-01") == nil)
    #expect(CalendarDay(iso: "2023/01/01") == nil)
    #expect(CalendarDay(iso: "20230101") == nil)
    #expect(CalendarDay(iso: "2023-01-0a") == nil)
}

@Test func dayNumbersAgreeWithUTCFoundationDates() throws {
    // Foundation as an independent oracle, in UTC only (where it has no time-zone pitfalls).
    var calendar = Calendar(identifier: .gregorian)
    calendar.timeZone = try #require(TimeZone(identifier: "UTC"))
    for (y, m, d) in [(1970, 1, 1), (1999, 12, 31), (2000, 2, 29), (2023, 11, 24), (2100, 3, 1), (1901, 7, 4)] {
        let day = try #require(CalendarDay(year: y, month: m, day: d))
        let date = try #require(calendar.date(from: DateComponents(year: y, month: m, day: d)))
        #expect(day.daysSinceEpoch == Int((date.timeIntervalSince1970 / 86400).rounded()))
        #expect(day.components == (y, m, d))
        #expect(day.isoWeekday == (calendar.component(.weekday, from: date) + 5) % 7 + 1)
    }
}

@Test func arithmeticAndTextRoundTrip() throws {
    let day = try #require(CalendarDay(iso: "2023-12-29"))
    #expect(day.advanced(by: 3).description == "2024-01-01")
    #expect(day.distance(to: try #require(CalendarDay(iso: "2024-03-01"))) == 63)
    #expect(day.isoWeekday == 5)  // Friday
    #expect(day.advanced(by: 1).isWeekend)
    var d = try #require(CalendarDay(iso: "1999-01-01"))
    while d.year < 2002 {
        #expect(CalendarDay(iso: d.description) == d)
        d = d.advanced(by: 1)
    }
}

@Test func codableUsesISOText() throws {
    let day = try #require(CalendarDay(iso: "2023-06-22"))
    let data = try JSONEncoder().encode([day])
    #expect(String(decoding: data, as: UTF8.self) == "[\"2023-06-22\"]")
    #expect(try JSONDecoder().decode([CalendarDay].self, from: data) == [day])
    #expect(throws: DecodingError.self) {
        try JSONDecoder().decode([CalendarDay].self, from: Data("[\"2023-06-31\"]".utf8))
    }
}
