import FTIO

/// A plain calendar day (proleptic Gregorian year, month, day) with no time of day and no time zone.
///
/// Stored as the number of days since 1970-01-01, so comparison, hashing and day arithmetic are integer
/// operations and a filing date can never shift by a day because of a time zone or daylight-saving rule
/// (the classic pitfall of `Foundation.Date`). Text form is ISO 8601 `YYYY-MM-DD`; `Codable` uses it.
///
/// Supported years: 1 through 9999.
public struct CalendarDay: Sendable, Hashable, Comparable, Strideable, Codable, CustomStringConvertible {
    /// Days since 1970-01-01 (negative before it).
    public let daysSinceEpoch: Int

    /// The day `daysSinceEpoch` days after 1970-01-01.
    public init(daysSinceEpoch: Int) {
        self.daysSinceEpoch = daysSinceEpoch
    }

    /// The given date, or nil when it does not exist (month 13, February 30, year 0 …).
    public init?(year: Int, month: Int, day: Int) {
        guard (1...9999).contains(year), (1...12).contains(month), day >= 1,
            day <= CalendarDay.daysInMonth(year: year, month: month)
        else { return nil }
        daysSinceEpoch = CalendarDay.daysFromCivil(year: year, month: month, day: day)
    }

    /// Parses `YYYY-MM-DD` (exactly ten characters); nil for anything else or an impossible date.
    public init?(iso text: some StringProtocol) {
        let bytes = Array(text.utf8)
        guard let day = bytes.withUnsafeBufferPointer({ CalendarDay.parse($0) }) else { return nil }
        self = day
    }

    /// Parses an ISO `YYYY-MM-DD` date from exactly these bytes; nil when malformed or impossible.
    /// - Complexity: O(1), no allocation (used by the price reader's hot loop).
    static func parse(_ bytes: UnsafeBufferPointer<UInt8>) -> CalendarDay? {
        guard bytes.count == 10, bytes[4] == UInt8(ascii: "-"), bytes[7] == UInt8(ascii: "-") else {
            return nil
        }
        func digits(_ range: Range<Int>) -> Int? {
            var value = 0
            for i in range {
                let d = Int(bytes[i]) - 48
                guard d >= 0 && d <= 9 else { return nil }
                value = value * 10 + d
            }
            return value
        }
        guard let y = digits(0..<4), let m = digits(5..<7), let d = digits(8..<10) else { return nil }
        return CalendarDay(year: y, month: m, day: d)
    }

    /// The (year, month, day) of this day.
    public var components: (year: Int, month: Int, day: Int) {
        CalendarDay.civilFromDays(daysSinceEpoch)
    }

    /// The year, e.g. 2023.
    public var year: Int { components.year }

    /// ISO weekday: 1 = Monday … 7 = Sunday.
    public var isoWeekday: Int {
        // 1970-01-01 was a Thursday (ISO 4).
        let r = ((daysSinceEpoch + 3) % 7 + 7) % 7
        return r + 1
    }

    /// True on Saturday and Sunday.
    public var isWeekend: Bool { isoWeekday >= 6 }

    /// `YYYY-MM-DD`.
    public var description: String {
        let (y, m, d) = components
        func pad(_ v: Int, _ width: Int) -> String {
            let s = String(v)
            return String(repeating: "0", count: max(0, width - s.count)) + s
        }
        return "\(pad(y, 4))-\(pad(m, 2))-\(pad(d, 2))"
    }

    /// Orders days chronologically.
    public static func < (a: CalendarDay, b: CalendarDay) -> Bool {
        a.daysSinceEpoch < b.daysSinceEpoch
    }

    /// The day `n` calendar days later (earlier when negative).
    public func advanced(by n: Int) -> CalendarDay {
        CalendarDay(daysSinceEpoch: daysSinceEpoch + n)
    }

    /// Calendar days from `self` to `other` (positive when `other` is later).
    public func distance(to other: CalendarDay) -> Int {
        other.daysSinceEpoch - daysSinceEpoch
    }

    /// Decodes from an ISO `YYYY-MM-DD` string.
    /// - Throws: `DecodingError.dataCorrupted` naming the bad text.
    public init(from decoder: any Decoder) throws {
        let container = try decoder.singleValueContainer()
        let text = try container.decode(String.self)
        guard let day = CalendarDay(iso: text) else {
            throw DecodingError.dataCorruptedError(
                in: container, debugDescription: "expected a date YYYY-MM-DD. Received: \(InputExcerpt.quoted(text))")
        }
        self = day
    }

    /// Encodes as an ISO `YYYY-MM-DD` string.
    public func encode(to encoder: any Encoder) throws {
        var container = encoder.singleValueContainer()
        try container.encode(description)
    }

    static func isLeap(_ y: Int) -> Bool { (y % 4 == 0 && y % 100 != 0) || y % 400 == 0 }

    static func daysInMonth(year: Int, month: Int) -> Int {
        switch month {
        case 2: return isLeap(year) ? 29 : 28
        case 4, 6, 9, 11: return 30
        default: return 31
        }
    }

    // Howard Hinnant's days_from_civil / civil_from_days (public-domain algorithms).
    static func daysFromCivil(year: Int, month: Int, day: Int) -> Int {
        let y = month <= 2 ? year - 1 : year
        let era = (y >= 0 ? y : y - 399) / 400
        let yoe = y - era * 400
        let mp = (month + 9) % 12
        let doy = (153 * mp + 2) / 5 + day - 1
        let doe = yoe * 365 + yoe / 4 - yoe / 100 + doy
        return era * 146097 + doe - 719468
    }

    static func civilFromDays(_ days: Int) -> (year: Int, month: Int, day: Int) {
        let z = days + 719468
        let era = (z >= 0 ? z : z - 146096) / 146097
        let doe = z - era * 146097
        let yoe = (doe - doe / 1460 + doe / 36524 - doe / 146096) / 365
        let doy = doe - (365 * yoe + yoe / 4 - yoe / 100)
        let mp = (5 * doy + 2) / 153
        let d = doy - (153 * mp + 2) / 5 + 1
        let m = mp < 10 ? mp + 3 : mp - 9
        return (yoe + era * 400 + (m <= 2 ? 1 : 0), m, d)
    }
}
