import ArgumentParser
import FinText

/// The linear baseline's settings, shared by `train --model linear` and `cross-validate`.
struct LinearOptions: ParsableArguments {
    @Option(help: "Linear baseline: inverse regularisation strength C (scikit-learn's C).")
    var linearC = 1.0

    @Option(help: "Linear baseline: minimum number of training documents a word must occur in (scikit-learn's min_df).")
    var minDf = 1

    func validate() throws {
        guard linearC > 0 && linearC.isFinite else {
            throw ValidationError("--linear-c expects a positive number. Received: \(linearC)")
        }
        guard minDf >= 1 else { throw ValidationError("--min-df expects at least 1. Received: \(minDf)") }
    }

    /// The options with these flags applied.
    var options: LinearBaseline.Options {
        var options = LinearBaseline.Options()
        options.c = linearC
        options.minimumDocumentFrequency = minDf
        return options
    }
}
