import FTIO

extension ClassificationMetrics {
    /// The metrics.json document (schema in docs/evaluation.md): keys `labels`, `confusion_matrix`, `overall`,
    /// `per_class`, `macro`, `weighted`, `baselines`; undefined values are `null`. `log_loss`, `brier` and
    /// `roc_auc` appear only when probabilities were given. Deterministic: same metrics, same bytes.
    public func jsonText() -> String {
        jsonValue().text(.pretty) + "\n"
    }

    func jsonValue() -> JSONValue {
        var overallPairs: [(String, JSONValue)] = [
            ("n", .int(overall.n)),
            ("accuracy", .number(overall.accuracy)),
            ("accuracy_ci_lower", .number(overall.accuracyLower)),
            ("accuracy_ci_upper", .number(overall.accuracyUpper)),
            ("no_information_rate", .number(overall.noInformationRate)),
            ("p_value_accuracy_gt_nir", .number(overall.pValueAccuracyGreaterThanNIR)),
            ("kappa", .optional(overall.kappa)),
            ("mcnemar_p_value", .optional(overall.mcnemarPValue)),
        ]
        if hasProbabilityScores {
            overallPairs.append(("log_loss", .optional(overall.logLoss)))
            overallPairs.append(("brier", .optional(overall.brier)))
        }
        let perClassPairs: [(String, JSONValue)] = perClass.map { s in
            var pairs: [(String, JSONValue)] = [
                ("tp", .int(s.truePositives)), ("tn", .int(s.trueNegatives)),
                ("fp", .int(s.falsePositives)), ("fn", .int(s.falseNegatives)),
                ("prevalence", .number(s.prevalence)),
                ("sensitivity", .optional(s.sensitivity)),
                ("specificity", .optional(s.specificity)),
                ("precision", .optional(s.precision)),
                ("npv", .optional(s.negativePredictiveValue)),
                ("detection_rate", .number(s.detectionRate)),
                ("detection_prevalence", .number(s.detectionPrevalence)),
                ("balanced_accuracy", .optional(s.balancedAccuracy)),
                ("f1", .optional(s.f1)),
            ]
            if hasProbabilityScores { pairs.append(("roc_auc", .optional(s.rocAUC))) }
            return (s.label, .object(pairs))
        }
        func averaged(_ scores: AveragedScores) -> JSONValue {
            .object([
                ("precision", .number(scores.precision)), ("recall", .number(scores.recall)),
                ("f1", .number(scores.f1)),
            ])
        }
        func baseline(_ b: Baselines.Baseline, label: String? = nil) -> JSONValue {
            var pairs: [(String, JSONValue)] = []
            if let label { pairs.append(("label", .string(label))) }
            pairs.append(("accuracy", .number(b.accuracy)))
            pairs.append(("p_value", .number(b.pValue)))
            return .object(pairs)
        }
        return .object([
            ("labels", .array(labels.map { .string($0) })),
            ("confusion_matrix", .array(confusionMatrix.counts.map { .array($0.map { .int($0) }) })),
            ("overall", .object(overallPairs)),
            ("per_class", .object(perClassPairs)),
            ("macro", averaged(macro)),
            ("weighted", averaged(weighted)),
            (
                "baselines",
                .object([
                    ("uniform_chance", baseline(baselines.uniformChance)),
                    ("majority_class", baseline(baselines.majorityClass, label: baselines.majorityLabel)),
                    ("prevalence_matched_random", baseline(baselines.prevalenceMatched)),
                ])
            ),
        ])
    }
}
