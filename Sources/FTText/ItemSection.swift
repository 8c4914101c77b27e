/// One extracted 10-K item: where it is in the filing's text and what it says.
public struct ItemSection: Sendable, Equatable {
    /// How the item presents itself.
    public enum Status: String, Sendable, Codable {
        /// A real section with content.
        case found
        /// The item only points elsewhere ("… is incorporated herein by reference to …").
        case incorporatedByReference
        /// The item says it does not apply ("Not applicable", "not required for smaller reporting companies").
        case notApplicable
    }

    /// Which item.
    public var item: FilingItem
    /// The heading line as it appears ("ITEM 1A. RISK FACTORS").
    public var title: String
    /// The section's position in ``Filing/text`` in Unicode scalar offsets (Python `str` indices), from the
    /// start of its heading line to the start of the next item's heading (trailing whitespace excluded).
    public var span: Range<Int>
    /// The same position in UTF-8 byte offsets.
    public var utf8Span: Range<Int>
    /// The section text, heading line included.
    public var text: String
    /// Found, incorporated by reference, or not applicable.
    public var status: Status
    /// Why the boundaries may be doubtful (short section, no following heading, …); empty when confident.
    public var warnings: [String]

    /// ``text`` without page furniture inside the section: lines that are only a page number ("52", "F-3",
    /// "ii", "Page 7") or a running header ("Table of Contents", "Index"), through ``PageFurniture/removed(from:)``,
    /// which the classifier applies to every document itself; ``span`` still describes ``text``.
    /// - Complexity: O(text length).
    public var textWithoutPageFurniture: String {
        PageFurniture.removed(from: text)
    }

    /// The item id as the study and EDGAR write it: "1", "1A", "7", "7A".
    public var id: String { item.rawValue }

    /// A section from its parts.
    public init(
        item: FilingItem, title: String, span: Range<Int>, utf8Span: Range<Int>, text: String,
        status: Status = .found, warnings: [String] = []
    ) {
        self.item = item
        self.title = title
        self.span = span
        self.utf8Span = utf8Span
        self.text = text
        self.status = status
        self.warnings = warnings
    }
}
