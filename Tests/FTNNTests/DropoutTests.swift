import FTNN
import FTTensor
import FTTestSupport
import Testing

@Suite("Dropout")
struct DropoutTests {
    @Test("Inference is the identity; training drops about `rate` and rescales by 1/(1 − rate)")
    func behaviour() {
        let layer = Dropout(rate: 0.25)
        var rng = SeededGenerator(seed: 5)
        let x = Tensor(repeating: 2, shape: [4, 1000])
        #expect(layer.forward(x, mode: .inference, using: &rng).output == x)
        let y = layer.forward(x, mode: .training, using: &rng).output
        let dropped = y.scalars.filter { $0 == 0 }.count
        #expect(abs(Double(dropped) / 4000 - 0.25) < 0.03)
        #expect(y.scalars.allSatisfy { $0 == 0 || $0 == Float(2 / 0.75) })
    }

    @Test("Same seed gives the same mask; the cached mask routes the gradient")
    func determinism() {
        var layer = Dropout(rate: 0.5)
        var a = SeededGenerator(seed: 9)
        var b = SeededGenerator(seed: 9)
        let x = Tensor.uniform(shape: [3, 11], using: &a)
        _ = Tensor.uniform(shape: [3, 11], using: &b)
        let (ya, cache) = layer.forward(x, mode: .training, using: &a)
        let (yb, _) = layer.forward(x, mode: .training, using: &b)
        #expect(ya == yb)
        let g = layer.backward(Tensor(repeating: 1, shape: [3, 11]), cache: cache)
        #expect(g.scalars == cache!.factors)
    }

    @Test("Finite-difference gradient with a fixed mask")
    func gradients() {
        var rng = SeededGenerator(seed: 2)
        let x = Tensor.normal(shape: [2, 9, 3], using: &rng)
        #expect(GradientCheck.check(Dropout(rate: 0.15), input: x)["input"]! < 1e-2)
    }

    @Test("Rates outside [0, 1) are rejected")
    func errors() {
        #expect(throws: LayerError("Dropout expected a rate in [0, 1). Received: -0.1")) {
            try Dropout.validate(rate: -0.1)
        }
        #expect(throws: LayerError("Dropout expected a rate in [0, 1). Received: 1.0")) {
            try Dropout.validate(rate: 1)
        }
    }
}

@Suite("DropoutMask")
struct DropoutMaskTests {
    /// The mask as `Dropout`'s documentation defines it, computed one scalar at a time.
    private func specification(count: Int, rate: Double, key: UInt64) -> [Bool] {
        let threshold = UInt32(min((rate * 0x1p32).rounded(), Double(UInt32.max)))
        var kept = [Bool]()
        var chunk = 0
        while kept.count < count {
            var generator = SeededGenerator(seed: key &+ UInt64(chunk) &* 0x9E37_79B9_7F4A_7C15)
            for _ in 0..<(DropoutMask.chunk / 2) where kept.count < count {
                let bits = generator.next()
                kept.append(UInt32(truncatingIfNeeded: bits) >= threshold)
                if kept.count < count { kept.append(UInt32(truncatingIfNeeded: bits >> 32) >= threshold) }
            }
            chunk += 1
        }
        return kept
    }

    @Test("the parallel mask equals the documented stream: several chunks, a partial last word, odd counts")
    func matchesSpecification() {
        for count in [0, 1, 63, 64, 65, DropoutMask.chunk - 1, 3 * DropoutMask.chunk + 77] {
            let mask = DropoutMask(count: count, rate: 0.15, key: 12_345)
            let expected = specification(count: count, rate: 0.15, key: 12_345)
            #expect((0..<count).allSatisfy { mask.isKept($0) == expected[$0] }, "count \(count)")
            #expect(mask.words.count == (count + 63) / 64)
            if count % 64 != 0 { #expect(mask.words.last! >> UInt64(count % 64) == 0, "bits past the end are clear") }
        }
    }

    @Test("the kept fraction is 1 − rate and the output is input × mask factor")
    func statistics() {
        let count = 200_000
        for rate in [0.15, 0.45, 0.9] {
            let mask = DropoutMask(count: count, rate: rate, key: 99)
            let kept = (0..<count).filter { mask.isKept($0) }.count
            // Four standard deviations of a binomial count.
            let sd = (Double(count) * rate * (1 - rate)).squareRoot()
            #expect(abs(Double(count - kept) - rate * Double(count)) < 4 * sd, "rate \(rate): \(count - kept) dropped")
        }
        let mask = DropoutMask(count: 1000, rate: 0.5, key: 1)
        let values = (0..<1000).map { Float($0) - 500 }
        let out = mask.applied(to: values)
        #expect(out == zip(values, mask.factors).map { $0 * $1 })
        #expect(mask.factors.allSatisfy { $0 == 0 || $0 == 2 })
    }

    @Test("forward takes one draw from the generator, so later layers' masks differ from this one's")
    func generatorUse() {
        let layer = Dropout(rate: 0.3)
        var a = SeededGenerator(seed: 4)
        var b = SeededGenerator(seed: 4)
        let x = Tensor(repeating: 1, shape: [2, 50_000])
        _ = layer.forward(x, mode: .training, using: &a)
        _ = b.next()
        #expect(a == b)
        var c = SeededGenerator(seed: 4)
        let first = layer.forward(x, mode: .training, using: &c).cache!
        let second = layer.forward(x, mode: .training, using: &c).cache!
        #expect(first != second)
    }
}
