public import FTIO

/// The evaluation report of one model on one evaluation set: metrics, an optional training history and free-form
/// context (split, class balance, model, …), rendered as metrics.json, report.md, report.html, confusion.svg,
/// history.svg and a terminal summary.
public struct EvaluationReport: Sendable, Equatable {
    /// The metrics to report.
    public var metrics: ClassificationMetrics
    /// The training history, when the model was trained with one.
    public var history: TrainingHistory?
    /// Context shown at the top of the report, such as `"split": "last 20% as validation"`; sorted by key.
    public var context: [String: String]
    /// Passages that drove a sample of predictions, shown as a report section when set.
    public var explanations: Explanations? = nil

    /// Creates a report.
    public init(metrics: ClassificationMetrics, history: TrainingHistory? = nil, context: [String: String] = [:]) {
        self.metrics = metrics
        self.history = history
        self.context = context
    }

    /// Every file name `write(to:)` may create (`history.svg` only with a history).
    public static let allFileNames = ["metrics.json", "report.md", "report.html", "confusion.svg", "history.svg"]

    /// The names of the files `write(to:)` creates, in order.
    public var fileNames: [String] {
        ["metrics.json", "report.md", "report.html", "confusion.svg"] + (history == nil ? [] : ["history.svg"])
    }

    /// Writes the report files into `folder` (created if missing), each atomically (`AtomicFile`), so a reader
    /// never sees a half-written file. Output is deterministic: same inputs, same bytes.
    /// - Throws: `IOError` naming the file that could not be written.
    public func write(to folder: String) throws(IOError) {
        try AtomicFile.createFolder(folder)
        let base = folder.hasSuffix("/") ? folder : folder + "/"
        try AtomicFile.write(metrics.jsonText(), to: base + "metrics.json")
        try AtomicFile.write(markdown(), to: base + "report.md")
        try AtomicFile.write(html(), to: base + "report.html")
        try AtomicFile.write(ConfusionMatrixChart.svg(for: metrics), to: base + "confusion.svg")
        if let history {
            try AtomicFile.write(TrainingHistoryChart.svg(for: history), to: base + "history.svg")
        }
    }

    /// Context entries sorted by key.
    var sortedContext: [(key: String, value: String)] {
        context.sorted { $0.key < $1.key }.map { (key: $0.key, value: $0.value) }
    }

    /// Rows of (statistic name, formatted value) for the overall table shared by the renderings.
    var overallRows: [(String, String)] {
        let o = metrics.overall
        var rows: [(String, String)] = [
            ("Samples (n)", String(o.n)),
            ("Accuracy", Formatting.number(o.accuracy)),
            (
                "95% CI (exact, Clopper–Pearson)",
                "(\(Formatting.number(o.accuracyLower)), \(Formatting.number(o.accuracyUpper)))"
            ),
            ("No information rate", Formatting.number(o.noInformationRate)),
            ("P-value [Acc > NIR]", Formatting.pValue(o.pValueAccuracyGreaterThanNIR)),
            ("Kappa", Formatting.number(o.kappa)),
            (
                metrics.labels.count == 2 ? "McNemar's test p-value" : "McNemar–Bowker symmetry p-value",
                Formatting.pValue(o.mcnemarPValue)
            ),
        ]
        if metrics.hasProbabilityScores {
            rows.append(("Log loss", Formatting.number(o.logLoss)))
            rows.append(("Brier score (multi-class)", Formatting.number(o.brier)))
        }
        return rows
    }

    /// Rows of (statistic name, one formatted value per class) for the per-class tables.
    var perClassRows: [(String, [String])] {
        let c = metrics.perClass
        var rows: [(String, [String])] = [
            ("TP", c.map { String($0.truePositives) }), ("TN", c.map { String($0.trueNegatives) }),
            ("FP", c.map { String($0.falsePositives) }), ("FN", c.map { String($0.falseNegatives) }),
            ("Prevalence", c.map { Formatting.number($0.prevalence) }),
            ("Sensitivity (recall)", c.map { Formatting.number($0.sensitivity) }),
            ("Specificity", c.map { Formatting.number($0.specificity) }),
            ("Precision (PPV)", c.map { Formatting.number($0.precision) }),
            ("Negative predictive value", c.map { Formatting.number($0.negativePredictiveValue) }),
            ("Detection rate", c.map { Formatting.number($0.detectionRate) }),
            ("Detection prevalence", c.map { Formatting.number($0.detectionPrevalence) }),
            ("Balanced accuracy", c.map { Formatting.number($0.balancedAccuracy) }),
            ("F1", c.map { Formatting.number($0.f1) }),
        ]
        if metrics.hasProbabilityScores {
            rows.append(("ROC AUC (one-vs-rest)", c.map { Formatting.number($0.rocAUC) }))
        }
        return rows
    }

    /// Rows of (baseline, expected accuracy, model's p-value).
    var baselineRows: [(String, String, String)] {
        let b = metrics.baselines
        return [
            (
                "Uniform chance (1/\(metrics.labels.count))", Formatting.number(b.uniformChance.accuracy),
                Formatting.pValue(b.uniformChance.pValue)
            ),
            (
                "Always the majority class (\(b.majorityLabel))", Formatting.number(b.majorityClass.accuracy),
                Formatting.pValue(b.majorityClass.pValue)
            ),
            (
                "Prevalence-matched random guess", Formatting.number(b.prevalenceMatched.accuracy),
                Formatting.pValue(b.prevalenceMatched.pValue)
            ),
        ]
    }
}
