public import FTNN
import FTTensor

/// A synthetic task: each sequence holds random filler tokens and one of three planted 5-grams;
/// the class is which 5-gram it holds.
public enum PlantedTask {
    /// The three planted 5-grams; the class is the index of the one a sequence holds.
    public static let grams: [[Int32]] = [[1, 2, 3, 4, 5], [5, 4, 3, 2, 1], [1, 3, 5, 2, 4]]
    /// Vocabulary size (id 0 is padding, 1–5 make up the 5-grams).
    public static let vocabulary = 40
    /// Tokens per sequence.
    public static let length = 64

    /// `count` sequences, classes in turn (0, 1, 2, 0, …).
    public static func data(count: Int, seed: UInt64) throws -> LabelledSequences {
        var g = SeededGenerator(seed: seed)
        var rows: [[Int32]] = []
        var labels: [Int] = []
        for i in 0..<count {
            let label = i % 3
            var row = (0..<length).map { _ in Int32(6 + g.nextInt(below: vocabulary - 6)) }
            // Some leading padding, as pre-padded documents have.
            for p in 0..<g.nextInt(below: 10) { row[p] = 0 }
            let at = 10 + g.nextInt(below: length - 15)
            for k in 0..<5 { row[at + k] = grams[label][k] }
            rows.append(row)
            labels.append(label)
        }
        return try LabelledSequences(rows: rows, labels: labels, classes: 3)
    }

    /// The study model reduced to 16 filters, pools of 2 and 16 dense units, over an 8-d embedding.
    public static func model(seed: UInt64) throws -> Sequential {
        var g = SeededGenerator(seed: 1000 + seed)
        var embedding = Tensor.uniform(shape: [vocabulary, 8], lower: -1, upper: 1, using: &g)
        for j in 0..<8 { embedding[0, j] = 0 }
        var configuration = StudyModel.Configuration()
        configuration.filters = 16
        configuration.poolSizes = [2, 2, 2]
        configuration.denseUnits = 16
        return try StudyModel.make(
            vocabularySize: vocabulary, embeddingDimension: 8, sequenceLength: length, classes: 3, embedding: embedding,
            configuration: configuration, seed: seed)
    }
}
