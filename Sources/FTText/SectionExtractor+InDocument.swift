/// Items whose own text only points to another item of the same 10-K ("The information required by this item
/// is included in Item 7 … under the caption “Market Risk”"), followed there (decision 0145).
extension SectionExtractor {
    /// Longest body (bytes after the heading line) an item may have and still be read as a bare pointer.
    static let pointerBodyLimit = 1000

    /// Replaces each short heading section that points to another found item of the same document by the
    /// captioned subsection of that item (method ``ItemSection/Method/inDocumentReference``); when no caption
    /// is named, or it is not a heading inside that item, the pointer is kept as it is, marked with the same
    /// method, ``ItemSection/referencedItem`` and a warning, and status ``ItemSection/Status/incorporatedByReference``:
    /// the referenced item's whole text is never copied. UTF-8 spans (scalars are filled in by the caller).
    /// - Complexity: O(n) in the text length once a pointer is found (the body's headings are collected), else
    ///   O(short sections).
    static func resolveInDocumentReferences(_ sections: inout [ItemSection], _ p: UnsafeBufferPointer<UInt8>) {
        var body: NamedSections.BodyHeadings?
        for k in sections.indices where sections[k].method == .heading && sections[k].status != .notApplicable {
            let section = sections[k]
            guard let (target, captions) = pointer(section), target != section.item,
                let referenced = sections.first(where: {
                    $0.item == target && $0.method == .heading && $0.status == .found
                })
            else { continue }
            let range = referenced.utf8Span
            if body == nil { body = NamedSections.BodyHeadings(p, excluding: 0..<0) }
            var located: (NamedSections.BodyHeadings.Occurrence, String)?
            for caption in captions {
                let inside = { (o: NamedSections.BodyHeadings.Occurrence) in
                    o.start > range.lowerBound && o.start < range.upperBound
                }
                if let o = body!.occurrences(caption, exactly: true).first(where: inside)
                    ?? body!.occurrences(caption).first(where: inside)
                {
                    located = (o, caption)
                    break
                }
            }
            var pointed = section
            pointed.method = .inDocumentReference
            pointed.referencedItem = target
            guard let (heading, _) = located else {
                pointed.status = .incorporatedByReference
                pointed.warnings =
                    captions.isEmpty
                    ? [
                        "the item points to Item \(target.rawValue) without naming a caption; Item \(target.rawValue)'s "
                            + "text is not copied"
                    ]
                    : [
                        "the item points to \(captions.map { "\"\($0)\"" }.joined(separator: ", ")) in Item "
                            + "\(target.rawValue), but no such heading was found there"
                    ]
                sections[k] = pointed
                continue
            }
            let limit = range.upperBound
            let end = trimTrailingPageFurniture(
                p, heading.lineEnd, NamedSections.sameLevelEnd(p, after: heading, limit: limit) ?? limit)
            let span = heading.start..<max(end, heading.headingEnd)
            pointed.span = span
            pointed.utf8Span = span
            pointed.parts = [span]
            pointed.text = String(decoding: UnsafeBufferPointer(rebasing: p[span]), as: UTF8.self)
            pointed.status = .found
            pointed.warnings = []
            pointed.headings = [
                String(decoding: UnsafeBufferPointer(rebasing: p[heading.start..<heading.headingEnd]), as: UTF8.self)
                    .trimmingSpaces()
            ]
            sections[k] = pointed
        }
    }

    /// The studied item a short section's text points to ("included in Item 7", "see Item 7 — …") and the
    /// captions it names (quoted names; of a path "Item 7 — MD&A — Market Risk" its last part), or nil when the
    /// body is long, names no other studied item, or points outside the document (annual report, exhibit,
    /// proxy statement).
    static func pointer(_ section: ItemSection) -> (FilingItem, [String])? {
        let text = section.text
        guard let firstLine = text.firstIndex(of: "\n") else { return nil }
        let bodyText = String(text[text.index(after: firstLine)...])
        guard bodyText.utf8.count <= pointerBodyLimit else { return nil }
        let lower = bodyText.lowercased()
        guard IncorporationReference.parse(bodyText).exhibit == nil, !lower.contains("proxy"),
            !lower.contains("exhibit")
        else { return nil }
        let words = PageHeading.words(lower)
        var target: FilingItem?
        for (i, word) in words.enumerated() where word == "item" && i + 1 < words.count {
            let id = words[i + 1].uppercased()
            if let item = FilingItem(rawValue: id), item != section.item {
                target = item
                break
            }
        }
        guard let target else { return nil }
        var captions: [String] = []
        for name in NamedSections.takeQuoted(bodyText).names {
            var last = name
            while let (_, child) = NamedSections.splitPath(last) { last = child }
            let key = NamedSections.key(last)
            if key.hasPrefix("item ") || key.hasPrefix("management s discussion") || key.isEmpty { continue }
            captions.append(last)
        }
        return (target, captions)
    }
}
