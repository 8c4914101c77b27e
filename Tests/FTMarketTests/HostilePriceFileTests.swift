import FTIO
import FTMarket
import FTTestSupport
import Foundation
import Testing

/// Price rows that are numbers but not prices, and the filings they used to drop with a misleading
/// "no price on DATE".
@Suite struct HostilePriceFileTests {
    private func library(_ text: String) throws -> (PriceLibrary, String, TemporaryFolder) {
        let folder = try TemporaryFolder()
        let path = try folder.write("XYZ.csv", text)
        return (try PriceLibrary.load(file: path), path, folder)
    }

    @Test func anImplausiblePriceIsSkippedWithAWarningNotTurnedIntoAReturn() throws {
        let (prices, path, folder) = try library("Date,Close\n2023-12-04,1e308\n2024-01-02,25\n")
        defer { folder.remove() }
        #expect(prices["XYZ"]?.days == [day("2024-01-02")])
        let warning = try #require(prices.warnings.first)
        #expect(warning.kind == .implausiblePrice(column: "Close", value: 1e308))
        #expect(warning.line == 2 && warning.day == day("2023-12-04"))
        #expect(
            warning.description
                == "\(path):2: warning: implausible Close 1e+308 (outside 1e-06…1000000000.0); row skipped")
        // A tiny price, which would make any later price a return of 10^300, is refused the same way.
        let (tiny, _, other) = try library("Date,Close\n2023-12-04,1e-300\n")
        defer { other.remove() }
        #expect(tiny.warnings.first?.kind == .implausiblePrice(column: "Close", value: 1e-300))
    }

    @Test func everySkippedRowRecordsTheDayItLeftWithoutAPrice() throws {
        let (prices, _, folder) = try library(
            "Date,Close\n2023-12-04,NaN\n2023-12-05,0\n2023-12-06,-3\n2023-12-07,5\n2023-12-07,6\n"
                + "2023-12-08,9e99\n2023-12-11,5\n")
        defer { folder.remove() }
        #expect(prices.warnings.map(\.line) == [2, 3, 4, 7, 6])
        #expect(
            prices.warnings.map(\.day) == [
                day("2023-12-04"), day("2023-12-05"), day("2023-12-06"), day("2023-12-08"), day("2023-12-07"),
            ])
        #expect(prices.skippedRow(ticker: "xyz", day: day("2023-12-05"))?.line == 3)
        #expect(prices.skippedRow(ticker: "XYZ", day: day("2023-12-11")) == nil)
    }

    @Test func aFilingDroppedForASkippedRowSaysWhichRowAndWhy() throws {
        let (prices, path, folder) = try library("Date,Close\n2023-12-01,1\n2023-12-04,NaN\n2024-01-02,2\n")
        defer { folder.remove() }
        let spy = PriceHistory(ticker: "SPY", days: [day("2023-12-04"), day("2024-01-02")], prices: [200, 150])
        let (_, dropped) = excessReturns(
            for: [FilingEvent(id: "f1", ticker: "XYZ", filingDate: day("2023-12-04"))], prices: prices,
            benchmark: spy, horizon: .fourWeeks)
        #expect(
            dropped.first?.reason
                == .skippedStockPrice(day("2023-12-04"), warning: "\(path):3: missing Close value; row skipped"))
        #expect(dropped.first?.description.contains("XYZ's price on 2023-12-04 was skipped") == true)
    }

    @Test func aFileGivenAsAFolderSaysSo() throws {
        let (_, path, folder) = try library("Date,Close\n2023-12-04,1\n")
        defer { folder.remove() }
        #expect(throws: PriceFileError(path: path, line: nil, kind: .notAFolder)) {
            try PriceLibrary.load(folder: path)
        }
        #expect(
            throws: PriceFileError(path: path + "x", line: nil, kind: .unreadable(reason: "no such file or folder"))
        ) {
            try PriceLibrary.load(folder: path + "x")
        }
    }

    @Test func aFIFOAmongThePriceFilesIsRefusedNotWaitedFor() throws {
        let folder = try TemporaryFolder()
        defer { folder.remove() }
        try folder.write("AAA.csv", "Date,Close\n2023-12-04,1\n")
        #expect(mkfifo(folder.path + "/BBB.csv", 0o644) == 0)
        #expect {
            try PriceLibrary.load(folder: folder.path)
        } throws: { error in
            "\(error)".contains("BBB.csv: is a FIFO (named pipe), not a regular file")
        }
    }

    @Test func aLongHeaderIsQuotedShort() throws {
        let name = String(repeating: "Volume", count: 50_000)
        let folder = try TemporaryFolder()
        defer { folder.remove() }
        let path = try folder.write("Q.csv", "Date,Close,\(name),\(name)\n")
        #expect {
            try PriceLibrary.load(file: path)
        } throws: { error in
            let text = "\(error)"
            return text.contains("appears twice") && text.contains("(300000 bytes in all)") && text.count < 250
        }
    }
}
