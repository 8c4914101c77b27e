public import FTIO
import Foundation

#if canImport(Glibc)
    import Glibc
#elseif canImport(Darwin)
    import Darwin
#endif

/// Writes one TensorBoard event file, `<folder>/events.out.tfevents.<seconds>.<host>`: TFRecord-framed
/// `Event`s, the first one `file_version = "brain.Event:2"`.
///
/// Events are framed at once and collected in memory; `flush()` hands them to the kernel in one write
/// (so TensorBoard, which reads files as they grow, sees them) and `flush(sync: true)` also forces them to
/// disk. A crash loses at most the events since the last flush, and a write cut short leaves an
/// incomplete last record that readers skip. An existing file is never overwritten: when the name is taken
/// (two writers in the same second) `.1`, `.2`, … is appended.
///
/// One owner: not thread-safe; the file is closed by `close()` or when the writer is released.
public final class EventFileWriter {
    /// The event file's path.
    public var path: String { file.path }
    private let file: AppendOnlyFile
    private var pending: [UInt8] = []
    /// Events written so far, the file-version event included.
    public private(set) var eventCount = 0

    /// Creates `folder` when missing and a new event file in it, and writes and flushes the file-version
    /// event.
    /// - Parameters:
    ///   - wallTime: The time stamp of the name and of the first event (seconds since 1970; default now).
    ///   - host: The host name in the file name (default: this machine's, with `/` replaced).
    /// - Throws: `IOError` naming the folder or file when it cannot be created or written.
    public init(folder: String, wallTime: Double? = nil, host: String? = nil) throws(IOError) {
        let wallTime = wallTime ?? Date().timeIntervalSince1970
        try AtomicFile.createFolder(folder)
        let base = "\(folder)/events.out.tfevents.\(Int(wallTime)).\(host ?? Self.hostName)"
        var candidate = base
        var suffix = 0
        while FileData.exists(candidate) {
            suffix += 1
            candidate = "\(base).\(suffix)"
        }
        file = try AppendOnlyFile(creating: candidate)
        write(TensorBoardEvent(wallTime: wallTime, step: 0, .fileVersion(TensorBoardEvent.currentFileVersion)))
        try flush()
    }

    /// Frames `event` and keeps it for the next flush.
    public func write(_ event: TensorBoardEvent) {
        pending.append(contentsOf: TFRecord.frame(event.encoded()))
        eventCount += 1
    }

    /// Bytes framed but not yet flushed.
    public var pendingBytes: Int { pending.count }

    /// Writes the pending events to the file; with `sync`, also to disk (`fsync`).
    /// - Throws: `IOError` naming the file (disk full). The file is then closed, so that a half-written
    ///   record stays the file's last and everything before it stays readable; later flushes throw.
    public func flush(sync: Bool = false) throws(IOError) {
        do {
            if !pending.isEmpty {
                try file.append(pending)
                pending.removeAll(keepingCapacity: true)
            }
            if sync { try file.sync() }
        } catch {
            try? file.close()
            throw error
        }
    }

    /// Flushes, syncs and closes the file.
    /// - Throws: `IOError` naming the file.
    public func close() throws(IOError) {
        try flush()
        try file.close()
    }

    /// This machine's host name as it goes into file names (`/` would start a folder, so it becomes `_`).
    public static var hostName: String {
        var buffer = [CChar](repeating: 0, count: 256)
        guard gethostname(&buffer, buffer.count - 1) == 0 else { return "localhost" }
        let name = String(decoding: buffer.prefix { $0 != 0 }.map { UInt8(bitPattern: $0) }, as: UTF8.self)
        return name.isEmpty ? "localhost" : name.replacingOccurrences(of: "/", with: "_")
    }
}
