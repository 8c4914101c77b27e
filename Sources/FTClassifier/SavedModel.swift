import FTIO
public import FTNN
import Foundation

/// A model folder of either kind `train` writes, loaded for `predict`, `evaluate` and `summary`: the study's
/// network (`config.json`, `weights.safetensors`, `tokenizer.json`) or the linear baseline
/// (`linear-model.json`). The kind is the folder's main file, whose `model_kind` field must agree
/// (decision 0156, docs/model-format.md).
///
/// ```swift
/// let model = try SavedModel.load(from: "runs/model")      // either kind
/// let predictions = model.predict(documents)
/// ```
public enum SavedModel: Sendable {
    /// The study's CNN.
    case network(StockPerformanceClassifier)
    /// The TF-IDF + logistic-regression baseline.
    case linear(LinearBaseline)

    /// The two kinds of model folder.
    public enum Kind: String, Sendable, CaseIterable, CustomStringConvertible {
        /// `config.json` + `weights.safetensors` + `tokenizer.json`.
        case network
        /// `linear-model.json`.
        case linear

        /// The file that defines a model of this kind and holds its `model_kind` marker.
        public var mainFile: String { self == .network ? "config.json" : LinearBaseline.fileName }

        /// `the network (config.json)`.
        public var description: String {
            self == .network
                ? "the network (config.json)" : "the linear baseline (\(LinearBaseline.fileName))"
        }
    }

    /// The kind of model `folder` holds, from which main file is there (the file itself is not read).
    /// - Throws: `ClassifierError.modelFolder` when `folder` is not a folder, or holds neither main file or
    ///   both (a folder written by `train` holds exactly one).
    public static func kind(of folder: String) throws(ClassifierError) -> Kind {
        guard FileData.isDirectory(folder) else {
            throw .modelFolder("\(folder): no such model folder")
        }
        let present = Kind.allCases.filter { FileData.exists(folder + "/" + $0.mainFile) }
        switch present.count {
        case 1: return present[0]
        case 0:
            throw .modelFolder(
                "\(folder): not a FinText model folder: expected config.json (the network) or \(LinearBaseline.fileName) (the linear baseline)"
            )
        default:
            throw .modelFolder(
                "\(folder): holds both config.json (a network) and \(LinearBaseline.fileName) (a linear baseline), so it is unclear which model to use; move one of them to its own folder"
            )
        }
    }

    /// The kind of model `folder` already holds, or nil when it holds none (or does not exist). Used
    /// before writing a model there, so one folder never holds two kinds.
    public static func existingKind(in folder: String) -> Kind? {
        Kind.allCases.first { FileData.exists(folder + "/" + $0.mainFile) }
    }

    /// Refuses to write a model of `kind` into `folder` when it already holds a model of the other kind
    /// (the staged write would keep the other kind's files beside the new ones).
    /// - Throws: `ClassifierError.modelFolder` naming the folder and the file found there.
    public static func checkDestination(_ folder: String, for kind: Kind) throws(ClassifierError) {
        guard let existing = existingKind(in: folder), existing != kind else { return }
        throw .modelFolder(
            "\(folder) already holds \(existing); writing \(kind == .network ? "a network" : "a linear baseline") there would leave two models in one folder: choose another --out or remove that folder first"
        )
    }

    /// Loads the model in `folder`, whichever its kind.
    /// - Throws: `ClassifierError.modelFolder` naming the folder or file at fault.
    public static func load(from folder: String) throws(ClassifierError) -> SavedModel {
        switch try kind(of: folder) {
        case .network: .network(try StockPerformanceClassifier.load(from: folder))
        case .linear: .linear(try LinearBaseline.load(from: folder))
        }
    }

    /// The kind.
    public var kind: Kind {
        switch self {
        case .network: .network
        case .linear: .linear
        }
    }

    /// The settings (class names, cleaning and prefixes).
    public var configuration: ClassifierConfiguration {
        switch self {
        case .network(let classifier): classifier.configuration
        case .linear(let baseline): baseline.configuration
        }
    }

    /// The same model with the network's `executionPath` set to `path` (how `predict` and `explain` run
    /// it, decision 0074); a linear baseline is returned unchanged.
    public func running(on path: ExecutionPath) -> SavedModel {
        guard case .network(var classifier) = self else { return self }
        classifier.executionPath = path
        return .network(classifier)
    }

    /// Class probabilities and the most probable class of each document, each with its warnings.
    public func predict(_ documents: [ClassifierDocument]) -> [Prediction] {
        switch self {
        case .network(let classifier): classifier.predict(documents)
        case .linear(let baseline): baseline.predict(documents)
        }
    }
}
