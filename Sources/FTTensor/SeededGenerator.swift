/// A seeded pseudo-random generator whose output sequence is fixed by FinText, not by the standard
/// library.
///
/// The core is xoshiro256** (Blackman & Vigna, 2018) seeded through SplitMix64; every derived draw
/// (floats, normals, shuffles, masks) is defined in this file, so the same seed gives the same numbers
/// on every run, machine and toolchain. The full state is `state`, so a checkpoint can resume the exact
/// sequence. It also conforms to `RandomNumberGenerator` for code that needs one, but FinText's own
/// draws never go through standard-library algorithms, whose details may change.
public struct SeededGenerator: RandomNumberGenerator, Sendable, Equatable, Codable {
    private var s0: UInt64
    private var s1: UInt64
    private var s2: UInt64
    private var s3: UInt64

    /// The four 64-bit words of xoshiro256** state (never all zero), for checkpoints.
    public var state: [UInt64] { [s0, s1, s2, s3] }

    /// A generator seeded from a 64-bit seed.
    public init(seed: UInt64) {
        var mix = seed
        s0 = Self.splitMix(&mix)
        s1 = Self.splitMix(&mix)
        s2 = Self.splitMix(&mix)
        s3 = Self.splitMix(&mix)
    }

    /// A generator restored from a saved `state`.
    /// - Precondition: four words, not all zero.
    public init(state: [UInt64]) {
        precondition(
            state.count == 4 && state.contains { $0 != 0 }, "SeededGenerator state must be 4 words, not all zero")
        (s0, s1, s2, s3) = (state[0], state[1], state[2], state[3])
    }

    private enum CodingKeys: String, CodingKey { case state }

    /// Decodes `{"state": [w0, w1, w2, w3]}`.
    /// - Throws: `DecodingError` when the state is not four words or is all zero.
    public init(from decoder: any Decoder) throws {
        let container = try decoder.container(keyedBy: CodingKeys.self)
        let words = try container.decode([UInt64].self, forKey: .state)
        guard words.count == 4, words.contains(where: { $0 != 0 }) else {
            throw DecodingError.dataCorruptedError(
                forKey: .state, in: container, debugDescription: "SeededGenerator state must be 4 words, not all zero")
        }
        self.init(state: words)
    }

    /// Encodes `{"state": [w0, w1, w2, w3]}`.
    public func encode(to encoder: any Encoder) throws {
        var container = encoder.container(keyedBy: CodingKeys.self)
        try container.encode(state, forKey: .state)
    }

    private static func splitMix(_ x: inout UInt64) -> UInt64 {
        x &+= 0x9E37_79B9_7F4A_7C15
        var z = x
        z = (z ^ (z >> 30)) &* 0xBF58_476D_1CE4_E5B9
        z = (z ^ (z >> 27)) &* 0x94D0_49BB_1331_11EB
        return z ^ (z >> 31)
    }

    @inline(__always)
    private static func rotateLeft(_ x: UInt64, _ k: UInt64) -> UInt64 { (x << k) | (x >> (64 - k)) }

    /// The next 64 random bits.
    public mutating func next() -> UInt64 {
        let result = Self.rotateLeft(s1 &* 5, 7) &* 9
        let t = s1 << 17
        s2 ^= s0
        s3 ^= s1
        s1 ^= s2
        s0 ^= s3
        s2 ^= t
        s3 = Self.rotateLeft(s3, 45)
        return result
    }

    /// A uniform `Float` in `[0, 1)`: the top 24 bits of `next()` times 2⁻²⁴.
    public mutating func nextFloat() -> Float {
        Float(next() >> 40) * 0x1p-24
    }

    /// A uniform `Float` in `[lower, upper)`.
    public mutating func nextFloat(in lower: Float, _ upper: Float) -> Float {
        lower + (upper - lower) * nextFloat()
    }

    /// A uniform `Double` in `[0, 1)`: the top 53 bits times 2⁻⁵³.
    public mutating func nextDouble() -> Double {
        Double(next() >> 11) * 0x1p-53
    }

    /// A standard normal draw by the Box–Muller transform (one draw per two uniforms; no caching, so the
    /// sequence does not depend on call history beyond the state).
    public mutating func nextNormal() -> Double {
        let u1 = 1 - nextDouble()  // (0, 1]
        let u2 = nextDouble()
        return (-2 * logarithm(u1)).squareRoot() * cosine(2 * Double.pi * u2)
    }

    /// A normal draw truncated to `[−2, 2]` standard deviations by rejection (Keras `TruncatedNormal`).
    public mutating func nextTruncatedNormal() -> Double {
        while true {
            let z = nextNormal()
            if abs(z) <= 2 { return z }
        }
    }

    /// A uniform integer in `0..<upperBound` without modulo bias (Lemire's multiply-and-reject).
    public mutating func nextInt(below upperBound: Int) -> Int {
        precondition(upperBound > 0, "nextInt(below:) needs a positive bound. Received: \(upperBound)")
        let bound = UInt64(upperBound)
        var product = next().multipliedFullWidth(by: bound)
        if product.low < bound {
            let threshold = (0 &- bound) % bound
            while product.low < threshold { product = next().multipliedFullWidth(by: bound) }
        }
        return Int(product.high)
    }

    /// Shuffles `array` in place (Fisher–Yates, from the last element down).
    public mutating func shuffle<T>(_ array: inout [T]) {
        guard array.count > 1 else { return }
        for i in stride(from: array.count - 1, to: 0, by: -1) {
            array.swapAt(i, nextInt(below: i + 1))
        }
    }

    /// A random permutation of `0..<count`.
    public mutating func permutation(_ count: Int) -> [Int] {
        var result = Array(0..<count)
        shuffle(&result)
        return result
    }

    /// A Bernoulli mask: element `i` is true with probability `keepProbability`.
    public mutating func bernoulliMask(count: Int, keepProbability: Double) -> [Bool] {
        precondition(
            (0...1).contains(keepProbability), "keepProbability must be in [0, 1]. Received: \(keepProbability)")
        return (0..<count).map { _ in nextDouble() < keepProbability }
    }

    /// An independent generator for a sub-task (for example one per worker), derived from this one's
    /// next draw; advances this generator by one step.
    public mutating func split() -> SeededGenerator {
        SeededGenerator(seed: next())
    }
}

// Elementary functions from the C library, kept here so the Box–Muller transform is spelled once.
#if canImport(Glibc)
    import Glibc
    @inline(__always) func logarithm(_ x: Double) -> Double { Glibc.log(x) }
    @inline(__always) func cosine(_ x: Double) -> Double { Glibc.cos(x) }
#elseif canImport(Darwin)
    import Darwin
    @inline(__always) func logarithm(_ x: Double) -> Double { Darwin.log(x) }
    @inline(__always) func cosine(_ x: Double) -> Double { Darwin.cos(x) }
#endif
