public import FTTensor

/// A differentiable layer with an explicit backward pass (value type, typed cache).
///
/// Tensors are channels-last like Keras: `[batch, length, channels]` for sequences, `[batch, features]`
/// after `Flatten`. `forward` is pure; `backward` adds this call's parameter gradients into the
/// layer's `Parameter.gradient`s and returns dLoss/dInput.
public protocol Layer: ParameterVisitable, Sendable {
    /// What `backward` needs from the forward pass.
    associatedtype Cache: Sendable

    /// The Keras class name shown in summaries ("Conv1D").
    var kindName: String { get }

    /// The output shape for an input shape (both with the batch axis first).
    /// - Throws: `LayerError` saying what was expected and what was received.
    func outputShape(for inputShape: Shape) throws(LayerError) -> Shape

    /// Scalars this layer holds that are not trained (the frozen embedding matrix); 0 by default.
    var nonTrainableParameterCount: Int { get }

    /// Runs the layer. Pure: does not mutate the layer. `rng` is used only by stochastic layers in
    /// `.training` mode.
    /// - Precondition: `outputShape(for: input.shape)` does not throw.
    func forward(_ input: Tensor, mode: Mode, using rng: inout SeededGenerator) -> (output: Tensor, cache: Cache)

    /// Adds this call's parameter gradients into the parameters and returns dLoss/dInput.
    /// - Precondition: `outputGradient` has the shape of the output that produced `cache`.
    mutating func backward(_ outputGradient: Tensor, cache: Cache) -> Tensor
}

extension Layer {
    /// No untrained scalars.
    public var nonTrainableParameterCount: Int { 0 }
}

/// A layer without parameters (pooling, activations, dropout, flatten).
public protocol ParameterlessLayer: Layer {}

extension ParameterlessLayer {
    /// Visits nothing.
    public mutating func visitParameters(_ visit: (_ name: String, _ parameter: inout Parameter) -> Void) {}
}
