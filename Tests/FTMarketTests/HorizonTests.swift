import FTMarket
import Testing

@Test func presetsAndParsing() {
    #expect(Horizon.fourWeeks.calendarDays == 28)
    #expect(Horizon.twentySixWeeks.calendarDays == 182)
    #expect(Horizon("4w") == .fourWeeks)
    #expect(Horizon("28d") == .days(28))
    #expect(Horizon("10") == .days(10))
    #expect(Horizon("0w") == nil)
    #expect(Horizon("-3d") == nil)
    #expect(Horizon("four weeks") == nil)
    #expect(Horizon.days(10).description == "10d")
    #expect(Horizon.weeks(26).description == "26w")
}
