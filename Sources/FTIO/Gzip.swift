internal import CZlib

/// gzip (RFC 1952) compression and decompression through zlib.
///
/// Multi-member streams (concatenated gzip files, as `cat a.gz b.gz` makes) are decompressed whole.
public enum Gzip {
    /// True when `bytes` start with the gzip magic number `1f 8b`.
    public static func isCompressed(_ bytes: some Collection<UInt8>) -> Bool {
        var iterator = bytes.makeIterator()
        return iterator.next() == 0x1f && iterator.next() == 0x8b
    }

    /// Decompresses a whole gzip stream.
    ///
    /// - Parameters:
    ///   - bytes: The compressed bytes.
    ///   - source: A name for error messages, usually the file path.
    ///   - limit: The largest output accepted, in bytes; a stream that inflates beyond it is rejected
    ///     rather than exhausting memory.
    /// - Throws: `IOError` for a truncated or corrupt stream, or output over `limit`.
    /// - Complexity: O(output size).
    public static func decompress(
        _ bytes: [UInt8], source: String, limit: Int = 1 << 34
    ) throws(IOError) -> [UInt8] {
        var output: [UInt8] = []
        output.reserveCapacity(min(limit, max(bytes.count * 4, 1 << 16)))
        var offset = 0
        var members = 0
        while offset < bytes.count {
            // Trailing zero padding after the last member is tolerated, as gzip(1) does.
            if members > 0 && bytes[offset...].allSatisfy({ $0 == 0 }) { break }
            let consumed = try inflateMember(bytes, from: offset, into: &output, source: source, limit: limit)
            offset += consumed
            members += 1
        }
        if members == 0 { throw IOError(path: source, reason: "empty gzip stream") }
        return output
    }

    private static func inflateMember(
        _ bytes: [UInt8], from start: Int, into output: inout [UInt8], source: String, limit: Int
    ) throws(IOError) -> Int {
        var stream = z_stream()
        // 16 + MAX_WBITS asks zlib for gzip framing.
        var status = inflateInit2_(&stream, 16 + 15, ZLIB_VERSION, Int32(MemoryLayout<z_stream>.size))
        guard status == Z_OK else { throw IOError(path: source, reason: "zlib could not start (\(status))") }
        defer { inflateEnd(&stream) }
        let chunk = 1 << 18
        var buffer = [UInt8](repeating: 0, count: chunk)
        var consumed = 0
        let failure: IOError? = bytes.withUnsafeBufferPointer { input -> IOError? in
            guard let base = input.baseAddress else { return IOError(path: source, reason: "empty input") }
            stream.next_in = UnsafeMutablePointer(mutating: base + start)
            stream.avail_in = UInt32(clamping: input.count - start)
            repeat {
                let produced: Int = buffer.withUnsafeMutableBufferPointer { out in
                    stream.next_out = out.baseAddress
                    stream.avail_out = UInt32(chunk)
                    status = inflate(&stream, Z_NO_FLUSH)
                    return chunk - Int(stream.avail_out)
                }
                if status != Z_OK && status != Z_STREAM_END && status != Z_BUF_ERROR {
                    let message = stream.msg.map { String(cString: $0) } ?? "error \(status)"
                    return IOError(path: source, reason: "corrupt gzip data: \(message)")
                }
                if output.count + produced > limit {
                    return IOError(path: source, reason: "decompressed size exceeds the limit of \(limit) bytes")
                }
                output.append(contentsOf: buffer[0..<produced])
                if status == Z_BUF_ERROR && stream.avail_in == 0 {
                    return IOError(path: source, reason: "truncated gzip data (the stream ends early)")
                }
            } while status != Z_STREAM_END
            consumed = Int(stream.total_in)
            return nil
        }
        if let failure { throw failure }
        return consumed
    }

    /// Compresses `bytes` into one gzip member.
    ///
    /// - Parameter level: zlib level 0–9 (6 is gzip's default). The output is deterministic for a given
    ///   input and level (no timestamp is stored).
    /// - Complexity: O(input size).
    public static func compress(_ bytes: [UInt8], level: Int32 = 6) -> [UInt8] {
        var stream = z_stream()
        let status = deflateInit2_(
            &stream, level, Z_DEFLATED, 16 + 15, 8, Z_DEFAULT_STRATEGY, ZLIB_VERSION,
            Int32(MemoryLayout<z_stream>.size))
        precondition(status == Z_OK, "zlib deflateInit2 failed with \(status)")
        defer { deflateEnd(&stream) }
        let bound = Int(deflateBound(&stream, UInt(bytes.count))) + 64
        var output = [UInt8](repeating: 0, count: bound)
        var written = 0
        bytes.withUnsafeBufferPointer { input in
            output.withUnsafeMutableBufferPointer { out in
                stream.next_in = UnsafeMutablePointer(mutating: input.baseAddress)
                stream.avail_in = UInt32(input.count)
                stream.next_out = out.baseAddress
                stream.avail_out = UInt32(out.count)
                let result = deflate(&stream, Z_FINISH)
                precondition(result == Z_STREAM_END, "zlib deflate did not finish (\(result))")
                written = Int(stream.total_out)
            }
        }
        return Array(output[0..<written])
    }
}
