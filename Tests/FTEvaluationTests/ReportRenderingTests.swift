import FTEvaluation
import FTTestSupport
import Foundation
import Testing

@Suite struct ReportRenderingTests {
    @Test func chromiumRendersTheReportWithoutConsoleErrors() throws {
        guard let chromium = try ExternalTools.require(HeadlessChromium.path, "Chromium") else { return }
        let rendering = try HeadlessChromium.render(
            EvaluationReportTests.sampleReport(probabilities: true), chromium: chromium)
        let dom = rendering.dom
        #expect(rendering.status == 0, "chromium failed:\n\(rendering.log)")
        let consoleLines = rendering.consoleLines
        #expect(consoleLines.isEmpty, "console messages:\n\(consoleLines.joined(separator: "\n"))")
        // The rendered DOM shows the confusion matrix: the figure, its cells and the table.
        #expect(dom.contains("id=\"confusion-matrix\""), "the DOM has no confusion-matrix figure")
        #expect(dom.contains("id=\"confusion-table\""))
        #expect(dom.contains("Row-normalised"))
        #expect(dom.contains("id=\"training-history\""))
    }
}
