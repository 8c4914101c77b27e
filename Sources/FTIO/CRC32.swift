internal import CZlib

/// CRC-32 (ISO-HDLC, the checksum of gzip, zip and PNG; Python's `zlib.crc32`) over bytes.
public enum CRC32 {
    /// The CRC-32 of `bytes`, continuing from `previous` (0 to start).
    /// - Complexity: O(bytes), about 1 GB/s with zlib's table-driven code.
    public static func checksum(_ bytes: UnsafeRawBufferPointer, continuing previous: UInt32 = 0) -> UInt32 {
        var crc = UInt(previous)
        var offset = 0
        // zlib takes a 32-bit length: feed large buffers in pieces.
        while offset < bytes.count {
            let piece = min(bytes.count - offset, 1 << 30)
            crc = crc32(
                crc, bytes.baseAddress.map { $0.assumingMemoryBound(to: UInt8.self) + offset }, uInt(piece))
            offset += piece
        }
        return UInt32(truncatingIfNeeded: crc)
    }

    /// The CRC-32 of `bytes`.
    public static func checksum(_ bytes: [UInt8]) -> UInt32 {
        bytes.withUnsafeBytes { checksum($0) }
    }
}
