/// One filing ready to be labelled: who filed it, when, and its extracted section texts.
public struct SourceFiling: Sendable, Equatable {
    /// Where it came from (a file path, or `file.jsonl:LINE` for pre-extracted sections).
    public var source: String
    /// A unique id (the accession number when known, else the file name).
    public var id: String
    /// Central Index Key.
    public var cik: String
    /// Ticker (upper case).
    public var ticker: String
    /// Company name (may be empty).
    public var company: String
    /// Filing date, ISO.
    public var filingDate: String
    /// SIC code, when known.
    public var sic: String?
    /// The sections found, by item id ("1", "1A", "7", "7A"), in document order.
    public var sections: [(item: String, text: String)]
    /// What the section extractor could not resolve in a raw filing, each starting "Item N: " (an index entry
    /// whose pages or heading are not in the document, an incorporated item whose exhibit is missing); empty
    /// for pre-extracted sections.
    public var warnings: [String]

    /// Creates a filing.
    public init(
        source: String, id: String, cik: String, ticker: String, company: String, filingDate: String, sic: String?,
        sections: [(item: String, text: String)], warnings: [String] = []
    ) {
        self.warnings = warnings
        self.source = source
        self.id = id
        self.cik = cik
        self.ticker = ticker
        self.company = company
        self.filingDate = filingDate
        self.sic = sic
        self.sections = sections
    }

    /// Field-by-field equality (tuples are not `Equatable`).
    public static func == (a: SourceFiling, b: SourceFiling) -> Bool {
        a.source == b.source && a.id == b.id && a.cik == b.cik && a.ticker == b.ticker && a.company == b.company
            && a.filingDate == b.filingDate && a.sic == b.sic && a.sections.map(\.item) == b.sections.map(\.item)
            && a.sections.map(\.text) == b.sections.map(\.text) && a.warnings == b.warnings
    }
}

/// A filing left out of a data set, and why.
public struct SkippedFiling: Error, Sendable, Equatable, CustomStringConvertible {
    /// The file (or `file:LINE`).
    public var source: String
    /// The reason, in words.
    public var reason: String

    /// Creates a record.
    public init(source: String, reason: String) {
        self.source = source
        self.reason = reason
    }

    /// `source: reason`.
    public var description: String { "\(source): \(reason)" }
}
