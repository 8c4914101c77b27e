/// A filing whose market reaction is measured: which stock, on which calendar day.
public struct FilingEvent: Sendable, Hashable, Codable {
    /// Identifier of the filing (e.g. the EDGAR accession number); carried into `EventReturn`.
    public var id: String
    /// The stock's ticker (matched case-insensitively against the price library).
    public var ticker: String
    /// The day the filing was made public.
    public var filingDate: CalendarDay
    /// True when the filing came out after the market close, so the window starts on the next trading
    /// day rather than on the filing date itself.
    public var afterClose: Bool

    /// Creates an event.
    public init(id: String, ticker: String, filingDate: CalendarDay, afterClose: Bool = false) {
        self.id = id
        self.ticker = ticker
        self.filingDate = filingDate
        self.afterClose = afterClose
    }
}
