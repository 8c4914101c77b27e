#if canImport(Glibc)
    import Glibc
#elseif canImport(Darwin)
    import Darwin
#endif

extension FileData {
    /// The size in bytes of the file at `path` (as stored, not decompressed), or nil when it cannot be read.
    public static func size(_ path: String) -> Int? {
        var info = stat()
        return stat(path, &info) == 0 ? Int(info.st_size) : nil
    }

    /// The names in directory `path` (without "." and ".."), in the order the system gives them.
    ///
    /// - Throws: `IOError` naming the directory when it cannot be opened.
    public static func list(_ path: String) throws(IOError) -> [String] {
        guard let directory = opendir(path) else { throw IOError(path: path, reason: systemError("cannot list")) }
        defer { closedir(directory) }
        var names: [String] = []
        while let entry = readdir(directory) {
            let name = withUnsafePointer(to: entry.pointee.d_name) {
                $0.withMemoryRebound(to: CChar.self, capacity: Int(NAME_MAX) + 1) { String(cString: $0) }
            }
            if name != "." && name != ".." { names.append(name) }
        }
        return names
    }
}
