import FTIO
import FTTelemetry
import Foundation
import Testing

@Suite("TFRecord framing")
struct TFRecordTests {
    @Test("a record is length, its masked CRC, the data and its masked CRC")
    func layout() {
        let data = Array("abc".utf8)
        let framed = TFRecord.frame(data)
        #expect(framed.count == 3 + 16)
        #expect(Array(framed[0..<8]) == [3, 0, 0, 0, 0, 0, 0, 0])
        let lengthCRC = CRC32C.masked([3, 0, 0, 0, 0, 0, 0, 0] as [UInt8])
        #expect(Array(framed[8..<12]) == withUnsafeBytes(of: lengthCRC.littleEndian) { Array($0) })
        #expect(Array(framed[12..<15]) == data)
        #expect(Array(framed[15..<19]) == withUnsafeBytes(of: CRC32C.masked(data).littleEndian) { Array($0) })
    }

    @Test("a file cut anywhere reads back every complete record and reports the tail")
    func truncation() throws {
        let records: [[UInt8]] = [[], Array("first".utf8), [UInt8](repeating: 7, count: 300), Array("last".utf8)]
        let file = records.flatMap(TFRecord.frame)
        var ends = [0]
        for record in records { ends.append(ends.last! + record.count + 16) }
        for cut in 0...file.count {
            let contents = try TFRecord.read(Array(file[0..<cut]), source: "cut")
            let complete = ends.lastIndex { $0 <= cut }!
            #expect(contents.records == Array(records[0..<complete]), "cut at \(cut)")
            #expect(contents.incompleteTailBytes == cut - ends[complete])
        }
    }

    @Test("a damaged length or data fails with the file name and byte offset")
    func corruption() {
        let first = TFRecord.frame(Array("first".utf8))
        var file = first + TFRecord.frame(Array("second".utf8))
        file[first.count + 12] ^= 0x01
        #expect(throws: IOError(path: "events.bin", reason: "byte 21: the record's data checksum is wrong")) {
            try TFRecord.read(file, source: "events.bin")
        }
        var header = TFRecord.frame(Array("x".utf8))
        header[0] = 2
        #expect(
            throws: IOError(
                path: "events.bin", reason: "byte 0: the record length's checksum is wrong (not a TFRecord file?)")
        ) {
            try TFRecord.read(header, source: "events.bin")
        }
    }
}
