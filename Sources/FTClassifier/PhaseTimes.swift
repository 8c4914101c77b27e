import Foundation

#if canImport(Glibc)
    import Glibc
#elseif canImport(Darwin)
    import Darwin
#endif

/// CPU time (user + system, every thread of the process, in seconds) spent in named phases of a long
/// command, for a profile that a loaded machine does not distort as it distorts wall-clock time.
///
/// `cross-validate` prints it on standard error when it finishes; it is never written into a report, so
/// reports stay bit-identical from run to run.
public struct PhaseTimes: Sendable, Equatable {
    /// One phase and the CPU seconds spent in it so far.
    public struct Phase: Sendable, Equatable {
        /// The phase's name (`network training`).
        public var name: String
        /// CPU seconds, user + system, of all threads.
        public var seconds: Double
    }

    /// The phases, in the order first measured.
    public private(set) var phases: [Phase] = []

    /// No phases yet.
    public init() {}

    /// CPU seconds (user + system) the whole process has used so far, all threads included.
    public static func processCPUSeconds() -> Double {
        var usage = rusage()
        #if canImport(Glibc)
            getrusage(RUSAGE_SELF.rawValue, &usage)
        #else
            getrusage(RUSAGE_SELF, &usage)
        #endif
        func seconds(_ t: timeval) -> Double { Double(t.tv_sec) + Double(t.tv_usec) / 1e6 }
        return seconds(usage.ru_utime) + seconds(usage.ru_stime)
    }

    /// Adds `seconds` to the phase `name` (created at the end when new).
    public mutating func add(_ name: String, seconds: Double) {
        if let i = phases.firstIndex(where: { $0.name == name }) {
            phases[i].seconds += seconds
        } else {
            phases.append(Phase(name: name, seconds: seconds))
        }
    }

    /// Runs `body` and adds the process CPU time it took to the phase `name`.
    public mutating func measure<T, E: Error>(_ name: String, _ body: () throws(E) -> T) throws(E) -> T {
        let start = Self.processCPUSeconds()
        defer { add(name, seconds: Self.processCPUSeconds() - start) }
        return try body()
    }

    /// Adds every phase of `other`.
    public mutating func add(_ other: PhaseTimes) {
        for phase in other.phases { add(phase.name, seconds: phase.seconds) }
    }

    /// The sum of all phases.
    public var total: Double { phases.reduce(0) { $0 + $1.seconds } }

    /// `word vectors 1.2 s, network training 301.4 s (93%), …; total 324.0 s`.
    public var summary: String {
        let total = total
        let parts = phases.map { phase in
            String(format: "%@ %.1f s", phase.name, phase.seconds)
                + (total > 0 ? String(format: " (%.0f%%)", 100 * phase.seconds / total) : "")
        }
        return parts.joined(separator: ", ") + String(format: "; total %.1f s", total)
    }
}
