import FTTestSupport
import Testing

/// `Benchmarks/compare/compare.py` (the Keras / PyTorch comparison) checks `--padding` before it imports any
/// framework, so these run with a plain `python3`.
@Suite("compare.py rejects a bad --padding with a message naming it")
struct CompareScriptArgumentTests {
    static let script = Fixtures.repositoryRoot.appendingPathComponent("Benchmarks/compare/compare.py").path

    @Test(
        "a padding that is not none, realistic or a fraction in [0, 1) stops the script before it runs anything",
        arguments: [
            ("1.5", "expected a padding fraction in [0, 1). Received: 1.5"),
            ("-0.1", "expected a padding fraction in [0, 1). Received: -0.1"),
            ("nan", "expected a padding fraction in [0, 1). Received: nan"),
            ("sideways", "expected none, realistic or a fraction in [0, 1). Received: sideways"),
        ])
    func rejected(value: String, message: String) throws {
        guard let python = try ExternalTools.require(ExternalTools.python(importing: []), "python3") else { return }
        let result = try ExternalTools.run(python, [Self.script, "--frameworks", "fintext", "--padding", value])
        #expect(result.status == 2, "\(result.output)")
        #expect(result.output.contains("--padding: \(message)"), "\(result.output)")
    }
}
