import Testing

@testable import FTEvaluation

@Suite struct ConfusionMatrixChartTests {
    /// 20-character labels of wide and narrow letters, with XML-special characters.
    static let longLabels = [
        "WWWWWWWWWWWWWWWWWWWW", "mmmmmmmmmmmmmmmmmmmm", "<&\"'> special labels", "iiiiiiiiiiiiiiiiiiii",
        "Ω Greek and Cyrillic",
    ]

    @Test(arguments: 2...5) func isValidXMLWithEveryTextInsideItsBox(classes: Int) {
        var counts = Array(repeating: Array(repeating: 0, count: classes), count: classes)
        for i in 0..<classes { for j in 0..<classes { counts[i][j] = (i == j ? 123_456 : (i + 2 * j) % 7) } }
        counts[classes - 1] = Array(repeating: 0, count: classes)  // a class never present: undefined row shares
        let metrics = ClassificationMetrics(
            confusionMatrix: ConfusionMatrix(counts: counts),
            labelNames: Array(Self.longLabels.prefix(classes)))
        let canvas = ConfusionMatrixChart.canvas(for: metrics)
        expectValidSVG(ConfusionMatrixChart.svg(for: metrics), canvas: canvas)
        // Counts, shares, both axis titles and every label in both panels.
        #expect(canvas.texts.contains { $0.text == "123456" } && canvas.texts.contains { $0.text == "—" })
        #expect(canvas.texts.filter { $0.text == Self.longLabels[0] }.count == 4)
    }

    @Test func cjkLabelsAndOverlongLabelsStayInside() {
        let labels = ["上涨上涨上涨上涨上涨上涨上涨上涨上涨上涨", String(repeating: "x", count: 60)]
        let metrics = ClassificationMetrics(
            confusionMatrix: ConfusionMatrix(counts: [[3, 1], [2, 4]]), labelNames: labels)
        let canvas = ConfusionMatrixChart.canvas(for: metrics)
        expectValidSVG(ConfusionMatrixChart.svg(for: metrics), canvas: canvas)
        #expect(canvas.texts.contains { $0.text.hasSuffix("…") && $0.text.count == ConfusionMatrixChart.labelLimit })
    }

    @Test func inlineFormHasNoXMLDeclaration() {
        let metrics = ClassificationMetrics(
            confusionMatrix: ConfusionMatrix(counts: [[1, 0], [0, 1]]), labelNames: ["a", "b"])
        #expect(ConfusionMatrixChart.svg(for: metrics).hasPrefix("<?xml"))
        #expect(ConfusionMatrixChart.svg(for: metrics, standalone: false).hasPrefix("<svg"))
    }

    @Test func colourScaleRunsFromLightToDark() {
        #expect(ColorScale.color(0) == "#f7fbff" && ColorScale.color(1) == "#08306b")
        #expect(ColorScale.textColor(0.1) != ColorScale.textColor(0.9))
    }
}

@Suite struct SVGCanvasTests {
    @Test func overflowingTextIsDetected() {
        // The containment check the chart tests rely on must be able to fail.
        var canvas = SVGCanvas(width: 100, height: 40)
        canvas.text("WWWWWWWWWW", in: Box(x: 0, y: 0, width: 40, height: 20))
        canvas.text("ok", in: Box(x: 50, y: 0, width: 40, height: 20))
        #expect(!canvas.texts[0].box.contains(canvas.texts[0].bounds))
        #expect(canvas.texts[1].box.contains(canvas.texts[1].bounds))
        #expect(TextMetrics.width("上", fontSize: 10) > TextMetrics.width("W", fontSize: 10))
    }
}
