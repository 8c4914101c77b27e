import FTMarket
import FTTestSupport
import Testing

private func load(_ text: String, maximumGapDays: Int = 7) throws -> (PriceHistory?, [PriceFileWarning], String) {
    let folder = try TemporaryFolder()
    defer { folder.remove() }
    let path = try folder.write("XYZ.csv", text)
    let library = try PriceLibrary.load(file: path, maximumGapDays: maximumGapDays)
    return (library["XYZ"], library.warnings, path)
}

@Test func missingValuesAreSkippedWithTheirLine() throws {
    let (history, warnings, path) = try load(
        "Date,Close,Adj Close\n2023-01-03,1,1\n2023-01-04,null,null\n2023-01-05,2,\n2023-01-06,3,NaN\n2023-01-09,4,4\n")
    #expect(history?.days == [day("2023-01-03"), day("2023-01-09")])
    #expect(warnings.map(\.line) == [3, 4, 5])
    #expect(
        warnings.allSatisfy { $0.kind == .missingValue(column: "Adj Close") && $0.path == path && $0.ticker == "XYZ" })
}

@Test func nonPositivePricesAreSkipped() throws {
    let (history, warnings, _) = try load("Date,Close\n2023-01-03,1\n2023-01-04,0\n2023-01-05,-2.5\n")
    #expect(history?.prices == [1])
    #expect(warnings.map(\.line) == [3, 4])
    #expect(warnings.last?.kind == .nonPositivePrice(column: "Close", value: -2.5))
}

@Test func unsortedRowsAreSortedAndReported() throws {
    let (history, warnings, _) = try load("Date,Close\n2023-01-05,3\n2023-01-03,1\n2023-01-04,2\n")
    #expect(history?.prices == [1, 2, 3])
    #expect(warnings.count == 1)
    #expect(warnings.first?.kind == .unsorted && warnings.first?.line == 3)
}

@Test func duplicateDatesIdenticalKeepOneConflictingDropBoth() throws {
    let (history, warnings, _) = try load(
        "Date,Close\n2023-01-03,1\n2023-01-03,1\n2023-01-04,2\n2023-01-05,3\n2023-01-04,2.5\n")
    #expect(history?.days == [day("2023-01-03"), day("2023-01-05")])
    #expect(history?.prices == [1, 3])
    let duplicates = warnings.filter { if case .duplicateDate = $0.kind { return true } else { return false } }
    #expect(duplicates.map(\.line) == [3, 6])
    #expect(duplicates[0].kind == .duplicateDate(day("2023-01-03"), firstLine: 2, identical: true))
    #expect(duplicates[1].kind == .duplicateDate(day("2023-01-04"), firstLine: 4, identical: false))
    #expect(warnings.contains { $0.kind == .unsorted && $0.line == 6 })
}

@Test func gapsLongerThanTheLimitAreReported() throws {
    // Friday to Monday (3 days) is normal; 2023-01-09 → 2023-01-20 (11 days) is a gap.
    let (_, warnings, _) = try load("Date,Close\n2023-01-06,1\n2023-01-09,1\n2023-01-20,1\n")
    #expect(
        warnings == [
            PriceFileWarning(
                path: warnings.first?.path ?? "", line: 4, ticker: "XYZ",
                kind: .gap(from: day("2023-01-09"), to: day("2023-01-20")))
        ])
    #expect(try load("Date,Close\n2023-01-06,1\n2023-01-09,1\n2023-01-20,1\n", maximumGapDays: 14).1.isEmpty)
}

@Test func headerOnlyFileLoadsNoTickerAndSaysSo() throws {
    let (history, warnings, _) = try load("Date,Close\n")
    #expect(history == nil)
    #expect(warnings.map(\.kind) == [.noPrices])
    #expect(warnings.first?.line == 1)
}

@Test func warningDescriptionNamesFileAndLine() {
    let w = PriceFileWarning(path: "A.csv", line: 3, ticker: "A", kind: .missingValue(column: "Close"))
    #expect(w.description == "A.csv:3: warning: missing Close value; row skipped")
}
