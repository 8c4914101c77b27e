import Dispatch
import FTParallel

/// Cleaning and tokenizing in one streaming pass, on all cores.
///
/// Documents are pulled from the sequence in batches; each batch is split into one contiguous chunk per
/// core; each worker cleans one document at a time into a reusable byte buffer and counts (or converts) its
/// words straight from those bytes, so no worker holds more than one document's intermediate text and no
/// `String` is made per word. Chunks are merged in document order, so results are identical to a
/// sequential run (and to Keras on the cleaned texts).
extension Tokenizer {
    /// Documents per batch pulled from the input sequence.
    static let streamingBatch = 256

    /// Calls `body` with consecutive batches of up to `streamingBatch` documents, in order.
    static func forEachBatch(of documents: some Sequence<String>, _ body: ([String]) -> Void) {
        var iterator = documents.makeIterator()
        while true {
            var batch: [String] = []
            batch.reserveCapacity(streamingBatch)
            while batch.count < streamingBatch, let next = iterator.next() { batch.append(next) }
            if batch.isEmpty { return }
            body(batch)
        }
    }

    /// Cleans each document with `cleaner` and fits on the result (Keras `fit_on_texts` on the cleaned texts).
    ///
    /// - Parameters:
    ///   - documents: Any sequence of texts; it is read once, in batches of 256.
    ///   - cleaner: The cleaning to apply first (for example ``TextCleaner/study``).
    /// - Complexity: O(total UTF-8 bytes); memory is one batch of input plus the vocabulary.
    public mutating func fit(on documents: some Sequence<String>, cleaningWith cleaner: TextCleaner) {
        let tokenizer = self
        let fused = cleaner.feedsUnchanged(self)
        Self.forEachBatch(of: documents) { batch in
            let texts = batch
            let parts = parallelMap(Self.chunkRanges(batch.count)) { range -> Counts in
                var counts = Counts()
                var scratch = Scratch()
                var cleaned: [UInt8] = []
                for i in range {
                    var text = texts[i]
                    if fused {
                        text.withUTF8 { counts.add(raw: $0, cleaner: cleaner, buffer: &cleaned) { _ in } }
                        continue
                    }
                    cleaned.removeAll(keepingCapacity: true)
                    text.withUTF8 { cleaner.clean($0, appendingTo: &cleaned) }
                    cleaned.withUnsafeBufferPointer {
                        counts.add(document: $0, tokenizer: tokenizer, scratch: &scratch)
                    }
                }
                return counts
            }
            for part in parts { merge(part) }
        }
        rebuildIndex()
    }

    /// Cleans each document with `cleaner` and converts it to word indices (Keras `texts_to_sequences` on the
    /// cleaned texts).
    ///
    /// - Complexity: O(total UTF-8 bytes); memory is one batch of input plus the output sequences.
    public func sequences(for documents: some Sequence<String>, cleaningWith cleaner: TextCleaner) -> [[Int32]] {
        var result: [[Int32]] = []
        forEachSequence(in: documents, cleaningWith: cleaner) { result.append($0) }
        return result
    }

    /// Streams the sequences of cleaned documents to `body`, in document order, without keeping them.
    public func forEachSequence(
        in documents: some Sequence<String>, cleaningWith cleaner: TextCleaner, _ body: ([Int32]) -> Void
    ) {
        let fused = cleaner.feedsUnchanged(self)
        Self.forEachBatch(of: documents) { batch in
            let texts = batch
            let parts = parallelMap(Self.chunkRanges(batch.count)) { range -> [[Int32]] in
                var scratch = Scratch()
                var cleaned: [UInt8] = []
                var sequences: [[Int32]] = []
                for i in range {
                    var text = texts[i]
                    var sequence: [Int32] = []
                    sequence.reserveCapacity(text.utf8.count / 12 + 1)
                    if fused {
                        text.withUTF8 { appendSequence(raw: $0, cleaner: cleaner, buffer: &cleaned, to: &sequence) }
                    } else {
                        cleaned.removeAll(keepingCapacity: true)
                        text.withUTF8 { cleaner.clean($0, appendingTo: &cleaned) }
                        cleaned.withUnsafeBufferPointer { appendSequence(for: $0, to: &sequence, scratch: &scratch) }
                    }
                    sequences.append(sequence)
                }
                return sequences
            }
            for part in parts { for sequence in part { body(sequence) } }
        }
    }

    /// Cleans each document, fits on the results and returns their sequences, in one pass over the input
    /// (Keras `fit_on_texts(cleaned)` then `texts_to_sequences(cleaned)`, without cleaning twice).
    ///
    /// Each worker records the (local) word ids of its documents while counting; after the last document the
    /// ids are mapped to Keras indices (applying `maxWords` and the OOV token as ``sequences(for:)`` does).
    /// - Complexity: O(total UTF-8 bytes); memory is one batch of input, the vocabulary and the output.
    public mutating func fitAndConvert(
        _ documents: some Sequence<String>, cleaningWith cleaner: TextCleaner
    ) -> [[Int32]] {
        let tokenizer = self
        let fused = cleaner.feedsUnchanged(self)
        var pending: [([Int32], [[Int32]])] = []  // per chunk: local → global id map, local-id sequences
        Self.forEachBatch(of: documents) { batch in
            let texts = batch
            let parts = parallelMap(Self.chunkRanges(batch.count)) { range -> (Counts, [[Int32]]) in
                var counts = Counts()
                var scratch = Scratch()
                var cleaned: [UInt8] = []
                var local: [[Int32]] = []
                local.reserveCapacity(range.count)
                for i in range {
                    var text = texts[i]
                    var ids: [Int32] = []
                    ids.reserveCapacity(text.utf8.count / 12 + 1)
                    if fused {
                        text.withUTF8 { counts.add(raw: $0, cleaner: cleaner, buffer: &cleaned) { ids.append($0) } }
                    } else {
                        cleaned.removeAll(keepingCapacity: true)
                        text.withUTF8 { cleaner.clean($0, appendingTo: &cleaned) }
                        cleaned.withUnsafeBufferPointer {
                            counts.add(document: $0, tokenizer: tokenizer, scratch: &scratch) { ids.append($0) }
                        }
                    }
                    local.append(ids)
                }
                return (counts, local)
            }
            for (counts, local) in parts {
                pending.append((merge(counts), local))
            }
        }
        rebuildIndex()
        // Local ids → Keras indices per chunk (local → global → index), in parallel over chunks.
        let limit = Int32(clamping: maxWords ?? Int.max)
        let oov = oovIndex
        let indexOfID = indexOfID
        let filtering = maxWords != nil
        pending.withUnsafeMutableBufferPointer { buffer in
            let chunks = buffer
            parallelFor(chunks.count) { k in
                // Each iteration owns chunk k: its sequences are rewritten in place.
                let map = chunks[k].0.map { indexOfID[Int($0)] }
                map.withUnsafeBufferPointer { index in
                    for row in chunks[k].1.indices {
                        if filtering {
                            var out: [Int32] = []
                            out.reserveCapacity(chunks[k].1[row].count)
                            for id in chunks[k].1[row] {
                                let i = index[Int(id)]
                                if i < limit { out.append(i) } else if let oov { out.append(oov) }
                            }
                            chunks[k].1[row] = out
                        } else {
                            chunks[k].1[row].withUnsafeMutableBufferPointer { ids in
                                for j in ids.indices { ids[j] = index[Int(ids[j])] }
                            }
                        }
                    }
                }
            }
        }
        var converted: [[Int32]] = []
        converted.reserveCapacity(pending.reduce(0) { $0 + $1.1.count })
        for k in pending.indices {
            converted.append(contentsOf: pending[k].1)
            pending[k].1 = []
        }
        return converted
    }

    /// Appends the indices of the words `cleaner` keeps from raw bytes (requires
    /// `cleaner.feedsUnchanged(self)`), without writing the cleaned text.
    func appendSequence(
        raw bytes: UnsafeBufferPointer<UInt8>, cleaner: TextCleaner, buffer: inout [UInt8], to sequence: inout [Int32]
    ) {
        guard let base = bytes.baseAddress, bytes.count > 0 else { return }
        if buffer.count < bytes.count + 1 { buffer = [UInt8](repeating: 0, count: bytes.count + 1) }
        let limit = Int32(clamping: maxWords ?? Int.max)
        let oov = oovIndex
        buffer.withUnsafeMutableBufferPointer { out in
            guard let outBase = out.baseAddress else { return }
            _ = cleaner.scanWords(base, bytes.count, outBase, start: 0, separated: false) { word, count, hash, _ in
                appendIndex(ofWord: table.find(word, count, hash: hash), limit: limit, oov: oov, to: &sequence)
            }
        }
    }

    /// One contiguous range per core.
    static func workerRanges(_ count: Int) -> [Range<Int>] {
        let workers = min(count, Processors.available)
        guard workers > 0 else { return [] }
        return (0..<workers).map { k in (count * k / workers)..<(count * (k + 1) / workers) }
    }
}
