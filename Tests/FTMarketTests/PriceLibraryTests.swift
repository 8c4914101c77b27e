import FTMarket
import FTTestSupport
import Testing

@Test func loadsAFolderOfTickerFiles() throws {
    let folder = try TemporaryFolder()
    defer { folder.remove() }
    try folder.write("AAA.csv", "Date,Close,Adj Close\n2023-01-03,10,9\n")
    try folder.write("bbb.csv", "Date,Close\n2023-01-03,20\n2023-01-04,null\n")
    try folder.write("notes.txt", "ignored")
    try folder.write(".hidden.csv", "garbage")
    let library = try PriceLibrary.load(folder: folder.path, concurrency: 2)
    #expect(library.tickers == ["AAA", "BBB"])
    #expect(library["bbb"]?.prices == [20])
    #expect(library.tickersByColumn == [.adjustedClose: ["AAA"], .close: ["BBB"]])
    #expect(library.warnings.map(\.line) == [3])
    #expect(library.warnings.first?.path == folder.path + "/bbb.csv")
}

@Test func loadsOneLongFileWithATickerColumn() throws {
    let folder = try TemporaryFolder()
    defer { folder.remove() }
    let path = try folder.write(
        "prices.csv",
        "Date,Ticker,Close,Adj Close\n2023-01-04,aaa,11,10\n2023-01-03,BBB,5,5\n2023-01-03,AAA,10,9\n")
    let library = try PriceLibrary.load(file: path)
    #expect(library.tickers == ["AAA", "BBB"])
    #expect(library["AAA"]?.prices == [9, 10])
    #expect(library.warnings.map(\.line) == [4])  // AAA's rows were out of order
}

@Test func aBrokenFileInAFolderNamesItsLine() throws {
    let folder = try TemporaryFolder()
    defer { folder.remove() }
    try folder.write("AAA.csv", "Date,Close\n2023-01-03,10\n")
    let bad = try folder.write("BAD.csv", "Date,Close\n2023-01-03,10\n2023-01-04,ten\n")
    #expect(throws: PriceFileError(path: bad, line: 3, kind: .invalidNumber(column: "Close", text: "ten"))) {
        _ = try PriceLibrary.load(folder: folder.path)
    }
}

@Test func theSameTickerInTwoFilesIsAnError() throws {
    let folder = try TemporaryFolder()
    defer { folder.remove() }
    let first = try folder.write("AAA.csv", "Date,Close\n2023-01-03,10\n")
    let second = try folder.write("aaa.csv.csv", "Ticker,Date,Close\nAAA,2023-01-03,10\n")
    #expect(throws: PriceFileError(path: second, line: nil, kind: .duplicateTicker(ticker: "AAA", otherFile: first))) {
        _ = try PriceLibrary.load(folder: folder.path)
    }
}

@Test func aFolderWithoutPriceFilesIsAnError() throws {
    let folder = try TemporaryFolder()
    defer { folder.remove() }
    #expect(throws: PriceFileError(path: folder.path, line: nil, kind: .noPriceFiles)) {
        _ = try PriceLibrary.load(folder: folder.path)
    }
}
