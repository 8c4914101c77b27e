import FTTestSupport
import Foundation
import Testing

/// The built `train-classifier` executable, or nil when it is not built: suites gate on
/// `ExecutableRunner.shouldRun(trainClassifier)`, so they skip on a developer machine and fail under CI.
let trainClassifier = ExecutableRunner.locate("train-classifier")

/// Runs the built `train-classifier` with `arguments` and waits.
/// - Parameters:
///   - environment: The process environment (nil: this process's).
///   - timeout: Seconds after which the process is killed, so a case that used to hang fails instead of
///     hanging the suite; nil waits for ever.
/// - Returns: Exit status, standard output and standard error.
/// - Throws: A test failure naming the missing executable when it is not built, or the launch error.
func cli(
    _ arguments: [String], environment: [String: String]? = nil, timeout: Double? = nil
) throws -> (status: Int32, output: String, errors: String) {
    let binary = try #require(trainClassifier, "train-classifier is not built (run `swift build` first)")
    return try ExecutableRunner.run(binary, arguments, environment: environment, timeout: timeout)
}
