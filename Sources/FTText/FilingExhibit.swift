/// An exhibit filed with the 10-K that extraction may need: Exhibit 13, the annual report to shareholders,
/// into which Items 7 and 7A (and others) are often incorporated by reference.
public struct FilingExhibit: Sendable, Equatable {
    /// The exhibit's type as EDGAR states it ("EX-13", "EX-13.1"); for a file in a submission folder, derived
    /// from its name ("d10k_ex13.htm" → "EX-13").
    public var type: String
    /// The `<DESCRIPTION>` line or the file name.
    public var description: String
    /// The exhibit as clean text (same rules as ``Filing/text``).
    public var text: String

    /// An exhibit from its parts.
    public init(type: String, description: String, text: String) {
        self.type = type
        self.description = description
        self.text = text
    }
}
