import FTIO
import FTTestSupport
import Foundation
import Testing

private let executable = trainClassifier

/// Expects exit status 1 and exactly one line `error: …` containing every fragment.
private func expectOneLineError(
    _ result: (status: Int32, output: String, errors: String), _ fragments: [String],
    sourceLocation: SourceLocation = #_sourceLocation
) {
    #expect(result.status == 1, "status \(result.status): \(result.errors)", sourceLocation: sourceLocation)
    let lines = result.errors.split(separator: "\n")
    #expect(lines.count == 1 && lines[0].hasPrefix("error: "), "\(result.errors)", sourceLocation: sourceLocation)
    for fragment in fragments {
        #expect(result.errors.contains(fragment), "\(fragment) not in \(result.errors)", sourceLocation: sourceLocation)
    }
}

private func write(_ bytes: [UInt8], to path: String) throws -> String {
    try AtomicFile.write(bytes, to: path)
    return path
}

/// A tiny corpus and the manifest `prepare` makes of it; the caller removes `corpus.folder`.
private func preparedCorpus() throws -> (corpus: TinyCorpus.Paths, dataset: String) {
    let corpus = try TinyCorpus.write()
    let dataset = corpus.folder + "/dataset.jsonl"
    let prepared = try boundedCLI([
        "prepare", "--filings", corpus.sections, "--prices", corpus.prices, "--out", dataset,
    ])
    #expect(prepared.status == 0, "\(prepared.errors)")
    return (corpus, dataset)
}

/// `train` for one quiet epoch with the corpus's configuration.
private func train(_ corpus: TinyCorpus.Paths, data: String, out: String, _ extra: [String] = []) throws -> (
    status: Int32, output: String, errors: String
) {
    try boundedCLI(
        ["train", "--data", data, "--out", out, "--config", corpus.config, "--progress", "quiet", "--epochs", "1"]
            + extra)
}

/// The reproductions of issue 24, part A, through the command line.
/// Runs the CLI, killing it after 60 s: every case here used to crash or hang, and must now end at once.
private func boundedCLI(
    _ arguments: [String], environment: [String: String]? = nil
) throws -> (status: Int32, output: String, errors: String) {
    try cli(arguments, environment: environment, timeout: 60)
}

@Suite(
    "Hostile and broken inputs through the CLI", .serialized,
    .enabled(if: ExecutableRunner.shouldRun(executable), "train-classifier is not built (run `swift build` first)"))
struct HostileFileInputTests {
    let folder: String = {
        let path = NSTemporaryDirectory() + "fintext-hostile-cli-\(UUID().uuidString)"
        try? FileManager.default.createDirectory(atPath: path, withIntermediateDirectories: true)
        return path
    }()

    @Test("word2vec headers announcing impossible sizes are errors, not traps")
    func impossibleHeaders() throws {
        let text = try write(Array("3 4611686018427387904\nthe 0.1\n".utf8), to: folder + "/w.txt")
        expectOneLineError(
            try boundedCLI(["vectors", text, "--format", "word2vec-text", "--cache", "off"]),
            ["\(text):1: dimension 4611686018427387904 is over the limit of 1048575"])
        let binary = try write(
            Array("1 2305843009213693952\nthe ".utf8) + [UInt8](repeating: 0x3F, count: 16), to: folder + "/b.bin")
        expectOneLineError(
            try boundedCLI(["vectors", binary, "--format", "word2vec-binary", "--cache", "off"]),
            ["\(binary):1: dimension 2305843009213693952 is over the limit"])
    }

    @Test("a word2vec file is detected, and refused when named GloVe, with its first line quoted safely")
    func formats() throws {
        let text = try write(Array("2 3\nthe 0.1 0.2 0.3\nof 0.4 0.5 0.6\n".utf8), to: folder + "/w2v.txt")
        let detected = try boundedCLI(["vectors", text, "--cache", "off"])
        #expect(detected.status == 0 && detected.output.contains("2 words, dimension 3 (word2vec text)"))
        expectOneLineError(
            try boundedCLI(["vectors", text, "--format", "glove", "--cache", "off"]),
            ["read as GloVe text, but the file looks like word2vec text (first line \"2 3\")"])
        var binary = Array("2 3\n".utf8)
        for (word, values) in [("the", [Float(0.1), -2, 1e-30]), ("of", [1, 2, 3])] {
            binary += Array(word.utf8) + [0x20]
            for value in values { withUnsafeBytes(of: value.bitPattern.littleEndian) { binary += $0 } }
            binary.append(0x0A)
        }
        let path = try write(binary, to: folder + "/w2v.bin")
        #expect(try boundedCLI(["vectors", path, "--cache", "off"]).output.contains("(word2vec binary)"))
        let refused = try boundedCLI(["vectors", path, "--format", "glove", "--cache", "off"])
        expectOneLineError(refused, ["looks like word2vec binary"])
        #expect(!refused.errors.dropLast().unicodeScalars.contains { $0.value < 0x20 || $0 == "\u{FFFD}" })
    }

    @Test("a gzip bomb given to vectors is refused after a few tens of megabytes")
    func bomb() throws {
        let path = try write(
            Gzip.compress([UInt8](repeating: 0, count: 128 << 20), level: 9), to: folder + "/bomb.txt.gz")
        let started = Date()
        expectOneLineError(
            try boundedCLI(["vectors", path, "--cache", "off"]), ["\(path): decompresses to more than 100 times"])
        #expect(Date().timeIntervalSince(started) < 30)
        // The limits can be raised for one run; a bad value is an error naming the variable.
        expectOneLineError(
            try boundedCLI(["vectors", path, "--cache", "off"], environment: ["FINTEXT_MAX_GZIP_RATIO": "lots"]),
            ["FINTEXT_MAX_GZIP_RATIO: expected a positive whole number"])
        expectOneLineError(
            try boundedCLI(
                ["vectors", path, "--cache", "off"],
                environment: ["FINTEXT_MAX_GZIP_RATIO": "2000", "FINTEXT_MAX_DECOMPRESSED_BYTES": "64M"]),
            ["decompresses to more than 67108864 bytes"])
    }

    @Test("FIFOs and /dev/zero are refused at once by vectors, extract and prepare")
    func nonRegularFiles() throws {
        let fifo = folder + "/pipe.txt"
        #expect(mkfifo(fifo, 0o644) == 0)
        expectOneLineError(try boundedCLI(["vectors", fifo]), ["\(fifo): is a FIFO (named pipe), not a regular file"])
        expectOneLineError(try boundedCLI(["extract", fifo]), ["is a FIFO"])
        expectOneLineError(try boundedCLI(["extract", "/dev/zero"]), ["/dev/zero: is a character device"])
        let filings = folder + "/filings"
        try FileManager.default.createDirectory(atPath: filings, withIntermediateDirectories: true)
        #expect(mkfifo(filings + "/a.txt", 0o644) == 0)
        try FileManager.default.createSymbolicLink(atPath: filings + "/b.htm", withDestinationPath: "/dev/zero")
        let corpus = try TinyCorpus.write()
        defer { try? FileManager.default.removeItem(atPath: corpus.folder) }
        let prepared = try boundedCLI([
            "prepare", "--filings", filings, corpus.sections, "--prices", corpus.prices, "--out", folder + "/d.jsonl",
        ])
        #expect(prepared.status == 0, "\(prepared.errors)")
        #expect(prepared.output.contains("\(filings)/a.txt: cannot be read: \(filings)/a.txt: is a FIFO"))
        #expect(prepared.output.contains("is a character device (a symbolic link to /dev/zero)"))
    }

    @Test("price warnings are printed, --prices takes any file name, and filings name the row they lost")
    func prices() throws {
        let corpus = try TinyCorpus.write()
        defer { try? FileManager.default.removeItem(atPath: corpus.folder) }
        // One long file with a Ticker column, not named .csv; T00's filing-day price made 1e308.
        var long = ["Date,Ticker,Close"]
        for name in try FileManager.default.contentsOfDirectory(atPath: corpus.prices).sorted() {
            let ticker = String(name.dropLast(4))
            let rows = try String(contentsOfFile: corpus.prices + "/" + name, encoding: .utf8).split(separator: "\n")
            for row in rows.dropFirst() {
                let fields = row.split(separator: ",")
                long.append("\(fields[0]),\(ticker),\(fields[1])")
            }
        }
        let sections = try String(contentsOfFile: corpus.sections, encoding: .utf8)
        let t00 = try #require(sections.split(separator: "\n").first { $0.contains("\"T00\"") })
        let object = try #require(try JSONSerialization.jsonObject(with: Data(t00.utf8)) as? [String: Any])
        let firstDay = try #require(object["filing_date"] as? String)
        let index = try #require(long.firstIndex { $0.hasPrefix("\(firstDay),T00,") })
        long[index] = "\(firstDay),T00,1e308"
        let pricesFile = corpus.folder + "/all-prices.txt"
        try (long.joined(separator: "\n") + "\n").write(toFile: pricesFile, atomically: true, encoding: .utf8)
        let result = try boundedCLI([
            "prepare", "--filings", corpus.sections, "--prices", pricesFile, "--out", corpus.folder + "/d.jsonl",
        ])
        #expect(result.status == 0, "\(result.errors)")
        #expect(result.output.contains("Price file warnings (rows skipped or reordered, gaps) (1):"))
        #expect(result.output.contains("\(pricesFile):\(index + 1): warning: implausible Close 1e+308"))
        #expect(
            result.output.contains("T00's price on \(firstDay) was skipped (\(pricesFile):\(index + 1): implausible"))
    }

    @Test("CRLF manifests train; text_path leaving the folder and all-empty texts are refused")
    func manifests() throws {
        let (corpus, dataset) = try preparedCorpus()
        defer { try? FileManager.default.removeItem(atPath: corpus.folder) }
        let lines = try String(contentsOfFile: dataset, encoding: .utf8).split(separator: "\n").map(String.init)
        let crlf = corpus.folder + "/crlf.jsonl"
        try (lines.joined(separator: "\r\n") + "\r\n").write(toFile: crlf, atomically: true, encoding: .utf8)
        let trained = try train(corpus, data: crlf, out: corpus.folder + "/model")
        #expect(trained.status == 0, "\(trained.errors)")

        func replacingText(_ line: String, with replacement: String) throws -> String {
            var object = try #require(try JSONSerialization.jsonObject(with: Data(line.utf8)) as? [String: Any])
            object.removeValue(forKey: "text")
            if replacement.hasPrefix("path:") {
                object["text_path"] = String(replacement.dropFirst(5))
            } else {
                object["text"] = replacement
            }
            let data = try JSONSerialization.data(withJSONObject: object, options: [.sortedKeys])
            return String(decoding: data, as: UTF8.self)
        }
        let escaping = corpus.folder + "/escaping.jsonl"
        try ([try replacingText(lines[0], with: "path:../../../../../../../etc/hostname")] + lines.dropFirst())
            .joined(separator: "\n").appending("\n").write(toFile: escaping, atomically: true, encoding: .utf8)
        expectOneLineError(
            try train(corpus, data: escaping, out: corpus.folder + "/m2"),
            ["\(escaping): record", "field text_path \"../../../../../../../etc/hostname\" leads outside"])
        let absolute = corpus.folder + "/absolute.jsonl"
        try ([try replacingText(lines[0], with: "path:/etc/passwd")] + lines.dropFirst())
            .joined(separator: "\n").appending("\n").write(toFile: absolute, atomically: true, encoding: .utf8)
        expectOneLineError(
            try boundedCLI([
                "evaluate", "--model", corpus.folder + "/model", "--data", absolute, "--out", corpus.folder + "/e",
            ]),
            ["field text_path \"/etc/passwd\" leads outside"])
        // An outside path the user trusts: allowed with --allow-outside-paths.
        try FileManager.default.createDirectory(atPath: corpus.folder + "/sub", withIntermediateDirectories: true)
        try "growth record profit".write(toFile: corpus.folder + "/outside.txt", atomically: true, encoding: .utf8)
        let trusted = corpus.folder + "/sub/trusted.jsonl"
        try ([try replacingText(lines[0], with: "path:../outside.txt")] + lines.dropFirst())
            .joined(separator: "\n").appending("\n").write(toFile: trusted, atomically: true, encoding: .utf8)
        let evaluate = [
            "evaluate", "--model", corpus.folder + "/model", "--data", trusted, "--out", corpus.folder + "/e",
        ]
        expectOneLineError(try boundedCLI(evaluate), ["field text_path \"../outside.txt\" leads outside"])
        let allowed = try boundedCLI(evaluate + ["--allow-outside-paths"])
        #expect(allowed.status == 0, "\(allowed.errors)")

        let empty = corpus.folder + "/empty.jsonl"
        try lines.map { try replacingText($0, with: "") }.joined(separator: "\n").appending("\n")
            .write(toFile: empty, atomically: true, encoding: .utf8)
        expectOneLineError(
            try train(corpus, data: empty, out: corpus.folder + "/m3"),
            ["there is nothing to learn from"])
        #expect(!FileManager.default.fileExists(atPath: corpus.folder + "/m3/weights.safetensors"))
    }

    @Test("train --embeddings reads a word2vec text file with its real dimension")
    func word2vecEmbeddings() throws {
        let (corpus, dataset) = try preparedCorpus()
        defer { try? FileManager.default.removeItem(atPath: corpus.folder) }
        let glove = try String(contentsOfFile: corpus.embeddings, encoding: .utf8)
        let count = glove.split(separator: "\n").count
        let w2v = corpus.folder + "/vectors.w2v.txt"
        try "\(count) 8\n\(glove)".write(toFile: w2v, atomically: true, encoding: .utf8)
        let model = corpus.folder + "/model"
        let trained = try train(corpus, data: dataset, out: model, ["--embeddings", w2v])
        #expect(trained.status == 0, "\(trained.errors)")
        let report = try String(contentsOfFile: model + "/report/report.md", encoding: .utf8)
        #expect(report.contains("(\(count) words, 8-d)"), "\(report.prefix(2000))")
    }

    @Test("predict refuses a FIFO and /dev/zero, and says what a file of NUL bytes is")
    func predictInputs() throws {
        let (corpus, dataset) = try preparedCorpus()
        defer { try? FileManager.default.removeItem(atPath: corpus.folder) }
        let model = corpus.folder + "/model"
        #expect(try train(corpus, data: dataset, out: model).status == 0)
        let fifo = folder + "/predict.pipe"
        #expect(mkfifo(fifo, 0o644) == 0)
        expectOneLineError(try boundedCLI(["predict", "--model", model, fifo]), ["is a FIFO"])
        expectOneLineError(try boundedCLI(["predict", "--model", model, "/dev/zero"]), ["is a character device"])
        let zeros = try write([UInt8](repeating: 0, count: 4096), to: folder + "/zeros.txt")
        expectOneLineError(
            try boundedCLI(["predict", "--model", model, zeros]),
            ["\(zeros):1: the file holds no text: 4096 bytes of which 4096 are NUL"])
    }

    @Test("a huge CSV header is quoted short in the error")
    func longHeader() throws {
        let header = (0..<200_000).map { "column\($0)" }.joined(separator: ",")
        let index = try write(Array((header + "\n").utf8), to: folder + "/INDEX.csv")
        let result = try boundedCLI([
            "prepare", "--filings", folder, "--index", index, "--prices", folder, "--out", folder + "/x.jsonl",
        ])
        expectOneLineError(result, ["line 1: expected a 'file' column", "bytes in all)"])
        #expect(result.errors.utf8.count < 400)
        let predictions = try write(Array((header + "\nx\n").utf8), to: folder + "/p.csv")
        let report = try boundedCLI(["report", "--predictions", predictions, "--out", folder + "/r"])
        expectOneLineError(report, ["missing column `true`"])
        #expect(report.errors.utf8.count < 400)
    }
}
