import FTDataset
import FTIO
import FTMarket
import FTTestSupport
import Foundation
import Testing

/// Manifests written on Windows, with numbers that are not labels or CIKs, and with `text_path`s that try
/// to read files outside their folder.
@Suite struct HostileManifestTests {
    private func line(_ id: String, label: String = "0", cik: String = "\"1613103\"", textPath: String? = nil)
        -> String
    {
        let text = textPath.map { "\"text_path\":\(JSONText.quoted($0))" } ?? "\"text\":\"risk factors\""
        return
            "{\"benchmark_return\":0.01,\"cik\":\(cik),\"company\":\"M\",\"end_date\":\"2023-07-20\",\"excess_return\":0.01,"
            + "\"filing_date\":\"2023-06-22\",\"id\":\"\(id)\",\"industry\":\"3845\",\"label\":\(label),\"raw_return\":0.02,"
            + "\"section\":\"1A\",\"start_date\":\"2023-06-22\",\(text),\"ticker\":\"MDT\"}"
    }

    private func read(_ text: String) throws -> DatasetManifest {
        let folder = try TemporaryFolder()
        defer { folder.remove() }
        return try DatasetManifest.read(from: try folder.write("m.jsonl", text))
    }

    private func failure(_ text: String) -> ManifestError? {
        do {
            _ = try read(text)
            return nil
        } catch let error as ManifestError {
            return error
        } catch {
            Issue.record("unexpected \(error)")
            return nil
        }
    }

    @Test func crlfLinesReadLikeLF() throws {
        let lf = try read(line("a") + "\n" + line("b") + "\n")
        let crlf = try read(line("a") + "\r\n\r\n" + line("b") + "\r\n")
        #expect(crlf == lf && crlf.records.map(\.id) == ["a", "b"])
        #expect(failure(line("a") + "\r\n{oops\r\n")?.line == 2)
    }

    @Test func aLabelThatIsNotAWholeNumberIsAFieldError() {
        let half = failure(line("a") + "\n" + line("b", label: "1.5") + "\n")
        #expect(half?.line == 2)
        #expect(half?.reason == "field label: expected a whole number ≥ 0. Received: 1.5")
        let huge = failure(line("a", label: "9223372036854775808") + "\n")
        #expect(
            huge?.reason.hasPrefix("field label: expected a whole number ≥ 0. Received: 9.223372036854776e+18") == true)
        #expect(failure(line("a", label: "\"high\"") + "\n")?.reason.hasPrefix("field label:") == true)
    }

    @Test func aCIKThatIsNotDigitsIsAFieldError() {
        let e = failure(line("a", cik: "\"1e308\"") + "\n")
        #expect(e?.line == 1 && e?.reason == "field cik: expected up to 10 digits. Received: \"1e308\"")
        #expect(failure(line("a", cik: "\"-5\"") + "\n")?.reason.hasPrefix("field cik:") == true)
        #expect(failure(line("a", cik: "\"00012345678\"") + "\n")?.reason.hasPrefix("field cik:") == true)
        #expect(failure(line("a", cik: "\"0001613103\"") + "\n") == nil)
        #expect(failure(line("a", cik: "\"\"") + "\n") == nil)
    }

    /// A folder `base/` with `base/data/m.jsonl`, `base/data/texts/in.txt` and `base/secret.txt`.
    private func layout() throws -> (TemporaryFolder, manifest: String) {
        let folder = try TemporaryFolder()
        try FileManager.default.createDirectory(atPath: folder.path + "/data/texts", withIntermediateDirectories: true)
        try folder.write("data/texts/in.txt", "inside")
        try folder.write("secret.txt", "outside")
        return (folder, folder.path + "/data/m.jsonl")
    }

    private func text(_ textPath: String, manifest: String, allow: Bool = false) throws -> String {
        let record = try JSONDecoder().decode(
            DatasetManifest.Record.self, from: Data(line("a", textPath: textPath).utf8))
        return try DatasetManifest.text(of: record, manifestPath: manifest, allowOutsidePaths: allow)
    }

    private func refusal(_ textPath: String, manifest: String) -> String? {
        do {
            _ = try text(textPath, manifest: manifest)
            return nil
        } catch {
            return "\(error)"
        }
    }

    @Test func textPathsInsideTheFolderAreRead() throws {
        let (folder, manifest) = try layout()
        defer { folder.remove() }
        #expect(try text("texts/in.txt", manifest: manifest) == "inside")
        #expect(try text("./texts/../texts/in.txt", manifest: manifest) == "inside")
        #expect(try text(folder.path + "/data/texts/in.txt", manifest: manifest) == "inside")
    }

    @Test func textPathsLeavingTheFolderAreRefusedUnlessAllowed() throws {
        let (folder, manifest) = try layout()
        defer { folder.remove() }
        for path in ["../secret.txt", "../../../../../../etc/hostname", "/etc/passwd", folder.path + "/secret.txt"] {
            let message = refusal(path, manifest: manifest)
            #expect(
                message?.hasPrefix("\(manifest): record \"a\": field text_path") == true,
                "\(path): \(message ?? "read")")
            #expect(message?.contains("leads outside the manifest's folder") == true)
        }
        #expect(try text("../secret.txt", manifest: manifest, allow: true) == "outside")
        // A symbolic link inside the folder that leads out is outside too.
        try FileManager.default.createSymbolicLink(
            atPath: folder.path + "/data/texts/link.txt", withDestinationPath: folder.path + "/secret.txt")
        #expect(refusal("texts/link.txt", manifest: manifest)?.contains("leads outside") == true)
    }

    @Test func aDeviceIsRefusedEvenWhenOutsidePathsAreAllowed() throws {
        let (folder, manifest) = try layout()
        defer { folder.remove() }
        #expect(throws: IOError.self) { try text("/dev/zero", manifest: manifest, allow: true) }
        try FileManager.default.createSymbolicLink(
            atPath: folder.path + "/data/zero.txt", withDestinationPath: "/dev/zero")
        #expect {
            try text("zero.txt", manifest: manifest, allow: true)
        } throws: { error in
            "\(error)".contains("is a character device (a symbolic link to /dev/zero)")
        }
    }
}
