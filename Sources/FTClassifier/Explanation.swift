/// Why the classifier predicted what it did for one document: the passages that most supported the
/// predicted class, those that most argued against it, and how much of the input the model could read.
///
/// Produced by `StockPerformanceClassifier.explain(_:passages:contextWords:)`; the method (gradient × input
/// of the predicted class's log-probability, summed over the embedding dimension and over 5-token windows)
/// and its limits are in `docs/explanations.md`.
public struct Explanation: Sendable, Equatable, Codable {
    /// The document's id.
    public var id: String
    /// The explained class: the most probable one.
    public var label: Int
    /// Its name.
    public var labelName: String
    /// Softmax probabilities per class from the explanation's own forward pass (equal to `predict`'s up
    /// to float rounding).
    public var probabilities: [Double]
    /// The strongest non-overlapping passages for `label`, strongest first (score > 0).
    public var supporting: [PassageAttribution]
    /// The strongest non-overlapping passages against `label`, most negative first (score < 0).
    public var opposing: [PassageAttribution]
    /// Sum of all token attributions: a first-order estimate of log p(label | document) − log p(label | all
    /// zero vectors).
    public var totalScore: Double
    /// Words of the cleaned text (Keras word splitting).
    public var wordCount: Int
    /// Tokens of the cleaned text: the words in the model's vocabulary (the others are dropped).
    public var tokenCount: Int
    /// Index of the first token the model saw (non-zero when the document was truncated at the front).
    public var firstTokenSeen: Int
    /// Tokens the model saw (at most the sequence length; padding excluded).
    public var tokensSeen: Int
    /// Seen tokens whose word vector is all zeros (in the vocabulary but without a pretrained vector).
    public var tokensWithoutVector: Int
    /// Words of the cleaned text dropped before the model because they are not in its vocabulary.
    public var wordsOutsideVocabulary: Int
    /// True when too little of the text reached the model as word vectors (see `warnings`).
    public var isUnreliable: Bool
    /// Human-readable warnings (empty when none).
    public var warnings: [String]

    /// Creates an explanation.
    public init(
        id: String, label: Int, labelName: String, probabilities: [Double], supporting: [PassageAttribution],
        opposing: [PassageAttribution], totalScore: Double, wordCount: Int, tokenCount: Int, firstTokenSeen: Int,
        tokensSeen: Int, tokensWithoutVector: Int, wordsOutsideVocabulary: Int, isUnreliable: Bool, warnings: [String]
    ) {
        self.id = id
        self.label = label
        self.labelName = labelName
        self.probabilities = probabilities
        self.supporting = supporting
        self.opposing = opposing
        self.totalScore = totalScore
        self.wordCount = wordCount
        self.tokenCount = tokenCount
        self.firstTokenSeen = firstTokenSeen
        self.tokensSeen = tokensSeen
        self.tokensWithoutVector = tokensWithoutVector
        self.wordsOutsideVocabulary = wordsOutsideVocabulary
        self.isUnreliable = isUnreliable
        self.warnings = warnings
    }

    /// Share of the seen tokens without a word vector (0 when the model saw no token).
    public var shareWithoutVector: Double {
        tokensSeen == 0 ? 0 : Double(tokensWithoutVector) / Double(tokensSeen)
    }

    /// Share of the cleaned text's words outside the vocabulary (0 for an empty text).
    public var shareOutsideVocabulary: Double {
        wordCount == 0 ? 0 : Double(wordsOutsideVocabulary) / Double(wordCount)
    }

    /// The prediction this explanation explains.
    public var prediction: Prediction {
        Prediction(id: id, label: label, labelName: labelName, probabilities: probabilities, warnings: warnings)
    }

    /// Above this share of seen tokens without a word vector, or of words outside the vocabulary, the
    /// explanation (and the prediction) is flagged unreliable (decision record 0071).
    public static let unreliableShare = 0.2
}
