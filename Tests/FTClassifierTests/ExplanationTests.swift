import FTClassifier
import FTNN
import FTTensor
import Foundation
import Testing

@Suite("Explanations")
struct ExplanationTests {
    /// Three classes: "down" documents hold one planted phrase, "up" documents another, "neutral" ones
    /// neither; every document has 53 words, so length carries no signal (an earlier version where the
    /// phrase made documents longer taught the model to read the padding boundary instead). Measured with
    /// the committed seeds: see docs/explanations.md.
    @Test("on a task decided by one planted phrase, the top passage holds that phrase")
    func plantedPhrase() throws {
        let phrases = ExplanationSupport.phrases
        var classifier = try ExplanationSupport.classifier(
            words: ExplanationSupport.filler + phrases.flatMap { $0 }, sequenceLength: 64, poolSizes: [2, 2, 9],
            filters: 16,
            classes: 3, seed: 4)
        var rng = SeededGenerator(seed: 11)
        let labels = (0..<360).map { $0 % 3 }
        let texts = labels.map { ExplanationSupport.plantedDocument(label: $0, length: 50, rng: &rng).text }
        let ids = classifier.sequences(for: texts.map { ClassifierDocument(id: "", text: $0) })
        var options = FitOptions()
        options.epochs = 40
        options.batchSize = 16
        var trainer = Trainer(model: classifier.model, optimizer: Adam(learningRate: 0.005), options: options, seed: 4)
        _ = try trainer.fit(training: LabelledSequences(ids: ids, length: 64, labels: labels, classes: 3))
        classifier.model = trainer.model

        let count = 100
        var correct = 0
        var whole = 0
        var wholeWhenCorrect = 0
        var overlapping = 0
        for i in 0..<count {
            let label = i % 2  // the two classes decided by a phrase
            let text = ExplanationSupport.plantedDocument(label: label, length: 50, rng: &rng).text
            let explanation = classifier.explain(ClassifierDocument(id: "held-out \(i)", text: text), passages: 3)
            #expect(
                explanation.supporting.allSatisfy { $0.score > 0 } && explanation.opposing.allSatisfy { $0.score < 0 })
            if explanation.label == label { correct += 1 }
            guard let top = explanation.supporting.first else { continue }
            #expect(top.text.split(separator: " ").count <= 25)
            let phrase = phrases[label]
            if top.keyWords.joined(separator: " ").contains(phrase.joined(separator: " ")) {
                whole += 1
                if explanation.label == label { wholeWhenCorrect += 1 }
            }
            if top.keyWords.contains(where: phrase.contains) { overlapping += 1 }
        }
        print(
            "planted phrase: accuracy \(correct)/\(count), top passage holds the whole phrase \(whole)/\(count) (\(wholeWhenCorrect)/\(correct) of the correctly classified), part of it \(overlapping)/\(count)"
        )
        #expect(
            correct >= 90, "the model did not learn the task (accuracy \(correct)/\(count)); the check below needs it")
        // Measured with the chunked dropout masks (decision 0066), training seeds 1–7: among correctly
        // classified documents the top passage held the whole phrase in 98/98, 79/79, 64/85, 90/95,
        // 95/95, 71/77 and 96/97 — at least 94.7% whenever the model reached 90% accuracy (seeds 1, 4, 5,
        // 7). Seed 4 gives 90/95; the bound is 90%.
        #expect(
            wholeWhenCorrect * 10 >= 9 * correct,
            "the top passage held the phrase in \(wholeWhenCorrect) of \(correct) correctly classified documents")
        #expect(whole >= 90)
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
            #expect(abs(passage.keyWordScores.reduce(0, +) - passage.gradientScore) < 1e-9)
        }
        // Windows 0–4 and 1–5 overlap, so one passage at most on each side.
        #expect(explanation.supporting.count <= 1 && explanation.opposing.count <= 1)
    }

    @Test("many tokens without a word vector, or outside the vocabulary, give an unreliable-input warning")
    func unreliableInput() throws {
        let words = ExplanationSupport.filler
        let missing = Set(words.prefix(15))
        let classifier = try ExplanationSupport.classifier(
            words: words, withoutVector: missing, sequenceLength: 40, seed: 9)
        let fine = classifier.explain(ClassifierDocument(id: "fine", text: words.suffix(15).joined(separator: " ")))
        #expect(!fine.isUnreliable && fine.warnings.isEmpty && fine.tokensWithoutVector == 0)

        let noVectors = classifier.explain(
            ClassifierDocument(id: "no vectors", text: missing.sorted().joined(separator: " ")))
        #expect(noVectors.isUnreliable && noVectors.tokensWithoutVector == 15 && noVectors.shareWithoutVector == 1)
        #expect(noVectors.warnings.contains { $0.contains("no word vector") })
        #expect(noVectors.supporting.isEmpty && noVectors.opposing.isEmpty)  // zero vectors attribute nothing

        let unknown = classifier.explain(
            ClassifierDocument(
                id: "unknown",
                text: "company market "
                    + (0..<10).map { "qqq\(["a", "b", "c", "d", "e"][$0 % 5])zz" }.joined(separator: " ")))
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
        let classifier = try ExplanationSupport.classifier(
            words: ExplanationSupport.filler, sequenceLength: 40, seed: 12)
        let explanation = classifier.explain(
            ClassifierDocument(id: "j", text: ExplanationSupport.filler.joined(separator: " ")), passages: 2)
        let data = try JSONEncoder().encode(explanation)
        #expect(try JSONDecoder().decode(Explanation.self, from: data) == explanation)
    }

    @Test("the report section samples the most confident documents per predicted class and counts phrases")
    func reportSection() throws {
        let words = ExplanationSupport.filler
        let classifier = try ExplanationSupport.classifier(words: words, sequenceLength: 40, seed: 13)
        var rng = SeededGenerator(seed: 14)
        let documents = (0..<12).map { i in
            ClassifierDocument(
                id: "d\(i)", text: (0..<30).map { _ in words[rng.nextInt(below: words.count)] }.joined(separator: " "))
        }
        let predictions = classifier.predict(documents)
        let truth = documents.indices.map { $0 % 2 }
        let section = classifier.explanationSection(
            documents: documents, predictions: predictions, trueLabels: truth, samplePerClass: 2,
            phraseDocumentsPerClass: 4, passages: 3)
        for label in 0..<2 {
            let predicted = predictions.indices.filter { predictions[$0].label == label }
            let shown = section.documents.filter { $0.predictedLabel == classifier.configuration.labelNames[label] }
            #expect(shown.count == min(2, predicted.count))
            // The most confident first.
            let best = predicted.max { predictions[$0].probabilities[label] < predictions[$1].probabilities[label] }
            if let best { #expect(shown.first?.id == documents[best].id) }
            for entry in shown {
                let k = try #require(documents.firstIndex { $0.id == entry.id })
                #expect(entry.trueLabel == classifier.configuration.labelNames[truth[k]])
                #expect(entry.supporting.count <= 3 && entry.supporting.allSatisfy { $0.score > 0 })
            }
        }
        for entry in section.phrases {
            #expect(entry.phrases.allSatisfy { $0.text.split(separator: " ").count == 2 && $0.count >= 1 })
            #expect(entry.phrases.map(\.count) == entry.phrases.map(\.count).sorted(by: >))
            #expect(entry.phrases.allSatisfy { $0.count <= entry.documentCount * 3 })
        }
    }
}
