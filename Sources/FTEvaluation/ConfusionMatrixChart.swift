internal import Foundation

/// The confusion-matrix figure (confusion.svg): two heat maps, counts and row-normalised shares (side by side,
/// or one above the other when labels are long),
/// rows the true class and columns the predicted class, each with a colour legend.
///
/// Every box is sized from a conservative width estimate of the monospace text it holds, so labels of up to
/// `labelLimit` characters always fit; longer labels are shortened with "…" (the full name stays in a tooltip).
public enum ConfusionMatrixChart {
    /// Labels longer than this are shortened with an ellipsis.
    public static let labelLimit = 24

    /// The SVG text of the figure: a standalone document (with XML declaration), or an `<svg>` element to
    /// inline in HTML when `standalone` is false.
    public static func svg(for metrics: ClassificationMetrics, standalone: Bool = true) -> String {
        canvas(for: metrics).document(
            id: "confusion-matrix", title: "Confusion matrix",
            description: "Rows: true class; columns: predicted class. Left: counts; right: share of each true class.",
            standalone: standalone)
    }

    static func canvas(for metrics: ClassificationMetrics) -> SVGCanvas {
        let matrix = metrics.confusionMatrix
        let k = matrix.classCount
        let names = metrics.labels.map { TextMetrics.truncated($0, limit: labelLimit) }
        let fontSize = 13.0
        let titleSize = 15.0
        let smallSize = 11.0
        let widestLabel = names.map { TextMetrics.width($0, fontSize: fontSize) }.max() ?? 0
        let maxCount = matrix.counts.flatMap { $0 }.max() ?? 0
        let widestCount = TextMetrics.width(String(maxCount), fontSize: fontSize)
        let cellWidth = max(72, widestLabel + 14, widestCount + 14).rounded(.up)
        let cellHeight = 42.0
        let trueTitle = "True ↓"
        let predictedTitle = "Predicted →"
        let rowLabelWidth = max(widestLabel + 16, TextMetrics.width(trueTitle, fontSize: fontSize) + 16).rounded(.up)
        let titles = ["Counts", "Row-normalised (% of true class)"]
        let gridWidth = rowLabelWidth + Double(k) * cellWidth
        let panelWidth = max(
            gridWidth, TextMetrics.width(titles[1], fontSize: titleSize) + 12,
            rowLabelWidth + TextMetrics.width(predictedTitle, fontSize: fontSize) + 12
        ).rounded(.up)
        let margin = 16.0
        let gap = 36.0
        let titleHeight = 26.0
        let axisHeight = 22.0
        let columnLabelHeight = 24.0
        let legendGap = 12.0
        let legendBar = 12.0
        let legendLabels = 18.0
        let panelHeight =
            titleHeight + axisHeight + columnLabelHeight + Double(k) * cellHeight + legendGap
            + legendBar + legendLabels
        // Side by side while both panels fit a typical page width; stacked for long labels or many classes.
        let sideBySide = panelWidth <= 560
        var canvas = SVGCanvas(
            width: 2 * margin + (sideBySide ? 2 * panelWidth + gap : panelWidth),
            height: 2 * margin + (sideBySide ? panelHeight : 2 * panelHeight + gap))
        canvas.definitions.append(
            "<linearGradient id=\"confusion-scale\" x1=\"0\" x2=\"1\" y1=\"0\" y2=\"0\">\(ColorScale.gradientStops())</linearGradient>"
        )
        let normalized = matrix.rowNormalized

        for panel in 0..<2 {
            let x0 = margin + (sideBySide ? Double(panel) * (panelWidth + gap) : 0)
            var y = margin + (sideBySide ? 0 : Double(panel) * (panelHeight + gap))
            canvas.text(
                titles[panel], in: Box(x: x0, y: y, width: panelWidth, height: titleHeight), fontSize: titleSize,
                anchor: .start, padding: 0, bold: true)
            y += titleHeight
            canvas.text(
                trueTitle, in: Box(x: x0, y: y + axisHeight, width: rowLabelWidth, height: columnLabelHeight),
                fontSize: fontSize, anchor: .start, padding: 2, fill: "#555555", bold: true)
            canvas.text(
                predictedTitle, in: Box(x: x0 + rowLabelWidth, y: y, width: Double(k) * cellWidth, height: axisHeight),
                fontSize: fontSize, anchor: .middle, fill: "#555555", bold: true)
            y += axisHeight
            for (j, name) in names.enumerated() {
                canvas.text(
                    name,
                    in: Box(
                        x: x0 + rowLabelWidth + Double(j) * cellWidth, y: y, width: cellWidth,
                        height: columnLabelHeight), fontSize: fontSize)
            }
            y += columnLabelHeight
            for i in 0..<k {
                let rowY = y + Double(i) * cellHeight
                canvas.text(
                    names[i], in: Box(x: x0, y: rowY, width: rowLabelWidth - 4, height: cellHeight),
                    fontSize: fontSize, anchor: .end)
                for j in 0..<k {
                    let count = matrix.counts[i][j]
                    let box = Box(
                        x: x0 + rowLabelWidth + Double(j) * cellWidth, y: rowY, width: cellWidth, height: cellHeight)
                    let share = normalized[i][j]
                    let shareText = share.map { String(format: "%.1f%%", $0 * 100) } ?? "—"
                    let tooltip =
                        "true \(metrics.labels[i]), predicted \(metrics.labels[j]): \(count)"
                        + (share.map { String(format: " (%.1f%% of the true class)", $0 * 100) } ?? "")
                    let t: Double?
                    let label: String
                    if panel == 0 {
                        t = maxCount == 0 ? 0 : Double(count) / Double(maxCount)
                        label = String(count)
                    } else {
                        t = share
                        label = shareText
                    }
                    canvas.rect(
                        box, fill: t.map(ColorScale.color) ?? "#eeeeee", stroke: "#ffffff", strokeWidth: 2,
                        title: tooltip)
                    canvas.text(
                        label, in: box, fontSize: fontSize, fill: t.map(ColorScale.textColor) ?? "#777777",
                        bold: i == j)
                }
            }
            y += Double(k) * cellHeight + legendGap
            let barBox = Box(x: x0 + rowLabelWidth, y: y, width: Double(k) * cellWidth, height: legendBar)
            canvas.rect(barBox, fill: "url(#confusion-scale)", stroke: "#cccccc", strokeWidth: 0.5)
            y += legendBar
            let ends = panel == 0 ? ["0", String(maxCount)] : ["0%", "100%"]
            let half = barBox.width / 2
            canvas.text(
                ends[0], in: Box(x: barBox.x, y: y, width: half, height: legendLabels), fontSize: smallSize,
                anchor: .start, padding: 0, fill: "#555555")
            canvas.text(
                ends[1], in: Box(x: barBox.x + half, y: y, width: half, height: legendLabels), fontSize: smallSize,
                anchor: .end, padding: 0, fill: "#555555")
        }
        return canvas
    }
}
