/// A problem with single observations of a price file that the reader survives, naming file and line.
///
/// The affected rows are left out (never repaired or interpolated), so a filing whose window needs such a
/// day is later dropped with a reason rather than given a guessed price. See docs/decisions/0020.
public struct PriceFileWarning: Sendable, Equatable, CustomStringConvertible {
    /// What was found.
    public enum Kind: Sendable, Equatable {
        /// The price field is empty or `null`/`NaN`/`NA`/`N/A`; the row was skipped.
        case missingValue(column: String)
        /// The price is zero or negative; the row was skipped.
        case nonPositivePrice(column: String, value: Double)
        /// The price is outside `PriceHistory.plausiblePrices` (such as `1e308`); the row was skipped.
        case implausiblePrice(column: String, value: Double)
        /// Rows are not in date order (this is the first row earlier than its predecessor); rows were sorted.
        case unsorted
        /// The date repeats the one at `firstLine`. With identical prices one row was kept; with
        /// different prices both were dropped, since either could be wrong.
        case duplicateDate(CalendarDay, firstLine: Int, identical: Bool)
        /// More than the allowed number of calendar days since the previous observation.
        case gap(from: CalendarDay, to: CalendarDay)
        /// The file (or this ticker of a long file) has no usable price rows; the ticker is not loaded.
        case noPrices
    }

    /// The file.
    public var path: String
    /// 1-based line (the header line for `noPrices`).
    public var line: Int
    /// The ticker the row belongs to.
    public var ticker: String
    /// What was found.
    public var kind: Kind
    /// The trading day left without a price because of this row (a skipped row, or a date whose
    /// conflicting duplicates were both dropped); nil when no day lost its price.
    public var day: CalendarDay?

    /// Creates a warning.
    public init(path: String, line: Int, ticker: String, kind: Kind, day: CalendarDay? = nil) {
        self.path = path
        self.line = line
        self.ticker = ticker
        self.kind = kind
        self.day = day
    }

    /// `path:line: warning: message`.
    public var description: String { "\(path):\(line): warning: \(message)" }

    /// What was found and done, without the position.
    public var message: String {
        let message: String
        switch kind {
        case .missingValue(let column): message = "missing \(column) value; row skipped"
        case .nonPositivePrice(let column, let value):
            message = "non-positive \(column) \(value); row skipped"
        case .implausiblePrice(let column, let value):
            message =
                "implausible \(column) \(value) (outside \(PriceHistory.plausiblePrices.lowerBound)…\(PriceHistory.plausiblePrices.upperBound)); row skipped"
        case .unsorted: message = "rows not in date order (first here); sorted by date"
        case .duplicateDate(let day, let first, let identical):
            message =
                identical
                ? "date \(day) repeats line \(first) with the same price; one kept"
                : "date \(day) repeats line \(first) with a different price; both dropped"
        case .gap(let from, let to):
            message = "gap of \(from.distance(to: to)) calendar days since \(from)"
        case .noPrices: message = "no usable prices for \(ticker); ticker not loaded"
        }
        return message
    }
}
