/// One ticker's daily closing prices: strictly increasing days, each with a positive price.
///
/// Built by the readers (`PriceHistory.load(file:)`, `PriceLibrary.load(folder:)`), which report which
/// column the prices come from (`column`). Lookups are binary searches over `days`.
public struct PriceHistory: Sendable, Equatable {
    /// The ticker symbol (upper-cased by the readers).
    public let ticker: String
    /// Trading days, strictly increasing.
    public let days: [CalendarDay]
    /// The price on `days[i]`, in the file's currency units; always finite and > 0.
    public let prices: [Double]
    /// The column the prices were read from.
    public let column: PriceColumn
    /// The file the prices were read from ("" when built in memory).
    public let source: String

    /// The prices the readers accept, 10⁻⁶ to 10⁹ currency units: wide enough for split-adjusted closes of
    /// the 1980s and the dearest shares, narrow enough that a corrupt value such as `1e308` cannot turn into
    /// a return of 10³⁰⁵. Rows outside it are skipped with a warning (decision 0103).
    public static let plausiblePrices: ClosedRange<Double> = 1e-6...1e9

    /// Creates a history from already-clean data.
    /// - Precondition: `days` strictly increasing, `prices.count == days.count`, every price finite and > 0.
    public init(
        ticker: String, days: [CalendarDay], prices: [Double], column: PriceColumn = .adjustedClose,
        source: String = ""
    ) {
        precondition(
            days.count == prices.count,
            "PriceHistory expected as many prices as days. Received: \(prices.count) prices, \(days.count) days")
        for i in days.indices.dropFirst() {
            precondition(
                days[i - 1] < days[i],
                "PriceHistory expected strictly increasing days. Received: \(days[i - 1]) then \(days[i])")
        }
        for p in prices {
            precondition(p.isFinite && p > 0, "PriceHistory expected finite positive prices. Received: \(p)")
        }
        self.ticker = ticker
        self.days = days
        self.prices = prices
        self.column = column
        self.source = source
    }

    /// The first day, or nil when empty.
    public var firstDay: CalendarDay? { days.first }
    /// The last day, or nil when empty.
    public var lastDay: CalendarDay? { days.last }

    /// The index of the first day on or after `day` (strictly after when `strictlyAfter`), or nil when
    /// the data ends before it. O(log n).
    public func firstIndex(onOrAfter day: CalendarDay, strictlyAfter: Bool = false) -> Int? {
        var low = 0
        var high = days.count
        while low < high {
            let mid = (low + high) / 2
            let earlier = strictlyAfter ? days[mid] <= day : days[mid] < day
            if earlier { low = mid + 1 } else { high = mid }
        }
        return low < days.count ? low : nil
    }

    /// The index of exactly `day`, or nil when there is no price that day. O(log n).
    public func index(of day: CalendarDay) -> Int? {
        guard let i = firstIndex(onOrAfter: day), days[i] == day else { return nil }
        return i
    }

    /// The price on exactly `day`, or nil when there is none. O(log n).
    public func price(on day: CalendarDay) -> Double? {
        index(of: day).map { prices[$0] }
    }

    /// Trading days of `calendar` (e.g. the benchmark) between this history's first and last day on
    /// which this history has no price: days the stock did not trade or whose rows were skipped. Filings
    /// whose window starts or ends on one of them are dropped by `excessReturns`.
    /// - Complexity: O(days + calendar.days).
    public func missingDays(comparedTo calendar: PriceHistory) -> [CalendarDay] {
        guard let first = firstDay, let last = lastDay else { return [] }
        var missing: [CalendarDay] = []
        var i = 0
        for day in calendar.days where day >= first && day <= last {
            while i < days.count && days[i] < day { i += 1 }
            if i == days.count || days[i] != day { missing.append(day) }
        }
        return missing
    }

    /// Reads a single-ticker price file (plain or gzip): Yahoo `Date,Open,High,Low,Close,Adj Close,Volume`
    /// or minimal `Date,Close[,Adj Close]`. The ticker is `ticker`, or the file name without `.csv`/`.gz`,
    /// upper-cased.
    ///
    /// - Parameter maximumGapDays: a gap of more calendar days than this between consecutive rows is
    ///   reported as a warning (7 allows long weekends and holiday weeks).
    /// - Returns: the history and the warnings about skipped or reordered rows.
    /// - Throws: `PriceFileError` naming the file and line (see its cases); also when the file holds
    ///   several tickers (use `PriceLibrary.load(file:)`) or no usable rows.
    /// - Complexity: O(rows · log rows).
    public static func load(file path: String, ticker: String? = nil, maximumGapDays: Int = 7)
        throws(PriceFileError) -> (history: PriceHistory, warnings: [PriceFileWarning])
    {
        let reader = PriceCSVReader(maximumGapDays: maximumGapDays)
        let contents = try reader.read(
            path: path, defaultTicker: ticker?.uppercased() ?? PriceCSVReader.ticker(fromFileName: path))
        guard contents.histories.count == 1, let history = contents.histories.first else {
            if contents.histories.isEmpty {
                throw PriceFileError(path: path, line: nil, kind: .unreadable(reason: "no usable prices"))
            }
            throw PriceFileError(
                path: path, line: nil,
                kind: .unreadable(
                    reason: "holds \(contents.histories.count) tickers; read it with PriceLibrary.load(file:)"))
        }
        return (history, contents.warnings)
    }
}
