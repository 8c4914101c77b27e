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

    /// How the item was located (`extract --format json` prints the raw value as `"method"`).
    public enum Method: String, Sendable, Codable {
        /// Under its own "Item N." heading in the 10-K's text.
        case heading
        /// From the page ranges (or section names) of a "Form 10-K Cross-Reference Index".
        case crossReference = "cross-reference"
        /// From the Exhibit 13 (annual report to shareholders) that the item incorporates by reference.
        case exhibit13 = "exhibit-13"
        /// From another item of the same 10-K that the item's short text points to ("… is included in Item 7
        /// … under the caption 'Market Risk'"): the captioned subsection, or only the pointer (decision 0145).
        case inDocumentReference = "in-document-reference"
    }

    /// Which item.
    public var item: FilingItem
    /// The heading line as it appears ("ITEM 1A. RISK FACTORS").
    public var title: String
    /// The section's position in ``Filing/text`` in Unicode scalar offsets (Python `str` indices), from the
    /// start of its heading line to the start of the next item's heading (trailing whitespace excluded).
    /// For an item made of several ``parts`` it runs from the first part's start to the last part's end; for
    /// an Exhibit 13 item it indexes the exhibit's text.
    public var span: Range<Int>
    /// The same position in UTF-8 byte offsets.
    public var utf8Span: Range<Int>
    /// The section text, heading line included.
    public var text: String
    /// Found, incorporated by reference, or not applicable.
    public var status: Status
    /// Why the boundaries may be doubtful (short section, no following heading, …); empty when confident.
    public var warnings: [String]
    /// How the item was located.
    public var method: Method
    /// The printed page numbers the text was taken from (cross-reference index or Exhibit 13 pages, as
    /// `first...last` ranges in the order used; for an item with named sections, the pages those lie on, in
    /// page order); empty when the item was found by its heading or the document has no page footers.
    public var pages: [ClosedRange<Int>]
    /// The exhibit the text comes from (its `<TYPE>`, such as "EX-13.1") for ``Method/exhibit13``; for an
    /// item left ``Status/incorporatedByReference`` whose exhibit is not at hand, the exhibit it points to
    /// ("EX-13", "EX-13.1"); nil otherwise.
    public var exhibit: String?
    /// The pieces ``text`` is made of, in Unicode scalar offsets of the document they come from
    /// (``Filing/text``, or the exhibit's ``FilingExhibit/text`` when ``exhibit`` is set and the method is
    /// ``Method/exhibit13``). One piece equal to ``span`` for a heading section; a cross-referenced item may
    /// have several (GE's Item 1 is pages 4-13 and 78-80), joined in ``text`` by a newline.
    public var parts: [Range<Int>]
    /// The headings of the body the text was taken under, as they appear ("RISK FACTORS"), for an item that a
    /// cross-reference index names by section instead of (or besides) pages; empty otherwise.
    public var headings: [String]
    /// The item of the same 10-K that this item's text points to, for ``Method/inDocumentReference``; nil
    /// otherwise.
    public var referencedItem: FilingItem?

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
        status: Status = .found, warnings: [String] = [], method: Method = .heading, pages: [ClosedRange<Int>] = [],
        exhibit: String? = nil, parts: [Range<Int>]? = nil, headings: [String] = []
    ) {
        self.item = item
        self.title = title
        self.span = span
        self.utf8Span = utf8Span
        self.text = text
        self.status = status
        self.warnings = warnings
        self.method = method
        self.pages = pages
        self.exhibit = exhibit
        self.parts = parts ?? [span]
        self.headings = headings
        self.referencedItem = nil
    }
}
