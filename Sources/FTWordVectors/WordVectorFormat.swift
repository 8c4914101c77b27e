/// The on-disk layouts `WordVectors.load` reads.
public enum WordVectorFormat: String, Sendable, Equatable, CaseIterable, Codable {
    /// GloVe text: `word v1 … vD` per line, single spaces, no header. `D` comes from the first line
    /// (its field count minus one) and is checked on every line. A line with more than `D + 1` fields
    /// is a word containing spaces (the glove.840B quirk): the last `D` fields are the vector and
    /// everything before them is the word.
    case gloveText
    /// word2vec text: a header line `count dimension`, then lines as in GloVe text.
    case word2vecText
    /// word2vec binary as gensim's `save_word2vec_format(binary=True)` and the original C tool write
    /// it: a header line `count dimension\n`, then per word the UTF-8 word, one space, and `dimension`
    /// little-endian float32 values, optionally followed by `\n`.
    case word2vecBinary

    /// The number stored in the binary cache header.
    var code: UInt32 {
        switch self {
        case .gloveText: 1
        case .word2vecText: 2
        case .word2vecBinary: 3
        }
    }
}
