import FTTestSupport
import Foundation
import Testing

private let executable = trainClassifier

@Suite(
    "predict --explain and the report's explanations", .serialized,
    .enabled(if: ExecutableRunner.shouldRun(executable), "train-classifier is not built (run `swift build` first)"))
struct PredictExplainTests {
    @Test("train writes the explanations section; predict --explain prints passages as text and JSON")
    func explain() throws {
        let corpus = try TinyCorpus.write()
        defer { try? FileManager.default.removeItem(atPath: corpus.folder) }
        let dataset = corpus.folder + "/dataset.jsonl"
        let prepare = try cli(["prepare", "--filings", corpus.sections, "--prices", corpus.prices, "--out", dataset])
        #expect(prepare.status == 0, "\(prepare.errors)")
        let model = corpus.folder + "/model"
        let train = try cli([
            "train", "--data", dataset, "--config", corpus.config, "--out", model, "--progress", "quiet",
        ])
        #expect(train.status == 0, "\(train.errors)")
        let html = try String(contentsOfFile: model + "/report/report.html", encoding: .utf8)
        #expect(html.contains("<section id=\"explanations\">") && html.contains("<mark>"))
        #expect(html.contains("id=\"explanation-phrases\""))

        // Table: the prediction table, then per document its passages; key spans bracketed (not a terminal).
        let table = try cli(["predict", "--model", model, "--explain", "--passages", "2", corpus.plainFiling])
        #expect(table.status == 0, "\(table.errors)")
        #expect(table.output.hasPrefix("document"))
        #expect(table.output.contains("supporting ") && table.output.contains("against "))
        #expect(table.output.contains("1. +") && table.output.contains("token "))
        #expect(!table.output.contains("\u{1B}["), "colour codes written to a pipe")
        let keyLines = table.output.split(separator: "\n").filter { $0.contains("  token ") }
        #expect(!keyLines.isEmpty && keyLines.allSatisfy { $0.contains("[") && $0.contains("]") })
        #expect(!table.output.contains("3. "), "--passages 2 printed a third passage")

        // JSON: one line per document with the prediction's fields and the explanation.
        let json = try cli(["predict", "--model", model, "--explain", "--format", "json", corpus.plainFiling])
        #expect(json.status == 0, "\(json.errors)")
        let lines = json.output.split(separator: "\n")
        #expect(!lines.isEmpty)
        let tinyWords = Set(TinyCorpus.upWords + TinyCorpus.downWords + TinyCorpus.fillerWords)
        for line in lines {
            let object = try #require(try JSONSerialization.jsonObject(with: Data(line.utf8)) as? [String: Any])
            // Each filing's combined line follows its sections' lines and has no explanation.
            guard object["level"] as? String == "section" else {
                #expect(object["level"] as? String == "filing" && object["explanation"] == nil)
                continue
            }
            let probabilities = try #require(object["probabilities"] as? [Double])
            #expect(abs(probabilities.reduce(0, +) - 1) < 1e-5)
            let explanation = try #require(object["explanation"] as? [String: Any])
            #expect(explanation["labelName"] as? String == object["labelName"] as? String)
            let supporting = try #require(explanation["supporting"] as? [[String: Any]])
            #expect(supporting.count <= 5)
            for passage in supporting {
                #expect((passage["score"] as? Double ?? 0) > 0)
                let keyWords = try #require(passage["keyWords"] as? [String])
                #expect(keyWords.count == 3)  // the tiny model's kernel size
                #expect(
                    keyWords.allSatisfy {
                        tinyWords.contains($0) || $0.hasSuffix("overview") || $0.hasSuffix("factors")
                    })
            }
            #expect(explanation["isUnreliable"] as? Bool == false)
        }

        let csv = try cli(["predict", "--model", model, "--explain", "--format", "csv", corpus.plainFiling])
        #expect(csv.status != 0 && csv.errors.contains("--explain works with --format table or json"))
        let zero = try cli(["predict", "--model", model, "--explain", "--passages", "0", corpus.plainFiling])
        #expect(zero.status != 0 && zero.errors.contains("--passages expects at least 1"))
    }
}
