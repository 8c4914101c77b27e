public import FTDataset
import FTIO
import FTMarket
import Foundation

/// The predictions CSV FinText writes (`validation-predictions.csv`, `evaluate`'s `predictions.csv`,
/// cross-validation's `out-of-fold-predictions.csv`): the columns `train-classifier report` reads, then
/// the columns a researcher joins on.
///
/// `[leading columns…,]id,true,predicted,p_<label>…,ticker,cik,filing_date,excess_return`; probabilities
/// with 9 decimals, the excess return in shortest round-trip form.
public enum PredictionsTable {
    /// The CSV text, one line per prediction.
    /// - Parameters:
    ///   - records: The document of each prediction.
    ///   - predictions: The predictions, in the same order.
    ///   - trueLabels: The true class of each, in the same order.
    ///   - labelNames: The class names.
    ///   - leading: Extra columns written first (name and one value per prediction), e.g. fold and seed.
    /// - Precondition: equal lengths.
    public static func csv(
        records: [DatasetManifest.Record], predictions: [Prediction], trueLabels: [Int], labelNames: [String],
        leading: [(name: String, values: [String])] = []
    ) -> String {
        precondition(
            records.count == predictions.count && predictions.count == trueLabels.count
                && leading.allSatisfy { $0.values.count == records.count },
            "PredictionsTable expected equal lengths. Received: \(records.count), \(predictions.count), \(trueLabels.count)"
        )
        let header =
            leading.map(\.name) + ["id", "true", "predicted"] + labelNames.map { "p_\($0)" }
            + ["ticker", "cik", "filing_date", "excess_return"]
        var lines = [CSVField.row(header)]
        lines.reserveCapacity(records.count + 1)
        for i in records.indices {
            let r = records[i]
            var fields = leading.map { $0.values[i] }
            fields += [r.id, labelNames[trueLabels[i]], predictions[i].labelName]
            fields += predictions[i].probabilities.map { String(format: "%.9f", $0) }
            fields += [r.ticker, r.cik, r.filingDate.description, "\(r.excessReturn)"]
            lines.append(CSVField.row(fields))
        }
        return lines.joined(separator: "\n") + "\n"
    }
}
