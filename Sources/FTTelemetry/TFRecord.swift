public import FTIO

/// TFRecord framing, the container of TensorBoard event files: each record is
///
///     uint64 length (little-endian) | uint32 masked CRC-32C of those 8 bytes | length bytes of data |
///     uint32 masked CRC-32C of the data
///
/// A record is 16 bytes longer than its data. Because every record carries its length and two checksums,
/// a reader of a file cut short (a crash in the middle of a write, or a file still being written) reads
/// every complete record and recognises the incomplete tail.
public enum TFRecord {
    /// The framed record holding `data`.
    public static func frame(_ data: [UInt8]) -> [UInt8] {
        var out = [UInt8]()
        out.reserveCapacity(data.count + 16)
        withUnsafeBytes(of: UInt64(data.count).littleEndian) { out.append(contentsOf: $0) }
        let lengthCRC = CRC32C.masked(out)
        withUnsafeBytes(of: lengthCRC.littleEndian) { out.append(contentsOf: $0) }
        out.append(contentsOf: data)
        withUnsafeBytes(of: CRC32C.masked(data).littleEndian) { out.append(contentsOf: $0) }
        return out
    }

    /// What `read` found in a file.
    public struct Contents: Sendable, Equatable {
        /// The data of every complete record, in order.
        public var records: [[UInt8]]
        /// Bytes after the last complete record that do not form a whole record (a cut-short write);
        /// 0 for a complete file.
        public var incompleteTailBytes: Int
    }

    /// Splits `bytes` into records, checking both checksums of each.
    ///
    /// - Parameter source: The file name used in errors.
    /// - Returns: The complete records and the length of an incomplete tail (not an error: it is what a
    ///   crash or a file still being written leaves).
    /// - Throws: `IOError` naming `source` and the byte offset of a record whose length or data checksum
    ///   is wrong (corruption, or not a TFRecord file).
    public static func read(_ bytes: [UInt8], source: String) throws(IOError) -> Contents {
        var records = [[UInt8]]()
        var offset = 0
        while bytes.count - offset >= 12 {
            let length = bytes[offset..<(offset + 8)].reversed().reduce(UInt64(0)) { $0 << 8 | UInt64($1) }
            guard CRC32C.masked(bytes[offset..<(offset + 8)]) == littleEndian32(bytes, at: offset + 8) else {
                throw IOError(
                    path: source, reason: "byte \(offset): the record length's checksum is wrong (not a TFRecord file?)"
                )
            }
            // A length running past the end is an incomplete tail, not an error.
            let available = bytes.count - offset - 16
            guard available >= 0, length <= UInt64(available) else { break }
            let dataStart = offset + 12
            let dataEnd = dataStart + Int(length)
            guard CRC32C.masked(bytes[dataStart..<dataEnd]) == littleEndian32(bytes, at: dataEnd) else {
                throw IOError(path: source, reason: "byte \(offset): the record's data checksum is wrong")
            }
            records.append(Array(bytes[dataStart..<dataEnd]))
            offset = dataEnd + 4
        }
        return Contents(records: records, incompleteTailBytes: bytes.count - offset)
    }

    /// Reads the file at `path` (see `read(_:source:)`).
    /// - Throws: `IOError` naming the file.
    public static func read(contentsOf path: String) throws(IOError) -> Contents {
        try read(FileData.readRaw(path), source: path)
    }

    private static func littleEndian32(_ bytes: [UInt8], at offset: Int) -> UInt32 {
        (0..<4).reduce(UInt32(0)) { $0 | UInt32(bytes[offset + $1]) << (8 * UInt32($1)) }
    }
}
