public import Foundation

/// Runs a built executable of this package (such as `train-classifier`) from tests.
public enum ExecutableRunner {
    /// The executable's path in the build folder beside the test bundle, or nil when it is not built.
    public static func locate(_ name: String) -> URL? {
        let candidates = [
            URL(fileURLWithPath: CommandLine.arguments[0]).deletingLastPathComponent(),
            Bundle.main.bundleURL.deletingLastPathComponent(),
            Fixtures.repositoryRoot.appendingPathComponent(".build/debug"),
        ].map { $0.appendingPathComponent(name) }
        return candidates.first { FileManager.default.isExecutableFile(atPath: $0.path) }
    }

    /// Whether tests that need a built executable (`locate`'s answer) run: when it is built, and always
    /// under CI, where a missing executable then fails the test (`try #require`) instead of skipping it.
    public static func shouldRun(_ executable: URL?) -> Bool {
        executable != nil || ExternalTools.isCI
    }

    /// Runs `executable` with `arguments` in `directory` (default: the current one) and waits.
    /// - Parameter timeout: Seconds after which the process is killed (so a test of something that used to
    ///   hang fails instead of hanging the suite); nil waits for ever.
    /// - Returns: exit status, standard output and standard error (a killed process has status 9 from
    ///   `SIGKILL`, with `uncaughtSignal` termination).
    public static func run(
        _ executable: URL, _ arguments: [String], in directory: String? = nil, environment: [String: String]? = nil,
        timeout: Double? = nil
    ) throws -> (status: Int32, output: String, errors: String) {
        let process = Process()
        process.executableURL = executable
        process.arguments = arguments
        if let directory { process.currentDirectoryURL = URL(fileURLWithPath: directory) }
        if let environment { process.environment = environment }
        let output = Pipe()
        let errors = Pipe()
        process.standardOutput = output
        process.standardError = errors
        try process.run()
        if let timeout {
            let pid = process.processIdentifier
            Thread.detachNewThread {
                let deadline = Date().addingTimeInterval(timeout)
                while Date() < deadline {
                    if !process.isRunning { return }
                    usleep(20_000)
                }
                if process.isRunning { kill(pid, SIGKILL) }
            }
        }
        // Read both pipes concurrently so a full stderr buffer cannot block the child.
        let errorData = ErrorCollector()
        let reader = Thread { errorData.set(errors.fileHandleForReading.readDataToEndOfFile()) }
        reader.start()
        let out = String(decoding: output.fileHandleForReading.readDataToEndOfFile(), as: UTF8.self)
        process.waitUntilExit()
        while !errorData.isSet { usleep(1000) }
        return (process.terminationStatus, out, String(decoding: errorData.value, as: UTF8.self))
    }
}

private final class ErrorCollector: @unchecked Sendable {
    private let lock = NSLock()
    private var data = Data()
    private var done = false
    func set(_ value: Data) {
        lock.lock()
        data = value
        done = true
        lock.unlock()
    }
    var isSet: Bool {
        lock.lock()
        defer { lock.unlock() }
        return done
    }
    var value: Data {
        lock.lock()
        defer { lock.unlock() }
        return data
    }
}
