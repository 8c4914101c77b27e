import Foundation

/// One record of a TensorBoard event file: an `Event` message (`tensorboard/compat/proto/event.proto`).
///
/// Fields: `wall_time` (1, seconds since 1970 as a double), `step` (2, int64) and one of `file_version`
/// (3, the first event of every file: `"brain.Event:2"`) or `summary` (5, a `Summary` whose `value` (1)
/// fields are `SummaryValue`s).
public struct TensorBoardEvent: Sendable, Equatable {
    /// What the event carries.
    public enum Content: Sendable, Equatable {
        /// The file's format version (the first event of a file).
        case fileVersion(String)
        /// Tagged values at this step.
        case summary([SummaryValue])
    }

    /// The version string TensorBoard expects in the first event.
    public static let currentFileVersion = "brain.Event:2"

    /// When the event was written, in seconds since 1970-01-01 UTC.
    public var wallTime: Double
    /// The step the values belong to (TensorBoard's x axis).
    public var step: Int64
    /// The payload.
    public var content: Content

    /// Creates an event.
    public init(wallTime: Double, step: Int64, _ content: Content) {
        self.wallTime = wallTime
        self.step = step
        self.content = content
    }

    /// An event holding `values` at `step`, stamped with the current time.
    public static func summary(step: Int, _ values: [SummaryValue]) -> TensorBoardEvent {
        TensorBoardEvent(wallTime: Date().timeIntervalSince1970, step: Int64(step), .summary(values))
    }

    /// The serialized `Event` message (proto3: a zero wall time or step is omitted, as Google's encoders
    /// omit it).
    public func encoded() -> [UInt8] {
        var writer = ProtobufWriter()
        writer.omittingDefault(1, double: wallTime)
        writer.omittingDefault(2, varint: step)
        switch content {
        case .fileVersion(let version):
            writer.string(3, version)
        case .summary(let values):
            writer.message(5) { summary in
                for value in values { summary.message(1) { value.encode(into: &$0) } }
            }
        }
        return writer.encoded
    }
}
