import FTNN
import FTTensor
import Testing

@Suite("Training/validation splits")
struct DataSplitTests {
    @Test("stratified split keeps class proportions and covers every example once")
    func stratified() {
        let labels = (0..<300).map { $0 < 150 ? 0 : ($0 < 240 ? 1 : 2) }  // 150 / 90 / 60
        var g = SeededGenerator(seed: 1)
        let (train, validation) = DataSplit.stratified(validationFraction: 0.2).indices(
            count: 300, labels: labels, using: &g)
        #expect(validation.filter { labels[$0] == 0 }.count == 30)
        #expect(validation.filter { labels[$0] == 1 }.count == 18)
        #expect(validation.filter { labels[$0] == 2 }.count == 12)
        #expect((train + validation).sorted() == Array(0..<300))
    }

    @Test("random split has the right size, is seeded and sorted")
    func random() {
        var a = SeededGenerator(seed: 9)
        var b = SeededGenerator(seed: 9)
        let first = DataSplit.random(validationFraction: 0.2).indices(count: 183, using: &a)
        let second = DataSplit.random(validationFraction: 0.2).indices(count: 183, using: &b)
        #expect(first == second)
        #expect(first.validation.count == 37)
        #expect(first.validation == first.validation.sorted())
        #expect(Set(first.training).isDisjoint(with: first.validation))
    }

    @Test("ordered split takes the tail, like Keras validation_split")
    func ordered() {
        var g = SeededGenerator(seed: 1)
        let (train, validation) = DataSplit.ordered(validationFraction: 0.25).indices(count: 8, using: &g)
        #expect(train == [0, 1, 2, 3, 4, 5])
        #expect(validation == [6, 7])
    }

    @Test("grouped split never puts one group on both sides")
    func grouped() {
        let groups = (0..<100).map { "company\($0 / 4)" }
        var g = SeededGenerator(seed: 3)
        let (train, validation) = DataSplit.grouped(validationFraction: 0.2).indices(
            count: 100, groups: groups, using: &g)
        #expect(Set(train.map { groups[$0] }).isDisjoint(with: Set(validation.map { groups[$0] })))
        #expect(validation.count == 20)
    }
}
