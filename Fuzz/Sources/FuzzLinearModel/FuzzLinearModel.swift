import FinText
import Foundation
import FuzzSupport

/// Documents to predict once a model loads: ordinary text, an empty one, one of unknown words.
private let documents = [
    ClassifierDocument(id: "a", text: "Revenue grew while costs fell.", section: "7", ticker: "AAPL"),
    ClassifierDocument(id: "b", text: ""),
    ClassifierDocument(id: "c", text: "zyzzyva quux", section: "1A", warnings: ["a doubt"]),
]

/// A linear baseline trained on six tiny documents: the seed `scripts/fuzz.sh --seeds` takes.
private func validModel() -> [UInt8] {
    let day = CalendarDay(year: 2023, month: 3, day: 1)!
    let texts = [
        "revenue grew strongly", "costs fell sharply", "risk of competition", "revenue and costs",
        "competition grew", "liquidity risk fell",
    ]
    let records = texts.enumerated().map { k, text in
        DatasetManifest.Record(
            id: "d\(k)", cik: "1", ticker: "T", company: "C", industry: "3571", filingDate: day, section: "7",
            text: text, startDate: day, endDate: day, rawReturn: 0, benchmarkReturn: 0, excessReturn: 0, label: k % 3)
    }
    let folder = FuzzFile.folder + "/seed-linear"
    guard
        let (baseline, _) = try? LinearBaseline.train(
            records: records, trainingIndices: Array(records.indices), configuration: ClassifierConfiguration()),
        (try? baseline.save(to: folder)) != nil,
        let bytes = FileManager.default.contents(atPath: folder + "/" + LinearBaseline.fileName)
    else { fatalError("fuzz harness: cannot make the linear model seed") }
    return Array(bytes)
}

@_cdecl("LLVMFuzzerInitialize")
public func initializeLinearModel(
    _ argc: UnsafeMutablePointer<CInt>,
    _ argv: UnsafeMutablePointer<UnsafeMutablePointer<UnsafeMutablePointer<CChar>?>?>
) -> CInt {
    FuzzSeed.writeIfRequested(validModel)
    try? FileManager.default.createDirectory(atPath: FuzzFile.folder + "/linear", withIntermediateDirectories: true)
    return 0
}

/// Linear-baseline model folders (`predict`, `evaluate`, `summary`): `SavedModel.load(from:)` on a folder
/// whose only file is the input as `linear-model.json` (the kind from the file present, then
/// `LinearBaseline.load(from:)`: the `model_kind` marker, configuration, vectorizer and regression checked
/// against each other), then predictions for three documents, as `predict` makes them.
@_cdecl("LLVMFuzzerTestOneInput")
public func fuzzLinearModel(_ data: UnsafePointer<UInt8>, _ size: Int) -> CInt {
    FuzzFile.write(data, size, name: "linear/" + LinearBaseline.fileName)
    guard let model = try? SavedModel.load(from: FuzzFile.folder + "/linear") else { return 0 }
    for prediction in model.predict(documents) {
        precondition(prediction.probabilities.count == model.configuration.classes)
    }
    return 0
}
