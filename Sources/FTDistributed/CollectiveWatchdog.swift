import Foundation

#if canImport(Glibc)
    import Glibc
#endif

/// Turns a hung collective into a clean failure: a background thread ends the process when one collective
/// operation has been running for longer than `timeout` seconds.
///
/// A rank that dies is normally noticed by `mpirun` (which stops the others), but a rank that hangs, a
/// machine that drops off the network, or a rank that failed without reaching `MPI_Abort` leaves the
/// others waiting in their next all-reduce forever. The watchdog prints which collective and how long on
/// standard error and exits with `MPICommunicator.watchdogExitCode` (75), which the launcher treats as a
/// failed job that `train-classifier launch` restarts. Time spent computing between collectives does not
/// count; only the wait inside one (the slowest rank's lag plus the transfer).
final class CollectiveWatchdog: @unchecked Sendable {
    let timeout: Double
    let rank: Int
    private let condition = NSCondition()
    private var current: (name: String, since: UInt64)?
    private var stopped = false

    /// Starts the watching thread.
    init(timeout: Double, rank: Int) {
        self.timeout = timeout
        self.rank = rank
        let thread = Thread { [self] in watch() }
        thread.name = "fintext-collective-watchdog"
        thread.start()
    }

    /// A collective named `name` starts now.
    func enter(_ name: String) {
        condition.withLock { current = (name, DispatchTime.now().uptimeNanoseconds) }
    }

    /// The collective finished.
    func leave() {
        condition.withLock { current = nil }
    }

    /// Ends the watching thread.
    func stop() {
        condition.withLock {
            stopped = true
            condition.broadcast()
        }
    }

    private func watch() {
        let interval = min(1.0, max(0.05, timeout / 10))
        condition.lock()
        defer { condition.unlock() }
        while !stopped {
            _ = condition.wait(until: Date(timeIntervalSinceNow: interval))
            guard let current, !stopped else { continue }
            let waited = Double(DispatchTime.now().uptimeNanoseconds - current.since) / 1e9
            if waited > timeout {
                let message =
                    "error: rank \(rank): the \(current.name) has not finished after \(String(format: "%.1f", waited)) s (watchdog limit \(timeout) s): another rank has died or hangs. Exiting with code \(MPICommunicator.watchdogExitCode) so that the job can be restarted from its newest checkpoint.\n"
                FileHandle.standardError.write(Data(message.utf8))
                _exit(MPICommunicator.watchdogExitCode)
            }
        }
    }
}
