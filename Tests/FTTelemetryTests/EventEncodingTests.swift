import FTIO
import FTTelemetry
import Foundation
import Testing

@Suite("Event encoding against TensorBoard's own protobuf classes")
struct EventEncodingTests {
    /// The same events as `golden_events()` in Fixtures/tensorboard_read.py.
    static func writeGoldenFile(in folder: String) throws -> String {
        let writer = try EventFileWriter(folder: folder, wallTime: 1_700_000_000.25, host: "golden")
        writer.write(
            TensorBoardEvent(
                wallTime: 1_700_000_001.5, step: 7,
                .summary([
                    .scalar("epoch_loss", 1.0986123), .scalar("zero", 0), .scalar("negative", -2.5),
                ])))
        writer.write(
            TensorBoardEvent(
                wallTime: 1_700_000_002, step: 3,
                .summary([
                    SummaryValue(
                        tag: "conv1/weight/histogram",
                        .histogram(
                            Histogram(
                                min: -1, max: 2, count: 4, sum: 1.5, sumOfSquares: 6.25, bucketLimits: [0, 1, 2],
                                bucketCounts: [2, 0, 2])))
                ])))
        writer.write(
            TensorBoardEvent(
                wallTime: 1_700_000_003, step: 0,
                .summary([SummaryValue(tag: "configuration", .text("épochs: 24\n    code"))])))
        writer.write(
            TensorBoardEvent(
                wallTime: 1_700_000_004, step: 123_456_789_012,
                .summary([SummaryValue(tag: "batch_loss", .scalar(.infinity))])))
        try writer.close()
        return writer.path
    }

    @Test("file name, first event and record count, without Python")
    func layout() throws {
        let folder = NSTemporaryDirectory() + "golden-\(UUID().uuidString)"
        defer { try? FileManager.default.removeItem(atPath: folder) }
        let path = try Self.writeGoldenFile(in: folder)
        #expect(path == "\(folder)/events.out.tfevents.1700000000.golden")
        let contents = try TFRecord.read(contentsOf: path)
        #expect(contents.records.count == 5)
        #expect(contents.incompleteTailBytes == 0)
        // wall_time (field 1, double) then file_version (field 3) = "brain.Event:2".
        #expect(
            contents.records[0]
                == [0x09] + withUnsafeBytes(of: (1_700_000_000.25).bitPattern.littleEndian) { Array($0) } + [0x1A, 13]
                + Array("brain.Event:2".utf8))
    }

    @Test("every record is byte-identical to TensorBoard's serialization of the same Event")
    func goldenBytes() throws {
        guard let reader = try TensorBoardReader.require() else { return }
        let folder = NSTemporaryDirectory() + "golden-\(UUID().uuidString)"
        defer { try? FileManager.default.removeItem(atPath: folder) }
        let path = try Self.writeGoldenFile(in: folder)
        let result = try reader.golden(path)
        #expect(result.status == 0, "\(result.output)")
        #expect(result.output.contains("\"records\": 5, \"expected\": 5, \"mismatches\": []"), "\(result.output)")
    }

    @Test("a second writer in the same second gets a new name; an existing file is never overwritten")
    func uniqueNames() throws {
        let folder = NSTemporaryDirectory() + "names-\(UUID().uuidString)"
        defer { try? FileManager.default.removeItem(atPath: folder) }
        let a = try EventFileWriter(folder: folder, wallTime: 5, host: "h")
        let b = try EventFileWriter(folder: folder, wallTime: 5, host: "h")
        #expect(a.path.hasSuffix("/events.out.tfevents.5.h"))
        #expect(b.path.hasSuffix("/events.out.tfevents.5.h.1"))
        #expect(throws: IOError(path: a.path, reason: "exists already; refusing to overwrite it")) {
            try AppendOnlyFile(creating: a.path)
        }
    }
}
