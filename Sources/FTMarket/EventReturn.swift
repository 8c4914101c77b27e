/// A filing's market reaction over its `EventWindow`.
///
/// All returns are simple returns (fractions, 0.05 = +5 %), computed on the price column each history
/// was read from (adjusted close preferred):
/// - `raw = P_stock(end) / P_stock(start) − 1`
/// - `benchmark = P_bench(end) / P_bench(start) − 1` over the same two days
/// - `excess = raw − benchmark` (a market-adjusted return, not a beta-adjusted abnormal return)
public struct EventReturn: Sendable, Hashable, Codable {
    /// The filing.
    public var event: FilingEvent
    /// The trading days the returns span.
    public var window: EventWindow
    /// The stock's simple return from `window.start` to `window.end`.
    public var raw: Double
    /// The benchmark's simple return over the same days.
    public var benchmark: Double
    /// `raw − benchmark`.
    public var excess: Double

    /// Creates a return; `excess` is computed as `raw − benchmark`.
    public init(event: FilingEvent, window: EventWindow, raw: Double, benchmark: Double) {
        self.event = event
        self.window = window
        self.raw = raw
        self.benchmark = benchmark
        self.excess = raw - benchmark
    }
}
