/// Protocol Buffers wire-format encoding of the few field kinds TensorBoard's messages use.
///
/// Fields must be written in ascending field-number order to give the bytes Google's encoders give
/// (decoders accept any order). proto3 omits scalar fields holding their default value; callers skip
/// them (`omitting` helpers), except inside a `oneof`, where a set default is written. Encoding is
/// appended to `encoded`; nothing is validated beyond what the types guarantee.
public struct ProtobufWriter: Sendable {
    /// The encoded message so far.
    public private(set) var encoded: [UInt8] = []

    /// An empty message.
    public init() {}

    /// Wire types (the low three bits of a field key).
    private enum WireType: UInt64 {
        case varint = 0
        case fixed64 = 1
        case lengthDelimited = 2
        case fixed32 = 5
    }

    private mutating func key(_ field: Int, _ type: WireType) {
        precondition(field >= 1 && field < 1 << 29, "Protobuf field numbers expected 1..<2^29. Received: \(field)")
        appendVarint(UInt64(field) << 3 | type.rawValue)
    }

    /// Appends `value` as a base-128 varint (low groups first, high bit = more follows).
    public mutating func appendVarint(_ value: UInt64) {
        var v = value
        while v >= 0x80 {
            encoded.append(UInt8(truncatingIfNeeded: v) | 0x80)
            v >>= 7
        }
        encoded.append(UInt8(v))
    }

    /// An `int64`/`uint64`/`enum`/`bool` field (negative numbers take ten bytes, as in proto).
    public mutating func varint(_ field: Int, _ value: Int64) {
        key(field, .varint)
        appendVarint(UInt64(bitPattern: value))
    }

    /// A `double` field (8 bytes, little-endian IEEE 754).
    public mutating func double(_ field: Int, _ value: Double) {
        key(field, .fixed64)
        appendLittleEndian(value.bitPattern)
    }

    /// A `float` field (4 bytes, little-endian IEEE 754).
    public mutating func float(_ field: Int, _ value: Float) {
        key(field, .fixed32)
        appendLittleEndian(value.bitPattern)
    }

    /// A `bytes` field.
    public mutating func bytes(_ field: Int, _ value: [UInt8]) {
        key(field, .lengthDelimited)
        appendVarint(UInt64(value.count))
        encoded.append(contentsOf: value)
    }

    /// A `string` field (UTF-8).
    public mutating func string(_ field: Int, _ value: String) {
        bytes(field, Array(value.utf8))
    }

    /// An embedded message field built by `body` (written even when empty, as a set message is).
    public mutating func message(_ field: Int, _ body: (inout ProtobufWriter) -> Void) {
        var inner = ProtobufWriter()
        body(&inner)
        bytes(field, inner.encoded)
    }

    /// A `repeated double` field in packed form (one length-delimited run); nothing when empty.
    public mutating func packedDoubles(_ field: Int, _ values: [Double]) {
        guard !values.isEmpty else { return }
        key(field, .lengthDelimited)
        appendVarint(UInt64(values.count * 8))
        for value in values { appendLittleEndian(value.bitPattern) }
    }

    /// A proto3 `double` field: omitted when zero (+0.0; −0.0 is written, as Google's encoders do).
    public mutating func omittingDefault(_ field: Int, double value: Double) {
        if value.bitPattern != 0 { double(field, value) }
    }

    /// A proto3 integer field: omitted when zero.
    public mutating func omittingDefault(_ field: Int, varint value: Int64) {
        if value != 0 { varint(field, value) }
    }

    /// A proto3 `string` field: omitted when empty.
    public mutating func omittingDefault(_ field: Int, string value: String) {
        if !value.isEmpty { string(field, value) }
    }

    private mutating func appendLittleEndian<T: FixedWidthInteger>(_ value: T) {
        withUnsafeBytes(of: value.littleEndian) { encoded.append(contentsOf: $0) }
    }
}
