import FTDataset
import FTNN
import FTTensor
import FTText
import Foundation
import Testing

@Suite("Streaming training from shards", .serialized)
struct StreamingTrainingTests {
    /// Texts long enough to be padded and truncated at length 32, with labels k % 3 planted as words.
    static let texts: [String] = (0..<60).map { k in
        let filler = ["alpha", "beta", "gamma", "delta", "eps", "zeta", "eta", "theta"]
        let planted = ["low", "mid", "high"][k % 3]
        return (0..<(8 + (k * 5) % 30)).map { $0 == (k % 7) ? planted : filler[($0 * (k + 1)) % 8] }
            .joined(separator: " ")
    }

    static func model(vocabulary: Int, length: Int) throws -> Sequential {
        var g = SeededGenerator(seed: 99)
        var embedding = Tensor.uniform(shape: [vocabulary, 8], lower: -1, upper: 1, using: &g)
        for j in 0..<8 { embedding[0, j] = 0 }
        var configuration = StudyModel.Configuration()
        configuration.filters = 8
        configuration.kernelSize = 3
        configuration.poolSizes = [2, 2, 2]
        configuration.denseUnits = 8
        return try StudyModel.make(
            vocabularySize: vocabulary, embeddingDimension: 8, sequenceLength: length, classes: 3,
            embedding: embedding, configuration: configuration, seed: 5)
    }

    @Test("with the same seed, weights and history trained from shards equal in-memory training bit for bit")
    func bitIdentical() throws {
        let root = try scratchFolder("streaming")
        defer { try? FileManager.default.removeItem(atPath: root) }
        let dataset = try TokenDataset(folder: writeDataset(Self.texts, to: root + "/data", perShard: 7))
        let length = 32
        // In memory, exactly as the in-memory API builds its data: tokenizer, pad_sequences, labels.
        var tokenizer = Tokenizer()
        tokenizer.fit(on: Self.texts)
        let ids = padSequencesFlat(tokenizer.sequences(for: Self.texts), length: length)
        let memory = try LabelledSequences(
            ids: ids, length: length, labels: (0..<Self.texts.count).map { $0 % 3 }, classes: 3)
        let shards = ShardSequences(dataset: dataset, length: length)
        let split = DataSplit.stratified(validationFraction: 0.25)
        var g = SeededGenerator(seed: 3)
        let (training, validation) = split.indices(count: memory.count, labels: memory.labels, using: &g)
        var options = FitOptions()
        options.epochs = 3
        options.batchSize = 7
        let vocabulary = tokenizer.indexWord.count
        var inMemory = Trainer(
            model: try Self.model(vocabulary: vocabulary, length: length), optimizer: Adam(learningRate: 0.01),
            options: options, seed: 11)
        let memoryHistory = try inMemory.fit(
            training: memory.subset(training), validation: memory.subset(validation))
        var fromShards = Trainer(
            model: try Self.model(vocabulary: vocabulary, length: length), optimizer: Adam(learningRate: 0.01),
            options: options, seed: 11)
        let shardHistory = try fromShards.fit(
            training: shards.subset(training), validation: shards.subset(validation))
        #expect(try shards.materialized() == memory)
        let a = inMemory.model.namedValues
        let b = fromShards.model.namedValues
        #expect(a.keys.sorted() == b.keys.sorted())
        for key in a.keys { #expect(a[key]?.scalars == b[key]?.scalars, "\(key)") }
        #expect(memoryHistory.epochs.map(\.loss) == shardHistory.epochs.map(\.loss))
        #expect(memoryHistory.epochs.map(\.validationLoss) == shardHistory.epochs.map(\.validationLoss))
        #expect(inMemory.evaluate(memory) == fromShards.evaluate(shards))
        // Training moved the weights (the comparison is not between two untouched models).
        let untouched = try Self.model(vocabulary: vocabulary, length: length).namedValues
        #expect(a.keys.contains { a[$0]?.scalars != untouched[$0]?.scalars })
    }
}
