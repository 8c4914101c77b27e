import Foundation
import Testing

@testable import FTEvaluation

@Suite struct EvaluationReportTests {
    static let study = ConfusionMatrix(counts: [[38, 3, 20], [18, 29, 15], [28, 7, 25]])

    static func temporaryFolder() -> String {
        FileManager.default.temporaryDirectory.appendingPathComponent("evaluation-\(UUID().uuidString)").path
    }

    static func sampleReport(probabilities: Bool) -> EvaluationReport {
        let truth = [0, 0, 1, 1, 2, 2, 2, 0]
        let predicted = [0, 2, 1, 0, 2, 2, 1, 0]
        let p: [[Double]]? = probabilities ? predicted.map { c in (0..<3).map { $0 == c ? 0.6 : 0.2 } } : nil
        let metrics = ClassificationMetrics(
            trueLabels: truth, predictedLabels: predicted, probabilities: p,
            labelNames: ["low", "medium", "high"])
        let history = TrainingHistory(
            epochs: (1...5).map {
                .init(
                    number: $0, loss: 1 / Double($0), accuracy: 0.1 * Double($0),
                    validationLoss: abs(3 - Double($0)) + 0.5,
                    validationAccuracy: 0.3)
            })
        return EvaluationReport(metrics: metrics, history: history, context: ["split": "last 20%", "model": "test"])
    }

    private func jsonObject(_ text: String) throws -> [String: Any] {
        try #require(try JSONSerialization.jsonObject(with: Data(text.utf8)) as? [String: Any])
    }

    @Test func metricsJSONHasExactlyTheIssuesKeys() throws {
        for withProbabilities in [false, true] {
            let report = Self.sampleReport(probabilities: withProbabilities)
            let json = try jsonObject(report.metrics.jsonText())
            #expect(
                Set(json.keys) == [
                    "labels", "confusion_matrix", "overall", "per_class", "macro", "weighted", "baselines",
                ])
            let overall = try #require(json["overall"] as? [String: Any])
            var overallKeys: Set<String> = [
                "n", "accuracy", "accuracy_ci_lower", "accuracy_ci_upper", "no_information_rate",
                "p_value_accuracy_gt_nir", "kappa", "mcnemar_p_value",
            ]
            var classKeys: Set<String> = [
                "tp", "tn", "fp", "fn", "prevalence", "sensitivity", "specificity", "precision",
                "npv", "detection_rate", "detection_prevalence", "balanced_accuracy", "f1",
            ]
            if withProbabilities {
                overallKeys.formUnion(["log_loss", "brier"])
                classKeys.insert("roc_auc")
            }
            #expect(Set(overall.keys) == overallKeys)
            let perClass = try #require(json["per_class"] as? [String: [String: Any]])
            #expect(Set(perClass.keys) == ["low", "medium", "high"])
            for (_, statistics) in perClass { #expect(Set(statistics.keys) == classKeys) }
            for key in ["macro", "weighted"] {
                #expect(Set((json[key] as? [String: Any])?.keys ?? [:].keys) == ["precision", "recall", "f1"])
            }
            #expect((json["confusion_matrix"] as? [[Int]]) == report.metrics.confusionMatrix.counts)
            let baselines = try #require(json["baselines"] as? [String: [String: Any]])
            #expect(Set(baselines.keys) == ["uniform_chance", "majority_class", "prevalence_matched_random"])
        }
    }

    @Test func undefinedValuesAreJSONNull() throws {
        let metrics = ClassificationMetrics(
            confusionMatrix: ConfusionMatrix(counts: [[5, 0, 0], [0, 0, 0], [2, 0, 0]]),
            labelNames: ["a", "b", "c"])
        let text = metrics.jsonText()
        #expect(
            !text.contains("NaN") && !text.contains(": nan") && !text.contains(": inf") && !text.contains("Infinity"))
        let json = try jsonObject(text)
        let b = try #require((json["per_class"] as? [String: [String: Any]])?["b"])
        #expect(b["sensitivity"] is NSNull && b["precision"] is NSNull && b["f1"] is NSNull)
        #expect((b["specificity"] as? Double) == 1)
        let c = try #require((json["per_class"] as? [String: [String: Any]])?["c"])
        #expect((c["f1"] as? Double) == 0 && c["precision"] is NSNull)
        #expect((json["overall"] as? [String: Any])?["mcnemar_p_value"] is NSNull)
    }

    @Test func writesAllFilesDeterministically() throws {
        let report = Self.sampleReport(probabilities: true)
        let first = Self.temporaryFolder()
        let second = Self.temporaryFolder() + "/nested"
        defer {
            try? FileManager.default.removeItem(atPath: first)
            try? FileManager.default.removeItem(atPath: (second as NSString).deletingLastPathComponent)
        }
        try report.write(to: first)
        try report.write(to: second)
        #expect(report.fileNames == ["metrics.json", "report.md", "report.html", "confusion.svg", "history.svg"])
        for name in report.fileNames {
            let a = try Data(contentsOf: URL(fileURLWithPath: first + "/" + name))
            let b = try Data(contentsOf: URL(fileURLWithPath: second + "/" + name))
            #expect(!a.isEmpty && a == b, "\(name) differs between two writes")
        }
        let leftovers = try FileManager.default.contentsOfDirectory(atPath: first).filter { $0.hasPrefix(".") }
        #expect(leftovers.isEmpty, "temporary files left behind: \(leftovers)")
        var noHistory = report
        noHistory.history = nil
        #expect(!noHistory.fileNames.contains("history.svg"))
    }

    @Test func htmlIsSelfContainedAndValidXMLInside() {
        let html = Self.sampleReport(probabilities: true).html()
        #expect(html.hasPrefix("<!DOCTYPE html>"))
        #expect(!html.contains("<script") && !html.contains("src=") && !html.contains("<link"))
        #expect(html.contains("id=\"confusion-matrix\"") && html.contains("id=\"training-history\""))
        // Only the SVG namespace URI may look like a URL.
        #expect(
            html.components(separatedBy: "http").count - 1 == html.components(separatedBy: "http://www.w3.org/2000/svg")
                .count - 1)
        #expect(html.contains("split") && html.contains("last 20%"))
    }

    @Test func terminalSummaryPrintsTheStudysTable() {
        let metrics = ClassificationMetrics(confusionMatrix: Self.study, labelNames: ["0", "1", "2"])
        let text = EvaluationReport(metrics: metrics).render()
        // The study's printed numbers (shared/reference/study.md), now with NIR and McNemar filled in.
        for expected in [
            "Accuracy: 0.5027", "Kappa: 0.2548", "No Information Rate: 0.3388", "P-Value [Acc > NIR]: 3.598e-06",
            "Mcnemar's Test P-Value: 0.0019", "__all__",
        ] {
            #expect(text.contains(expected), "missing \(expected) in\n\(text)")
        }
        let recall = text.split(separator: "\n").first { $0.hasPrefix("Sensitivity (recall)") }
        #expect(recall?.split(separator: " ").suffix(3) == ["0.6230", "0.4677", "0.4167"])
        #expect(!text.contains("ToDo"))
    }

    @Test func markdownHasTheTablesAndFigures() {
        let markdown = Self.sampleReport(probabilities: false).markdown()
        for expected in [
            "## Confusion matrix", "| **low** |", "![Confusion matrix](confusion.svg)", "## Baselines",
            "Always the majority class", "## Per class", "| Macro |", "![Training history](history.svg)",
        ] {
            #expect(markdown.contains(expected), "missing \(expected)")
        }
        #expect(!markdown.contains("Log loss"))
    }
}
