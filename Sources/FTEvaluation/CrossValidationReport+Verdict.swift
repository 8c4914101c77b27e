extension CrossValidationReport {
    /// The plain-language verdict shown at the top of the report: one sentence per finding, each generated
    /// from the numbers (decision 0155). The first model (the network when it ran) is the one judged.
    public var verdict: [String] {
        guard let main = models.first else { return ["No model was evaluated."] }
        var lines: [String] = []
        let filing = main.filingLevel.overall
        let section = main.sectionLevel.overall
        let summary = summaries.first { $0.scheme == scheme && $0.model == main.model }
        let name = Self.displayName(main.model)
        let gap = filing.accuracy - filing.noInformationRate
        let points = Formatting.number(abs(gap) * 100, digits: 1)
        let p = filing.pValueAccuracyGreaterThanNIR
        let majority = labelNames[
            (0..<labelNames.count).max {
                main.filingLevel.confusionMatrix.trueCount($0) < main.filingLevel.confusionMatrix.trueCount($1)
            } ?? 0]
        var first = "Out of sample (\(folds) \(scheme) folds"
        if let summary, summary.runs > folds { first += " × \(summary.runs / max(folds, 1)) seeds" }
        first += "), the \(name) predicted \(Formatting.percent(filing.accuracy)) of \(filing.n) filings correctly"
        if gap < 0 {
            first +=
                ", \(points) points below always answering “\(majority)” (\(Formatting.percent(filing.noInformationRate))): no evidence that it learned anything useful."
        } else if gap == 0 {
            first += ", exactly what always answering “\(majority)” achieves: no evidence of predictive power."
        } else {
            first +=
                ", \(points) points above always answering “\(majority)” (\(Formatting.percent(filing.noInformationRate))); "
            first +=
                Self.evidence(p)
                + " (one-sided p = \(Formatting.pValue(p)) on \(filing.n) filings, the effective sample size)."
        }
        lines.append(first)
        lines.append(
            "Counted per section document instead, accuracy is \(Formatting.percent(section.accuracy)) of \(section.n), but the sections of a filing share one label, so that n overstates the evidence."
        )
        if let summary, summary.runs > 1 {
            let margin = summary.accuracyMean - summary.noInformationRateMean
            var text =
                "Across the \(summary.runs) train/test runs accuracy was \(Formatting.percent(summary.accuracyMean)) ± \(Formatting.percent(summary.accuracySD)) (mean ± sd) "
            if margin <= 0 {
                text +=
                    "against an average no-information rate of \(Formatting.percent(summary.noInformationRateMean)) in the test folds: below it, fold by fold."
            } else if summary.accuracySD >= margin {
                text +=
                    "against an average no-information rate of \(Formatting.percent(summary.noInformationRateMean)): the spread is as large as the margin, so one split or one seed cannot settle the question."
            } else {
                text +=
                    "against an average no-information rate of \(Formatting.percent(summary.noInformationRateMean)): above it by more than the spread."
            }
            lines.append(text)
        }
        if let comparison {
            lines.append(comparison.plainWords)
        }
        let networkRuns = runs.filter { $0.model == main.model && $0.bestEpoch != nil }
        let epochOne = networkRuns.filter { $0.bestEpoch == 1 }.count
        if !networkRuns.isEmpty && epochOne * 2 >= networkRuns.count {
            lines.append(
                "In \(epochOne) of \(networkRuns.count) runs the network's best epoch was the first: training did not improve validation loss, a sign it learned little beyond the class mix."
            )
        }
        let shifted = runs.filter { $0.model == main.model }.filter { r in
            zip(r.trainingClassShares, r.testClassShares).contains { abs($0 - $1) > 0.15 }
        }
        let shiftedFolds = Set(shifted.map(\.fold)).sorted()
        if !shiftedFolds.isEmpty {
            lines.append(
                "In fold\(shiftedFolds.count == 1 ? "" : "s") \(shiftedFolds.map(String.init).joined(separator: ", ")) the test class mix differed from training's by more than 15 points in some class, so accuracy there partly reflects the mix, not the text."
            )
        }
        let r = main.returns
        if let spread = r.spread {
            let verb = spread >= 0 ? "beat" : "trail"
            var text =
                "Filings the \(name) called “\(labelNames.last ?? "high")” went on to \(verb) those it called “\(labelNames.first ?? "low")” by \(Formatting.number(abs(spread) * 100, digits: 2)) percentage points of excess return"
            let highCount = r.groups.last?.count ?? 0
            let lowCount = r.groups.first?.count ?? 0
            text += ", \(highCount) filing\(highCount == 1 ? "" : "s") against \(lowCount)"
            if let t = r.spreadT, let sp = r.spreadPValue {
                text += " (t = \(Formatting.number(t, digits: 2)), p = \(Formatting.pValue(sp)))"
                text += sp < 0.05 ? "." : ": not distinguishable from zero."
            } else {
                // One filing (or no spread within a class) gives no t-statistic: the gap is one draw.
                text +=
                    "; too few filings (or no variation) in one of the two for a t-statistic, so no evidence either way."
            }
            lines.append(text)
        } else {
            lines.append(
                "The \(name) never predicted both the lowest and the highest class, so no high-minus-low spread exists."
            )
        }
        return lines
    }

    /// `linear` reads as "linear baseline" in sentences.
    static func displayName(_ model: String) -> String { model == "linear" ? "linear baseline" : model }

    /// How much evidence a one-sided p-value gives, in words.
    static func evidence(_ p: Double) -> String {
        if p < 0.01 { return "strong evidence that this is not luck" }
        if p < 0.05 { return "moderate evidence that this is not luck" }
        if p < 0.10 { return "weak evidence, a gap chance produces one time in ten or more" }
        return "no real evidence: chance alone often produces a gap this large"
    }
}
