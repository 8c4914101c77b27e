import FTClassifier
import FTNN
import FTTensor
import Foundation
import Testing

@Suite("Explanations")
struct ExplanationTests {
    /// Measured (seeds as committed): accuracy 97/100, whole phrase in the top passage 93/100.
    @Test("on a task decided by one planted phrase, the top passage holds that phrase")
    func plantedPhrase() throws {
        let phrases = ExplanationSupport.phrases
        var classifier = try ExplanationSupport.classifier(
            words: ExplanationSupport.filler + phrases.flatMap { $0 }, sequenceLength: 64, poolSizes: [2, 2, 9], filters: 16, seed: 3)
        var rng = SeededGenerator(seed: 11)
        let labels = (0..<240).map { $0 % 2 }
        let texts = labels.map { ExplanationSupport.plantedDocument(label: $0, length: 50, rng: &rng).text }
        let ids = classifier.sequences(for: texts.map { ClassifierDocument(id: "", text: $0) })
        var options = FitOptions()
        options.epochs = 30
        options.batchSize = 16
        var trainer = Trainer(model: classifier.model, optimizer: Adam(learningRate: 0.01), options: options, seed: 5)
        _ = try trainer.fit(training: LabelledSequences(ids: ids, length: 64, labels: labels, classes: 2))
        classifier.model = trainer.model

        let count = 100
        var correct = 0, whole = 0, overlapping = 0
        for i in 0..<count {
            let label = i % 2
            let text = ExplanationSupport.plantedDocument(label: label, length: 50, rng: &rng).text
            let explanation = classifier.explain(ClassifierDocument(id: "held-out \(i)", text: text), passages: 3)
            if explanation.label == label { correct += 1 }
            guard let top = explanation.supporting.first else { continue }
            let phrase = phrases[label]
            if top.keyWords.joined(separator: " ").contains(phrase.joined(separator: " ")) { whole += 1 }
            if top.keyWords.contains(where: phrase.contains) { overlapping += 1 }
            #expect(top.text.split(separator: " ").count <= 25)
            #expect(explanation.supporting.allSatisfy { $0.score > 0 } && explanation.opposing.allSatisfy { $0.score < 0 })
        }
        print("planted phrase: accuracy \(correct)/\(count), top passage holds the whole phrase \(whole)/\(count), part of it \(overlapping)/\(count)")
        #expect(correct >= 95)
        #expect(whole >= 90, "the top passage held the whole planted phrase in only \(whole) of \(count) documents")
        #expect(overlapping >= 90)
    }

    @Test("positions count in-vocabulary tokens; passages show the skipped words too")
    func alignment() throws {
        let words = ExplanationSupport.filler
        let classifier = try ExplanationSupport.classifier(words: words, sequenceLength: 40, seed: 8)
        // "zzqx" and "qqyw" are outside the vocabulary; "the" is a stop word removed by cleaning.
        let text = "company zzqx market the product qqyw customer quarter revenue"
        let explanation = classifier.explain(ClassifierDocument(id: "a", text: text), passages: 10, contextWords: 25)
        #expect(explanation.wordCount == 8)
        #expect(explanation.tokenCount == 6)
        #expect(explanation.wordsOutsideVocabulary == 2)
        #expect(explanation.tokensSeen == 6 && explanation.firstTokenSeen == 0)
        let all = explanation.supporting + explanation.opposing
        #expect(!all.isEmpty)
        let cleaned = ["company", "zzqx", "market", "product", "qqyw", "customer", "quarter", "revenue"]
        let tokenWords = ["company", "market", "product", "customer", "quarter", "revenue"]
        for passage in all {
            #expect(passage.tokenCount == 5)
            #expect(passage.keyWords == Array(tokenWords[passage.tokenIndex..<(passage.tokenIndex + 5)]))
            #expect(cleaned[passage.wordIndex] == passage.keyWords[0])
            #expect(passage.text == cleaned.joined(separator: " "))
            #expect(abs(passage.keyWordScores.reduce(0, +) - passage.score) < 1e-9)
        }
        // Windows 0–4 and 1–5 overlap, so one passage at most on each side.
        #expect(explanation.supporting.count <= 1 && explanation.opposing.count <= 1)
    }

    @Test("many tokens without a word vector, or outside the vocabulary, give an unreliable-input warning")
    func unreliableInput() throws {
        let words = ExplanationSupport.filler
        let missing = Set(words.prefix(15))
        let classifier = try ExplanationSupport.classifier(words: words, withoutVector: missing, sequenceLength: 40, seed: 9)
        let fine = classifier.explain(ClassifierDocument(id: "fine", text: words.suffix(15).joined(separator: " ")))
        #expect(!fine.isUnreliable && fine.warnings.isEmpty && fine.tokensWithoutVector == 0)

        let noVectors = classifier.explain(ClassifierDocument(id: "no vectors", text: missing.sorted().joined(separator: " ")))
        #expect(noVectors.isUnreliable && noVectors.tokensWithoutVector == 15 && noVectors.shareWithoutVector == 1)
        #expect(noVectors.warnings.contains { $0.contains("no word vector") })
        #expect(noVectors.supporting.isEmpty && noVectors.opposing.isEmpty)  // zero vectors attribute nothing

        let unknown = classifier.explain(
            ClassifierDocument(id: "unknown", text: "company market " + (0..<10).map { "qqq\(["a", "b", "c", "d", "e"][$0 % 5])zz" }.joined(separator: " ")))
        #expect(unknown.isUnreliable && unknown.wordsOutsideVocabulary == 10)
        #expect(unknown.warnings.contains { $0.contains("outside the model's vocabulary") })

        let empty = classifier.explain(ClassifierDocument(id: "empty", text: ""))
        #expect(empty.isUnreliable && empty.tokensSeen == 0 && empty.supporting.isEmpty)
        #expect(empty.probabilities.count == 2 && abs(empty.probabilities.reduce(0, +) - 1) < 1e-9)
    }

    @Test("a document longer than the sequence length is explained over the part the model read")
    func truncation() throws {
        let words = ExplanationSupport.filler
        let classifier = try ExplanationSupport.classifier(words: words, sequenceLength: 40, seed: 10)
        let text = (0..<100).map { words[$0 % words.count] }.joined(separator: " ")
        let explanation = classifier.explain(ClassifierDocument(id: "long", text: text), passages: 3)
        #expect(explanation.tokenCount == 100 && explanation.tokensSeen == 40 && explanation.firstTokenSeen == 60)
        #expect(explanation.warnings.contains { $0.hasPrefix("truncated") })
        for passage in explanation.supporting + explanation.opposing {
            #expect(passage.tokenIndex >= 60 && passage.tokenIndex + passage.tokenCount <= 100)
            #expect(passage.keyWords[0] == words[passage.tokenIndex % words.count])
        }
        // The explanation's prediction is the classifier's.
        let predicted = try #require(classifier.predict([ClassifierDocument(id: "long", text: text)]).first)
        #expect(predicted.label == explanation.label)
        for (a, b) in zip(predicted.probabilities, explanation.probabilities) { #expect(abs(a - b) < 1e-5) }
    }

    @Test("explanations encode to JSON and back")
    func codable() throws {
        let classifier = try ExplanationSupport.classifier(words: ExplanationSupport.filler, sequenceLength: 40, seed: 12)
        let explanation = classifier.explain(
            ClassifierDocument(id: "j", text: ExplanationSupport.filler.joined(separator: " ")), passages: 2)
        let data = try JSONEncoder().encode(explanation)
        #expect(try JSONDecoder().decode(Explanation.self, from: data) == explanation)
    }
}
