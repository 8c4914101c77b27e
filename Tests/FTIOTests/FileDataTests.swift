import FTIO
import Foundation
import Testing

@Suite("FileData and AtomicFile")
struct FileDataTests {
    let folder: String = {
        let path = NSTemporaryDirectory() + "fintext-io-\(UUID().uuidString)"
        try? FileManager.default.createDirectory(atPath: path, withIntermediateDirectories: true)
        return path
    }()

    @Test("a gzip file is read transparently, a plain one as is")
    func transparentGzip() throws {
        let bytes = Array("hello, 10-K\n".utf8)
        try AtomicFile.write(bytes, to: folder + "/plain.txt")
        try AtomicFile.write(Gzip.compress(bytes), to: folder + "/packed.txt.gz")
        #expect(try FileData.read(folder + "/plain.txt") == bytes)
        #expect(try FileData.read(folder + "/packed.txt.gz") == bytes)
        #expect(try FileData.readUTF8(folder + "/packed.txt.gz") == "hello, 10-K\n")
    }

    @Test("a missing file and a folder are errors naming the path")
    func missing() {
        #expect { try FileData.read(folder + "/nope.txt") } throws: { error in
            (error as? IOError)?.path == folder + "/nope.txt"
        }
        #expect(throws: IOError.self) { try FileData.read(folder) }
    }

    @Test("atomic write replaces the old file whole and leaves no temporary file")
    func atomicReplace() throws {
        let path = folder + "/model.json"
        try AtomicFile.write("old", to: path)
        try AtomicFile.write("new contents", to: path)
        #expect(try FileData.readUTF8(path) == "new contents")
        let leftovers = try FileManager.default.contentsOfDirectory(atPath: folder).filter { $0.contains(".tmp-") }
        #expect(leftovers.isEmpty)
    }

    @Test("a failed atomic write keeps the previous file")
    func failedWriteKeepsOld() throws {
        let path = folder + "/keep.txt"
        try AtomicFile.write("precious", to: path)
        #expect(throws: IOError.self) { try AtomicFile.write("x", to: folder + "/no/such/folder/keep.txt") }
        #expect(try FileData.readUTF8(path) == "precious")
    }

    @Test("createFolder makes nested folders and tolerates existing ones")
    func folders() throws {
        try AtomicFile.createFolder(folder + "/a/b/c")
        try AtomicFile.createFolder(folder + "/a/b/c")
        #expect(FileData.exists(folder + "/a/b/c"))
    }
}
