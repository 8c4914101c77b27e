/// FNV-1a 64-bit hashing: a hash that is the same on every machine, run and Swift version (unlike
/// `Hasher`), for fingerprints and for choosing a filing's shard.
public struct StableHash: Sendable {
    /// The hash so far.
    public private(set) var value: UInt64 = 0xcbf2_9ce4_8422_2325

    /// A fresh hash.
    public init() {}

    /// Mixes `bytes` in.
    public mutating func combine(_ bytes: some Sequence<UInt8>) {
        for byte in bytes { value = (value ^ UInt64(byte)) &* 0x100_0000_01b3 }
    }

    /// Mixes the UTF-8 of `text` in, then a 0 byte (so "ab","c" differs from "a","bc").
    public mutating func combine(_ text: String) {
        combine(text.utf8)
        combine(CollectionOfOne(0))
    }

    /// Mixes the 8 little-endian bytes of `number` in.
    public mutating func combine(_ number: UInt64) {
        var v = number
        for _ in 0..<8 {
            value = (value ^ (v & 0xff)) &* 0x100_0000_01b3
            v >>= 8
        }
    }

    /// The hash of one string's UTF-8 bytes (no terminator).
    public static func of(_ text: String) -> UInt64 {
        var hash = StableHash()
        hash.combine(text.utf8)
        return hash.value
    }
}

/// `--shard i/n`: which 1/n of the input filings one process takes.
///
/// A filing goes to part `hash(key) mod n`, its key being its file name (raw filings) or its accession
/// number (JSON Lines of sections), so adding filings never moves the others between parts, and the n
/// parts are disjoint and together complete.
public struct ShardSelection: Sendable, Equatable, Codable, CustomStringConvertible {
    /// This part, `0..<count`.
    public let index: Int
    /// Number of parts.
    public let count: Int

    /// The whole input.
    public static let all = ShardSelection(index: 0, count: 1)

    /// Part `index` of `count`.
    /// - Precondition: `0 <= index < count`.
    public init(index: Int, count: Int) {
        precondition(
            count >= 1 && (0..<count).contains(index),
            "ShardSelection expected 0 <= index < count. Received: \(index)/\(count)")
        self.index = index
        self.count = count
    }

    private enum CodingKeys: String, CodingKey { case index, count }

    /// Decodes `{"index": i, "count": n}` (a part folder's `part.json`), refusing anything but
    /// `0 <= i < n`, as the command line does.
    public init(from decoder: any Decoder) throws {
        let container = try decoder.container(keyedBy: CodingKeys.self)
        let index = try container.decode(Int.self, forKey: .index)
        let count = try container.decode(Int.self, forKey: .count)
        guard count >= 1 else {
            throw DecodingError.dataCorruptedError(
                forKey: .count, in: container, debugDescription: "expected at least 1 part. Received: \(count)")
        }
        guard (0..<count).contains(index) else {
            throw DecodingError.dataCorruptedError(
                forKey: .index, in: container, debugDescription: "expected 0 ..< \(count). Received: \(index)")
        }
        self.init(index: index, count: count)
    }

    /// Parses `i/n`; nil unless `0 <= i < n`.
    public init?(_ text: String) {
        let parts = text.split(separator: "/", omittingEmptySubsequences: false)
        guard parts.count == 2, let i = Int(parts[0]), let n = Int(parts[1]), n >= 1, (0..<n).contains(i) else {
            return nil
        }
        self.init(index: i, count: n)
    }

    /// The part a filing with `key` belongs to.
    public static func part(of key: String, count: Int) -> Int { Int(StableHash.of(key) % UInt64(count)) }

    /// Whether this part takes the filing with `key`.
    public func contains(_ key: String) -> Bool { Self.part(of: key, count: count) == index }

    /// `i/n`.
    public var description: String { "\(index)/\(count)" }
}
