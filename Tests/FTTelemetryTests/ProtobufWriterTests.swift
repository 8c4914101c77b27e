import FTTelemetry
import Testing

@Suite("Protocol Buffers wire format")
struct ProtobufWriterTests {
    /// The examples of the protobuf encoding guide: `150` in field 1, `"testing"` in field 2.
    @Test("varints and strings as the encoding guide shows them")
    func guideExamples() {
        var w = ProtobufWriter()
        w.varint(1, 150)
        #expect(w.encoded == [0x08, 0x96, 0x01])
        var s = ProtobufWriter()
        s.string(2, "testing")
        #expect(s.encoded == [0x12, 0x07, 0x74, 0x65, 0x73, 0x74, 0x69, 0x6E, 0x67])
    }

    @Test("negative int64 takes ten bytes; large field numbers take a multi-byte key")
    func varintEdges() {
        var w = ProtobufWriter()
        w.varint(2, -1)
        #expect(w.encoded == [0x10] + [UInt8](repeating: 0xFF, count: 9) + [0x01])
        var big = ProtobufWriter()
        big.varint(16, 0)
        #expect(big.encoded == [0x80, 0x01, 0x00])
    }

    @Test("fixed-width doubles and floats are little-endian IEEE 754")
    func fixed() {
        var w = ProtobufWriter()
        w.double(1, 1.0)
        w.float(2, -2.5)
        #expect(w.encoded == [0x09, 0, 0, 0, 0, 0, 0, 0xF0, 0x3F, 0x15, 0, 0, 0x20, 0xC0])
    }

    @Test("defaults are omitted, nested and packed fields are length-delimited")
    func nested() {
        var w = ProtobufWriter()
        w.omittingDefault(1, double: 0)
        w.omittingDefault(2, varint: 0)
        w.omittingDefault(3, string: "")
        #expect(w.encoded.isEmpty)
        w.omittingDefault(1, double: -0.0)
        #expect(w.encoded == [0x09, 0, 0, 0, 0, 0, 0, 0, 0x80])
        var m = ProtobufWriter()
        m.message(5) { inner in inner.packedDoubles(6, [2.0]) }
        #expect(m.encoded == [0x2A, 0x0A, 0x32, 0x08, 0, 0, 0, 0, 0, 0, 0, 0x40])
        var empty = ProtobufWriter()
        empty.message(2) { _ in }
        empty.packedDoubles(7, [])
        #expect(empty.encoded == [0x12, 0x00])
    }
}
