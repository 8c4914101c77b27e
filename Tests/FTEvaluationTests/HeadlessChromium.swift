import FTEvaluation
import FTTestSupport
import Foundation

/// Renders written reports in Debian's headless Chromium, for the tests that check the HTML in a browser.
enum HeadlessChromium {
    /// The browser's path when installed, else nil (those tests are then skipped with a message).
    static var path: String? { ExternalTools.chromium }

    /// What the browser did with a report.
    struct Rendering {
        /// The browser's exit status.
        var status: Int32
        /// The DOM after scripts ran.
        var dom: String
        /// The browser's log (standard error).
        var log: String
        /// The page's console messages (Chromium logs them as "CONSOLE(...)" / ":CONSOLE:" lines).
        var consoleLines: [Substring] { log.split(separator: "\n").filter { $0.contains("CONSOLE") } }
    }

    /// Writes `report` to a temporary folder and dumps its DOM with the browser at `chromium`.
    static func render(_ report: EvaluationReport, chromium: String) throws -> Rendering {
        let folder = EvaluationReportTests.temporaryFolder()
        defer { try? FileManager.default.removeItem(atPath: folder) }
        try report.write(to: folder)
        let process = Process()
        process.executableURL = URL(fileURLWithPath: chromium)
        process.arguments = [
            "--headless", "--no-sandbox", "--disable-gpu", "--enable-logging=stderr", "--v=0",
            "--user-data-dir=\(folder)/.chromium", "--dump-dom", "file://\(folder)/report.html",
        ]
        let output = Pipe()
        let errors = Pipe()
        process.standardOutput = output
        process.standardError = errors
        try process.run()
        let dom = String(decoding: output.fileHandleForReading.readDataToEndOfFile(), as: UTF8.self)
        let log = String(decoding: errors.fileHandleForReading.readDataToEndOfFile(), as: UTF8.self)
        process.waitUntilExit()
        return Rendering(status: process.terminationStatus, dom: dom, log: log)
    }
}
