/// Where a problem is, the way compilers report a position: `path:line` (1-based) or `path` when the
/// problem concerns the whole file. Every FinText error that names a file formats its location with this,
/// so messages read the same across modules.
public func fileLocation(_ path: String, line: Int?) -> String {
    line.map { "\(path):\($0)" } ?? path
}
