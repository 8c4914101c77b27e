/// The forms of the SEC's identifiers that FinText accepts from files (decision 0105).
public enum SECCodes {
    /// A Central Index Key: 1 to 10 ASCII digits (leading zeros allowed, as EDGAR pads them), or empty
    /// when unknown. `1e308`, `-5` and `12345678901` are not CIKs.
    public static func isCIK(_ text: String) -> Bool {
        text.isEmpty || (text.utf8.count <= 10 && text.utf8.allSatisfy { $0 >= 0x30 && $0 <= 0x39 })
    }

    /// A Standard Industrial Classification code: 1 to 4 ASCII digits (EDGAR writes `0100`…`9999`; some
    /// sources drop the leading zero). `-5`, `3845.0` and `12345` are not SIC codes.
    public static func isSIC(_ text: String) -> Bool {
        !text.isEmpty && text.utf8.count <= 4 && text.utf8.allSatisfy { $0 >= 0x30 && $0 <= 0x39 }
    }
}
