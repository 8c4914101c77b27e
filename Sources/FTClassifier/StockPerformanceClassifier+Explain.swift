import FTIO
import FTNN
import FTTensor
import FTText
import Foundation

/// Explanations: which passages of a document drove its prediction (docs/explanations.md).
///
/// Method, in two steps:
/// 1. Screen. Embed the tokens, run the layers as a float model in inference mode and back-propagate the
///    gradient of the predicted class's log-probability to the embedded input `x` (`[1, L, D]`). Each token's
///    gradient × input is `Σ_d x[t, d] · ∂log p_c/∂x[t, d]`; windows of `kernelSize` tokens (the first
///    convolution's receptive field) are summed, and the `candidates` best non-overlapping windows on each
///    side are kept.
/// 2. Measure. Each candidate's score is the exact drop of `log p_c` when its tokens are replaced by zero
///    vectors (occlusion), computed incrementally (`WindowOcclusion`). The best non-overlapping windows
///    with a positive drop support the prediction; those with a negative drop argue against it.
extension StockPerformanceClassifier {
    /// Explains the prediction for one document.
    ///
    /// - Parameters:
    ///   - document: The document (cleaned and tokenized like `predict`).
    ///   - passages: How many passages to return on each side (supporting and opposing), default 5; counts
    ///     above `sequenceLength` are treated as `sequenceLength`.
    ///   - contextWords: Words shown per passage for reading, key span included (about 25).
    ///   - candidates: Windows screened on each side and measured by occlusion (default 8 × `passages`).
    /// - Returns: The explanation; its `prediction` equals `predict([document])` up to float rounding.
    /// - Complexity: one forward and one backward pass of the network (about three forward passes' work),
    ///   O(L log L) for screening windows, and about 5 MFLOP per candidate for the study model.
    public func explain(
        _ document: ClassifierDocument, passages: Int = 5, contextWords: Int = 25, candidates: Int? = nil
    ) -> Explanation {
        explain([document], passages: passages, contextWords: contextWords, candidates: candidates)[0]
    }

    /// Explains the predictions for several documents, one at a time (see
    /// `explain(_:passages:contextWords:candidates:)`).
    /// - Precondition: `passages ≥ 0`, `contextWords ≥ 0`, `candidates ≥ passages` and the model has an embedding.
    public func explain(
        _ documents: [ClassifierDocument], passages: Int = 5, contextWords: Int = 25, candidates: Int? = nil
    ) -> [Explanation] {
        precondition(passages >= 0, "explain expected passages ≥ 0. Received: \(passages)")
        // A document has at most sequenceLength windows, so larger counts change nothing; clamping them
        // keeps the arithmetic below from overflowing for any count.
        let windows = configuration.sequenceLength
        let passages = min(passages, windows)
        let candidates = min(candidates ?? 8 * passages, windows)
        precondition(
            candidates >= passages, "explain expected candidates ≥ passages. Received: \(candidates) < \(passages)")
        precondition(contextWords >= 0, "explain expected contextWords ≥ 0. Received: \(contextWords)")
        guard let embedding = model.embedding else {
            preconditionFailure("explain expected a model with an Embedding. Received: none")
        }
        let indexWord = tokenizer.indexWord
        let floatModel = Sequential(embedding: nil, namedLayers: model.layers)
        return documents.map { document in
            let alignment = TokenAlignment(text: cleanedText(of: document), tokenizer: tokenizer, indexWord: indexWord)
            return explain(
                document: document, alignment: alignment, embedding: embedding, floatModel: floatModel,
                passages: passages, contextWords: contextWords, candidates: candidates)
        }
    }

    private func explain(
        document: ClassifierDocument, alignment: TokenAlignment, embedding: Embedding, floatModel: Sequential,
        passages: Int, contextWords: Int, candidates: Int
    ) -> Explanation {
        let id = document.id
        // Words re-split from the cleaned text (not the fallback to token words) can be traced to the source.
        let offsets =
            alignment.words.count == alignment.wordCount
            ? SourceOffsets(document: document, wordCount: alignment.wordCount) : nil
        let length = configuration.sequenceLength
        let tokenCount = alignment.ids.count
        let seen = min(tokenCount, length)
        let firstSeen = configuration.truncating == .pre ? tokenCount - seen : 0
        let padOffset = configuration.padding == .pre ? length - seen : 0
        var ids = [Int32](repeating: 0, count: length)
        for k in 0..<seen { ids[padOffset + k] = alignment.ids[firstSeen + k] }

        let x = embedding.forward(TokenBatch(ids: ids, batch: 1, length: length))
        let (probabilities, label, gradient) = Self.logProbabilityGradient(
            embedded: x, model: floatModel, explainedClass: nil, path: executionPath)
        let all = Self.gradientTimesInput(embedded: x, gradient: gradient)
        let scores = Array(all[padOffset..<(padOffset + seen)])

        // Seen tokens whose vector is all zeros (padding is not a seen token).
        var zeroRows: [Int32: Bool] = [:]
        let d = embedding.dimension
        let withoutVector = embedding.table.scalars.withUnsafeBufferPointer { table in
            (0..<seen).reduce(0) { count, k in
                let tokenID = alignment.ids[firstSeen + k]
                if let known = zeroRows[tokenID] { return count + (known ? 1 : 0) }
                let start = Int(tokenID) * d
                let zero = !(start..<(start + d)).contains { table[$0] != 0 }
                zeroRows[tokenID] = zero
                return count + (zero ? 1 : 0)
            }
        }

        let width = min(configuration.model.kernelSize, seen)
        func passage(_ window: (start: Int, score: Double, gradientScore: Double)) -> PassageAttribution {
            let first = firstSeen + window.start
            let keyTokens = first..<(first + width)
            let w0 = alignment.wordIndexOfToken[keyTokens.lowerBound]
            let w1 = alignment.wordIndexOfToken[keyTokens.upperBound - 1]
            let words = alignment.words
            let spare = max(0, contextWords - (w1 - w0 + 1))
            var beforeCount = min(spare / 2, w0)
            let afterCount = min(spare - beforeCount, words.count - 1 - w1)
            beforeCount = min(spare - afterCount, w0)
            var attribution = PassageAttribution(
                score: window.score, gradientScore: window.gradientScore, tokenIndex: first, tokenCount: width,
                wordIndex: w0,
                keyWords: keyTokens.map { words[alignment.wordIndexOfToken[$0]] },
                keyWordScores: keyTokens.map { scores[$0 - firstSeen] },
                before: words[(w0 - beforeCount)..<w0].joined(separator: " "),
                key: words[w0...w1].joined(separator: " "),
                after: words[(w1 + 1)..<(w1 + 1 + afterCount)].joined(separator: " "))
            if let range = offsets?.characters(words: w0...w1) {
                attribution.characterStart = range.lowerBound
                attribution.characterEnd = range.upperBound
            }
            return attribution
        }
        // Screen windows by gradient × input (both signs), then score each candidate exactly by occlusion.
        let screened = Set(
            (Self.topWindows(scores, width: width, count: candidates, sign: 1)
                + Self.topWindows(scores, width: width, count: candidates, sign: -1)).map(\.start))
        let occlusion = passages > 0 && width > 0 ? WindowOcclusion(model: floatModel, input: x, label: label) : nil
        let measured = screened.sorted().map { start in
            (
                start: start, score: occlusion?.drop(start: padOffset + start, width: width) ?? 0,
                gradientScore: scores[start..<(start + width)].reduce(0, +)
            )
        }
        func pick(_ sign: Double) -> [PassageAttribution] {
            let order = measured.filter { sign * $0.score > 0 }
                .sorted { sign * $0.score > sign * $1.score || ($0.score == $1.score && $0.start < $1.start) }
            var chosen: [(start: Int, score: Double, gradientScore: Double)] = []
            for window in order where !chosen.contains(where: { abs($0.start - window.start) < width }) {
                chosen.append(window)
                if chosen.count == passages { break }
            }
            return chosen.map(passage)
        }
        let supporting = pick(1)
        let opposing = pick(-1)

        var warnings = document.warnings
        var unreliable = !document.warnings.isEmpty
        if seen > 0, let nearlyEmpty = Prediction.nearlyEmptyWarning(tokensSeen: seen, sequenceLength: length) {
            unreliable = true
            warnings.append(nearlyEmpty)
        }
        let shareWithoutVector = seen == 0 ? 0 : Double(withoutVector) / Double(seen)
        let shareOutside =
            alignment.wordCount == 0 ? 0 : Double(alignment.wordsOutsideVocabulary) / Double(alignment.wordCount)
        if seen == 0 {
            unreliable = true
            warnings.append(
                "unreliable input: no word of the text is in the model's vocabulary; the prediction is the model's answer for an empty document"
            )
        }
        if shareWithoutVector > Explanation.unreliableShare {
            unreliable = true
            warnings.append(
                "unreliable input: \(Percent.formatted(shareWithoutVector)) of the \(seen) tokens read have no word vector (threshold \(Percent.formatted(Explanation.unreliableShare)))"
            )
        }
        if shareOutside > Explanation.unreliableShare {
            unreliable = true
            warnings.append(
                "unreliable input: \(Percent.formatted(shareOutside)) of the \(alignment.wordCount) words are outside the model's vocabulary and were not read (threshold \(Percent.formatted(Explanation.unreliableShare)))"
            )
        }
        if seen < tokenCount {
            warnings.append(
                "truncated: the model read tokens \(firstSeen)–\(firstSeen + seen - 1) of \(tokenCount) (sequence length \(length))"
            )
        }
        return Explanation(
            id: id, label: label, labelName: configuration.labelNames[label], probabilities: probabilities,
            supporting: supporting, opposing: opposing, totalScore: scores.reduce(0, +), wordCount: alignment.wordCount,
            tokenCount: tokenCount, firstTokenSeen: firstSeen, tokensSeen: seen, tokensWithoutVector: withoutVector,
            wordsOutsideVocabulary: alignment.wordsOutsideVocabulary, isUnreliable: unreliable, warnings: warnings)
    }

    /// The gradient of `log p_c` with respect to a float model's input, where `c` is `explainedClass` or, when
    /// nil, the most probable class (ties to the lower index, as `predict`).
    ///
    /// - Parameters:
    ///   - embedded: The model's input, `[1, L, D]` for the study model.
    ///   - model: Layers without an embedding; the last one outputs logits `[1, C]`.
    /// - Returns: Softmax probabilities, the class `c`, and `∂log p_c/∂input` (input's shape).
    ///   - path: The execution path the forward and backward passes run on.
    static func logProbabilityGradient(
        embedded: Tensor, model: Sequential, explainedClass: Int?, path: ExecutionPath = .fast()
    ) -> (probabilities: [Double], label: Int, gradient: Tensor) {
        var model = model
        var plan = ExecutionPlan(model: model, path: path, purpose: .training)
        var rng = SeededGenerator(seed: 0)  // inference mode draws nothing
        let logits = plan.forward(model, input: embedded, mode: .inference, using: &rng)
        let p = Softmax.probabilities(logits.scalars)
        let label = explainedClass ?? Softmax.predictedClass(p)
        // ∂log p_c/∂z_j = δ_jc − p_j
        // ∂log p_c/∂z_j = δ_jc − p_j, with 1 − p_c summed from the other classes so it keeps its precision
        // when p_c rounds to 1; scaled to a largest entry of 1 so the float backward pass neither
        // underflows nor loses the ranking, and the gradient is scaled back afterwards.
        let others = p.indices.reduce(0.0) { $1 == label ? $0 : $0 + p[$1] }
        let exact = p.indices.map { $0 == label ? others : -p[$0] }
        let scale = exact.map(abs).max() ?? 0
        guard scale > 0 else { return (p, label, Tensor(zeros: embedded.shape)) }
        let outputGradient = Tensor(shape: logits.shape, scalars: exact.map { Float($0 / scale) })
        guard let gradient = plan.backward(outputGradient, into: &model) else {
            preconditionFailure("explain expected a float model to return an input gradient. Received: nil")
        }
        return (p, label, gradient * Float(scale))
    }

    /// `log p_c` of a float model's input (the function `logProbabilityGradient` differentiates).
    static func logProbability(
        of label: Int, embedded: Tensor, model: Sequential, path: ExecutionPath = .fast()
    ) -> Double {
        var plan = ExecutionPlan(model: model, path: path, purpose: .inference)
        var rng = SeededGenerator(seed: 0)
        let logits = plan.forward(model, input: embedded, mode: .inference, using: &rng)
        return Softmax.logProbability(logits.scalars, of: label)
    }

    /// Per-position `Σ_d x[t, d] · g[t, d]` for `x`, `g` of shape `[1, L, D]`.
    static func gradientTimesInput(embedded x: Tensor, gradient g: Tensor) -> [Double] {
        precondition(
            x.shape == g.shape && x.rank == 3,
            "gradientTimesInput expected equal [1, L, D] shapes. Received: \(x.shape), \(g.shape)")
        let length = x.shape[0] * x.shape[1]
        let d = x.shape[2]
        return x.scalars.withUnsafeBufferPointer { xs in
            g.scalars.withUnsafeBufferPointer { gs in
                (0..<length).map { t in
                    var sum: Float = 0
                    for j in (t * d)..<((t + 1) * d) { sum += xs[j] * gs[j] }
                    return Double(sum)
                }
            }
        }
    }

    /// The `count` highest-scoring windows of `width` consecutive scores that do not overlap, greedily from
    /// the best, keeping only windows whose signed sum (`sign · Σ`) is positive.
    /// - Returns: (start index, unsigned window sum), best first; ties go to the earlier window.
    /// - Complexity: O(n log n + n · width) for n scores.
    static func topWindows(_ scores: [Double], width: Int, count: Int, sign: Double) -> [(start: Int, score: Double)] {
        guard width >= 1, scores.count >= width, count > 0 else { return [] }
        var prefix = [0.0]
        prefix.reserveCapacity(scores.count + 1)
        for s in scores { prefix.append(prefix[prefix.count - 1] + s) }
        let sums = (0...(scores.count - width)).map { prefix[$0 + width] - prefix[$0] }
        let order = sums.indices.filter { sign * sums[$0] > 0 }
            .sorted { sign * sums[$0] > sign * sums[$1] || (sums[$0] == sums[$1] && $0 < $1) }
        var taken = [Bool](repeating: false, count: scores.count)
        var result: [(start: Int, score: Double)] = []
        for start in order {
            guard !taken[start..<(start + width)].contains(true) else { continue }
            for i in start..<(start + width) { taken[i] = true }
            result.append((start, sums[start]))
            if result.count == count { break }
        }
        return result
    }
}
