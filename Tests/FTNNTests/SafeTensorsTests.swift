import FTNN
import FTTensor
import Testing

@Suite("safetensors model files")
struct SafeTensorsTests {
    func sample() -> SafeTensors {
        var file = SafeTensors()
        file.set("conv1.weight", Tensor(shape: [2, 3, 2], scalars: (0..<12).map { Float($0) * 0.5 - 2 }))
        file.set("conv1.bias", Tensor(shape: [2], scalars: [0.25, -1e-30]))
        file.set("empty", Tensor(zeros: [0, 4]))
        file.set("ids", int32: [1, -2, 3], shape: [3])
        file.metadata = ["format": "fintext", "note": "quote \" and newline \n"]
        return file
    }

    /// Builds a file from a raw header string and a data buffer.
    func raw(_ header: String, data: [UInt8], declaredLength: UInt64? = nil) -> [UInt8] {
        let h = Array(header.utf8)
        var length = (declaredLength ?? UInt64(h.count)).littleEndian
        return withUnsafeBytes(of: &length) { Array($0) } + h + data
    }

    @Test("round trip keeps every tensor, integer array and metadata bit for bit")
    func roundTrip() throws {
        let original = sample()
        let bytes = original.encoded()
        let decoded = try SafeTensors.decode(bytes, source: "mem")
        #expect(decoded == original)
        #expect(try decoded.tensor("conv1.weight") == original.tensor("conv1.weight"))
        #expect(try decoded.int32("ids").values == [1, -2, 3])
        #expect(decoded.metadata["note"] == "quote \" and newline \n")
        #expect(decoded.encoded() == bytes)  // deterministic
        // Header length is padded to a multiple of 8, as the reference implementation aligns data.
        let headerLength = bytes[0..<8].enumerated().reduce(0) { $0 | (Int($1.element) << (8 * $1.offset)) }
        #expect(headerLength % 8 == 0)
    }

    @Test("reading an F32 entry as I32 or a missing name is an error naming the tensor")
    func wrongAccess() throws {
        let decoded = try SafeTensors.decode(sample().encoded(), source: "m.safetensors")
        #expect { try decoded.int32("conv1.bias", source: "m.safetensors") } throws: { error in
            (error as? SafeTensorsError)?.tensor == "conv1.bias"
        }
        #expect(throws: SafeTensorsError.self) { try decoded.tensor("nope") }
    }

    static let hostile: [(String, String)] = [
        ("truncated below 8 bytes", "short"),
        ("header length larger than the file", "long-header"),
        ("header length absurdly large", "huge-header"),
        ("header is not UTF-8", "utf8"),
        ("header is not JSON", "json"),
        ("header is a JSON array", "array"),
        ("unknown dtype", "dtype"),
        ("shape and byte range disagree", "size"),
        ("overlapping offsets", "overlap"),
        ("offsets outside the buffer", "outside"),
        ("a hole in the buffer", "hole"),
        ("huge declared shape", "huge-shape"),
        ("negative dimension", "negative"),
        ("data truncated after the header", "truncated-data"),
        ("metadata value not a string", "metadata"),
        ("begin after end", "reversed"),
    ]

    @Test("damaged or hostile files are rejected with a clear error", arguments: 0..<hostile.count)
    func rejects(index: Int) {
        let (label, kind) = Self.hostile[index]
        let f32x2 = [UInt8](repeating: 0, count: 8)
        let bytes: [UInt8]
        switch kind {
        case "short": bytes = [1, 2, 3]
        case "long-header": bytes = raw("{}", data: [], declaredLength: 64)
        case "huge-header": bytes = raw("{}", data: [], declaredLength: UInt64.max)
        case "utf8":
            var b = raw("{\"a\":1}", data: [])
            b[10] = 0xFF
            bytes = b
        case "json": bytes = raw("{not json", data: [])
        case "array": bytes = raw("[1,2]   ", data: [])
        case "dtype": bytes = raw(#"{"w":{"dtype":"F33","shape":[2],"data_offsets":[0,8]}}"#, data: f32x2)
        case "size": bytes = raw(#"{"w":{"dtype":"F32","shape":[3],"data_offsets":[0,8]}}"#, data: f32x2)
        case "overlap":
            bytes = raw(
                #"{"a":{"dtype":"F32","shape":[2],"data_offsets":[0,8]},"b":{"dtype":"F32","shape":[1],"data_offsets":[4,8]}}"#,
                data: f32x2)
        case "outside": bytes = raw(#"{"w":{"dtype":"F32","shape":[2],"data_offsets":[8,16]}}"#, data: f32x2)
        case "hole": bytes = raw(#"{"w":{"dtype":"F32","shape":[1],"data_offsets":[4,8]}}"#, data: f32x2)
        case "huge-shape":
            bytes = raw(
                #"{"w":{"dtype":"F32","shape":[4294967296,4294967296,4294967296],"data_offsets":[0,8]}}"#, data: f32x2)
        case "negative": bytes = raw(#"{"w":{"dtype":"F32","shape":[-2],"data_offsets":[0,8]}}"#, data: f32x2)
        case "truncated-data":
            let full = sample().encoded()
            bytes = Array(full.prefix(full.count - 5))
        case "metadata": bytes = raw(#"{"__metadata__":{"a":1}}"#, data: [])
        case "reversed": bytes = raw(#"{"w":{"dtype":"F32","shape":[0],"data_offsets":[8,0]}}"#, data: f32x2)
        default: bytes = []
        }
        #expect(throws: SafeTensorsError.self, "\(label)") { try SafeTensors.decode(bytes, source: "bad.safetensors") }
        do {
            _ = try SafeTensors.decode(bytes, source: "bad.safetensors")
        } catch {
            #expect(error.description.hasPrefix("bad.safetensors: "), "\(label): \(error)")
        }
    }
}
