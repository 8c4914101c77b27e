import Foundation
import Testing

@testable import FTIO

/// Inputs that are not what a reader expects: devices, FIFOs, links to them, files over the limits, gzip
/// bombs. Each must end in an `IOError` naming the file, quickly, with little memory.
@Suite("Hostile files")
struct HostileFileTests {
    let folder: String = {
        let path = NSTemporaryDirectory() + "fintext-hostile-\(UUID().uuidString)"
        try? FileManager.default.createDirectory(atPath: path, withIntermediateDirectories: true)
        return path
    }()

    private func reason(_ body: () throws -> Void) -> String? {
        do {
            try body()
            return nil
        } catch let error as IOError {
            return error.description
        } catch {
            return "unexpected \(error)"
        }
    }

    @Test("a FIFO is refused at once instead of hanging the open")
    func fifo() throws {
        let path = folder + "/pipe"
        #expect(mkfifo(path, 0o644) == 0)
        let message = reason { _ = try FileData.read(path) }
        #expect(message?.contains("\(path): is a FIFO (named pipe), not a regular file") == true, "\(message ?? "")")
        #expect(reason { _ = try RegularFile(opening: path) }?.contains("FIFO") == true)
    }

    @Test("/dev/zero is refused, also through a symbolic link, which the message names")
    func device() throws {
        #expect(reason { _ = try FileData.read("/dev/zero") }?.contains("is a character device") == true)
        let link = folder + "/zeros.txt"
        try FileManager.default.createSymbolicLink(atPath: link, withDestinationPath: "/dev/zero")
        let message = reason { _ = try FileData.readUTF8(link) }
        #expect(message?.contains("\(link): is a character device (a symbolic link to /dev/zero)") == true)
    }

    @Test("a folder is refused")
    func directory() {
        #expect(reason { _ = try FileData.read(folder) }?.contains("is a directory") == true)
    }

    @Test("a file over the size limit is refused before it is read")
    func sizeLimit() throws {
        let path = folder + "/big.txt"
        try AtomicFile.write([UInt8](repeating: 0x61, count: 4096), to: path)
        let limits = InputLimits(maximumFileBytes: 1000)
        let message = reason { _ = try FileData.read(path, limits: limits) }
        #expect(message?.contains("is 4096 bytes, more than the limit of 1000 bytes") == true, "\(message ?? "")")
        #expect(message?.contains("FINTEXT_MAX_FILE_BYTES") == true)
        #expect(try FileData.read(path, limits: InputLimits(maximumFileBytes: 4096)).count == 4096)
    }

    @Test("a gzip bomb is refused with the default limits after a few tens of megabytes")
    func bomb() throws {
        // 64 MiB of zeros compress to 64 KB: a small file that the ratio check must stop at 32 MiB.
        let path = folder + "/bomb.txt.gz"
        try AtomicFile.write(Gzip.compress([UInt8](repeating: 0, count: 64 << 20), level: 9), to: path)
        let message = reason { _ = try FileData.read(path, limits: .defaults) }
        #expect(message?.contains("\(path): decompresses to more than 100 times") == true, "\(message ?? "")")
        #expect(message?.contains("FINTEXT_MAX_GZIP_RATIO") == true)
    }

    @Test("a gzip file is streamed from disk and matches the in-memory decompression")
    func streamedGzip() throws {
        let text = Array((0..<200_000).map { "line \($0) of a filing\n" }.joined().utf8)
        let path = folder + "/text.gz"
        try AtomicFile.write(Gzip.compress(text) + Gzip.compress(text), to: path)
        #expect(try FileData.read(path) == text + text)
    }

    @Test("limits from the environment: sizes with binary suffixes, clear errors otherwise")
    func environmentValues() {
        #expect(InputLimits.parseSize("16G", suffixes: true) == 16 << 30)
        #expect(InputLimits.parseSize("4096", suffixes: true) == 4096)
        #expect(InputLimits.parseSize("2k", suffixes: true) == 2048)
        #expect(InputLimits.parseSize("0", suffixes: true) == nil)
        #expect(InputLimits.parseSize("-5", suffixes: true) == nil)
        #expect(InputLimits.parseSize("lots", suffixes: true) == nil)
        #expect(InputLimits.parseSize("99999999999T", suffixes: true) == nil)
        #expect(InputLimits.parseSize("8G", suffixes: false) == nil)
    }
}

@Suite("Quoting input in errors")
struct InputExcerptTests {
    @Test("short text is quoted and escaped")
    func short() {
        #expect(InputExcerpt.quoted("Adj Close") == "\"Adj Close\"")
        #expect(InputExcerpt.quoted("a\"b\\c\nd\te\u{0}") == #""a\"b\\c\nd\te\u0000""#)
    }

    @Test("long text is cut, with its length")
    func long() {
        let header = String(repeating: "a,", count: 1_000_000)
        let quoted = InputExcerpt.quoted(header)
        #expect(quoted.count < 120)
        #expect(quoted.hasSuffix("\"… (2000000 bytes in all)"))
    }

    @Test("bytes that are not UTF-8 are shown as hex escapes, never raw")
    func binary() {
        let quoted = InputExcerpt.quoted(bytes: [0x41, 0xFF, 0x00, 0xC3, 0xA9, 0x1B])
        #expect(quoted == #""A\xFF\u0000é\u001b""#)
        #expect(InputExcerpt.quoted(bytes: [UInt8](repeating: 0xFE, count: 1000)).hasSuffix("(1000 bytes in all)"))
    }
}

@Suite("Text lines")
struct TextLinesTests {
    private func lines(_ text: String) -> [String] {
        var result: [String] = []
        TextLines.forEach(in: text) { number, line in
            #expect(number == result.count + 1)
            result.append(String(line))
        }
        return result
    }

    @Test("LF and CRLF line ends split the same; a last line without an end is kept")
    func lineEnds() {
        #expect(lines("a\nb\n") == ["a", "b"])
        #expect(lines("a\r\nb\r\n") == ["a", "b"])
        #expect(lines("{\"x\":1}\r\n\r\n{\"y\":2}") == ["{\"x\":1}", "", "{\"y\":2}"])
        #expect(lines("") == [])
        #expect(lines("é\r\nü") == ["é", "ü"])
    }
}
