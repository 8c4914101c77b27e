import FTTestSupport
import Foundation
import Testing

@testable import FTText

/// Cross-reference index rows that name sections instead of (or besides) pages (issue 22, decision 0142).
///
/// None of the shared filings has such a row (GE's and McDonald's indexes give pages only), so the two fixtures
/// are written after real annual-report layouts: `xref-named-sections.htm` (a bank's HTML report without page
/// numbers whose index has a "Location in this report" column: quoted names, `See "…"`, unquoted locations and a
/// nested "Management’s Discussion and Analysis — Market Risk Management") and
/// `xref-mixed-pages-and-names.txt` (a plain-text report with page footers whose rows mix pages and names).
@Suite struct NamedSectionsTests {
    static func extraction(_ name: String) throws -> (Filing, SectionExtraction) {
        let filing = try FilingReader.read(path: Fixtures.path(name))
        return (filing, SectionExtractor.extraction(from: filing))
    }

    /// The section for `item`, checked to be found through the index and made of slices of `text`.
    static func section(
        _ x: SectionExtraction, _ item: FilingItem, text: String, sourceLocation: SourceLocation = #_sourceLocation
    ) throws -> ItemSection {
        let s = try #require(x.sections.first { $0.item == item }, sourceLocation: sourceLocation)
        #expect(s.status == .found && s.method == .crossReference, sourceLocation: sourceLocation)
        #expect(
            CrossReferenceTests.joinedParts(s, of: text) == s.text, "parts are slices of the document",
            sourceLocation: sourceLocation)
        return s
    }

    @Test func indexWithALocationColumnOfSectionNames() throws {
        let (filing, x) = try Self.extraction("xref-named-sections.htm")
        #expect(x.warnings.isEmpty, "\(x.warnings)")
        // "Item 1. Business “About Harbor Point”; “Our Business”": two sections, each up to the next one an
        // index row names ("Our Business", then "Risk Factors").
        let business = try Self.section(x, .business, text: filing.text)
        #expect(business.headings == ["About Harbor Point", "Our Business"])
        #expect(business.parts.count == 2 && business.pages.isEmpty)
        #expect(business.text.hasPrefix("About Harbor Point\nHarbor Point Financial Corporation is a bank holding"))
        #expect(
            business.text.contains("return on tangible common equity, the efficiency ratio and the share of deposits"))
        #expect(business.text.contains("\nOur Business\nWe manage our operations through two reportable segments"))
        #expect(business.text.hasSuffix("programs that help our colleagues build careers at Harbor Point."))
        // "Item 1A. Risk Factors Risk Factors" (an unquoted location column): the body's heading, not the
        // contents line; up to "Properties" (Item 2), so Item 1C's nested "Operational Risks" stays inside.
        let risk = try Self.section(x, .riskFactors, text: filing.text)
        #expect(risk.headings == ["Risk Factors"] && risk.title == "Item 1A. Risk Factors")
        #expect(risk.text.hasPrefix("Risk Factors\nAn investment in our securities involves risks."))
        #expect(risk.text.hasSuffix("damage our reputation and cause losses."))
        // "Item 7. … Management’s Discussion and Analysis": the heading that starts with that name, up to
        // "Financial Statements and Supplementary Data" (Item 8); Item 7A's subsection stays inside.
        let mdna = try Self.section(x, .managementDiscussion, text: filing.text)
        #expect(
            mdna.headings == [
                "Management’s Discussion and Analysis of Financial Condition and Results of Operations"
            ])
        #expect(mdna.text.hasPrefix("Management’s Discussion and Analysis of Financial Condition and Results of "))
        #expect(mdna.text.contains("Market Risk Management\nMarket risk is the risk of loss"))
        #expect(mdna.text.hasSuffix("based on reasonable and supportable economic forecasts."))
        // "See “Management’s Discussion and Analysis — Market Risk Management”": the subsection, up to the next
        // heading of its level ("Critical Accounting Estimates").
        let market = try Self.section(x, .marketRisk, text: filing.text)
        #expect(market.headings == ["Market Risk Management"])
        #expect(market.text.hasPrefix("Market Risk Management\nMarket risk is the risk of loss from adverse changes"))
        #expect(market.text.hasSuffix("The notional amount of these swaps was $4.5 billion at year end."))
        #expect(x.sections.map(\.item) == [.business, .riskFactors, .managementDiscussion, .marketRisk])
    }

    @Test func rowsMixingPagesAndNamesInATextWithPageFooters() throws {
        let (filing, x) = try Self.extraction("xref-mixed-pages-and-names.txt")
        #expect(x.warnings.isEmpty, "\(x.warnings)")
        // "Item 1. Business 2-3; "Segment Information"": pages 2-3, then the section on page 9.
        let business = try Self.section(x, .business, text: filing.text)
        #expect(business.pages == [2...3, 9...9] && business.headings == ["SEGMENT INFORMATION"])
        #expect(business.text.hasPrefix("ABOUT KESTREL\nKestrel Aerospace Inc. designs and manufactures"))
        #expect(business.text.contains("covered by collective bargaining agreements.\nSEGMENT INFORMATION\n"))
        #expect(business.text.hasSuffix("Corporate expenses of $48 million are not allocated to the segments."))
        #expect(!business.text.contains("ANNUAL REPORT"), "page footers are not part of the text")
        // "Item 1A. Risk Factors See "Risk Factors"": from the heading on page 7 (not the contents line "Risk
        // Factors 7") to "SEGMENT INFORMATION", which another row names; one part per page.
        let risk = try Self.section(x, .riskFactors, text: filing.text)
        #expect(risk.pages == [7...8] && risk.parts.count == 2 && risk.headings == ["RISK FACTORS"])
        #expect(risk.text.hasPrefix("RISK FACTORS\nOur business, financial condition and results of operations"))
        #expect(risk.text.hasSuffix("any of which could limit our sales or raise our costs."))
        // Pages only: unchanged (decision 0140).
        let mdna = try Self.section(x, .managementDiscussion, text: filing.text)
        #expect(mdna.pages == [4...6] && mdna.headings.isEmpty)
        // "Item 7A. … 6; "Market Risk Sensitivity"": page 6 is found, the name is not, and the section says so.
        let market = try Self.section(x, .marketRisk, text: filing.text)
        #expect(market.pages == [6...6] && market.text.hasPrefix("FINANCIAL RISK MANAGEMENT\n"))
        #expect(
            market.warnings.contains(
                "the cross-reference index names \"Market Risk Sensitivity\", but no heading of that name was found "
                    + "in the body (outside the index and the table of contents)"), "\(market.warnings)")
    }

    @Test func unresolvableNameIsAWarningNamingTheItemAndTheHeading() throws {
        let filing = try FilingReader.read(path: Fixtures.path("xref-mixed-pages-and-names.txt"))
        let text = filing.text.replacingOccurrences(
            of: "Item 1A. Risk Factors See \"Risk Factors\"", with: "Item 1A. Risk Factors See \"Principal Risks\"")
        #expect(text != filing.text)
        let x = SectionExtractor.extraction(from: text)
        #expect(!x.sections.contains { $0.item == .riskFactors })
        #expect(
            x.warnings == [
                "Item 1A: the cross-reference index names \"Principal Risks\", but no heading of that name was found "
                    + "in the body (outside the index and the table of contents)"
            ])
        #expect(x.sections.contains { $0.item == .business }, "the other rows still resolve")
    }

    @Test func rowsParseQuotedSeeAndColumnNames() {
        func entry(_ row: String) -> CrossReferenceIndex.Entry? {
            CrossReferenceIndex.parseRow(row).map(CrossReferenceIndex.splittingLocationColumn)
        }
        let quoted = entry("Item 1. Business “About Harbor Point”; “Our Business”")
        #expect(quoted?.title == "Business" && quoted?.headings == ["About Harbor Point", "Our Business"])
        let see = entry("Item 1A. Risk Factors See \"Risk Factors,\"")
        #expect(see?.title == "Risk Factors" && see?.headings == ["Risk Factors"] && see?.ranges == [])
        let column = entry(
            "Item 7. Management’s Discussion and Analysis of Financial Condition and Results of Operations "
                + "Management's Discussion and Analysis")
        #expect(column?.headings == ["Management's Discussion and Analysis"])
        #expect(column?.title.hasSuffix("Results of Operations") == true)
        let unquotedSee = entry("Item 1. Business Overview See Our Business")
        #expect(unquotedSee?.title == "Business Overview" && unquotedSee?.headings == ["Our Business"])
        let single = entry("Item 1A. Risk Factors ‘Principal Risks’")
        #expect(single?.headings == ["Principal Risks"])
        let mixed = entry("Item 7A. Quantitative and Qualitative Disclosures About Market Risk 16; \"Market Risk\"")
        #expect(mixed?.ranges == [16...16] && mixed?.headings == ["Market Risk"])
        // Rows of pages, "not applicable" and footnotes name nothing; an apostrophe is not a quote.
        let pages = entry("Item 7. Management’s Discussion and Analysis of Financial Condition 6-25")
        #expect(pages?.headings == [] && pages?.ranges == [6...25])
        #expect(entry("Item 1B. Unresolved Staff Comments Not applicable")?.headings == [])
        let footnote = entry("Item 11. Executive Compensation (b)")
        #expect(footnote?.headings == [] && footnote?.footnote == true && footnote?.titleOnly == false)
        // An unclosed quote stays in the text; the name still reads as "Risk Factors".
        let unclosed = entry("Item 1A. Risk Factors “Risk Factors")
        #expect(unclosed?.headings.map(NamedSections.key) == ["risk factors"])
        let bare = entry("Item 1A Risk Factors")
        #expect(bare?.titleOnly == true && bare?.headings == [])
        #expect(
            NamedSections.splitPath("Management’s Discussion and Analysis — Market Risk Management")! == (
                "Management’s Discussion and Analysis", "Market Risk Management"
            ))
    }

    @Test func headingMatchingIgnoresCaseQuotesDashesAndTheContents() {
        let text = """
            Contents
            Risk Factors 5
            MANAGEMENT’S DISCUSSION & ANALYSIS
            Item 1A. Risk Factors “Risk Factors”
            RISK FACTORS. The following risks could affect us.
            Management's Discussion and Analysis
            """
        var copy = text
        let occurrences = copy.withUTF8 { p -> (Int, Int) in
            let body = NamedSections.BodyHeadings(p, excluding: 0..<0)
            return (
                body.occurrences("risk   factors").count,
                body.occurrences("Management’s Discussion and Analysis").count
            )
        }
        // "Risk Factors 5" is a contents line; the run-in heading counts; "&" reads as "and".
        #expect(occurrences.0 == 1)
        #expect(occurrences.1 == 2)
    }
}
