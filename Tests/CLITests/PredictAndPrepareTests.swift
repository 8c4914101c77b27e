import FTTestSupport
import Foundation
import Testing

private let executable = trainClassifier

/// A tiny corpus and a model trained on it, shared by the tests below.
private struct TrainedTinyModel {
    let corpus: TinyCorpus.Paths
    let model: String
    let trainErrors: String

    init() throws {
        corpus = try TinyCorpus.write()
        let dataset = corpus.folder + "/dataset.jsonl"
        let prepare = try cli(["prepare", "--filings", corpus.sections, "--prices", corpus.prices, "--out", dataset])
        guard prepare.status == 0 else { throw CocoaError(.fileReadCorruptFile) }
        model = corpus.folder + "/model"
        // Default progress (bar), standard error a pipe: lines, not carriage returns.
        let train = try cli(["train", "--data", dataset, "--config", corpus.config, "--out", model])
        guard train.status == 0 else { throw CocoaError(.fileWriteUnknown) }
        trainErrors = train.errors
    }

    func remove() { try? FileManager.default.removeItem(atPath: corpus.folder) }
}

@Suite(
    "predict flags, filing rows, folders and offsets; prepare's reasons; progress", .serialized,
    .enabled(if: ExecutableRunner.shouldRun(executable), "train-classifier is not built (run `swift build` first)"))
struct PredictAndPrepareTests {
    @Test("training progress written to a pipe is lines without carriage returns, with stage messages")
    func progressLinesWhenNotATerminal() throws {
        let tiny = try TrainedTinyModel()
        defer { tiny.remove() }
        #expect(!tiny.trainErrors.contains("\r"), "carriage returns in a redirected log")
        #expect(tiny.trainErrors.contains("Epoch 1/3 - "))
        for stage in ["Loading word vectors", "Cleaning and tokenizing", "Writing the report"] {
            #expect(tiny.trainErrors.contains(stage), "no progress for: \(stage)")
        }
    }

    @Test("predict flags doubtful and nearly empty sections in every format, refuses them with --strict")
    func flagsAndStrict() throws {
        let tiny = try TrainedTinyModel()
        defer { tiny.remove() }
        // Item 1A is two words long: nearly empty for the model.
        let thin = tiny.corpus.folder + "/thin-10k.txt"
        let words = (TinyCorpus.upWords + TinyCorpus.fillerWords).joined(separator: " ")
        try
            ("ITEM 1. BUSINESS\n\n" + String(repeating: words + " ", count: 12) + "\n\nITEM 1A. RISK FACTORS\n\n"
            + "growth demand\n\nITEM 2. PROPERTIES\n\nWe lease offices.\n").write(
                toFile: thin, atomically: true, encoding: .utf8)

        let table = try cli(["predict", "--model", tiny.model, thin])
        #expect(table.status == 0, "\(table.errors)")
        #expect(table.output.contains("\(thin)#1A") && table.output.contains("! \(thin)#1A: nearly empty"))
        #expect(!table.output.contains("! \(thin)#1: "), "the full Item 1 is flagged")
        #expect(table.output.contains("\(thin) (filing)"))

        let json = try cli(["predict", "--model", tiny.model, "--format", "json", thin])
        #expect(json.status == 0, "\(json.errors)")
        let objects = try json.output.split(separator: "\n").map {
            try #require(try JSONSerialization.jsonObject(with: Data($0.utf8)) as? [String: Any])
        }
        let risk = try #require(objects.first { $0["id"] as? String == "\(thin)#1A" })
        #expect((risk["warnings"] as? [String])?.contains { $0.hasPrefix("nearly empty") } == true)
        let filing = try #require(objects.first { $0["level"] as? String == "filing" })
        // The filing's probabilities are those of its one unflagged section (decision 0122).
        let business = try #require(objects.first { $0["id"] as? String == "\(thin)#1" })
        #expect(filing["probabilities"] as? [Double] == business["probabilities"] as? [Double])
        #expect(filing["combined"] as? [String] == ["\(thin)#1"])

        let csv = try cli(["predict", "--model", tiny.model, "--format", "csv", thin])
        #expect(csv.status == 0, "\(csv.errors)")
        let rows = csv.output.split(separator: "\n")
        #expect(rows.first?.hasSuffix(",warnings") == true && rows.first?.contains("ticker,cik,period") == true)
        #expect(rows.contains { $0.contains("#1A,") && $0.contains("nearly empty") })

        let strict = try cli(["predict", "--model", tiny.model, "--strict", thin])
        #expect(strict.status != 0 && strict.output.isEmpty)
        #expect(strict.errors.contains("--strict: \(thin)#1A: "), "\(strict.errors)")
        #expect(strict.errors.contains("nearly empty: the model read only"), "\(strict.errors)")
        let clean = try cli(["predict", "--model", tiny.model, "--strict", tiny.corpus.plainFiling])
        #expect(clean.status == 0, "\(clean.errors)")
    }

    @Test("predict reads folders, uses the index's then the filing's ticker, and quotes CSV fields per RFC 4180")
    func foldersTickerAndCSV() throws {
        let tiny = try TrainedTinyModel()
        defer { tiny.remove() }
        let folder = tiny.corpus.folder + "/new filings"
        try FileManager.default.createDirectory(atPath: folder, withIntermediateDirectories: true)
        let plain = try String(contentsOfFile: tiny.corpus.plainFiling, encoding: .utf8)
        let awkward = "a \"quoted\", name.txt"
        try plain.write(toFile: folder + "/" + awkward, atomically: true, encoding: .utf8)
        try plain.write(toFile: folder + "/b.txt", atomically: true, encoding: .utf8)
        try "file,ticker,cik\nb.txt,bbb,42\n".write(toFile: folder + "/INDEX.csv", atomically: true, encoding: .utf8)

        let csv = try cli([
            "predict", "--model", tiny.model, "--format", "csv", "--index", folder + "/INDEX.csv", "--ticker", "zzz",
            folder,
        ])
        #expect(csv.status == 0, "\(csv.errors)")
        let table = try CSVRows.parse(csv.output)
        #expect(table.count == 1 + 2 * 3, "two filings × (two sections + the filing)")
        let header = table[0]
        let id = try #require(header.firstIndex(of: "id"))
        let ticker = try #require(header.firstIndex(of: "ticker"))
        let cik = try #require(header.firstIndex(of: "cik"))
        #expect(table[1][id] == "\(folder)/\(awkward)#1", "the quoted field reads back whole")
        #expect(table[1][ticker] == "ZZZ", "no index entry, no dei:TradingSymbol: --ticker")
        let b = try #require(table.first { $0[id] == "\(folder)/b.txt" })
        #expect(b[ticker] == "BBB" && b[cik] == "42")

        // A filing that states its ticker (dei:TradingSymbol) uses it when the index gives none.
        let shared = try #require(Fixtures.sharedData, "the shared data folder is missing")
        let ge = try cli([
            "predict", "--model", tiny.model, "--format", "json",
            shared.appendingPathComponent("filings-xref/40545_0000040545-24-000027.htm.gz").path,
        ])
        #expect(ge.status == 0, "\(ge.errors)")
        #expect(ge.output.contains("\"ticker\":\"GE\"") && ge.output.contains("\"period\":\"2023-12-31\""))
    }

    @Test("explanation passages carry character offsets into the filing's text")
    func explanationOffsets() throws {
        let tiny = try TrainedTinyModel()
        defer { tiny.remove() }
        let path = tiny.corpus.plainFiling
        let json = try cli(["predict", "--model", tiny.model, "--explain", "--format", "json", path])
        #expect(json.status == 0, "\(json.errors)")
        let extract = try cli(["extract", "--format", "json", path])
        let items = try #require(
            (try JSONSerialization.jsonObject(with: Data(extract.output.utf8)) as? [String: Any])?["items"]
                as? [String: [String: Any]])
        // The filing's text as the reader sees it: the section texts at their offsets.
        var seen = 0
        for line in json.output.split(separator: "\n") {
            let object = try #require(try JSONSerialization.jsonObject(with: Data(line.utf8)) as? [String: Any])
            guard let explanation = object["explanation"] as? [String: Any], let section = object["section"] as? String
            else { continue }
            let item = try #require(items[section])
            let start = try #require(item["start"] as? Int)
            let text = Array(try #require(item["text"] as? String).unicodeScalars)
            for passage in (explanation["supporting"] as? [[String: Any]] ?? []) {
                let from = try #require(passage["characterStart"] as? Int) - start
                let to = try #require(passage["characterEnd"] as? Int) - start
                let original = String(String.UnicodeScalarView(text[from..<to])).lowercased()
                let keyWords = try #require(passage["keyWords"] as? [String])
                let lastWord = try #require(keyWords.last)
                #expect(original.hasSuffix(lastWord), "\(original) does not end with \(lastWord)")
                seen += 1
            }
        }
        #expect(seen > 0)
    }

    @Test("prepare names every skipped filing and the tickers without prices, also when nothing is labelled")
    func prepareReasons() throws {
        let corpus = try TinyCorpus.write(filings: 6)
        defer { try? FileManager.default.removeItem(atPath: corpus.folder) }
        let lines = [
            #"{"accession": "N1", "ticker": "T00", "sections": {"1": "text"}}"#,
            #"{"accession": "N2", "ticker": "NOPRICE", "filing_date": "2023-03-01", "sections": {"1": "text"}}"#,
        ]
        let bad = corpus.folder + "/bad.jsonl"
        try lines.joined(separator: "\n").write(toFile: bad, atomically: true, encoding: .utf8)
        let out = corpus.folder + "/d.jsonl"
        let failed = try cli(["prepare", "--filings", bad, "--prices", corpus.prices, "--out", out])
        #expect(failed.status != 0)
        #expect(failed.errors.contains("\(bad):1: no filing date"), "\(failed.errors)")
        #expect(failed.errors.contains("no usable prices for NOPRICE"), "\(failed.errors)")

        let mixed = try cli(["prepare", "--filings", corpus.sections, bad, "--prices", corpus.prices, "--out", out])
        #expect(mixed.status == 0, "\(mixed.errors)")
        #expect(mixed.output.contains("\(bad):1: no filing date"))
        #expect(mixed.output.contains("Tickers with no usable prices: NOPRICE"))
        #expect(mixed.output.contains("low (0): ") && mixed.output.contains("high (2): "), "\(mixed.output)")
    }

    @Test(
        "predict, prepare and encode print what the extractor could not resolve on standard error, with the file name")
    func extractorWarningsOnStandardError() throws {
        let tiny = try TrainedTinyModel()
        defer { tiny.remove() }
        // Item 7 points to the annual report to shareholders (Exhibit 13), which is not in this file.
        let filing = tiny.corpus.folder + "/incorporated-10k.txt"
        let words = (TinyCorpus.upWords + TinyCorpus.fillerWords).joined(separator: " ")
        try
            ("ITEM 1. BUSINESS\n\n" + String(repeating: words + " ", count: 12)
            + "\n\nITEM 7. MANAGEMENT'S DISCUSSION AND ANALYSIS\n\nThe information required by this item is included "
            + "on pages 12 through 30 of the Annual Report to Shareholders and is incorporated herein by reference.\n\n"
            + "ITEM 8. FINANCIAL STATEMENTS\n\nSee the Annual Report to Shareholders.\n").write(
                toFile: filing, atomically: true, encoding: .utf8)
        let expected =
            "warning: \(filing): Item 7: incorporated by reference to pages 12-30 of the annual report to "
            + "shareholders (EX-13), which is not in this file"

        let predicted = try cli(["predict", "--model", tiny.model, filing])
        #expect(predicted.status == 0, "\(predicted.errors)")
        #expect(predicted.errors.contains(expected), "\(predicted.errors)")
        #expect(!predicted.output.contains("warning: "), "warnings stay off standard output")

        let index = tiny.corpus.folder + "/index.csv"
        try "file,ticker,filing_date,cik\nincorporated-10k.txt,T01,2023-03-15,1001\n".write(
            toFile: index, atomically: true, encoding: .utf8)
        let out = tiny.corpus.folder + "/with-raw.jsonl"
        let prepared = try cli([
            "prepare", "--filings", tiny.corpus.sections, filing, "--index", index, "--prices", tiny.corpus.prices,
            "--out", out,
        ])
        #expect(prepared.status == 0, "\(prepared.errors)")
        #expect(prepared.errors.contains(expected), "\(prepared.errors)")

        // encode reads filings as prepare does, and says the same.
        let encoded = try cli([
            "encode", "--filings", tiny.corpus.sections, filing, "--index", index, "--prices", tiny.corpus.prices,
            "--out", tiny.corpus.folder + "/tokens",
        ])
        #expect(encoded.status == 0, "\(encoded.errors)")
        #expect(encoded.errors.contains(expected), "\(encoded.errors)")
        #expect(!encoded.output.contains("warning: \(filing)"), "warnings stay off standard output")
    }

    @Test("vectors --neighbors with an upper-case word suggests the lower-case one")
    func neighboursSuggestLowerCase() throws {
        let corpus = try TinyCorpus.write(filings: 2)
        defer { try? FileManager.default.removeItem(atPath: corpus.folder) }
        let result = try cli(["vectors", corpus.embeddings, "--neighbors", "GROWTH", "--cache", "off"])
        #expect(result.status != 0)
        #expect(result.errors.contains("try --neighbors growth"), "\(result.errors)")
    }

    @Test("the word-vector cache goes to $XDG_CACHE_HOME/fintext (or --cache-dir), not beside the source")
    func vectorCacheFolder() throws {
        let corpus = try TinyCorpus.write(filings: 2)
        defer { try? FileManager.default.removeItem(atPath: corpus.folder) }
        let binary = try #require(executable)
        var environment = ProcessInfo.processInfo.environment
        environment["XDG_CACHE_HOME"] = corpus.folder + "/xdg"
        let result = try ExecutableRunner.run(binary, ["vectors", corpus.embeddings], environment: environment)
        #expect(result.status == 0, "\(result.errors)")
        let cached = try FileManager.default.contentsOfDirectory(atPath: corpus.folder + "/xdg/fintext")
        #expect(cached.count == 1 && cached[0].hasPrefix("vectors.txt-") && cached[0].hasSuffix(".ftwv"))
        #expect(!FileManager.default.fileExists(atPath: corpus.embeddings + ".ftwv"))
        let option = try cli(["vectors", corpus.embeddings, "--cache-dir", corpus.folder + "/mine"])
        #expect(option.status == 0, "\(option.errors)")
        #expect((try? FileManager.default.contentsOfDirectory(atPath: corpus.folder + "/mine"))?.count == 1)
    }
}

/// A small RFC 4180 reader for the tests (quoted fields with commas, quotes and newlines).
private enum CSVRows {
    static func parse(_ text: String) throws -> [[String]] {
        var rows: [[String]] = []
        var row: [String] = []
        var field = ""
        var quoted = false
        var chars = Array(text.unicodeScalars)[...]
        while let c = chars.popFirst() {
            if quoted {
                if c == "\"" {
                    if chars.first == "\"" {
                        field.unicodeScalars.append("\"")
                        chars.removeFirst()
                    } else {
                        quoted = false
                    }
                } else {
                    field.unicodeScalars.append(c)
                }
            } else if c == "\"" {
                quoted = true
            } else if c == "," {
                row.append(field)
                field = ""
            } else if c == "\n" {
                row.append(field)
                rows.append(row)
                row = []
                field = ""
            } else {
                field.unicodeScalars.append(c)
            }
        }
        if !field.isEmpty || !row.isEmpty {
            row.append(field)
            rows.append(row)
        }
        return rows
    }
}
