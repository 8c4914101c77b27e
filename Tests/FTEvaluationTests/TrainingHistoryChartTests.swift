import Testing

@testable import FTEvaluation

@Suite struct TrainingHistoryChartTests {
    private func history(_ count: Int, missingAccuracy: Bool = false, gap: Int? = nil) -> TrainingHistory {
        TrainingHistory(
            epochs: (1...count).map { e in
                let x = Double(e)
                return .init(
                    number: e, loss: 1.2 / x + 0.3, accuracy: missingAccuracy ? nil : 0.3 + 0.02 * x,
                    validationLoss: e == gap ? nil : 1.1 / x + 0.02 * x + 0.4,
                    validationAccuracy: missingAccuracy ? nil : 0.28 + 0.015 * x)
            })
    }

    @Test(arguments: [1, 2, 7, 24, 150]) func isValidXMLWithEveryTextInsideItsBox(epochs: Int) {
        let h = history(epochs, gap: epochs > 3 ? 3 : nil)
        let canvas = TrainingHistoryChart.canvas(for: h)
        expectValidSVG(TrainingHistoryChart.svg(for: h), canvas: canvas)
        #expect(canvas.texts.contains { $0.text.hasPrefix("best epoch (") })
    }

    @Test func marksTheLowestValidationLoss() throws {
        let h = history(24)
        let best = try #require(h.bestEpoch)
        let minimum = h.epochs.compactMap(\.validationLoss).min()
        #expect(best.validationLoss == minimum)
        #expect(TrainingHistoryChart.svg(for: h).contains("best epoch \(best.number)"))
    }

    @Test func withoutAccuracyTheSecondPanelSaysSo() {
        let h = history(5, missingAccuracy: true)
        let canvas = TrainingHistoryChart.canvas(for: h)
        expectValidSVG(TrainingHistoryChart.svg(for: h), canvas: canvas)
        #expect(canvas.texts.contains { $0.text == "not recorded in the history" })
    }

    @Test func largeLossValuesGetWideEnoughTickLabels() {
        let h = TrainingHistory(
            epochs: (1...4).map {
                .init(
                    number: $0, loss: 123_456.0 / Double($0), accuracy: nil, validationLoss: 0.000_12 * Double($0),
                    validationAccuracy: nil)
            })
        expectValidSVG(TrainingHistoryChart.svg(for: h), canvas: TrainingHistoryChart.canvas(for: h))
    }
}
