import FTIO
import FTTensor
import Foundation

/// Checkpoints: one self-contained safetensors file holding everything a run needs to continue.
///
/// Tensors: `model/<parameter>` (trainable weights), `embedding/table` (the frozen embedding matrix, so
/// the file alone rebuilds the model), `optimizer/<slot>/<parameter>` (for Adam `m` and `v`) and, while
/// early stopping may restore them, `best/<parameter>`. Metadata `fintext.checkpoint` is a JSON object
/// `{"format": 1, "optimizer": {"kind", "iterations", "schedule"}, "trainer": TrainerState}`. The layout is
/// documented in `docs/model-format.md`.
extension Trainer {
    /// The metadata key holding the JSON state.
    public static var checkpointMetadataKey: String { "fintext.checkpoint" }

    /// How the header writes ±∞ and NaN (as the strings "Infinity", "-Infinity", "NaN").
    static var nonFiniteNumbers: JSONEncoder.NonConformingFloatEncodingStrategy {
        .convertToString(positiveInfinity: "Infinity", negativeInfinity: "-Infinity", nan: "NaN")
    }

    static var checkpointDecoder: JSONDecoder {
        let decoder = JSONDecoder()
        decoder.nonConformingFloatDecodingStrategy = .convertFromString(
            positiveInfinity: "Infinity", negativeInfinity: "-Infinity", nan: "NaN")
        return decoder
    }

    private struct Header: Codable {
        var format: Int
        var optimizerKind: String
        var optimizerIterations: Int
        var optimizerSchedule: LearningRateSchedule
        var trainer: TrainerState
    }

    /// The current state as a checkpoint file's contents.
    public func checkpoint() -> SafeTensors {
        var file = SafeTensors()
        for (name, tensor) in model.namedValues { file.set("model/\(name)", tensor) }
        if let embedding = model.embedding, !embedding.isTrainable { file.set("embedding/table", embedding.table) }
        let exported = optimizer.exportState()
        for (name, tensor) in exported.tensors { file.set("optimizer/\(name)", tensor) }
        if let bestWeights { for (name, tensor) in bestWeights { file.set("best/\(name)", tensor) } }
        let header = Header(
            format: 1, optimizerKind: exported.kind, optimizerIterations: exported.iterations,
            optimizerSchedule: exported.schedule, trainer: state)
        let encoder = JSONEncoder()
        encoder.outputFormatting = [.sortedKeys]
        // Early stopping's `best` is +∞ until the first epoch: without this a checkpoint taken before it
        // had empty metadata (and data-parallel ranks could not start from rank 0's fresh state).
        encoder.nonConformingFloatEncodingStrategy = Self.nonFiniteNumbers
        // Encoding plain Codable values cannot fail; an empty string would be rejected on resume.
        file.metadata[Self.checkpointMetadataKey] =
            (try? encoder.encode(header)).map { String(decoding: $0, as: UTF8.self) } ?? ""
        return file
    }

    /// A trainer continuing from a checkpoint file.
    ///
    /// - Parameters:
    ///   - path: The checkpoint.
    ///   - model: A model of the same architecture (its weights are replaced; a frozen embedding is
    ///     replaced by the checkpoint's).
    ///   - optimizer: An optimiser of the same kind (its state is replaced).
    ///   - options: The run's options (normally the same as the interrupted run's).
    /// - Throws: `TrainingError.checkpoint` naming the file for unreadable, damaged or mismatched
    ///   checkpoints.
    public static func resume(from path: String, model: Sequential, optimizer: O, options: FitOptions)
        throws(TrainingError) -> Trainer
    {
        let file: SafeTensors
        do { file = try SafeTensors.read(path) } catch { throw .checkpoint("\(error)") }
        return try resume(file: file, source: path, model: model, optimizer: optimizer, options: options)
    }

    /// A trainer continuing from a checkpoint's contents (read from a file, or broadcast by rank 0 of a
    /// data-parallel run); `source` names it in errors. Otherwise as `resume(from:model:optimizer:options:)`.
    public static func resume(
        file: SafeTensors, source path: String, model: Sequential, optimizer: O, options: FitOptions
    ) throws(TrainingError) -> Trainer {
        guard let text = file.metadata[checkpointMetadataKey],
            let header = try? Self.checkpointDecoder.decode(Header.self, from: Data(text.utf8))
        else {
            throw .checkpoint(
                "\(path): not a FinText checkpoint (missing or unreadable '\(checkpointMetadataKey)' metadata)")
        }
        guard header.format == 1 else {
            throw .checkpoint("\(path): checkpoint format \(header.format) is not supported (expected 1)")
        }
        do { try header.trainer.validate(epochs: options.epochs) } catch {
            throw .checkpoint("\(path): \(error.message)")
        }
        guard header.optimizerIterations >= 0 else {
            throw .checkpoint("\(path): optimizerIterations expected ≥ 0. Received: \(header.optimizerIterations)")
        }
        do { try header.optimizerSchedule.validate() } catch {
            throw .checkpoint("\(path): optimizerSchedule: \(error.message)")
        }
        guard header.optimizerSchedule.rate(atStep: header.optimizerIterations) > 0 else {
            throw .checkpoint("\(path): optimizerSchedule: the learning rate expected > 0. Received: 0")
        }
        var trainer = Trainer(model: model, optimizer: optimizer, options: options, seed: 0)
        var weights = [String: Tensor]()
        var slots = [String: Tensor]()
        var best = [String: Tensor]()
        do {
            for name in file.entries.keys {
                let tensor = try file.tensor(name, source: path)
                if name.hasPrefix("model/") {
                    weights[String(name.dropFirst(6))] = tensor
                } else if name.hasPrefix("optimizer/") {
                    slots[String(name.dropFirst(10))] = tensor
                } else if name.hasPrefix("best/") {
                    best[String(name.dropFirst(5))] = tensor
                } else if name == "embedding/table" {
                    guard let embedding = trainer.model.embedding, embedding.table.shape == tensor.shape else {
                        throw SafeTensorsError(
                            source: path, tensor: name, reason: "does not match the model's embedding")
                    }
                    trainer.model.embedding = Embedding(matrix: tensor, trainable: false)
                }
            }
            try trainer.model.loadValues(weights)
            try trainer.optimizer.importState(
                OptimizerState(
                    kind: header.optimizerKind, iterations: header.optimizerIterations,
                    schedule: header.optimizerSchedule,
                    tensors: slots))
        } catch {
            throw .checkpoint("\(path): \(error)")
        }
        for (name, tensor) in weights.merging(best, uniquingKeysWith: { a, _ in a })
        where tensor.scalars.contains(where: { !$0.isFinite }) {
            throw .checkpoint("\(path): tensor \(name) holds a non-finite value")
        }
        trainer.state = header.trainer
        trainer.bestWeights = best.isEmpty ? nil : best
        return trainer
    }

    /// The newest epoch checkpoint in `folder` (highest epoch number), or nil when there is none.
    /// FinText writes them atomically, but a file may still be damaged or edited: `resume(newestIn:…)`
    /// falls back to older ones.
    public static func latestCheckpoint(in folder: String) -> String? {
        epochCheckpoints(in: folder).first
    }

    /// The epoch checkpoints in `folder`, newest (highest epoch number) first.
    public static func epochCheckpoints(in folder: String) -> [String] {
        guard let names = try? FileManager.default.contentsOfDirectory(atPath: folder) else { return [] }
        let epochs = names.compactMap { name -> (Int, String)? in
            guard name.hasPrefix("checkpoint-epoch-"), name.hasSuffix(".safetensors"),
                let epoch = Int(name.dropFirst("checkpoint-epoch-".count).dropLast(".safetensors".count))
            else { return nil }
            return (epoch, name)
        }
        return epochs.sorted { $0.0 > $1.0 }.map { "\(folder)/\($0.1)" }
    }

    /// A trainer continuing from the newest usable epoch checkpoint in `folder`.
    ///
    /// A checkpoint that cannot be used (truncated, damaged, or holding an impossible state) is skipped
    /// with a warning naming the file and the reason, and the previous one is tried.
    /// - Throws: `TrainingError.checkpoint` when the folder holds no usable epoch checkpoint, listing why
    ///   each was refused.
    public static func resume(
        newestIn folder: String, model: Sequential, optimizer: O, options: FitOptions,
        progress: ProgressReporter = ProgressReporter(style: .quiet)
    ) throws(TrainingError) -> Trainer {
        let candidates = epochCheckpoints(in: folder)
        guard !candidates.isEmpty else {
            throw .checkpoint("no checkpoint-epoch-*.safetensors in \(folder) to resume from")
        }
        var reasons: [String] = []
        for path in candidates {
            do {
                let trainer = try resume(from: path, model: model, optimizer: optimizer, options: options)
                if !reasons.isEmpty { progress.message("Resuming from \(path).") }
                return trainer
            } catch {
                let reason: String
                if case .checkpoint(let message) = error { reason = message } else { reason = error.description }
                reasons.append(reason)
                progress.warning("skipping checkpoint \(reason)")
            }
        }
        throw .checkpoint("no usable checkpoint in \(folder): " + reasons.joined(separator: "; "))
    }

    static func checkpointName(epoch: Int) -> String {
        "checkpoint-epoch-\(String(repeating: "0", count: max(0, 4 - String(epoch).count)))\(epoch).safetensors"
    }

    func writeCheckpoint(policy: CheckpointPolicy, epoch: Int) throws(TrainingError) {
        try writeFile(checkpoint(), to: "\(policy.folder)/\(Self.checkpointName(epoch: epoch))")
        // Delete older epoch checkpoints beyond keepLast, only after the new one is complete.
        guard let names = try? FileManager.default.contentsOfDirectory(atPath: policy.folder) else { return }
        let old = names.filter { $0.hasPrefix("checkpoint-epoch-") && $0.hasSuffix(".safetensors") }.sorted().dropLast(
            policy.keepLast)
        for name in old { try? FileManager.default.removeItem(atPath: "\(policy.folder)/\(name)") }
    }

    func writeFile(_ file: SafeTensors, to path: String) throws(TrainingError) {
        do { try file.write(to: path) } catch { throw .checkpoint("\(error)") }
    }
}
