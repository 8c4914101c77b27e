import FTTestSupport
import Foundation
import Testing

private let executable = trainClassifier

@Suite(
    "Bad arguments and missing files give one line and a non-zero exit",
    .enabled(if: ExecutableRunner.shouldRun(executable), "train-classifier is not built (run `swift build` first)"))
struct ArgumentErrorTests {
    static let cases: [(arguments: [String], message: String)] = [
        (["train"], "Missing expected argument '--out"),
        (["train", "--out", "o"], "give exactly one of --data and --dataset"),
        (["encode", "--filings", "f", "--prices", "p", "--out", "o", "--shard", "3/3"], "--shard expects i/n"),
        (["encode", "--merge", "a", "--shard", "0/2", "--out", "o"], "--merge combines finished parts"),
        (["train", "--dataset", "d", "--out", "o", "--model", "linear"], "--model linear reads the documents' text"),
        (
            ["encode", "--filings", "f", "--prices", "p", "--out", "o", "--edges", "/no/such/edges.json"],
            "/no/such/edges.json"
        ),
        (
            [
                "train", "--data", "/no/such/dataset.jsonl", "--out", "/tmp/fintext-never", "--embeddings",
                "/no/such/vectors.txt",
            ],
            "/no/such/dataset.jsonl"
        ),
        (["train", "--data", "d", "--out", "o", "--resume"], "--resume needs --checkpoint-dir"),
        (
            ["train", "--data", "d", "--out", "o", "--split", "sideways"],
            "Please provide one of 'random', 'stratified', 'filing', 'company' or 'time'"
        ),
        (
            ["train", "--data", "d", "--out", "o", "--patience", "soon"],
            "The value 'soon' is invalid for '--patience"
        ),
        (["train", "--data", "d", "--out", "o", "--epochs", "0"], "--epochs expects at least 1"),
        (["train", "--data", "d", "--out", "o", "--logdir", ""], "--logdir expects a folder or 'none'"),
        (["train", "--data", "d", "--out", "o", "--validation-fraction", "1.5"], "--validation-fraction expects"),
        (
            ["prepare", "--filings", "/no/such/folder", "--prices", "/tmp", "--out", "/tmp/x.jsonl"],
            "/no/such/folder: no such file or folder"
        ),
        (
            ["prepare", "--filings", "f", "--prices", "p", "--out", "o", "--horizon", "soon"],
            "--horizon expects Nd or Nw"
        ),
        (["prepare", "--filings", "f", "--prices", "p", "--out", "o", "--bins", "1"], "--bins expects at least 2"),
        (
            ["evaluate", "--model", "/no/such/model", "--data", "d", "--out", "o"],
            "/no/such/model: no such model folder"
        ),
        (["predict", "--model", "/no/such/model", "x.txt"], "/no/such/model: no such model folder"),
        (["predict", "--model", "m", "--format", "xml", "x.txt"], "--format"),
        (["extract", "/no/such/filing.htm"], "/no/such/filing.htm"),
        (["summary", "--classes", "1"], "--classes expects at least 2"),
        (["vectors", "/no/such/vectors.txt"], "/no/such/vectors.txt"),
        (
            ["vectors", "v.txt", "--format", "fasttext"],
            "Please provide one of 'auto', 'glove', 'word2vec-text' or 'word2vec-binary'"
        ),
        (["report", "--predictions", "/no/such/p.csv", "--out", "/tmp/x"], "/no/such/p.csv"),
        (["run", "--data-dir", "/no/such/data"], "/no/such/data/sections-2023.jsonl.gz is missing"),
        (["deploy"], "Unexpected argument 'deploy'"),
        (["launch"], "Missing expected argument '--np <np>'"),
        (["launch", "--np", "2", "--", "--data", "d", "--out", "o"], "launch restarts from checkpoints"),
        (["launch", "--np", "0", "--", "--checkpoint-dir", "c"], "--np expects at least 1"),
    ]

    @Test("one-line error naming the problem", arguments: 0..<cases.count)
    func fails(index: Int) throws {
        let (arguments, message) = Self.cases[index]
        let binary = try #require(executable)
        let result = try ExecutableRunner.run(binary, arguments)
        #expect(result.status != 0, "\(arguments)")
        let lines = result.errors.split(separator: "\n")
        #expect(lines.count == 1, "\(arguments): \(result.errors)")
        #expect(result.errors.hasPrefix("error: ") && result.errors.contains(message), "\(arguments): \(result.errors)")
    }
}
