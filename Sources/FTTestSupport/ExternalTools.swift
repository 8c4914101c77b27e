import Foundation

/// The programs outside Swift that some tests run as independent checkers: a Python interpreter with the
/// packages of `scripts/test-requirements.txt`, headless Chromium, `mpirun`.
///
/// `scripts/test.sh` installs them (`scripts/install-deps.sh --test`) and points `FINTEXT_PYTHON` at the
/// project's `.venv`. A test that needs a tool asks for it through `require`: when the tool is missing the
/// test is skipped with a message on a developer's machine, and **fails** when `CI` is set, so CI never
/// passes a test that checked nothing.
public enum ExternalTools {
    /// True when running under CI (`CI=true` or `CI=1`).
    public static var isCI: Bool {
        let value = ProcessInfo.processInfo.environment["CI"]?.lowercased()
        return value == "true" || value == "1"
    }

    /// A Python 3 interpreter that imports every module in `modules`, or nil. Looks at `FINTEXT_PYTHON`,
    /// the repository's `.venv/bin/python3`, then `python3` on `PATH`.
    public static func python(importing modules: [String]) -> String? {
        let environment = ProcessInfo.processInfo.environment
        let path = (environment["PATH"] ?? "").split(separator: ":").map { "\($0)/python3" }
        let candidates =
            [environment["FINTEXT_PYTHON"], Fixtures.repositoryRoot.appendingPathComponent(".venv/bin/python3").path]
            + (path as [String?])
        let probe = modules.isEmpty ? "pass" : "import " + modules.joined(separator: ", ")
        for case let candidate? in candidates where FileManager.default.isExecutableFile(atPath: candidate) {
            if (try? run(candidate, ["-c", probe]).status) == 0 { return candidate }
        }
        return nil
    }

    /// The first executable found among `names` (absolute paths, or names looked up on `PATH`), or nil.
    public static func executable(_ names: [String]) -> String? {
        let path = (ProcessInfo.processInfo.environment["PATH"] ?? "").split(separator: ":").map(String.init)
        for name in names {
            let candidates = name.hasPrefix("/") ? [name] : path.map { "\($0)/\(name)" }
            if let found = candidates.first(where: { FileManager.default.isExecutableFile(atPath: $0) }) {
                return found
            }
        }
        return nil
    }

    /// Headless Chromium from Debian (`chromium`), or nil.
    public static var chromium: String? {
        executable(["/usr/bin/chromium", "/usr/bin/chromium-browser", "/usr/bin/google-chrome"])
    }

    /// Returns `tool` when present. When it is nil, prints a SKIPPED line naming `what` and returns nil,
    /// or, under CI, throws so that the calling test fails instead of passing without checking anything.
    public static func require<T>(_ tool: T?, _ what: String) throws -> T? {
        if let tool { return tool }
        if isCI { throw MissingTool(description: "\(what) is missing under CI=true (scripts/install-deps.sh --test)") }
        print("SKIPPED: \(what) is missing (scripts/install-deps.sh --test installs it)")
        return nil
    }

    /// Runs `executable` with `arguments`, waits, and returns its status and combined output.
    public static func run(_ executable: String, _ arguments: [String], environment: [String: String]? = nil)
        throws -> (status: Int32, output: String)
    {
        let process = Process()
        process.executableURL = URL(fileURLWithPath: executable)
        process.arguments = arguments
        if let environment { process.environment = environment }
        let pipe = Pipe()
        process.standardOutput = pipe
        process.standardError = pipe
        try process.run()
        let data = pipe.fileHandleForReading.readDataToEndOfFile()
        process.waitUntilExit()
        return (process.terminationStatus, String(decoding: data, as: UTF8.self))
    }
}

/// The error `ExternalTools.require` throws under CI when a tool is missing.
public struct MissingTool: Error, CustomStringConvertible {
    /// What is missing and how to install it.
    public let description: String
}
