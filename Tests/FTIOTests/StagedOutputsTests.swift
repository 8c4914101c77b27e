import FTIO
import Foundation
import Testing

private func temporaryFolder() throws -> String {
    let path = NSTemporaryDirectory() + "fintext-staged-\(UUID().uuidString)"
    try FileManager.default.createDirectory(atPath: path, withIntermediateDirectories: true)
    return path
}

private func read(_ path: String) -> String? {
    FileManager.default.contents(atPath: path).map { String(decoding: $0, as: UTF8.self) }
}

@Suite("StagedOutputs")
struct StagedOutputsTests {
    @Test("nothing changes until commit; commit replaces files and keeps other files of a folder")
    func commit() throws {
        let root = try temporaryFolder()
        defer { try? FileManager.default.removeItem(atPath: root) }
        try "old".write(toFile: root + "/a.txt", atomically: true, encoding: .utf8)
        try FileManager.default.createDirectory(atPath: root + "/model", withIntermediateDirectories: true)
        try "old config".write(toFile: root + "/model/config.json", atomically: true, encoding: .utf8)
        try "mine".write(toFile: root + "/model/notes.txt", atomically: true, encoding: .utf8)
        let outputs = try StagedOutputs(
            files: [root + "/a.txt"], folders: [.init(root + "/model", contents: ["config.json", "report/x.svg"])])
        try AtomicFile.write("new", to: outputs.staged(root + "/a.txt"))
        try AtomicFile.createFolder(outputs.staged(root + "/model/report"))
        try AtomicFile.write("new config", to: outputs.staged(root + "/model/config.json"))
        try AtomicFile.write("svg", to: outputs.staged(root + "/model/report/x.svg"))
        #expect(read(root + "/a.txt") == "old" && read(root + "/model/config.json") == "old config")
        try outputs.commit()
        #expect(read(root + "/a.txt") == "new")
        #expect(read(root + "/model/config.json") == "new config")
        #expect(read(root + "/model/report/x.svg") == "svg")
        #expect(read(root + "/model/notes.txt") == "mine")
        #expect(try FileManager.default.contentsOfDirectory(atPath: root).sorted() == ["a.txt", "model"])
    }

    @Test("a new folder with missing parents is put in place whole; discarding leaves nothing")
    func newFolderAndDiscard() throws {
        let root = try temporaryFolder()
        defer { try? FileManager.default.removeItem(atPath: root) }
        let outputs = try StagedOutputs(folders: [.init(root + "/runs/x/model", contents: [])])
        try AtomicFile.write("c", to: outputs.staged(root + "/runs/x/model") + "/config.json")
        #expect(!FileManager.default.fileExists(atPath: root + "/runs"))
        try outputs.commit()
        #expect(read(root + "/runs/x/model/config.json") == "c")
        let mode = try FileManager.default.attributesOfItem(atPath: root + "/runs/x/model")[.posixPermissions] as? Int
        #expect(mode == 0o755)
        do {
            let abandoned = try StagedOutputs(folders: [.init(root + "/other", contents: [])])
            try AtomicFile.write("c", to: abandoned.staged(root + "/other") + "/config.json")
        }
        #expect(try FileManager.default.contentsOfDirectory(atPath: root) == ["runs"])
    }

    @Test(
        "destinations of the wrong kind, missing folders and unwritable places are refused up front",
        arguments: ["folder-as-file", "file-as-folder", "missing-parent", "report-is-file", "unwritable"])
    func refused(kind: String) throws {
        let root = try temporaryFolder()
        defer { try? FileManager.default.removeItem(atPath: root) }
        try FileManager.default.createDirectory(atPath: root + "/dir", withIntermediateDirectories: true)
        try "x".write(toFile: root + "/file", atomically: true, encoding: .utf8)
        try FileManager.default.createDirectory(atPath: root + "/model", withIntermediateDirectories: true)
        try "x".write(toFile: root + "/model/report", atomically: true, encoding: .utf8)
        let (files, folders, named): ([String], [StagedOutputs.Folder], String) =
            switch kind {
            case "folder-as-file": ([root + "/dir"], [], root + "/dir")
            case "file-as-folder": ([], [.init(root + "/file", contents: [])], root + "/file")
            case "missing-parent": ([root + "/none/x.jsonl"], [], root + "/none")
            case "report-is-file": ([], [.init(root + "/model", contents: ["report/a.svg"])], root + "/model/report")
            default: ([], [.init("/proc/fintext-staged-test", contents: [])], "/proc")
            }
        #expect { _ = try StagedOutputs(files: files, folders: folders) } throws: { "\($0)".contains(named) }
        let names = try FileManager.default.contentsOfDirectory(atPath: root).sorted()
        #expect(names == ["dir", "file", "model"])
    }

    @Test("two writers committing into one folder at once each leave a complete set, never a mix")
    func concurrentCommits() async throws {
        let root = try temporaryFolder()
        defer { try? FileManager.default.removeItem(atPath: root) }
        let folder = root + "/model"
        let names = ["config.json", "weights.safetensors", "tokenizer.json", "history.json", "report/metrics.json"]
        for round in 0..<20 {
            try await withThrowingTaskGroup(of: Void.self) { group in
                for writer in ["a\(round)", "b\(round)"] {
                    group.addTask {
                        let outputs = try StagedOutputs(folders: [.init(folder, contents: names)])
                        for name in names {
                            let path = outputs.staged(folder + "/" + name)
                            try AtomicFile.createFolder(AtomicFile.parentFolder(of: path))
                            try AtomicFile.write(writer, to: path)
                        }
                        try outputs.commit()
                    }
                }
                try await group.waitForAll()
            }
            let values = Set(names.map { read(folder + "/" + $0) })
            #expect(values.count == 1, "round \(round): \(values)")
        }
        #expect(try FileManager.default.contentsOfDirectory(atPath: root) == ["model"])
    }
}
