public import FTNN
public import FTTensor

/// Finite-difference gradient checks for any `Layer` (and any scalar function of a tensor).
///
/// The checked loss is `Σ r ⊙ f(x)` with a fixed random `r` (not all ones, which can hide
/// transposition bugs), accumulated in `Double`. Derivatives are central differences
/// `(ℓ(x + h) − ℓ(x − h)) / (x₊ − x₋)` using the *actually representable* perturbed values. Each
/// comparison uses `|a − n| / max(|a|, |n|, floor)`. Stochastic layers see a fresh generator with the
/// same seed at every evaluation, so dropout masks are identical across the differences.
public enum GradientCheck {
    /// The worst relative error for the input (`"input"`) and every named parameter of `layer`.
    ///
    /// - Parameters:
    ///   - layer: The layer at its current parameter values (not modified).
    ///   - input: Where to check; keep it away from kinks (ReLU/ELU at 0, max-pool ties).
    ///   - mode: Forward mode (`.training` exercises dropout).
    ///   - seed: Seeds the upstream weights `r`, the index sampling and the layer's generator.
    ///   - step: `h`; 1e-2 … 1e-3 suits Float32.
    ///   - samples: Scalars checked per tensor (all when the tensor is smaller).
    ///   - floor: Denominator floor of the relative error.
    /// - Complexity: `2·samples` forward passes per tensor.
    public static func check<L: Layer>(
        _ layer: L, input: Tensor, mode: Mode = .training, seed: UInt64 = 7, step: Float = 1e-2,
        samples: Int = 200, floor: Double = 1e-3
    ) -> [String: Double] {
        var setup = SeededGenerator(seed: seed)
        var forwardRNG = SeededGenerator(seed: seed &+ 1)
        let outputShape = layer.forward(input, mode: mode, using: &forwardRNG).output.shape
        let r = Tensor.normal(shape: outputShape, using: &setup)

        func loss(_ l: L, _ x: Tensor) -> Double {
            var g = SeededGenerator(seed: seed &+ 1)
            return weightedSum(l.forward(x, mode: mode, using: &g).output, r)
        }

        var analytic = layer
        analytic.zeroGradients()
        var g = SeededGenerator(seed: seed &+ 1)
        let (_, cache) = analytic.forward(input, mode: mode, using: &g)
        let inputGradient = analytic.backward(r, cache: cache)
        var results = [String: Double]()

        results["input"] = worstError(
            count: input.scalarCount, analytic: inputGradient.scalars, samples: samples, step: step, floor: floor,
            using: &setup
        ) { i, delta in
            var x = input
            x.scalars[i] += delta
            return (loss(layer, x), x.scalars[i])
        }
        for (name, gradient) in analytic.namedGradients.sorted(by: { $0.key < $1.key }) {
            results[name] = worstError(
                count: gradient.scalarCount, analytic: gradient.scalars, samples: samples, step: step, floor: floor,
                using: &setup
            ) { i, delta in
                var l = layer
                var perturbed: Float = 0
                l.visitParameters { n, p in
                    if n == name {
                        p.value.scalars[i] += delta
                        perturbed = p.value.scalars[i]
                    }
                }
                return (loss(l, input), perturbed)
            }
        }
        return results
    }

    /// The worst relative error between `analytic` (dℓ/dx) and central differences of `function` at `x`.
    public static func check(
        _ function: (Tensor) -> Double, at x: Tensor, analytic: Tensor, seed: UInt64 = 7, step: Float = 1e-2,
        samples: Int = 200, floor: Double = 1e-3
    ) -> Double {
        precondition(
            analytic.shape == x.shape,
            "GradientCheck expected an analytic gradient of shape \(x.shape). Received: \(analytic.shape)")
        var setup = SeededGenerator(seed: seed)
        return worstError(
            count: x.scalarCount, analytic: analytic.scalars, samples: samples, step: step, floor: floor, using: &setup
        ) { i, delta in
            var y = x
            y.scalars[i] += delta
            return (function(y), y.scalars[i])
        }
    }

    /// `Σ Double(a)·Double(b)`.
    public static func weightedSum(_ a: Tensor, _ b: Tensor) -> Double {
        precondition(a.shape == b.shape, "weightedSum expected equal shapes. Received: \(a.shape) and \(b.shape)")
        var total = 0.0
        for i in 0..<a.scalarCount { total += Double(a.scalars[i]) * Double(b.scalars[i]) }
        return total
    }

    /// Central differences at sampled indices; `evaluate(i, δ)` returns the loss with scalar `i` moved by
    /// `δ` and the perturbed scalar's value.
    static func worstError(
        count: Int, analytic: [Float], samples: Int, step: Float, floor: Double, using rng: inout SeededGenerator,
        evaluate: (Int, Float) -> (loss: Double, value: Float)
    ) -> Double {
        let indices = count <= samples ? Array(0..<count) : (0..<samples).map { _ in rng.nextInt(below: count) }
        var worst = 0.0
        for i in indices {
            let (up, upValue) = evaluate(i, step)
            let (down, downValue) = evaluate(i, -step)
            let numeric = (up - down) / (Double(upValue) - Double(downValue))
            let a = Double(analytic[i])
            let error = abs(a - numeric) / max(abs(a), abs(numeric), floor)
            worst = max(worst, error.isNaN ? .infinity : error)
        }
        return worst
    }
}
