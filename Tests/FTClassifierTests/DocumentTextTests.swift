import FTClassifier
import FTText
import Foundation
import Testing

@Suite("One document text for every path")
struct DocumentTextTests {
    static let section = """
        ITEM 1A. RISK FACTORS
        Our growth depends on demand.
        Table of Contents
        52
        Competition may reduce our margins.
        F-3
        """

    @Test("the model's input ignores page furniture, whichever text of the section a path passes")
    func pageFurnitureNeverReachesTheModel() throws {
        let configuration = ClassifierConfiguration()
        let withFurniture = ClassifierDocument(id: "a", text: Self.section, section: "1A", ticker: "ACME")
        var stripped = withFurniture
        stripped.text = PageFurniture.removed(from: Self.section)
        let predictText = StockPerformanceClassifier.clean(withFurniture, configuration: configuration)
        let trainText = StockPerformanceClassifier.clean(stripped, configuration: configuration)
        #expect(predictText == trainText)
        #expect(!predictText.contains("contents") && !predictText.contains("table"))
        #expect(predictText.hasPrefix("riskfactors acme item risk factors growth"))
    }

    @Test("a raw filing's sections give the same model text in prepare (training) and predict")
    func trainingAndPredictionAgree() throws {
        let folder = NSTemporaryDirectory() + "doctext-\(UUID().uuidString)"
        try FileManager.default.createDirectory(atPath: folder, withIntermediateDirectories: true)
        defer { try? FileManager.default.removeItem(atPath: folder) }
        let words = String(repeating: "Revenue growth and demand were strong this year. ", count: 30)
        let path = folder + "/1234_2023-11-01.txt"
        try
            ("ITEM 1. BUSINESS\n\(words)\nTable of Contents\n12\n\(words)\n\nITEM 1A. RISK FACTORS\n\(words)\nii\n\(words)\n\nITEM 2. PROPERTIES\nNone.\n")
            .write(toFile: path, atomically: true, encoding: .utf8)
        let index = try FilingIndex.read(
            {
                let p = folder + "/INDEX.csv"
                try? "file,ticker,filing_date\n1234_2023-11-01.txt,ACME,2023-11-01\n".write(
                    toFile: p, atomically: true, encoding: .utf8)
                return p
            }())
        let (loaded, skipped) = try FilingLoader.load(paths: [path], index: index)
        #expect(skipped.isEmpty)
        let training = try #require(loaded.first).sections.map {
            ClassifierDocument(id: $0.item, text: $0.text, section: $0.item, ticker: "ACME")
        }
        let prediction = try FilingDocuments.read(path: path, index: index).documents
        let configuration = ClassifierConfiguration()
        #expect(training.count == 2 && prediction.count == 2)
        for (a, b) in zip(training, prediction) {
            let trainText = StockPerformanceClassifier.clean(a, configuration: configuration)
            #expect(trainText == StockPerformanceClassifier.clean(b, configuration: configuration))
            #expect(!trainText.contains("contents") && !trainText.split(separator: " ").contains("ii"))
        }
    }
}
