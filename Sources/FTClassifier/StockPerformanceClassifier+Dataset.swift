public import FTDataset
public import FTDistributed
import FTMarket
public import FTNN
import FTText
public import FTWordVectors

extension StockPerformanceClassifier {
    /// Trains on a sharded token dataset (`train-classifier encode`), streaming batches from its
    /// memory-mapped shards: memory holds the model, the embedding matrix, the metadata and a few batches,
    /// however large the corpus.
    ///
    /// The split uses the documents' metadata alone (labels, CIKs, filing dates), exactly as the in-memory
    /// `train(records:…)` does for the same documents in the same order. Unlike it, the vocabulary is the
    /// dataset's, fitted on every encoded document (decision 0161): with the same ids, split and seed the
    /// weights are bit-identical to in-memory training.
    /// - Parameters:
    ///   - records: The documents' records without text, one per dataset row in order, whose labels are
    ///     trained on (`TrainingJob.labelledRecords(dataset:…)` re-fits them for a time split); nil:
    ///     `splitRecords(dataset)`, the labels encoded in the shards.
    ///   - others: As `train(records:…)`; `observers` are called after `progress`. With `distributed`, each
    ///     rank reads only its share of every batch from the shards.
    /// - Throws: `ClassifierError` when the dataset was encoded with other cleaning or `maxWords` settings,
    ///   has other classes, has an invalid filing date, `records` do not match its rows, or training fails.
    public static func train(
        dataset: TokenDataset, records given: [DatasetManifest.Record]? = nil, vectors: WordVectors,
        configuration: ClassifierConfiguration, progress: ProgressReporter = ProgressReporter(style: .quiet),
        checkpoints: CheckpointPolicy? = nil, resumeFrom: String? = nil, observers: [any TrainingObserver] = [],
        distributed: DistributedTraining? = nil, executionPath: ExecutionPath = .fast()
    ) throws(ClassifierError) -> TrainingRun {
        try configuration.validate()
        try checkCompatible(dataset, configuration: configuration)
        let records: [DatasetManifest.Record]
        if let given { records = given } else { records = try splitRecords(dataset) }
        guard records.count == dataset.count,
            zip(records, dataset.metadata).allSatisfy({ $0.id == $1.id }),
            records.allSatisfy({ (0..<dataset.classes).contains($0.label) })
        else {
            throw .data("the records given for \(dataset.folder) are not its documents, in order, with its classes")
        }
        let (trainingIndices, validationIndices) = configuration.split.indices(for: records, seed: configuration.seed)
        guard !trainingIndices.isEmpty, !validationIndices.isEmpty else {
            throw .data(
                "the split \(configuration.split) left an empty training or validation set for \(records.count) documents"
            )
        }
        let source = ShardSequences(
            dataset: dataset, length: configuration.sequenceLength, padding: configuration.padding,
            truncating: configuration.truncating, labels: records.map(\.label))
        return try train(
            training: source.subset(trainingIndices), validation: source.subset(validationIndices),
            trainingIndices: trainingIndices, validationIndices: validationIndices,
            documentIDs: validationIndices.map { dataset.metadata[$0].id }, tokenizer: dataset.tokenizer,
            embedding: NetworkInputs.embedding(
                tokenizer: dataset.tokenizer, vectors: vectors, configuration: configuration),
            configuration: configuration, progress: progress, checkpoints: checkpoints, resumeFrom: resumeFrom,
            observers: observers, distributed: distributed, executionPath: executionPath)
    }

    /// Checks that `dataset` was encoded the way `configuration` would clean and tokenize.
    /// - Throws: `ClassifierError.configuration` naming the setting that differs.
    public static func checkCompatible(
        _ dataset: TokenDataset, configuration: ClassifierConfiguration
    ) throws(ClassifierError) {
        guard dataset.classes == configuration.classes else {
            throw .configuration(
                "\(dataset.folder) has \(dataset.classes) classes; the configuration has \(configuration.classes) labels"
            )
        }
        let expected = [
            "prefix_section_title": "\(configuration.prefixSectionTitle)",
            "prefix_ticker": "\(configuration.prefixTicker)",
            "max_words": configuration.maxWords.map(String.init) ?? "none",
        ]
        for (key, value) in expected.sorted(by: { $0.key < $1.key }) where dataset.manifest.settings[key] != value {
            throw .configuration(
                "\(dataset.folder) was encoded with \(key) = \(dataset.manifest.settings[key] ?? "unset"); the configuration asks for \(value) (encode again with matching options)"
            )
        }
    }

    /// Manifest records (without text) built from the dataset's metadata, for `SplitMethod`, the label
    /// definition and the predictions table; the window ends the horizon's calendar days after the filing.
    /// - Throws: `ClassifierError.data` naming the document with an invalid filing date.
    public static func splitRecords(_ dataset: TokenDataset) throws(ClassifierError) -> [DatasetManifest.Record] {
        var records: [DatasetManifest.Record] = []
        records.reserveCapacity(dataset.count)
        for m in dataset.metadata {
            guard let day = CalendarDay(iso: m.filingDate) else {
                throw .data("\(dataset.folder): document \(m.id) has filing date '\(m.filingDate)', not an ISO date")
            }
            // The metadata keep the horizon, not the trading-day window: the window is the horizon's span.
            let end = Horizon(m.horizon).map { day.advanced(by: $0.calendarDays) } ?? day
            records.append(
                DatasetManifest.Record(
                    id: m.id, cik: m.cik, ticker: m.ticker, company: m.company, industry: m.industry, filingDate: day,
                    section: m.section, startDate: day, endDate: end, rawReturn: m.rawReturn,
                    benchmarkReturn: m.benchmarkReturn, excessReturn: m.excessReturn, label: m.label))
        }
        return records
    }

    /// This classifier's predictions for every document of `dataset`, streamed from its shards, in
    /// dataset order.
    /// - Throws: `ClassifierError.data` when the dataset was encoded with another vocabulary than the
    ///   classifier's tokenizer, or has labels the classifier does not know.
    public func predict(dataset: TokenDataset) throws(ClassifierError) -> [Prediction] {
        let mine = TokenDatasetManifest.vocabularyFingerprint(of: tokenizer)
        guard TokenDatasetManifest.vocabularyFingerprint(of: dataset.tokenizer) == mine else {
            throw .data(
                "\(dataset.folder) was encoded with another vocabulary than the model's tokenizer (train on it with train --dataset, or evaluate with --data)"
            )
        }
        guard dataset.classes == configuration.classes else {
            throw .data("\(dataset.folder) has \(dataset.classes) classes; the model knows \(configuration.classes)")
        }
        let source = ShardSequences(
            dataset: dataset, length: configuration.sequenceLength, padding: configuration.padding,
            truncating: configuration.truncating)
        return predict(source, documentIDs: dataset.metadata.map(\.id))
    }
}
