public import FTTensor

/// A trainable tensor and its accumulated gradient, which always has the same shape.
///
/// Backward passes *add* into `gradient`; `ParameterVisitable.zeroGradients()` resets it.
public struct Parameter: Sendable, Equatable {
    /// The current value (Keras: the variable).
    public var value: Tensor
    /// dLoss/dValue accumulated since the last `zeroGradients()`; same shape as `value`.
    public var gradient: Tensor

    /// A parameter holding `value` with a zero gradient.
    public init(_ value: Tensor) {
        self.value = value
        self.gradient = Tensor(zeros: value.shape)
    }
}
