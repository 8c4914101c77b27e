internal import Foundation

extension EvaluationReport {
    /// The report as GitHub-flavoured Markdown (report.md), linking confusion.svg and history.svg.
    public func markdown() -> String {
        let m = metrics
        var out = "# Evaluation report\n\n"
        if !context.isEmpty {
            out += "| Context | |\n|---|---|\n"
            for (key, value) in sortedContext { out += "| \(cell(key)) | \(cell(value)) |\n" }
            out += "\n"
        }
        out += "## Confusion matrix\n\nRows are the true class, columns the predicted class.\n\n"
        out += "| true \\ predicted | " + m.labels.map(cell).joined(separator: " | ") + " | total |\n"
        out += "|---|" + String(repeating: "---:|", count: m.labels.count + 1) + "\n"
        for (i, row) in m.confusionMatrix.counts.enumerated() {
            out +=
                "| **\(cell(m.labels[i]))** | " + row.map(String.init).joined(separator: " | ")
                + " | \(m.confusionMatrix.trueCount(i)) |\n"
        }
        out +=
            "| total | "
            + m.labels.indices.map { String(m.confusionMatrix.predictedCount($0)) }.joined(separator: " | ")
            + " | \(m.confusionMatrix.total) |\n\n"
        out += "![Confusion matrix](confusion.svg)\n\n"
        out += "## Overall statistics\n\n| Statistic | Value |\n|---|---:|\n"
        for (name, value) in overallRows { out += "| \(name) | \(value) |\n" }
        out += "\n## Baselines\n\nThe p-value is the exact one-sided binomial probability of at least the model's "
        out += "\(m.confusionMatrix.correct) correct out of \(m.overall.n) if it were no better than the baseline.\n\n"
        out += "| Baseline | Expected accuracy | Model's p-value |\n|---|---:|---:|\n"
        for (name, accuracy, p) in baselineRows { out += "| \(cell(name)) | \(accuracy) | \(p) |\n" }
        out += "\n## Per class (one-vs-rest)\n\n| Statistic | " + m.labels.map(cell).joined(separator: " | ") + " |\n"
        out += "|---|" + String(repeating: "---:|", count: m.labels.count) + "\n"
        for (name, values) in perClassRows { out += "| \(name) | " + values.joined(separator: " | ") + " |\n" }
        out += "\n## Averages over all labels\n\n| Average | Precision | Recall | F1 |\n|---|---:|---:|---:|\n"
        out +=
            "| Macro | \(Formatting.number(m.macro.precision)) | \(Formatting.number(m.macro.recall)) | \(Formatting.number(m.macro.f1)) |\n"
        out +=
            "| Weighted | \(Formatting.number(m.weighted.precision)) | \(Formatting.number(m.weighted.recall)) | \(Formatting.number(m.weighted.f1)) |\n"
        if let history, let best = history.bestEpoch {
            out += "\n## Training history\n\n\(history.epochs.count) epochs; best epoch \(best.number)"
            if let loss = best.validationLoss { out += " (validation loss \(Formatting.number(loss)))" }
            out += ".\n\n![Training history](history.svg)\n"
        }
        out +=
            "\n\"\(Formatting.undefined)\" marks a division by zero (null in metrics.json). Definitions: docs/evaluation.md.\n"
        return out
    }

    private func cell(_ text: String) -> String {
        text.replacingOccurrences(of: "|", with: "\\|").replacingOccurrences(of: "\n", with: " ")
    }
}
