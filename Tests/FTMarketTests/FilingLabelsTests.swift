import FTMarket
import Testing

private func result(_ id: String, _ excess: Double) -> EventReturn {
    EventReturn(
        event: FilingEvent(id: id, ticker: id, filingDate: day("2023-12-04")),
        window: EventWindow(start: day("2023-12-04"), end: day("2024-01-02")), raw: excess, benchmark: 0)
}

@Test func eachFilingCountsOnceHoweverManyDocuments() throws {
    // Filing "a" appears three times (three sections); binning per filing uses it once.
    let returns = [result("a", 0.1), result("a", 0.1), result("a", 0.1), result("b", 0.2), result("c", 0.3)]
    let labels = try FilingLabels(returns: returns)
    #expect(labels.labelByFiling == ["a": 0, "b": 1, "c": 2])
    // pd.qcut([0.1, 0.2, 0.3], 3, retbins=True)[1] -> [0.1, 0.16666666666666669, 0.2333333333333333, 0.3]
    #expect(labels.edges.edgesByGroup["all"]?.edges == (try QuantileBinner().fit([0.1, 0.2, 0.3]).edges))
}

@Test func groupsAreBinnedSeparately() throws {
    let returns = (0..<6).map { result("f\($0)", Double($0)) }
    let labels = try FilingLabels(returns: returns, group: { Int($0.event.id.dropFirst())! < 3 ? "low" : "high" })
    #expect(labels.labelByFiling == ["f0": 0, "f1": 1, "f2": 2, "f3": 0, "f4": 1, "f5": 2])
    #expect(labels.edges.edgesByGroup.keys.sorted() == ["high", "low"])
}

@Test func trainingOnlyEdgesIgnoreTheOtherFilingsReturns() throws {
    let train = (0..<9).map { result("t\($0)", Double($0)) }
    let validation = [result("v0", -100), result("v1", 4), result("v2", 100)]
    let labels = try FilingLabels(returns: train + validation, trainingIDs: Set(train.map(\.event.id)))
    // Edges from 0…8 only: [0, 2.666…, 5.333…, 8]; extreme validation values go to the outer bins.
    #expect(labels.edges.edgesByGroup["all"]?.edges == (try QuantileBinner().fit((0..<9).map(Double.init)).edges))
    #expect(labels.labelByFiling["v0"] == 0)
    #expect(labels.labelByFiling["v1"] == 1)
    #expect(labels.labelByFiling["v2"] == 2)
    // Moving a validation value does not move any edge.
    let moved = try FilingLabels(returns: train + [result("v0", 1e9)], trainingIDs: Set(train.map(\.event.id)))
    #expect(moved.edges == labels.edges)
}
