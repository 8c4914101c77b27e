public import FTTensor

/// How a data set is divided into training and validation examples.
///
/// Every strategy returns index lists into the caller's examples, sorted ascending within each part, so
/// the same inputs and seed always give the same split.
public enum DataSplit: Sendable, Equatable, Codable {
    /// A uniformly random fraction goes to validation (the study's 20 % split).
    case random(validationFraction: Double)
    /// Like `random`, but each class keeps its proportion in both parts (per class,
    /// `round(fraction · count)` examples go to validation).
    case stratified(validationFraction: Double)
    /// The last `validationFraction` of the examples **in the order given** go to validation (Keras's
    /// `validation_split` takes the tail this way; pass examples sorted by time for a walk-forward split).
    case ordered(validationFraction: Double)
    /// Whole groups (for example companies or filings) go to one side only: a random set of groups
    /// holding about `validationFraction` of the examples is chosen for validation.
    case grouped(validationFraction: Double)

    /// Divides `count` examples.
    ///
    /// - Parameters:
    ///   - labels: Class of each example (used by `.stratified`).
    ///   - groups: Group id of each example (used by `.grouped`).
    ///   - generator: The seeded generator for the random strategies.
    /// - Returns: training and validation indices, each sorted.
    /// - Precondition: the fraction is in `[0, 1)`; `labels`/`groups` have `count` entries when needed.
    public func indices(
        count: Int, labels: [Int]? = nil, groups: [String]? = nil, using generator: inout SeededGenerator
    ) -> (training: [Int], validation: [Int]) {
        let fraction: Double
        switch self {
        case .random(let f), .stratified(let f), .ordered(let f), .grouped(let f): fraction = f
        }
        precondition(
            (0..<1).contains(fraction), "DataSplit expected a validation fraction in [0, 1). Received: \(fraction)")
        var validation: [Int] = []
        switch self {
        case .random:
            let order = generator.permutation(count)
            validation = Array(order.prefix(Int((fraction * Double(count)).rounded())))
        case .ordered:
            let size = Int((fraction * Double(count)).rounded())
            validation = Array((count - size)..<count)
        case .stratified:
            guard let labels else { preconditionFailure("DataSplit.stratified needs labels") }
            precondition(labels.count == count, "DataSplit expected \(count) labels. Received: \(labels.count)")
            for label in Set(labels).sorted() {
                var members = (0..<count).filter { labels[$0] == label }
                generator.shuffle(&members)
                validation += members.prefix(Int((fraction * Double(members.count)).rounded()))
            }
        case .grouped:
            guard let groups else { preconditionFailure("DataSplit.grouped needs groups") }
            precondition(groups.count == count, "DataSplit expected \(count) groups. Received: \(groups.count)")
            var members: [String: [Int]] = [:]
            for (i, g) in groups.enumerated() { members[g, default: []].append(i) }
            var names = members.keys.sorted()
            generator.shuffle(&names)
            let target = fraction * Double(count)
            for name in names {
                let group = members[name] ?? []
                if Double(validation.count) >= target { break }
                // Take the group when it brings the validation size closer to the target.
                if abs(Double(validation.count + group.count) - target) <= abs(Double(validation.count) - target) {
                    validation += group
                }
            }
        }
        validation.sort()
        let chosen = Set(validation)
        let training = (0..<count).filter { !chosen.contains($0) }
        return (training, validation)
    }
}
