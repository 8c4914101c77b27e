import ArgumentParser
import FinText
import Foundation

/// `train-classifier vectors`: load a word-vector file and report on it.
struct VectorsCommand: ParsableCommand {
    static let configuration = CommandConfiguration(
        commandName: "vectors",
        abstract: "Load a word-vector file and print its size, load time and speed; optionally a word's neighbours.",
        discussion: "Example: train-classifier vectors data/glove.6B.50d.subset.txt.gz --neighbors revenue")

    /// Cache use.
    enum CacheMode: String, ExpressibleByArgument, CaseIterable { case on, off }

    @Argument(help: ArgumentHelp("The word-vector file.", valueName: "file"))
    var file: String

    /// Word-vector file formats, by their command-line names.
    enum Format: String, ExpressibleByArgument, CaseIterable {
        case auto
        case glove
        case word2vecText = "word2vec-text"
        case word2vecBinary = "word2vec-binary"

        /// The library's format; nil for `auto` (detected from the first line).
        var wordVectorFormat: WordVectorFormat? {
            switch self {
            case .auto: nil
            case .glove: .gloveText
            case .word2vecText: .word2vecText
            case .word2vecBinary: .word2vecBinary
            }
        }
    }

    @Option(help: "File format; auto detects it from the first line.")
    var format: Format = .auto

    @Option(help: ArgumentHelp("Print the 10 nearest neighbours of this word by cosine similarity.", valueName: "word"))
    var neighbors: String?

    @Option(help: "Use (on) or bypass (off) the binary cache.")
    var cache: CacheMode = .on

    @Option(
        help: ArgumentHelp(
            "Folder for the binary cache (default: $XDG_CACHE_HOME/fintext or ~/.cache/fintext).", valueName: "dir"))
    var cacheDir: String?

    func run() throws {
        try reportingErrors {
            let start = DispatchTime.now().uptimeNanoseconds
            let vectors = try WordVectors.load(
                path: file, format: format.wordVectorFormat, cache: cache == .on ? .automatic : .disabled,
                cacheFolder: cacheDir)
            let seconds = Double(DispatchTime.now().uptimeNanoseconds - start) / 1e9
            let size = (try? FileManager.default.attributesOfItem(atPath: file)[.size] as? Int) ?? 0
            print("\(file): \(vectors.count) words, dimension \(vectors.dimension) (\(vectors.format.name))")
            print(
                String(
                    format: "loaded in %.3f s (%.1f MB/s of file), cache: %@", seconds, Double(size) / 1e6 / seconds,
                    "\(vectors.loadReport.cache)"))
            if let neighbors {
                guard let list = vectors.nearestNeighbours(of: neighbors, count: 10) else {
                    let lower = neighbors.lowercased()
                    let hint =
                        lower != neighbors && vectors.nearestNeighbours(of: lower, count: 1) != nil
                        ? " (the vectors are lower-case: try --neighbors \(lower))" : ""
                    throw ValidationError("'\(neighbors)' is not in \(file)\(hint)")
                }
                for n in list { print("  \(n.word)\t\(String(format: "%.4f", n.cosine))") }
            }
        }
    }
}
