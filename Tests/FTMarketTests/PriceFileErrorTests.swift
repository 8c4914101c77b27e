import FTMarket
import FTTestSupport
import Foundation
import Testing

/// Loads `text` as a price file and returns the thrown error (nil when it loads).
private func error(loading text: String, name: String = "ABC.csv") throws -> PriceFileError? {
    let folder = try TemporaryFolder()
    defer { folder.remove() }
    let path = try folder.write(name, text)
    do {
        _ = try PriceLibrary.load(file: path)
        return nil
    } catch {
        #expect(error.path == path)
        return error
    }
}

// Malformed input: one test per error case, each asserting the line.

@Test func emptyFile() throws {
    let e = try #require(try error(loading: "\n\n"))
    #expect(e.kind == .empty && e.line == nil)
}

@Test func missingDateColumn() throws {
    let e = try #require(try error(loading: "Day,Close\n2023-01-03,1\n"))
    #expect(e.kind == .missingColumn("Date") && e.line == 1)
}

@Test func missingPriceColumns() throws {
    let e = try #require(try error(loading: "\nDate,Open,Volume\n2023-01-03,1,2\n"))
    #expect(e.kind == .missingColumn("Close or Adj Close") && e.line == 2)
}

@Test func duplicateColumn() throws {
    let e = try #require(try error(loading: "Date,Close,close\n"))
    #expect(e.kind == .duplicateColumn("close") && e.line == 1)
}

@Test func wrongFieldCount() throws {
    let e = try #require(try error(loading: "Date,Close,Adj Close\n2023-01-03,1,1\n2023-01-04,2\n"))
    #expect(e.kind == .wrongFieldCount(expected: 3, found: 2) && e.line == 3)
}

@Test func invalidDate() throws {
    let e = try #require(try error(loading: "Date,Close\r\n2023-01-03,1\r\n01/04/2023,2\r\n"))
    #expect(e.kind == .invalidDate("01/04/2023") && e.line == 3)
    let impossible = try #require(try error(loading: "Date,Close\n2023-02-30,1\n"))
    #expect(impossible.kind == .invalidDate("2023-02-30") && impossible.line == 2)
}

@Test func invalidNumber() throws {
    let e = try #require(try error(loading: "Date,Close,Adj Close\n2023-01-03,1,1\n2023-01-04,2,1.2.x\n"))
    #expect(e.kind == .invalidNumber(column: "Adj Close", text: "1.2.x") && e.line == 3)
    let infinite = try #require(try error(loading: "Date,Close\n2023-01-03,inf\n"))
    #expect(infinite.kind == .invalidNumber(column: "Close", text: "inf") && infinite.line == 2)
    let huge = try #require(try error(loading: "Date,Close\n2023-01-03,1e999\n"))
    #expect(huge.line == 2)
}

@Test func missingTickerInLongFile() throws {
    let e = try #require(try error(loading: "Ticker,Date,Close\nAAA,2023-01-03,1\n,2023-01-03,2\n", name: "all.csv"))
    #expect(e.kind == .missingTicker && e.line == 3)
}

@Test func invalidUTF8() throws {
    let folder = try TemporaryFolder()
    defer { folder.remove() }
    let path = folder.path + "/BAD.csv"
    try Data(Array("Date,Close\n2023-01-03,1\n2023-01-04,".utf8) + [0xFF, 0x0A]).write(to: URL(fileURLWithPath: path))
    #expect(throws: PriceFileError(path: path, line: 3, kind: .unreadable(reason: "invalid UTF-8"))) {
        _ = try PriceHistory.load(file: path)
    }
}

@Test func missingFile() {
    #expect(throws: PriceFileError.self) { _ = try PriceHistory.load(file: "/nonexistent/NOPE.csv") }
}

@Test func errorDescriptionNamesFileAndLine() {
    let e = PriceFileError(path: "p/A.csv", line: 7, kind: .invalidDate("x"))
    #expect(e.description == "p/A.csv:7: expected a date YYYY-MM-DD. Received: \"x\"")
}
