import FTText
import Testing

@Suite struct PadSequencesTests {
    @Test(arguments: [PaddingSide.pre, .post], [PaddingSide.pre, .post])
    func matchesKerasPadSequences(_ padding: PaddingSide, _ truncating: PaddingSide) throws {
        let golden = try KerasGolden.load()
        let input = try golden.case("clean_num_words_oov").sequences
        // python: pad_sequences(seqs, maxlen=60, padding=padding, truncating=truncating)
        let expected = try #require(golden.padded["\(padding.rawValue)_\(truncating.rawValue)"])
        #expect(padSequences(input, length: 60, padding: padding, truncating: truncating) == expected)
        let flat = padSequencesFlat(input, length: 60, padding: padding, truncating: truncating)
        #expect(flat == expected.flatMap { $0 })
    }

    @Test func defaultLengthAndValueMatchKeras() throws {
        let golden = try KerasGolden.load()
        let input = try golden.case("clean_num_words_oov").sequences
        // python: pad_sequences(seqs)
        #expect(padSequences(input) == golden.padded["maxlen_none"])
        // python: pad_sequences(seqs, maxlen=40, padding='post', truncating='post', value=-1)
        #expect(
            padSequences(input, length: 40, padding: .post, truncating: .post, value: -1)
                == golden.padded["value_minus1_post_post_40"])
    }

    @Test func handWorkedSmallCases() {
        let input: [[Int32]] = [[1, 2, 3, 4], [5], []]
        #expect(padSequences(input, length: 3) == [[2, 3, 4], [0, 0, 5], [0, 0, 0]])
        #expect(
            padSequences(input, length: 3, padding: .post, truncating: .post) == [[1, 2, 3], [5, 0, 0], [0, 0, 0]])
        #expect(padSequences(input, length: 0) == [[], [], []])
        #expect(padSequences([], length: 5).isEmpty)
    }
}
