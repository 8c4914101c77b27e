/// One section document to classify: its text and what the study prefixes it with.
public struct ClassifierDocument: Sendable, Equatable {
    /// An identifier carried into predictions (file name, manifest id, …).
    public var id: String
    /// The raw section text (cleaning happens inside the classifier).
    public var text: String
    /// The 10-K item ("1", "1A", "7", "7A"), used for the section-title prefix; nil for none.
    public var section: String?
    /// The company's ticker, used for the ticker prefix; nil for none.
    public var ticker: String?
    /// Where `text` starts in the text it was taken from (Unicode scalar offset, as `ItemSection.span`):
    /// explanations add it to their passages' offsets, so they point into the filing's text. Nil: 0.
    public var textOffset: Int?
    /// Doubts known before the model reads the document (section boundaries the extractor was unsure of, a
    /// whole filing read as one document), carried into its prediction's warnings.
    public var warnings: [String]

    /// Creates a document.
    public init(
        id: String, text: String, section: String? = nil, ticker: String? = nil, textOffset: Int? = nil,
        warnings: [String] = []
    ) {
        self.id = id
        self.text = text
        self.section = section
        self.ticker = ticker
        self.textOffset = textOffset
        self.warnings = warnings
    }
}

/// The classifier's answer for one document.
public struct Prediction: Sendable, Equatable, Codable {
    /// The document's id.
    public var id: String
    /// The most probable class (0 = lowest return bin).
    public var label: Int
    /// Its name ("low", "medium", "high").
    public var labelName: String
    /// Softmax probabilities per class, summing to 1.
    public var probabilities: [Double]
    /// Why the prediction may not be trusted: the document's own doubts and a nearly empty input (fewer
    /// tokens read than ``Prediction/nearlyEmptyTokens(sequenceLength:)``, when the answer is close to the
    /// model's answer for an empty document); empty when none.
    public var warnings: [String]

    /// Creates a prediction.
    public init(id: String, label: Int, labelName: String, probabilities: [Double], warnings: [String] = []) {
        self.id = id
        self.label = label
        self.labelName = labelName
        self.probabilities = probabilities
        self.warnings = warnings
    }

    /// Below this many tokens read, a document is flagged as nearly empty (decision 0122): 50 tokens, or a
    /// quarter of the sequence length for models shorter than 200 tokens.
    public static func nearlyEmptyTokens(sequenceLength: Int) -> Int { min(50, sequenceLength / 4) }

    /// The warning for a document of which the model read `tokensSeen` tokens, or nil when it read enough.
    public static func nearlyEmptyWarning(tokensSeen: Int, sequenceLength: Int) -> String? {
        let threshold = nearlyEmptyTokens(sequenceLength: sequenceLength)
        guard tokensSeen < threshold else { return nil }
        return tokensSeen == 0
            ? "nearly empty: no word of the text is in the model's vocabulary; the prediction is the model's answer for an empty document"
            : "nearly empty: the model read only \(tokensSeen) tokens (fewer than \(threshold)); the prediction is close to the model's answer for an empty document"
    }

    private enum CodingKeys: String, CodingKey { case id, label, labelName, probabilities, warnings }

    /// Decodes a prediction; `warnings` may be absent (files written before it existed).
    public init(from decoder: any Decoder) throws {
        let c = try decoder.container(keyedBy: CodingKeys.self)
        id = try c.decode(String.self, forKey: .id)
        label = try c.decode(Int.self, forKey: .label)
        labelName = try c.decode(String.self, forKey: .labelName)
        probabilities = try c.decode([Double].self, forKey: .probabilities)
        warnings = try c.decodeIfPresent([String].self, forKey: .warnings) ?? []
    }
}
