extension CrossValidationReport {
    /// The cross-validation report as one self-contained HTML page: verdict box, context and label
    /// definition, fold table, strip plot, section- and filing-level pooled results, paired comparison,
    /// finance metrics, split comparison and notes.
    public func html() -> String {
        var out = """
            <!DOCTYPE html>
            <html lang="en">
            <head>
            <meta charset="utf-8">
            <meta name="viewport" content="width=device-width, initial-scale=1">
            <title>Cross-validation report</title>
            <style>
            \(EvaluationReport.stylesheet)
            .verdict { border-left: 6px solid #3b5bdb; }
            .verdict li { margin: 4px 0; }
            </style>
            </head>
            <body>
            <main>
            <h1>Cross-validation report</h1>
            <p class="muted">\(folds) \(escape(scheme)) folds, \(seeds.isEmpty ? "no network" : "\(seeds.count) seed\(seeds.count == 1 ? "" : "s") for the network"); \(labelNames.count) classes: \(escape(labelNames.joined(separator: ", "))).</p>

            """
        out += "<section class=\"verdict\" id=\"verdict\"><h2>What this says</h2><ul>\n"
        for line in verdict { out += "<li>\(escape(line))</li>\n" }
        out += "</ul></section>\n"
        out += "<section><h2>Context</h2><table class=\"context\"><tbody>\n"
        out += "<tr><th>labels</th><td>\(escape(labelDefinition))</td></tr>\n"
        for (key, value) in context.sorted(by: { $0.key < $1.key }) {
            out += "<tr><th>\(escape(key))</th><td>\(escape(value))</td></tr>\n"
        }
        out += "</tbody></table></section>\n"

        out += "<section id=\"summary\"><h2>Accuracy across runs (mean ± sd)</h2><table><thead><tr><th>Scheme</th>"
        out +=
            "<th>Model</th><th>Runs</th><th>Section accuracy</th><th>Filing accuracy</th><th>No-information rate</th></tr></thead><tbody>\n"
        for s in summaries {
            out += "<tr><td>\(escape(s.scheme))</td><td>\(escape(s.model))</td><td>\(s.runs)</td>"
            out +=
                "<td>\(Formatting.number(s.accuracyMean, digits: 3)) ± \(Formatting.number(s.accuracySD, digits: 3))</td>"
            out +=
                "<td>\(Formatting.number(s.filingAccuracyMean, digits: 3)) ± \(Formatting.number(s.filingAccuracySD, digits: 3))</td>"
            out += "<td>\(Formatting.number(s.noInformationRateMean, digits: 3))</td></tr>\n"
        }
        out += "</tbody></table>\n"
        if !splitRuns.isEmpty {
            out +=
                "<p class=\"muted\">Every scheme uses the same documents and the same models. A random document-level split lets sections of one filing, and filings of one company, sit on both sides; the difference between its accuracy and the grouped schemes' is how much that leak inflates results.</p>\n"
        }
        out += "</section>\n"

        out += "<section id=\"folds\"><h2>Folds</h2>\n<div class=\"figure\">\n" + stripPlot() + "</div>\n"
        out += "<table id=\"fold-table\"><thead><tr><th>Model</th><th>Fold</th><th>Seed</th><th>Test period</th>"
        out += "<th>Train docs</th><th>Test docs</th><th>Test filings</th><th>Accuracy</th><th>NIR</th>"
        out += "<th>Filing accuracy</th><th>Log loss</th><th>Best epoch / run</th></tr></thead><tbody>\n"
        for r in runs {
            out += "<tr><td>\(escape(r.model))</td><td>\(r.fold)</td><td>\(r.seed.map(String.init) ?? "–")</td>"
            out += "<td>\(escape(r.testPeriod))</td><td>\(r.trainingDocuments)</td><td>\(r.testDocuments)</td>"
            out += "<td>\(r.testFilings)</td><td>\(Formatting.number(r.accuracy, digits: 3))</td>"
            out += "<td>\(Formatting.number(r.noInformationRate, digits: 3))</td>"
            out +=
                "<td>\(Formatting.number(r.filingAccuracy, digits: 3))</td><td>\(Formatting.number(r.logLoss, digits: 3))</td>"
            out += "<td>\(r.bestEpoch.map { "\($0) / \(r.epochsRun ?? 0)" } ?? "–")</td></tr>\n"
        }
        out += "</tbody></table></section>\n"

        out += "<section id=\"pooled\"><h2>Pooled out-of-fold results: filings and sections</h2>\n"
        out +=
            "<p class=\"muted\">Every test document once (the network's probabilities averaged over its seeds). A filing's prediction is the most probable class of the mean of its sections' probabilities; the number of filings is the effective n. Full statistics: <code>pooled-&lt;model&gt;/report.html</code>.</p>\n"
        out +=
            "<table id=\"pooled-table\"><thead><tr><th>Model</th><th>Level</th><th>n</th><th>Accuracy</th><th>95% CI</th>"
        out +=
            "<th>No-information rate</th><th>p [Acc &gt; NIR]</th><th>Kappa</th><th>Log loss</th></tr></thead><tbody>\n"
        for m in models {
            for (level, metrics) in [("filing (effective n)", m.filingLevel), ("section", m.sectionLevel)] {
                let o = metrics.overall
                out +=
                    "<tr><td>\(escape(m.model))</td><td>\(level)</td><td>\(o.n)</td><td>\(Formatting.number(o.accuracy, digits: 3))</td>"
                out +=
                    "<td>\(Formatting.number(o.accuracyLower, digits: 3))–\(Formatting.number(o.accuracyUpper, digits: 3))</td>"
                out +=
                    "<td>\(Formatting.number(o.noInformationRate, digits: 3))</td><td>\(Formatting.pValue(o.pValueAccuracyGreaterThanNIR))</td>"
                out +=
                    "<td>\(Formatting.number(o.kappa, digits: 3))</td><td>\(Formatting.number(o.logLoss, digits: 3))</td></tr>\n"
            }
        }
        out += "</tbody></table>\n"
        for m in models {
            out += "<h3>\(escape(m.model)): filing-level confusion matrix</h3>\n<div class=\"figure\">\n"
            out += ConfusionMatrixChart.svg(for: m.filingLevel, standalone: false) + "</div>\n"
        }
        out += "</section>\n"

        if let comparison {
            let t = comparison.tTest
            let m = comparison.mcNemar
            out +=
                "<section id=\"comparison\"><h2>\(escape(comparison.first)) versus \(escape(comparison.second))</h2>\n"
            out += "<p>\(escape(comparison.plainWords))</p>\n<table><tbody>\n"
            out +=
                "<tr><td>Mean accuracy difference (\(escape(comparison.first)) − \(escape(comparison.second)))</td><td>\(Formatting.number(t.meanDifference, digits: 4))</td></tr>\n"
            out +=
                "<tr><td>Corrected resampled t (Nadeau–Bengio), df \(t.degreesOfFreedom)</td><td>\(Formatting.number(t.t, digits: 3))</td></tr>\n"
            out += "<tr><td>Two-sided p-value</td><td>\(Formatting.pValue(t.pValue))</td></tr>\n"
            out +=
                "<tr><td>McNemar: right only with \(escape(comparison.first)) / only with \(escape(comparison.second))</td><td>\(m.firstOnlyCorrect) / \(m.secondOnlyCorrect)</td></tr>\n"
            out +=
                "<tr><td>McNemar χ² (continuity corrected), p-value</td><td>\(Formatting.number(m.chiSquared, digits: 3)), \(Formatting.pValue(m.pValue))</td></tr>\n"
            out += "<tr><td>McNemar exact binomial p-value</td><td>\(Formatting.pValue(m.exactPValue))</td></tr>\n"
            out += "</tbody></table></section>\n"
        }

        out += "<section id=\"returns\"><h2>Realised excess return by prediction (filings)</h2>\n"
        out +=
            "<p class=\"muted\">Mean excess return over the label's horizon of the filings predicted in each class; the high-minus-low spread with Welch's t; the rank information coefficient is Spearman's correlation between P(\(escape(labelNames.last ?? "high"))) − P(\(escape(labelNames.first ?? "low"))) and the realised excess return.</p>\n"
        for m in models {
            let r = m.returns
            out +=
                "<h3>\(escape(m.model))</h3><table><thead><tr><th>Predicted</th><th>Filings</th><th>Mean excess return</th><th>SD</th></tr></thead><tbody>\n"
            for g in r.groups {
                out +=
                    "<tr><td>\(escape(g.label))</td><td>\(g.count)</td><td>\(Formatting.percent(g.mean))</td><td>\(Formatting.percent(g.standardDeviation))</td></tr>\n"
            }
            out +=
                "<tr><td>high − low spread</td><td></td><td>\(Formatting.percent(r.spread))</td><td>t = \(Formatting.number(r.spreadT, digits: 2)), p = \(Formatting.pValue(r.spreadPValue))</td></tr>\n"
            out +=
                "<tr><td>rank IC</td><td>\(r.n)</td><td>\(Formatting.number(r.rankIC, digits: 3))</td><td>t = \(Formatting.number(r.rankICT, digits: 2)), p = \(Formatting.pValue(r.rankICPValue))</td></tr>\n"
            out += "</tbody></table>\n"
        }
        out += "</section>\n"

        out += "<section id=\"notes\"><h2>Reading the p-values</h2><ul>\n"
        for note in notes { out += "<li>\(escape(note))</li>\n" }
        out += "</ul></section>\n</main>\n</body>\n</html>\n"
        return out
    }

    /// Accuracy of every run per fold (one dot per run, coloured by model) against each fold's
    /// no-information rate (a grey bar).
    func stripPlot() -> String {
        let width = 640.0
        let height = 300.0
        let left = 56.0
        let right = 130.0
        let top = 16.0
        let bottom = 40.0
        var canvas = SVGCanvas(width: width, height: height)
        let plotWidth = width - left - right
        let plotHeight = height - top - bottom
        let values = runs.flatMap { [$0.accuracy, $0.noInformationRate] }
        let low = max(0, ((values.min() ?? 0) * 10).rounded(.down) / 10)
        let high = min(1, ((values.max() ?? 1) * 10).rounded(.up) / 10)
        let span = max(high - low, 0.1)
        func y(_ v: Double) -> Double { top + plotHeight * (1 - (v - low) / span) }
        let band = plotWidth / Double(max(folds, 1))
        var tick = low
        while tick <= high + 1e-9 {
            canvas.line(x1: left, y1: y(tick), x2: left + plotWidth, y2: y(tick), stroke: "#e6e8ee")
            canvas.text(
                Formatting.number(tick, digits: 1), in: Box(x: 0, y: y(tick) - 8, width: left - 6, height: 16),
                fontSize: 11, anchor: .end)
            tick += 0.1
        }
        let models = Array(Set(runs.map(\.model))).sorted()
        let colours = ["#3b5bdb", "#e8590c", "#2b8a3e", "#862e9c"]
        for fold in 1...max(folds, 1) {
            let x0 = left + band * Double(fold - 1)
            canvas.text("fold \(fold)", in: Box(x: x0, y: top + plotHeight + 6, width: band, height: 16), fontSize: 11)
            if let nir = runs.first(where: { $0.fold == fold })?.noInformationRate {
                canvas.line(
                    x1: x0 + band * 0.15, y1: y(nir), x2: x0 + band * 0.85, y2: y(nir), stroke: "#868e96", width: 3)
            }
            for (m, model) in models.enumerated() {
                let chosen = runs.filter { $0.fold == fold && $0.model == model }
                for (i, r) in chosen.enumerated() {
                    let x =
                        x0 + band * (0.3 + 0.4 * Double(m) / Double(max(models.count - 1, 1))) + Double(
                            i - chosen.count / 2) * 5
                    canvas.circle(
                        x: x, y: y(r.accuracy), radius: 4.5, fill: colours[m % colours.count],
                        title:
                            "\(model), fold \(fold)\(r.seed.map { ", seed \($0)" } ?? ""): accuracy \(Formatting.number(r.accuracy, digits: 3)), NIR \(Formatting.number(r.noInformationRate, digits: 3))"
                    )
                }
            }
        }
        for (m, model) in models.enumerated() {
            let ly = top + 14 + Double(m) * 20
            canvas.circle(x: left + plotWidth + 16, y: ly, radius: 4.5, fill: colours[m % colours.count])
            canvas.text(
                model, in: Box(x: left + plotWidth + 24, y: ly - 8, width: right - 28, height: 16), fontSize: 12,
                anchor: .start)
        }
        let ly = top + 14 + Double(models.count) * 20
        canvas.line(x1: left + plotWidth + 8, y1: ly, x2: left + plotWidth + 24, y2: ly, stroke: "#868e96", width: 3)
        canvas.text(
            "no-information", in: Box(x: left + plotWidth + 24, y: ly - 8, width: right - 28, height: 16), fontSize: 12,
            anchor: .start)
        return canvas.document(
            id: "fold-strip-plot", title: "Accuracy per fold",
            description: "Test accuracy of each run per fold against the fold's no-information rate", standalone: false)
    }

    /// The report as Markdown: verdict, summary, pooled results, comparison, returns, notes.
    public func markdown() -> String {
        var out =
            "# Cross-validation report\n\n\(folds) \(scheme) folds, \(seeds.count) network seed(s). Labels: \(labelDefinition)\n\n## What this says\n\n"
        for line in verdict { out += "- \(line)\n" }
        out +=
            "\n## Accuracy across runs\n\n| scheme | model | runs | section accuracy | filing accuracy | NIR |\n|---|---|---|---|---|---|\n"
        for s in summaries {
            out +=
                "| \(s.scheme) | \(s.model) | \(s.runs) | \(Formatting.number(s.accuracyMean, digits: 3)) ± \(Formatting.number(s.accuracySD, digits: 3)) | \(Formatting.number(s.filingAccuracyMean, digits: 3)) ± \(Formatting.number(s.filingAccuracySD, digits: 3)) | \(Formatting.number(s.noInformationRateMean, digits: 3)) |\n"
        }
        out +=
            "\n## Pooled out-of-fold results\n\n| model | level | n | accuracy | NIR | p [Acc > NIR] |\n|---|---|---|---|---|---|\n"
        for m in models {
            for (level, metrics) in [("filing (effective n)", m.filingLevel), ("section", m.sectionLevel)] {
                let o = metrics.overall
                out +=
                    "| \(m.model) | \(level) | \(o.n) | \(Formatting.number(o.accuracy, digits: 3)) | \(Formatting.number(o.noInformationRate, digits: 3)) | \(Formatting.pValue(o.pValueAccuracyGreaterThanNIR)) |\n"
            }
        }
        if let comparison {
            out += "\n## \(comparison.first) versus \(comparison.second)\n\n\(comparison.plainWords)\n"
        }
        out += "\n## Excess return by prediction (filings)\n\n"
        for m in models {
            let r = m.returns
            out +=
                "- \(m.model): "
                + r.groups.map { "\($0.label) \($0.count) filings, mean \(Formatting.percent($0.mean))" }.joined(
                    separator: "; ")
            out +=
                "; high − low \(Formatting.percent(r.spread)) (t = \(Formatting.number(r.spreadT, digits: 2))); rank IC \(Formatting.number(r.rankIC, digits: 3))\n"
        }
        out += "\n## Reading the p-values\n\n"
        for note in notes { out += "- \(note)\n" }
        return out
    }

    private func escape(_ text: String) -> String { SVGCanvas.escape(text) }
}
