import ArgumentParser
import Foundation

/// Prints `error: message` as one line on standard error and returns the failure exit code to throw.
///
/// Every subcommand catches the library's errors (which name the file, line or field) and ends this way,
/// so a user never sees a stack trace.
func commandFailure(_ message: String) -> ExitCode {
    FileHandle.standardError.write(Data("error: \(message)\n".utf8))
    return ExitCode.failure
}

/// Runs `body`, turning any error into a one-line message and a non-zero exit.
func reportingErrors<T>(_ body: () throws -> T) throws -> T {
    do {
        return try body()
    } catch let exit as ExitCode {
        throw exit
    } catch {
        throw commandFailure("\(error)")
    }
}

/// Writes progress text to standard error (standard output stays for results).
func note(_ text: String) {
    FileHandle.standardError.write(Data((text + "\n").utf8))
}
