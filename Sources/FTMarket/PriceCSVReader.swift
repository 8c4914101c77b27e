import FTIO
import Foundation

#if canImport(Glibc)
    import Glibc
#elseif canImport(Darwin)
    import Darwin
#endif

/// The price CSV parser behind `PriceHistory.load(file:)` and `PriceLibrary`: works on bytes, one pass,
/// no per-row allocation except for the price text of each row.
struct PriceCSVReader: Sendable {
    /// Gaps longer than this many calendar days between consecutive rows are reported.
    var maximumGapDays: Int

    /// What one file yielded.
    struct Contents {
        var histories: [PriceHistory]
        var warnings: [PriceFileWarning]
    }

    private struct Row {
        var day: CalendarDay
        var price: Double
        var line: Int
    }

    /// "A.csv", "/x/brk-b.csv.gz" → "A", "BRK-B".
    static func ticker(fromFileName path: String) -> String {
        var name = Substring(path.split(separator: "/").last ?? Substring(path))
        for suffix in [".gz", ".csv", ".CSV", ".txt"] where name.hasSuffix(suffix) {
            name = name.dropLast(suffix.count)
        }
        return name.uppercased()
    }

    /// Header names compared case-insensitively, ignoring spaces, underscores and dashes.
    private static func normalized(_ name: Substring) -> String {
        String(name.lowercased().filter { $0 != " " && $0 != "_" && $0 != "-" })
    }

    func read(path: String, defaultTicker: String) throws(PriceFileError) -> Contents {
        let bytes: [UInt8]
        do {
            bytes = try FileData.read(path)
        } catch {
            throw PriceFileError(path: path, line: nil, kind: .unreadable(reason: error.reason))
        }
        return try parse(bytes, path: path, defaultTicker: defaultTicker)
    }

    func parse(_ bytes: [UInt8], path: String, defaultTicker: String) throws(PriceFileError) -> Contents {
        var body = bytes[...]
        if body.starts(with: [0xEF, 0xBB, 0xBF]) { body = body.dropFirst(3) }
        if let bad = UTF8Validation.firstInvalidOffset(body) {
            let line = body[body.startIndex..<bad].reduce(1) { $0 + ($1 == 0x0A ? 1 : 0) }
            throw PriceFileError(path: path, line: line, kind: .unreadable(reason: "invalid UTF-8"))
        }
        var rowsByTicker: [String: [Row]] = [:]
        var tickerOrder: [String] = []
        var warnings: [PriceFileWarning] = []
        var headerLine = 0
        var columnNames: [String] = []
        var dateColumn = -1
        var priceColumn = -1
        var tickerColumn = -1
        var column = PriceColumn.close
        var singleTickerRows: [Row] = []
        var fieldStarts = [Int]()
        var fieldEnds = [Int]()

        try body.withUnsafeBufferPointer { (buffer: UnsafeBufferPointer<UInt8>) throws(PriceFileError) in
            let n = buffer.count
            var lineNumber = 0
            var position = 0
            while position < n {
                lineNumber += 1
                var end = position
                while end < n && buffer[end] != 0x0A { end += 1 }
                let next = end + 1
                var lineEnd = end
                if lineEnd > position && buffer[lineEnd - 1] == 0x0D { lineEnd -= 1 }
                defer { position = next }
                // Split into trimmed, unquoted fields.
                fieldStarts.removeAll(keepingCapacity: true)
                fieldEnds.removeAll(keepingCapacity: true)
                var start = position
                var allBlank = true
                for i in position...lineEnd {
                    if i == lineEnd || buffer[i] == UInt8(ascii: ",") {
                        var a = start
                        var b = i
                        while a < b && (buffer[a] == 0x20 || buffer[a] == 0x09) { a += 1 }
                        while b > a && (buffer[b - 1] == 0x20 || buffer[b - 1] == 0x09) { b -= 1 }
                        if b - a >= 2 && buffer[a] == 0x22 && buffer[b - 1] == 0x22 {
                            a += 1
                            b -= 1
                        }
                        if b > a { allBlank = false }
                        fieldStarts.append(a)
                        fieldEnds.append(b)
                        start = i + 1
                    }
                }
                if allBlank && fieldStarts.count == 1 { continue }  // blank line
                func text(_ f: Int) -> Substring {
                    Substring(
                        String(
                            decoding: UnsafeBufferPointer(rebasing: buffer[fieldStarts[f]..<fieldEnds[f]]),
                            as: UTF8.self))
                }
                if headerLine == 0 {
                    headerLine = lineNumber
                    columnNames = (0..<fieldStarts.count).map { String(text($0)) }
                    var seen: [String: Int] = [:]
                    for (i, name) in columnNames.enumerated() {
                        let key = PriceCSVReader.normalized(Substring(name))
                        if seen[key] != nil {
                            throw PriceFileError(path: path, line: lineNumber, kind: .duplicateColumn(name))
                        }
                        seen[key] = i
                    }
                    guard let d = seen["date"] else {
                        throw PriceFileError(path: path, line: lineNumber, kind: .missingColumn("Date"))
                    }
                    dateColumn = d
                    if let a = seen["adjclose"] {
                        priceColumn = a
                        column = .adjustedClose
                    } else if let c = seen["close"] {
                        priceColumn = c
                        column = .close
                    } else {
                        throw PriceFileError(path: path, line: lineNumber, kind: .missingColumn("Close or Adj Close"))
                    }
                    tickerColumn = seen["ticker"] ?? seen["symbol"] ?? -1
                    continue
                }
                guard fieldStarts.count == columnNames.count else {
                    throw PriceFileError(
                        path: path, line: lineNumber,
                        kind: .wrongFieldCount(expected: columnNames.count, found: fieldStarts.count))
                }
                // Date: YYYY-MM-DD, optionally followed by a time ("2023-01-03 00:00:00-05:00").
                var dateEnd = fieldEnds[dateColumn]
                let dateStart = fieldStarts[dateColumn]
                if dateEnd - dateStart > 10
                    && (buffer[dateStart + 10] == UInt8(ascii: " ") || buffer[dateStart + 10] == UInt8(ascii: "T"))
                {
                    dateEnd = dateStart + 10
                }
                guard let day = CalendarDay.parse(UnsafeBufferPointer(rebasing: buffer[dateStart..<dateEnd])) else {
                    throw PriceFileError(path: path, line: lineNumber, kind: .invalidDate(String(text(dateColumn))))
                }
                var ticker = defaultTicker
                if tickerColumn >= 0 {
                    ticker = text(tickerColumn).uppercased()
                    if ticker.isEmpty { throw PriceFileError(path: path, line: lineNumber, kind: .missingTicker) }
                }
                let priceBytes = UnsafeBufferPointer(
                    rebasing: buffer[fieldStarts[priceColumn]..<fieldEnds[priceColumn]])
                if let price = PriceCSVReader.parsePlainDecimal(priceBytes) {
                    // Fast path: most prices are plain decimals ("123.456").
                    if PriceHistory.plausiblePrices.contains(price) {
                        if tickerColumn < 0 {
                            singleTickerRows.append(Row(day: day, price: price, line: lineNumber))
                        } else {
                            if rowsByTicker[ticker] == nil { tickerOrder.append(ticker) }
                            rowsByTicker[ticker, default: []].append(Row(day: day, price: price, line: lineNumber))
                        }
                        continue
                    }
                }
                var parsed: Double? = nil
                if PriceCSVReader.looksNumeric(priceBytes) {
                    parsed = PriceCSVReader.parseGeneral(priceBytes)
                } else if PriceCSVReader.isMissing(text(priceColumn)) {
                    warnings.append(
                        PriceFileWarning(
                            path: path, line: lineNumber, ticker: ticker,
                            kind: .missingValue(column: column.rawValue), day: day))
                    continue
                }
                guard let price = parsed, price.isFinite else {
                    throw PriceFileError(
                        path: path, line: lineNumber,
                        kind: .invalidNumber(column: columnNames[priceColumn], text: String(text(priceColumn))))
                }
                if price <= 0 {
                    warnings.append(
                        PriceFileWarning(
                            path: path, line: lineNumber, ticker: ticker,
                            kind: .nonPositivePrice(column: column.rawValue, value: price), day: day))
                    continue
                }
                if !PriceHistory.plausiblePrices.contains(price) {
                    warnings.append(
                        PriceFileWarning(
                            path: path, line: lineNumber, ticker: ticker,
                            kind: .implausiblePrice(column: column.rawValue, value: price), day: day))
                    continue
                }
                if tickerColumn < 0 {
                    singleTickerRows.append(Row(day: day, price: price, line: lineNumber))
                } else {
                    if rowsByTicker[ticker] == nil { tickerOrder.append(ticker) }
                    rowsByTicker[ticker, default: []].append(Row(day: day, price: price, line: lineNumber))
                }
            }
        }
        if !singleTickerRows.isEmpty {
            tickerOrder.append(defaultTicker)
            rowsByTicker[defaultTicker] = singleTickerRows
        }
        if headerLine == 0 { throw PriceFileError(path: path, line: nil, kind: .empty) }
        if tickerOrder.isEmpty {
            warnings.append(PriceFileWarning(path: path, line: headerLine, ticker: defaultTicker, kind: .noPrices))
        }
        var histories: [PriceHistory] = []
        for ticker in tickerOrder.sorted() {
            guard let rows = rowsByTicker[ticker] else { continue }
            if let history = clean(
                rows, ticker: ticker, column: column, path: path, headerLine: headerLine, warnings: &warnings)
            {
                histories.append(history)
            }
        }
        return Contents(histories: histories, warnings: warnings)
    }

    /// Sorts, resolves duplicate dates and reports gaps for one ticker's rows.
    private func clean(
        _ input: [Row], ticker: String, column: PriceColumn, path: String, headerLine: Int,
        warnings: inout [PriceFileWarning]
    ) -> PriceHistory? {
        var rows = input
        if let firstOutOfOrder = rows.indices.dropFirst().first(where: { rows[$0].day < rows[$0 - 1].day }) {
            warnings.append(
                PriceFileWarning(path: path, line: rows[firstOutOfOrder].line, ticker: ticker, kind: .unsorted))
            rows.sort { ($0.day, $0.line) < ($1.day, $1.line) }
        }
        var days: [CalendarDay] = []
        var prices: [Double] = []
        days.reserveCapacity(rows.count)
        prices.reserveCapacity(rows.count)
        var i = 0
        while i < rows.count {
            var j = i + 1
            var identical = true
            while j < rows.count && rows[j].day == rows[i].day {
                identical = identical && rows[j].price == rows[i].price
                j += 1
            }
            for k in (i + 1)..<max(j, i + 1) {
                warnings.append(
                    PriceFileWarning(
                        path: path, line: rows[k].line, ticker: ticker,
                        kind: .duplicateDate(rows[i].day, firstLine: rows[i].line, identical: identical),
                        day: identical ? nil : rows[i].day))
            }
            if identical {
                if let last = days.last, last.distance(to: rows[i].day) > maximumGapDays {
                    warnings.append(
                        PriceFileWarning(
                            path: path, line: rows[i].line, ticker: ticker, kind: .gap(from: last, to: rows[i].day)))
                }
                days.append(rows[i].day)
                prices.append(rows[i].price)
            }
            i = j
        }
        if days.isEmpty {
            warnings.append(PriceFileWarning(path: path, line: headerLine, ticker: ticker, kind: .noPrices))
            return nil
        }
        return PriceHistory(ticker: ticker, days: days, prices: prices, column: column, source: path)
    }

    /// Parses `[-]digits[.digits]` with at most 15 significant digits exactly (one correctly rounded
    /// division of two exactly representable integers, the same double `strtod` returns); nil for
    /// anything else (exponents, long mantissas, markers), which takes the general path.
    static func parsePlainDecimal(_ bytes: UnsafeBufferPointer<UInt8>) -> Double? {
        var i = 0
        var negative = false
        if i < bytes.count && bytes[i] == UInt8(ascii: "-") {
            negative = true
            i += 1
        }
        var mantissa: UInt64 = 0
        var digits = 0
        var fractionDigits = 0
        var seenPoint = false
        var any = false
        while i < bytes.count {
            let b = bytes[i]
            if b == UInt8(ascii: ".") {
                if seenPoint { return nil }
                seenPoint = true
            } else if b >= UInt8(ascii: "0") && b <= UInt8(ascii: "9") {
                any = true
                if mantissa != 0 || b != UInt8(ascii: "0") { digits += 1 }
                if digits > 15 { return nil }
                mantissa = mantissa * 10 + UInt64(b - UInt8(ascii: "0"))
                if seenPoint { fractionDigits += 1 }
            } else {
                return nil
            }
            i += 1
        }
        guard any, fractionDigits <= 22 else { return nil }
        // Both operands are exact (mantissa < 2^53, 10^k exact for k ≤ 22): IEEE division rounds once.
        let value = Double(mantissa) / powersOfTen[fractionDigits]
        return negative ? -value : value
    }

    private static let powersOfTen: [Double] = (0...22).map { k in
        var p = 1.0
        for _ in 0..<k { p *= 10 }
        return p
    }

    static func isMissing(_ text: Substring) -> Bool {
        switch text {
        case "", "null", "NULL", "Null", "nan", "NaN", "NAN", "NA", "N/A", "n/a", "-": return true
        default: return false
        }
    }

    /// Plain decimal or scientific notation only (no hex floats, no "inf").
    static func looksNumeric(_ bytes: UnsafeBufferPointer<UInt8>) -> Bool {
        var digits = false
        for byte in bytes {
            switch byte {
            case UInt8(ascii: "0")...UInt8(ascii: "9"): digits = true
            case UInt8(ascii: "."), UInt8(ascii: "-"), UInt8(ascii: "+"), UInt8(ascii: "e"), UInt8(ascii: "E"): break
            default: return false
            }
        }
        return digits
    }

    /// `strtod` over exactly these bytes (C locale, correctly rounded, as `Double(String)`); nil unless
    /// every byte is consumed.
    static func parseGeneral(_ bytes: UnsafeBufferPointer<UInt8>) -> Double? {
        withUnsafeTemporaryAllocation(of: CChar.self, capacity: bytes.count + 1) { buffer -> Double? in
            for i in 0..<bytes.count { buffer[i] = CChar(bitPattern: bytes[i]) }
            buffer[bytes.count] = 0
            guard let base = buffer.baseAddress else { return nil }
            var end: UnsafeMutablePointer<CChar>? = nil
            let value = strtod(base, &end)
            guard let end, end - base == bytes.count else { return nil }
            return value
        }
    }
}
