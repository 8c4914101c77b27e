extension EvaluationReport {
    /// The optional "What drove the predictions" section: for a sample of documents per predicted class,
    /// the passages that most supported (and opposed) the prediction, and per class the phrases most
    /// frequent across the top passages.
    ///
    /// Generic on purpose: any model that can point at passages fills it (FinText's classifier fills it
    /// with gradient × input explanations, docs/explanations.md); the report only lays it out.
    public struct Explanations: Sendable, Equatable {
        /// One line saying how passages were found and scored.
        public var method: String
        /// The explained documents, in display order (grouped by predicted class).
        public var documents: [Document]
        /// Frequent phrases per predicted class.
        public var phrases: [ClassPhrases]

        /// Creates the section input.
        public init(method: String, documents: [Document], phrases: [ClassPhrases]) {
            self.method = method
            self.documents = documents
            self.phrases = phrases
        }

        /// One explained document.
        public struct Document: Sendable, Equatable {
            /// The document's id.
            public var id: String
            /// The predicted class's name.
            public var predictedLabel: String
            /// The predicted class's probability.
            public var probability: Double
            /// The true class's name, when known.
            public var trueLabel: String?
            /// Passages supporting the prediction, strongest first.
            public var supporting: [Passage]
            /// Passages against the prediction, strongest first.
            public var opposing: [Passage]
            /// Warnings such as "unreliable input: …" (empty when none).
            public var warnings: [String]

            /// Creates a document entry.
            public init(
                id: String, predictedLabel: String, probability: Double, trueLabel: String?, supporting: [Passage],
                opposing: [Passage], warnings: [String]
            ) {
                self.id = id
                self.predictedLabel = predictedLabel
                self.probability = probability
                self.trueLabel = trueLabel
                self.supporting = supporting
                self.opposing = opposing
                self.warnings = warnings
            }
        }

        /// One passage: reading text around a highlighted key span, its score and its position.
        public struct Passage: Sendable, Equatable {
            /// The attribution score (signed; units are the model's, for example log-probability).
            public var score: Double
            /// Position of the key span in the document (for example a 0-based token index).
            public var position: Int
            /// Text before the key span.
            public var before: String
            /// The key span, highlighted.
            public var key: String
            /// Text after the key span.
            public var after: String

            /// Creates a passage.
            public init(score: Double, position: Int, before: String, key: String, after: String) {
                self.score = score
                self.position = position
                self.before = before
                self.key = key
                self.after = after
            }
        }

        /// The most frequent phrases of one predicted class's top passages.
        public struct ClassPhrases: Sendable, Equatable {
            /// The class's name.
            public var label: String
            /// How many documents' passages were counted.
            public var documentCount: Int
            /// Phrases with the number of passages containing them, most frequent first.
            public var phrases: [Phrase]

            /// Creates a class's phrase list.
            public init(label: String, documentCount: Int, phrases: [Phrase]) {
                self.label = label
                self.documentCount = documentCount
                self.phrases = phrases
            }
        }

        /// A phrase and how many passages contained it.
        public struct Phrase: Sendable, Equatable {
            /// The phrase's words, space-separated.
            public var text: String
            /// Passages containing it.
            public var count: Int

            /// Creates a phrase count.
            public init(text: String, count: Int) {
                self.text = text
                self.count = count
            }
        }
    }

    /// CSS rules of the explanations section (added to the page's style sheet).
    static let explanationsCSS = """
        .passages { margin: 4px 0 12px; padding-left: 22px; font-size: 14px; }
        .passages li { margin: 3px 0; }
        .passages .score { font-variant-numeric: tabular-nums; color: #5b6270; margin-right: 6px; }
        .passages mark { background: #ffe08a; padding: 0 2px; border-radius: 3px; }
        .passages.against mark { background: #d8e4ff; }
        .explained { border-top: 1px solid #e6e8ee; padding-top: 8px; margin-top: 10px; }
        .warning { color: #a33b00; font-size: 13px; }
        """

    /// The `<section>` for `explanations`, or "" when there are none.
    func explanationsHTML() -> String {
        guard let explanations else { return "" }
        let e = SVGCanvas.escape
        var out = "<section id=\"explanations\"><h2>What drove the predictions</h2>\n"
        out += "<p class=\"muted\">\(e(explanations.method))</p>\n"
        if !explanations.phrases.isEmpty {
            out += "<h3>Frequent phrases in the top passages, per predicted class</h3>\n"
            out +=
                "<table id=\"explanation-phrases\"><thead><tr><th>Predicted class</th><th>Documents</th><th style=\"text-align: left\">Phrases (passages)</th></tr></thead><tbody>\n"
            for entry in explanations.phrases {
                let list = entry.phrases.map { "\(e($0.text)) (\($0.count))" }.joined(separator: ", ")
                out +=
                    "<tr><td>\(e(entry.label))</td><td>\(entry.documentCount)</td><td style=\"text-align: left\">\(list.isEmpty ? "—" : list)</td></tr>\n"
            }
            out += "</tbody></table>\n"
        }
        func passages(_ list: [Explanations.Passage], against: Bool) -> String {
            guard !list.isEmpty else { return "<p class=\"muted\">none</p>\n" }
            var html = "<ol class=\"passages\(against ? " against" : "")\">\n"
            for p in list {
                let score = (p.score >= 0 ? "+" : "") + Formatting.number(p.score, digits: 3)
                html +=
                    "<li><span class=\"score\">\(score)</span><span class=\"muted\">token \(p.position):</span> "
                    + (p.before.isEmpty ? "" : "… \(e(p.before)) ") + "<mark>\(e(p.key))</mark>"
                    + (p.after.isEmpty ? "" : " \(e(p.after)) …")
                    + "</li>\n"
            }
            return html + "</ol>\n"
        }
        var currentLabel: String?
        for document in explanations.documents {
            if document.predictedLabel != currentLabel {
                currentLabel = document.predictedLabel
                out += "<h3>Predicted “\(e(document.predictedLabel))”</h3>\n"
            }
            out +=
                "<div class=\"explained\"><p><strong>\(e(document.id))</strong>: \(e(document.predictedLabel)) with probability "
                + Formatting.number(document.probability, digits: 3)
                + (document.trueLabel.map { "; true class \(e($0))" } ?? "") + "</p>\n"
            for warning in document.warnings { out += "<p class=\"warning\">\(e(warning))</p>\n" }
            out += "<p class=\"muted\">Supporting the prediction:</p>\n" + passages(document.supporting, against: false)
            out += "<p class=\"muted\">Against it:</p>\n" + passages(document.opposing, against: true)
            out += "</div>\n"
        }
        return out + "</section>\n"
    }
}
