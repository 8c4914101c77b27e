import FTEvaluation
import FTTestSupport
import Foundation
import Testing

@Suite("EvaluationReport explanations section")
struct EvaluationReportExplanationsTests {
    static func sample() -> EvaluationReport {
        var report = EvaluationReportTests.sampleReport(probabilities: true)
        let passage = EvaluationReport.Explanations.Passage(
            score: 0.4125, position: 1203, before: "the company expects", key: "record backlog <expansion>",
            after: "next year")
        let against = EvaluationReport.Explanations.Passage(
            score: -0.2, position: 17, before: "", key: "litigation risk", after: "remains")
        report.explanations = EvaluationReport.Explanations(
            method: "gradient × input, 5-token windows",
            documents: [
                .init(
                    id: "a#1A", predictedLabel: "high", probability: 0.62, trueLabel: "medium", supporting: [passage],
                    opposing: [against], warnings: ["unreliable input: 40% of the 10 tokens read have no word vector"]),
                .init(
                    id: "b#7", predictedLabel: "low", probability: 0.51, trueLabel: nil, supporting: [], opposing: [],
                    warnings: []),
            ],
            phrases: [.init(label: "high", documentCount: 1, phrases: [.init(text: "record backlog", count: 1)])])
        return report
    }

    @Test("the section lists documents, highlighted passages, warnings and phrases, escaped")
    func html() {
        let html = Self.sample().html()
        #expect(html.contains("<section id=\"explanations\">"))
        #expect(html.contains("<mark>record backlog &lt;expansion&gt;</mark>"))
        #expect(html.contains("+0.412") && html.contains("-0.200") && html.contains("token 1203"))
        #expect(html.contains("true class medium"))
        #expect(html.contains("unreliable input: 40%"))
        #expect(html.contains("record backlog (1)"))
        #expect(html.contains("Predicted “high”") && html.contains("Predicted “low”"))
        #expect(html.contains(".passages mark"))
    }

    @Test("without explanations the page is unchanged")
    func absent() {
        let plain = EvaluationReportTests.sampleReport(probabilities: true).html()
        #expect(!plain.contains("explanations") && !plain.contains(".passages"))
    }

    @Test("Chromium renders the section")
    func renders() throws {
        guard let chromium = try ExternalTools.require(HeadlessChromium.path, "Chromium") else { return }
        let rendering = try HeadlessChromium.render(Self.sample(), chromium: chromium)
        let dom = rendering.dom
        #expect(rendering.status == 0, "chromium failed:\n\(rendering.log)")
        #expect(rendering.consoleLines.isEmpty)
        #expect(dom.contains("id=\"explanations\"") && dom.contains("<mark>record backlog &lt;expansion&gt;</mark>"))
        #expect(dom.contains("id=\"explanation-phrases\""))
    }
}
