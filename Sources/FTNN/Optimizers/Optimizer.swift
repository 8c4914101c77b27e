import FTTensor

/// Updates a model's parameters from their accumulated gradients.
///
/// State is keyed by the stable parameter names (`conv1.weight`), so it survives a checkpoint round trip
/// and does not depend on the order parameters are visited in. Call `update(&model)` after the backward
/// pass (and after any all-reduce of gradients); it clips the gradients in place (`GradientClipping`) and does
/// not zero them.
public protocol Optimizer: Sendable {
    /// The learning rate per step.
    var schedule: LearningRateSchedule { get set }
    /// Gradient clipping applied before each update.
    var clipping: GradientClipping { get set }
    /// Updates applied so far (Keras `iterations`).
    var iterations: Int { get }

    /// Applies one update to every parameter of `model` from its `gradient`, then increments `iterations`.
    mutating func update<Model: ParameterVisitable>(_ model: inout Model)

    /// The full state for a checkpoint.
    func exportState() -> OptimizerState

    /// Restores a state exported by the same kind of optimiser.
    /// - Throws: `LayerError` when the kind or a slot name does not match.
    mutating func importState(_ state: OptimizerState) throws(LayerError)
}

/// Clips every parameter's gradient in place (Keras `_clip_gradients`): the update that follows reads the
/// clipped `Parameter.gradient`, and no per-step copy of the gradients is made.
func clipGradients<Model: ParameterVisitable>(_ model: inout Model, clipping: GradientClipping) {
    if case .none = clipping { return }
    var squaredTotal = 0.0
    model.visitParameters { _, parameter in
        parameter.gradient.scalars.withUnsafeMutableBufferPointer { g in
            switch clipping {
            case .none: break
            case .value(let v):
                for i in g.indices { g[i] = min(max(g[i], -v), v) }
            case .norm(let c):
                var squared = 0.0
                for x in g { squared += Double(x) * Double(x) }
                let norm = squared.squareRoot()
                if norm > Double(c) {
                    let scale = Float(Double(c) / norm)
                    for i in g.indices { g[i] *= scale }
                }
            case .globalNorm:
                for x in g { squaredTotal += Double(x) * Double(x) }
            }
        }
    }
    guard case .globalNorm(let c) = clipping else { return }
    let norm = squaredTotal.squareRoot()
    // Keras: scale = c · min(1/norm, 1/c); NaN when the norm is not finite.
    let scale = norm.isFinite ? Float(Double(c) * min(1 / norm, 1 / Double(c))) : Float.nan
    guard scale != 1 else { return }
    model.visitParameters { _, parameter in
        parameter.gradient.scalars.withUnsafeMutableBufferPointer { g in
            for i in g.indices { g[i] *= scale }
        }
    }
}

/// Slot tensors by `<slot>/<name>` for export.
func exportSlots(_ slots: [String: [String: Tensor]]) -> [String: Tensor] {
    var result = [String: Tensor]()
    for (slot, tensors) in slots { for (name, tensor) in tensors { result["\(slot)/\(name)"] = tensor } }
    return result
}

/// Slot tensors for one slot name from an imported state.
func importSlot(_ slot: String, from tensors: [String: Tensor]) -> [String: Tensor] {
    var result = [String: Tensor]()
    let prefix = slot + "/"
    for (name, tensor) in tensors where name.hasPrefix(prefix) { result[String(name.dropFirst(prefix.count))] = tensor }
    return result
}
