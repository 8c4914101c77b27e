import FTTestSupport
import FinText
import Foundation
import Testing

/// `encode --distributed` under Open MPI's `mpirun` on the tiny corpus, against one-process `encode`.
@Suite(
    "encode --distributed under mpirun", .serialized,
    .enabled(if: ExecutableRunner.shouldRun(trainClassifier), "train-classifier is not built (run `swift build` first)")
)
struct DistributedEncodeTests {
    /// `encode` arguments for the corpus into `out` (units of 5 filings, one thread per process).
    static func encodeArguments(_ corpus: DistributedCorpus, out: String, sections: String? = nil) -> [String] {
        [
            "encode", "--filings", sections ?? corpus.paths.sections, "--prices", corpus.paths.prices,
            "--filings-per-shard", "5", "--threads", "1", "--out", out,
        ]
    }

    /// Each document's metadata, label and token ids by document id.
    static func documents(_ dataset: TokenDataset) -> [String: String] {
        var byID: [String: String] = [:]
        for k in 0..<dataset.count {
            byID[dataset.metadata[k].id] =
                "\(dataset.metadata[k]) label \(dataset.labels[k]) ids \(dataset.tokens(of: k))"
        }
        return byID
    }

    @Test(
        "2 and 3 ranks write the one-process dataset's vocabulary, edges, id and documents, and train reads it",
        arguments: [2, 3])
    func matchesOneProcess(ranks: Int) throws {
        guard let mpirun = try MPIJob.mpirun() else { return }
        let corpus = try DistributedCorpus(epochs: 2)
        defer { corpus.remove() }
        let folder = corpus.paths.folder
        let single = try cli(Self.encodeArguments(corpus, out: folder + "/single"))
        try #require(single.status == 0, "\(single.errors)")
        let encoded = try MPIJob.run(
            mpirun, ranks: ranks, Self.encodeArguments(corpus, out: folder + "/ranked") + ["--distributed"])
        try #require(encoded.status == 0, "\(encoded.errors)")
        #expect(encoded.output.contains("Encoded 24 filings, 72 documents"), "\(encoded.output)")
        #expect(encoded.output.contains("Ranks: \(ranks)"), "\(encoded.output)")
        // The tokenizer (word counts in Keras's order, hence the ids) and the bin edges: byte-identical.
        for file in ["tokenizer.json", "edges.json"] {
            #expect(
                try Data(contentsOf: URL(fileURLWithPath: "\(folder)/ranked/\(file)"))
                    == Data(contentsOf: URL(fileURLWithPath: "\(folder)/single/\(file)")), "\(file)")
        }
        let one = try TokenDataset(folder: folder + "/single")
        let many = try TokenDataset(folder: folder + "/ranked")
        var manifest = many.manifest
        #expect(manifest.shards != one.manifest.shards)  // grouped by rank: other shard boundaries
        manifest.shards = one.manifest.shards
        #expect(manifest == one.manifest)  // id, vocabulary fingerprint, id width, classes, counts, settings
        #expect(many.count == 72)
        #expect(Self.documents(many) == Self.documents(one))
        #expect(!FileManager.default.fileExists(atPath: folder + "/ranked.partial"))
        for rank in 0..<ranks {
            let log = try String(contentsOfFile: "\(folder)/ranked.rank-logs/rank-\(rank).log", encoding: .utf8)
            #expect(log.contains("end ") && log.contains("dataset=\(one.manifest.datasetID)"), "\(log)")
        }

        // The dataset trains: in one process, and as 2 ranks.
        var arguments = corpus.trainArguments(folder + "/model", batchSize: 8)
        let at = try #require(arguments.firstIndex(of: "--data"))
        arguments[at] = "--dataset"
        arguments[at + 1] = folder + "/ranked"
        if ranks == 2 {
            let train = try cli(["train"] + arguments, environment: MPIJob.environment, timeout: 240)
            #expect(train.status == 0, "\(train.errors)")
        } else {
            let train = try MPIJob.run(mpirun, ranks: 2, ["train", "--distributed"] + arguments)
            #expect(train.status == 0, "\(train.errors)")
        }
        #expect(FileManager.default.fileExists(atPath: folder + "/model/model/report/metrics.json"))

        // An existing dataset is never overwritten.
        let again = try MPIJob.run(
            mpirun, ranks: ranks, Self.encodeArguments(corpus, out: folder + "/ranked") + ["--distributed"])
        #expect(again.status != 0)
        #expect(again.errors.contains("\(folder)/ranked: already exists"), "\(again.errors)")
        #expect(try TokenDataset(folder: folder + "/ranked").manifest == many.manifest)
    }

    @Test("outside a launcher --distributed fails at once, and it takes no --shard or --merge")
    func usage() throws {
        let corpus = try DistributedCorpus()
        defer { corpus.remove() }
        var environment = ProcessInfo.processInfo.environment
        for name in ["OMPI_COMM_WORLD_SIZE", "PMI_SIZE", "PMIX_RANK", "PMI_RANK"] { environment[name] = nil }
        let alone = try cli(
            Self.encodeArguments(corpus, out: corpus.paths.folder + "/tokens") + ["--distributed"],
            environment: environment, timeout: 60)
        #expect(alone.status != 0)
        #expect(alone.errors.contains("not started by mpirun or srun"), "\(alone.errors)")
        #expect(!FileManager.default.fileExists(atPath: corpus.paths.folder + "/tokens.partial"))
        let sharded = try cli(
            Self.encodeArguments(corpus, out: corpus.paths.folder + "/tokens") + ["--distributed", "--shard", "0/2"])
        #expect(sharded.status != 0)
        #expect(sharded.errors.contains("it takes no --shard or --merge"), "\(sharded.errors)")
    }

    @Test("a truncated JSON Lines file ends the job with one error naming it, and leaves no dataset")
    func badFile() throws {
        guard let mpirun = try MPIJob.mpirun() else { return }
        let corpus = try DistributedCorpus()
        defer { corpus.remove() }
        let folder = corpus.paths.folder
        let inputs = folder + "/inputs"
        try FileManager.default.createDirectory(atPath: inputs, withIntermediateDirectories: true)
        try FileManager.default.copyItem(atPath: corpus.paths.sections, toPath: inputs + "/a.jsonl")
        let sections = try Data(contentsOf: URL(fileURLWithPath: corpus.paths.sections))
        let compressed = Gzip.compress(Array(sections))
        try Data(compressed.prefix(compressed.count / 2)).write(to: URL(fileURLWithPath: inputs + "/b.jsonl.gz"))
        try Self.expectFailure(
            mpirun, Self.encodeArguments(corpus, out: folder + "/tokens", sections: inputs),
            naming: "\(inputs)/b.jsonl.gz: truncated gzip data")
    }

    /// Runs `arguments --distributed` on 2 ranks and expects the job to fail well inside its timeout with
    /// `message` on standard error and no dataset at its `--out`.
    static func expectFailure(_ mpirun: String, _ arguments: [String], naming message: String) throws {
        let out = try #require(arguments.last)
        let started = Date()
        let result = try MPIJob.run(mpirun, ranks: 2, arguments + ["--distributed"], timeout: 120)
        #expect(result.status != 0)
        #expect(result.errors.contains(message), "\(result.errors)")
        #expect(Date().timeIntervalSince(started) < 100)
        #expect(!FileManager.default.fileExists(atPath: out))
    }

    @Test("a rank that fails while the others wait in the all-gather ends the whole job (no hang), naming the file")
    func oneRankFails() throws {
        guard let mpirun = try MPIJob.mpirun() else { return }
        let corpus = try DistributedCorpus()
        defer { corpus.remove() }
        let folder = corpus.paths.folder
        // Rank 1's scratch folder is taken by a file: only rank 1 fails; rank 0 finishes pass 1 and waits.
        let staging = folder + "/tokens.partial"
        try FileManager.default.createDirectory(atPath: staging, withIntermediateDirectories: true)
        try Data("marker".utf8).write(to: URL(fileURLWithPath: staging + "/.fintext-partial"))
        try Data("in the way".utf8).write(to: URL(fileURLWithPath: staging + "/stage-1-of-2"))
        try Self.expectFailure(
            mpirun, Self.encodeArguments(corpus, out: folder + "/tokens"),
            naming: "error: rank 1: \(staging)/stage-1-of-2")
        let log = try String(contentsOfFile: folder + "/tokens.rank-logs/rank-1.log", encoding: .utf8)
        #expect(log.contains("failed "), "\(log)")
    }
}
