import ArgumentParser
import FinText
import Foundation

/// Word-vector loading speed: first load (parse + cache write), cached load, and gensim in the same run.
struct VectorsBenchmark: ParsableCommand {
    static let configuration = CommandConfiguration(
        commandName: "vectors",
        abstract: "Word-vector load seconds and MB/s: text parse, cache write, cached load; gensim beside it.",
        discussion: """
            Example: swift run -c release fintext-benchmark vectors \\
              --file /tmp/vectors/glove.6B.50d.txt --file /tmp/vectors/synthetic-400k-300d.txt \\
              --python /work/venv-vectors/bin/python
            Files come from scripts/vectors-fetch-glove.py and scripts/vectors-make-synthetic.py.
            Each file's cache (WordVectors.cachePath(for:)) is deleted first, so the first load really parses.
            """)

    @Option(name: .customLong("file"), help: "GloVe text file to load (repeatable).")
    var files: [String] = []

    @Option(help: "Python with gensim for the peer measurement (skipped when absent).")
    var python: String?

    @Option(help: "Cached-load repetitions (the best is reported).")
    var repeats = 3

    @Option(help: "Random values for the float-parser speed check against Float(String).")
    var parserValues = 1_000_000

    @Flag(help: "Print one JSON object per measurement.")
    var json = false

    func run() throws {
        parserSpeed()
        for file in files {
            try measure(file)
        }
    }

    private func parserSpeed() {
        var generator = SeededGenerator(seed: 7)
        let texts = (0..<parserValues).map { _ in
            String(format: "%.5g", (generator.nextDouble() - 0.5) * Double(generator.nextInt(below: 8) + 1))
        }
        var sink: Float = 0
        let fast = measureSeconds { for text in texts { sink += DecimalFloatParser.parse(text) ?? 0 } }
        let foundation = measureSeconds { for text in texts { sink -= Float(text) ?? 0 } }
        report(
            "float_parser",
            ["values": parserValues, "seconds": fast, "foundation_seconds": foundation, "ratio": foundation / fast],
            "float parser: \(parserValues) values in \(format(fast)) s; Float(String) \(format(foundation)) s; "
                + "ratio \(format(foundation / fast))× (sum \(sink))")
    }

    private func measure(_ file: String) throws {
        let megabytes = Double((try? FileManager.default.attributesOfItem(atPath: file)[.size] as? Int) ?? 0) / 1e6
        let name = (file as NSString).lastPathComponent
        try? FileManager.default.removeItem(atPath: WordVectors.cachePath(for: file))

        resetPeak()
        let baseline = residentMegabytes()
        var vectors: WordVectors?
        let parse = try measureSeconds { vectors = try WordVectors.load(path: file, cache: .disabled) }
        let parsePeak = (peakResidentMegabytes() ?? 0) - baseline
        let matrixMegabytes = Double((vectors?.count ?? 0) * (vectors?.dimension ?? 0) * 4) / 1e6 * 1e6 / 1_048_576
        let rows = vectors?.count ?? 0
        let dimension = vectors?.dimension ?? 0
        vectors = nil

        resetPeak()
        let first = try measureSeconds { vectors = try WordVectors.load(path: file, cache: .rebuild) }
        let firstPeak = (peakResidentMegabytes() ?? 0) - baseline
        let status = vectors.map { "\($0.loadReport.cache)" } ?? "?"
        vectors = nil

        resetPeak()
        var cached = Double.infinity
        var hit = true
        for _ in 0..<max(1, repeats) {
            cached = min(cached, try measureSeconds { vectors = try WordVectors.load(path: file) })
            hit = hit && vectors?.loadReport.cache == .hit
            vectors = nil
        }
        let cachedPeak = (peakResidentMegabytes() ?? 0) - baseline

        var fields: [String: Any] = [
            "name": "vectors_\(name)", "rows": rows, "dimension": dimension, "file_mb": megabytes,
            "parse_seconds": parse, "parse_mb_per_s": megabytes / parse, "first_load_seconds": first,
            "first_load_mb_per_s": megabytes / first, "cached_seconds": cached, "cache_hit": hit,
            "matrix_mib": matrixMegabytes, "parse_peak_mib": parsePeak, "first_load_peak_mib": firstPeak,
            "cached_peak_mib": cachedPeak, "cores": ProcessInfo.processInfo.activeProcessorCount,
        ]
        var line = """
            \(name): \(rows)×\(dimension), \(format(megabytes)) MB
              parse only      \(format(parse)) s (\(format(megabytes / parse)) MB/s), peak +\(format(parsePeak)) MiB \
            = \(format(parsePeak / matrixMegabytes))× the \(format(matrixMegabytes)) MiB matrix
              first load      \(format(first)) s (\(format(megabytes / first)) MB/s, parse + cache write; \(status)), \
            peak +\(format(firstPeak)) MiB = \(format(firstPeak / matrixMegabytes))×
              cached load     \(format(cached)) s (best of \(repeats); hit \(hit)), peak +\(format(cachedPeak)) MiB
            """
        if let python, FileManager.default.isExecutableFile(atPath: python), let gensim = gensimSeconds(python, file) {
            fields["gensim_seconds"] = gensim
            fields["first_load_speedup"] = gensim / first
            fields["cached_speedup"] = gensim / cached
            line +=
                "\n  gensim          \(format(gensim)) s (\(format(megabytes / gensim)) MB/s); "
                + "first load \(format(gensim / first))× faster, cached \(format(gensim / cached))× faster"
        } else {
            line += "\n  gensim          not measured (no --python with gensim)"
        }
        report(fields, line)
    }

    private func report(_ name: String, _ fields: [String: Any], _ line: String) {
        var all = fields
        all["name"] = name
        report(all, line)
    }

    private func report(_ fields: [String: Any], _ line: String) {
        if json { printJSON(fields) } else { print(line) }
    }

    /// gensim's `KeyedVectors.load_word2vec_format(no_header=True)` wall time, in a child process.
    private func gensimSeconds(_ python: String, _ file: String) -> Double? {
        let script = """
            import sys, time
            from gensim.models import KeyedVectors
            t = time.perf_counter()
            KeyedVectors.load_word2vec_format(sys.argv[1], binary=False, no_header=True)
            print(time.perf_counter() - t)
            """
        let process = Process()
        process.executableURL = URL(fileURLWithPath: python)
        process.arguments = ["-c", script, file]
        let pipe = Pipe()
        process.standardOutput = pipe
        do { try process.run() } catch { return nil }
        let data = pipe.fileHandleForReading.readDataToEndOfFile()
        process.waitUntilExit()
        guard process.terminationStatus == 0 else { return nil }
        return String(decoding: data, as: UTF8.self).split(separator: "\n").last.flatMap { Double($0) }
    }

    /// Resets the kernel's peak-RSS counter (`VmHWM`) so each phase is measured on its own.
    private func resetPeak() {
        try? "5".write(toFile: "/proc/self/clear_refs", atomically: false, encoding: .utf8)
    }

    private func residentMegabytes() -> Double {
        guard let status = try? String(contentsOfFile: "/proc/self/status", encoding: .utf8) else { return 0 }
        for line in status.split(separator: "\n") where line.hasPrefix("VmRSS:") {
            return line.split(separator: " ").dropFirst().first.flatMap { Double($0) }.map { $0 / 1024 } ?? 0
        }
        return 0
    }
}
