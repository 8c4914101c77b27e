import FTIO

/// One 10-K filing as read by ``FilingReader``: its metadata and its body as clean text.
public struct Filing: Sendable {
    /// The form the file was in.
    public enum Format: String, Sendable, Codable {
        /// An EDGAR full-submission `.txt` (an `<SEC-HEADER>` then `<DOCUMENT>` blocks).
        case fullSubmission
        /// A primary 10-K HTML or inline-XBRL document.
        case html
        /// Plain text, such as Loughran-McDonald's cleaned 10-X files.
        case plainText
    }

    /// What the reader found about the filing; fields it could not find are nil.
    public var metadata: FilingMetadata
    /// The 10-K body as clean text: no tags, entities decoded, one block per line, single spaces, at most
    /// one blank line in a row.
    public var text: String
    /// The form the file was in.
    public var format: Format
    /// Things the reader repaired or guessed (invalid UTF-8 decoded as Windows-1252, no 10-K document found
    /// in a submission, …), each naming the file.
    public var warnings: [String]
    /// The path (or name) the filing was read from.
    public var source: String
    /// The Exhibit 13 documents of the submission (full-submission `.txt` or submission folder), in filing
    /// order; empty for a lone primary document.
    public var exhibits: [FilingExhibit]

    /// A filing from its parts.
    public init(
        metadata: FilingMetadata, text: String, format: Format, warnings: [String] = [], source: String,
        exhibits: [FilingExhibit] = []
    ) {
        self.metadata = metadata
        self.text = text
        self.format = format
        self.warnings = warnings
        self.source = source
        self.exhibits = exhibits
    }
}

/// A filing's metadata, from its SEC header, its inline-XBRL `dei:` facts, or its file name.
public struct FilingMetadata: Sendable, Equatable, Codable {
    /// Central Index Key without leading zeros ("320193").
    public var cik: String?
    /// Company conformed name ("ADVANCE AUTO PARTS INC").
    public var company: String?
    /// Form type ("10-K", "10-K405", "10-KSB", "10-K/A").
    public var formType: String?
    /// Filing date, ISO `YYYY-MM-DD`.
    public var filingDate: String?
    /// Period of report (fiscal year end), ISO `YYYY-MM-DD`.
    public var period: String?
    /// Standard Industrial Classification code (5531).
    public var sic: Int?
    /// The SIC code's industry title ("RETAIL-AUTO & HOME SUPPLY STORES").
    public var industryTitle: String?
    /// EDGAR accession number ("0000898430-02-001066").
    public var accession: String?
    /// Trading symbol when the document states it (inline-XBRL `dei:TradingSymbol`).
    public var ticker: String?

    /// Metadata with the given fields; all default to nil.
    public init(
        cik: String? = nil, company: String? = nil, formType: String? = nil, filingDate: String? = nil,
        period: String? = nil, sic: Int? = nil, industryTitle: String? = nil, accession: String? = nil,
        ticker: String? = nil
    ) {
        self.cik = cik
        self.company = company
        self.formType = formType
        self.filingDate = filingDate
        self.period = period
        self.sic = sic
        self.industryTitle = industryTitle
        self.accession = accession
        self.ticker = ticker
    }
}

/// A filing that cannot be read at all (an unreadable file is reported as FTIO's `IOError` instead).
public struct FilingError: Error, CustomStringConvertible, Sendable {
    /// The file.
    public var path: String
    /// The 1-based line of the problem, when there is one.
    public var line: Int?
    /// What is wrong.
    public var reason: String

    /// An error naming the file, line and reason.
    public init(path: String, line: Int? = nil, reason: String) {
        self.path = path
        self.line = line
        self.reason = reason
    }

    /// "path:line: reason".
    public var description: String {
        "\(fileLocation(path, line: line)): \(reason)"
    }
}
