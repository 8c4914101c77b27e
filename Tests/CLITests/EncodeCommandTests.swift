import FTTestSupport
import Foundation
import Testing

private let executable = trainClassifier

@Suite(
    "encode → train --dataset → evaluate --dataset", .serialized,
    .enabled(if: ExecutableRunner.shouldRun(executable), "train-classifier is not built (run `swift build` first)"))
struct EncodeCommandTests {
    @Test("the large-corpus workflow: encode in two parts, merge, train and evaluate from shards")
    func workflow() throws {
        let corpus = try TinyCorpus.write()
        defer { try? FileManager.default.removeItem(atPath: corpus.folder) }
        for i in 0..<2 {
            let part = try cli([
                "encode", "--shard", "\(i)/2", "--filings", corpus.sections, "--prices", corpus.prices,
                "--filings-per-shard", "5", "--out", corpus.folder + "/part-\(i)",
            ])
            #expect(part.status == 0, "\(part.errors)")
        }
        let tokens = corpus.folder + "/tokens"
        let merge = try cli([
            "encode", "--merge", corpus.folder + "/part-0", corpus.folder + "/part-1", "--out", tokens,
        ])
        #expect(merge.status == 0, "\(merge.errors)")
        #expect(merge.output.contains("Encoded 24 filings, 72 documents"), "\(merge.output)")
        // Merging again into the same folder is refused and the dataset is kept.
        let again = try cli([
            "encode", "--merge", corpus.folder + "/part-0", corpus.folder + "/part-1", "--out", tokens,
        ])
        #expect(again.status != 0)
        #expect(again.errors.contains("\(tokens): already exists"), "\(again.errors)")

        let model = corpus.folder + "/model"
        let train = try cli([
            "train", "--dataset", tokens, "--config", corpus.config, "--out", model, "--progress", "quiet",
        ])
        #expect(train.status == 0, "\(train.errors)")
        #expect(FileManager.default.fileExists(atPath: model + "/report/metrics.json"))
        let evaluate = try cli(["evaluate", "--model", model, "--dataset", tokens, "--out", corpus.folder + "/eval"])
        #expect(evaluate.status == 0, "\(evaluate.errors)")
        #expect(evaluate.output.contains("evaluated on: 72 documents"), "\(evaluate.output)")

        // Outputs are checked before anything is read or trained (StagedOutputs): a file where a report
        // folder should go fails at once, and the existing files are kept.
        let blockedModel = corpus.folder + "/blocked-model"
        try FileManager.default.createDirectory(atPath: blockedModel, withIntermediateDirectories: true)
        try Data("old weights".utf8).write(to: URL(fileURLWithPath: blockedModel + "/weights.safetensors"))
        try Data("not a folder".utf8).write(to: URL(fileURLWithPath: blockedModel + "/report"))
        let blockedTrain = try cli([
            "train", "--dataset", tokens, "--config", corpus.config, "--out", blockedModel, "--progress", "lines",
        ])
        #expect(blockedTrain.status != 0)
        #expect(blockedTrain.errors.contains(blockedModel + "/report"), "\(blockedTrain.errors)")
        #expect(!blockedTrain.errors.contains("Epoch"), "training ran before the outputs were checked")
        #expect(
            (try? Data(contentsOf: URL(fileURLWithPath: blockedModel + "/weights.safetensors")))
                == Data("old weights".utf8))
        let blockedEvaluate = try cli([
            "evaluate", "--model", model, "--dataset", tokens, "--out", blockedModel + "/report",
        ])
        #expect(blockedEvaluate.status != 0)
        #expect(blockedEvaluate.errors.contains(blockedModel + "/report"), "\(blockedEvaluate.errors)")
        #expect(
            (try? Data(contentsOf: URL(fileURLWithPath: blockedModel + "/report"))) == Data("not a folder".utf8))

        // A truncated shard: one line naming the file and the byte offset.
        let shard = tokens + "/shard-00000.ftshard"
        let bytes = try Data(contentsOf: URL(fileURLWithPath: shard))
        try bytes.prefix(bytes.count - 10).write(to: URL(fileURLWithPath: shard))
        let broken = try cli([
            "train", "--dataset", tokens, "--config", corpus.config, "--out", corpus.folder + "/m2", "--progress",
            "quiet",
        ])
        #expect(broken.status != 0)
        #expect(broken.errors.contains("\(shard): byte \(bytes.count - 10): truncated"), "\(broken.errors)")
    }
}
