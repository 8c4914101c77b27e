extension EvaluationReport {
    /// The report as one self-contained HTML page (report.html): inline CSS and SVG, no scripts, no external
    /// assets, so it opens from disk or an e-mail attachment as it is.
    public func html() -> String {
        let m = metrics
        let o = m.overall
        var out = """
            <!DOCTYPE html>
            <html lang="en">
            <head>
            <meta charset="utf-8">
            <meta name="viewport" content="width=device-width, initial-scale=1">
            <title>Evaluation report</title>
            <style>
            \(Self.stylesheet)
            \(explanations == nil ? "" : Self.explanationsCSS + "\n")</style>
            </head>
            <body>
            <main>
            <h1>Evaluation report</h1>
            <p class="muted">\(o.n) samples, \(m.labels.count) classes: \(escape(m.labels.joined(separator: ", "))).</p>

            """
        if !context.isEmpty {
            out += "<section><h2>Context</h2><table class=\"context\"><tbody>\n"
            for (key, value) in sortedContext { out += "<tr><th>\(escape(key))</th><td>\(escape(value))</td></tr>\n" }
            out += "</tbody></table></section>\n"
        }
        let b = m.baselines
        out += "<div class=\"cards\">\n"
        out += card(
            "Accuracy", Formatting.number(o.accuracy),
            "95% CI \(Formatting.number(o.accuracyLower))–\(Formatting.number(o.accuracyUpper))")
        out += card(
            "Majority-class baseline", Formatting.number(b.majorityClass.accuracy),
            "p [Acc &gt; NIR] = \(Formatting.pValue(o.pValueAccuracyGreaterThanNIR))")
        out += card("Kappa", Formatting.number(o.kappa), "chance-corrected agreement")
        out += card("Macro F1", Formatting.number(m.macro.f1), "weighted \(Formatting.number(m.weighted.f1))")
        if m.hasProbabilityScores {
            out += card("Log loss", Formatting.number(o.logLoss), "Brier \(Formatting.number(o.brier))")
        }
        out += "</div>\n"
        out += "<section id=\"confusion\"><h2>Confusion matrix</h2>\n"
        out +=
            "<p class=\"muted\">Rows are the true class, columns the predicted class; hover a cell for details.</p>\n"
        out += "<div class=\"figure\">\n" + ConfusionMatrixChart.svg(for: m, standalone: false) + "</div>\n"
        out += "<table id=\"confusion-table\"><thead><tr><th>true \\ predicted</th>"
        out += m.labels.map { "<th>\(escape($0))</th>" }.joined() + "<th>total</th></tr></thead><tbody>\n"
        for (i, row) in m.confusionMatrix.counts.enumerated() {
            out +=
                "<tr><th>\(escape(m.labels[i]))</th>" + row.map { "<td>\($0)</td>" }.joined()
                + "<td>\(m.confusionMatrix.trueCount(i))</td></tr>\n"
        }
        out +=
            "<tr><th>total</th>" + m.labels.indices.map { "<td>\(m.confusionMatrix.predictedCount($0))</td>" }.joined()
            + "<td>\(m.confusionMatrix.total)</td></tr>\n</tbody></table></section>\n"

        out += "<section><h2>Overall statistics</h2><table><tbody>\n"
        for (name, value) in overallRows { out += "<tr><td>\(escape(name))</td>\(valueCell(value))</tr>\n" }
        out += "</tbody></table></section>\n"

        out += "<section><h2>Baselines</h2>\n<p class=\"muted\">Exact one-sided binomial p-value of at least "
        out += "\(m.confusionMatrix.correct) correct out of \(o.n) if the model were no better than the baseline.</p>\n"
        out +=
            "<table><thead><tr><th>Baseline</th><th>Expected accuracy</th><th>Model's p-value</th></tr></thead><tbody>\n"
        for (name, accuracy, p) in baselineRows {
            out += "<tr><td>\(escape(name))</td>\(valueCell(accuracy))\(valueCell(p))</tr>\n"
        }
        out += "</tbody></table></section>\n"

        out += "<section><h2>Per class (one-vs-rest)</h2><table><thead><tr><th>Statistic</th>"
        out += m.labels.map { "<th>\(escape($0))</th>" }.joined() + "</tr></thead><tbody>\n"
        for (name, values) in perClassRows {
            out += "<tr><td>\(escape(name))</td>" + values.map(valueCell).joined() + "</tr>\n"
        }
        out += "</tbody></table></section>\n"

        out += "<section><h2>Averages over all labels</h2><table><thead><tr><th>Average</th><th>Precision</th>"
        out += "<th>Recall</th><th>F1</th></tr></thead><tbody>\n"
        for (name, scores) in [("Macro", m.macro), ("Weighted by true-class count", m.weighted)] {
            out +=
                "<tr><td>\(name)</td>"
                + [scores.precision, scores.recall, scores.f1]
                .map { valueCell(Formatting.number($0)) }.joined() + "</tr>\n"
        }
        out += "</tbody></table></section>\n"

        if let history {
            out += "<section id=\"history\"><h2>Training history</h2>\n"
            if let best = history.bestEpoch {
                out += "<p class=\"muted\">\(history.epochs.count) epochs; best epoch \(best.number)"
                if let loss = best.validationLoss { out += " (validation loss \(Formatting.number(loss)))" }
                out += ".</p>\n"
            }
            out +=
                "<div class=\"figure\">\n" + TrainingHistoryChart.svg(for: history, standalone: false)
                + "</div></section>\n"
        }
        out += explanationsHTML()
        out += """
            <footer>“\(Formatting.undefined)” marks a division by zero (null in metrics.json). Accuracy interval: exact
            Clopper–Pearson; p-values: exact binomial; kappa: Cohen; symmetry test: McNemar (2 classes, continuity
            corrected) or Bowker; per-class statistics as R caret’s confusionMatrix; averages as scikit-learn’s
            classification report.</footer>
            </main>
            </body>
            </html>

            """
        return out
    }

    /// The page style shared by the evaluation and cross-validation reports.
    static let stylesheet = """
        body { font-family: -apple-system, "Segoe UI", "DejaVu Sans", Helvetica, Arial, sans-serif; color: #1a1a1a;
               background: #f4f5f8; margin: 0; line-height: 1.45; }
        main { max-width: 1180px; margin: 0 auto; padding: 24px 28px 48px; }
        h1 { font-size: 26px; margin: 8px 0 4px; }
        h2 { font-size: 18px; margin: 0 0 12px; }
        section { background: #ffffff; border-radius: 10px; padding: 18px 22px; margin: 18px 0;
                  box-shadow: 0 1px 3px rgba(20, 30, 60, 0.08); }
        .cards { display: flex; flex-wrap: wrap; gap: 14px; margin: 18px 0; }
        .card { background: #ffffff; border-radius: 10px; padding: 14px 18px; min-width: 170px; flex: 1;
                box-shadow: 0 1px 3px rgba(20, 30, 60, 0.08); }
        .card .label { font-size: 12px; color: #5b6270; text-transform: uppercase; letter-spacing: 0.04em; }
        .card .value { font-size: 26px; font-weight: 600; margin-top: 2px; }
        .card .note { font-size: 12px; color: #5b6270; }
        table { border-collapse: collapse; font-size: 14px; }
        th, td { padding: 5px 12px; border-bottom: 1px solid #e6e8ee; text-align: right;
                 font-variant-numeric: tabular-nums; }
        th:first-child, td:first-child { text-align: left; }
        thead th { color: #5b6270; font-weight: 600; border-bottom: 2px solid #d5d9e2; }
        .undefined { color: #9aa0ab; font-style: italic; }
        .figure { overflow-x: auto; }
        .context td { text-align: left; }
        footer, .muted { color: #5b6270; font-size: 13px; }
        """

    private func card(_ label: String, _ value: String, _ note: String) -> String {
        "<div class=\"card\"><div class=\"label\">\(escape(label))</div><div class=\"value\">\(value)</div>"
            + "<div class=\"note\">\(note)</div></div>\n"
    }

    private func valueCell(_ value: String) -> String {
        value == Formatting.undefined
            ? "<td class=\"undefined\" title=\"division by zero\">\(value)</td>" : "<td>\(escape(value))</td>"
    }

    private func escape(_ text: String) -> String { SVGCanvas.escape(text) }
}
