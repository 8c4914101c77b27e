import FTTensor
import Foundation

/// Synchronous data parallelism (`FitOptions.parallel`): everything `fit` does differently when several
/// ranks train one model. The loop in `Trainer.swift` calls these helpers at four points — joining the
/// group, splitting each global batch, reducing each step, reducing each epoch's metrics — and is
/// otherwise the single-process loop.
///
/// - Start: every rank gathers a fingerprint of its data, options and model shapes; any difference
///   fails on every rank, naming the ranks and what differs. Rank 0 then broadcasts its whole state as a
///   checkpoint (weights, frozen embedding, optimiser slots and schedule, generator, epoch counter,
///   callbacks' counters), so a fresh run and a resumed one start identically everywhere. A checkpoint
///   written by a different number of ranks is refused (the global batch and the data split would change).
/// - Each step takes the next `batchSize × size` rows of the epoch's shared permutation; rank r takes its
///   contiguous share, `batchSize` rows while whole global batches last. The epoch's last global batch
///   holds the remainder r < batchSize × size; it is split as evenly as possible (shares differ by at most
///   one row, and may be empty), so every rank takes the same number of steps and no row is dropped.
/// - Gradients are scaled by (local rows / global rows) and summed in one fused buffer per step (with the
///   step's loss, accuracy count, a non-finite flag and every rank's step time appended), so each step
///   equals a single-process step over the same global batch, up to float rounding.
/// - Dropout masks come from a per-rank generator derived from the shared one at each epoch's start; the
///   shared generator advances identically on every rank (by the shuffle only), so checkpoints need rank
///   0's state only.
/// - Validation: each rank evaluates a contiguous share; sums are reduced, so every rank sees the same
///   metrics and makes the same early-stopping decision.
extension Trainer {
    /// Row positions (into the epoch's permutation) of each rank's share of each step.
    struct EpochPartition {
        /// Rows in the epoch.
        let count: Int
        /// Rows per rank in a whole global batch.
        let localBatch: Int
        /// Ranks.
        let ranks: Int
        /// This rank.
        let rank: Int

        /// Rows per global batch.
        var globalBatch: Int { localBatch * ranks }
        /// Steps in the epoch (every rank takes all of them).
        var steps: Int { (count + globalBatch - 1) / globalBatch }

        /// The positions of global batch `step`.
        func global(_ step: Int) -> Range<Int> {
            (step * globalBatch)..<min(count, (step + 1) * globalBatch)
        }

        /// This rank's positions in global batch `step`: an even split (shares differ by at most one).
        func local(_ step: Int) -> Range<Int> {
            let rows = global(step)
            let base = rows.count / ranks
            let extra = rows.count % ranks
            let start = rows.lowerBound + rank * base + min(rank, extra)
            return start..<(start + base + (rank < extra ? 1 : 0))
        }
    }

    /// The generator dropout draws from on `rank` during one epoch: seeded from the shared generator's
    /// next value without advancing it, so every rank's masks differ, the shared state stays the same
    /// everywhere, and without dropout the epochs' shuffles are those of a single process.
    static func rankGenerator(after shared: SeededGenerator, rank: Int) -> SeededGenerator {
        var peek = shared
        return SeededGenerator(seed: peek.next() ^ (UInt64(rank) &* 0x9E37_79B9_7F4A_7C15))
    }

    /// Checks that every rank runs the same job, then gives every rank rank 0's state.
    /// - Throws: `TrainingError.incompatible` naming the ranks whose data, options or model differ;
    ///   `.checkpoint` for a checkpoint written by another number of ranks or a state that cannot be read.
    mutating func join(_ group: any DataParallelGroup, data: UInt64, validation: UInt64?) throws(TrainingError) {
        var shapes = model.namedValues.map { "\($0.key)\($0.value.shape)" }.sorted()
        shapes.append("embedding\(model.embedding.map { "\($0.table.shape)" } ?? "-")")
        let options = options
        let settings = [
            "\(options.epochs)", "\(options.batchSize)", "\(options.shuffle)",
            "\(String(describing: options.classWeights))",
            "\(String(describing: options.earlyStopping))", "\(String(describing: options.reduceOnPlateau))",
            "\(options.plateauMonitor)", "\(String(describing: options.validationBatchSize))",
            optimizer.exportState().kind, "\(optimizer.clipping)",
        ]
        let mine = [
            data, validation ?? 0, Self.fingerprint(settings.joined(separator: "|")),
            Self.fingerprint(shapes.joined(separator: "|")), UInt64(group.size),
        ]
        let all = try group.gather(mine)
        let names = ["training data", "validation data", "training options", "model shapes", "rank count"]
        var differences: [String] = []
        for (rank, theirs) in all.enumerated() where theirs != all[0] {
            let what = names.indices.filter { theirs[$0] != all[0][$0] }.map { names[$0] }
            differences.append("rank \(rank) differs from rank 0 in its \(what.joined(separator: ", "))")
        }
        guard differences.isEmpty else {
            throw .incompatible(
                "the \(group.size) ranks do not run the same job: \(differences.joined(separator: "; ")) (every rank must get the same data, configuration and model)"
            )
        }
        var bytes = group.rank == 0 ? checkpoint().encoded() : []
        try group.broadcastFromRoot(&bytes)
        if group.rank != 0 {
            let file: SafeTensors
            do { file = try SafeTensors.decode(bytes, source: "rank 0's state") } catch {
                throw .checkpoint("\(error)")
            }
            let joined = try Self.resume(
                file: file, source: "rank 0's state", model: model, optimizer: optimizer, options: options)
            model = joined.model
            optimizer = joined.optimizer
            state = joined.state
            bestWeights = joined.bestWeights
        }
        let recorded = state.ranks ?? 1
        if state.completedEpochs > 0 && recorded != group.size {
            throw .checkpoint(
                "the checkpoint was written by a run on \(recorded) rank(s); this run has \(group.size). Resuming would change the global batch (batch size × ranks), the learning-rate rule and each rank's rows: resume with -np \(recorded), or start a new run"
            )
        }
        state.ranks = group.size
    }

    /// Refuses, in a single process, a checkpoint that a data-parallel run of several ranks wrote.
    func checkSingleProcess() throws(TrainingError) {
        if let recorded = state.ranks, recorded != 1, state.completedEpochs > 0 {
            throw .checkpoint(
                "the checkpoint was written by a data-parallel run on \(recorded) ranks; resume it with the same number of ranks (train --distributed under mpirun -np \(recorded))"
            )
        }
    }

    /// What one step's reduction gives every rank: the global batch's mean loss, correct count, whether
    /// some rank's loss was not finite, and each rank's step seconds.
    struct ReducedStep {
        var loss: Double
        var correct: Int
        var lossFinite: Bool
        var workerSeconds: [Double]
    }

    /// The largest number of floats in one all-reduce; larger models are reduced in several buffers.
    static var fusionLimit: Int { 1 << 24 }

    /// Replaces every gradient by the global batch's mean gradient: this rank's share is weighted by its
    /// rows and summed over all ranks, fused with the step's statistics.
    mutating func reduceStep(
        _ group: any DataParallelGroup, rows: Int, globalRows: Int, loss: Double, correct: Int, seconds: Double
    ) throws(TrainingError) -> ReducedStep {
        let weight = Float(Double(rows) / Double(max(1, globalRows)))
        var buffer: [Float] = []
        var sizes: [Int] = []
        model.visitParameters { _, parameter in
            sizes.append(parameter.gradient.scalars.count)
            buffer.append(contentsOf: parameter.gradient.scalars.lazy.map { $0 * weight })
        }
        let gradients = buffer.count
        let finite = rows == 0 || loss.isFinite
        buffer.append(finite && rows > 0 ? Float(loss) * weight : 0)
        buffer.append(Float(correct))
        buffer.append(finite ? 0 : 1)
        var times = [Float](repeating: 0, count: group.size)
        times[group.rank] = Float(seconds)
        buffer.append(contentsOf: times)
        var start = 0
        while start < buffer.count {
            let end = min(buffer.count, start + Self.fusionLimit)
            var part = Array(buffer[start..<end])
            try group.sum(&part)
            buffer.replaceSubrange(start..<end, with: part)
            start = end
        }
        var offset = 0
        var k = 0
        model.visitParameters { _, parameter in
            let n = sizes[k]
            parameter.gradient = Tensor(
                shape: parameter.gradient.shape, scalars: Array(buffer[offset..<(offset + n)]))
            offset += n
            k += 1
        }
        return ReducedStep(
            loss: Double(buffer[gradients]), correct: Int(buffer[gradients + 1].rounded()),
            lossFinite: buffer[gradients + 2] == 0, workerSeconds: buffer[(gradients + 3)...].map { Double($0) })
    }

    /// Sums `values` over the ranks in double precision (the identity without a group).
    static func total(_ values: [Double], over group: (any DataParallelGroup)?) throws(TrainingError) -> [Double] {
        guard let group else { return values }
        var sums = values
        try group.sum(&sums)
        return sums
    }

    /// Validation loss and accuracy over all of `data`: each rank evaluates a contiguous share and the
    /// sums are reduced, so every rank gets the same numbers.
    /// `plan` is the validation plan (`validationPlan()`), possibly on the training plan's workspaces.
    func evaluateShared(
        _ data: any TokenBatchSource, group: (any DataParallelGroup)?, plan: inout ExecutionPlan
    ) throws(TrainingError) -> (loss: Double, accuracy: Double) {
        let share =
            group.map {
                EpochPartition(count: data.count, localBatch: data.count, ranks: $0.size, rank: $0.rank).local(0)
            } ?? 0..<data.count
        let part = share.isEmpty ? (loss: 0.0, correct: 0) : evaluate(data, rows: share, plan: &plan)
        guard let group else { return (part.loss / Double(data.count), Double(part.correct) / Double(data.count)) }
        var sums = [part.loss, Double(part.correct)]
        try group.sum(&sums)
        return (sums[0] / Double(data.count), sums[1] / Double(data.count))
    }

    /// 64-bit FNV-1a of a text.
    static func fingerprint(_ text: String) -> UInt64 {
        var hash: UInt64 = 0xcbf2_9ce4_8422_2325
        for byte in text.utf8 { hash = (hash ^ UInt64(byte)) &* 0x100_0000_01b3 }
        return hash
    }
}
