public import FTNN

/// A 64-bit FNV-1a fingerprint of a model's trainable weights (names in sorted order, then the bit
/// patterns of their values): equal fingerprints on every rank show bit-identical weights; the per-rank
/// logs end with it.
public enum WeightsFingerprint {
    /// The fingerprint of `model`'s `namedValues`.
    /// - Complexity: O(parameters).
    public static func of(_ model: Sequential) -> UInt64 {
        var hash: UInt64 = 0xcbf2_9ce4_8422_2325
        func mix(_ byte: UInt8) { hash = (hash ^ UInt64(byte)) &* 0x100_0000_01b3 }
        let values = model.namedValues
        for name in values.keys.sorted() {
            for byte in name.utf8 { mix(byte) }
            for scalar in values[name]?.scalars ?? [] {
                var bits = scalar.bitPattern
                for _ in 0..<4 {
                    mix(UInt8(truncatingIfNeeded: bits))
                    bits >>= 8
                }
            }
        }
        return hash
    }
}
