public import FTTensor

/// A standalone activation layer (Keras `ELU`, `ReLU`, `Softmax`, `Activation`): applies an
/// `Activation` elementwise (softmax: over the last axis) and caches its output for the backward pass.
///
/// - Input and output shape: any shape of rank ≥ 1.
/// - Complexity: O(number of scalars).
public struct ActivationLayer: ParameterlessLayer {
    /// The activation applied.
    public let activation: Activation

    /// The cached output.
    public typealias Cache = Tensor

    /// A layer applying `activation`.
    public init(_ activation: Activation) { self.activation = activation }

    /// Keras's class name: "ELU", "ReLU", "Softmax" or "Activation".
    public var kindName: String {
        switch activation {
        case .elu: "ELU"
        case .relu: "ReLU"
        case .softmax: "Softmax"
        case .linear: "Activation"
        }
    }

    /// The input shape.
    /// - Throws: `LayerError` for a rank-0 input.
    public func outputShape(for inputShape: Shape) throws(LayerError) -> Shape {
        guard inputShape.rank >= 1 else {
            throw LayerError("\(kindName) expected input of rank ≥ 1. Received: shape \(inputShape)")
        }
        return inputShape
    }

    /// Applies the activation.
    public func forward(_ input: Tensor, mode: Mode, using rng: inout SeededGenerator) -> (
        output: Tensor, cache: Tensor
    ) {
        _ = require { () throws(LayerError) in try outputShape(for: input.shape) }
        var values = input.scalars
        activation.apply(&values, width: input.shape[input.rank - 1])
        let output = Tensor(shape: input.shape, scalars: values)
        return (output, output)
    }

    /// dX from dY and the cached output.
    public mutating func backward(_ outputGradient: Tensor, cache: Tensor) -> Tensor {
        precondition(
            outputGradient.shape == cache.shape,
            "\(kindName).backward expected an output gradient of shape \(cache.shape). Received: shape \(outputGradient.shape)"
        )
        var g = outputGradient.scalars
        activation.backward(&g, output: cache.scalars, width: cache.shape[cache.rank - 1])
        return Tensor(shape: cache.shape, scalars: g)
    }
}

extension ActivationLayer {
    /// Keras `ELU(alpha)`: `x` for x > 0, `α(eˣ − 1)` otherwise (computed with `expm1`).
    public static func elu(alpha: Float = 1) -> ActivationLayer { ActivationLayer(.elu(alpha: alpha)) }

    /// Keras `ReLU()`: `max(x, 0)`.
    public static var relu: ActivationLayer { ActivationLayer(.relu) }

    /// Keras `Softmax()` over the last axis.
    public static var softmax: ActivationLayer { ActivationLayer(.softmax) }
}
