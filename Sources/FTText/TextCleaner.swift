/// Configurable text cleaning for the model's input, working on UTF-8 bytes.
///
/// Steps, in order, over one pass of the bytes:
/// 1. URLs are dropped (`http://…`, `https://…`, `www.…` up to the next whitespace), case-insensitively.
/// 2. Digits `0-9` are deleted when `removeDigits` (so `10-K` becomes ` K`, and `abc1d` becomes `abcd`).
/// 3. Every other byte that is not an ASCII letter (or a kept digit) separates words: punctuation, symbols,
///    whitespace and all non-ASCII characters (curly quotes, dashes, accented letters).
/// 4. Words are lower-cased (ASCII) when `lowercase`.
/// 5. Words shorter than `minimumTokenLength` and stop words are dropped.
/// 6. The remaining words are joined by single spaces.
///
/// The Python equivalent (used by the golden tests and the benchmark's reference) is
/// ```python
/// text = re.sub(r'(?i)(?:https?://|www\.)\S+', ' ', text)
/// text = re.sub(r'[0-9]+', '', text)
/// text = re.sub(r'[^A-Za-z]+', ' ', text).lower()
/// ' '.join(t for t in text.split() if len(t) >= 2 and t not in STOP_WORDS)
/// ```
/// Non-ASCII letters separating words is a choice recorded in docs/decisions/0011-cleaner-ascii-words.md.
///
/// - Complexity: O(n) in the text's UTF-8 length, one hash lookup per word; no `String` per word.
public struct TextCleaner: Sendable {
    /// Lower-case ASCII letters.
    public var lowercase: Bool
    /// Drop `http://`, `https://` and `www.` URLs.
    public var removeURLs: Bool
    /// Delete the digits 0-9 (they do not split words); when false digits are word characters.
    public var removeDigits: Bool
    /// Words shorter than this many characters are dropped (2 in the study).
    public var minimumTokenLength: Int
    /// Words to drop, compared after lower-casing.
    public var stopWords: [String] {
        didSet {
            stopTable = Self.table(stopWords)
            longestStopWordLength = stopWords.map(\.utf8.count).max() ?? 0
            stopFilter = Self.filter(stopWords)
        }
    }
    private var stopTable: WordTable
    private var longestStopWordLength: Int
    /// Bit `last` of `stopFilter[length * 26 + first]` is set when a stop word of that length starts and ends
    /// with those letters (a–z); a clear bit skips the hash probe. Empty when a stop word has other bytes.
    private var stopFilter: [UInt32]

    /// A cleaner with the given options.
    ///
    /// The defaults are the study preset (`TextCleaner.study`): lowercase, drop URLs, drop digits, NLTK's 179
    /// English stop words, drop words under 2 characters.
    /// - Precondition: `minimumTokenLength >= 0`.
    public init(
        lowercase: Bool = true, removeURLs: Bool = true, removeDigits: Bool = true,
        stopWords: [String] = StopWords.nltkEnglish, minimumTokenLength: Int = 2
    ) {
        precondition(
            minimumTokenLength >= 0,
            "TextCleaner expected minimumTokenLength >= 0. Received: \(minimumTokenLength)")
        self.lowercase = lowercase
        self.removeURLs = removeURLs
        self.removeDigits = removeDigits
        self.minimumTokenLength = minimumTokenLength
        self.stopWords = stopWords
        self.stopTable = Self.table(stopWords)
        self.longestStopWordLength = stopWords.map(\.utf8.count).max() ?? 0
        self.stopFilter = Self.filter(stopWords)
    }

    /// The published study's cleaning: lowercase; drop URLs; punctuation and non-word characters to spaces;
    /// drop digits; drop NLTK's English stop words; drop words shorter than 2 characters; collapse whitespace.
    public static let study = TextCleaner()

    /// A light preset: lowercase, drop URLs, punctuation to spaces, keep digits and stop words, keep every word.
    public static let minimal = TextCleaner(
        removeDigits: false, stopWords: [], minimumTokenLength: 1)

    /// Cleans `text`, optionally prefixing the study's augmentation words.
    ///
    /// - Parameters:
    ///   - text: Any text (a section body).
    ///   - item: When given, the document starts with the item's title word (`riskfactors`, …) as in the study.
    ///   - ticker: When given, its lower-cased form follows the title word (`businessoverview acad …`).
    /// - Returns: Words separated by single spaces, no leading or trailing space.
    public func clean(_ text: String, item: FilingItem? = nil, ticker: String? = nil) -> String {
        var output: [UInt8] = []
        output.reserveCapacity(text.utf8.count)
        if let item { output.append(contentsOf: item.studyTitleWord.utf8) }
        if let ticker, !ticker.isEmpty {
            if !output.isEmpty { output.append(0x20) }
            output.append(contentsOf: ticker.lowercased().utf8)
        }
        var copy = text
        copy.withUTF8 { clean($0, appendingTo: &output) }
        return String(decoding: output, as: UTF8.self)
    }

    /// Cleans UTF-8 bytes, appending the words (space-separated, with a space before the first one when
    /// `output` is not empty) to `output`. Invalid UTF-8 is harmless: every non-ASCII byte separates words.
    ///
    /// - Complexity: O(bytes.count).
    public func clean(_ bytes: UnsafeBufferPointer<UInt8>, appendingTo output: inout [UInt8]) {
        guard let base = bytes.baseAddress, bytes.count > 0 else { return }
        let n = bytes.count
        let start = output.count
        // Cleaned text never exceeds the input plus one separating space: write in place, then trim.
        output.append(contentsOf: repeatElement(0, count: n + 1))
        let written = output.withUnsafeMutableBufferPointer { outBuffer -> Int in
            guard let out = outBuffer.baseAddress else { return start }
            return scanWords(base, n, out, start: start, separated: true) { _, _, _, _ in }
        }
        output.removeSubrange(written...)
    }

    /// Byte classes: a letter maps to itself (or its lower case), a digit to 1, anything else to 0.
    private static let classesLower: [UInt8] = makeClasses(lower: true)
    private static let classesKeep: [UInt8] = makeClasses(lower: false)

    private static func makeClasses(lower: Bool) -> [UInt8] {
        var table = [UInt8](repeating: 0, count: 256)
        for b in UInt8(ascii: "a")...UInt8(ascii: "z") { table[Int(b)] = b }
        for b in UInt8(ascii: "A")...UInt8(ascii: "Z") { table[Int(b)] = lower ? b | 0x20 : b }
        for b in UInt8(ascii: "0")...UInt8(ascii: "9") { table[Int(b)] = 1 }
        return table
    }

    private static func filter(_ words: [String]) -> [UInt32] {
        let longest = words.map(\.utf8.count).max() ?? 0
        var filter = [UInt32](repeating: 0, count: (longest + 1) * 26)
        for word in words {
            let bytes = Array(word.utf8)
            guard let first = bytes.first, let last = bytes.last,
                bytes.allSatisfy({ $0 >= 0x61 && $0 <= 0x7A })
            else {
                if !bytes.isEmpty { return [] }
                continue
            }
            filter[bytes.count * 26 + Int(first - 0x61)] |= 1 << UInt32(last - 0x61)
        }
        return filter
    }

    private static func table(_ words: [String]) -> WordTable {
        var table = WordTable(minimumCapacity: max(16, words.count))
        for word in words { table.insert(word) }
        return table
    }

    /// The UTF-8 byte range in `text` of each word `clean(text)` keeps, in order: the `k`-th range is where
    /// the `k`-th cleaned word came from (from its first to its last letter; digits deleted inside it are
    /// included). Used to point explanations back at the original text.
    /// - Complexity: O(text's UTF-8 length).
    public func wordSpans(in text: String) -> [Range<Int>] {
        var spans: [Range<Int>] = []
        var copy = text
        copy.withUTF8 { bytes in
            guard let base = bytes.baseAddress, bytes.count > 0 else { return }
            var buffer = [UInt8](repeating: 0, count: bytes.count + 1)
            buffer.withUnsafeMutableBufferPointer { out in
                guard let outBase = out.baseAddress else { return }
                _ = scanWords(base, bytes.count, outBase, start: 0, separated: false) { _, _, _, source in
                    spans.append(source)
                }
            }
        }
        return spans
    }

    /// The cleaning loop. With `separated`, kept words are written at `out + start…` separated by single
    /// spaces and the end offset is returned. Without, each kept word is written at `out` and passed to
    /// `word(pointer, length, hash, source)` (the tokenizer's fused path; `hash` is `WordTable.hash` of the
    /// word, `source` the byte range of `base` it came from); `out` must hold `n + 1` bytes either way.
    @inline(__always)
    func scanWords(
        _ base: UnsafePointer<UInt8>, _ n: Int, _ out: UnsafeMutablePointer<UInt8>, start: Int, separated: Bool,
        _ word: (UnsafeMutablePointer<UInt8>, Int, UInt64, Range<Int>) -> Void
    ) -> Int {
        let classes = lowercase ? Self.classesLower : Self.classesKeep
        let digitsAreWords = !removeDigits
        let minimumLength = minimumTokenLength
        let longestStopWord = stopTable.count > 0 ? longestStopWordLength : -1
        let useFilter = !stopFilter.isEmpty
        return classes.withUnsafeBufferPointer { classBuffer -> Int in
            guard let cls = classBuffer.baseAddress else { return start }
            return stopFilter.withUnsafeBufferPointer { filter -> Int in
                var w = start  // end of the committed output
                var i = 0
                while i < n {
                    // Separators are skipped; a letter or digit starts a word.
                    if cls[Int(base[i])] == 0 {
                        i += 1
                        continue
                    }
                    // A word: letters (and digits) up to the next separator; deleted digits join its parts.
                    let mark = w
                    if !separated {
                        w = 0
                    } else if w > 0 {
                        out[w] = 0x20
                        w += 1
                    }
                    let tokenStart = w
                    let sourceStart = i
                    while i < n {
                        let b = base[i]
                        let c = cls[Int(b)]
                        if c >= 0x41 {
                            out[w] = c
                            w += 1
                        } else if c == 1 {
                            if digitsAreWords {
                                out[w] = b
                                w += 1
                            }
                        } else {
                            break
                        }
                        i += 1
                    }
                    // A URL starts in the letters just read when they end in "http"/"https" before "://", or in
                    // "www" before "."; Python's regex runs before digits are deleted, so this looks at raw bytes.
                    var sourceEnd = i
                    if removeURLs && i < n, let urlStart = Self.urlStart(base, i, n),
                        let end = Self.urlEnd(base, urlStart, n)
                    {
                        w -= i - urlStart
                        sourceEnd = urlStart
                        i = end
                    }
                    let length = w - tokenStart
                    var mayBeStop = length <= longestStopWord && length > 0
                    if mayBeStop && useFilter {
                        let first = Int(out[tokenStart]) &- 0x61
                        let last = Int(out[tokenStart + length - 1]) &- 0x61
                        if first >= 0 && first < 26 && last >= 0 && last < 26 {
                            mayBeStop = filter[length * 26 + first] & (1 << UInt32(last)) != 0
                        }
                    }
                    let hash = !separated || mayBeStop ? WordTable.hash(out + tokenStart, length) : 0
                    if length == 0 || length < minimumLength
                        || (mayBeStop && stopTable.find(out + tokenStart, length, hash: hash) != nil)
                    {
                        w = mark
                    } else if !separated {
                        word(out, length, hash, sourceStart..<sourceEnd)
                    }
                }
                return w
            }
        }
    }

    /// True when every word this cleaner emits reaches a tokenizer unchanged: the tokenizer splits on none of
    /// the word characters and does not lower-case words the cleaner kept in upper case.
    func feedsUnchanged(_ tokenizer: Tokenizer) -> Bool {
        let wordBytes = Array("abcdefghijklmnopqrstuvwxyzABCDEFGHIJKLMNOPQRSTUVWXYZ0123456789".utf8)
        guard !wordBytes.contains(where: { tokenizer.separators[Int($0)] }) else { return false }
        return lowercase || !tokenizer.lowercase
    }

    /// When the separator at `i` (`:` of `://` or `.`) ends a URL prefix (`http`, `https`, `www`, any case)
    /// made of the letters just before it, the prefix's start index.
    @inline(__always)
    static func urlStart(_ p: UnsafePointer<UInt8>, _ i: Int, _ n: Int) -> Int? {
        @inline(__always) func lower(_ k: Int) -> UInt8 { p[k] | 0x20 }
        let b = p[i]
        if b == 0x3A {  // ':'
            guard i + 2 < n, p[i + 1] == 0x2F, p[i + 2] == 0x2F, i >= 4 else { return nil }
            if i >= 5 && lower(i - 5) == 0x68 && lower(i - 4) == 0x74 && lower(i - 3) == 0x74 && lower(i - 2) == 0x70
                && lower(i - 1) == 0x73
            {
                return i - 5
            }
            if lower(i - 4) == 0x68 && lower(i - 3) == 0x74 && lower(i - 2) == 0x74 && lower(i - 1) == 0x70 {
                return i - 4
            }
            return nil
        }
        if b == 0x2E, i >= 3, lower(i - 3) == 0x77, lower(i - 2) == 0x77, lower(i - 1) == 0x77 {  // "www."
            return i - 3
        }
        return nil
    }

    /// When a URL starts at `i`, the index just past it (the next whitespace), else nil.
    /// Matches Python's `(?i)(?:https?://|www\.)\S+`.
    @inline(__always)
    static func urlEnd(_ p: UnsafePointer<UInt8>, _ i: Int, _ n: Int) -> Int? {
        var j = i
        @inline(__always) func lower(_ k: Int) -> UInt8 { k < n ? p[k] | 0x20 : 0 }
        if lower(j) == 0x77 {  // www.
            guard lower(j + 1) == 0x77, lower(j + 2) == 0x77, j + 3 < n, p[j + 3] == 0x2E else { return nil }
            j += 4
        } else {  // http:// or https://
            guard lower(j + 1) == 0x74, lower(j + 2) == 0x74, lower(j + 3) == 0x70 else { return nil }
            j += 4
            if lower(j) == 0x73 { j += 1 }
            guard j + 2 < n, p[j] == 0x3A, p[j + 1] == 0x2F, p[j + 2] == 0x2F else { return nil }
            j += 3
        }
        guard j < n, whitespaceLength(p, j, n) == 0 else { return nil }
        while j < n && whitespaceLength(p, j, n) == 0 {
            j += 1
        }
        return j
    }

    /// The UTF-8 length of the whitespace character at `j` (Python's `str.isspace`), or 0.
    @inline(__always)
    static func whitespaceLength(_ p: UnsafePointer<UInt8>, _ j: Int, _ n: Int) -> Int {
        let b = p[j]
        if b < 0x80 { return (b >= 0x09 && b <= 0x0D) || (b >= 0x1C && b <= 0x20) ? 1 : 0 }
        if b == 0xC2, j + 1 < n { return p[j + 1] == 0x85 || p[j + 1] == 0xA0 ? 2 : 0 }
        if b == 0xE1, j + 2 < n { return p[j + 1] == 0x9A && p[j + 2] == 0x80 ? 3 : 0 }
        if b == 0xE2, j + 2 < n {
            let c = p[j + 1]
            let d = p[j + 2]
            if c == 0x80 && (d <= 0x8A || d == 0xA8 || d == 0xA9 || d == 0xAF) { return 3 }
            if c == 0x81 && d == 0x9F { return 3 }
            return 0
        }
        if b == 0xE3, j + 2 < n { return p[j + 1] == 0x80 && p[j + 2] == 0x80 ? 3 : 0 }
        return 0
    }
}
