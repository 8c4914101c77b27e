import FTEvaluation
import Foundation
import Testing

/// The path of Debian's `chromium` when installed, else nil.
private let chromiumPath: String? = ["/usr/bin/chromium", "/usr/bin/chromium-browser", "/usr/bin/google-chrome"]
    .first { FileManager.default.isExecutableFile(atPath: $0) }

@Suite struct ReportRenderingTests {
    @Test(.enabled(if: chromiumPath != nil, "Chromium is not installed (apt-get install -y chromium); skipping the browser check"))
    func chromiumRendersTheReportWithoutConsoleErrors() throws {
        let chromium = try #require(chromiumPath)
        let folder = EvaluationReportTests.temporaryFolder()
        defer { try? FileManager.default.removeItem(atPath: folder) }
        try EvaluationReportTests.sampleReport(probabilities: true).write(to: folder)
        let process = Process()
        process.executableURL = URL(fileURLWithPath: chromium)
        process.arguments = ["--headless", "--no-sandbox", "--disable-gpu", "--enable-logging=stderr", "--v=0",
                             "--user-data-dir=\(folder)/.chromium", "--dump-dom", "file://\(folder)/report.html"]
        let output = Pipe(), errors = Pipe()
        process.standardOutput = output
        process.standardError = errors
        try process.run()
        let dom = String(decoding: output.fileHandleForReading.readDataToEndOfFile(), as: UTF8.self)
        let log = String(decoding: errors.fileHandleForReading.readDataToEndOfFile(), as: UTF8.self)
        process.waitUntilExit()
        #expect(process.terminationStatus == 0, "chromium failed:\n\(log)")
        // Chromium logs page console messages as "CONSOLE(...)" / ":CONSOLE:" lines.
        let consoleLines = log.split(separator: "\n").filter { $0.contains("CONSOLE") }
        #expect(consoleLines.isEmpty, "console messages:\n\(consoleLines.joined(separator: "\n"))")
        // The rendered DOM shows the confusion matrix: the figure, its cells and the table.
        #expect(dom.contains("id=\"confusion-matrix\""), "the DOM has no confusion-matrix figure")
        #expect(dom.contains("id=\"confusion-table\""))
        #expect(dom.contains("Row-normalised"))
        #expect(dom.contains("id=\"training-history\""))
    }
}
