/// Whether a forward pass is part of training (Keras `training=True`) or inference.
///
/// Only `Dropout` behaves differently: it drops and rescales in `.training` and is the identity in
/// `.inference`. The mode is an explicit argument, never global state.
public enum Mode: Sendable, Equatable {
    /// Training: stochastic layers are active.
    case training
    /// Inference: stochastic layers are the identity.
    case inference
}
