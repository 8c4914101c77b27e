import Dispatch
import FTParallel

#if canImport(Glibc)
    import Glibc
#endif

/// A word tokenizer with Keras `Tokenizer` semantics, so a Keras user gets the same integers.
///
/// Keras: `keras.preprocessing.text.Tokenizer(num_words, filters, lower, split, oov_token)` with
/// `fit_on_texts` → ``fit(on:)`` and `texts_to_sequences` → ``sequences(for:)``.
///
/// - Words are split as Keras's `text_to_word_sequence` does: lower-case (when `lowercase`), every character
///   of `filters` becomes the `split` character, split on it, drop empty strings. Other whitespace (`\r`,
///   no-break space) is *not* a separator, exactly as in Keras.
/// - `wordIndex` numbers words from 1 (0 is padding) by descending count, ties in order of first
///   appearance; with an `oovToken`, it takes index 1 and the words start at 2.
/// - `maxWords` (Keras `num_words`) bounds the indices `sequences(for:)` emits: only indices `< maxWords`
///   are kept, the others become the OOV index (or are dropped without an OOV token). `wordIndex` itself
///   keeps every word, as in Keras.
/// - ``fit(on:)`` may be called several times; counts accumulate and the index is rebuilt, as in Keras.
/// - Both ``fit(on:)`` and ``sequences(for:)`` split their input into chunks processed on all cores and
///   merged in document order, so results do not depend on timing.
///
/// Decision: docs/decisions/0010-tokenizer-keras-semantics.md.
public struct Tokenizer: Sendable {
    /// Keras's default `filters`: ``!"#$%&()*+,-./:;<=>?@[\]^_`{|}~`` plus tab and newline.
    public static let kerasFilters = "!\"#$%&()*+,-./:;<=>?@[\\]^_`{|}~\t\n"

    /// Keras `num_words`: only word indices below this are emitted by ``sequences(for:)``; nil = no limit.
    public let maxWords: Int?
    /// Keras `oov_token`: when set, it gets index 1 and replaces unknown words in ``sequences(for:)``.
    public let oovToken: String?
    /// Keras `lower`.
    public let lowercase: Bool
    /// Keras `filters`: characters turned into the split character (ASCII only).
    public let filters: String
    /// Keras `split`: the one-character separator (ASCII).
    public let split: String
    /// Keras `document_count`: documents seen by ``fit(on:)``.
    public internal(set) var documentCount: Int = 0

    var table = WordTable(minimumCapacity: 1 << 14)
    var counts: [Int] = []
    var documents: [Int] = []
    /// Keras index of each word id (first-appearance id → 1-based index).
    var indexOfID: [Int32] = []
    /// Word id at each Keras index (index 0 and the OOV slot hold -1).
    var idOfIndex: [Int32] = [-1]
    /// The index emitted for out-of-vocabulary words, or nil.
    var oovIndex: Int32?
    let separators: [Bool]

    /// A tokenizer with Keras's defaults unless told otherwise.
    ///
    /// - Parameters:
    ///   - maxWords: Keras `num_words`. nil or 0 means no limit (Keras treats 0 as "none" too).
    ///   - oovToken: Keras `oov_token`.
    ///   - lowercase: Keras `lower`, default true.
    ///   - filters: Keras `filters`, default ``kerasFilters``.
    ///   - split: Keras `split`, default one space.
    /// - Precondition: `filters` and `split` are ASCII, `split` is one character, `maxWords` is not negative.
    public init(
        maxWords: Int? = nil, oovToken: String? = nil, lowercase: Bool = true,
        filters: String = Tokenizer.kerasFilters, split: String = " "
    ) {
        precondition(
            filters.utf8.allSatisfy { $0 < 0x80 },
            "Tokenizer expected ASCII filters. Received: \(filters.debugDescription)")
        precondition(
            split.utf8.count == 1 && split.utf8.allSatisfy { $0 < 0x80 },
            "Tokenizer expected a one-character ASCII split. Received: \(split.debugDescription)")
        precondition(
            (maxWords ?? 0) >= 0, "Tokenizer expected maxWords >= 0. Received: \(maxWords ?? 0)")
        self.maxWords = maxWords == 0 ? nil : maxWords
        self.oovToken = oovToken
        self.lowercase = lowercase
        self.filters = filters
        self.split = split
        var separators = [Bool](repeating: false, count: 256)
        for b in filters.utf8 { separators[Int(b)] = true }
        for b in split.utf8 { separators[Int(b)] = true }
        self.separators = separators
        rebuildIndex()
    }

    // MARK: Fitting

    /// Updates the vocabulary from `texts` (Keras `fit_on_texts`): word counts, document counts and the index.
    ///
    /// - Complexity: O(total UTF-8 bytes) plus O(V log V) to sort a vocabulary of V words; chunks of the input
    ///   run on all cores.
    public mutating func fit(on texts: [String]) {
        let chunks = Self.chunkRanges(texts.count)
        let tokenizer = self
        let parts = parallelMap(chunks) { range -> Counts in
            var counts = Counts()
            var scratch = Scratch()
            for i in range {
                var text = texts[i]
                text.withUTF8 { counts.add(document: $0, tokenizer: tokenizer, scratch: &scratch) }
            }
            return counts
        }
        for part in parts { merge(part) }
        rebuildIndex()
    }

    /// Updates the vocabulary from one document's UTF-8 bytes without building a `String`
    /// (the streaming form of ``fit(on:)``; call ``finishFitting()`` after the last document).
    public mutating func fit(document bytes: UnsafeBufferPointer<UInt8>) {
        var counts = Counts(capacity: bytes.count / 8 + 16)
        var scratch = Scratch()
        counts.add(document: bytes, tokenizer: self, scratch: &scratch)
        merge(counts)
    }

    /// Merges vocabulary counted separately (for example by another worker over a later part of the corpus).
    /// Merge parts in document order to keep Keras's first-appearance order.
    public mutating func merge(_ other: Tokenizer) {
        var part = Counts()
        part.table = other.table
        part.stats = zip(other.counts, other.documents).map { WordStats(count: $0, documents: $1, lastDocument: 0) }
        part.documentCount = other.documentCount
        merge(part)
        rebuildIndex()
    }

    /// Rebuilds ``wordIndex`` after streaming ``fit(document:)`` calls.
    public mutating func finishFitting() { rebuildIndex() }

    // MARK: Converting

    /// Converts each text to word indices (Keras `texts_to_sequences`).
    ///
    /// Unknown words, and words whose index is `>= maxWords`, become the OOV index when there is an OOV token
    /// and are dropped otherwise.
    /// - Complexity: O(total UTF-8 bytes); chunks of the input run on all cores.
    public func sequences(for texts: [String]) -> [[Int32]] {
        let chunks = Self.chunkRanges(texts.count)
        let parts = parallelMap(chunks) { range -> [[Int32]] in
            var scratch = Scratch()
            var result: [[Int32]] = []
            result.reserveCapacity(range.count)
            for i in range {
                var text = texts[i]
                var sequence: [Int32] = []
                text.withUTF8 { appendSequence(for: $0, to: &sequence, scratch: &scratch) }
                result.append(sequence)
            }
            return result
        }
        return parts.flatMap { $0 }
    }

    /// Converts one text to word indices (Keras `texts_to_sequences([text])[0]`).
    public func sequence(for text: String) -> [Int32] {
        var copy = text
        var sequence: [Int32] = []
        var scratch = Scratch()
        copy.withUTF8 { appendSequence(for: $0, to: &sequence, scratch: &scratch) }
        return sequence
    }

    /// Appends the word indices of one document's UTF-8 bytes to `sequence` (the streaming form).
    public func appendSequence(for bytes: UnsafeBufferPointer<UInt8>, to sequence: inout [Int32]) {
        var scratch = Scratch()
        appendSequence(for: bytes, to: &sequence, scratch: &scratch)
    }

    func appendSequence(
        for bytes: UnsafeBufferPointer<UInt8>, to sequence: inout [Int32], scratch: inout Scratch
    ) {
        let limit = Int32(clamping: maxWords ?? Int.max)
        let oov = oovIndex
        forEachWord(in: bytes, scratch: &scratch) { base, count, hash in
            appendIndex(ofWord: table.find(base, count, hash: hash), limit: limit, oov: oov, to: &sequence)
        }
    }

    /// Appends the Keras index of the word with table id `id` (nil: not in the vocabulary) to `sequence`:
    /// its index when below `limit` (`maxWords`), else the OOV index when there is one, else nothing.
    @inline(__always)
    func appendIndex(ofWord id: Int?, limit: Int32, oov: Int32?, to sequence: inout [Int32]) {
        if let id, indexOfID[id] < limit {
            sequence.append(indexOfID[id])
        } else if let oov {
            sequence.append(oov)
        }
    }

    // MARK: Vocabulary views

    /// Keras `word_index`: word → index (1-based; 0 is padding), every fitted word plus the OOV token.
    public var wordIndex: [String: Int] {
        var result: [String: Int] = [:]
        result.reserveCapacity(table.count + 1)
        if let oovToken { result[oovToken] = 1 }
        for id in 0..<table.count { result[table.word(id)] = Int(indexOfID[id]) }
        return result
    }

    /// Keras `index_word`: the inverse of ``wordIndex``, as an array (`indexWord[i]` for 1 ≤ i < count;
    /// element 0 is nil, as is index 1 when an OOV token also occurs as a fitted word).
    public var indexWord: [String?] {
        var result = [String?](repeating: nil, count: idOfIndex.count)
        for (index, id) in idOfIndex.enumerated() where id >= 0 { result[index] = table.word(Int(id)) }
        if let oovToken, let oovIndex, result[Int(oovIndex)] == nil { result[Int(oovIndex)] = oovToken }
        return result
    }

    /// Keras `word_counts`: each word with its total count, in order of first appearance.
    public var wordCounts: [(word: String, count: Int)] {
        (0..<table.count).map { (table.word($0), counts[$0]) }
    }

    /// Keras `word_docs`: word → number of documents containing it.
    public var wordDocs: [String: Int] {
        var result: [String: Int] = [:]
        for id in 0..<table.count { result[table.word(id)] = documents[id] }
        return result
    }

    /// Number of distinct fitted words.
    public var vocabularyCount: Int { table.count }

    /// The index of `word` (after the tokenizer's lower-casing is *not* applied: pass the word as stored).
    public func index(of word: String) -> Int? {
        if let id = table.find(word) { return Int(indexOfID[id]) }
        if let oovToken, word == oovToken { return 1 }
        return nil
    }

    // MARK: Internals

    /// Per-worker counts over a contiguous run of documents.
    struct Counts: Sendable {
        var table: WordTable
        var stats: [WordStats] = []
        var documentCount = 0

        init(capacity: Int = 1 << 12) { table = WordTable(minimumCapacity: capacity) }

        /// Counts one occurrence of word `id` in document `documentNumber`.
        @inline(__always)
        mutating func tally(_ id: Int, isNew: Bool, documentNumber: Int) {
            if isNew {
                stats.append(WordStats(count: 1, documents: 1, lastDocument: documentNumber))
                return
            }
            stats.withUnsafeMutableBufferPointer { p in
                p[id].count += 1
                if p[id].lastDocument != documentNumber {
                    p[id].lastDocument = documentNumber
                    p[id].documents += 1
                }
            }
        }

        mutating func add(document: UnsafeBufferPointer<UInt8>, tokenizer: Tokenizer, scratch: inout Scratch) {
            add(document: document, tokenizer: tokenizer, scratch: &scratch) { _ in }
        }

        /// Counts the words `cleaner` keeps from one raw document without writing the cleaned text
        /// (requires `cleaner.feedsUnchanged(tokenizer)`), passing each word's local id to `record`.
        @inline(__always)
        mutating func add(
            raw document: UnsafeBufferPointer<UInt8>, cleaner: TextCleaner, buffer: inout [UInt8],
            record: (Int32) -> Void
        ) {
            documentCount += 1
            let documentNumber = documentCount
            guard let base = document.baseAddress, document.count > 0 else { return }
            if buffer.count < document.count + 1 { buffer = [UInt8](repeating: 0, count: document.count + 1) }
            buffer.withUnsafeMutableBufferPointer { out in
                guard let outBase = out.baseAddress else { return }
                _ = cleaner.scanWords(base, document.count, outBase, start: 0, separated: false) {
                    word, count, hash, _ in
                    let (id, isNew) = table.insert(word, count, hash: hash)
                    record(Int32(truncatingIfNeeded: id))
                    tally(id, isNew: isNew, documentNumber: documentNumber)
                }
            }
        }

        /// Counts one document's words, passing each word's (worker-local) id to `record`.
        @inline(__always)
        mutating func add(
            document: UnsafeBufferPointer<UInt8>, tokenizer: Tokenizer, scratch: inout Scratch,
            record: (Int32) -> Void
        ) {
            documentCount += 1
            let documentNumber = documentCount
            tokenizer.forEachWord(in: document, scratch: &scratch) { base, count, hash in
                let (id, isNew) = table.insert(base, count, hash: hash)
                record(Int32(truncatingIfNeeded: id))
                tally(id, isNew: isNew, documentNumber: documentNumber)
            }
        }
    }

    /// A word's count, document count and the last document it was seen in (one worker's view).
    struct WordStats: Sendable {
        var count: Int
        var documents: Int
        var lastDocument: Int
    }

    /// Reusable per-worker buffers.
    struct Scratch {
        var word: [UInt8] = []
        init() { word.reserveCapacity(256) }
    }

    /// Adds a worker's counts; returns the global id of each of its local ids.
    @discardableResult
    mutating func merge(_ part: Counts) -> [Int32] {
        var globalIDs = [Int32](repeating: 0, count: part.table.count)
        documentCount += part.documentCount
        part.table.arena.withUnsafeBufferPointer { arena in
            guard let arenaBase = arena.baseAddress else { return }
            for localID in 0..<part.table.count {
                let start = part.table.starts[localID]
                let count = part.table.starts[localID + 1] - start
                let base = arenaBase + start
                let (id, isNew) = table.insert(base, count, hash: WordTable.hash(base, count))
                globalIDs[localID] = Int32(truncatingIfNeeded: id)
                let partStats = part.stats[localID]
                if isNew {
                    counts.append(partStats.count)
                    documents.append(partStats.documents)
                } else {
                    counts[id] += partStats.count
                    documents[id] += partStats.documents
                }
            }
        }
        return globalIDs
    }

    /// Recomputes the Keras index: stable sort by descending count, OOV first.
    mutating func rebuildIndex() {
        let order = (0..<table.count).sorted { a, b in
            counts[a] != counts[b] ? counts[a] > counts[b] : a < b
        }
        let offset = oovToken == nil ? 1 : 2
        indexOfID = [Int32](repeating: 0, count: table.count)
        idOfIndex = [Int32](repeating: -1, count: table.count + offset)
        for (rank, id) in order.enumerated() {
            indexOfID[id] = Int32(rank + offset)
            idOfIndex[rank + offset] = Int32(id)
        }
        // Keras builds word_index with dict(zip([oov] + words, 1...)): when the OOV token is also a fitted
        // word, its later (word) index wins.
        if let oovToken {
            oovIndex = table.find(oovToken).map { indexOfID[$0] } ?? 1
        } else {
            oovIndex = nil
        }
    }

    /// Calls `body` with each word's bytes (lower-cased, contiguous) and hash, Keras `text_to_word_sequence`.
    @inline(__always)
    func forEachWord(
        in bytes: UnsafeBufferPointer<UInt8>, scratch: inout Scratch,
        _ body: (UnsafePointer<UInt8>, Int, UInt64) -> Void
    ) {
        guard let base = bytes.baseAddress else { return }
        let n = bytes.count
        let lower = lowercase
        separators.withUnsafeBufferPointer { isSeparator in
            var i = 0
            while i < n {
                while i < n && isSeparator[Int(base[i])] { i += 1 }
                if i == n { break }
                let start = i
                var needsCopy = false
                var nonASCII = false
                while i < n {
                    let b = base[i]
                    if isSeparator[Int(b)] { break }
                    if b >= 0x80 { nonASCII = true } else if lower && b >= 0x41 && b <= 0x5A { needsCopy = true }
                    i += 1
                }
                let count = i - start
                if nonASCII && lower {
                    // Unicode lower-casing (as Python's str.lower) for words with non-ASCII characters.
                    let word = String(decoding: UnsafeBufferPointer(start: base + start, count: count), as: UTF8.self)
                    scratch.word.removeAll(keepingCapacity: true)
                    scratch.word.append(contentsOf: word.lowercased().utf8)
                    scratch.word.withUnsafeBufferPointer { w in
                        if let wb = w.baseAddress { body(wb, w.count, WordTable.hash(wb, w.count)) }
                    }
                } else if needsCopy {
                    scratch.word.removeAll(keepingCapacity: true)
                    for k in start..<i {
                        let b = base[k]
                        scratch.word.append(b >= 0x41 && b <= 0x5A ? b | 0x20 : b)
                    }
                    scratch.word.withUnsafeBufferPointer { w in
                        if let wb = w.baseAddress { body(wb, count, WordTable.hash(wb, count)) }
                    }
                } else {
                    body(base + start, count, WordTable.hash(base + start, count))
                }
            }
        }
    }

    /// Splits `0..<count` into contiguous chunks, a few per core.
    static func chunkRanges(_ count: Int) -> [Range<Int>] {
        guard count > 0 else { return [] }
        let chunkCount = min(count, Processors.available * 4)
        return (0..<chunkCount).map { k in (count * k / chunkCount)..<(count * (k + 1) / chunkCount) }
    }
}
