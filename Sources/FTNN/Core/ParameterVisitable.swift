public import FTTensor

/// Anything whose trainable parameters can be enumerated in a fixed order under stable names.
///
/// Names are dotted paths such as `conv1.weight`; optimisers key their state by them and checkpoints
/// store them, so they must not change between runs.
public protocol ParameterVisitable {
    /// Calls `visit` once per trainable parameter, in a fixed order, with its stable name.
    mutating func visitParameters(_ visit: (_ name: String, _ parameter: inout Parameter) -> Void)
}

extension ParameterVisitable {
    /// Sets every parameter's gradient to zero (same shapes).
    public mutating func zeroGradients() {
        visitParameters { _, parameter in
            // In place when the gradient has the value's shape (every step after the first): no allocation.
            guard parameter.gradient.shape == parameter.value.shape else {
                parameter.gradient = Tensor(zeros: parameter.value.shape)
                return
            }
            parameter.gradient.scalars.withUnsafeMutableBufferPointer { $0.update(repeating: 0) }
        }
    }

    /// The parameter names in visiting order.
    public var parameterNames: [String] {
        var copy = self
        var names = [String]()
        copy.visitParameters { name, _ in names.append(name) }
        return names
    }

    /// The number of trainable scalars.
    public var trainableParameterCount: Int {
        var copy = self
        var count = 0
        copy.visitParameters { _, parameter in count += parameter.value.scalarCount }
        return count
    }

    /// The parameter values by name.
    public var namedValues: [String: Tensor] {
        var copy = self
        var result = [String: Tensor]()
        copy.visitParameters { name, parameter in result[name] = parameter.value }
        return result
    }

    /// The accumulated gradients by name (for example to sum them across processes).
    public var namedGradients: [String: Tensor] {
        var copy = self
        var result = [String: Tensor]()
        copy.visitParameters { name, parameter in result[name] = parameter.gradient }
        return result
    }

    /// Replaces parameter values by name.
    ///
    /// - Throws: `LayerError` naming the parameter when a name is missing from `values` (and
    ///   `requireAll` is true), unknown, or has the wrong shape. Nothing is changed when it throws.
    public mutating func loadValues(_ values: [String: Tensor], requireAll: Bool = true) throws(LayerError) {
        try load(values, requireAll: requireAll, into: \.value)
    }

    /// Replaces accumulated gradients by name (for example after an all-reduce across processes).
    ///
    /// - Throws: `LayerError` as for `loadValues`.
    public mutating func loadGradients(_ gradients: [String: Tensor], requireAll: Bool = true) throws(LayerError) {
        try load(gradients, requireAll: requireAll, into: \.gradient)
    }

    private mutating func load(
        _ tensors: [String: Tensor], requireAll: Bool, into path: WritableKeyPath<Parameter, Tensor>
    ) throws(LayerError) {
        var shapes = [String: Shape]()
        var copy = self
        copy.visitParameters { name, parameter in shapes[name] = parameter.value.shape }
        for (name, tensor) in tensors {
            guard let shape = shapes[name] else {
                throw LayerError(
                    "Model expected parameter names \(shapes.keys.sorted()). Received: unknown name '\(name)'")
            }
            guard shape == tensor.shape else {
                throw LayerError("Parameter '\(name)' expected shape \(shape). Received: shape \(tensor.shape)")
            }
        }
        if requireAll, let missing = shapes.keys.sorted().first(where: { tensors[$0] == nil }) {
            throw LayerError("Model expected a tensor for parameter '\(missing)'. Received: none")
        }
        visitParameters { name, parameter in
            if let tensor = tensors[name] { parameter[keyPath: path] = tensor }
        }
    }
}
