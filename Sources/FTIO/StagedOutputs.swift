import Foundation

#if canImport(Glibc)
    import Glibc
#elseif canImport(Darwin)
    import Darwin
#endif

/// All the outputs of one command, checked before the work starts, written beside their destinations and
/// put in place only when every one of them was written (decision 0113).
///
/// ```swift
/// let outputs = try StagedOutputs(files: [manifest], folders: [.init(model, contents: ["config.json"])])
/// try write(to: outputs.staged(manifest))          // …and everything else, into the staged paths
/// try outputs.commit()                              // only now do the destinations change
/// ```
///
/// - `init` checks every destination (a file must not be a folder and needs an existing folder; a folder
///   must not be a file, nor any of its declared contents the wrong kind) and creates a hidden staging
///   folder beside each destination (`.NAME.staging-XXXXXX`), which proves the place is writable.
/// - The command writes into `staged(_:)` paths; a failure (or simply not committing) leaves every
///   destination as it was, and the staging folders are removed.
/// - `commit()` takes an exclusive `flock` on each destination's parent folder (in sorted order, so two
///   commands cannot deadlock), then renames: a new folder is renamed into place whole; into an existing
///   folder each staged file is renamed over its counterpart (other files there are kept). Two commands
///   writing the same destination at once therefore each leave a complete set, never a mix.
public final class StagedOutputs {
    /// A folder destination and the relative paths of the files the command will write into it.
    public struct Folder: Sendable {
        /// The folder.
        public var path: String
        /// Files the command writes inside it, relative (`report/metrics.json`), checked up front.
        public var contents: [String]

        /// Creates a folder destination.
        public init(_ path: String, contents: [String]) {
            self.path = path
            self.contents = contents
        }
    }

    private struct Entry {
        var destination: String
        var staging: String
        var isFolder: Bool
    }

    private var entries: [Entry] = []
    private var finished = false

    /// Checks every destination and creates the staging folders.
    /// - Throws: `IOError` naming the first destination that cannot be written; nothing is left behind.
    public init(files: [String] = [], folders: [Folder] = []) throws(IOError) {
        do throws(IOError) {
            for file in files.map(Self.normalized) {
                let parent = AtomicFile.parentFolder(of: file)
                guard Self.kind(of: parent) == .folder else {
                    throw IOError(path: file, reason: "the folder \(parent) does not exist")
                }
                if Self.kind(of: file) == .folder {
                    throw IOError(path: file, reason: "is a folder; expected a file (or nothing) there")
                }
                try stage(file, isFolder: false, in: parent)
            }
            for folder in folders {
                let path = Self.normalized(folder.path)
                let ancestor = try Self.nearestExistingFolder(of: path)
                switch Self.kind(of: path) {
                case .file: throw IOError(path: path, reason: "is a file; expected a folder (or nothing) there")
                case .folder:
                    for item in folder.contents { try Self.checkInside(path, item) }
                case .missing: break
                }
                try stage(path, isFolder: true, in: ancestor)
            }
        } catch {
            discard()
            throw error
        }
    }

    deinit { discard() }

    /// Where to write `destination` (a declared file or folder) or a path inside a declared folder.
    /// - Precondition: `destination` is a declared output or inside a declared folder.
    public func staged(_ destination: String) -> String {
        let path = Self.normalized(destination)
        for entry in entries {
            if entry.destination == path {
                return entry.isFolder ? entry.staging : entry.staging + "/" + baseName(path)
            }
            if entry.isFolder, path.hasPrefix(entry.destination + "/") {
                return entry.staging + path.dropFirst(entry.destination.count)
            }
        }
        preconditionFailure("StagedOutputs expected a declared output. Received: \(destination)")
    }

    /// Puts every staged output in place.
    /// - Throws: `IOError` naming the destination that could not be replaced (only on a file-system fault
    ///   after the checks, such as a disk removed or permissions changed meanwhile).
    public func commit() throws(IOError) {
        precondition(!finished, "StagedOutputs.commit called twice")
        let parents = Set(entries.map { AtomicFile.parentFolder(of: $0.destination) })
        var locks: [Int32] = []
        defer {
            for fd in locks {
                flock(fd, LOCK_UN)
                close(fd)
            }
        }
        for entry in entries where entry.isFolder {
            try AtomicFile.createFolder(AtomicFile.parentFolder(of: entry.destination))
        }
        for parent in parents.sorted() {
            let fd = open(parent, O_RDONLY | O_DIRECTORY)
            guard fd >= 0 else { throw IOError(path: parent, reason: systemError("cannot open the folder")) }
            locks.append(fd)
            while flock(fd, LOCK_EX) != 0 && errno == EINTR {}
        }
        for entry in entries {
            if !entry.isFolder {
                try Self.move(entry.staging + "/" + baseName(entry.destination), to: entry.destination)
            } else if Self.kind(of: entry.destination) == .missing, rename(entry.staging, entry.destination) == 0 {
                continue
            } else {
                try Self.merge(entry.staging, into: entry.destination)
            }
        }
        for parent in parents { Self.syncFolder(parent) }
        discard()
    }

    /// Removes the staging folders without touching any destination (also done when the value goes away
    /// uncommitted).
    public func discard() {
        finished = true
        for entry in entries where Self.kind(of: entry.staging) != .missing {
            try? FileManager.default.removeItem(atPath: entry.staging)
        }
        entries = []
    }

    // MARK: Helpers

    private func stage(_ destination: String, isFolder: Bool, in folder: String) throws(IOError) {
        var template = Array("\(folder)/.\(baseName(destination)).staging-XXXXXX".utf8CString)
        guard template.withUnsafeMutableBufferPointer({ mkdtemp($0.baseAddress!) }) != nil else {
            throw IOError(path: destination, reason: systemError("cannot write in \(folder)"))
        }
        let staging = template.withUnsafeBufferPointer { String(cString: $0.baseAddress!) }
        // mkdtemp makes the folder private (0700); a folder renamed into place gets the usual 0755.
        chmod(staging, 0o755)
        entries.append(Entry(destination: destination, staging: staging, isFolder: isFolder))
    }

    private func baseName(_ path: String) -> String { AtomicFile.baseName(of: path) }

    private enum Kind { case missing, file, folder }

    private static func kind(of path: String) -> Kind {
        var info = stat()
        guard stat(path, &info) == 0 else { return .missing }
        return (info.st_mode & S_IFMT) == S_IFDIR ? .folder : .file
    }

    private static func normalized(_ path: String) -> String {
        var p = path
        while p.count > 1 && p.hasSuffix("/") { p.removeLast() }
        return p
    }

    /// The closest existing ancestor of `path`; every existing component must be a folder.
    private static func nearestExistingFolder(of path: String) throws(IOError) -> String {
        var current = AtomicFile.parentFolder(of: path)
        while true {
            switch kind(of: current) {
            case .folder: return current
            case .file: throw IOError(path: path, reason: "\(current) is a file, not a folder")
            case .missing:
                let up = AtomicFile.parentFolder(of: current)
                if up == current { return current }
                current = up
            }
        }
    }

    /// Checks that `item` can be written inside the existing folder `folder`.
    private static func checkInside(_ folder: String, _ item: String) throws(IOError) {
        let parts = item.split(separator: "/").map(String.init)
        var current = folder
        for (i, part) in parts.enumerated() {
            current += "/" + part
            let last = i == parts.count - 1
            switch kind(of: current) {
            case .missing: return
            case .folder where last: throw IOError(path: current, reason: "is a folder; expected a file there")
            case .file where !last: throw IOError(path: current, reason: "is a file; expected a folder there")
            default: continue
            }
        }
    }

    private static func move(_ source: String, to destination: String) throws(IOError) {
        guard rename(source, destination) == 0 else {
            throw IOError(path: destination, reason: systemError("cannot put the new file in place"))
        }
    }

    /// Renames every file of `staging` over its counterpart in `folder`, creating subfolders.
    private static func merge(_ staging: String, into folder: String) throws(IOError) {
        let names: [String]
        do { names = try FileManager.default.contentsOfDirectory(atPath: staging).sorted() } catch {
            throw IOError(path: staging, reason: "cannot list the staged outputs")
        }
        for name in names {
            let source = staging + "/" + name
            let target = folder + "/" + name
            if kind(of: source) == .folder {
                switch kind(of: target) {
                case .file: throw IOError(path: target, reason: "is a file; expected a folder there")
                case .missing:
                    if rename(source, target) == 0 { continue }
                    try AtomicFile.createFolder(target)
                    try merge(source, into: target)
                case .folder: try merge(source, into: target)
                }
            } else {
                try move(source, to: target)
            }
        }
        syncFolder(folder)
    }

    private static func syncFolder(_ path: String) {
        let fd = open(path, O_RDONLY | O_DIRECTORY)
        guard fd >= 0 else { return }
        fsync(fd)
        close(fd)
    }
}
