import ArgumentParser
import FinText
import Foundation

/// The `train-classifier` command line tool.
@main
struct TrainClassifier: ParsableCommand {
    static let configuration = CommandConfiguration(
        commandName: "train-classifier",
        abstract: "Train and evaluate a 10-K stock-performance classifier.",
        discussion: """
            With no arguments it runs the main job on the data shipped in data/.

            Example: train-classifier
            train-classifier prepare --filings data/sections-2023.jsonl.gz --prices data/prices --out runs/dataset.jsonl
            train-classifier train --data runs/dataset.jsonl --embeddings data/glove.6B.50d.subset.txt.gz --out runs/model
            """,
        subcommands: [
            RunCommand.self, PrepareCommand.self, EncodeCommand.self, TrainCommand.self, LaunchCommand.self,
            CrossValidateCommand.self,
            EvaluateCommand.self,
            PredictCommand.self,
            ReportCommand.self, ExtractCommand.self, SummaryCommand.self, VectorsCommand.self,
        ],
        defaultSubcommand: RunCommand.self
    )

    /// Parses and runs, printing any error as one line on standard error (help goes to standard output).
    static func main() {
        AllocatorPolicy.retainFreedMemory()  // decisions 0068 and 0096
        do {
            var command = try parseAsRoot()
            try command.run()
        } catch {
            let code = exitCode(for: error)
            if code == .success {
                print(fullMessage(for: error))
            } else {
                let message = message(for: error).split(separator: "\n").first.map(String.init) ?? ""
                if !message.isEmpty {
                    FileHandle.standardError.write(Data("error: \(message) (see --help)\n".utf8))
                }
            }
            Foundation.exit(code.rawValue)
        }
    }
}
