import FTIO

/// Reader of word2vec binary files (gensim `save_word2vec_format(binary=True)`, the original C tool).
///
/// Line numbers in its errors are 1-based record numbers (record 1 is the first word after the
/// header), since the format has no lines.
enum Word2VecBinaryParser {
    static func parse(_ bytes: UnsafeBufferPointer<UInt8>, path: String, strict: Bool) throws(WordVectorsError)
        -> ParsedVectors
    {
        var log = IssueLog(strict: strict)
        guard let p = bytes.baseAddress, bytes.count > 0 else {
            throw WordVectorsError(path: path, line: nil, kind: .empty)
        }
        let n = bytes.count
        // A record is a word (≥ 1 byte), a space and 4 × dimension bytes.
        let (count, dimension, dataStart) = try TextVectorParser.parseHeader(
            p, from: 0, to: n, path: path, record: "record", minimumBytes: { 4 * $0 + 2 })
        // No arithmetic below can overflow once the dimension is bounded, and no more rows are allocated than
        // the file can hold, whatever count the header announces (a header announcing more is reported as a
        // count mismatch).
        let recordBytes = dimension * 4
        let fitting = (n - dataStart) / (recordBytes + 2)
        let capacity = min(count, fitting)
        let matrix = UnsafeMutablePointer<Float>.allocate(capacity: capacity * dimension)
        var taken = false
        defer { if !taken { matrix.deallocate() } }
        var words = [String]()
        words.reserveCapacity(capacity)
        var index = [String: Int](minimumCapacity: capacity)
        var i = dataStart
        var record = 0
        recordLoop: while record < count {
            record += 1
            while i < n && (p[i] == 0x0A || p[i] == 0x0D) { i += 1 }
            if i >= n {
                record -= 1
                break recordLoop
            }
            let wordStart = i
            while i < n && p[i] != 0x20 { i += 1 }
            guard i < n, i + 1 + recordBytes <= n else {
                try log.skip(WordVectorsError(path: path, line: record, kind: .truncatedRecord))
                record -= 1
                break recordLoop
            }
            let word = String(
                validating: UnsafeBufferPointer(start: p + wordStart, count: i - wordStart), as: UTF8.self)
            let valuesStart = i + 1
            i = valuesStart + recordBytes
            guard let word, !word.isEmpty else {
                try log.skip(WordVectorsError(path: path, line: record, kind: .invalidUTF8))
                continue
            }
            let row = matrix + words.count * dimension
            UnsafeMutableRawPointer(row).copyMemory(from: p + valuesStart, byteCount: recordBytes)
            for k in 0..<dimension where !row[k].isFinite {
                try log.skip(
                    WordVectorsError(path: path, line: record, kind: .nonFinite(field: k + 2, text: "\(row[k])")))
                continue recordLoop
            }
            if let first = index[word] {
                try log.skip(
                    WordVectorsError(path: path, line: record, kind: .duplicateWord(word, firstLine: first + 1)))
                continue
            }
            index[word] = words.count
            words.append(word)
        }
        while i < n && (p[i] == 0x0A || p[i] == 0x0D || p[i] == 0x20) { i += 1 }
        if record != count || i < n {
            let found = i < n ? count + 1 : record
            let mismatch = WordVectorsError(path: path, line: 1, kind: .countMismatch(header: count, found: found))
            if strict { throw mismatch }
            if log.issues.count < IssueLog.keptIssues { log.issues.append(mismatch) }
        }
        if words.isEmpty { throw WordVectorsError(path: path, line: nil, kind: .empty) }
        taken = true
        return ParsedVectors(
            words: words, index: index, dimension: dimension,
            storage: VectorStorage(owning: matrix, count: words.count * dimension),
            issues: log.issues, skippedLines: log.skipped, repairedLines: log.repaired)
    }
}
