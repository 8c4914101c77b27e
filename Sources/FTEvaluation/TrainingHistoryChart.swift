internal import Foundation

/// The training-history figure (history.svg): loss and accuracy per epoch, training (solid) and validation
/// (dashed), with the best epoch (lowest validation loss) marked by a vertical line and dots.
public enum TrainingHistoryChart {
    /// The SVG text of the figure: a standalone document, or an `<svg>` element to inline in HTML.
    public static func svg(for history: TrainingHistory, standalone: Bool = true) -> String {
        canvas(for: history).document(
            id: "training-history", title: "Training history",
            description: "Loss and accuracy per epoch for training and validation data; the best epoch is marked.",
            standalone: standalone)
    }

    static let trainingColor = "#1f5fa8"
    static let validationColor = "#d9480f"
    static let bestColor = "#2b8a3e"

    static func canvas(for history: TrainingHistory) -> SVGCanvas {
        let margin = 16.0
        let gap = 28.0
        let plotWidth = 340.0
        let plotHeight = 200.0
        let titleHeight = 26.0
        let tickHeight = 18.0
        let axisTitleHeight = 18.0
        let legendHeight = 24.0
        let tickSize = 11.0
        let numbers = history.epochs.map(\.number)
        let firstEpoch = Double(numbers.min() ?? 1)
        let lastEpoch = max(Double(numbers.max() ?? 1), firstEpoch + 1)
        let xTicks = niceTicks(low: firstEpoch, high: lastEpoch, count: 6, integers: true)
        let best = history.bestEpoch
        let panels: [(title: String, training: [Double?], validation: [Double?])] = [
            ("Loss", history.epochs.map(\.loss), history.epochs.map(\.validationLoss)),
            ("Accuracy", history.epochs.map(\.accuracy), history.epochs.map(\.validationAccuracy)),
        ]
        let yTicksPerPanel = panels.map { panel -> [Double] in
            let values = (panel.training + panel.validation).compactMap { $0 }.filter(\.isFinite)
            guard let low = values.min(), let high = values.max() else { return [] }
            let spread = high - low
            let padding = spread > 0 ? spread * 0.05 : max(abs(high) * 0.1, 0.05)
            return niceTicks(low: low - padding, high: high + padding, count: 5, integers: false)
        }
        let tickLabelWidth =
            yTicksPerPanel.flatMap { ticks in ticks.map { tickText($0, ticks: ticks) } }
            .map { TextMetrics.width($0, fontSize: tickSize) }.max() ?? 20
        let left = (tickLabelWidth + 14).rounded(.up)
        let panelWidth = left + plotWidth + 12
        let height = margin + titleHeight + plotHeight + tickHeight + axisTitleHeight + legendHeight + margin
        var canvas = SVGCanvas(width: 2 * margin + 2 * panelWidth + gap, height: height)

        for (index, panel) in panels.enumerated() {
            let x0 = margin + Double(index) * (panelWidth + gap)
            let plot = Box(x: x0 + left, y: margin + titleHeight, width: plotWidth, height: plotHeight)
            canvas.text(
                panel.title, in: Box(x: x0, y: margin, width: panelWidth, height: titleHeight), fontSize: 14,
                anchor: .start, padding: 0, bold: true)
            canvas.rect(plot, fill: "#fbfbfd", stroke: "#c8c8d0", strokeWidth: 1)
            let xScale = { (epoch: Double) in plot.x + (epoch - firstEpoch) / (lastEpoch - firstEpoch) * plot.width }
            for tick in xTicks where tick >= firstEpoch && tick <= lastEpoch {
                let x = xScale(tick)
                canvas.line(x1: x, y1: plot.maxY, x2: x, y2: plot.maxY + 4, stroke: "#888888")
                let text = tickText(tick, ticks: xTicks)
                let width = TextMetrics.width(text, fontSize: tickSize) + 6
                canvas.text(
                    text, in: Box(x: x - width / 2, y: plot.maxY + 4, width: width, height: tickHeight - 4),
                    fontSize: tickSize, padding: 0, fill: "#555555")
            }
            canvas.text(
                "epoch", in: Box(x: plot.x, y: plot.maxY + tickHeight, width: plot.width, height: axisTitleHeight),
                fontSize: tickSize, fill: "#555555")
            let yTicks = yTicksPerPanel[index]
            guard let yLow = yTicks.first, let yHigh = yTicks.last, yHigh > yLow else {
                canvas.text("not recorded in the history", in: plot, fontSize: 12, fill: "#777777")
                continue
            }
            let yScale = { (value: Double) in plot.maxY - (value - yLow) / (yHigh - yLow) * plot.height }
            for tick in yTicks {
                let y = yScale(tick)
                canvas.line(x1: plot.x, y1: y, x2: plot.maxX, y2: y, stroke: "#e6e6ee")
                canvas.text(
                    tickText(tick, ticks: yTicks), in: Box(x: x0, y: y - 8, width: left - 6, height: 16),
                    fontSize: tickSize, anchor: .end, padding: 0, fill: "#555555")
            }
            if let best {
                let x = xScale(Double(best.number))
                canvas.line(x1: x, y1: plot.y, x2: x, y2: plot.maxY, stroke: bestColor, width: 1.5, dash: "5 4")
            }
            for (values, color, dash) in [
                (panel.training, trainingColor, nil), (panel.validation, validationColor, "7 4"),
            ] {
                // Split the line where a value is missing.
                var segment: [(Double, Double)] = []
                for (epoch, value) in zip(history.epochs, values) {
                    if let value, value.isFinite {
                        segment.append((xScale(Double(epoch.number)), yScale(value)))
                    } else {
                        canvas.polyline(segment, stroke: color, dash: dash)
                        segment = []
                    }
                }
                canvas.polyline(segment, stroke: color, dash: dash)
                if values.compactMap({ $0 }).count == 1, let point = segment.first {
                    canvas.circle(x: point.0, y: point.1, radius: 3, fill: color)
                }
            }
            if let best {
                for (value, name) in [
                    (
                        index == 0 ? best.validationLoss ?? best.loss : best.validationAccuracy ?? best.accuracy,
                        index == 0 ? "loss" : "accuracy"
                    )
                ] {
                    guard let value, value.isFinite else { continue }
                    canvas.circle(
                        x: xScale(Double(best.number)), y: yScale(value), radius: 4.5, fill: "#ffffff",
                        stroke: bestColor, title: "best epoch \(best.number): \(name) \(value)")
                }
            }
        }
        // Legend.
        var x = margin
        let legendY = height - margin - legendHeight
        let items: [(String, String, String?)] = [
            ("training", trainingColor, nil), ("validation", validationColor, "7 4"),
            (best.map { "best epoch (\($0.number))" } ?? "best epoch", bestColor, "5 4"),
        ]
        for (label, color, dash) in items {
            canvas.line(
                x1: x, y1: legendY + legendHeight / 2, x2: x + 26, y2: legendY + legendHeight / 2, stroke: color,
                width: 2, dash: dash)
            let width = TextMetrics.width(label, fontSize: 12) + 8
            canvas.text(
                label, in: Box(x: x + 30, y: legendY, width: width, height: legendHeight), fontSize: 12,
                anchor: .start, padding: 2)
            x += 30 + width + 18
        }
        return canvas
    }

    /// About `count` round tick values covering [low, high] (steps of 1, 2, 2.5 or 5 × 10ⁿ).
    static func niceTicks(low: Double, high: Double, count: Int, integers: Bool) -> [Double] {
        let span = max(high - low, 1e-12)
        let rough = span / Double(max(count - 1, 1))
        let magnitude = pow(10, floor(log10(rough)))
        var step = magnitude * ([1, 2, 2.5, 5, 10].first { magnitude * $0 >= rough } ?? 10)
        if integers { step = max(1, step.rounded(.up)) }
        let first = floor(low / step) * step
        let last = ceil(high / step) * step
        var ticks: [Double] = []
        var value = first
        while value <= last + step * 1e-9 && ticks.count < 50 {
            ticks.append(abs(value) < step * 1e-9 ? 0 : value)
            value = first + Double(ticks.count) * step
        }
        if integers { ticks = ticks.filter { $0 >= low && $0 <= high } }
        return ticks
    }

    /// A tick label with just enough decimals to tell the ticks apart.
    static func tickText(_ value: Double, ticks: [Double]) -> String {
        let step = ticks.count > 1 ? abs(ticks[1] - ticks[0]) : 1
        var decimals = max(0, Int(-floor(log10(step))))
        if abs(step / pow(10, -Double(decimals)) - 2.5) < 1e-9 { decimals += 1 }
        if (step * pow(10, Double(decimals))).truncatingRemainder(dividingBy: 1) > 1e-6 { decimals += 1 }
        return String(format: "%.\(min(decimals, 8))f", value)
    }
}
