import FTIO
import FTNN
import FTTelemetry
import FTTensor
import FTTestSupport
import Foundation
import Testing

/// Runs a Python read at the end of the first epoch, while training goes on: the files must be readable.
private final class LiveReader: TrainingObserver {
    let reader: TensorBoardReader?
    let logger: TensorBoardLogger
    var seen: [String: [TensorBoardReader.Event]] = [:]

    init(reader: TensorBoardReader?, logger: TensorBoardLogger) {
        self.reader = reader
        self.logger = logger
    }

    func epochDidEnd(_ epoch: EpochReport) throws {
        guard epoch.metrics.epoch == 1, let reader else { return }
        seen = try reader.events(logger.files)
    }
}

private func temporaryFolder() -> String {
    NSTemporaryDirectory() + "tensorboard-\(UUID().uuidString)"
}

/// The scalar value as TensorBoard stores it (float32), as a Double.
private func f32(_ x: Double) -> Double { Double(Float(x)) }

@Suite("TensorBoardLogger: event files of a training run, read by TensorBoard", .serialized)
struct TensorBoardLoggerTests {
    static let parameterNames = [
        "conv1.weight", "conv1.bias", "conv2.weight", "conv2.bias", "conv3.weight", "conv3.bias",
        "dense1.weight", "dense1.bias", "dense2.weight", "dense2.bias",
    ]
    static let histogramTags = parameterNames.flatMap { name -> [String] in
        let tag = name.replacingOccurrences(of: ".", with: "/")
        return ["\(tag)/histogram", "\(tag)/gradient_histogram"]
    }
    static let batchTags = [
        "batch_loss", "batch_accuracy", "batch_learning_rate", "batch_docs_per_second", "batch_step_seconds",
    ]
    static let epochTags = [
        "epoch_loss", "epoch_accuracy", "epoch_learning_rate", "epoch_docs_per_second", "epoch_step_seconds",
        "epoch_seconds",
    ]

    /// 3 epochs of 3 steps (batches of 33, 33 and 24 sequences) with validation, logged.
    static func train(logdir: String, observers: (TensorBoardLogger) -> [any TrainingObserver] = { _ in [] })
        throws -> (Trainer<Adam>, History, TensorBoardLogger)
    {
        let training = try PlantedTask.data(count: 90, seed: 1)
        let validation = try PlantedTask.data(count: 30, seed: 2)
        var options = FitOptions()
        options.epochs = 3
        var trainer = Trainer(
            model: try PlantedTask.model(seed: 3), optimizer: Adam(learningRate: 0.003), options: options, seed: 4)
        let logger = TensorBoardLogger(logdir: logdir, configuration: "{\"seed\": 4}")
        let history = try trainer.fit(
            training: training, validation: validation, observers: [logger] + observers(logger))
        return (trainer, history, logger)
    }

    @Test("TensorBoard reads exactly the events, tags, steps and values of history.json")
    func trainingRun() throws {
        guard let reader = try TensorBoardReader.require() else { return }
        let folder = temporaryFolder()
        defer { try? FileManager.default.removeItem(atPath: folder) }
        var live: LiveReader?
        let (trainer, written, logger) = try Self.train(logdir: "\(folder)/logs") { logger in
            live = LiveReader(reader: reader, logger: logger)
            return [live!]
        }
        try written.write(to: "\(folder)/history.json")
        let history = try History.read("\(folder)/history.json")
        #expect(history.epochs.count == 3)
        #expect(logger.files.count == 2)
        let trainFile = try #require(logger.files.first)
        let validationFile = try #require(logger.files.last)
        #expect(trainFile.hasPrefix("\(folder)/logs/train/events.out.tfevents."))
        #expect(validationFile.hasPrefix("\(folder)/logs/validation/events.out.tfevents."))
        #expect(trainFile.hasSuffix(".\(EventFileWriter.hostName)"))

        let files = try reader.files([trainFile, validationFile])
        let train = try #require(files[trainFile]?.events)
        let validation = try #require(files[validationFile]?.events)
        // Which dashboard shows each tag, after TensorBoard's read-time conversions.
        let plugins = try #require(files[trainFile]?.plugins)
        #expect(
            Set(plugins.keys)
                == Set(Self.batchTags + Self.epochTags + Self.histogramTags + ["configuration", "model_summary"]))
        for (tag, plugin) in plugins {
            let expected =
                tag.hasSuffix("histogram")
                ? "histograms" : tag.hasPrefix("batch_") || tag.hasPrefix("epoch_") ? "scalars" : "text"
            #expect(plugin == expected, "\(tag)")
        }
        #expect(files[validationFile]?.plugins.values.allSatisfy { $0 == "scalars" } == true)

        // train: file version, texts, then per epoch 3 step events, the epoch scalars and the histograms.
        let expectedEvents = 17  // 1 + 1 + 3 × (3 + 1 + 1)
        #expect(train.count == expectedEvents)
        #expect(train[0].fileVersion == "brain.Event:2")
        #expect(train[1].step == 0)
        #expect(train[1].tags == ["configuration", "model_summary"])
        for value in train[1].values ?? [] {
            #expect(value.kind == "tensor" && value.pluginName == "text" && value.dtype == 7 && value.dims == [])
        }
        let configuration = train[1].value("configuration")?.strings?.first ?? ""
        #expect(configuration.contains("    {\"seed\": 4}"))
        #expect(configuration.contains("    epochs: 3\n    batch size: 33"))
        #expect(configuration.contains("validation sequences: 30"))
        let summary = try trainer.model.summary(sampleShape: [PlantedTask.length]).description
        let indented = summary.split(separator: "\n", omittingEmptySubsequences: false).map { "    " + $0 }
        #expect(train[1].value("model_summary")?.strings == [indented.joined(separator: "\n")])

        let sizes = [33.0, 33, 24]
        for (e, row) in history.epochs.enumerated() {
            let base = 2 + e * 5
            for b in 0..<3 {
                let event = train[base + b]
                #expect(event.step == e * 3 + b + 1)
                #expect(event.tags == Self.batchTags)
                #expect(event.value("batch_learning_rate")?.value == f32(0.003))
                let docs = event.value("batch_docs_per_second")?.value ?? 0
                let seconds = event.value("batch_step_seconds")?.value ?? 0
                #expect(abs(docs * seconds - sizes[b]) < 1e-4 * sizes[b], "docs/s × s = batch size")
            }
            // The last step's running loss and accuracy are the epoch's.
            #expect(train[base + 2].value("batch_loss")?.value == f32(row.loss))
            #expect(train[base + 2].value("batch_accuracy")?.value == f32(row.accuracy))
            let scalars = train[base + 3]
            #expect(scalars.step == e)
            #expect(scalars.tags == Self.epochTags)
            #expect(scalars.value("epoch_loss")?.value == f32(row.loss))
            #expect(scalars.value("epoch_accuracy")?.value == f32(row.accuracy))
            #expect(scalars.value("epoch_learning_rate")?.value == f32(row.learningRate))
            #expect(scalars.value("epoch_seconds")?.value == f32(row.seconds))
            let stepSeconds = scalars.value("epoch_step_seconds")?.value ?? 0
            let docsPerSecond = scalars.value("epoch_docs_per_second")?.value ?? 0
            #expect(stepSeconds > 0 && stepSeconds * 3 <= row.seconds * 1.0001)
            #expect(abs(docsPerSecond * stepSeconds * 3 - 90) < 1e-3 * 90)
            let histograms = train[base + 4]
            #expect(histograms.step == e)
            #expect(histograms.tags == Self.histogramTags)
            for value in histograms.values ?? [] {
                let h = try #require(value.histogram, "\(value.tag)")
                #expect(value.kind == "histo")
                #expect(h.bucket.reduce(0, +) == h.num)
                #expect(h.bucketLimit.last == h.max)
            }

            #expect(validation[1 + 2 * e].step == e)
            #expect(validation[1 + 2 * e].tags == ["epoch_loss", "epoch_accuracy"])
            #expect(validation[1 + 2 * e].value("epoch_loss")?.value == f32(row.validationLoss!))
            #expect(validation[1 + 2 * e].value("epoch_accuracy")?.value == f32(row.validationAccuracy!))
            #expect(validation[2 + 2 * e].step == 3 * (e + 1))
            #expect(
                validation[2 + 2 * e].tags == ["evaluation_loss_vs_iterations", "evaluation_accuracy_vs_iterations"])
            #expect(validation[2 + 2 * e].value("evaluation_loss_vs_iterations")?.value == f32(row.validationLoss!))
        }
        #expect(validation.count == 1 + 3 * 2)
        #expect(validation[0].fileVersion == "brain.Event:2")

        // The last epoch's histograms are the trained model's parameters and last gradients, exactly.
        let values = trainer.model.namedValues
        let gradients = trainer.model.namedGradients
        for name in Self.parameterNames {
            let tag = name.replacingOccurrences(of: ".", with: "/")
            let logged = try #require(train.last?.value("\(tag)/histogram")?.histogram)
            let expected = Histogram(values[name]!.scalars)
            #expect(logged.num == Double(values[name]!.scalarCount))
            #expect(logged.min == expected.min && logged.max == expected.max && logged.sum == expected.sum)
            #expect(logged.bucket == expected.bucketCounts && logged.bucketLimit == expected.bucketLimits)
            let gradient = try #require(train.last?.value("\(tag)/gradient_histogram")?.histogram)
            #expect(gradient.bucket == Histogram(gradients[name]!.scalars).bucketCounts)
        }

        // While training ran, after the first epoch: that epoch's events were already readable.
        let midway = try #require(live?.seen)
        let firstEpochEvents = 7  // file version, texts, 3 steps, epoch scalars, histograms
        #expect(midway[trainFile]?.count == firstEpochEvents)
        #expect(midway[trainFile]?.last?.step == 0)
        #expect(midway[validationFile]?.count == 3)

        // TensorBoard's EventAccumulator sees the same run as its dashboards will.
        let runs = try reader.runs(["\(folder)/logs/train", "\(folder)/logs/validation"])
        let trainRun = try #require(runs["\(folder)/logs/train"])
        #expect(trainRun.tags["scalars"] == (Self.batchTags + Self.epochTags).sorted())
        #expect(trainRun.tags["histograms"] == Self.histogramTags.sorted())
        #expect(trainRun.tags["tensors"] == ["configuration", "model_summary"])
        #expect(trainRun.scalars["epoch_loss"] == history.epochs.map { [Double($0.epoch - 1), f32($0.loss)] })
        #expect(trainRun.scalars["batch_loss"]?.map { $0[0] } == (1...9).map(Double.init))
        #expect(trainRun.histograms["conv1/weight/histogram"]?.map { $0[0] } == [0, 1, 2])
        let validationRun = try #require(runs["\(folder)/logs/validation"])
        #expect(
            validationRun.scalars["epoch_accuracy"]
                == history.epochs.map { [Double($0.epoch - 1), f32($0.validationAccuracy!)] })
        #expect(validationRun.scalars["evaluation_loss_vs_iterations"]?.map { $0[0] } == [3, 6, 9])
    }

    @Test("a file cut in the middle of a record reads up to the last complete record")
    func truncated() throws {
        let folder = temporaryFolder()
        defer { try? FileManager.default.removeItem(atPath: folder) }
        let (_, _, logger) = try Self.train(logdir: "\(folder)/logs")
        let bytes = try FileData.readRaw(try #require(logger.files.first))
        let records = try TFRecord.read(bytes, source: "train").records
        #expect(records.count == 17)
        var ends = [0]
        for record in records { ends.append(ends.last! + record.count + 16) }
        #expect(ends.last == bytes.count)
        // Cut inside the last histogram event's data, inside a record header, and inside a data checksum.
        let cuts = [(ends[16] + ends[17]) / 2, ends[10] + 5, ends[8] - 2]
        var paths: [String] = []
        for (i, cut) in cuts.enumerated() {
            let path = "\(folder)/cut\(i)/events.out.tfevents.1.cut"
            try AtomicFile.createFolder("\(folder)/cut\(i)")
            try AtomicFile.write(bytes[0..<cut], to: path)
            paths.append(path)
            let contents = try TFRecord.read(contentsOf: path)
            let complete = ends.lastIndex { $0 <= cut }!
            #expect(contents.records.count == complete)
            #expect(contents.incompleteTailBytes == cut - ends[complete])
        }
        guard let reader = try TensorBoardReader.require() else { return }
        let read = try reader.events(paths)
        #expect(read[paths[0]]?.count == 16)
        #expect(read[paths[1]]?.count == 10)
        #expect(read[paths[2]]?.count == 7)
        #expect(read[paths[0]]?.last?.tags == Self.epochTags)
    }

    @Test("a resumed run adds files whose steps continue where the checkpoint left off")
    func resumed() throws {
        let folder = temporaryFolder()
        defer { try? FileManager.default.removeItem(atPath: folder) }
        let training = try PlantedTask.data(count: 90, seed: 1)
        var options = FitOptions()
        options.epochs = 1
        options.checkpoints = CheckpointPolicy(folder: "\(folder)/checkpoints")
        var first = Trainer(
            model: try PlantedTask.model(seed: 3), optimizer: Adam(learningRate: 0.003), options: options, seed: 4)
        try first.fit(training: training, observers: [TensorBoardLogger(logdir: "\(folder)/logs")])
        options.epochs = 2
        var second = try Trainer.resume(
            from: Trainer<Adam>.latestCheckpoint(in: "\(folder)/checkpoints")!, model: try PlantedTask.model(seed: 3),
            optimizer: Adam(learningRate: 0.003), options: options)
        let logger = TensorBoardLogger(logdir: "\(folder)/logs")
        let history = try second.fit(training: training, observers: [logger])
        #expect(logger.files.count == 1, "no validation set: no validation run")
        let names = try FileManager.default.contentsOfDirectory(atPath: "\(folder)/logs/train")
        #expect(names.count == 2)
        #expect(!FileData.exists("\(folder)/logs/validation"))
        guard let reader = try TensorBoardReader.require() else { return }
        let run = try #require(try reader.runs(["\(folder)/logs/train"])["\(folder)/logs/train"])
        #expect(run.scalars["batch_loss"]?.map { $0[0] } == (1...6).map(Double.init))
        #expect(run.scalars["epoch_loss"] == history.epochs.map { [Double($0.epoch - 1), f32($0.loss)] })
        #expect(run.texts["configuration"]?.map(\.step) == [0, 1])
    }

    @Test("every worker's step time goes to workers/rank-K when a step reports several")
    func workers() throws {
        let folder = temporaryFolder()
        defer { try? FileManager.default.removeItem(atPath: folder) }
        let logger = TensorBoardLogger(logdir: folder)
        let model = try PlantedTask.model(seed: 3)
        try logger.trainingWillBegin(
            TrainingStart(
                model: model, options: FitOptions(), firstEpoch: 1, iterations: 0, sequenceLength: PlantedTask.length,
                trainingCount: 66, validationCount: nil))
        for iteration in 1...2 {
            try logger.stepDidEnd(
                StepReport(
                    epoch: 1, batch: iteration, batches: 2, iteration: iteration, documents: 33, loss: 1,
                    runningLoss: 1, runningAccuracy: 0.5, learningRate: 0.001, seconds: 0.25,
                    elapsed: 0.25 * Double(iteration), workerSeconds: [0.25, 0.75 * Double(iteration)]))
        }
        try logger.trainingDidEnd(History(), failure: nil)
        #expect(logger.files.count == 3)
        #expect(logger.files[1].hasPrefix("\(folder)/workers/rank-0/events.out.tfevents."))
        #expect(logger.files[2].hasPrefix("\(folder)/workers/rank-1/events.out.tfevents."))
        #expect(try TFRecord.read(contentsOf: logger.files[2]).records.count == 3)
        guard let reader = try TensorBoardReader.require() else { return }
        let runs = try reader.runs(["\(folder)/workers/rank-0", "\(folder)/workers/rank-1"])
        #expect(runs["\(folder)/workers/rank-0"]?.scalars["batch_step_seconds"] == [[1, 0.25], [2, 0.25]])
        #expect(runs["\(folder)/workers/rank-1"]?.scalars["batch_step_seconds"] == [[1, 0.75], [2, 1.5]])
    }

    @Test("a log folder that cannot be created stops training before the first step, naming it")
    func unwritable() throws {
        let folder = temporaryFolder()
        defer { try? FileManager.default.removeItem(atPath: folder) }
        try AtomicFile.createFolder(folder)
        try AtomicFile.write("not a folder", to: "\(folder)/logs")
        let training = try PlantedTask.data(count: 20, seed: 1)
        var trainer = Trainer(
            model: try PlantedTask.model(seed: 3), optimizer: Adam(learningRate: 0.003), options: FitOptions(),
            seed: 4)
        do {
            try trainer.fit(training: training, observers: [TensorBoardLogger(logdir: "\(folder)/logs")])
            Issue.record("expected an error")
        } catch {
            guard case .observer(let message) = error else {
                Issue.record("expected TrainingError.observer, got \(error)")
                return
            }
            #expect(message.hasPrefix("\(folder)/logs/train: cannot create folder \(folder)/logs"), "\(message)")
            #expect(error.description.hasPrefix("Training log: "))
        }
        #expect(trainer.state.completedEpochs == 0)
        #expect(try String(contentsOfFile: "\(folder)/logs", encoding: .utf8) == "not a folder")
    }

    @Test("per-step scalars can be thinned out or turned off")
    func stepFrequency() throws {
        let folder = temporaryFolder()
        defer { try? FileManager.default.removeItem(atPath: folder) }
        let training = try PlantedTask.data(count: 90, seed: 1)
        var options = FitOptions()
        options.epochs = 2
        for (frequency, stepEvents) in [(2, 3), (0, 0)] {
            var logOptions = TensorBoardLogger.Options()
            logOptions.stepFrequency = frequency
            logOptions.histograms = false
            let logger = TensorBoardLogger(logdir: "\(folder)/f\(frequency)", options: logOptions)
            var trainer = Trainer(
                model: try PlantedTask.model(seed: 3), optimizer: Adam(learningRate: 0.003), options: options, seed: 4)
            try trainer.fit(training: training, observers: [logger])
            let records = try TFRecord.read(contentsOf: logger.files[0]).records
            #expect(records.count == 2 + stepEvents + 2, "frequency \(frequency)")
        }
    }
}
