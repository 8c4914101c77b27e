import Foundation

/// A tiny, deterministic data set for end-to-end tests: pre-extracted filings, price files, word vectors
/// and a small model configuration, written into a folder.
///
/// Filings of class "up" use words from one small vocabulary and "down" filings another, and the
/// prices are built so each filing's 4-week excess return follows its words, so a model can learn it.
public enum TinyCorpus {
    /// The words that make up the filings.
    public static let upWords = ["growth", "record", "expansion", "profit", "innovation", "strong", "demand", "launch"]
    /// See `upWords`.
    public static let downWords = ["impairment", "litigation", "decline", "loss", "default", "weak", "recall", "delay"]
    /// Neutral filler.
    public static let fillerWords = [
        "company", "market", "product", "customer", "quarter", "revenue", "segment", "risk",
    ]

    /// Paths of the written files.
    public struct Paths: Sendable {
        /// The folder.
        public var folder: String
        /// Pre-extracted sections (JSON Lines).
        public var sections: String
        /// Folder of price CSVs, SPY included.
        public var prices: String
        /// GloVe-format word vectors.
        public var embeddings: String
        /// A classifier configuration for this corpus.
        public var config: String
        /// A plain-text 10-K for `predict`.
        public var plainFiling: String
    }

    /// Writes the corpus into a new temporary folder.
    /// - Parameter filings: How many filings (half "up", half "down").
    public static func write(filings: Int = 24) throws -> Paths {
        let folder = NSTemporaryDirectory() + "fintext-tiny-\(UUID().uuidString)"
        let prices = folder + "/prices"
        try FileManager.default.createDirectory(atPath: prices, withIntermediateDirectories: true)
        var state: UInt64 = 12345
        func next() -> Int {
            state = state &* 6_364_136_223_846_793_005 &+ 1_442_695_040_888_963_407
            return Int(state >> 33)
        }
        func text(_ words: [String], count: Int) -> String {
            (0..<count).map { i in i % 3 == 0 ? fillerWords[next() % fillerWords.count] : words[next() % words.count] }
                .joined(separator: " ")
        }
        // Trading days: weekdays of 2023-01-02 … 2023-08-31.
        var days: [String] = []
        var calendar = Calendar(identifier: .gregorian)
        calendar.timeZone = TimeZone(identifier: "UTC")!
        var day = calendar.date(from: DateComponents(year: 2023, month: 1, day: 2))!
        let end = calendar.date(from: DateComponents(year: 2023, month: 8, day: 31))!
        let formatter = DateFormatter()
        formatter.dateFormat = "yyyy-MM-dd"
        formatter.timeZone = TimeZone(identifier: "UTC")
        while day <= end {
            let weekday = calendar.component(.weekday, from: day)
            if weekday != 1 && weekday != 7 { days.append(formatter.string(from: day)) }
            day = calendar.date(byAdding: .day, value: 1, to: day)!
        }
        func priceFile(_ ticker: String, drift: Double) throws {
            var price = 50.0
            var lines = ["Date,Close,Adj Close"]
            for d in days {
                price *= 1 + drift + Double(next() % 1000 - 500) / 100_000
                lines.append("\(d),\(String(format: "%.4f", price)),\(String(format: "%.4f", price))")
            }
            try lines.joined(separator: "\n").appending("\n").write(
                toFile: "\(prices)/\(ticker).csv", atomically: true, encoding: .utf8)
        }
        try priceFile("SPY", drift: 0.0002)
        var jsonLines: [String] = []
        for i in 0..<filings {
            let up = i % 2 == 0
            let ticker = String(format: "T%02d", i)
            // Distinct drifts give distinct excess returns (no ties in the bins).
            try priceFile(ticker, drift: up ? 0.003 + Double(i) * 0.0001 : -0.003 - Double(i) * 0.0001)
            let words = up ? upWords : downWords
            let filingDay = days[20 + i * 3]
            let sections: [String: String] = [
                "1": "Item 1. Business " + text(words, count: 60),
                "1A": "Item 1A. Risk Factors " + text(words, count: 60),
                "7": "Item 7. Management's Discussion " + text(words, count: 60),
            ]
            let object: [String: Any] = [
                "accession": "0000000000-23-\(String(format: "%06d", i))", "cik": "\(1000 + i)", "ticker": ticker,
                "company": "Company \(i)", "filing_date": filingDay, "sic": i % 4 == 0 ? "2834" : "3674",
                "sections": sections,
            ]
            let data = try JSONSerialization.data(withJSONObject: object, options: [.sortedKeys])
            jsonLines.append(String(decoding: data, as: UTF8.self))
        }
        let sectionsPath = folder + "/sections.jsonl"
        try (jsonLines.joined(separator: "\n") + "\n").write(toFile: sectionsPath, atomically: true, encoding: .utf8)
        var vectors: [String] = []
        for (k, word)
            in (upWords + downWords + fillerWords + ["businessoverview", "riskfactors", "managementdiscussion"])
            .enumerated()
        {
            let values = (0..<8).map { j in String(format: "%.5f", sin(Double(k * 8 + j) * 0.7)) }
            vectors.append(([word] + values).joined(separator: " "))
        }
        let embeddings = folder + "/vectors.txt"
        try (vectors.joined(separator: "\n") + "\n").write(toFile: embeddings, atomically: true, encoding: .utf8)
        let config = """
            {"sequenceLength": 48, "filters": 8, "kernelSize": 3, "poolSizes": [2, 2, 2], "denseUnits": 8,
             "epochs": 3, "batchSize": 8, "learningRate": 0.01, "earlyStoppingPatience": null,
             "split": {"kind": "filing", "validationFraction": 0.25}, "seed": 7,
             "embeddingsPath": "\(embeddings)"}
            """
        let configPath = folder + "/config.json"
        try config.write(toFile: configPath, atomically: true, encoding: .utf8)
        let plain = folder + "/plain-10k.txt"
        try
            ("ANNUAL REPORT\n\nITEM 1. BUSINESS\n\n" + text(upWords, count: 200) + "\n\nITEM 1A. RISK FACTORS\n\n"
            + text(upWords, count: 200)
            + "\n\nITEM 2. PROPERTIES\n\nWe lease offices.\n").write(toFile: plain, atomically: true, encoding: .utf8)
        return Paths(
            folder: folder, sections: sectionsPath, prices: prices, embeddings: embeddings, config: configPath,
            plainFiling: plain)
    }
}
