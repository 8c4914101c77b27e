public import FTTensor

/// A named, type-erased `Layer` for `Sequential`.
///
/// The wrapped layer keeps its concrete type, so its cache stays typed inside: `forward` returns the
/// cache as `any Sendable` and `backward` casts it back to the layer's own `Cache` type.
public struct AnyLayer: Sendable {
    /// The layer's name in the model (`conv1`); its parameters are named `conv1.weight`, ….
    public var name: String
    /// The wrapped layer.
    public private(set) var base: any Layer

    /// Wraps `layer` under `name`.
    public init(_ layer: any Layer, name: String) {
        self.base = layer
        self.name = name
    }

    /// The wrapped layer's Keras class name.
    public var kindName: String { base.kindName }

    /// The wrapped layer as `L`, or nil.
    public func layer<L: Layer>(as type: L.Type) -> L? { base as? L }

    /// The wrapped layer's output shape.
    /// - Throws: `LayerError` from the layer.
    public func outputShape(for inputShape: Shape) throws(LayerError) -> Shape {
        try base.outputShape(for: inputShape)
    }

    /// Trainable scalars of the wrapped layer.
    public var trainableParameterCount: Int { base.trainableParameterCount }

    /// Non-trainable scalars of the wrapped layer.
    public var nonTrainableParameterCount: Int { base.nonTrainableParameterCount }

    /// Runs the wrapped layer; the cache is the layer's typed cache, erased.
    public func forward(_ input: Tensor, mode: Mode, using rng: inout SeededGenerator) -> (
        output: Tensor, cache: any Sendable
    ) {
        let result = base.forward(input, mode: mode, using: &rng)
        return (result.output, result.cache)
    }

    /// Runs the wrapped layer's backward pass.
    /// - Parameter needsInputGradient: When false and the layer can skip it (Conv1D), dX is not computed
    ///   and nil is returned.
    /// - Precondition: `cache` came from this layer's `forward`.
    public mutating func backward(_ outputGradient: Tensor, cache: any Sendable, needsInputGradient: Bool = true)
        -> Tensor?
    {
        let layerName = name
        func run<L: Layer>(_ layer: inout L) -> Tensor? {
            guard let typed = cache as? L.Cache else {
                preconditionFailure(
                    "Layer '\(layerName)' expected a cache of type \(L.Cache.self). Received: \(type(of: cache))")
            }
            if !needsInputGradient, var conv = layer as? Conv1D, let convCache = typed as? Conv1D.Cache {
                let result = conv.backward(outputGradient, cache: convCache, computeInputGradient: false)
                if let updated = conv as? L { layer = updated }
                return result
            }
            return layer.backward(outputGradient, cache: typed)
        }
        return run(&base)
    }

    /// Runs `body` on the wrapped layer as `L`, in place (its tensors are not copied); nil when it is not an `L`.
    public mutating func modify<L: Layer, R>(as type: L.Type, _ body: (inout L) -> R) -> R? {
        func open<Base: Layer>(_ layer: inout Base) -> R? {
            guard Base.self == L.self else { return nil }
            return withUnsafeMutablePointer(to: &layer) { pointer in
                pointer.withMemoryRebound(to: L.self, capacity: 1) { body(&$0.pointee) }
            }
        }
        return open(&base)
    }

    /// Visits the wrapped layer's parameters under `name.`.
    public mutating func visitParameters(_ visit: (_ name: String, _ parameter: inout Parameter) -> Void) {
        let prefix = name
        func run<L: Layer>(_ layer: inout L) {
            layer.visitParameters { inner, parameter in visit("\(prefix).\(inner)", &parameter) }
        }
        run(&base)
    }
}
