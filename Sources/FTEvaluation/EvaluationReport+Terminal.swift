extension EvaluationReport {
    /// The terminal summary, laid out like the study's pandas_ml table (confusion matrix with totals, overall
    /// statistics, class statistics), with the numbers the study left as "ToDo" filled in, plus baselines and
    /// averages.
    public func render() -> String {
        let m = metrics
        let k = m.labels.count
        var out = ""
        for (key, value) in sortedContext { out += "\(key): \(value)\n" }
        if !context.isEmpty { out += "\n" }
        out += "Confusion Matrix (rows true, columns predicted):\n\n"
        let names = m.labels.map { TextMetrics.truncated($0, limit: 20) }
        let firstWidth = max(9, names.map(\.count).max() ?? 0)
        let columnWidth = max(9, (names.map(\.count).max() ?? 0) + 1, String(m.overall.n).count + 1)
        out +=
            Formatting.pad("Predicted", firstWidth, right: false)
            + (names + ["__all__"]).map { Formatting.pad($0, columnWidth) }.joined() + "\n"
        out += "True\n"
        for i in 0..<k {
            out +=
                Formatting.pad(names[i], firstWidth, right: false)
                + (m.confusionMatrix.counts[i] + [m.confusionMatrix.trueCount(i)]).map {
                    Formatting.pad(String($0), columnWidth)
                }.joined()
                + "\n"
        }
        out +=
            Formatting.pad("__all__", firstWidth, right: false)
            + ((0..<k).map(m.confusionMatrix.predictedCount) + [m.confusionMatrix.total])
            .map { Formatting.pad(String($0), columnWidth) }.joined() + "\n\n"

        out += "Overall Statistics:\n\n"
        let o = m.overall
        out += "Accuracy: \(Formatting.number(o.accuracy))\n"
        out += "95% CI: (\(Formatting.number(o.accuracyLower)), \(Formatting.number(o.accuracyUpper)))\n"
        out += "No Information Rate: \(Formatting.number(o.noInformationRate))\n"
        out += "P-Value [Acc > NIR]: \(Formatting.pValue(o.pValueAccuracyGreaterThanNIR))\n"
        out += "Kappa: \(Formatting.number(o.kappa))\n"
        out += "Mcnemar's Test P-Value: \(Formatting.pValue(o.mcnemarPValue))\n"
        if m.hasProbabilityScores {
            out += "Log loss: \(Formatting.number(o.logLoss))\n"
            out += "Brier score: \(Formatting.number(o.brier))\n"
        }
        out += "\nBaselines (expected accuracy, model's p-value):\n\n"
        let baselineWidth = baselineRows.map(\.0.count).max() ?? 0
        for (name, accuracy, p) in baselineRows {
            out += Formatting.pad(name, baselineWidth + 2, right: false) + Formatting.pad(accuracy, 8) + "   p = \(p)\n"
        }
        out += "\nClass Statistics:\n\n"
        let rows: [(String, [String])] =
            [
                ("Classes", names), ("Population", Array(repeating: String(o.n), count: k)),
                ("P: Condition positive", (0..<k).map { String(m.confusionMatrix.trueCount($0)) }),
                ("N: Condition negative", (0..<k).map { String(o.n - m.confusionMatrix.trueCount($0)) }),
                ("Test outcome positive", (0..<k).map { String(m.confusionMatrix.predictedCount($0)) }),
                ("Test outcome negative", (0..<k).map { String(o.n - m.confusionMatrix.predictedCount($0)) }),
            ]
            + perClassRows
        let nameWidth = (rows.map(\.0.count).max() ?? 0) + 2
        let valueWidth = max(11, (names.map(\.count).max() ?? 0) + 2)
        for (name, values) in rows {
            out +=
                Formatting.pad(name, nameWidth, right: false) + values.map { Formatting.pad($0, valueWidth) }.joined()
                + "\n"
        }
        out += "\nAverages     precision     recall         F1\n"
        out +=
            "Macro     "
            + [m.macro.precision, m.macro.recall, m.macro.f1].map { Formatting.pad(Formatting.number($0), 11) }.joined()
            + "\n"
        out +=
            "Weighted  "
            + [m.weighted.precision, m.weighted.recall, m.weighted.f1].map { Formatting.pad(Formatting.number($0), 11) }
            .joined() + "\n"
        if let history, let best = history.bestEpoch {
            out += "\nTraining: \(history.epochs.count) epochs, best epoch \(best.number)"
            if let loss = best.validationLoss { out += " (val_loss \(Formatting.number(loss)))" }
            out += "\n"
        }
        return out
    }
}
