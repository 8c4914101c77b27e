/// What ``SectionExtractor/extraction(from:)-(Filing)`` found: the items, and what it could not resolve.
public struct SectionExtraction: Sendable {
    /// The items found, in item order (1, 1A, 7, 7A); items not found are absent.
    public var sections: [ItemSection]
    /// Items that point somewhere the extractor could not follow, each starting "Item N: " (index pages not
    /// among the page footers, an incorporated item whose exhibit is not in the file, …). Warnings about a
    /// found section's boundaries are in its own ``ItemSection/warnings``.
    public var warnings: [String]

    /// An extraction from its parts.
    public init(sections: [ItemSection], warnings: [String] = []) {
        self.sections = sections
        self.warnings = warnings
    }
}
