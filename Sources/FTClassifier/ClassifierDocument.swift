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

    /// Creates a document.
    public init(id: String, text: String, section: String? = nil, ticker: String? = nil) {
        self.id = id
        self.text = text
        self.section = section
        self.ticker = ticker
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

    /// Creates a prediction.
    public init(id: String, label: Int, labelName: String, probabilities: [Double]) {
        self.id = id
        self.label = label
        self.labelName = labelName
        self.probabilities = probabilities
    }
}
