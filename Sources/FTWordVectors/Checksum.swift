import FTParallel

/// The binary cache's 64-bit checksum ("FT64"), fast enough to verify a 480 MB matrix on every load.
///
/// Definition (also in docs/word-vectors.md): the input is cut into 8 parts of `ceil(n / 8)` bytes
/// rounded up to a multiple of 32 (the last parts may be shorter or empty). Each part is hashed with
/// xxHash64's stripe rounds (seed = part number, four lanes over 32-byte stripes, the tail bytes
/// folded in one by one) and the 8 part hashes are combined in order with the same round, then
/// mixed with the total length. Parts are hashed in parallel; the value does not depend on the
/// number of cores.
enum Checksum {
    static let prime1: UInt64 = 0x9E37_79B1_85EB_CA87
    static let prime2: UInt64 = 0xC2B2_AE3D_27D4_EB4F
    static let prime3: UInt64 = 0x1656_67B1_9E37_79F9
    static let parts = 8

    static func hash(_ bytes: UnsafeRawBufferPointer) -> UInt64 {
        let n = bytes.count
        let partSize = ((n + parts - 1) / parts + 31) / 32 * 32
        var partHashes = [UInt64](repeating: 0, count: parts)
        partHashes.withUnsafeMutableBufferPointer { out in
            parallelFor(parts) { k in
                let lower = min(n, k * partSize)
                let upper = min(n, lower + partSize)
                out[k] = hashPart(bytes, lower, upper, seed: UInt64(k))
            }
        }
        var h = prime3 &+ UInt64(n)
        for part in partHashes { h = round(h, part) }
        return avalanche(h ^ UInt64(n))
    }

    @inline(__always)
    static func round(_ accumulator: UInt64, _ input: UInt64) -> UInt64 {
        let mixed = accumulator &+ input &* prime2
        return ((mixed << 31) | (mixed >> 33)) &* prime1
    }

    static func avalanche(_ value: UInt64) -> UInt64 {
        var h = value
        h ^= h >> 33
        h = h &* prime2
        h ^= h >> 29
        h = h &* prime3
        h ^= h >> 32
        return h
    }

    static func hashPart(_ bytes: UnsafeRawBufferPointer, _ lower: Int, _ upper: Int, seed: UInt64) -> UInt64 {
        guard let base = bytes.baseAddress else { return avalanche(seed) }
        var a = seed &+ prime1 &+ prime2
        var b = seed &+ prime2
        var c = seed
        var d = seed &- prime1
        var i = lower
        while i + 32 <= upper {
            a = round(a, base.loadUnaligned(fromByteOffset: i, as: UInt64.self))
            b = round(b, base.loadUnaligned(fromByteOffset: i + 8, as: UInt64.self))
            c = round(c, base.loadUnaligned(fromByteOffset: i + 16, as: UInt64.self))
            d = round(d, base.loadUnaligned(fromByteOffset: i + 24, as: UInt64.self))
            i += 32
        }
        var h = round(round(round(round(seed, a), b), c), d)
        while i < upper {
            h = round(h, UInt64(base.load(fromByteOffset: i, as: UInt8.self)))
            i += 1
        }
        return avalanche(h ^ UInt64(upper - lower))
    }
}
