/// One passage of a document with how much it pushed the model towards (or away from) the explained class.
///
/// The key span is a window of `tokenCount` consecutive tokens of the document's token sequence (the
/// cleaned section's words that are in the model's vocabulary; see `docs/explanations.md`), by default the
/// first convolution's receptive field (5 tokens). Its score is the exact drop of the explained class's
/// log-probability when the window is removed (occlusion): positive supports the class, negative argues
/// against it. Candidate windows are screened by gradient × input. `before` and `after` widen the key span to about 25 words of the
/// cleaned text for reading, including words the model never saw (out of vocabulary).
public struct PassageAttribution: Sendable, Equatable, Codable {
    /// How much removing the key tokens (replacing their vectors by zeros, as for words without a vector)
    /// lowers the log-probability of the explained class: `log p(document) − log p(document without them)`,
    /// computed exactly. Positive: the passage supported the class.
    public var score: Double
    /// The gradient × input estimate of the same quantity (the sum of `keyWordScores`), which screened the
    /// candidate windows.
    public var gradientScore: Double
    /// 0-based index of the first key token in the document's token sequence (in-vocabulary words of the
    /// cleaned text, before padding or truncation).
    public var tokenIndex: Int
    /// Number of key tokens (the window length).
    public var tokenCount: Int
    /// 0-based index of the first key word among all words of the cleaned text (Keras word splitting).
    public var wordIndex: Int
    /// The key tokens' words, in order.
    public var keyWords: [String]
    /// Each key token's own attribution, parallel to `keyWords`.
    public var keyWordScores: [Double]
    /// Cleaned-text words before the key span, space-separated (empty at the start of the text).
    public var before: String
    /// The cleaned text of the key span (from its first to its last key word, including any
    /// out-of-vocabulary words in between).
    public var key: String
    /// Cleaned-text words after the key span, space-separated.
    public var after: String
    /// Where the key span starts in the original text, in Unicode scalar offsets (Python `str` indices): in
    /// the filing's text (`Filing.text`, as `extract` reports item spans) when the document carries its
    /// `textOffset`, else in the document's own text; from the first key word's first letter. Nil when the
    /// key span is only prefix words (section title, ticker) or the words could not be aligned.
    public var characterStart: Int?
    /// Where the key span ends (exclusive), in the same offsets as `characterStart`.
    public var characterEnd: Int?

    /// Creates a passage.
    public init(
        score: Double, gradientScore: Double, tokenIndex: Int, tokenCount: Int, wordIndex: Int, keyWords: [String],
        keyWordScores: [Double],
        before: String, key: String, after: String
    ) {
        self.score = score
        self.gradientScore = gradientScore
        self.tokenIndex = tokenIndex
        self.tokenCount = tokenCount
        self.wordIndex = wordIndex
        self.keyWords = keyWords
        self.keyWordScores = keyWordScores
        self.before = before
        self.key = key
        self.after = after
    }

    /// The passage as one line of reading text: `before`, `key`, `after` joined by spaces.
    public var text: String {
        [before, key, after].filter { !$0.isEmpty }.joined(separator: " ")
    }
}
