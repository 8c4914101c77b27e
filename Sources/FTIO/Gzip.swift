internal import CZlib

/// gzip (RFC 1952) compression and decompression through zlib.
///
/// Multi-member streams (concatenated gzip files, as `cat a.gz b.gz` makes) are decompressed whole, and
/// zero padding after the last member is tolerated, as gzip(1) does. Decompression is bounded by
/// `InputLimits`: a total size and, past a threshold, a ratio of output to compressed input, so a gzip
/// bomb is refused after a few tens of megabytes instead of exhausting memory.
public enum Gzip {
    /// True when `bytes` start with the gzip magic number `1f 8b`.
    public static func isCompressed(_ bytes: some Collection<UInt8>) -> Bool {
        var iterator = bytes.makeIterator()
        return iterator.next() == 0x1f && iterator.next() == 0x8b
    }

    /// Decompresses a whole gzip stream held in memory.
    ///
    /// - Parameters:
    ///   - bytes: The compressed bytes.
    ///   - source: A name for error messages, usually the file path.
    ///   - limits: The decompressed size and ratio accepted (`InputLimits.defaults` unless given).
    /// - Throws: `IOError` for a truncated or corrupt stream, or output over the limits.
    /// - Complexity: O(output size).
    public static func decompress(
        _ bytes: [UInt8], source: String, limits: InputLimits = .defaults
    ) throws(IOError) -> [UInt8] {
        var offset = 0
        var outcome: Result<[UInt8], IOError> = .success([])
        bytes.withUnsafeBytes { input in
            outcome = Result { () throws(IOError) -> [UInt8] in
                try inflate(
                    source: source, limits: limits, compressedSize: bytes.count, sizeHint: storedSize(of: bytes)
                ) { buffer in
                    let n = min(buffer.count, input.count - offset)
                    if n > 0, let from = input.baseAddress, let to = buffer.baseAddress {
                        to.copyMemory(from: from + offset, byteCount: n)
                    }
                    offset += n
                    return n
                }
            }
        }
        return try outcome.get()
    }

    /// The uncompressed size a single-member stream states in its last four bytes (modulo 2³²), used only
    /// to size the output buffer.
    static func storedSize(of bytes: [UInt8]) -> Int? {
        guard bytes.count >= 18 else { return nil }
        return storedSize(trailer: Array(bytes.suffix(4)))
    }

    /// The little-endian ISIZE field of a gzip trailer.
    static func storedSize(trailer: [UInt8]) -> Int? {
        guard trailer.count == 4 else { return nil }
        return trailer.reversed().reduce(0) { $0 << 8 | Int($1) }
    }

    /// Inflates the gzip stream that `input` delivers chunk by chunk (`input` fills the buffer it is given
    /// and returns the count, 0 at the end), holding only the output and one chunk of input in memory.
    ///
    /// - Parameters:
    ///   - compressedSize: The input's total size when known, used with `sizeHint` to size the output.
    ///   - sizeHint: The expected output size (from the gzip trailer), or nil.
    /// - Throws: `IOError` naming `source`: an empty, corrupt or truncated stream, data after the last
    ///   member, or output beyond `limits`.
    static func inflate(
        source: String, limits: InputLimits, compressedSize: Int?, sizeHint: Int?,
        input: (UnsafeMutableRawBufferPointer) throws(IOError) -> Int
    ) throws(IOError) -> [UInt8] {
        let chunk = 1 << 18
        let inBuffer = UnsafeMutableRawBufferPointer.allocate(byteCount: chunk, alignment: 16)
        let outBuffer = UnsafeMutableRawBufferPointer.allocate(byteCount: chunk, alignment: 16)
        defer {
            inBuffer.deallocate()
            outBuffer.deallocate()
        }
        var stream = z_stream()
        // 16 + MAX_WBITS asks zlib for gzip framing.
        let started = inflateInit2_(&stream, 16 + 15, ZLIB_VERSION, Int32(MemoryLayout<z_stream>.size))
        guard started == Z_OK else { throw IOError(path: source, reason: "zlib could not start (\(started))") }
        defer { inflateEnd(&stream) }

        var output: [UInt8] = []
        let compressed = compressedSize ?? chunk
        let ratioBound = compressed.multipliedReportingOverflow(by: limits.maximumCompressionRatio)
        let plausible = ratioBound.overflow ? Int.max : max(limits.ratioCheckThreshold, ratioBound.partialValue)
        output.reserveCapacity(min(sizeHint ?? compressed * 4, limits.maximumDecompressedBytes, plausible))

        var members = 0
        var inMember = false
        var padding = false
        var consumedBefore = 0  // compressed bytes of the members already finished
        var inputOffset = 0  // compressed bytes read from `input` so far
        while true {
            if stream.avail_in == 0 {
                let n = try input(inBuffer)
                if n == 0 {
                    if members == 0 && !inMember { throw IOError(path: source, reason: "empty gzip stream") }
                    if inMember {
                        throw IOError(path: source, reason: "truncated gzip data (the stream ends early)")
                    }
                    break
                }
                stream.next_in = inBuffer.baseAddress?.assumingMemoryBound(to: UInt8.self)
                stream.avail_in = UInt32(n)
                inputOffset += n
            }
            if !inMember {
                if members > 0, let next = stream.next_in, padding || next[0] == 0 {
                    let pending = UnsafeBufferPointer(start: next, count: Int(stream.avail_in))
                    if let bad = pending.firstIndex(where: { $0 != 0 }) {
                        let offset = inputOffset - pending.count + bad
                        throw IOError(
                            path: source, reason: "unexpected data after the end of the gzip stream at byte \(offset)")
                    }
                    padding = true
                    stream.avail_in = 0
                    continue
                }
                if members > 0 { inflateReset(&stream) }
                inMember = true
            }
            stream.next_out = outBuffer.baseAddress?.assumingMemoryBound(to: UInt8.self)
            stream.avail_out = UInt32(chunk)
            let status = CZlib.inflate(&stream, Z_NO_FLUSH)
            if status != Z_OK && status != Z_STREAM_END && status != Z_BUF_ERROR {
                let message = stream.msg.map { String(cString: $0) } ?? "error \(status)"
                throw IOError(path: source, reason: "corrupt gzip data: \(message)")
            }
            let produced = chunk - Int(stream.avail_out)
            let total = output.count + produced
            if total > limits.maximumDecompressedBytes {
                throw IOError(
                    path: source,
                    reason:
                        "decompresses to more than \(limits.maximumDecompressedBytes) bytes, the limit for one file (raise it with \(InputLimits.Variable.decompressedBytes.rawValue))"
                )
            }
            let consumed = consumedBefore + Int(stream.total_in)
            if total > limits.ratioCheckThreshold && total / max(1, consumed) > limits.maximumCompressionRatio {
                throw IOError(
                    path: source,
                    reason:
                        "decompresses to more than \(limits.maximumCompressionRatio) times its compressed size; refused as a likely gzip bomb (raise \(InputLimits.Variable.compressionRatio.rawValue) if the file is genuine)"
                )
            }
            if produced > 0 {
                output.append(
                    contentsOf: UnsafeRawBufferPointer(rebasing: outBuffer[0..<produced]).bindMemory(to: UInt8.self))
            }
            if status == Z_STREAM_END {
                members += 1
                inMember = false
                consumedBefore += Int(stream.total_in)
            }
        }
        return output
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
