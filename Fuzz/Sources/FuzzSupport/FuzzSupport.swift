import Foundation

/// Hands fuzz input to FinText's path-based loaders — the entry points the CLI uses — by writing it to a
/// per-process scratch file in memory-backed storage (`/dev/shm` when present).
public enum FuzzFile {
    /// The per-process scratch folder, created on first use (`FINTEXT_FUZZ_SCRATCH` overrides it).
    public static let folder: String = {
        let base = FileManager.default.fileExists(atPath: "/dev/shm") ? "/dev/shm" : NSTemporaryDirectory()
        let path = ProcessInfo.processInfo.environment["FINTEXT_FUZZ_SCRATCH"] ?? "\(base)/fintext-fuzz-\(getpid())"
        try? FileManager.default.createDirectory(atPath: path, withIntermediateDirectories: true)
        return path
    }()

    /// Writes `size` bytes at `data` to `folder/name` and returns the path.
    @discardableResult
    public static func write(_ data: UnsafePointer<UInt8>, _ size: Int, name: String) -> String {
        let path = "\(folder)/\(name)"
        // A scratch file that cannot be written would feed the target stale bytes: stop instead.
        guard FileManager.default.createFile(atPath: path, contents: Data(bytes: data, count: size)) else {
            fatalError("fuzz harness: cannot write \(path)")
        }
        return path
    }

    /// Writes `bytes` to `folder/name` and returns the path.
    @discardableResult
    public static func write(_ bytes: ArraySlice<UInt8>, name: String) -> String {
        let path = "\(folder)/\(name)"
        guard FileManager.default.createFile(atPath: path, contents: Data(bytes)) else {
            fatalError("fuzz harness: cannot write \(path)")
        }
        return path
    }

    /// The bytes as an array.
    public static func bytes(_ data: UnsafePointer<UInt8>, _ size: Int) -> [UInt8] {
        Array(UnsafeBufferPointer(start: data, count: size))
    }
}

/// Seeds that only a target itself can make (a checkpoint of its own model, a cache of its own source):
/// when `FINTEXT_FUZZ_SEED_OUT` names a file, `LLVMFuzzerInitialize` calls `make` for its bytes, writes them
/// there and exits. scripts/fuzz.sh --seeds uses this.
public enum FuzzSeed {
    /// Writes `make()` to `$FINTEXT_FUZZ_SEED_OUT` and exits when that variable is set; otherwise returns.
    public static func writeIfRequested(_ make: () -> [UInt8]) {
        guard let out = ProcessInfo.processInfo.environment["FINTEXT_FUZZ_SEED_OUT"] else { return }
        guard FileManager.default.createFile(atPath: out, contents: Data(make())) else {
            fatalError("fuzz harness: cannot write the seed \(out)")
        }
        exit(0)
    }
}
