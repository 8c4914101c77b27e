public import FTIO

/// The report of a cross-validation: every train/test run, the pooled out-of-fold results of each model at
/// section and filing level, the paired comparison of two models, the finance metrics, an optional
/// comparison of split schemes, and a plain-language verdict generated from those numbers.
///
/// Written as a folder by `write(to:)`: `metrics.json` (schema in docs/evaluation.md), `report.html`,
/// `report.md`, `folds.csv`, and `pooled-<model>/` (the full evaluation report of each model's pooled
/// section-level predictions). Deterministic: same inputs, same bytes.
public struct CrossValidationReport: Sendable {
    /// One model trained on one fold's training part with one seed and tested on the fold.
    public struct Run: Sendable, Equatable {
        /// The fold scheme (`time`, `company`, `filing`, `document`).
        public var scheme: String
        /// The model (`network`, `linear`).
        public var model: String
        /// 1-based fold number.
        public var fold: Int
        /// The training seed; nil for a deterministic model.
        public var seed: UInt64?
        /// Documents the model was fitted on (for the network including its early-stopping part).
        public var trainingDocuments: Int
        /// Test documents.
        public var testDocuments: Int
        /// Test filings.
        public var testFilings: Int
        /// Section-level test accuracy.
        public var accuracy: Double
        /// The test fold's no-information rate (its largest class share).
        public var noInformationRate: Double
        /// Filing-level test accuracy.
        public var filingAccuracy: Double
        /// Section-level log loss.
        public var logLoss: Double?
        /// Epochs trained (network only).
        public var epochsRun: Int?
        /// The epoch whose weights were kept (network only).
        public var bestEpoch: Int?
        /// Class shares of the training documents.
        public var trainingClassShares: [Double]
        /// Class shares of the test documents.
        public var testClassShares: [Double]
        /// First and last filing date of the test fold (`2023-05-02 – 2023-06-29`).
        public var testPeriod: String

        /// Creates a run record.
        public init(
            scheme: String, model: String, fold: Int, seed: UInt64?, trainingDocuments: Int, testDocuments: Int,
            testFilings: Int, accuracy: Double, noInformationRate: Double, filingAccuracy: Double, logLoss: Double?,
            epochsRun: Int?, bestEpoch: Int?, trainingClassShares: [Double], testClassShares: [Double],
            testPeriod: String
        ) {
            self.scheme = scheme
            self.model = model
            self.fold = fold
            self.seed = seed
            self.trainingDocuments = trainingDocuments
            self.testDocuments = testDocuments
            self.testFilings = testFilings
            self.accuracy = accuracy
            self.noInformationRate = noInformationRate
            self.filingAccuracy = filingAccuracy
            self.logLoss = logLoss
            self.epochsRun = epochsRun
            self.bestEpoch = bestEpoch
            self.trainingClassShares = trainingClassShares
            self.testClassShares = testClassShares
            self.testPeriod = testPeriod
        }
    }

    /// One model's pooled out-of-fold results.
    public struct ModelResult: Sendable {
        /// The model's name.
        public var model: String
        /// Every test document once (the network's probabilities averaged over the seeds).
        public var sectionLevel: ClassificationMetrics
        /// One prediction per filing (`GroupedPredictions`); its n is the effective sample size.
        public var filingLevel: ClassificationMetrics
        /// Realised excess return by predicted class, spread and rank IC, over filings.
        public var returns: PredictedReturns

        /// Creates a model result.
        public init(
            model: String, sectionLevel: ClassificationMetrics, filingLevel: ClassificationMetrics,
            returns: PredictedReturns
        ) {
            self.model = model
            self.sectionLevel = sectionLevel
            self.filingLevel = filingLevel
            self.returns = returns
        }
    }

    /// Mean and standard deviation of one model's runs under one scheme.
    public struct Summary: Sendable, Equatable {
        /// Scheme and model.
        public var scheme: String
        /// See `scheme`.
        public var model: String
        /// Runs summarised.
        public var runs: Int
        /// Mean section-level accuracy.
        public var accuracyMean: Double
        /// Sample standard deviation (divisor runs − 1; 0 for one run).
        public var accuracySD: Double
        /// Mean filing-level accuracy.
        public var filingAccuracyMean: Double
        /// Its sample standard deviation.
        public var filingAccuracySD: Double
        /// Mean no-information rate of the test folds.
        public var noInformationRateMean: Double
    }

    /// The class names.
    public var labelNames: [String]
    /// The main fold scheme.
    public var scheme: String
    /// Folds K.
    public var folds: Int
    /// The network's seeds.
    public var seeds: [UInt64]
    /// How labels are defined (horizon, benchmark, bins and where their edges were fitted).
    public var labelDefinition: String
    /// Further context, shown sorted by key.
    public var context: [String: String]
    /// The runs of the main scheme.
    public var runs: [Run]
    /// Pooled results, one per model.
    public var models: [ModelResult]
    /// The paired comparison of the first two models, when both ran.
    public var comparison: PairedComparison?
    /// Runs of the other schemes (`--compare-splits`), empty otherwise.
    public var splitRuns: [Run]

    /// Creates a report.
    public init(
        labelNames: [String], scheme: String, folds: Int, seeds: [UInt64], labelDefinition: String,
        context: [String: String], runs: [Run], models: [ModelResult], comparison: PairedComparison?,
        splitRuns: [Run] = []
    ) {
        self.labelNames = labelNames
        self.scheme = scheme
        self.folds = folds
        self.seeds = seeds
        self.labelDefinition = labelDefinition
        self.context = context
        self.runs = runs
        self.models = models
        self.comparison = comparison
        self.splitRuns = splitRuns
    }

    /// Mean ± sd per (scheme, model), main scheme first, in order of appearance.
    public var summaries: [Summary] {
        var keys: [(String, String)] = []
        for run in runs + splitRuns where !keys.contains(where: { $0 == (run.scheme, run.model) }) {
            keys.append((run.scheme, run.model))
        }
        return keys.map { key in
            let chosen = (runs + splitRuns).filter { ($0.scheme, $0.model) == key }
            let (mean, sd) = Self.meanSD(chosen.map(\.accuracy))
            let (filingMean, filingSD) = Self.meanSD(chosen.map(\.filingAccuracy))
            return Summary(
                scheme: key.0, model: key.1, runs: chosen.count, accuracyMean: mean, accuracySD: sd,
                filingAccuracyMean: filingMean, filingAccuracySD: filingSD,
                noInformationRateMean: Self.meanSD(chosen.map(\.noInformationRate)).mean)
        }
    }

    static func meanSD(_ values: [Double]) -> (mean: Double, sd: Double) {
        guard !values.isEmpty else { return (0, 0) }
        let mean = values.reduce(0, +) / Double(values.count)
        guard values.count > 1 else { return (mean, 0) }
        let variance = values.reduce(0) { $0 + ($1 - mean) * ($1 - mean) } / Double(values.count - 1)
        return (mean, variance.squareRoot())
    }

    /// The notes every cross-validation report carries about its p-values and its validation.
    public var notes: [String] {
        var notes = [
            "The four sections of a filing share one label, so section-level p-values treat correlated documents as independent and overstate the evidence; the filing-level figures (one prediction per filing, from the mean of its sections' probabilities) use the effective n, the number of filings.",
            "Fold accuracies are not independent either (the training sets overlap); the paired comparison uses Nadeau and Bengio's corrected resampled t-test for that reason.",
        ]
        if runs.contains(where: { $0.bestEpoch != nil }) {
            notes.append(
                "The network's best epoch was chosen on a validation part carved out of each fold's training filings, never on the test fold, so the test-fold figures are not optimistic in that way."
            )
        }
        return notes
    }

    /// Writes the report folder (created if missing), every file atomically.
    /// - Throws: `IOError` naming the file that could not be written.
    public func write(to folder: String) throws(IOError) {
        try AtomicFile.createFolder(folder)
        let base = folder.hasSuffix("/") ? folder : folder + "/"
        try AtomicFile.write(jsonText(), to: base + "metrics.json")
        try AtomicFile.write(html(), to: base + "report.html")
        try AtomicFile.write(markdown(), to: base + "report.md")
        try AtomicFile.write(foldsCSV(), to: base + "folds.csv")
        for model in models {
            let report = EvaluationReport(
                metrics: model.sectionLevel,
                context: [
                    "evaluated on": "pooled out-of-fold predictions of the \(model.model) model, \(scheme) folds",
                    "labels": labelDefinition,
                ])
            try report.write(to: base + "pooled-\(model.model)")
        }
    }

    /// The runs as CSV, one line per run.
    public func foldsCSV() -> String {
        var lines = [
            "scheme,model,fold,seed,training_documents,test_documents,test_filings,test_period,accuracy,no_information_rate,filing_accuracy,log_loss,epochs_run,best_epoch"
        ]
        for r in runs + splitRuns {
            let fields: [String] = [
                r.scheme, r.model, String(r.fold), r.seed.map(String.init) ?? "", String(r.trainingDocuments),
                String(r.testDocuments), String(r.testFilings), r.testPeriod, "\(r.accuracy)", "\(r.noInformationRate)",
                "\(r.filingAccuracy)", r.logLoss.map { "\($0)" } ?? "", r.epochsRun.map(String.init) ?? "",
                r.bestEpoch.map(String.init) ?? "",
            ]
            lines.append(fields.joined(separator: ","))
        }
        return lines.joined(separator: "\n") + "\n"
    }
}
