import Foundation
import Testing

/// Checks that two possibly-undefined values agree: both nil, or within `tolerance` relative error
/// (an expected exact 0, such as R's underflowed p-value, accepts anything below 1e-300).
func expectAgree(
    _ actual: Double?, _ expected: Double?, tolerance: Double = 1e-9, _ what: @autoclosure () -> String,
    sourceLocation: SourceLocation = #_sourceLocation
) {
    switch (actual, expected) {
    case (nil, nil):
        return
    case (let a?, let e?):
        let scale = max(abs(a), abs(e))
        let ok = a.isFinite && (abs(a - e) <= tolerance * scale || (e == 0 && abs(a) < 1e-300))
        #expect(ok, "\(what()): Swift \(a), reference \(e)", sourceLocation: sourceLocation)
    default:
        Issue.record(
            "\(what()): Swift \(String(describing: actual)), reference \(String(describing: expected))",
            sourceLocation: sourceLocation)
    }
}
