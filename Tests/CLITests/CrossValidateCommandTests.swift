import FTTestSupport
import Foundation
import Testing

private let executable = ExecutableRunner.locate("train-classifier")

private func cli(_ arguments: [String]) throws -> (status: Int32, output: String, errors: String) {
    guard let binary = executable else { throw CocoaError(.fileNoSuchFile) }
    return try ExecutableRunner.run(binary, arguments)
}

@Suite(
    "cross-validate, train --model linear, prepare --edges, evaluate's warnings", .serialized,
    .enabled(if: ExecutableRunner.shouldRun(executable), "train-classifier is not built (run `swift build` first)"))
struct CrossValidateCommandTests {
    @Test("the linear workflow on a tiny corpus, with the leak guards")
    func workflow() throws {
        let corpus = try TinyCorpus.write()
        defer { try? FileManager.default.removeItem(atPath: corpus.folder) }
        let dataset = corpus.folder + "/dataset.jsonl"
        let prepare = try cli(["prepare", "--filings", corpus.sections, "--prices", corpus.prices, "--out", dataset])
        #expect(prepare.status == 0, "\(prepare.errors)")

        let cv = corpus.folder + "/cv"
        let run = try cli([
            "cross-validate", "--data", dataset, "--config", corpus.config, "--model", "linear", "--by", "company",
            "--folds", "3", "--out", cv, "--progress", "quiet",
        ])
        #expect(run.status == 0, "\(run.errors)")
        #expect(run.output.contains("What this says:"))
        for name in [
            "metrics.json", "report.html", "folds.csv", "out-of-fold-predictions.csv", "pooled-linear/report.html",
        ] {
            #expect(FileManager.default.fileExists(atPath: cv + "/" + name), "missing \(name)")
        }
        let html = try String(contentsOfFile: cv + "/report.html", encoding: .utf8)
        #expect(html.contains("id=\"verdict\"") && html.contains("fold-strip-plot") && html.contains("effective n"))
        #expect(html.contains("equal-frequency bins (low &lt; medium &lt; high) over all filings, inner edges"))

        let model = corpus.folder + "/linear"
        let train = try cli([
            "train", "--model", "linear", "--data", dataset, "--config", corpus.config, "--out", model,
        ])
        #expect(train.status == 0, "\(train.errors)")
        let predictions = try String(contentsOfFile: model + "/report/validation-predictions.csv", encoding: .utf8)
        #expect(predictions.hasPrefix("id,true,predicted,p_low,p_medium,p_high,ticker,cik,filing_date,excess_return\n"))

        // evaluate on the training data warns, and writes predictions a user can join on.
        let evaluation = corpus.folder + "/evaluation"
        let network = corpus.folder + "/network"
        let trainNetwork = try cli([
            "train", "--data", dataset, "--config", corpus.config, "--out", network, "--progress", "quiet",
        ])
        #expect(trainNetwork.status == 0, "\(trainNetwork.errors)")
        let evaluate = try cli(["evaluate", "--model", network, "--data", dataset, "--out", evaluation])
        #expect(evaluate.status == 0, "\(evaluate.errors)")
        #expect(evaluate.errors.contains("warning:") && evaluate.errors.contains("were in the model's training set"))
        let evaluated = try String(contentsOfFile: evaluation + "/predictions.csv", encoding: .utf8)
        #expect(evaluated.split(separator: "\n").count == 73)
        #expect(evaluated.hasPrefix("id,true,predicted,p_low,p_medium,p_high,ticker,cik,filing_date,excess_return\n"))

        // prepare --edges applies saved edges: the same data gets the same labels.
        let again = corpus.folder + "/again.jsonl"
        let reuse = try cli([
            "prepare", "--filings", corpus.sections, "--prices", corpus.prices, "--out", again, "--edges",
            dataset + ".edges.json",
        ])
        #expect(reuse.status == 0, "\(reuse.errors)")
        #expect(try String(contentsOfFile: again, encoding: .utf8) == String(contentsOfFile: dataset, encoding: .utf8))
        let bad = try cli([
            "prepare", "--filings", corpus.sections, "--prices", corpus.prices, "--out", again, "--edges", dataset,
        ])
        #expect(bad.status != 0 && bad.errors.contains(dataset))
    }
}
