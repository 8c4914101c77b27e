import FinText
import Foundation
import FuzzSupport

/// The settings every input is encoded with: 2 bins over all filings, one worker.
private let options: CorpusEncoder.Options = {
    var options = CorpusEncoder.Options()
    options.preparation.bins = 2
    options.workers = 1
    return options
}()

/// `part.json` as `CorpusEncoder` writes it (its `Plan`): one part of one, one unit of three inputs.
private struct Plan: Encodable {
    struct Input: Encodable {
        var key: String
        var line: Int?
        var path: String
    }
    var selection = ShardSelection.all
    var settings = options.settings
    var units = [
        (1...3).map { (k: Int) in Input(key: "0000000000-23-00000\(k)", line: k, path: "/dev/null/sections.jsonl") }
    ]
}

/// A unit's `unit-NNNNN.json` as pass 1 writes it (`CorpusEncoder.UnitResult`, internal).
private struct Unit: Encodable {
    struct Filing: Encodable {
        var id, cik, company, industry: String
        var sections: [String]
        var result: EventReturn
        var input: Int
    }
    var counts: WordCounts
    var filings: [Filing]
    var skipped: [String] = []
    var dropped: [String] = []
    var inputBytes = 1234
    var unresolved: [String] = []
    var wordsAfterFiling: [Int]
}

private func json(_ value: some Encodable) -> [UInt8] {
    let encoder = JSONEncoder()
    encoder.outputFormatting = [.sortedKeys]
    guard let data = try? encoder.encode(value) else { fatalError("fuzz harness: cannot encode \(value)") }
    return Array(data)
}

private let planBytes = json(Plan())
private let textsSeparator = Array("\n==TEXTS==\n".utf8)
private let planSeparator = Array("\n==PLAN==\n".utf8)

/// A valid unit of three filings of two sections each, its texts, and the separators: the seed.
private func validInput() -> [UInt8] {
    var tokenizer = Tokenizer()
    var texts: [UInt8] = []
    var filings: [Unit.Filing] = []
    var wordsAfter: [Int] = []
    for k in 0..<3 {
        let day = CalendarDay(year: 2023, month: 3, day: 1 + k)!
        let id = "0000000000-23-00000\(k + 1)"
        for section in ["1A", "7"] {
            var text = "t\(k) item \(section) revenue grew \(k) times while risk \(section == "7" ? "fell" : "rose")"
            text.withUTF8 { bytes in
                tokenizer.fit(document: bytes)
                withUnsafeBytes(of: UInt32(bytes.count).littleEndian) { texts += $0 }
                texts += bytes
            }
        }
        filings.append(
            Unit.Filing(
                id: id, cik: "\(100 + k)", company: "Company \(k)", industry: "3571", sections: ["1A", "7"],
                result: EventReturn(
                    event: FilingEvent(id: id, ticker: "T\(k)", filingDate: day),
                    window: EventWindow(start: day, end: CalendarDay(year: 2023, month: 4, day: 1 + k)!),
                    raw: 0.02 * Double(k) - 0.01, benchmark: 0.005),
                input: k))
        wordsAfter.append(tokenizer.vocabularyCount)
    }
    let unit = Unit(counts: tokenizer.fittedCounts, filings: filings, wordsAfterFiling: wordsAfter)
    return json(unit) + textsSeparator + texts + planSeparator + planBytes
}

@_cdecl("LLVMFuzzerInitialize")
public func initializeEncodeUnit(
    _ argc: UnsafeMutablePointer<CInt>,
    _ argv: UnsafeMutablePointer<UnsafeMutablePointer<UnsafeMutablePointer<CChar>?>?>
) -> CInt {
    FuzzSeed.writeIfRequested(validInput)
    return 0
}

/// The bytes before and after the first `separator` in `bytes` (all of them and nil when it is absent).
private func split(_ bytes: ArraySlice<UInt8>, at separator: [UInt8]) -> (ArraySlice<UInt8>, ArraySlice<UInt8>?) {
    guard bytes.count >= separator.count else { return (bytes, nil) }
    var i = bytes.startIndex
    while i + separator.count <= bytes.endIndex {
        if bytes[i..<(i + separator.count)].elementsEqual(separator) {
            return (bytes[..<i], bytes[(i + separator.count)...])
        }
        i += 1
    }
    return (bytes, nil)
}

/// `encode`'s staged pass-1 results, which a rerun resumes from and `encode --merge` reads from other
/// processes' part folders: a part folder holding the input's `unit-00000.json`, then (after
/// `\n==TEXTS==\n`) its `unit-00000.texts`, then (after `\n==PLAN==\n`, else a valid plan) its `part.json`;
/// `CorpusEncoder.merge(parts:)` (plans, units, word counts, returns) and `CorpusEncoder.finish` (labels,
/// vocabulary, pass 2 over the texts, the dataset written), and the dataset it writes must open.
@_cdecl("LLVMFuzzerTestOneInput")
public func fuzzEncodeUnit(_ data: UnsafePointer<UInt8>, _ size: Int) -> CInt {
    let input = FuzzFile.bytes(data, size)
    let (rest, plan) = split(input[...], at: planSeparator)
    let (unit, texts) = split(rest, at: textsSeparator)
    let part = FuzzFile.folder + "/part"
    let out = FuzzFile.folder + "/encoded"
    for folder in [part, out, out + ".partial"] { try? FileManager.default.removeItem(atPath: folder) }
    try? FileManager.default.createDirectory(atPath: part, withIntermediateDirectories: true)
    FuzzFile.write(plan ?? planBytes[...], name: "part/part.json")
    FuzzFile.write(unit, name: "part/unit-00000.json")
    FuzzFile.write(texts ?? [], name: "part/unit-00000.texts")
    guard let merged = try? CorpusEncoder.merge(parts: [part]),
        (try? CorpusEncoder.finish(parts: [part], merged: merged, out: out, options: options)) != nil
    else { return 0 }
    do { _ = try TokenDataset(folder: out) } catch {
        preconditionFailure("encode wrote a dataset it cannot open: \(error)")
    }
    return 0
}
