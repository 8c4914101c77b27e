internal import FTIO
internal import Foundation

/// Number formatting shared by the Markdown, HTML and terminal renderings.
enum Formatting {
    /// How an undefined value (a division by zero) is shown.
    static let undefined = "undefined"

    /// A value with `digits` decimals, or `undefined`.
    static func number(_ value: Double?, digits: Int = 4) -> String {
        guard let value, value.isFinite else { return undefined }
        return String(format: "%.\(digits)f", value)
    }

    /// A p-value: 4 significant digits, scientific below 1e-4, and "< 1e-300" for an underflow to 0.
    static func pValue(_ value: Double?) -> String {
        guard let value, value.isFinite else { return undefined }
        if value == 0 { return "< 1e-300" }
        if value < 1e-4 { return String(format: "%.3e", value) }
        return String(format: "%.4f", value)
    }

    /// A share as a percentage with one decimal (`Percent.formatted`), or `undefined`.
    static func percent(_ value: Double?) -> String {
        value.map(Percent.formatted) ?? undefined
    }

    /// `text` padded with spaces to `width` characters (on the left when `right`).
    static func pad(_ text: String, _ width: Int, right: Bool = true) -> String {
        let fill = String(repeating: " ", count: max(0, width - text.count))
        return right ? fill + text : text + fill
    }
}
