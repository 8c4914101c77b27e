/// How a convolution treats the sequence ends (Keras `padding=`).
public enum Padding: String, Sendable, Equatable {
    /// No padding: output length `⌊(L − K) / s⌋ + 1`.
    case valid
    /// Zero padding so the output length is `⌈L / s⌉`; the extra zero goes on the right when the total
    /// padding is odd (Keras/TensorFlow rule).
    case same
}
