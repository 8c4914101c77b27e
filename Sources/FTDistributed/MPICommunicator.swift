internal import CMPI
public import FTNN
import Foundation

#if canImport(Glibc)
    import Glibc
#endif

/// The ranks of an Open MPI job (`MPI_COMM_WORLD`), started by `mpirun`, `srun` or the MPI Operator.
///
/// `start` calls `MPI_Init_thread` once per process (thread level `MPI_THREAD_SERIALIZED`: calls come
/// from any thread, one at a time, guarded by a lock) and sets `MPI_ERRORS_RETURN`, so a failed call
/// throws `DistributedError` with MPI's message instead of aborting. With a watchdog, a collective that
/// has not finished after `watchdogSeconds` (another rank died or hangs) ends the process with exit code
/// `watchdogExitCode` and a message on standard error; the launcher then stops the other ranks and
/// `train-classifier launch` restarts the job from its newest checkpoint. The watchdog arms at the first
/// all-reduce (the first training step): before it the ranks load their data at their own pace, and the
/// start-up gather and broadcast wait for the slowest.
public final class MPICommunicator: Communicator, @unchecked Sendable {
    /// The exit code of a process ended by the collective watchdog (EX_TEMPFAIL: worth a restart).
    public static let watchdogExitCode: Int32 = 75

    /// This process's rank.
    public let rank: Int
    /// The number of ranks.
    public let size: Int
    /// Per-rank log of steps and collectives, or nil.
    public var log: RankLog? {
        get { lock.withLock { _log } }
        set { lock.withLock { _log = newValue } }
    }

    private let world: MPI_Comm
    private let lock = NSRecursiveLock()
    private var seconds = 0.0
    private var lastLoggedSeconds = 0.0
    private var finalized = false
    private var watchdog: CollectiveWatchdog?
    private var _log: RankLog?

    /// True when the environment shows a launcher that started this process as one rank of a job
    /// (`OMPI_COMM_WORLD_SIZE` from mpirun, `PMI_SIZE`/`PMIX_RANK` from srun or other PMI launchers).
    public static func startedByLauncher(_ environment: [String: String]? = nil) -> Bool {
        let environment = environment ?? ProcessInfo.processInfo.environment
        return ["OMPI_COMM_WORLD_SIZE", "PMI_SIZE", "PMIX_RANK", "PMI_RANK"].contains { environment[$0] != nil }
    }

    /// Initialises MPI and returns the world communicator.
    /// - Parameter watchdogSeconds: End the process when one collective takes longer (nil: wait forever).
    /// - Throws: `DistributedError` when the process was not started by `mpirun`/`srun`, or MPI cannot start.
    public static func start(watchdogSeconds: Double? = nil) throws(DistributedError) -> MPICommunicator {
        guard startedByLauncher() else {
            throw DistributedError(
                "--distributed: this process was not started by mpirun or srun (no OMPI_COMM_WORLD_SIZE, PMI_SIZE or PMIX_RANK in its environment). Start it as 'mpirun -np N train-classifier train --distributed …' or use 'train-classifier launch --np N -- …'"
            )
        }
        var initialised: Int32 = 0
        MPI_Initialized(&initialised)
        if initialised == 0 {
            var provided: Int32 = 0
            let code = MPI_Init_thread(nil, nil, ft_mpi_thread_serialized(), &provided)
            guard code == ft_mpi_success() else { throw DistributedError("MPI_Init_thread failed: \(errorText(code))") }
            guard provided >= ft_mpi_thread_serialized() else {
                throw DistributedError(
                    "the MPI library offers thread level \(provided); FinText needs MPI_THREAD_SERIALIZED")
            }
        }
        guard let world = ft_mpi_comm_world() else { throw DistributedError("MPI_COMM_WORLD is not available") }
        MPI_Comm_set_errhandler(world, ft_mpi_errors_return())
        var rank: Int32 = 0
        var size: Int32 = 0
        MPI_Comm_rank(world, &rank)
        MPI_Comm_size(world, &size)
        let communicator = MPICommunicator(world: world, rank: Int(rank), size: Int(size))
        if let watchdogSeconds {
            communicator.watchdog = CollectiveWatchdog(timeout: watchdogSeconds, rank: Int(rank))
        }
        return communicator
    }

    private init(world: MPI_Comm, rank: Int, size: Int) {
        self.world = world
        self.rank = rank
        self.size = size
    }

    /// Seconds spent inside collectives so far.
    public var collectiveSeconds: Double { lock.withLock { seconds } }

    /// True once a collective has failed (a peer died or the network failed): a failure worth a restart,
    /// unlike bad input.
    public var collectiveFailed: Bool { lock.withLock { failedCollective } }
    private var failedCollective = false
    private var armed = false

    /// Waits for every rank.
    public func barrier() throws(DistributedError) {
        try collective("barrier") { MPI_Barrier(world) }
    }

    /// Rank `root`'s bytes on every rank: the length first, then the bytes in pieces of at most 1 GiB.
    public func broadcast(_ bytes: inout [UInt8], root: Int) throws(DistributedError) {
        guard (0..<size).contains(root) else {
            throw DistributedError("broadcast root expected 0..<\(size). Received: \(root)")
        }
        var length = [UInt64(bytes.count)]
        try collective("broadcast") {
            length.withUnsafeMutableBytes { MPI_Bcast($0.baseAddress, 1, ft_mpi_uint64(), Int32(root), world) }
        }
        if rank != root { bytes = [UInt8](repeating: 0, count: Int(length[0])) }
        var start = 0
        while start < bytes.count {
            let count = min(bytes.count - start, 1 << 30)
            try collective("broadcast") {
                bytes.withUnsafeMutableBytes {
                    MPI_Bcast($0.baseAddress! + start, Int32(count), ft_mpi_byte(), Int32(root), world)
                }
            }
            start += count
        }
    }

    /// Element-wise sum in place (`MPI_Allreduce` with `MPI_IN_PLACE`).
    public func allreduceSum(_ values: inout [Float]) throws(DistributedError) {
        try allreduce(&values, type: ft_mpi_float())
    }

    /// Element-wise sum in place.
    public func allreduceSum(_ values: inout [Double]) throws(DistributedError) {
        try allreduce(&values, type: ft_mpi_double())
    }

    /// Element-wise sum in place (as 64-bit integers).
    public func allreduceSum(_ values: inout [Int]) throws(DistributedError) {
        try allreduce(&values, type: ft_mpi_int64())
    }

    private func allreduce<T>(_ values: inout [T], type: MPI_Datatype) throws(DistributedError) {
        let stride = MemoryLayout<T>.stride
        var start = 0
        while start < values.count {
            let count = min(values.count - start, Int(Int32.max) / max(1, stride))
            try collective("allreduce") {
                values.withUnsafeMutableBytes {
                    MPI_Allreduce(
                        ft_mpi_in_place(), $0.baseAddress! + start * stride, Int32(count), type, ft_mpi_sum(), world)
                }
            }
            start += count
        }
    }

    /// Every rank's values (equal counts).
    public func allgather(_ values: [UInt64]) throws(DistributedError) -> [[UInt64]] {
        var all = [UInt64](repeating: 0, count: values.count * size)
        try collective("allgather") {
            values.withUnsafeBytes { send in
                all.withUnsafeMutableBytes { receive in
                    MPI_Allgather(
                        send.baseAddress, Int32(values.count), ft_mpi_uint64(), receive.baseAddress,
                        Int32(values.count), ft_mpi_uint64(), world)
                }
            }
        }
        return (0..<size).map { Array(all[($0 * values.count)..<(($0 + 1) * values.count)]) }
    }

    /// Every rank's bytes (any lengths, each below 2 GiB): lengths first, then `MPI_Allgatherv`.
    public func allgather(bytes: [UInt8]) throws(DistributedError) -> [[UInt8]] {
        guard bytes.count < Int(Int32.max) else {
            throw DistributedError("allgather of \(bytes.count) bytes: at most 2 GiB per rank")
        }
        let lengths = try allgather([UInt64(bytes.count)]).map { Int($0[0]) }
        guard lengths.reduce(0, +) < Int(Int32.max) else {
            throw DistributedError("allgather of \(lengths.reduce(0, +)) bytes in all: at most 2 GiB")
        }
        var offsets = [Int32]()
        var total = 0
        for length in lengths {
            offsets.append(Int32(total))
            total += length
        }
        var all = [UInt8](repeating: 0, count: total)
        let counts = lengths.map { Int32($0) }
        try collective("allgather") {
            bytes.withUnsafeBytes { send in
                all.withUnsafeMutableBytes { receive in
                    MPI_Allgatherv(
                        send.baseAddress, Int32(bytes.count), ft_mpi_byte(), receive.baseAddress, counts, offsets,
                        ft_mpi_byte(), world)
                }
            }
        }
        return lengths.indices.map { Array(all[Int(offsets[$0])..<(Int(offsets[$0]) + lengths[$0])]) }
    }

    /// Writes this rank's view of a step to the per-rank log, with the seconds spent in collectives since
    /// the previous step.
    public func localStepDidEnd(_ step: StepReport) {
        lock.withLock {
            let waited = seconds - lastLoggedSeconds
            lastLoggedSeconds = seconds
            _log?.write(
                String(
                    format: "step epoch=%ld batch=%ld/%ld rows=%ld loss=%.6f seconds=%.4f collective_seconds=%.4f",
                    step.epoch, step.batch, step.batches, step.documents, step.loss, step.seconds, waited))
        }
    }

    /// Ends the whole job (`MPI_Abort`): every rank exits with `code`. For a failure on one rank that the
    /// others cannot see, which would otherwise leave them waiting in the next collective.
    public func abort(code: Int32) -> Never {
        _log?.write("abort code=\(code)")
        MPI_Abort(world, code)
        _exit(code)
    }

    /// Shuts MPI down (`MPI_Finalize`); call once, on every rank, after the last collective.
    public func finalize() {
        lock.withLock {
            guard !finalized else { return }
            finalized = true
            watchdog?.stop()
            MPI_Finalize()
        }
    }

    /// Runs one MPI call under the lock and the watchdog, timing it.
    private func collective(_ name: String, _ call: () -> Int32) throws(DistributedError) {
        lock.lock()
        defer { lock.unlock() }
        guard !finalized else { throw DistributedError("\(name) after MPI_Finalize") }
        let started = DispatchTime.now().uptimeNanoseconds
        if name == "allreduce" { armed = true }
        if armed { watchdog?.enter(name) }
        let code = call()
        watchdog?.leave()
        seconds += Double(DispatchTime.now().uptimeNanoseconds - started) / 1e9
        guard code == ft_mpi_success() else {
            failedCollective = true
            throw DistributedError("rank \(rank): MPI \(name) failed: \(Self.errorText(code))")
        }
    }

    static func errorText(_ code: Int32) -> String {
        var buffer = [CChar](repeating: 0, count: Int(ft_mpi_max_error_string()) + 1)
        var length: Int32 = 0
        MPI_Error_string(code, &buffer, &length)
        return String(decoding: buffer.prefix(Int(length)).map { UInt8(bitPattern: $0) }, as: UTF8.self)
    }
}
