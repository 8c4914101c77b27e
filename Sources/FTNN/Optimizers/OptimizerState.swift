public import FTTensor

/// An optimiser's complete state for checkpoints: named slot tensors plus the iteration count and schedule.
///
/// Slot names are `<slot>/<parameter>`, for example `m/conv1.weight` and `v/conv1.weight` for Adam, so a
/// checkpoint file can store them beside the model's own named tensors.
public struct OptimizerState: Sendable, Equatable, Codable {
    /// The optimiser kind ("Adam", "RMSprop", "SGD"); import checks it.
    public var kind: String
    /// Updates applied so far (Keras `iterations`).
    public var iterations: Int
    /// The learning-rate schedule (it may have been scaled by reduce-on-plateau).
    public var schedule: LearningRateSchedule
    /// Slot tensors by `<slot>/<parameter>` name.
    public var tensors: [String: Tensor]

    /// A state.
    public init(kind: String, iterations: Int, schedule: LearningRateSchedule, tensors: [String: Tensor]) {
        self.kind = kind
        self.iterations = iterations
        self.schedule = schedule
        self.tensors = tensors
    }

    /// Checks the kind and slot names before an import.
    /// - Throws: `LayerError` naming the mismatch.
    func validate(kind expectedKind: String, slots: [String]) throws(LayerError) {
        guard kind == expectedKind else {
            throw LayerError("\(expectedKind) expected optimizer state of kind \(expectedKind). Received: \(kind)")
        }
        guard iterations >= 0 else {
            throw LayerError("\(expectedKind) expected iterations ≥ 0. Received: \(iterations)")
        }
        for name in tensors.keys {
            guard let slash = name.firstIndex(of: "/"), slots.contains(String(name[..<slash])) else {
                throw LayerError(
                    "\(expectedKind) expected state names <\(slots.joined(separator: "|"))>/<parameter>. Received: '\(name)'"
                )
            }
        }
    }
}
