/// The length of an event window in calendar days: the window ends on the first trading day on or after
/// start + `calendarDays`.
///
/// Weeks are 7 calendar days, so `.weeks(4)` (the study's four weeks) is 28 calendar days, not 20
/// trading days.
public struct Horizon: Sendable, Hashable, Codable, CustomStringConvertible {
    /// Calendar days added to the start day.
    public let calendarDays: Int

    /// A horizon of `days` calendar days.
    /// - Precondition: `days > 0`.
    public static func days(_ days: Int) -> Horizon {
        precondition(days > 0, "Horizon expected a positive number of days. Received: \(days)")
        return Horizon(calendarDays: days)
    }

    /// A horizon of `weeks` weeks (7 · `weeks` calendar days).
    /// - Precondition: `weeks > 0`.
    public static func weeks(_ weeks: Int) -> Horizon {
        precondition(weeks > 0, "Horizon expected a positive number of weeks. Received: \(weeks)")
        return Horizon(calendarDays: 7 * weeks)
    }

    /// The study's preset: 4 weeks = 28 calendar days.
    public static let fourWeeks = Horizon.weeks(4)
    /// The longer preset: 26 weeks = 182 calendar days.
    public static let twentySixWeeks = Horizon.weeks(26)

    private init(calendarDays: Int) { self.calendarDays = calendarDays }

    /// Parses "4w", "26w", "28d" (or a bare number of days); nil for anything else or a non-positive count.
    public init?(_ text: String) {
        var body = Substring(text.lowercased())
        var multiplier = 1
        if body.hasSuffix("w") {
            multiplier = 7
            body = body.dropLast()
        } else if body.hasSuffix("d") {
            body = body.dropLast()
        }
        guard let count = Int(body), count > 0, count <= 100_000 else { return nil }
        self.calendarDays = count * multiplier
    }

    /// "4w" when a whole number of weeks, else "Nd".
    public var description: String {
        calendarDays % 7 == 0 ? "\(calendarDays / 7)w" : "\(calendarDays)d"
    }
}
