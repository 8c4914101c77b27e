import FTMarket
import FTTestSupport
import Foundation
import Testing

/// One case of Fixtures/qcut.json (written by Fixtures/generate_qcut.py with pandas 3.1.1).
private struct QcutCase: Decodable, CustomTestStringConvertible {
    var name: String
    var k: Int
    var duplicates: String
    var values: [Double]
    var groups: [String]?
    var labels: [Int?]?
    var edges: [String: [Double]]?
    var error: String?
    var applyValues: [Double]?
    var applyLabels: [Int?]?
    var testDescription: String { name }
}

private struct QcutFixture: Decodable {
    var pandas: String
    var cases: [QcutCase]
}

private func qcutCases() throws -> [QcutCase] {
    try Fixtures.decode(QcutFixture.self, "qcut.json").cases
}

@Test(arguments: try qcutCases())
private func matchesPandasQcut(_ c: QcutCase) throws {
    let binner = QuantileBinner(binCount: c.k, duplicateEdges: c.duplicates == "drop" ? .drop : .raise)
    if let message = c.error {
        // pandas: ValueError("Bin edges must be unique: ...")
        #expect(message.hasPrefix("Bin edges must be unique"))
        #expect(throws: BinningError.self) {
            if let groups = c.groups {
                _ = try binner.fit(c.values, groups: groups)
            } else {
                _ = try binner.fit(c.values)
            }
        }
        return
    }
    let expectedLabels = try #require(c.labels).map { try #require($0) }
    let expectedEdges = try #require(c.edges)
    if let groups = c.groups {
        let fitted = try binner.fit(c.values, groups: groups)
        #expect(fitted.edgesByGroup.mapValues(\.edges) == expectedEdges)  // bit-identical edges
        #expect(try fitted.labels(for: c.values, groups: groups) == expectedLabels)
        #expect(try binner.labels(for: c.values, groups: groups) == expectedLabels)
    } else {
        let fitted = try binner.fit(c.values)
        #expect(fitted.edges == expectedEdges[GroupedQuantileEdges.wholeSet])
        #expect(try binner.labels(for: c.values) == expectedLabels)
        if let applyValues = c.applyValues, let applyLabels = c.applyLabels {
            // pd.cut(rest, train_bins, labels=False, include_lowest=True): equal inside the training range;
            // NaN outside it, where we clamp to the outer bins (docs/decisions/0022).
            for (value, expected) in zip(applyValues, applyLabels) {
                let label = fitted.label(for: value)
                if let expected {
                    #expect(label == expected, "value \(value)")
                } else {
                    #expect(label == (value < fitted.edges[0] ? 0 : fitted.binCount - 1), "value \(value)")
                }
            }
        }
    }
}

@Test func fixtureCoversTiesSmallGroupsAndErrors() throws {
    let cases = try qcutCases()
    #expect(cases.count >= 20)
    #expect(cases.contains { $0.name.hasPrefix("ties") })
    #expect(cases.contains { $0.name.hasPrefix("small_groups") })
    #expect(cases.contains { $0.error != nil })
    #expect(cases.contains { $0.duplicates == "drop" })
}

@Test func tiesOnAnEdgeGoToTheLowerBin() throws {
    // pd.qcut([1, 2, 3, 4, 5, 6, 7], 2, labels=False) -> edges [1, 4, 7], labels [0, 0, 0, 0, 1, 1, 1]
    let binner = QuantileBinner(binCount: 2)
    let edges = try binner.fit([1, 2, 3, 4, 5, 6, 7])
    #expect(edges.edges == [1, 4, 7])
    #expect(try binner.labels(for: [1, 2, 3, 4, 5, 6, 7]) == [0, 0, 0, 0, 1, 1, 1])
}

@Test func duplicateEdgesErrorNamesTheGroup() {
    let binner = QuantileBinner(binCount: 3)
    #expect(throws: BinningError.duplicateEdges(group: "3845", edges: [0.5, 0.5, 0.5, 0.5])) {
        _ = try binner.fit([0.5], groups: ["3845"])
    }
}

@Test func emptyAndNonFiniteInputsThrow() {
    let binner = QuantileBinner()
    #expect(throws: BinningError.emptyGroup("all")) { _ = try binner.fit([]) }
    #expect(throws: BinningError.nonFiniteValue(index: 1)) { _ = try binner.fit([0.1, .nan, 0.2]) }
    #expect(throws: BinningError.lengthMismatch(values: 2, groups: 1)) { _ = try binner.fit([1, 2], groups: ["a"]) }
}

@Test func unknownGroupThrowsWhenApplyingTrainingEdges() throws {
    let edges = try QuantileBinner().fit([0.1, 0.2, 0.3, 0.4], groups: ["A", "A", "A", "A"])
    #expect(throws: BinningError.unknownGroup("B")) { _ = try edges.label(for: 0.2, group: "B") }
}

@Test func edgesRoundTripThroughJSONExactly() throws {
    let values = (0..<50).map { Double($0) * 0.0137 - 0.31 }
    let groups = (0..<50).map { $0 % 3 == 0 ? "2834" : "7372" }
    let edges = try QuantileBinner().fit(values, groups: groups)
    let path = FileManager.default.temporaryDirectory.appendingPathComponent(
        "edges-\(UInt32.random(in: 0...UInt32.max)).json"
    ).path
    defer { try? FileManager.default.removeItem(atPath: path) }
    try edges.write(to: path)
    #expect(try GroupedQuantileEdges.read(from: path) == edges)
    let text = try String(contentsOfFile: path, encoding: .utf8)
    #expect(text.hasPrefix("{\"bin_count\":3,\"groups\":{\"2834\":["))
}

/// Found by FuzzQuantileEdges (Fuzz/crashes/FuzzQuantileEdges/): an edges file whose groups make more bins
/// than its `bin_count`, or whose `bin_count` is below 2, was read; `prepare --edges` then took the bin count
/// as the number of classes and counted a label ≥ it (index out of range in `binWarnings`). Each is now
/// refused when read, naming the file, the field and the group.
@Test(arguments: [
    (
        #"{"bin_count":2,"groups":{"3571":[-0.2,-0.01,0.03,0.4],"unknown":[-1.0,1.0]}}"#,
        "group 3571: 4 edges make 3 bins, more than bin_count 2"
    ),
    (#"{"bin_count":0,"groups":{"all":[-1.0,1.0]}}"#, "field bin_count: expected at least 2 bins. Received: 0"),
    (#"{"bin_count":-3,"groups":{}}"#, "field bin_count: expected at least 2 bins. Received: -3"),
])
func edgesWithMoreBinsThanTheirCountAreRefused(json: String, message: String) throws {
    let path = FileManager.default.temporaryDirectory.appendingPathComponent(
        "edges-\(UInt32.random(in: 0...UInt32.max)).json"
    ).path
    defer { try? FileManager.default.removeItem(atPath: path) }
    try json.write(toFile: path, atomically: true, encoding: .utf8)
    do {
        _ = try GroupedQuantileEdges.read(from: path)
        Issue.record("expected \(json) to be refused")
    } catch {
        let text = "\(error)"
        #expect(text.contains(path) && text.contains(message), "\(text)")
    }
}
