public import FTDataset
public import FTDistributed
public import FTNN
import FTTensor
import FTText
public import FTWordVectors
import Foundation

extension StockPerformanceClassifier {
    /// Trains the study's pipeline on labelled section documents and evaluates it on the validation part.
    ///
    /// Steps: split (`configuration.split`), clean and prefix every document, fit the tokenizer on the
    /// **training** documents only (so validation words never shape the vocabulary), pad/truncate, build the
    /// frozen embedding matrix from `vectors`, build the CNN, train with Adam and early stopping on
    /// validation loss, and predict the validation documents.
    ///
    /// - Parameters:
    ///   - records: Documents with their text (`text`) and labels `0..<classes`.
    ///   - vectors: The word vectors (their dimension sets the embedding size).
    ///   - configuration: Every setting.
    ///   - progress: The training display.
    ///   - checkpoints: Where to write checkpoints, or nil.
    ///   - resumeFrom: A checkpoint file to continue from, or a checkpoint folder: its newest usable epoch
    ///     checkpoint (damaged or impossible ones are skipped with a warning), or nil.
    ///   - observers: Further training observers (for example a `TensorBoardLogger`), called after `progress`.
    ///   - executionPath: How the network runs in training, validation and the returned classifier's
    ///     `predict`/`explain` (`ExecutionPlan`; the fast kernels by default).
    /// - Throws: `ClassifierError` for a bad configuration, too few documents, a label out of range, missing
    ///   text, documents whose texts are all empty, or a training failure.
    public static func train(
        records: [DatasetManifest.Record], vectors: WordVectors, configuration: ClassifierConfiguration,
        progress: ProgressReporter = ProgressReporter(style: .quiet), checkpoints: CheckpointPolicy? = nil,
        resumeFrom: String? = nil, observers: [any TrainingObserver] = [], distributed: DistributedTraining? = nil,
        executionPath: ExecutionPath = .fast()
    ) throws(ClassifierError) -> TrainingRun {
        try configuration.validate()
        guard records.count >= 2 else { throw .data("expected at least 2 documents. Received: \(records.count)") }
        if let bad = records.firstIndex(where: { !(0..<configuration.classes).contains($0.label) }) {
            throw .data(
                "document \(records[bad].id) has label \(records[bad].label); expected 0..<\(configuration.classes)")
        }
        if let bad = records.first(where: { $0.text == nil }) {
            throw .data("document \(bad.id) has no text (load text_path files first)")
        }
        if records.allSatisfy({ ($0.text ?? "").allSatisfy(\.isWhitespace) }) {
            throw .data(
                "every one of the \(records.count) documents has an empty text: there is nothing to learn from (check the manifest's text and text_path fields)"
            )
        }
        let (trainingIndices, validationIndices) = configuration.split.indices(for: records, seed: configuration.seed)
        guard !trainingIndices.isEmpty, !validationIndices.isEmpty else {
            throw .data(
                "the split \(configuration.split) left an empty training or validation set for \(records.count) documents"
            )
        }
        return try train(
            records: records, trainingIndices: trainingIndices, validationIndices: validationIndices, vectors: vectors,
            configuration: configuration, progress: progress, checkpoints: checkpoints, resumeFrom: resumeFrom,
            observers: observers, distributed: distributed, executionPath: executionPath)
    }

    /// Trains on `records[trainingIndices]` with early stopping on `records[validationIndices]` (the split is
    /// given, not drawn from `configuration.split`); otherwise as `train(records:vectors:configuration:…)`.
    /// Documents in neither list are not read. Cross-validation uses this with each fold's parts.
    /// With `distributed`, this process is one rank of a data-parallel job (`FitOptions.parallel`):
    /// `configuration.batchSize` is the batch of each rank and the learning rate follows its rule.
    /// - Throws: `ClassifierError` as the other `train`, and `.data` for an empty or overlapping part.
    public static func train(
        records: [DatasetManifest.Record], trainingIndices: [Int], validationIndices: [Int], vectors: WordVectors,
        configuration: ClassifierConfiguration, progress: ProgressReporter = ProgressReporter(style: .quiet),
        checkpoints: CheckpointPolicy? = nil, resumeFrom: String? = nil, observers: [any TrainingObserver] = [],
        distributed: DistributedTraining? = nil, executionPath: ExecutionPath = .fast()
    ) throws(ClassifierError) -> TrainingRun {
        try configuration.validate()
        guard !trainingIndices.isEmpty, !validationIndices.isEmpty,
            Set(trainingIndices).isDisjoint(with: validationIndices),
            (trainingIndices + validationIndices).allSatisfy({ records.indices.contains($0) })
        else {
            throw .data(
                "expected non-empty, disjoint training and validation parts of \(records.count) documents. Received: \(trainingIndices.count) and \(validationIndices.count)"
            )
        }
        for i in trainingIndices + validationIndices {
            if !(0..<configuration.classes).contains(records[i].label) {
                throw .data(
                    "document \(records[i].id) has label \(records[i].label); expected 0..<\(configuration.classes)")
            }
            if records[i].text == nil {
                throw .data("document \(records[i].id) has no text (load text_path files first)")
            }
        }
        do {
            _ = try StudyModel.checkedProduct(
                [records.count, configuration.sequenceLength], "the padded token ids (documents × sequenceLength)")
        } catch {
            throw .configuration(error.message)
        }
        progress.message("Cleaning and tokenizing \(trainingIndices.count + validationIndices.count) documents …")
        let used = Set(trainingIndices + validationIndices)
        let texts = records.indices.map {
            used.contains($0) ? clean(Self.document(for: records[$0]), configuration: configuration) : ""
        }
        let inputs = NetworkInputs(
            texts: texts, trainingIndices: trainingIndices, vectors: vectors, configuration: configuration)
        let data = try inputs.sequences(labels: records.map(\.label), classes: configuration.classes)
        return try train(
            training: data.subset(trainingIndices), validation: data.subset(validationIndices),
            trainingIndices: trainingIndices, validationIndices: validationIndices,
            documentIDs: validationIndices.map { records[$0].id }, tokenizer: inputs.tokenizer,
            embedding: (inputs.matrix, inputs.coverage), configuration: configuration, progress: progress,
            checkpoints: checkpoints, resumeFrom: resumeFrom, observers: observers, distributed: distributed,
            executionPath: executionPath)
    }

    /// The steps shared by in-memory and streaming training: `fit` on any `TokenBatchSource`, then the
    /// validation predictions and the run's summary.
    /// - Parameter embedding: The frozen embedding matrix of `tokenizer`'s words and its coverage
    ///   (`NetworkInputs.embedding(tokenizer:vectors:configuration:)`).
    static func train(
        training: some TokenBatchSource, validation: some TokenBatchSource, trainingIndices: [Int],
        validationIndices: [Int], documentIDs: [String], tokenizer: Tokenizer,
        embedding: (matrix: Tensor, coverage: CoverageReport), configuration: ClassifierConfiguration,
        progress: ProgressReporter, checkpoints: CheckpointPolicy?, resumeFrom: String?,
        observers: [any TrainingObserver], distributed: DistributedTraining?, executionPath: ExecutionPath
    ) throws(ClassifierError) -> TrainingRun {
        let (classifier, history) = try fit(
            training: training, validation: validation, tokenizer: tokenizer, matrix: embedding.matrix,
            configuration: configuration, progress: progress, checkpoints: checkpoints, resumeFrom: resumeFrom,
            observers: observers, distributed: distributed, executionPath: executionPath)
        let predictions = classifier.predict(validation, documentIDs: documentIDs)
        let trainingLabels = training.labels
        let validationLabels = validation.labels
        func classCounts(_ labels: [Int]) -> [Int] {
            (0..<configuration.classes).map { c in labels.filter { $0 == c }.count }
        }
        return TrainingRun(
            classifier: classifier, history: history, trainingIndices: trainingIndices,
            validationIndices: validationIndices,
            validationPredictions: predictions, validationLabels: validationLabels,
            coverage: embedding.coverage,
            classCounts: (classCounts(trainingLabels), classCounts(validationLabels)))
    }

    /// Builds the network on `matrix` and trains it on `training` with Adam and early stopping on
    /// `validation`; returns the trained classifier without predicting anything (cross-validation predicts
    /// its test fold instead, decision 0158).
    /// - Throws: `ClassifierError` for sizes the configuration cannot hold or a training failure.
    static func fit(
        training: some TokenBatchSource, validation: some TokenBatchSource, tokenizer: Tokenizer, matrix: Tensor,
        configuration: ClassifierConfiguration, progress: ProgressReporter = ProgressReporter(style: .quiet),
        checkpoints: CheckpointPolicy? = nil, resumeFrom: String? = nil, observers: [any TrainingObserver] = [],
        distributed: DistributedTraining? = nil, executionPath: ExecutionPath = .fast()
    ) throws(ClassifierError) -> (classifier: StockPerformanceClassifier, history: History) {
        let sizes = try configuration.checkSizes(vocabularySize: matrix.shape[0], embeddingDimension: matrix.shape[1])
        do { try sizes.checkBatch(batchSize: configuration.batchSize, documents: training.count) } catch {
            throw .configuration("batchSize \(configuration.batchSize): \(error.message)")
        }
        let model: Sequential
        do {
            model = try StudyModel.make(
                vocabularySize: matrix.shape[0], embeddingDimension: matrix.shape[1],
                sequenceLength: configuration.sequenceLength,
                classes: configuration.classes, embedding: matrix, trainableEmbedding: configuration.trainableEmbedding,
                configuration: configuration.model, seed: configuration.seed)
        } catch {
            throw .configuration("the model cannot be built: \(error)")
        }
        var options = FitOptions()
        options.epochs = configuration.epochs
        options.batchSize = configuration.batchSize
        if let patience = configuration.earlyStoppingPatience {
            options.earlyStopping = EarlyStopping(monitor: .validationLoss, patience: patience, restore: .always)
        }
        options.checkpoints = checkpoints
        options.executionPath = executionPath
        var optimizer = Adam(
            learningRate: configuration.learningRate, clipping: configuration.clipValue.map { .value($0) } ?? .none)
        if let distributed {
            options.parallel = distributed.communicator
            optimizer.schedule = distributed.scaling(
                trainingCount: training.count, batchSize: configuration.batchSize
            ).schedule(optimizer.schedule, ranks: distributed.communicator.size)
        }
        var trainer: Trainer<Adam>
        if let resumeFrom {
            do {
                var isFolder: ObjCBool = false
                if FileManager.default.fileExists(atPath: resumeFrom, isDirectory: &isFolder), isFolder.boolValue {
                    trainer = try Trainer.resume(
                        newestIn: resumeFrom, model: model, optimizer: optimizer, options: options, progress: progress)
                } else {
                    trainer = try Trainer.resume(from: resumeFrom, model: model, optimizer: optimizer, options: options)
                }
            } catch {
                throw .training("\(error)")
            }
        } else {
            trainer = Trainer(model: model, optimizer: optimizer, options: options, seed: configuration.seed)
        }
        let history: History
        do {
            history = try trainer.fit(
                training: training, validation: validation, progress: progress, observers: observers)
        } catch {
            throw .training("\(error)")
        }
        var classifier = StockPerformanceClassifier(
            configuration: configuration, tokenizer: tokenizer, model: trainer.model)
        classifier.executionPath = executionPath
        return (classifier, history)
    }

    /// The classifier input for a manifest record.
    public static func document(for record: DatasetManifest.Record) -> ClassifierDocument {
        ClassifierDocument(id: record.id, text: record.text ?? "", section: record.section, ticker: record.ticker)
    }
}
