import FTNN
import FTTensor
import FTTestSupport
import Foundation
import Testing

/// Runs docs/examples/load_weights.py on a file FinText wrote, when Python has safetensors and numpy.
@Suite("safetensors files load in Python")
struct SafeTensorsPythonTests {
    static func python() -> String? {
        let candidates = [ProcessInfo.processInfo.environment["FINTEXT_PYTHON"], "/usr/bin/python3", "/usr/local/bin/python3"]
            + ((ProcessInfo.processInfo.environment["PATH"] ?? "").split(separator: ":").map { "\($0)/python3" } as [String?])
        for case let path? in candidates where FileManager.default.isExecutableFile(atPath: path) {
            if run(path, ["-c", "import safetensors, numpy"]).status == 0 { return path }
        }
        return nil
    }

    static func run(_ executable: String, _ arguments: [String]) -> (status: Int32, output: String) {
        let process = Process()
        process.executableURL = URL(fileURLWithPath: executable)
        process.arguments = arguments
        let pipe = Pipe()
        process.standardOutput = pipe
        process.standardError = pipe
        do { try process.run() } catch { return (-1, "\(error)") }
        let data = pipe.fileHandleForReading.readDataToEndOfFile()
        process.waitUntilExit()
        return (process.terminationStatus, String(decoding: data, as: UTF8.self))
    }

    @Test("the example script lists every tensor with its shape")
    func loadInPython() throws {
        guard let python = Self.python() else {
            print("SKIPPED: no python3 with the safetensors and numpy packages (pip install safetensors numpy)")
            return
        }
        var file = SafeTensors()
        file.set("conv1.weight", Tensor(zeros: [5, 16, 8]))
        file.set("dense2.bias", Tensor(repeating: 0.5, shape: [3]))
        file.metadata["fintext.checkpoint"] = "{}"
        let path = NSTemporaryDirectory() + "weights-\(UUID().uuidString).safetensors"
        try file.write(to: path)
        let script = Fixtures.repositoryRoot.appendingPathComponent("docs/examples/load_weights.py").path
        let result = Self.run(python, [script, path])
        #expect(result.status == 0, "\(result.output)")
        #expect(result.output.contains("conv1.weight\tfloat32\t[5, 16, 8]"))
        #expect(result.output.contains("dense2.bias\tfloat32\t[3]"))
        #expect(result.output.contains("fintext.checkpoint"))
    }
}
