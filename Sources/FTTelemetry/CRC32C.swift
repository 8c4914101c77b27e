/// CRC-32C (Castagnoli; reflected polynomial 0x82F63B78, initial value and final XOR 0xFFFFFFFF), the
/// checksum of TFRecord files, and TFRecord's masked form of it.
///
/// Check value: `checksum("123456789") == 0xE3069283`. Table-driven, one table lookup per byte.
public enum CRC32C {
    private static let table: [UInt32] = (0..<256).map { index in
        var crc = UInt32(index)
        for _ in 0..<8 { crc = crc & 1 == 1 ? (crc >> 1) ^ 0x82F6_3B78 : crc >> 1 }
        return crc
    }

    /// The CRC-32C of `bytes`.
    public static func checksum(_ bytes: some Sequence<UInt8>) -> UInt32 {
        var crc: UInt32 = 0xFFFF_FFFF
        table.withUnsafeBufferPointer { table in
            for byte in bytes { crc = table[Int((crc ^ UInt32(byte)) & 0xFF)] ^ (crc >> 8) }
        }
        return crc ^ 0xFFFF_FFFF
    }

    /// TFRecord's masked CRC: the CRC-32C rotated right by 15 bits plus 0xA282EAD8 (modulo 2³²), so that a
    /// checksum stored inside checksummed data does not checksum to a fixed value.
    public static func masked(_ bytes: some Sequence<UInt8>) -> UInt32 {
        mask(checksum(bytes))
    }

    /// Applies TFRecord's mask to a CRC.
    public static func mask(_ crc: UInt32) -> UInt32 {
        ((crc >> 15) | (crc << 17)) &+ 0xA282_EAD8
    }
}
