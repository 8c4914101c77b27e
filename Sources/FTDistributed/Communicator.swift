public import FTNN

/// The processes ("ranks") of one distributed job and the collective operations FinText needs of them.
///
/// Every operation is collective: all ranks call it in the same order, with buffers of the same length
/// (except `allgather(bytes:)`). Results are the same on every rank. `SingleProcessCommunicator` is the
/// one-rank group (library, tests and users without MPI); `MPICommunicator` runs on Open MPI under
/// `mpirun` or `srun`. A communicator is also the trainer's `DataParallelGroup`.
public protocol Communicator: DataParallelGroup, AnyObject {
    /// Waits until every rank has called it.
    func barrier() throws(DistributedError)
    /// Replaces `bytes` on every rank by `root`'s bytes (any length: the length is sent first).
    func broadcast(_ bytes: inout [UInt8], root: Int) throws(DistributedError)
    /// Element-wise sum over the ranks, in place.
    func allreduceSum(_ values: inout [Float]) throws(DistributedError)
    /// Element-wise sum over the ranks, in place.
    func allreduceSum(_ values: inout [Double]) throws(DistributedError)
    /// Element-wise sum over the ranks, in place.
    func allreduceSum(_ values: inout [Int]) throws(DistributedError)
    /// Every rank's `values` (the same count on every rank), index = rank.
    func allgather(_ values: [UInt64]) throws(DistributedError) -> [[UInt64]]
    /// Every rank's bytes (any length per rank), index = rank.
    func allgather(bytes: [UInt8]) throws(DistributedError) -> [[UInt8]]
    /// Seconds this process has spent inside collective operations so far.
    var collectiveSeconds: Double { get }
}

extension Communicator {
    /// The trainer's sum: `allreduceSum`.
    public func sum(_ values: inout [Float]) throws(TrainingError) {
        do { try allreduceSum(&values) } catch { throw .communication(error.message) }
    }

    /// The trainer's sum: `allreduceSum`.
    public func sum(_ values: inout [Double]) throws(TrainingError) {
        do { try allreduceSum(&values) } catch { throw .communication(error.message) }
    }

    /// The trainer's broadcast: `broadcast(_:root: 0)`.
    public func broadcastFromRoot(_ bytes: inout [UInt8]) throws(TrainingError) {
        do { try broadcast(&bytes, root: 0) } catch { throw .communication(error.message) }
    }

    /// The trainer's gather: `allgather`.
    public func gather(_ values: [UInt64]) throws(TrainingError) -> [[UInt64]] {
        do { return try allgather(values) } catch { throw .communication(error.message) }
    }
}

/// The group of one process: rank 0 of 1; every collective returns its input.
public final class SingleProcessCommunicator: Communicator, Sendable {
    /// The one-process group.
    public init() {}
    /// Always 0.
    public var rank: Int { 0 }
    /// Always 1.
    public var size: Int { 1 }
    /// Returns at once.
    public func barrier() throws(DistributedError) {}
    /// Leaves `bytes` as they are.
    public func broadcast(_ bytes: inout [UInt8], root: Int) throws(DistributedError) {
        guard root == 0 else {
            throw DistributedError("broadcast root expected 0 in a single process. Received: \(root)")
        }
    }
    /// Leaves `values` as they are.
    public func allreduceSum(_ values: inout [Float]) throws(DistributedError) {}
    /// Leaves `values` as they are.
    public func allreduceSum(_ values: inout [Double]) throws(DistributedError) {}
    /// Leaves `values` as they are.
    public func allreduceSum(_ values: inout [Int]) throws(DistributedError) {}
    /// `[values]`.
    public func allgather(_ values: [UInt64]) throws(DistributedError) -> [[UInt64]] { [values] }
    /// `[bytes]`.
    public func allgather(bytes: [UInt8]) throws(DistributedError) -> [[UInt8]] { [bytes] }
    /// Always 0.
    public var collectiveSeconds: Double { 0 }
}
