import FTTestSupport
import Foundation
import Testing

private let executable = trainClassifier

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

    @Test("train --model linear, then predict, evaluate and summary load the linear model folder")
    func linearModelWorkflow() throws {
        let corpus = try TinyCorpus.write()
        defer { try? FileManager.default.removeItem(atPath: corpus.folder) }
        let dataset = corpus.folder + "/dataset.jsonl"
        let prepare = try cli(["prepare", "--filings", corpus.sections, "--prices", corpus.prices, "--out", dataset])
        #expect(prepare.status == 0, "\(prepare.errors)")
        let model = corpus.folder + "/linear"
        // No word vectors are needed (the configuration names none; no data/ folder where tests run).
        let config = corpus.folder + "/linear-config.json"
        let withVectors = try String(contentsOfFile: corpus.config, encoding: .utf8)
        let cut = try #require(withVectors.range(of: ",\n \"embeddingsPath\""))
        try (String(withVectors[..<cut.lowerBound]) + "}").write(toFile: config, atomically: true, encoding: .utf8)
        let train = try cli([
            "train", "--model", "linear", "--data", dataset, "--config", config, "--out", model, "--linear-c", "2",
            "--min-df", "2",
        ])
        #expect(train.status == 0, "\(train.errors)")
        #expect(train.output.contains("C = 2.0"))

        // predict: one section line per document and one filing line, in every format.
        let table = try cli(["predict", "--model", model, corpus.plainFiling])
        #expect(table.status == 0, "\(table.errors)")
        #expect(table.output.contains("(filing)"))
        let json = try cli(["predict", "--model", model, corpus.plainFiling, "--format", "json"])
        #expect(json.status == 0, "\(json.errors)")
        let lines = json.output.split(separator: "\n")
        #expect(!lines.isEmpty && lines.allSatisfy { $0.hasPrefix("{") })
        #expect(lines.last?.contains("\"level\":\"filing\"") == true)
        let explain = try cli(["predict", "--model", model, corpus.plainFiling, "--explain"])
        #expect(explain.status != 0 && explain.errors.contains("--explain needs a network model"))

        // evaluate: its predictions of the validation documents are the ones train wrote.
        let evaluation = corpus.folder + "/evaluation"
        let evaluate = try cli(["evaluate", "--model", model, "--data", dataset, "--out", evaluation])
        #expect(evaluate.status == 0, "\(evaluate.errors)")
        #expect(evaluate.errors.contains("were in the model's training set"))
        #expect(!evaluate.errors.contains("validation set"))
        let evaluated = try String(contentsOfFile: evaluation + "/predictions.csv", encoding: .utf8)
            .split(separator: "\n").dropFirst()
        let validation = try String(contentsOfFile: model + "/report/validation-predictions.csv", encoding: .utf8)
            .split(separator: "\n").dropFirst()
        #expect(!validation.isEmpty)
        #expect(Set(validation).isSubset(of: Set(evaluated)), "evaluate predicted the validation documents differently")
        let markdown = try String(contentsOfFile: evaluation + "/report.md", encoding: .utf8)
        #expect(markdown.contains("\(model) (linear baseline)"))

        // linear-model.json is a valid --config, as a network's config.json is.
        let asConfig = try cli(["summary", "--config", model + "/linear-model.json"])
        #expect(asConfig.status == 0, "\(asConfig.errors)")
        let summary = try cli(["summary", "--model", model])
        #expect(summary.status == 0, "\(summary.errors)")
        #expect(summary.output.contains("linear baseline") && summary.output.contains("C = 2.0"))

        // A damaged file: one clear line naming it, for predict and evaluate alike.
        let file = model + "/linear-model.json"
        let text = try String(contentsOfFile: file, encoding: .utf8)
        try text.replacingOccurrences(of: "\"classes\":3", with: "\"classes\":4").write(
            toFile: file, atomically: true, encoding: .utf8)
        for arguments in [
            ["predict", "--model", model, corpus.plainFiling],
            ["evaluate", "--model", model, "--data", dataset, "--out", corpus.folder + "/evaluation2"],
        ] {
            let result = try cli(arguments)
            #expect(result.status != 0)
            #expect(result.errors.hasPrefix("error: ") && result.errors.contains(file), "\(result.errors)")
            #expect(result.errors.split(separator: "\n").count == 1)
        }
        #expect(!FileManager.default.fileExists(atPath: corpus.folder + "/evaluation2"))

        // Flags that only the network uses are refused with --model linear, and the reverse.
        let checkpoint = try cli([
            "train", "--model", "linear", "--data", dataset, "--out", model, "--checkpoint-dir", corpus.folder + "/c",
        ])
        #expect(checkpoint.status != 0 && checkpoint.errors.contains("--checkpoint-dir applies to the network only"))
        let linearC = try cli(["train", "--data", dataset, "--out", model, "--linear-c", "2"])
        #expect(linearC.status != 0 && linearC.errors.contains("--linear-c and --min-df apply to --model linear only"))
    }
}
