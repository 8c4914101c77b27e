import FTClassifier
import FTNN
import FTTensor
import FTText

/// Small classifiers built directly from parts, for the explanation tests.
enum ExplanationSupport {
    /// Neutral words shared by both classes of the planted-phrase task.
    static let filler = [
        "company", "market", "product", "customer", "quarter", "revenue", "segment", "pricing", "supplier", "contract",
        "facility", "employee", "region", "service", "capital", "equipment", "inventory", "channel", "license",
        "software",
        "platform", "portfolio", "partner", "industry", "operations", "strategy", "division", "network", "factory",
        "brand",
    ]
    /// The planted phrases: class 0 and class 1.
    static let phrases = [["substantial", "going", "concern"], ["record", "backlog", "expansion"]]

    /// A document of `length` filler words with class `label`'s phrase at a random word position (no
    /// phrase for label 2, "neutral").
    static func plantedDocument(label: Int, length: Int, rng: inout SeededGenerator) -> (text: String, phraseStart: Int)
    {
        var words = (0..<length).map { _ in filler[rng.nextInt(below: filler.count)] }
        let start = rng.nextInt(below: length + 1)
        // Every document has the same number of words, so its length (visible to the model as padding) tells
        // nothing about the class.
        if label < phrases.count {
            words.insert(contentsOf: phrases[label], at: start)
        } else {
            words.insert(contentsOf: (0..<3).map { _ in filler[rng.nextInt(below: filler.count)] }, at: start)
        }
        return (words.joined(separator: " "), start)
    }

    /// A classifier over `words` with random `dimension`-d vectors (zero rows for `withoutVector`) and a
    /// small study-shaped CNN, untrained (a last pool over the whole remaining length makes it a global max pool).
    static func classifier(
        words: [String], withoutVector: Set<String> = [], dimension: Int = 8, sequenceLength: Int,
        poolSizes: [Int] = [2, 2, 2], filters: Int = 8, classes: Int = 2, seed: UInt64
    ) throws -> StockPerformanceClassifier {
        var tokenizer = Tokenizer()
        tokenizer.fit(on: [words.joined(separator: " ")])
        var rng = SeededGenerator(seed: seed)
        let rows = tokenizer.vocabularyCount + 1
        var scalars = [Float](repeating: 0, count: rows * dimension)
        for (word, index) in tokenizer.wordIndex.sorted(by: { $0.value < $1.value }) where !withoutVector.contains(word)
        {
            for j in 0..<dimension { scalars[index * dimension + j] = Float(rng.nextNormal()) }
        }
        var configuration = ClassifierConfiguration()
        configuration.labelNames = Array(["down", "up", "neutral"].prefix(classes))
        configuration.sequenceLength = sequenceLength
        configuration.model.filters = filters
        configuration.model.poolSizes = poolSizes
        configuration.model.denseUnits = 8
        configuration.prefixSectionTitle = false
        configuration.prefixTicker = false
        let model = try StudyModel.make(
            vocabularySize: rows, embeddingDimension: dimension, sequenceLength: sequenceLength, classes: classes,
            embedding: Tensor(shape: [rows, dimension], scalars: scalars),
            configuration: configuration.model,
            seed: seed)
        return StockPerformanceClassifier(configuration: configuration, tokenizer: tokenizer, model: model)
    }
}
