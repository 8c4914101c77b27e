/// Where `padSequences` adds padding or removes values: Keras's `'pre'` or `'post'`.
public enum PaddingSide: String, Sendable, Codable {
    /// At the start of the sequence (Keras's default for both padding and truncating).
    case pre
    /// At the end of the sequence.
    case post
}

extension PaddingSide {
    /// Where a sequence of `count` values lands in a row of `width` (Keras `pad_sequences`): the part of
    /// the sequence kept and the row position of its first value.
    public static func placement(
        count: Int, width: Int, padding: PaddingSide, truncating: PaddingSide
    ) -> (kept: Range<Int>, offset: Int) {
        let kept = min(count, width)
        return (truncating == .pre ? (count - kept)..<count : 0..<kept, padding == .pre ? width - kept : 0)
    }
}

/// Pads or truncates sequences to one length (Keras `pad_sequences`).
///
/// Each output row has `length` values. A shorter sequence is padded with `value` at the start (`.pre`) or
/// end (`.post`); a longer one loses its first (`.pre`) or last (`.post`) values. Keras's defaults are
/// `.pre` for both, which the study kept.
///
/// - Parameters:
///   - sequences: Word-index sequences.
///   - length: Keras `maxlen`; nil means the longest sequence's length.
///   - padding: Keras `padding`, default `.pre`.
///   - truncating: Keras `truncating`, default `.pre`.
///   - value: Keras `value`, default 0.
/// - Returns: `sequences.count` rows of `length` values (Keras returns an int32 array of shape `(n, length)`).
/// - Precondition: `length >= 0`.
/// - Complexity: O(sequences.count × length).
public func padSequences(
    _ sequences: [[Int32]], length: Int? = nil, padding: PaddingSide = .pre,
    truncating: PaddingSide = .pre, value: Int32 = 0
) -> [[Int32]] {
    let flat = padSequencesFlat(
        sequences, length: length, padding: padding, truncating: truncating, value: value)
    let width = length ?? sequences.map(\.count).max() ?? 0
    return (0..<sequences.count).map { Array(flat[($0 * width)..<(($0 + 1) * width)]) }
}

/// ``padSequences(_:length:padding:truncating:value:)`` into one row-major buffer of
/// `sequences.count × length` values, ready to become a `[batch, length]` tensor without copying rows.
///
/// - Precondition: `length >= 0` and `sequences.count × length` representable (callers check sizes first).
public func padSequencesFlat(
    _ sequences: [[Int32]], length: Int? = nil, padding: PaddingSide = .pre,
    truncating: PaddingSide = .pre, value: Int32 = 0
) -> [Int32] {
    let width = length ?? sequences.map(\.count).max() ?? 0
    precondition(width >= 0, "padSequences expected length >= 0. Received: \(width)")
    let (count, overflow) = sequences.count.multipliedReportingOverflow(by: width)
    precondition(
        !overflow, "padSequences expected sequences × length to fit in Int. Received: \(sequences.count) × \(width)")
    var output = [Int32](repeating: value, count: count)
    output.withUnsafeMutableBufferPointer { out in
        for (row, sequence) in sequences.enumerated() {
            let (source, offset) = PaddingSide.placement(
                count: sequence.count, width: width, padding: padding, truncating: truncating)
            var k = row * width + offset
            for i in source {
                out[k] = sequence[i]
                k += 1
            }
        }
    }
    return output
}
