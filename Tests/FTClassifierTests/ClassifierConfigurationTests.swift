import FTClassifier
import FTDataset
import FTMarket
import FTNN
import Foundation
import Testing

private func write(_ text: String) throws -> String {
    let path = NSTemporaryDirectory() + "config-\(UUID().uuidString).json"
    try text.write(toFile: path, atomically: true, encoding: .utf8)
    return path
}

@Suite("Classifier configuration and splits")
struct ClassifierConfigurationTests {
    @Test("defaults are the study's settings")
    func defaults() throws {
        let c = ClassifierConfiguration()
        #expect(c.sequenceLength == 10_000 && c.model == StudyModel.Configuration())
        #expect(c.model.filters == 128 && c.model.kernelSize == 5 && c.model.poolSizes == [5, 5, 35])
        #expect(c.model.convolutionDropout == 0.15 && c.model.denseDropout == 0.45 && c.model.denseUnits == 100)
        #expect(c.learningRate == 0.00011 && c.clipValue == 0.5 && c.batchSize == 33 && c.epochs == 24)
        #expect(c.labelNames == ["low", "medium", "high"])
        // No path inside this repository: the CLI chooses the shipped word vectors.
        #expect(c.embeddingsPath == nil)
        // An empty file is the defaults (the JSON round trip keeps every value, Float learning rate included).
        #expect(try ClassifierConfiguration.decode(Array("{}".utf8), source: "empty.json") == c)
    }

    @Test("a partial file keeps the other defaults and round-trips")
    func partialFile() throws {
        let c = try ClassifierConfiguration.read(
            try write(#"{"epochs": 3, "split": {"kind": "time", "validationFraction": 0.3}}"#))
        #expect(c.epochs == 3 && c.split == .timeOrdered(validationFraction: 0.3) && c.batchSize == 33)
        let again = try ClassifierConfiguration.read(try write(c.jsonText()))
        #expect(again == c)
        // Optional settings whose default is not nil survive the round trip when nil.
        var none = c
        none.clipValue = nil
        none.earlyStoppingPatience = nil
        #expect(try ClassifierConfiguration.read(try write(none.jsonText())) == none)
    }

    @Test(
        "bad files name the key",
        arguments: [
            (#"{"epochs": "many"}"#, "epochs"),
            (#"{"epoch": 3}"#, "unknown key"),
            (#"{"split": {"kind": "sideways", "validationFraction": 0.2}}"#, "split"),
            (#"{"convolutionDropout": 1.5}"#, "convolutionDropout"),
            (#"{"model": {"denseDropout": 1.5}}"#, "denseDropout"),
            (#"{"model": {"filter": 3}}"#, "model.filter"),
            (#"{"filters": 4, "model": {"filters": 8}}"#, "given both"),
            (#"{"epochs": null}"#, "epochs"),
            (#"[1, 2]"#, "expected one JSON object"),
            (#"{"labelNames": ["a"]}"#, "labelNames"),
            ("not json", "not a valid configuration"),
        ])
    func badFiles(text: String, key: String) throws {
        let path = try write(text)
        #expect { try ClassifierConfiguration.read(path) } throws: { error in
            "\(error)".contains(path) && "\(error)".contains(key)
        }
    }

    private func records(_ dates: [String], ciks: [String]) -> [DatasetManifest.Record] {
        zip(dates, ciks).enumerated().map { i, pair in
            let day = CalendarDay(iso: pair.0)!
            return DatasetManifest.Record(
                id: "d\(i)", cik: pair.1, ticker: "T", company: "C", industry: "1", filingDate: day, section: "1",
                startDate: day, endDate: day, rawReturn: 0, benchmarkReturn: 0, excessReturn: 0, label: i % 3)
        }
    }

    @Test("the walk-forward split validates only on filings after every training filing")
    func timeOrdered() {
        let dates = (0..<40).map { String(format: "2023-%02d-%02d", 1 + $0 / 4, 1 + ($0 % 4) * 7) }
        let rs = records(dates + dates, ciks: (0..<40).map { "c\($0)" } + (0..<40).map { "c\($0)" })
        let (train, validation) = SplitMethod.timeOrdered(validationFraction: 0.25).indices(for: rs, seed: 1)
        let lastTraining = train.map { rs[$0].filingDate }.max()!
        let firstValidation = validation.map { rs[$0].filingDate }.min()!
        #expect(lastTraining < firstValidation)
        #expect(validation.count == 20)
    }

    @Test("filing and company splits keep groups whole")
    func grouped() {
        let rs = records((0..<60).map { _ in "2023-05-01" }, ciks: (0..<60).map { "c\($0 / 3)" })
        for split in [SplitMethod.groupedByFiling(validationFraction: 0.2), .groupedByCompany(validationFraction: 0.2)]
        {
            let (train, validation) = split.indices(for: rs, seed: 3)
            #expect(Set(train.map { rs[$0].cik }).isDisjoint(with: validation.map { rs[$0].cik }))
            #expect(train.count + validation.count == 60)
        }
    }
}

@Suite("Configuration files: layouts and size limits")
struct ClassifierConfigurationFileTests {
    @Test("layer sizes at the top level (files written before they moved under 'model') and nested read alike")
    func layouts() throws {
        let flat = try ClassifierConfiguration.read(try write(#"{"filters": 8, "poolSizes": [2, 2, 2], "epochs": 2}"#))
        let nested = try ClassifierConfiguration.read(
            try write(#"{"model": {"filters": 8, "poolSizes": [2, 2, 2]}, "epochs": 2}"#))
        #expect(flat == nested)
        #expect(flat.model.filters == 8 && flat.model.poolSizes == [2, 2, 2] && flat.model.denseUnits == 100)
        // What FinText writes now has the sizes under "model" and reads back equal.
        #expect(flat.jsonText().contains(#""model" : {"#))
        #expect(try ClassifierConfiguration.read(try write(flat.jsonText())) == flat)
    }

    @Test("a model folder's whole config.json is accepted as a configuration file")
    func modelConfigJSON() throws {
        var c = ClassifierConfiguration()
        c.epochs = 7
        c.model.filters = 16
        let text = """
            {"fintext_version": "0.1.0", "vocabulary_size": 12, "embedding_dimension": 4, "parameters": {},
             "configuration": \(c.jsonText())}
            """
        #expect(try ClassifierConfiguration.read(try write(text)) == c)
    }

    @Test(
        "sizes whose tensors overflow or pass 2^31 − 1 elements are refused, naming the field",
        arguments: [
            (#"{"filters": 4611686018427387904}"#, "filters"),
            (#"{"model": {"denseUnits": 9223372036854775807}}"#, "denseUnits"),
            (#"{"sequenceLength": 4611686018427387904}"#, "sequenceLength"),
            (#"{"sequenceLength": 1000000000000}"#, "sequenceLength"),
            (#"{"kernelSize": 3000000000}"#, "kernelSize"),
            (#"{"labelNames": [\#((0..<101).map { "\"c\($0)\"" }.joined(separator: ","))]}"#, "at most 100 classes"),
        ])
    func limits(text: String, field: String) throws {
        let path = try write(text)
        #expect { try ClassifierConfiguration.read(path) } throws: { error in
            "\(error)".contains(path) && "\(error)".contains(field)
        }
    }
}
