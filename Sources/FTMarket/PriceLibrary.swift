import FTIO
import FTParallel
import Foundation

/// Price histories keyed by upper-cased ticker, with the warnings the readers produced.
///
/// Two layouts are read: a folder with one file per ticker (`TICKER.csv` or `TICKER.csv.gz`; the ticker
/// is the file name unless the file has a `Ticker` column), or one long file with a `Ticker` (or
/// `Symbol`) column. Within each file the adjusted close is preferred (see `PriceHistory.column`).
public struct PriceLibrary: Sendable {
    /// Histories by upper-cased ticker.
    public private(set) var histories: [String: PriceHistory]
    /// Every warning from every file, in file order then line order.
    public private(set) var warnings: [PriceFileWarning]

    /// A library of the given histories (later histories replace earlier ones with the same ticker).
    public init(histories: [PriceHistory] = [], warnings: [PriceFileWarning] = []) {
        self.histories = [:]
        for history in histories { self.histories[history.ticker.uppercased()] = history }
        self.warnings = warnings
    }

    /// The history of `ticker` (case-insensitive), or nil when the library has none.
    public subscript(ticker: String) -> PriceHistory? {
        histories[ticker.uppercased()] ?? histories[ticker]
    }

    /// All tickers, sorted.
    public var tickers: [String] { histories.keys.sorted() }

    /// Tickers whose prices come from each column (for reporting which close was used).
    public var tickersByColumn: [PriceColumn: [String]] {
        var result: [PriceColumn: [String]] = [:]
        for ticker in tickers { if let h = histories[ticker] { result[h.column, default: []].append(ticker) } }
        return result
    }

    /// Reads every `*.csv` / `*.csv.gz` file in `folder` (not recursive; hidden files ignored), in sorted
    /// file-name order, using up to `concurrency` threads.
    ///
    /// - Parameter maximumGapDays: see `PriceHistory.load(file:ticker:maximumGapDays:)`.
    /// - Throws: `PriceFileError` for the first broken file in file-name order (named with its line), when
    ///   the path is a file or a folder that cannot be listed or has no price files, or when two files hold
    ///   the same ticker.
    /// - Complexity: O(total rows · log rows per ticker).
    public static func load(folder: String, maximumGapDays: Int = 7, concurrency: Int = 2)
        throws(PriceFileError) -> PriceLibrary
    {
        if FileData.exists(folder) && !FileData.isDirectory(folder) {
            throw PriceFileError(path: folder, line: nil, kind: .notAFolder)
        }
        let names: [String]
        do {
            names = try FileManager.default.contentsOfDirectory(atPath: folder)
        } catch {
            let reason = FileData.exists(folder) ? "cannot list the folder" : "no such file or folder"
            throw PriceFileError(path: folder, line: nil, kind: .unreadable(reason: reason))
        }
        let files = names.filter {
            !$0.hasPrefix(".") && ($0.lowercased().hasSuffix(".csv") || $0.lowercased().hasSuffix(".csv.gz"))
        }.sorted()
        if files.isEmpty { throw PriceFileError(path: folder, line: nil, kind: .noPriceFiles) }
        let reader = PriceCSVReader(maximumGapDays: maximumGapDays)
        let base = folder.hasSuffix("/") ? folder : folder + "/"
        let results = parallelMap(files, workers: max(1, concurrency)) {
            file -> Result<PriceCSVReader.Contents, PriceFileError> in
            let path = base + file
            do throws(PriceFileError) {
                return .success(try reader.read(path: path, defaultTicker: PriceCSVReader.ticker(fromFileName: path)))
            } catch {
                return .failure(error)
            }
        }
        var library = PriceLibrary()
        for (i, result) in results.enumerated() {
            switch result {
            case .success(let contents): try library.merge(contents, path: base + files[i])
            case .failure(let error): throw error
            }
        }
        return library
    }

    /// Reads one price file: a long file with a `Ticker` column (any number of tickers), or a single-ticker
    /// file whose ticker is its file name.
    /// - Throws: `PriceFileError` naming the file and line.
    public static func load(file: String, maximumGapDays: Int = 7) throws(PriceFileError) -> PriceLibrary {
        let reader = PriceCSVReader(maximumGapDays: maximumGapDays)
        let contents = try reader.read(path: file, defaultTicker: PriceCSVReader.ticker(fromFileName: file))
        var library = PriceLibrary()
        try library.merge(contents, path: file)
        return library
    }

    /// The warning of the row that left `ticker` without a price on `day` (a missing, non-positive or
    /// implausible value, or conflicting duplicate dates), or nil when no row was skipped for that day.
    /// - Complexity: O(warnings).
    public func skippedRow(ticker: String, day: CalendarDay) -> PriceFileWarning? {
        let key = ticker.uppercased()
        return warnings.first { $0.day == day && $0.ticker.uppercased() == key }
    }

    /// Adds `history`, replacing any history with the same ticker.
    public mutating func add(_ history: PriceHistory) {
        histories[history.ticker.uppercased()] = history
    }

    private mutating func merge(_ contents: PriceCSVReader.Contents, path: String) throws(PriceFileError) {
        for history in contents.histories {
            if let existing = histories[history.ticker] {
                throw PriceFileError(
                    path: path, line: nil, kind: .duplicateTicker(ticker: history.ticker, otherFile: existing.source))
            }
            histories[history.ticker] = history
        }
        warnings += contents.warnings
    }
}
