import FTTestSupport
import Foundation
import Testing

private let executable = trainClassifier

/// `extract --format json` says per item how it was found, and which pages or exhibit it came from.
@Suite(
    "extract: provenance of each item",
    .enabled(if: ExecutableRunner.shouldRun(executable), "train-classifier is not built (run `swift build` first)"))
struct ExtractProvenanceTests {
    @Test("heading, cross-reference and exhibit-13 items in JSON")
    func provenance() throws {
        let binary = try #require(executable)
        guard let shared = try ExternalTools.require(Fixtures.sharedData, "../shared/data") else { return }
        let files = [
            "filings-xref/40545_0000040545-24-000027.htm.gz", "filings-misc/21344_0000021344-98-000004.txt.gz",
        ]
        let result = try ExecutableRunner.run(
            binary, ["extract", "--format", "json"] + files.map { shared.appendingPathComponent($0).path })
        #expect(result.status == 0, "\(result.output)")
        let objects = result.output.split(separator: "\n").compactMap {
            try? JSONSerialization.jsonObject(with: Data($0.utf8)) as? [String: Any]
        }
        try #require(objects.count == 2)
        let ge = try #require(objects[0]["items"] as? [String: [String: Any]])
        #expect(ge["1A"]?["method"] as? String == "cross-reference")
        #expect(ge["1A"]?["pages"] as? [[Int]] == [[27, 36]])
        #expect(ge["1"]?["pages"] as? [[Int]] == [[4, 13], [78, 80]])
        #expect((ge["1"]?["parts"] as? [[Int]])?.count == 13, "pages 4-13 and 78-80, one part per page")
        #expect(objects[0]["warnings"] as? [String] == [])
        let ko = try #require(objects[1]["items"] as? [String: [String: Any]])
        #expect(ko["1"]?["method"] as? String == "heading")
        #expect(ko["1"]?["pages"] == nil)
        #expect(ko["7"]?["method"] as? String == "exhibit-13")
        #expect(ko["7"]?["exhibit"] as? String == "EX-13.1")
        #expect(ko["7"]?["pages"] as? [[Int]] == [[33, 41]])
        #expect((ko["7"]?["text"] as? String)?.hasSuffix("areas is presented on page 60.") == true)
    }

    @Test("an Item 7A pointing to a caption in Item 7 gives that subsection in JSON")
    func inDocumentReference() throws {
        let binary = try #require(executable)
        guard let shared = try ExternalTools.require(Fixtures.sharedData, "../shared/data") else { return }
        let result = try ExecutableRunner.run(
            binary,
            [
                "extract", "--format", "json",
                shared.appendingPathComponent("filings-2023/833444_0000833444-23-000048.htm.gz").path,
            ])
        #expect(result.status == 0, "\(result.output)")
        let object = try #require(
            try JSONSerialization.jsonObject(with: Data(result.output.utf8)) as? [String: Any])
        let items = try #require(object["items"] as? [String: [String: Any]])
        #expect(items["7A"]?["method"] as? String == "in-document-reference")
        #expect(items["7A"]?["referenced_item"] as? String == "7")
        #expect(items["7A"]?["headings"] as? [String] == ["RISK MANAGEMENT"])
        #expect((items["7A"]?["text"] as? String)?.hasPrefix("RISK MANAGEMENT\nThe Company selectively") == true)
    }

    @Test("sections an index names by heading: \"headings\" in JSON, unresolved names among the warnings")
    func namedSections() throws {
        let binary = try #require(executable)
        let fixtures = Fixtures.repositoryRoot.appendingPathComponent("Tests/FTTextTests/Fixtures")
        let files = ["xref-named-sections.htm", "xref-mixed-pages-and-names.txt"].map {
            fixtures.appendingPathComponent($0).path
        }
        let result = try ExecutableRunner.run(binary, ["extract", "--format", "json"] + files)
        #expect(result.status == 0, "\(result.output)")
        let objects = result.output.split(separator: "\n").compactMap {
            try? JSONSerialization.jsonObject(with: Data($0.utf8)) as? [String: Any]
        }
        try #require(objects.count == 2)
        let bank = try #require(objects[0]["items"] as? [String: [String: Any]])
        #expect(bank["1"]?["method"] as? String == "cross-reference")
        #expect(bank["1"]?["headings"] as? [String] == ["About Harbor Point", "Our Business"])
        #expect(bank["1"]?["pages"] == nil, "the document has no page footers")
        #expect(bank["7A"]?["headings"] as? [String] == ["Market Risk Management"])
        let kestrel = try #require(objects[1]["items"] as? [String: [String: Any]])
        #expect(kestrel["1"]?["pages"] as? [[Int]] == [[2, 3], [9, 9]])
        #expect(kestrel["1"]?["headings"] as? [String] == ["SEGMENT INFORMATION"])
        #expect(kestrel["7"]?["headings"] == nil)
        let warnings = try #require(objects[1]["warnings"] as? [String])
        #expect(
            warnings.contains {
                $0.hasPrefix("Item 7A: the cross-reference index names \"Market Risk Sensitivity\", but no heading")
            }, "\(warnings)")
        let text = try ExecutableRunner.run(binary, ["extract", files[0]])
        #expect(text.output.contains("[cross-reference, headings \"Risk Factors\"]"), "\(text.output)")
    }
}
