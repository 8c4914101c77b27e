public import FTDataset
public import FTEvaluation
public import FTIO
import FTLinearModels
import FTMarket
public import FTNN
import FTText
public import FTWordVectors

/// K-fold cross-validation of the network and the linear baseline on the same folds, each network fold
/// repeated with R seeds (decision 0150). `run` returns the report and every out-of-fold prediction.
///
/// Per fold: labels are re-fitted on the fold's training filings when the scheme is `time` (the bin edges
/// of later filings must not shape earlier labels, decision 0154); the linear baseline is fitted on all
/// training documents; each network seed holds out a part of the training filings (grouped like the
/// scheme) for early stopping, so the test fold never chooses an epoch; both predict the test fold.
public enum CrossValidation {
    /// What to run.
    public struct Options: Sendable {
        /// How folds are formed.
        public var scheme: FoldScheme = .time
        /// K.
        public var folds = 5
        /// R: network seeds per fold (configuration.seed, +1, …).
        public var seeds = 3
        /// Train the network.
        public var network = true
        /// Train the linear baseline.
        public var linear = true
        /// The baseline's settings.
        public var linearOptions = LinearBaseline.Options()
        /// Also run every other scheme (document, filing, company, time) with the same settings.
        public var compareSplits = false
        /// Share of each fold's training filings held out for the network's early stopping.
        public var innerValidationFraction = 0.2
        /// For `time` folds, re-fit the bins on each fold's training filings (over all filings or per
        /// industry); nil keeps the manifest's labels.
        public var refitBins: DatasetPreparation.Binning? = .all
        /// How the manifest's labels are defined (horizon, benchmark, bins, edges), for the report.
        public var labelDefinition = "the manifest's label column"
        /// How the network runs (`ExecutionPlan`): the fast kernels with 2 workers by default.
        public var executionPath: ExecutionPath = .fast()

        /// The defaults: 5 time folds, 3 seeds, both models.
        public init() {}
    }

    /// Everything a cross-validation produced.
    public struct Result: Sendable {
        /// The report (write it with `write(to:)`).
        public var report: CrossValidationReport
        /// The out-of-fold predictions CSV of the main scheme (one line per model, fold, seed and document).
        public var predictionsCSV: String
        /// CPU seconds per phase (cleaning, linear baseline, network inputs, training, predictions, report),
        /// for the log only: never written into the report, which stays bit-identical between runs.
        public var cpuTimes = PhaseTimes()

        /// Writes the report folder and `out-of-fold-predictions.csv` into `folder`.
        /// - Throws: `IOError` naming the file.
        public func write(to folder: String) throws(IOError) {
            try report.write(to: folder)
            try AtomicFile.write(
                predictionsCSV, to: (folder.hasSuffix("/") ? folder : folder + "/") + "out-of-fold-predictions.csv")
        }
    }

    /// Runs the cross-validation.
    /// - Parameters:
    ///   - records: Labelled documents with their text.
    ///   - vectors: The word vectors (needed when `options.network`).
    ///   - configuration: The network's settings (its `split` is not used; seeds start at its `seed`).
    ///   - options: What to run.
    ///   - log: Called with one line per finished run.
    /// - Throws: `ClassifierError` for bad settings, too few groups for the folds, bins that cannot be
    ///   formed, or a training failure.
    public static func run(
        records: [DatasetManifest.Record], vectors: WordVectors?, configuration: ClassifierConfiguration,
        options: Options, log: (String) -> Void = { _ in }
    ) throws(ClassifierError) -> Result {
        try configuration.validate()
        guard options.network || options.linear else {
            throw .configuration("cross-validation needs at least one model")
        }
        guard options.seeds >= 1 else { throw .configuration("seeds expected at least 1. Received: \(options.seeds)") }
        guard options.innerValidationFraction > 0 && options.innerValidationFraction < 1 else {
            throw .configuration(
                "inner validation fraction expected a value in (0, 1). Received: \(options.innerValidationFraction)")
        }
        if options.network && vectors == nil { throw .configuration("the network needs word vectors") }
        if let bad = records.first(where: { $0.text == nil }) {
            throw .data("document \(bad.id) has no text (load text_path files first)")
        }
        // Every fold labels with 0..<classes (re-fitted time-fold labels always are), so checking the
        // manifest's labels once here covers every run.
        if let bad = records.first(where: { !(0..<configuration.classes).contains($0.label) }) {
            throw .data("document \(bad.id) has label \(bad.label); expected 0..<\(configuration.classes)")
        }
        guard options.linearOptions.c > 0 && options.linearOptions.c.isFinite,
            options.linearOptions.minimumDocumentFrequency >= 1
        else {
            throw .configuration(
                "linear baseline expected C > 0 and min_df ≥ 1. Received: \(options.linearOptions.c), \(options.linearOptions.minimumDocumentFrequency)"
            )
        }
        do {
            _ = try StudyModel.checkedProduct(
                [records.count, configuration.sequenceLength], "the padded token ids (documents × sequenceLength)")
        } catch {
            throw .configuration(error.message)
        }
        var times = PhaseTimes()
        // Cleaning and word splitting depend on the text only: once for every scheme, fold and seed.
        let texts = times.measure("cleaning text") {
            SharedTexts(records: records, configuration: configuration, linearWords: options.linear)
        }
        let main = try runScheme(
            options.scheme, records: records, texts: texts, vectors: vectors, configuration: configuration,
            options: options, times: &times, log: log)
        var splitRuns: [CrossValidationReport.Run] = []
        if options.compareSplits {
            for scheme in FoldScheme.allCases where scheme != options.scheme {
                splitRuns += try runScheme(
                    scheme, records: records, texts: texts, vectors: vectors, configuration: configuration,
                    options: options, times: &times, log: log
                ).runs
            }
        }
        let reportStart = PhaseTimes.processCPUSeconds()
        let names = configuration.labelNames
        var models: [CrossValidationReport.ModelResult] = []
        var pooledCorrect: [String: [Bool]] = [:]
        for model in ["network", "linear"] {
            guard let pooled = main.pooled[model] else { continue }
            let indices = pooled.keys.sorted()
            let truths = indices.map { main.labels[$0] }
            let probabilities = indices.map { i in pooled[i]!.sum.map { $0 / Double(pooled[i]!.count) } }
            let predicted = probabilities.map(LogisticRegression.argmax)
            pooledCorrect[model] = zip(predicted, truths).map { $0 == $1 }
            let section = ClassificationMetrics(
                trueLabels: truths, predictedLabels: predicted, probabilities: probabilities, labelNames: names)
            let grouped = GroupedPredictions(
                groups: indices.map { SplitMethod.filingKey(records[$0]) }, probabilities: probabilities,
                trueLabels: truths)
            let returns = PredictedReturns(
                predictedLabels: grouped.predictedLabels,
                scores: grouped.probabilities.map { $0[names.count - 1] - $0[0] },
                excessReturns: grouped.members.map { records[indices[$0[0]]].excessReturn }, labelNames: names)
            models.append(
                CrossValidationReport.ModelResult(
                    model: model, sectionLevel: section, filingLevel: grouped.metrics(labelNames: names),
                    returns: returns))
        }
        var comparison: PairedComparison?
        if let networkCorrect = pooledCorrect["network"], let linearCorrect = pooledCorrect["linear"] {
            let linearAccuracy = Dictionary(
                main.runs.filter { $0.model == "linear" }.map { ($0.fold, $0.accuracy) },
                uniquingKeysWith: { a, _ in a })
            let networkRuns = main.runs.filter { $0.model == "network" }
            let differences = networkRuns.map { $0.accuracy - (linearAccuracy[$0.fold] ?? 0) }
            let ratio =
                networkRuns.map { Double($0.testDocuments) / Double($0.trainingDocuments) }.reduce(0, +)
                / Double(networkRuns.count)
            comparison = PairedComparison(
                first: "network", second: "linear",
                tTest: .init(differences: differences, testToTrainingRatio: ratio),
                mcNemar: .init(firstCorrect: networkCorrect, secondCorrect: linearCorrect))
        }
        var labelDefinition = options.labelDefinition
        if options.scheme == .time, let binning = options.refitBins {
            labelDefinition +=
                "; for the time folds the \(names.count) bins were re-fitted on each fold's training filings only (\(binning == .all ? "over all filings" : "within each industry")) and applied to its test filings"
        }
        let report = CrossValidationReport(
            labelNames: names, scheme: options.scheme.rawValue, folds: options.folds,
            seeds: options.network ? (0..<options.seeds).map { configuration.seed &+ UInt64($0) } : [],
            labelDefinition: labelDefinition,
            context: [
                "scheme": options.scheme.description,
                "documents":
                    "\(records.count) section documents of \(Set(records.map(SplitMethod.filingKey)).count) filings of \(Set(records.map(\.cik)).count) companies",
                "network": options.network
                    ? "the study's CNN; early stopping (patience \(configuration.earlyStoppingPatience.map(String.init) ?? "none")) on \(Int((options.innerValidationFraction * 100).rounded()))% of each fold's training filings"
                    : "not run",
                "linear baseline": options.linear
                    ? "TF-IDF (smooth idf, l2 rows, min_df \(options.linearOptions.minimumDocumentFrequency)) + multinomial logistic regression, C = \(options.linearOptions.c), L-BFGS"
                    : "not run",
            ],
            runs: main.runs, models: models, comparison: comparison, splitRuns: splitRuns)
        times.add("report", seconds: PhaseTimes.processCPUSeconds() - reportStart)
        return Result(report: report, predictionsCSV: main.predictionsCSV, cpuTimes: times)
    }

    /// Every document's input texts, computed once per run (decision 0158).
    struct SharedTexts: Sendable {
        /// The network's input text of each record (`StockPerformanceClassifier.clean`).
        let cleaned: [String]
        /// The linear baseline's words of each record (`LinearBaseline.words`), empty when it does not run.
        let words: [[Substring]]

        init(records: [DatasetManifest.Record], configuration: ClassifierConfiguration, linearWords: Bool) {
            cleaned = records.map {
                StockPerformanceClassifier.clean(
                    StockPerformanceClassifier.document(for: $0), configuration: configuration)
            }
            words = linearWords ? cleaned.map(TFIDFVectorizer.words(in:)) : []
        }
    }

    /// The outcome of one scheme.
    struct SchemeOutcome {
        var runs: [CrossValidationReport.Run]
        /// Labels used for each document's test (its fold's labels).
        var labels: [Int]
        /// Per model: document index → (sum of probability rows over seeds, count).
        var pooled: [String: [Int: (sum: [Double], count: Int)]]
        var predictionsCSV: String
    }

    static func runScheme(
        _ scheme: FoldScheme, records: [DatasetManifest.Record], texts: SharedTexts, vectors: WordVectors?,
        configuration: ClassifierConfiguration, options: Options, times: inout PhaseTimes, log: (String) -> Void
    ) throws(ClassifierError) -> SchemeOutcome {
        let folds = try scheme.folds(for: records, count: options.folds, seed: configuration.seed)
        let names = configuration.labelNames
        var outcome = SchemeOutcome(runs: [], labels: records.map(\.label), pooled: [:], predictionsCSV: "")
        var csvRecords: [DatasetManifest.Record] = []
        var csvPredictions: [Prediction] = []
        var csvTruths: [Int] = []
        var csvLeading: [[String]] = [[], [], []]
        for fold in folds {
            var foldRecords = records
            if scheme == .time, let binning = options.refitBins {
                let labels = try refittedLabels(
                    records: records, fittingOn: fold.training, classes: names.count, binning: binning)
                for i in foldRecords.indices { foldRecords[i].label = labels[i] }
            }
            for i in fold.test { outcome.labels[i] = foldRecords[i].label }
            let foldLabels = foldRecords.map(\.label)
            let testDocuments = fold.test.map { StockPerformanceClassifier.document(for: foldRecords[$0]) }
            func record(
                model: String, seed: UInt64?, trainingCount: Int, trainingIndices: [Int], predictions: [Prediction],
                history: History?
            ) {
                let run = makeRun(
                    scheme: scheme, model: model, fold: fold, seed: seed, trainingCount: trainingCount,
                    trainingIndices: trainingIndices, predictions: predictions, records: foldRecords, names: names,
                    history: history)
                outcome.runs.append(run)
                for (i, p) in zip(fold.test, predictions) {
                    var entry =
                        outcome.pooled[model, default: [:]][i] ?? (
                            sum: [Double](repeating: 0, count: names.count), count: 0
                        )
                    for c in entry.sum.indices { entry.sum[c] += p.probabilities[c] }
                    entry.count += 1
                    outcome.pooled[model, default: [:]][i] = entry
                }
                csvRecords += fold.test.map { foldRecords[$0] }
                csvPredictions += predictions
                csvTruths += fold.test.map { foldRecords[$0].label }
                csvLeading[0] += Array(repeating: model, count: predictions.count)
                csvLeading[1] += Array(repeating: String(fold.number), count: predictions.count)
                csvLeading[2] += Array(repeating: seed.map(String.init) ?? "", count: predictions.count)
                log(
                    "\(scheme.rawValue) fold \(fold.number)/\(folds.count) \(model)\(seed.map { " seed \($0)" } ?? ""): accuracy \(String(run.accuracy).prefix(5)) on \(run.testDocuments) documents (NIR \(String(run.noInformationRate).prefix(5)))"
                )
            }
            if options.linear {
                let predictions = times.measure("linear baseline (TF-IDF, L-BFGS, predictions)") {
                    let (baseline, _) = LinearBaseline.fit(
                        words: fold.training.map { texts.words[$0] }, labels: fold.training.map { foldLabels[$0] },
                        configuration: configuration, options: options.linearOptions)
                    return baseline.predict(testDocuments, words: fold.test.map { texts.words[$0] })
                }
                record(
                    model: "linear", seed: nil, trainingCount: fold.training.count, trainingIndices: fold.training,
                    predictions: predictions, history: nil)
            }
            if options.network, let vectors {
                let trainingRecords = fold.training.map { foldRecords[$0] }
                // Only this fold's documents are tokenized; the others are rows of padding.
                let used = Set(fold.training + fold.test)
                let foldTexts = records.indices.map { used.contains($0) ? texts.cleaned[$0] : "" }
                // The inputs depend on the training set only; seeds that hold out the same part share them.
                var shared: (training: [Int], inputs: NetworkInputs)?
                for r in 0..<options.seeds {
                    var seeded = configuration
                    seeded.seed = configuration.seed &+ UInt64(r)
                    let inner = scheme.innerSplit(validationFraction: options.innerValidationFraction)
                        .indices(for: trainingRecords, seed: seeded.seed)
                    guard !inner.training.isEmpty, !inner.validation.isEmpty else {
                        throw .data("fold \(fold.number): too few training filings to hold out an early-stopping part")
                    }
                    let innerTraining = inner.training.map { fold.training[$0] }
                    let inputs: NetworkInputs
                    if let shared, shared.training == innerTraining {
                        inputs = shared.inputs
                    } else {
                        inputs = times.measure("network inputs (tokenizer, token ids, embedding matrix)") {
                            NetworkInputs(
                                texts: foldTexts, trainingIndices: innerTraining, vectors: vectors,
                                configuration: configuration)
                        }
                        shared = (innerTraining, inputs)
                    }
                    let data = try inputs.sequences(labels: foldLabels, classes: configuration.classes)
                    let (classifier, history) = try times.measure("network training") { () throws(ClassifierError) in
                        try StockPerformanceClassifier.fit(
                            training: data.subset(innerTraining),
                            validation: data.subset(inner.validation.map { fold.training[$0] }),
                            tokenizer: inputs.tokenizer, matrix: inputs.matrix, configuration: seeded,
                            executionPath: options.executionPath)
                    }
                    let predictions = times.measure("network test predictions") {
                        classifier.predict(ids: inputs.rows(fold.test), documentIDs: fold.test.map { records[$0].id })
                    }
                    record(
                        model: "network", seed: seeded.seed, trainingCount: fold.training.count,
                        trainingIndices: fold.training, predictions: predictions, history: history)
                }
            }
        }
        outcome.predictionsCSV = PredictionsTable.csv(
            records: csvRecords, predictions: csvPredictions, trueLabels: csvTruths, labelNames: names,
            leading: [("model", csvLeading[0]), ("fold", csvLeading[1]), ("seed", csvLeading[2])])
        return outcome
    }

    static func makeRun(
        scheme: FoldScheme, model: String, fold: CrossValidationFold, seed: UInt64?, trainingCount: Int,
        trainingIndices: [Int], predictions: [Prediction], records: [DatasetManifest.Record], names: [String],
        history: History?
    ) -> CrossValidationReport.Run {
        let truths = fold.test.map { records[$0].label }
        let metrics = ClassificationMetrics(
            trueLabels: truths, predictedLabels: predictions.map(\.label),
            probabilities: predictions.map(\.probabilities), labelNames: names)
        let grouped = GroupedPredictions(
            groups: fold.test.map { SplitMethod.filingKey(records[$0]) },
            probabilities: predictions.map(\.probabilities),
            trueLabels: truths)
        let filingCorrect = zip(grouped.predictedLabels, grouped.trueLabels).filter { $0 == $1 }.count
        func shares(_ indices: [Int]) -> [Double] {
            names.indices.map { c in
                Double(indices.filter { records[$0].label == c }.count) / Double(max(indices.count, 1))
            }
        }
        let dates = fold.test.map { records[$0].filingDate }
        return CrossValidationReport.Run(
            scheme: scheme.rawValue, model: model, fold: fold.number, seed: seed, trainingDocuments: trainingCount,
            testDocuments: fold.test.count, testFilings: grouped.groups.count, accuracy: metrics.overall.accuracy,
            noInformationRate: metrics.overall.noInformationRate,
            filingAccuracy: Double(filingCorrect) / Double(grouped.groups.count), logLoss: metrics.overall.logLoss,
            epochsRun: history.map { $0.epochs.count }, bestEpoch: history?.bestEpoch,
            trainingClassShares: shares(trainingIndices), testClassShares: shares(fold.test),
            testPeriod: "\(dates.min()?.description ?? "") – \(dates.max()?.description ?? "")")
    }

    /// Labels of every record from bins fitted on the filings of `fittingOn` only (one excess return per
    /// filing), over all filings or within each record's industry (decision 0154).
    /// - Throws: `ClassifierError.data` when the bins cannot be formed or a record's industry has no edges.
    public static func refittedLabels(
        records: [DatasetManifest.Record], fittingOn indices: [Int], classes: Int, binning: DatasetPreparation.Binning
    ) throws(ClassifierError) -> [Int] {
        func group(_ r: DatasetManifest.Record) -> String {
            binning == .all ? GroupedQuantileEdges.wholeSet : r.industry
        }
        var seen = Set<String>()
        var values: [Double] = []
        var groups: [String] = []
        for i in indices where seen.insert(SplitMethod.filingKey(records[i])).inserted {
            values.append(records[i].excessReturn)
            groups.append(group(records[i]))
        }
        do {
            let edges = try QuantileBinner(binCount: classes).fit(values, groups: groups)
            return try edges.labels(for: records.map(\.excessReturn), groups: records.map(group))
        } catch {
            throw .data("cannot fit \(classes) bins on the \(values.count) training filings: \(error)")
        }
    }
}
