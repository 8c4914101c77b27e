import ArgumentParser

/// The `train-classifier` command line tool.
@main
struct TrainClassifier: ParsableCommand {
    static let configuration = CommandConfiguration(
        commandName: "train-classifier",
        abstract: "Train and evaluate a 10-K stock-performance classifier.",
        discussion: """
            With no arguments it runs the main job on the data shipped in data/.
            Example: train-classifier
                     train-classifier report --predictions predictions.csv --out report/
            """,
        subcommands: [SmokeCheckCommand.self, ReportCommand.self],
        defaultSubcommand: SmokeCheckCommand.self
    )
}
