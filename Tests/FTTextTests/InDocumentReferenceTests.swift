import FTTestSupport
import Foundation
import Testing

@testable import FTText

/// Item 7A that only points to a captioned part of Item 7 of the same 10-K (decision 0145).
@Suite struct InDocumentReferenceTests {
    /// A real filing (CIK 833444, 2023): "See "Risk Management" included in Item 7 - Management's Discussion …".
    @Test func followsTheQuotedCaptionIntoItem7() throws {
        guard
            let (filing, extraction) = try CrossReferenceTests.extraction(
                "filings-2023", "833444_0000833444-23-000048.htm.gz")
        else { return }
        let section = try #require(extraction.sections.first { $0.item == .marketRisk })
        #expect(section.method == .inDocumentReference)
        #expect(section.referencedItem == .managementDiscussion)
        #expect(section.status == .found)
        #expect(section.headings == ["RISK MANAGEMENT"])
        #expect(
            section.text.hasPrefix(
                "RISK MANAGEMENT\nThe Company selectively uses derivative instruments to reduce market risk"))
        #expect(
            section.text.hasSuffix(
                "The maturities of the commodity hedge contracts coincide with the expected purchase of the commodities."
            ))
        let scalars = Array(filing.text.unicodeScalars)
        #expect(String(String.UnicodeScalarView(scalars[section.span])) == section.text)
        let item7 = try #require(extraction.sections.first { $0.item == .managementDiscussion })
        #expect(item7.span.contains(section.span.lowerBound) && section.span.upperBound <= item7.span.upperBound)
    }

    static let body = String(repeating: "Revenue grew in every segment and margins held steady. ", count: 40)

    static func document(_ pointer: String) -> String {
        "Item 1. Business\n\(body)\nItem 7. Management's Discussion and Analysis\n\(body)\nMarket Risk\n"
            + "We are exposed to interest rate risk on our variable-rate debt.\nA 1% change would cost $2 million.\n"
            + "Critical Accounting Estimates\n\(body)\nItem 7A. Quantitative and Qualitative Disclosures About Market "
            + "Risk\n\(pointer)\nItem 8. Financial Statements\n\(body)\n"
    }

    @Test func pathCaptionIsCutAtTheNextHeadingOfTheSameLevel() throws {
        let extraction = SectionExtractor.extraction(
            from: Self.document(
                "The information required by this item is set forth in \"Item 7 — Management's Discussion and "
                    + "Analysis — Market Risk\"."))
        let section = try #require(extraction.sections.first { $0.item == .marketRisk })
        #expect(section.method == .inDocumentReference)
        #expect(section.text.hasPrefix("Market Risk\nWe are exposed to interest rate risk"))
        #expect(section.text.hasSuffix("A 1% change would cost $2 million."))
    }

    /// No caption: the pointer is kept and Item 7 is not copied into 7A.
    @Test func pointerWithoutCaptionIsRecordedNotCopied() throws {
        let pointer = "The information required by this item is included in Item 7 of this report."
        let section = try #require(
            SectionExtractor.extraction(from: Self.document(pointer)).sections.first { $0.item == .marketRisk })
        #expect(section.method == .inDocumentReference)
        #expect(section.status == .incorporatedByReference)
        #expect(section.referencedItem == .managementDiscussion)
        #expect(section.text.hasSuffix(pointer))
        #expect(section.warnings.contains { $0.contains("without naming a caption") })
    }

    @Test func captionNotFoundIsAWarning() throws {
        let section = try #require(
            SectionExtractor.extraction(from: Self.document("See \"Financial Risk Management\" in Item 7."))
                .sections.first { $0.item == .marketRisk })
        #expect(section.status == .incorporatedByReference)
        #expect(
            section.warnings.contains {
                $0.contains("\"Financial Risk Management\"") && $0.contains("no such heading was found")
            })
    }

    /// A pointer to the annual report (Exhibit 13) is not an in-document reference.
    @Test func annualReportPointerIsLeftToExhibit13() throws {
        let section = try #require(
            SectionExtractor.extraction(
                from: Self.document(
                    "Incorporated herein by reference to \"Market Risk\" in Item 7 of the Annual Report to "
                        + "Shareholders.")
            ).sections.first { $0.item == .marketRisk })
        #expect(section.method == .heading)
    }
}
