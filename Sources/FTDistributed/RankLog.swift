public import FTIO
import Foundation

/// One rank's log file: a line per event (`start`, each step with its collective wait, `end`), each
/// prefixed by the UTC time and the rank, so a slow or failing rank can be told apart after the fact.
///
/// Files are `<folder>/rank-<r>.log`; a restarted job never overwrites an earlier attempt's log but
/// writes `rank-<r>.2.log`, `rank-<r>.3.log`, ….
public final class RankLog: @unchecked Sendable {
    /// The file.
    public var path: String { file.path }
    private let file: AppendOnlyFile
    private let rank: Int
    private let lock = NSLock()

    /// Creates the next free log file of `rank` in `folder` (created when missing).
    /// - Throws: `IOError` naming the folder or file.
    public init(folder: String, rank: Int) throws(IOError) {
        try AtomicFile.createFolder(folder)
        var attempt = 1
        while true {
            let name = attempt == 1 ? "rank-\(rank).log" : "rank-\(rank).\(attempt).log"
            let path = "\(folder)/\(name)"
            if !FileManager.default.fileExists(atPath: path) {
                file = try AppendOnlyFile(creating: path)
                break
            }
            attempt += 1
        }
        self.rank = rank
    }

    /// Appends one line; a log that cannot be written does not stop training (the error goes to stderr).
    public func write(_ line: String) {
        let stamp = ISO8601DateFormatter().string(from: Date())
        lock.withLock {
            do { try file.append(Array("\(stamp) rank=\(rank) \(line)\n".utf8)) } catch {
                FileHandle.standardError.write(Data("warning: \(error)\n".utf8))
            }
        }
    }
}
