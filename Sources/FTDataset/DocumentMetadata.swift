/// What a token dataset keeps about each document besides its token ids: enough to split by filing,
/// company or time, to label, and to report, without the text.
///
/// Stored as one JSON object per document (snake_case keys, sorted) in each shard's metadata section.
public struct DocumentMetadata: Sendable, Equatable, Codable {
    /// Unique document id (accession number + "/" + section).
    public var id: String
    /// SEC Central Index Key of the filer.
    public var cik: String
    /// Stock ticker.
    public var ticker: String
    /// Company name.
    public var company: String
    /// 10-K section ("1", "1A", "7", "7A").
    public var section: String
    /// Industry group the label was binned within (SIC code).
    public var industry: String
    /// Filing date, ISO `YYYY-MM-DD`.
    public var filingDate: String
    /// Return horizon, as written on the command line (`4w`).
    public var horizon: String
    /// Stock simple return over the window.
    public var rawReturn: Double
    /// Benchmark simple return over the same days.
    public var benchmarkReturn: Double
    /// `rawReturn − benchmarkReturn`.
    public var excessReturn: Double
    /// Class, `0..<classes` (also stored in the shard's label column).
    public var label: Int

    /// Creates metadata.
    public init(
        id: String, cik: String, ticker: String, company: String, section: String, industry: String,
        filingDate: String, horizon: String, rawReturn: Double, benchmarkReturn: Double, excessReturn: Double,
        label: Int
    ) {
        self.id = id
        self.cik = cik
        self.ticker = ticker
        self.company = company
        self.section = section
        self.industry = industry
        self.filingDate = filingDate
        self.horizon = horizon
        self.rawReturn = rawReturn
        self.benchmarkReturn = benchmarkReturn
        self.excessReturn = excessReturn
        self.label = label
    }

    enum CodingKeys: String, CodingKey {
        case id, cik, ticker, company, section, industry
        case filingDate = "filing_date"
        case horizon
        case rawReturn = "raw_return"
        case benchmarkReturn = "benchmark_return"
        case excessReturn = "excess_return"
        case label
    }
}
