import FTTestSupport
import FTText
import Testing

/// Boundaries below were verified by reading each filing's clean text around the span.
@Suite struct SectionExtractorTests {
    static func sections(_ name: String) throws -> (Filing, [FilingItem: ItemSection]) {
        let filing = try FilingReader.read(path: Fixtures.path(name))
        let sections = SectionExtractor.extract(from: filing)
        #expect(sections.map(\.span.lowerBound) == sections.map(\.span.lowerBound).sorted(), "document order")
        let scalars = Array(filing.text.unicodeScalars)
        for s in sections {
            // The span indexes the filing text in Unicode scalars (Python str offsets).
            var fromSpan = ""
            fromSpan.unicodeScalars.append(contentsOf: scalars[s.span])
            #expect(fromSpan == s.text)
            #expect(Array(Array(filing.text.utf8)[s.utf8Span]) == Array(s.text.utf8))
        }
        return (filing, Dictionary(uniqueKeysWithValues: sections.map { ($0.item, $0) }))
    }

    @Test func inlineXBRLWithTableOfContentsNotApplicableAndIncorporatedItems() throws {
        let (filing, s) = try Self.sections("1000230_0001437749-23-034978.htm.gz")
        // The table of contents lists "Item 1.\nBusiness.\n3" first; the section must be the body's.
        let tocLine = try #require(filing.text.range(of: "Item 1.\nBusiness.\n3"))
        let business = try #require(s[.business])
        #expect(
            business.span.lowerBound
                > filing.text.unicodeScalars.distance(
                    from: filing.text.startIndex, to: tocLine.upperBound))
        #expect(business.text.hasPrefix("Item 1.\nBUSINESS\nOverview\nOptical Cable Corporation was incorporated"))
        #expect(business.text.hasSuffix("of fiscal years 2023, 2022 and 2021, respectively."))
        #expect(business.title == "Item 1. BUSINESS")
        #expect(business.status == .found && business.warnings.isEmpty)

        let risk = try #require(s[.riskFactors])
        #expect(risk.status == .notApplicable)
        #expect(risk.text.hasPrefix("Item 1A.\nRISK FACTORS\nItem 1A. Risk Factors is not a required disclosure"))
        #expect(risk.text.hasSuffix("and in our Quarterly Reports on Form 10-Q."))

        let mdna = try #require(s[.managementDiscussion])
        #expect(mdna.status == .incorporatedByReference)
        #expect(
            mdna.text.hasSuffix(
                "filed as Exhibit 13.1 to this report on Form 10-K, is incorporated herein by reference."))

        let market = try #require(s[.marketRisk])
        #expect(market.status == .found)
        #expect(market.text.hasSuffix("commodity price risk or equity price risk."))
        #expect(!market.warnings.isEmpty, "a 391-byte section is flagged as doubtful")
    }

    @Test func fullSubmissionWithHTMLBody() throws {
        let (_, s) = try Self.sections("320193_0001193125-08-224958.txt.gz")
        let business = try #require(s[.business])
        #expect(
            business.text.hasPrefix(
                "Item 1. Business\nCompany Background\nApple Inc. and its wholly-owned subsidiaries"))
        #expect(business.text.hasSuffix("Mr. Tamaddon was Vice President, Professional Services with NeXT."))
        let risk = try #require(s[.riskFactors])
        #expect(risk.text.hasPrefix("Item 1A. Risk Factors\nBecause of the following factors"))
        #expect(
            risk.text.hasSuffix(
                "could have a material adverse effect on the Company’s financial condition and operating results."))
        let mdna = try #require(s[.managementDiscussion])
        #expect(
            mdna.title
                == "Item 7. Management’s Discussion and Analysis of Financial Condition and Results of Operations")
        #expect(
            mdna.text.hasSuffix(
                "did not record a liability for infringement costs as of either September 27, 2008 or September 29, 2007."
            ))
        let market = try #require(s[.marketRisk])
        // The page number "52" and the running header "Table of Contents" before Item 8 are trimmed.
        #expect(market.text.hasSuffix("the Company’s actual exposures and positions."))
        for section in s.values { #expect(section.status == .found && section.warnings.isEmpty) }
    }

    @Test func plainTextSubmissionWithDottedContentsAndNoItem1A() throws {
        let (filing, s) = try Self.sections("1158449_0000898430-02-001066.txt.gz")
        #expect(filing.format == .fullSubmission)
        #expect(s[.riskFactors] == nil, "Item 1A did not exist in 2002")
        let business = try #require(s[.business])
        #expect(!business.text.contains("......"), "the dotted contents line is not the section")
        #expect(business.text.hasPrefix("Item 1. Business.\n\nUnless the context otherwise requires"))
        #expect(business.text.hasSuffix("we are currently in material compliance with these laws and regulations."))
        let mdna = try #require(s[.managementDiscussion])
        #expect(
            mdna.text.hasPrefix(
                "Item 7. Management's Discussion and Analysis of Financial Condition and\nResults of Operations"))
        #expect(mdna.text.hasSuffix("it may not be on terms that\nare acceptable to us."))
        let market = try #require(s[.marketRisk])
        #expect(market.text.hasPrefix("Item 7a. Quantitative and Qualitative Disclosures about Market Risks."))
        #expect(market.text.hasSuffix("interest rate. 5.9% 7.9 % 9.1 % 9.5 % 9.9 % 10.3 % 8.6 %"))
    }

    @Test func loughranMcDonaldTextWithEmpty1AAndNotRequired7A() throws {
        let (filing, s) = try Self.sections("20171229_10-K_edgar_data_1631463_0001477932-17-006338.txt.gz")
        #expect(filing.format == .plainText)
        let business = try #require(s[.business])
        #expect(
            business.text.hasPrefix("ITEM 1\n\nBUSINESS\n\nBarrel Energy Inc. was incorporated in the State of Nevada"))
        #expect(business.text.hasSuffix("We do not have any employment agreements."))
        // "Item 1A: Risk Factors" is followed directly by Item 1B: nothing to extract.
        #expect(s[.riskFactors] == nil)
        let market = try #require(s[.marketRisk])
        #expect(market.status == .notApplicable)
        #expect(market.text.hasSuffix("the Company is not required to provide this information."))
        let mdna = try #require(s[.managementDiscussion])
        #expect(mdna.text.hasPrefix("Item 7: Management s Discussion and Analysis"))
    }

    @Test func headingVariantsAndCrossReferences() {
        let text = """
            Table of Contents
            Item 1. Business 3
            Item 1A. Risk Factors 9
            Item 7. Management's Discussion 20
            Item 7A. Market Risk 30
            Item 8. Financial Statements 31
            PART I, ITEM 1 - BUSINESS
            \(String(repeating: "We make widgets. ", count: 80))
            Item 7 of this report discusses results.
            Item 1 A RISK FACTORS
            \(String(repeating: "Widgets may fail. ", count: 80))
            Item 1.01 Entry into a Material Definitive Agreement
            ITEM 2. PROPERTIES
            None.
            Item 7. — Management’s Discussion and Analysis
            \(String(repeating: "Sales grew. ", count: 100))
            ITEM 7(A). QUANTITATIVE AND QUALITATIVE DISCLOSURES ABOUT MARKET RISK
            Not applicable.
            Item 8. Financial Statements
            """
        let sections = SectionExtractor.extract(from: text)
        #expect(sections.map(\.id) == ["1", "1A", "7", "7A"])
        #expect(sections[0].text.hasPrefix("PART I, ITEM 1 - BUSINESS"))
        #expect(sections[0].text.contains("Item 7 of this report"), "a lower-case cross-reference is not a heading")
        #expect(sections[1].text.hasPrefix("Item 1 A RISK FACTORS"))
        #expect(sections[1].text.contains("Item 1.01"), "8-K item numbers are not 10-K headings")
        #expect(sections[2].title == "Item 7. — Management’s Discussion and Analysis")
        #expect(sections[3].status == .notApplicable)
    }

    @Test func textWithNoItemsGivesNoSections() {
        #expect(SectionExtractor.extract(from: "").isEmpty)
        #expect(SectionExtractor.extract(from: "Annual report\nWe had a good year.\nItem").isEmpty)
    }

    @Test func onlyATableOfContentsGivesNoSections() {
        let text =
            "Item 1. Business 3\nItem 1A. Risk Factors 9\nItem 2. Properties 12\nItem 7. MD&A 20\nItem 8. Statements 30"
        #expect(SectionExtractor.extract(from: text).isEmpty)
    }

    @Test func pageFurnitureInsideASectionCanBeDropped() throws {
        let (_, s) = try Self.sections("320193_0001193125-08-224958.txt.gz")
        let risk = try #require(s[.riskFactors])
        // Apple's risk factors span pages; page numbers and "Table of Contents" headers sit between paragraphs.
        let lines = risk.text.split(separator: "\n")
        #expect(lines.contains("Table of Contents"))
        let clean = risk.textWithoutPageFurniture.split(separator: "\n")
        #expect(!clean.contains("Table of Contents"))
        #expect(!clean.contains { $0.allSatisfy(\.isNumber) })
        #expect(clean.count < lines.count && clean.first == lines.first && clean.last == lines.last)
    }
}
