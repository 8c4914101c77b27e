import Foundation

extension DecodingError {
    /// One line naming the field at fault and what was wrong with it: `key 'model.weights': expected …`.
    var fieldMessage: String {
        switch self {
        case .typeMismatch(_, let context), .valueNotFound(_, let context), .dataCorrupted(let context),
            .keyNotFound(_, let context):
            let key = context.codingPath.map(\.stringValue).joined(separator: ".")
            return key.isEmpty ? context.debugDescription : "key '\(key)': \(context.debugDescription)"
        @unknown default:
            return "\(self)"
        }
    }
}
