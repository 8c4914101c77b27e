public import FTIO
public import FTTensor
import Foundation

/// The safetensors file format (Hugging Face): an 8-byte little-endian header length `N`, `N` bytes of
/// UTF-8 JSON header, then one contiguous byte buffer.
///
/// The header maps each tensor name to `{"dtype", "shape", "data_offsets": [begin, end]}` (offsets into the
/// buffer) and may hold `"__metadata__"`: a string-to-string map. FinText writes tensors in name order,
/// little-endian, with the header padded by spaces to a multiple of 8 bytes, so the same tensors give the
/// same bytes. Reading validates everything before touching data: header size limits, UTF-8, JSON shape,
/// known dtypes, shapes whose element count matches the byte range (with overflow checks), offsets inside
/// the buffer, no overlaps and no holes. A damaged or hostile file is rejected with a `SafeTensorsError`,
/// never a crash or a huge allocation.
public struct SafeTensors: Sendable, Equatable {
    /// Element types of the format that FinText reads.
    public enum DType: String, Sendable, CaseIterable {
        /// IEEE 754 binary32.
        case float32 = "F32"
        /// IEEE 754 binary64.
        case float64 = "F64"
        /// Two's complement 32-bit integer.
        case int32 = "I32"
        /// Two's complement 64-bit integer.
        case int64 = "I64"
        /// Unsigned byte.
        case uint8 = "U8"

        /// Bytes per element.
        public var size: Int {
            switch self {
            case .float32, .int32: 4
            case .float64, .int64: 8
            case .uint8: 1
            }
        }
    }

    /// One stored array: its element type, shape and raw little-endian bytes.
    public struct Entry: Sendable, Equatable {
        /// Element type.
        public var dtype: DType
        /// Dimensions, outermost first.
        public var shape: [Int]
        /// Raw little-endian bytes (`shape` product × `dtype.size` of them).
        public var bytes: [UInt8]
    }

    /// The largest header accepted, in bytes (the reference implementation uses 100 MB).
    public static let maximumHeaderSize = 100_000_000

    /// Stored arrays by name.
    public private(set) var entries: [String: Entry] = [:]
    /// The free-form `__metadata__` map.
    public var metadata: [String: String] = [:]

    /// An empty collection.
    public init() {}

    /// Stores `tensor` as F32 under `name`, replacing any previous entry.
    public mutating func set(_ name: String, _ tensor: Tensor) {
        var bytes = [UInt8](repeating: 0, count: tensor.scalarCount * 4)
        bytes.withUnsafeMutableBytes { raw in
            for (i, x) in tensor.scalars.enumerated() {
                raw.storeBytes(of: x.bitPattern.littleEndian, toByteOffset: i * 4, as: UInt32.self)
            }
        }
        entries[name] = Entry(dtype: .float32, shape: tensor.shape.dimensions, bytes: bytes)
    }

    /// Stores 32-bit integers as I32 under `name` with the given shape.
    /// - Precondition: the shape's product equals `values.count`.
    public mutating func set(_ name: String, int32 values: [Int32], shape: [Int]) {
        precondition(
            shape.reduce(1, *) == values.count, "SafeTensors.set: shape \(shape) does not hold \(values.count) values")
        var bytes = [UInt8](repeating: 0, count: values.count * 4)
        bytes.withUnsafeMutableBytes { raw in
            for (i, x) in values.enumerated() {
                raw.storeBytes(of: x.littleEndian, toByteOffset: i * 4, as: Int32.self)
            }
        }
        entries[name] = Entry(dtype: .int32, shape: shape, bytes: bytes)
    }

    /// The F32 tensor stored under `name`.
    /// - Throws: `SafeTensorsError` when it is missing or not F32.
    public func tensor(_ name: String, source: String = "safetensors") throws(SafeTensorsError) -> Tensor {
        guard let entry = entries[name] else { throw SafeTensorsError(source: source, tensor: name, reason: "missing") }
        guard entry.dtype == .float32 else {
            throw SafeTensorsError(
                source: source, tensor: name, reason: "expected dtype F32, found \(entry.dtype.rawValue)")
        }
        let count = entry.bytes.count / 4
        let scalars = entry.bytes.withUnsafeBytes { raw in
            (0..<count).map {
                Float(bitPattern: UInt32(littleEndian: raw.loadUnaligned(fromByteOffset: $0 * 4, as: UInt32.self)))
            }
        }
        return Tensor(shape: Shape(entry.shape), scalars: scalars)
    }

    /// The I32 values stored under `name`, with their shape.
    /// - Throws: `SafeTensorsError` when missing or not I32.
    public func int32(_ name: String, source: String = "safetensors") throws(SafeTensorsError) -> (
        values: [Int32], shape: [Int]
    ) {
        guard let entry = entries[name] else { throw SafeTensorsError(source: source, tensor: name, reason: "missing") }
        guard entry.dtype == .int32 else {
            throw SafeTensorsError(
                source: source, tensor: name, reason: "expected dtype I32, found \(entry.dtype.rawValue)")
        }
        let count = entry.bytes.count / 4
        let values = entry.bytes.withUnsafeBytes { raw in
            (0..<count).map { Int32(littleEndian: raw.loadUnaligned(fromByteOffset: $0 * 4, as: Int32.self)) }
        }
        return (values, entry.shape)
    }

    // MARK: Encoding

    /// The file's bytes. Deterministic: tensors in name order, JSON keys sorted, header padded to 8 bytes.
    /// - Complexity: O(total bytes).
    public func encoded() -> [UInt8] {
        let names = entries.keys.sorted()
        var members: [(String, JSONValue)] = []
        if !metadata.isEmpty {
            members.append(("__metadata__", .object(metadata.keys.sorted().map { ($0, .string(metadata[$0] ?? "")) })))
        }
        var offset = 0
        for name in names {
            guard let entry = entries[name] else { continue }
            let end = offset + entry.bytes.count
            members.append(
                (
                    name,
                    .object([
                        ("dtype", .string(entry.dtype.rawValue)), ("shape", .array(entry.shape.map { .int($0) })),
                        ("data_offsets", .array([.int(offset), .int(end)])),
                    ])
                ))
            offset = end
        }
        let header = JSONValue.object(members).text(.compact)
        var headerBytes = Array(header.utf8)
        while headerBytes.count % 8 != 0 { headerBytes.append(0x20) }
        var out = [UInt8]()
        out.reserveCapacity(8 + headerBytes.count + offset)
        var length = UInt64(headerBytes.count).littleEndian
        withUnsafeBytes(of: &length) { out.append(contentsOf: $0) }
        out.append(contentsOf: headerBytes)
        for name in names { out.append(contentsOf: entries[name]?.bytes ?? []) }
        return out
    }

    /// Writes the file atomically (temporary file, fsync, rename).
    /// - Throws: `IOError` naming the file.
    public func write(to path: String) throws(IOError) {
        try AtomicFile.write(encoded(), to: path)
    }

    // MARK: Decoding

    /// Reads and validates a safetensors file.
    /// - Throws: `IOError` when unreadable, `SafeTensorsError` when invalid.
    public static func read(_ path: String) throws -> SafeTensors {
        let bytes = try FileData.readRaw(path)
        return try decode(bytes, source: path)
    }

    /// Parses and validates safetensors bytes.
    /// - Parameter source: the name used in error messages.
    /// - Throws: `SafeTensorsError` describing the first problem found.
    public static func decode(_ bytes: [UInt8], source: String) throws(SafeTensorsError) -> SafeTensors {
        func fail(_ reason: String, _ tensor: String? = nil) -> SafeTensorsError {
            SafeTensorsError(source: source, tensor: tensor, reason: reason)
        }
        guard bytes.count >= 8 else {
            throw fail("file is \(bytes.count) bytes; a safetensors file has at least an 8-byte header length")
        }
        var declared: UInt64 = 0
        for i in 0..<8 { declared |= UInt64(bytes[i]) << (8 * UInt64(i)) }
        guard declared <= UInt64(maximumHeaderSize) else {
            throw fail("declared header length \(declared) exceeds the limit of \(maximumHeaderSize) bytes")
        }
        let headerLength = Int(declared)
        guard headerLength <= bytes.count - 8 else {
            throw fail("declared header length \(headerLength) is larger than the \(bytes.count - 8) bytes after it")
        }
        guard headerLength >= 2 else { throw fail("header of \(headerLength) bytes cannot hold a JSON object") }
        let headerBytes = Array(bytes[8..<(8 + headerLength)])
        if let bad = UTF8Validation.firstInvalidOffset(headerBytes[...]) {
            throw fail("header is not valid UTF-8 (byte \(bad) of the header)")
        }
        guard headerBytes.first == UInt8(ascii: "{") else { throw fail("header does not start with '{'") }
        let json: Any
        do {
            json = try JSONSerialization.jsonObject(with: Data(headerBytes), options: [])
        } catch {
            throw fail("header is not valid JSON")
        }
        guard let object = json as? [String: Any] else { throw fail("header is not a JSON object") }
        let dataStart = 8 + headerLength
        let bufferSize = bytes.count - dataStart
        var result = SafeTensors()
        var ranges: [(begin: Int, end: Int, name: String)] = []
        for (name, value) in object {
            if name == "__metadata__" {
                guard let map = value as? [String: Any] else { throw fail("__metadata__ is not an object") }
                for (key, item) in map {
                    guard let text = item as? String else {
                        throw fail("__metadata__ value for '\(key)' is not a string")
                    }
                    result.metadata[key] = text
                }
                continue
            }
            guard let info = value as? [String: Any] else { throw fail("entry is not an object", name) }
            guard let dtypeName = info["dtype"] as? String else { throw fail("missing dtype", name) }
            guard let dtype = DType(rawValue: dtypeName) else {
                throw fail(
                    "unsupported dtype '\(dtypeName)' (FinText reads \(DType.allCases.map(\.rawValue).joined(separator: ", ")))",
                    name)
            }
            guard let shapeValues = info["shape"] as? [Any] else { throw fail("missing shape", name) }
            var shape: [Int] = []
            var elements = 1
            for dimensionValue in shapeValues {
                guard let number = dimensionValue as? NSNumber, let dimension = Int(exactly: number.doubleValue),
                    dimension >= 0
                else { throw fail("shape \(shapeValues) has a dimension that is not a non-negative integer", name) }
                let (product, overflow) = elements.multipliedReportingOverflow(by: dimension)
                guard !overflow, product <= bufferSize else {
                    throw fail("shape \(shape + [dimension]) declares more elements than the file holds", name)
                }
                elements = product
                shape.append(dimension)
            }
            guard let offsets = info["data_offsets"] as? [Any], offsets.count == 2,
                let beginNumber = offsets[0] as? NSNumber, let endNumber = offsets[1] as? NSNumber,
                let begin = Int(exactly: beginNumber.doubleValue), let end = Int(exactly: endNumber.doubleValue)
            else { throw fail("data_offsets must be two integers", name) }
            guard begin >= 0, begin <= end, end <= bufferSize else {
                throw fail("data_offsets [\(begin), \(end)] lie outside the \(bufferSize)-byte data buffer", name)
            }
            guard end - begin == elements * dtype.size else {
                throw fail(
                    "shape \(shape) of \(dtype.rawValue) needs \(elements * dtype.size) bytes but data_offsets give \(end - begin)",
                    name)
            }
            ranges.append((begin, end, name))
            result.entries[name] = Entry(
                dtype: dtype, shape: shape, bytes: Array(bytes[(dataStart + begin)..<(dataStart + end)]))
        }
        ranges.sort { ($0.begin, $0.end) < ($1.begin, $1.end) }
        var covered = 0
        for range in ranges {
            if range.begin < covered { throw fail("data overlaps the previous tensor's bytes", range.name) }
            if range.begin > covered {
                throw fail("data buffer has a hole of \(range.begin - covered) bytes before it", range.name)
            }
            covered = range.end
        }
        guard covered == bufferSize else {
            throw fail("data buffer has \(bufferSize - covered) bytes after the last tensor that no tensor indexes")
        }
        return result
    }
}
