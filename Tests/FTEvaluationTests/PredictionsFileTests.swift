import FTEvaluation
import Testing

@Suite struct PredictionsFileTests {
    private func parse(_ text: String, labels: [String]? = nil) throws(EvaluationInputError) -> PredictionsFile {
        try PredictionsFile(text: text, path: "pred.csv", labels: labels)
    }

    /// Asserts that parsing `text` fails at `line` with a reason containing `fragment`.
    private func expectFailure(
        _ text: String, labels: [String]? = nil, line: Int?, mentioning fragment: String,
        sourceLocation: SourceLocation = #_sourceLocation
    ) {
        do {
            _ = try parse(text, labels: labels)
            Issue.record("expected an error mentioning \(fragment)", sourceLocation: sourceLocation)
        } catch {
            #expect(error.path == "pred.csv", sourceLocation: sourceLocation)
            #expect(error.line == line, "\(error)", sourceLocation: sourceLocation)
            #expect(error.reason.contains(fragment), "\(error)", sourceLocation: sourceLocation)
        }
    }

    @Test func readsNamesIdsAndProbabilitiesInColumnOrder() throws {
        let file = try parse(
            """
            id,true,predicted,p_low,p_medium,p_high
            "a, 1",low,high,0.2,0.3,0.5
            b,high,high,0.1,0.1,0.8\r
            c,medium,low,0.6,0.3,0.1

            """)
        #expect(file.labels == ["low", "medium", "high"])
        #expect(file.ids == ["a, 1", "b", "c"])
        #expect(file.trueLabels == [0, 2, 1] && file.predictedLabels == [2, 2, 0])
        #expect(file.probabilities?[0] == [0.2, 0.3, 0.5])
    }

    @Test func infersIntegerAndNamedLabels() throws {
        let integers = try parse("true,predicted\n0,2\n1,1\n")
        #expect(
            integers.labels == ["0", "1", "2"] && integers.trueLabels == [0, 1] && integers.predictedLabels == [2, 1])
        #expect(integers.ids == nil && integers.probabilities == nil)
        let names = try parse("\u{FEFF}predicted,true\nup,down\ndown,down\n")
        #expect(names.labels == ["down", "up"] && names.trueLabels == [0, 0] && names.predictedLabels == [1, 0])
    }

    @Test func givenLabelsAcceptNamesAndIndices() throws {
        let file = try parse("true,predicted\nhigh,0\n2,medium\n", labels: ["low", "medium", "high"])
        #expect(file.trueLabels == [2, 2] && file.predictedLabels == [0, 1])
    }

    // MARK: Malformed input: one test per error, each asserting the line.

    @Test func emptyFile() { expectFailure("", line: 1, mentioning: "empty") }

    @Test func blankFile() { expectFailure("\n  \n", line: 1, mentioning: "empty") }

    @Test func missingTrueColumn() {
        expectFailure("id,predicted\n1,a\n", line: 1, mentioning: "missing column `true`")
    }

    @Test func missingPredictedColumn() {
        expectFailure("\ntrue,guess\na,b\n", line: 2, mentioning: "missing column `predicted`")
    }

    @Test func duplicateColumn() { expectFailure("true,predicted,true\na,b,a\n", line: 1, mentioning: "twice") }

    @Test func headerOnly() { expectFailure("true,predicted\n", line: 2, mentioning: "no prediction rows") }

    @Test func wrongFieldCount() { expectFailure("true,predicted\na,b\na\n", line: 3, mentioning: "expected 2 fields") }

    @Test func unknownLabel() {
        expectFailure(
            "true,predicted\nlow,low\nlow,huge\n", labels: ["low", "high"], line: 3,
            mentioning: "unknown label \"huge\"")
    }

    @Test func indexOutOfRange() {
        expectFailure("true,predicted\n0,1\n3,1\n", labels: ["a", "b"], line: 3, mentioning: "unknown label \"3\"")
    }

    @Test func probabilitiesNotSummingToOne() {
        expectFailure("true,predicted,p_a,p_b\na,a,0.6,0.4\nb,a,0.6,0.3\n", line: 3, mentioning: "sum to 0.9")
    }

    @Test func probabilityNotANumber() {
        expectFailure("true,predicted,p_a,p_b\na,a,0.6,zero\n", line: 2, mentioning: "not a number")
    }

    @Test func probabilityOutOfRange() {
        expectFailure("true,predicted,p_a,p_b\na,a,1.5,-0.5\n", line: 2, mentioning: "not a probability")
    }

    @Test func missingProbabilityColumn() {
        expectFailure(
            "true,predicted,p_a\na,a,1\n", labels: ["a", "b"], line: 1, mentioning: "missing probability column `p_b`")
    }

    @Test func strayProbabilityColumn() {
        expectFailure(
            "true,predicted,p_a,p_b,p_c\na,a,1,0,0\n", labels: ["a", "b"], line: 1, mentioning: "\"p_c\" names no label"
        )
    }

    @Test func unclosedQuote() { expectFailure("true,predicted\n\"a,b\n", line: 2, mentioning: "not closed") }

    @Test func singleLabel() { expectFailure("true,predicted\nx,x\n", line: nil, mentioning: "at least 2") }

    @Test func unreadableFile() {
        do {
            _ = try PredictionsFile.read(path: "/nonexistent/pred.csv")
            Issue.record("expected an error")
        } catch {
            #expect(error.path == "/nonexistent/pred.csv" && error.line == nil)
        }
    }
}
