/// One tagged value of a TensorBoard `Summary`: a scalar, a histogram or a text.
///
/// Encoding (`tensorboard/compat/proto/summary.proto`): `Summary.Value` with `tag` (1) and one of
/// `simple_value` (2, float), `histo` (5, `HistogramProto`), or, for text, `tensor` (8, a scalar
/// `DT_STRING` `TensorProto`) with `metadata` (9) naming the `text` plugin, as TensorBoard's own text
/// summary writes it.
public struct SummaryValue: Sendable, Equatable {
    /// What the value holds.
    public enum Content: Sendable, Equatable {
        /// A number (stored as float32, as TensorBoard stores scalars).
        case scalar(Float)
        /// A histogram.
        case histogram(Histogram)
        /// Markdown text (TensorBoard's text dashboard renders it).
        case text(String)
    }

    /// The name TensorBoard shows (`epoch_loss`; `/` groups tags).
    public var tag: String
    /// The value.
    public var content: Content

    /// Creates a value.
    public init(tag: String, _ content: Content) {
        self.tag = tag
        self.content = content
    }

    /// A scalar value (rounded to float32).
    public static func scalar(_ tag: String, _ value: Double) -> SummaryValue {
        SummaryValue(tag: tag, .scalar(Float(value)))
    }

    /// Appends the `Summary.Value` message's fields to `writer`.
    func encode(into writer: inout ProtobufWriter) {
        writer.string(1, tag)
        switch content {
        case .scalar(let value):
            writer.float(2, value)  // in a oneof: written even when zero
        case .histogram(let histogram):
            writer.message(5) { h in
                h.omittingDefault(1, double: histogram.min)
                h.omittingDefault(2, double: histogram.max)
                h.omittingDefault(3, double: histogram.count)
                h.omittingDefault(4, double: histogram.sum)
                h.omittingDefault(5, double: histogram.sumOfSquares)
                h.packedDoubles(6, histogram.bucketLimits)
                h.packedDoubles(7, histogram.bucketCounts)
            }
        case .text(let text):
            writer.message(8) { tensor in
                tensor.varint(1, Self.stringDataType)
                tensor.message(2) { _ in }  // shape [] (a scalar)
                tensor.bytes(8, Array(text.utf8))
            }
            writer.message(9) { metadata in
                metadata.message(1) { plugin in plugin.string(1, "text") }
            }
        }
    }

    /// `DataType.DT_STRING` in `types.proto`.
    static let stringDataType: Int64 = 7
}
