#if canImport(Glibc)
    import Glibc
#elseif canImport(Darwin)
    import Darwin
#endif

/// The most FinText reads from one input file, so that a hostile or broken file (a gzip bomb, a huge
/// sparse file, a device) gets a clear error instead of exhausting memory.
///
/// `FileData.read` and everything built on it (filings, manifests, price files, CSV and JSON files,
/// gzip-compressed word vectors) check these. The defaults and their reasons are in docs/reliability.md;
/// each can be raised for one process with an environment variable (`FINTEXT_MAX_FILE_BYTES`,
/// `FINTEXT_MAX_DECOMPRESSED_BYTES`, `FINTEXT_MAX_GZIP_RATIO`), or passed explicitly by library callers.
public struct InputLimits: Sendable, Equatable {
    /// The largest file read whole into memory, in stored bytes (8 GiB by default).
    public var maximumFileBytes: Int
    /// The largest output of one gzip-compressed file, in bytes (8 GiB by default).
    public var maximumDecompressedBytes: Int
    /// The largest ratio of decompressed to compressed bytes (100 by default); checked only once the output
    /// exceeds `ratioCheckThreshold`, so small, very repetitive files are never refused.
    public var maximumCompressionRatio: Int
    /// Output size in bytes from which `maximumCompressionRatio` applies (32 MiB by default).
    public var ratioCheckThreshold: Int

    /// Creates limits.
    /// - Precondition: every value is positive.
    public init(
        maximumFileBytes: Int = 8 << 30, maximumDecompressedBytes: Int = 8 << 30, maximumCompressionRatio: Int = 100,
        ratioCheckThreshold: Int = 32 << 20
    ) {
        precondition(
            maximumFileBytes > 0 && maximumDecompressedBytes > 0 && maximumCompressionRatio > 0
                && ratioCheckThreshold > 0,
            "InputLimits expected positive limits. Received: \(maximumFileBytes), \(maximumDecompressedBytes), "
                + "\(maximumCompressionRatio), \(ratioCheckThreshold)")
        self.maximumFileBytes = maximumFileBytes
        self.maximumDecompressedBytes = maximumDecompressedBytes
        self.maximumCompressionRatio = maximumCompressionRatio
        self.ratioCheckThreshold = ratioCheckThreshold
    }

    /// The built-in defaults, ignoring the environment.
    public static let defaults = InputLimits()

    /// Environment variables that override the defaults.
    public enum Variable: String, Sendable, CaseIterable {
        /// Overrides `maximumFileBytes`.
        case fileBytes = "FINTEXT_MAX_FILE_BYTES"
        /// Overrides `maximumDecompressedBytes`.
        case decompressedBytes = "FINTEXT_MAX_DECOMPRESSED_BYTES"
        /// Overrides `maximumCompressionRatio`.
        case compressionRatio = "FINTEXT_MAX_GZIP_RATIO"
    }

    /// The defaults with any environment overrides applied. A size is a whole number of bytes, optionally
    /// followed by `K`, `M`, `G` or `T` (powers of 1024), e.g. `16G`; the ratio is a whole number.
    /// - Throws: `IOError` naming the variable when its value is not a positive whole number.
    public static func fromEnvironment() throws(IOError) -> InputLimits {
        var limits = defaults
        for variable in Variable.allCases {
            guard let raw = getenv(variable.rawValue) else { continue }
            let text = String(cString: raw)
            guard let value = parseSize(text, suffixes: variable != .compressionRatio) else {
                throw IOError(
                    path: variable.rawValue,
                    reason:
                        "expected a positive whole number\(variable == .compressionRatio ? "" : " of bytes such as 16G"). Received: \(InputExcerpt.quoted(text))"
                )
            }
            switch variable {
            case .fileBytes: limits.maximumFileBytes = value
            case .decompressedBytes: limits.maximumDecompressedBytes = value
            case .compressionRatio: limits.maximumCompressionRatio = value
            }
        }
        return limits
    }

    /// `limits` when given, else `fromEnvironment()`.
    public static func resolve(_ limits: InputLimits?) throws(IOError) -> InputLimits {
        if let limits { return limits }
        return try fromEnvironment()
    }

    /// `"16G"` → 17179869184; nil for anything that is not a positive whole number (with an optional
    /// binary suffix when `suffixes`) or that overflows `Int`.
    static func parseSize(_ text: String, suffixes: Bool) -> Int? {
        var digits = Substring(text)
        var shift = 0
        if suffixes, let last = digits.last, let power = ["K": 10, "M": 20, "G": 30, "T": 40][last.uppercased()] {
            shift = power
            digits = digits.dropLast()
        }
        guard !digits.isEmpty, digits.allSatisfy({ $0.isASCII && $0.isNumber }), let base = Int(digits), base > 0,
            base <= Int.max >> shift
        else { return nil }
        return base << shift
    }
}
