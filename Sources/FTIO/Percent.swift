import Foundation

/// Shares written as percentages: the one formatter of reports, summaries and messages.
public enum Percent {
    /// `share` (0.123 = 12.3 %) as a percentage with one decimal and a `%` sign, for example `12.3%`;
    /// `undefined` when `share` is not finite (a 0/0 share). Rounding is C's `%.1f` of `share × 100`
    /// (the exact binary value to the nearest tenth).
    public static func formatted(_ share: Double) -> String {
        guard share.isFinite else { return "undefined" }
        return String(format: "%.1f%%", share * 100)
    }
}
