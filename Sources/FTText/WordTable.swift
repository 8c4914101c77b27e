/// An open-addressing hash table from byte strings to dense ids in first-insertion order.
///
/// The tokenizer's and the cleaner's hot loops look words up by their UTF-8 bytes, so no `String` is made per
/// token. Ids are assigned 0, 1, 2, … in the order words are first inserted, which is exactly Keras's
/// "first appearance" order.
struct WordTable: Sendable {
    /// All words' bytes, back to back.
    private(set) var arena: [UInt8] = []
    /// Word `id` occupies `arena[starts[id]..<starts[id + 1]]`.
    private(set) var starts: [Int] = [0]
    private var hashes: [UInt64] = []
    /// 0 = empty, otherwise `(hash >> 32) << 32 | (id + 1)`: the high hash bits filter candidates
    /// without touching `hashes` or the arena (one cache line per probe).
    private var slots: [UInt64]
    private var mask: Int

    /// Number of distinct words.
    var count: Int { hashes.count }

    init(minimumCapacity: Int = 1024) {
        var capacity = 16
        while capacity < minimumCapacity * 2 { capacity <<= 1 }
        slots = [UInt64](repeating: 0, count: capacity)
        mask = capacity - 1
    }

    @inline(__always)
    private static func entry(_ hash: UInt64, _ id: Int) -> UInt64 {
        (hash & 0xFFFF_FFFF_0000_0000) | UInt64(id + 1)
    }

    /// A fast 64-bit hash of `count` bytes at `base` (8 bytes per step, then the tail).
    @inline(__always)
    static func hash(_ base: UnsafePointer<UInt8>, _ count: Int) -> UInt64 {
        var h: UInt64 = 0x9E37_79B9_7F4A_7C15 ^ UInt64(truncatingIfNeeded: count)
        var i = 0
        let raw = UnsafeRawPointer(base)
        while i + 8 <= count {
            let w = raw.loadUnaligned(fromByteOffset: i, as: UInt64.self)
            h = (h ^ w) &* 0xFF51_AFD7_ED55_8CCD
            h ^= h >> 29
            i += 8
        }
        var tail: UInt64 = 0
        var shift: UInt64 = 0
        while i < count {
            tail |= UInt64(base[i]) << shift
            shift += 8
            i += 1
        }
        h = (h ^ tail) &* 0xC4CE_B9FE_1A85_EC53
        h ^= h >> 32
        return h
    }

    /// The id of the word with these bytes, or nil.
    @inline(__always)
    func find(_ base: UnsafePointer<UInt8>, _ count: Int, hash: UInt64) -> Int? {
        probe(base, count, hash: hash).id
    }

    /// Linear probing from the hash's slot: the word's id when present, else nil and the empty slot
    /// where it would go.
    @inline(__always)
    private func probe(_ base: UnsafePointer<UInt8>, _ count: Int, hash: UInt64) -> (id: Int?, slot: Int) {
        let tag = hash & 0xFFFF_FFFF_0000_0000
        return slots.withUnsafeBufferPointer { table -> (Int?, Int) in
            var slot = Int(truncatingIfNeeded: hash) & mask
            while true {
                let entry = table[slot]
                if entry == 0 { return (nil, slot) }
                if entry & 0xFFFF_FFFF_0000_0000 == tag {
                    let id = Int(entry & 0xFFFF_FFFF) - 1
                    if equals(id, base, count) { return (id, slot) }
                }
                slot = (slot + 1) & mask
            }
        }
    }

    /// The id of the word with these bytes, inserting it (with the next id) when new.
    @inline(__always)
    mutating func insert(_ base: UnsafePointer<UInt8>, _ count: Int, hash: UInt64) -> (id: Int, isNew: Bool) {
        let (found, slot) = probe(base, count, hash: hash)
        if let found { return (found, false) }
        let id = hashes.count
        hashes.append(hash)
        arena.append(contentsOf: UnsafeBufferPointer(start: base, count: count))
        starts.append(arena.count)
        slots[slot] = Self.entry(hash, id)
        if hashes.count * 2 > slots.count { grow() }
        return (id, true)
    }

    /// Inserts a Swift string; returns its id.
    @discardableResult
    mutating func insert(_ word: String) -> (id: Int, isNew: Bool) {
        var copy = word
        return copy.withUTF8 { buffer in
            guard let base = buffer.baseAddress, buffer.count > 0 else {
                return withUnsafePointer(to: UInt8(0)) { insert($0, 0, hash: Self.hash($0, 0)) }
            }
            return insert(base, buffer.count, hash: Self.hash(base, buffer.count))
        }
    }

    /// The id of a Swift string, or nil.
    func find(_ word: String) -> Int? {
        var copy = word
        return copy.withUTF8 { buffer in
            guard let base = buffer.baseAddress, buffer.count > 0 else {
                return withUnsafePointer(to: UInt8(0)) { find($0, 0, hash: Self.hash($0, 0)) }
            }
            return find(base, buffer.count, hash: Self.hash(base, buffer.count))
        }
    }

    /// The word with id `id`, decoded as UTF-8.
    func word(_ id: Int) -> String {
        String(decoding: arena[starts[id]..<starts[id + 1]], as: UTF8.self)
    }

    /// The bytes of word `id`.
    func bytes(_ id: Int) -> ArraySlice<UInt8> { arena[starts[id]..<starts[id + 1]] }

    @inline(__always)
    private func equals(_ id: Int, _ base: UnsafePointer<UInt8>, _ count: Int) -> Bool {
        let start = starts[id]
        guard starts[id + 1] - start == count else { return false }
        return arena.withUnsafeBufferPointer { arenaBuffer in
            guard let arenaBase = arenaBuffer.baseAddress else { return count == 0 }
            let a = UnsafeRawPointer(arenaBase + start)
            let b = UnsafeRawPointer(base)
            var k = 0
            while k + 8 <= count {
                if a.loadUnaligned(fromByteOffset: k, as: UInt64.self)
                    != b.loadUnaligned(fromByteOffset: k, as: UInt64.self)
                {
                    return false
                }
                k += 8
            }
            while k < count {
                if a.load(fromByteOffset: k, as: UInt8.self) != b.load(fromByteOffset: k, as: UInt8.self) {
                    return false
                }
                k += 1
            }
            return true
        }
    }

    private mutating func grow() {
        let capacity = slots.count * 2
        slots = [UInt64](repeating: 0, count: capacity)
        mask = capacity - 1
        for id in 0..<hashes.count {
            var slot = Int(truncatingIfNeeded: hashes[id]) & mask
            while slots[slot] != 0 { slot = (slot + 1) & mask }
            slots[slot] = Self.entry(hashes[id], id)
        }
    }
}
