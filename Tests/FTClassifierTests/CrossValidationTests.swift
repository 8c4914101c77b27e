import FTClassifier
import FTDataset
import FTEvaluation
import FTMarket
import FTTestSupport
import FTWordVectors
import Foundation
import Testing

/// Synthetic records: `companies` companies with 1–3 filings each (dates drawn from a short calendar, so
/// several filings share a date), 1–4 sections per filing.
private func syntheticRecords(companies: Int, seed: UInt64) -> [DatasetManifest.Record] {
    var state = seed
    func next(_ bound: Int) -> Int {
        state = state &* 6_364_136_223_846_793_005 &+ 1_442_695_040_888_963_407
        return Int((state >> 33) % UInt64(bound))
    }
    let start = CalendarDay(iso: "2023-01-02")!
    var records: [DatasetManifest.Record] = []
    for company in 0..<companies {
        for filing in 0..<(1 + next(3)) {
            let date = start.advanced(by: next(40))
            let excess = Double(next(2001) - 1000) / 10_000
            for section in ["1", "1A", "7", "7A"].prefix(1 + next(4)) {
                records.append(
                    DatasetManifest.Record(
                        id: "c\(company)-f\(filing)/\(section)", cik: "\(100 + company)", ticker: "T\(company)",
                        company: "C\(company)", industry: "1000", filingDate: date, section: section, text: "x",
                        startDate: date, endDate: date.advanced(by: 28), rawReturn: excess, benchmarkReturn: 0,
                        excessReturn: excess, label: next(3)))
            }
        }
    }
    return records
}

private func filingKey(_ r: DatasetManifest.Record) -> String { "\(r.cik)|\(r.filingDate)" }

@Suite("Cross-validation folds")
struct CrossValidationFoldTests {
    @Test("company folds never put one company on both sides, and test every document once", arguments: [2, 3, 5])
    func companyFolds(k: Int) throws {
        for seed: UInt64 in [1, 2, 3] {
            let records = syntheticRecords(companies: 17, seed: seed)
            let folds = try FoldScheme.company.folds(for: records, count: k, seed: seed)
            #expect(folds.count == k)
            var tested = [Int](repeating: 0, count: records.count)
            for fold in folds {
                let trainingCompanies = Set(fold.training.map { records[$0].cik })
                let testCompanies = Set(fold.test.map { records[$0].cik })
                #expect(trainingCompanies.isDisjoint(with: testCompanies), "fold \(fold.number), seed \(seed)")
                #expect(Set(fold.training).union(fold.test) == Set(records.indices))
                for i in fold.test { tested[i] += 1 }
            }
            #expect(tested.allSatisfy { $0 == 1 })
        }
    }

    @Test("time folds never train on a filing later than a test filing, and the window expands", arguments: [2, 4, 5])
    func timeFolds(k: Int) throws {
        for seed: UInt64 in [4, 5, 6] {
            let records = syntheticRecords(companies: 30, seed: seed)
            let folds = try FoldScheme.time.folds(for: records, count: k, seed: seed)
            #expect(folds.count == k)
            var previous: Set<Int> = []
            for fold in folds {
                let latestTraining = try #require(fold.training.map { records[$0].filingDate }.max())
                let earliestTest = try #require(fold.test.map { records[$0].filingDate }.min())
                #expect(latestTraining < earliestTest, "fold \(fold.number): \(latestTraining) ≥ \(earliestTest)")
                #expect(Set(fold.training).isDisjoint(with: fold.test))
                #expect(previous.isSubset(of: Set(fold.training)), "the training window must only grow")
                previous = Set(fold.training).union(fold.test)
            }
            // Consecutive test blocks, together with the first training block, cover every document.
            #expect(previous == Set(records.indices))
        }
    }

    @Test("filing folds keep a filing's sections together; document folds test every document once")
    func filingAndDocumentFolds() throws {
        let records = syntheticRecords(companies: 12, seed: 9)
        for fold in try FoldScheme.filing.folds(for: records, count: 4, seed: 1) {
            #expect(
                Set(fold.training.map { filingKey(records[$0]) }).isDisjoint(
                    with: fold.test.map { filingKey(records[$0]) }))
        }
        let tested = try FoldScheme.document.folds(for: records, count: 4, seed: 1).flatMap(\.test).sorted()
        #expect(tested == Array(records.indices))
    }

    @Test("too few companies or dates for the folds is a clear error")
    func tooFewGroups() {
        let records = syntheticRecords(companies: 3, seed: 2)
        #expect { try FoldScheme.company.folds(for: records, count: 5, seed: 1) } throws: {
            "\($0)".contains("3 groups for 5 folds")
        }
        #expect { try FoldScheme.time.folds(for: Array(records.prefix(1)), count: 2, seed: 1) } throws: {
            "\($0)".contains("too few distinct dates")
        }
        #expect { try FoldScheme.company.folds(for: records, count: 1, seed: 1) } throws: {
            "\($0)".contains("at least 2")
        }
    }

    @Test("re-fitted labels use the training filings' returns only")
    func refittedLabels() throws {
        let records = syntheticRecords(companies: 30, seed: 11)
        let fold = try FoldScheme.time.folds(for: records, count: 3, seed: 1)[0]
        let labels = try CrossValidation.refittedLabels(
            records: records, fittingOn: fold.training, classes: 3, binning: .all)
        // Moving every test filing's return far away changes no training label.
        var moved = records
        for i in fold.test { moved[i].excessReturn = 5 }
        let again = try CrossValidation.refittedLabels(
            records: moved, fittingOn: fold.training, classes: 3, binning: .all)
        #expect(fold.training.allSatisfy { labels[$0] == again[$0] })
        #expect(fold.test.allSatisfy { again[$0] == 2 })
        // The training labels are the equal-frequency bins of the training filings.
        var seen = Set<String>()
        var values: [Double] = []
        for i in fold.training where seen.insert(filingKey(records[i])).inserted {
            values.append(records[i].excessReturn)
        }
        let edges = try QuantileBinner(binCount: 3).fit(values)
        #expect(fold.training.allSatisfy { labels[$0] == edges.label(for: records[$0].excessReturn) })
    }
}

@Suite("Cross-validation on a tiny corpus", .serialized)
struct CrossValidationRunTests {
    private func tiny() throws -> (
        records: [DatasetManifest.Record], configuration: ClassifierConfiguration, vectors: WordVectors, folder: String
    ) {
        let paths = try TinyCorpus.write()
        let (filings, _) = try FilingLoader.load(paths: [paths.sections])
        let prices = try PriceLibrary.load(folder: paths.prices)
        let result = try DatasetPreparation.prepare(
            filings: filings, prices: prices, benchmark: try #require(prices["SPY"]))
        var configuration = try ClassifierConfiguration.read(paths.config)
        configuration.epochs = 2
        configuration.earlyStoppingPatience = 1
        return (
            result.manifest.records, configuration, try WordVectors.load(path: paths.embeddings, cache: .disabled),
            paths.folder
        )
    }

    /// Fold 2 and the second seed of `result` (time folds, 3 folds, 2 seeds), trained from scratch with the
    /// public one-run API, must give exactly the run's predictions: the work cross-validation shares between
    /// folds and seeds (decision 0158) changes nothing.
    private func expectSameAsSingleRuns(
        _ result: CrossValidation.Result, records: [DatasetManifest.Record], configuration: ClassifierConfiguration,
        vectors: WordVectors
    ) throws {
        let lines = Set(result.predictionsCSV.split(separator: "\n"))
        let fold = try FoldScheme.time.folds(for: records, count: 3, seed: configuration.seed)[1]
        var foldRecords = records
        let labels = try CrossValidation.refittedLabels(
            records: records, fittingOn: fold.training, classes: 3, binning: .all)
        for i in foldRecords.indices { foldRecords[i].label = labels[i] }
        let testRecords = fold.test.map { foldRecords[$0] }
        let testDocuments = testRecords.map(StockPerformanceClassifier.document(for:))
        var seeded = configuration
        seeded.seed = configuration.seed + 1
        let inner = SplitMethod.timeOrdered(validationFraction: 0.2)
            .indices(for: fold.training.map { foldRecords[$0] }, seed: seeded.seed)
        let run = try StockPerformanceClassifier.train(
            records: foldRecords, trainingIndices: inner.training.map { fold.training[$0] },
            validationIndices: inner.validation.map { fold.training[$0] }, vectors: vectors, configuration: seeded)
        let (baseline, _) = try LinearBaseline.train(
            records: foldRecords, trainingIndices: fold.training, configuration: configuration)
        for (model, seed, predictions) in [
            ("network", "\(seeded.seed)", run.classifier.predict(testDocuments)),
            ("linear", "", baseline.predict(testDocuments)),
        ] {
            let expected = PredictionsTable.csv(
                records: testRecords, predictions: predictions, trueLabels: testRecords.map(\.label),
                labelNames: configuration.labelNames,
                leading: [
                    ("model", testRecords.map { _ in model }), ("fold", testRecords.map { _ in "2" }),
                    ("seed", testRecords.map { _ in seed }),
                ]
            ).split(separator: "\n").dropFirst()
            #expect(!expected.isEmpty)
            for line in expected { #expect(lines.contains(line), "\(model): \(line) is not in the run's predictions") }
        }
        #expect(result.cpuTimes.phases.map(\.name).contains("network training"))
        #expect(result.cpuTimes.total > 0)
    }

    @Test("network and linear on the same time folds: runs, pooling, comparison, determinism, equal to single runs")
    func timeFolds() throws {
        let (records, configuration, vectors, folder) = try tiny()
        defer { try? FileManager.default.removeItem(atPath: folder) }
        var options = CrossValidation.Options()
        options.folds = 3
        options.seeds = 2
        let result = try CrossValidation.run(
            records: records, vectors: vectors, configuration: configuration, options: options)
        let report = result.report
        try expectSameAsSingleRuns(result, records: records, configuration: configuration, vectors: vectors)
        #expect(report.runs.filter { $0.model == "network" }.count == 6)
        #expect(report.runs.filter { $0.model == "linear" }.count == 3)
        let tested = report.runs.filter { $0.model == "linear" }.map(\.testDocuments).reduce(0, +)
        for model in report.models {
            #expect(model.sectionLevel.overall.n == tested)
            #expect(
                model.filingLevel.overall.n
                    == report.runs.filter { $0.model == "linear" }.map(\.testFilings).reduce(0, +))
        }
        let comparison = try #require(report.comparison)
        #expect(comparison.tTest.differences.count == 6)
        let m = comparison.mcNemar
        #expect(m.firstOnlyCorrect + m.secondOnlyCorrect + m.bothCorrect + m.bothWrong == tested)
        // The predictions file: a header and one line per model, fold, seed and test document.
        #expect(result.predictionsCSV.split(separator: "\n").count == 1 + tested * 3)
        #expect(
            result.predictionsCSV.hasPrefix(
                "model,fold,seed,id,true,predicted,p_low,p_medium,p_high,ticker,cik,filing_date,excess_return\n"))
        #expect(!report.verdict.isEmpty && report.verdict[0].contains("filings correctly"))
        // The same seed gives the same bytes.
        let again = try CrossValidation.run(
            records: records, vectors: vectors, configuration: configuration, options: options)
        #expect(again.report.jsonText() == report.jsonText())
        #expect(again.report.html() == report.html())
        // The files and the documented top-level keys of metrics.json.
        let out = folder + "/cv"
        try result.write(to: out)
        for name in [
            "metrics.json", "report.html", "report.md", "folds.csv", "out-of-fold-predictions.csv",
            "pooled-network/report.html", "pooled-linear/metrics.json",
        ] {
            #expect(FileManager.default.fileExists(atPath: out + "/" + name), "missing \(name)")
        }
        let json = try #require(
            try JSONSerialization.jsonObject(with: Data(contentsOf: URL(fileURLWithPath: out + "/metrics.json")))
                as? [String: Any])
        #expect(
            Set(json.keys) == [
                "schema", "scheme", "folds", "seeds", "labels", "label_definition", "context", "verdict", "runs",
                "split_runs", "summary", "pooled", "comparison", "notes",
            ])
        #expect(json["schema"] as? String == "fintext.cross-validation/1")
        let pooled = try #require(json["pooled"] as? [String: Any])
        let network = try #require(pooled["network"] as? [String: Any])
        #expect(Set(network.keys) == ["effective_n", "section_level", "filing_level", "returns"])
    }

    @Test("compare-splits runs every scheme with the linear baseline on the same data")
    func compareSplits() throws {
        let (records, configuration, _, folder) = try tiny()
        defer { try? FileManager.default.removeItem(atPath: folder) }
        var options = CrossValidation.Options()
        options.scheme = .company
        options.folds = 3
        options.network = false
        options.compareSplits = true
        let report = try CrossValidation.run(
            records: records, vectors: nil, configuration: configuration, options: options
        ).report
        #expect(Set(report.summaries.map(\.scheme)) == ["company", "time", "filing", "document"])
        #expect(report.comparison == nil)
        #expect(report.splitRuns.count == 9)
    }
}
