import FTIO
import FTParallel

#if canImport(Glibc)
    import Glibc
#elseif canImport(Darwin)
    import Darwin
#endif

/// Vectors freshly read from a source file, before they become a `WordVectors`.
struct ParsedVectors {
    var format: WordVectorFormat = .gloveText
    var words: [String]
    var index: [String: Int]
    var dimension: Int
    var storage: VectorStorage
    var issues: [WordVectorsError]
    var skippedLines: Int
    var repairedLines: Int
}

/// Collects what lenient mode forgave, or throws it in strict mode.
struct IssueLog {
    let strict: Bool
    var issues: [WordVectorsError] = []
    var skipped = 0
    var repaired = 0
    static let keptIssues = 1000

    /// Records a problem that makes the line unusable: thrown in strict mode, else skipped.
    mutating func skip(_ error: WordVectorsError) throws(WordVectorsError) {
        if strict { throw error }
        skipped += 1
        if issues.count < Self.keptIssues { issues.append(error) }
    }

    /// Records a problem lenient mode repairs (BOM, CRLF): thrown in strict mode, else counted.
    mutating func repair(_ error: WordVectorsError) throws(WordVectorsError) {
        if strict { throw error }
        repaired += 1
        if issues.count < Self.keptIssues { issues.append(error) }
    }
}

/// The parallel parser of GloVe text and word2vec text.
///
/// The data region is cut into one chunk per core at line ends; a first parallel pass counts the
/// lines of each chunk (so every chunk knows its first line number and its first matrix row), the
/// matrix is allocated once at its final size, and a second parallel pass parses each chunk's lines
/// straight into its rows. Skipped lines and duplicate words are squeezed out afterwards by moving
/// rows in place, so peak memory is the matrix plus a few pages of text.
enum TextVectorParser {
    static let space: UInt8 = 0x20
    static let newline: UInt8 = 0x0A
    static let carriageReturn: UInt8 = 0x0D

    static func parse(
        _ bytes: UnsafeBufferPointer<UInt8>, path: String, format: WordVectorFormat, strict: Bool,
        mapping: MappedFile?
    ) throws(WordVectorsError) -> ParsedVectors {
        var log = IssueLog(strict: strict)
        guard let p = bytes.baseAddress, bytes.count > 0 else {
            throw WordVectorsError(path: path, line: nil, kind: .empty)
        }
        let n = bytes.count
        var start = 0
        if n >= 3 && p[0] == 0xEF && p[1] == 0xBB && p[2] == 0xBF {
            try log.repair(WordVectorsError(path: path, line: 1, kind: .byteOrderMark))
            start = 3
        }
        var firstLine = 1
        let dimension: Int
        var headerCount: Int?
        if format == .word2vecText {
            // A line holds `dim` numbers, each a digit and a separator at least.
            let (count, dim, next) = try parseHeader(
                p, from: start, to: n, path: path, record: "line", minimumBytes: { 2 * $0 })
            headerCount = count
            dimension = dim
            start = next
            firstLine = 2
        } else {
            guard let inferred = inferDimension(p, from: start, to: n) else {
                throw WordVectorsError(path: path, line: nil, kind: .empty)
            }
            if inferred < 1 {
                throw WordVectorsError(path: path, line: 1, kind: .wrongFieldCount(expected: 2, found: 1))
            }
            dimension = inferred
        }
        if dimension > WordVectors.maximumDimension {
            throw WordVectorsError(path: path, line: firstLine, kind: .dimensionTooLarge(dimension))
        }

        // Chunks at line ends, one per core (one for small inputs).
        let cores = Processors.available
        let chunkCount = n - start < (1 << 20) ? 1 : min(cores, 16)
        var cuts = [start]
        for k in 1..<chunkCount {
            var target = start + (n - start) * k / chunkCount
            target = max(target, cuts[cuts.count - 1])
            if let newlineAt = memchrIndex(p, from: target, to: n, byte: newline) {
                cuts.append(newlineAt + 1)
            } else {
                cuts.append(n)
            }
        }
        cuts.append(n)
        let bounds = cuts

        // Pass 1: lines per chunk.
        var lineCounts = [Int](repeating: 0, count: chunkCount)
        lineCounts.withUnsafeMutableBufferPointer { counts in
            parallelFor(chunkCount) { k in
                var lines = 0
                var i = bounds[k]
                var released = i
                let end = bounds[k + 1]
                while i < end {
                    lines += 1
                    guard let at = memchrIndex(p, from: i, to: end, byte: newline) else { break }
                    i = at + 1
                    if let mapping, i - released > ChunkParser.releaseStep {
                        mapping.releasePages(released..<i)
                        released = i
                    }
                }
                mapping?.releasePages(released..<end)
                counts[k] = lines
            }
        }
        // A usable line holds a word and `dimension` numbers, each after a space: at least 2 × dimension + 1
        // bytes. So a chunk of b bytes fills at most b / (2 × dimension) rows, however many short lines it
        // has, and the matrix is at most about twice the file's size (decision 0102).
        var rowCounts = [Int](repeating: 0, count: chunkCount)
        for k in 0..<chunkCount {
            rowCounts[k] = min(lineCounts[k], (bounds[k + 1] - bounds[k]) / (2 * dimension) + 1)
        }
        var lineStarts = [Int](repeating: firstLine, count: chunkCount)
        var rowStarts = [Int](repeating: 0, count: chunkCount)
        for k in 1..<chunkCount {
            lineStarts[k] = lineStarts[k - 1] + lineCounts[k - 1]
            rowStarts[k] = rowStarts[k - 1] + rowCounts[k - 1]
        }
        let firstLines = lineStarts
        let firstRows = rowStarts
        let rowCapacity = rowCounts.reduce(0, +)
        let (floats, overflow) = rowCapacity.multipliedReportingOverflow(by: dimension)
        guard !overflow, floats <= Int.max / MemoryLayout<Float>.stride else {
            throw WordVectorsError(path: path, line: nil, kind: .dimensionTooLarge(dimension))
        }
        let matrix = UnsafeMutablePointer<Float>.allocate(capacity: max(1, floats))
        var storageTaken = false
        defer { if !storageTaken { matrix.deallocate() } }

        // Pass 2: parse every chunk into its own rows.
        var results = [ChunkResult](repeating: ChunkResult(), count: chunkCount)
        results.withUnsafeMutableBufferPointer { slots in
            parallelFor(chunkCount) { k in
                var chunk = ChunkParser(
                    p: p, end: bounds[k + 1], fileEnd: n, dimension: dimension, path: path, strict: strict,
                    matrix: matrix + firstRows[k] * dimension, mapping: mapping)
                chunk.run(from: bounds[k], firstLine: firstLines[k])
                slots[k] = chunk.result
            }
        }

        // Merge in file order, so strict mode throws the problem with the smallest line number: a
        // chunk's words all precede its failure (it stopped there). Rows move down over skipped lines
        // and duplicates.
        var words = [String]()
        words.reserveCapacity(rowCapacity)
        var index = [String: Int](minimumCapacity: rowCapacity)
        var lines = [Int]()
        lines.reserveCapacity(rowCapacity)
        for (k, result) in results.enumerated() {
            log.skipped += result.log.skipped
            log.repaired += result.log.repaired
            for issue in result.log.issues where log.issues.count < IssueLog.keptIssues { log.issues.append(issue) }
            for (local, word) in result.words.enumerated() {
                let line = result.lines[local]
                if let first = index[word] {
                    try log.skip(
                        WordVectorsError(path: path, line: line, kind: .duplicateWord(word, firstLine: lines[first])))
                    continue
                }
                let source = firstRows[k] + local
                let target = words.count
                if source != target {
                    (matrix + target * dimension).update(from: matrix + source * dimension, count: dimension)
                }
                index[word] = target
                words.append(word)
                lines.append(line)
            }
            if let failure = result.failure { throw failure }
        }
        if words.isEmpty { throw WordVectorsError(path: path, line: nil, kind: .empty) }
        if let headerCount, headerCount != words.count + log.skipped {
            let mismatch = WordVectorsError(
                path: path, line: 1, kind: .countMismatch(header: headerCount, found: words.count + log.skipped))
            if strict { throw mismatch }
            if log.issues.count < IssueLog.keptIssues { log.issues.append(mismatch) }
        }
        storageTaken = true
        return ParsedVectors(
            words: words, index: index, dimension: dimension,
            storage: VectorStorage(owning: matrix, count: words.count * dimension),
            issues: log.issues, skippedLines: log.skipped, repairedLines: log.repaired)
    }

    /// Reads a `count dimension` header line and checks that the dimension is within
    /// `WordVectors.maximumDimension` and that one `record` of it (`minimumBytes(dimension)` bytes at least)
    /// fits in what follows the header, before anything is allocated (decision 0102).
    static func parseHeader(
        _ p: UnsafePointer<UInt8>, from start: Int, to n: Int, path: String, record: String,
        minimumBytes: (Int) -> Int
    ) throws(WordVectorsError) -> (count: Int, dimension: Int, next: Int) {
        let end = memchrIndex(p, from: start, to: n, byte: newline) ?? n
        var textEnd = end
        while textEnd > start && (p[textEnd - 1] == carriageReturn || p[textEnd - 1] == space) { textEnd -= 1 }
        let text = String(
            decoding: UnsafeBufferPointer(start: p + start, count: min(textEnd - start, 256)), as: UTF8.self)
        let parts = text.split(separator: " ", omittingEmptySubsequences: true)
        guard textEnd - start <= 256, parts.count == 2, let count = Int(parts[0]), let dimension = Int(parts[1]),
            count > 0, dimension > 0
        else {
            throw WordVectorsError(path: path, line: 1, kind: .badHeader(text))
        }
        if dimension > WordVectors.maximumDimension {
            throw WordVectorsError(path: path, line: 1, kind: .dimensionTooLarge(dimension))
        }
        let next = min(end + 1, n)
        let needed = minimumBytes(dimension)
        if needed > n - next {
            let reason =
                "one \(record) of \(dimension) values needs at least \(needed) bytes; the file has \(n - next) after the header"
            throw WordVectorsError(
                path: path, line: 1, kind: .impossibleHeader(count: count, dimension: dimension, reason: reason))
        }
        return (count, dimension, next)
    }

    /// Dimension = fields − 1 of the first non-empty line; nil when there is none.
    static func inferDimension(_ p: UnsafePointer<UInt8>, from start: Int, to n: Int) -> Int? {
        var i = start
        while i < n {
            let end = memchrIndex(p, from: i, to: n, byte: newline) ?? n
            var e = end
            while e > i && (p[e - 1] == carriageReturn || p[e - 1] == space) { e -= 1 }
            if e > i {
                var fields = 1
                for j in i..<e where p[j] == space { fields += 1 }
                return fields - 1
            }
            i = end + 1
        }
        return nil
    }

    @inline(__always)
    static func memchrIndex(_ p: UnsafePointer<UInt8>, from start: Int, to end: Int, byte: UInt8) -> Int? {
        guard start < end else { return nil }
        guard let found = memchr(p + start, Int32(byte), end - start) else { return nil }
        return UnsafeRawPointer(found) - UnsafeRawPointer(p)
    }
}

/// The outcome of parsing one chunk.
struct ChunkResult {
    var words: [String] = []
    var lines: [Int] = []
    var log = IssueLog(strict: false)
    var failure: WordVectorsError?
}

/// Parses the lines of one chunk into consecutive matrix rows.
struct ChunkParser {
    let p: UnsafePointer<UInt8>
    let end: Int
    let fileEnd: Int
    let dimension: Int
    let path: String
    let strict: Bool
    let matrix: UnsafeMutablePointer<Float>
    let mapping: MappedFile?
    var result = ChunkResult()
    var fieldStarts: [Int] = []
    /// Text pages are handed back to the kernel every this many bytes (keeps the resident set small).
    static let releaseStep = 32 << 20

    init(
        p: UnsafePointer<UInt8>, end: Int, fileEnd: Int, dimension: Int, path: String, strict: Bool,
        matrix: UnsafeMutablePointer<Float>, mapping: MappedFile?
    ) {
        self.p = p
        self.end = end
        self.fileEnd = fileEnd
        self.dimension = dimension
        self.path = path
        self.strict = strict
        self.matrix = matrix
        self.mapping = mapping
        result.log = IssueLog(strict: strict)
    }

    mutating func run(from start: Int, firstLine: Int) {
        do {
            try parseLines(from: start, firstLine: firstLine)
        } catch {
            result.failure = error
        }
    }

    private mutating func parseLines(from start: Int, firstLine: Int) throws(WordVectorsError) {
        var i = start
        var line = firstLine
        var released = start
        while i < end {
            let newlineAt = TextVectorParser.memchrIndex(p, from: i, to: end, byte: TextVectorParser.newline)
            let lineEnd = newlineAt ?? end
            try parseLine(from: i, to: lineEnd, line: line, hasNewline: newlineAt != nil)
            i = lineEnd + 1
            line += 1
            if let mapping, i - released > Self.releaseStep {
                mapping.releasePages(released..<i)
                released = i
            }
        }
        if let mapping { mapping.releasePages(released..<min(i, end)) }
    }

    @inline(__always)
    private mutating func parseLine(from s: Int, to lineEnd: Int, line: Int, hasNewline: Bool) throws(WordVectorsError)
    {
        var e = lineEnd
        if e > s && p[e - 1] == TextVectorParser.carriageReturn {
            try result.log.repair(WordVectorsError(path: path, line: line, kind: .carriageReturn))
            e -= 1
        }
        if !hasNewline {
            try result.log.skip(WordVectorsError(path: path, line: line, kind: .truncatedLastLine))
            return
        }
        while e > s && p[e - 1] == TextVectorParser.space { e -= 1 }
        if e == s {
            try result.log.skip(WordVectorsError(path: path, line: line, kind: .emptyLine))
            return
        }
        var wordEnd = s
        while wordEnd < e && p[wordEnd] != TextVectorParser.space { wordEnd += 1 }
        let row = matrix + result.words.count * dimension
        // Fast path: exactly `dimension` numbers after the first field.
        var k = 0
        var j = wordEnd + 1
        var fast = wordEnd < e
        while fast && k < dimension {
            guard let (value, next) = DecimalFloatParser.parse(p, from: j, to: e),
                next == e || p[next] == TextVectorParser.space
            else {
                fast = false
                break
            }
            row[k] = value
            k += 1
            j = next + 1
            if next == e { break }
        }
        if !(fast && k == dimension && j == e + 1) {
            guard let start = try slowLine(from: s, to: e, line: line, row: row) else { return }
            wordEnd = start
        }
        guard let word = String(validating: UnsafeBufferPointer(start: p + s, count: wordEnd - s), as: UTF8.self) else {
            try result.log.skip(WordVectorsError(path: path, line: line, kind: .invalidUTF8))
            return
        }
        result.words.append(word)
        result.lines.append(line)
    }

    /// Splits the line into fields, takes the last `dimension` as the vector (words may contain
    /// spaces) and reports the first bad field. Returns the end of the word, or nil when skipped.
    private mutating func slowLine(from s: Int, to e: Int, line: Int, row: UnsafeMutablePointer<Float>)
        throws(WordVectorsError) -> Int?
    {
        fieldStarts.removeAll(keepingCapacity: true)
        fieldStarts.append(s)
        for j in s..<e where p[j] == TextVectorParser.space { fieldStarts.append(j + 1) }
        let fields = fieldStarts.count
        guard fields >= dimension + 1 else {
            try result.log.skip(
                WordVectorsError(path: path, line: line, kind: .wrongFieldCount(expected: dimension + 1, found: fields))
            )
            return nil
        }
        let first = fields - dimension
        for k in 0..<dimension {
            let fieldStart = fieldStarts[first + k]
            let fieldEnd = first + k + 1 < fields ? fieldStarts[first + k + 1] - 1 : e
            if let (value, next) = DecimalFloatParser.parse(p, from: fieldStart, to: fieldEnd), next == fieldEnd {
                row[k] = value
                continue
            }
            let text = String(
                decoding: UnsafeBufferPointer(start: p + fieldStart, count: min(fieldEnd - fieldStart, 200)),
                as: UTF8.self)
            let lowered = text.lowercased()
            let nonFinite = lowered.contains("nan") || lowered.contains("inf") || isOutOfRange(text)
            let kind: WordVectorsError.Kind =
                nonFinite ? .nonFinite(field: first + k + 1, text: text) : .nonNumeric(field: first + k + 1, text: text)
            try result.log.skip(WordVectorsError(path: path, line: line, kind: kind))
            return nil
        }
        return fieldStarts[first] - 1
    }

    /// True for a syntactically valid number whose value overflows `Float` (e.g. `1e39`).
    private func isOutOfRange(_ text: String) -> Bool {
        var copy = text
        return copy.withUTF8 { utf8 -> Bool in
            guard let base = utf8.baseAddress, !utf8.isEmpty else { return false }
            let grammarOK = DecimalFloatParser.parse(base, from: 0, to: utf8.count) == nil
            guard grammarOK, let value = Double(text) else { return false }
            return !Float(value).isFinite
        }
    }
}
