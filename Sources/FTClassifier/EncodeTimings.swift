import Foundation

#if canImport(Glibc)
    import Glibc
#endif

/// Wall and CPU time of one step of `encode`, as `CorpusEncoder.Summary.phases` reports them.
///
/// A serial step has `threadCPUSeconds` empty; a step run on the worker pool lists the CPU seconds each
/// worker thread spent in it. On an idle machine a parallel step takes about the largest of those, so
/// the serial CPU plus the largest worker's CPU of each parallel step predicts the wall time — a figure
/// that stays meaningful when the machine is shared and wall time is not.
public struct EncodePhase: Sendable, Equatable {
    /// What the step does (`plan`, `pass 1`, `merge`, `vocabulary`, `pass 2`, `finish`, …; sub-steps of
    /// a parallel pass are named `pass 1: read` and so on).
    public var name: String
    /// Wall seconds (0 for a sub-step, which is interleaved with the others on every worker).
    public var wallSeconds: Double
    /// CPU seconds of the whole process during the step (every thread), or for a sub-step the CPU
    /// seconds its work took summed over the workers.
    public var cpuSeconds: Double
    /// CPU seconds of each worker thread (parallel steps only).
    public var threadCPUSeconds: [Double]

    /// Whether the step ran on the worker pool.
    public var isParallel: Bool { !threadCPUSeconds.isEmpty }
    /// Whether the step is a sub-step of a parallel pass (its time is already inside the pass).
    public var isSubstep: Bool { name.contains(":") }
}

/// CPU clocks: the calling thread's and the whole process's, in seconds.
enum CPUClock {
    /// CPU seconds used by the calling thread.
    static var thread: Double { seconds(CLOCK_THREAD_CPUTIME_ID) }
    /// CPU seconds used by every thread of the process.
    static var process: Double { seconds(CLOCK_PROCESS_CPUTIME_ID) }

    private static func seconds(_ clock: clockid_t) -> Double {
        var t = timespec()
        clock_gettime(clock, &t)
        return Double(t.tv_sec) + Double(t.tv_nsec) / 1e9
    }
}

/// The phases of one `encode` run, filled as it goes; sub-step CPU is added from worker threads.
final class PhaseLog: @unchecked Sendable {
    private let lock = NSLock()
    private var phases: [EncodePhase] = []
    private var substeps: [String: Double] = [:]
    private var substepOrder: [String] = []

    /// Runs `body` as step `name`, recording its wall and process CPU time; `body` returns the worker
    /// threads' CPU seconds for a parallel step (or an empty array).
    func measure<T>(_ name: String, _ body: () throws -> (T, [Double])) rethrows -> T {
        let wall = DispatchTime.now().uptimeNanoseconds
        let cpu = CPUClock.process
        let (value, threads) = try body()
        let phase = EncodePhase(
            name: name, wallSeconds: Double(DispatchTime.now().uptimeNanoseconds - wall) / 1e9,
            cpuSeconds: CPUClock.process - cpu, threadCPUSeconds: threads)
        lock.withLock { phases.append(phase) }
        return value
    }

    /// Runs serial step `name`.
    func serial<T>(_ name: String, _ body: () throws -> T) rethrows -> T {
        try measure(name) { (try body(), []) }
    }

    /// Runs `body` on the calling worker thread and adds its thread CPU time to sub-step `name`.
    func substep<T>(_ name: String, _ body: () throws -> T) rethrows -> T {
        let cpu = CPUClock.thread
        defer {
            let spent = CPUClock.thread - cpu
            lock.withLock {
                if substeps[name] == nil { substepOrder.append(name) }
                substeps[name, default: 0] += spent
            }
        }
        return try body()
    }

    /// The steps in the order they ran, each parallel pass followed by its sub-steps.
    var recorded: [EncodePhase] {
        lock.withLock {
            var out: [EncodePhase] = []
            for phase in phases {
                out.append(phase)
                for name in substepOrder where name.hasPrefix(phase.name + ":") {
                    out.append(
                        EncodePhase(name: name, wallSeconds: 0, cpuSeconds: substeps[name] ?? 0, threadCPUSeconds: []))
                }
            }
            return out
        }
    }
}
