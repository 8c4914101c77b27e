/// Which column of a price file a `PriceHistory` was read from.
///
/// Readers prefer `adjustedClose` (split- and dividend-adjusted, Yahoo's `Adj Close`) whenever the file
/// has that column, and fall back to `close` otherwise. Returns computed from `close` ignore dividends
/// and, for files that are not split-adjusted, splits; the choice is reported so callers can warn.
public enum PriceColumn: String, Sendable, Codable, CaseIterable {
    /// The `Adj Close` column.
    case adjustedClose = "Adj Close"
    /// The `Close` column.
    case close = "Close"
}
