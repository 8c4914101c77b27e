import FTIO

extension CrossValidationReport {
    /// The metrics.json document of a cross-validation (schema `fintext.cross-validation/1`, documented in
    /// docs/evaluation.md). Undefined values are `null`.
    public func jsonText() -> String {
        jsonValue().text(.pretty) + "\n"
    }

    func jsonValue() -> JSONValue {
        func shares(_ values: [Double]) -> JSONValue { .array(values.map(JSONValue.number)) }
        func run(_ r: Run) -> JSONValue {
            .object([
                ("scheme", .string(r.scheme)), ("model", .string(r.model)), ("fold", .int(r.fold)),
                ("seed", r.seed.map { .string(String($0)) } ?? .null),
                ("training_documents", .int(r.trainingDocuments)), ("test_documents", .int(r.testDocuments)),
                ("test_filings", .int(r.testFilings)), ("test_period", .string(r.testPeriod)),
                ("accuracy", .number(r.accuracy)), ("no_information_rate", .number(r.noInformationRate)),
                ("filing_accuracy", .number(r.filingAccuracy)), ("log_loss", .optional(r.logLoss)),
                ("epochs_run", r.epochsRun.map(JSONValue.int) ?? .null),
                ("best_epoch", r.bestEpoch.map(JSONValue.int) ?? .null),
                ("training_class_shares", shares(r.trainingClassShares)),
                ("test_class_shares", shares(r.testClassShares)),
            ])
        }
        let summaryValues: [JSONValue] = summaries.map { s in
            .object([
                ("scheme", .string(s.scheme)), ("model", .string(s.model)), ("runs", .int(s.runs)),
                ("accuracy_mean", .number(s.accuracyMean)), ("accuracy_sd", .number(s.accuracySD)),
                ("filing_accuracy_mean", .number(s.filingAccuracyMean)),
                ("filing_accuracy_sd", .number(s.filingAccuracySD)),
                ("no_information_rate_mean", .number(s.noInformationRateMean)),
            ])
        }
        let pooled: [(String, JSONValue)] = models.map { m in
            let r = m.returns
            let groups: [JSONValue] = r.groups.map { g in
                .object([
                    ("predicted", .string(g.label)), ("filings", .int(g.count)),
                    ("mean_excess_return", .optional(g.mean)), ("sd_excess_return", .optional(g.standardDeviation)),
                ])
            }
            return (
                m.model,
                .object([
                    ("effective_n", .int(m.filingLevel.overall.n)),
                    ("section_level", m.sectionLevel.jsonValue()),
                    ("filing_level", m.filingLevel.jsonValue()),
                    (
                        "returns",
                        .object([
                            ("unit", .string("filing")), ("n", .int(r.n)), ("by_predicted_class", .array(groups)),
                            ("high_minus_low", .optional(r.spread)), ("high_minus_low_t", .optional(r.spreadT)),
                            ("high_minus_low_df", .optional(r.spreadDegreesOfFreedom)),
                            ("high_minus_low_p_value", .optional(r.spreadPValue)),
                            ("rank_ic", .optional(r.rankIC)), ("rank_ic_t", .optional(r.rankICT)),
                            ("rank_ic_p_value", .optional(r.rankICPValue)),
                        ])
                    ),
                ])
            )
        }
        var comparisonValue = JSONValue.null
        if let c = comparison {
            let t = c.tTest
            let m = c.mcNemar
            comparisonValue = .object([
                ("first", .string(c.first)), ("second", .string(c.second)),
                (
                    "corrected_resampled_t_test",
                    .object([
                        ("differences", .array(t.differences.map(JSONValue.number))),
                        ("test_to_training_ratio", .number(t.testToTrainingRatio)),
                        ("mean_difference", .number(t.meanDifference)),
                        ("sd_difference", .number(t.standardDeviation)), ("t", .optional(t.t)),
                        ("df", .int(t.degreesOfFreedom)), ("p_value", .optional(t.pValue)),
                    ])
                ),
                (
                    "mcnemar",
                    .object([
                        ("first_only_correct", .int(m.firstOnlyCorrect)),
                        ("second_only_correct", .int(m.secondOnlyCorrect)), ("both_correct", .int(m.bothCorrect)),
                        ("both_wrong", .int(m.bothWrong)), ("chi_squared", .optional(m.chiSquared)),
                        ("p_value", .optional(m.pValue)), ("exact_p_value", .optional(m.exactPValue)),
                    ])
                ),
                ("in_words", .string(c.plainWords)),
            ])
        }
        return .object([
            ("schema", .string("fintext.cross-validation/1")),
            ("scheme", .string(scheme)), ("folds", .int(folds)),
            ("seeds", .array(seeds.map { .string(String($0)) })),
            ("labels", .array(labelNames.map(JSONValue.string))),
            ("label_definition", .string(labelDefinition)),
            ("context", .object(context.sorted { $0.key < $1.key }.map { ($0.key, .string($0.value)) })),
            ("verdict", .array(verdict.map(JSONValue.string))),
            ("runs", .array(runs.map(run))),
            ("split_runs", .array(splitRuns.map(run))),
            ("summary", .array(summaryValues)),
            ("pooled", .object(pooled)),
            ("comparison", comparisonValue),
            ("notes", .array(notes.map(JSONValue.string))),
        ])
    }
}
