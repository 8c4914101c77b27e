import FTTestSupport
import Foundation
import Testing

@testable import FTText

/// Items that are not under their headings (issue 22): cross-reference indexes (GE, McDonald's 2024) and
/// Exhibit 13 (Coca-Cola 1998, IBM 1998, Merck 1996). The opening and closing sentences below were checked by
/// hand against each document's pages (the page-number footers named in the comments).
@Suite struct CrossReferenceTests {
    static func extraction(_ folder: String, _ name: String) throws -> (Filing, SectionExtraction)? {
        guard let data = try ExternalTools.require(Fixtures.sharedData, "../shared/data") else { return nil }
        let filing = try FilingReader.read(path: data.appendingPathComponent("\(folder)/\(name)").path)
        return (filing, SectionExtractor.extraction(from: filing))
    }

    /// Checks one item's provenance, opening and closing, and that its parts are slices of `document`.
    static func check(
        _ extraction: SectionExtraction, _ item: FilingItem, method: ItemSection.Method, pages: [ClosedRange<Int>],
        opening: String, closing: String, document: String, exhibit: String? = nil,
        sourceLocation: SourceLocation = #_sourceLocation
    ) {
        guard let s = extraction.sections.first(where: { $0.item == item }) else {
            Issue.record("Item \(item.rawValue) missing", sourceLocation: sourceLocation)
            return
        }
        #expect(s.status == .found, sourceLocation: sourceLocation)
        #expect(s.method == method, sourceLocation: sourceLocation)
        #expect(s.pages == pages, sourceLocation: sourceLocation)
        #expect(s.exhibit == exhibit, sourceLocation: sourceLocation)
        #expect(s.text.hasPrefix(opening), "\(s.text.prefix(200))", sourceLocation: sourceLocation)
        #expect(s.text.hasSuffix(closing), "\(s.text.suffix(200))", sourceLocation: sourceLocation)
        #expect(s.text.utf8.count > 2000, sourceLocation: sourceLocation)
        #expect(
            joinedParts(s, of: document) == s.text, "parts are slices of the document", sourceLocation: sourceLocation)
    }

    /// The section's ``ItemSection/parts`` cut from `document` (scalar offsets) and joined by newlines, as its
    /// text should be.
    static func joinedParts(_ s: ItemSection, of document: String) -> String {
        let scalars = Array(document.unicodeScalars)
        var joined = ""
        for (k, part) in s.parts.enumerated() {
            if k > 0 { joined += "\n" }
            joined.unicodeScalars.append(contentsOf: scalars[part])
        }
        return joined
    }

    @Test func generalElectricCrossReferenceIndexWithSeveralRangesPerItem() throws {
        guard let (filing, x) = try Self.extraction("filings-xref", "40545_0000040545-24-000027.htm.gz") else { return }
        #expect(x.warnings.isEmpty)
        // "Item 1. Business 4-6, 7-13, 78-80": page 4 to the MD&A heading on page 6, pages 7-13, pages 78-80.
        Self.check(
            x, .business, method: .crossReference, pages: [4...13, 78...80],
            opening: "ABOUT GENERAL ELECTRIC. General Electric Company (General Electric, GE or the Company) is a "
                + "high-tech industrial company",
            closing: "AerCap is a SEC registrant with separate filing requirements, and their respective financial "
                + "information can be obtained from www.sec.gov.", document: filing.text)
        let business = try #require(x.sections.first { $0.item == .business })
        #expect(!business.text.contains("MANAGEMENT’S DISCUSSION AND ANALYSIS OF FINANCIAL CONDITION"))
        #expect(!business.text.contains("2023 FORM 10-K"), "page footers are not part of the text")
        // "Item 1A. Risk Factors 27-36": from the RISK FACTORS heading on page 27 (1C ends there) to the
        // LEGAL PROCEEDINGS heading on page 36 (Item 3 starts there).
        Self.check(
            x, .riskFactors, method: .crossReference, pages: [27...36],
            opening: "RISK FACTORS. The following discussion of the material factors, events and uncertainties",
            closing: "See Note 24 for further information about legal proceedings and other loss contingencies.",
            document: filing.text)
        // "Item 7. … 6-25": from the MD&A heading on page 6 to the end of page 25.
        Self.check(
            x, .managementDiscussion, method: .crossReference, pages: [6...25],
            opening: "MANAGEMENT’S DISCUSSION AND ANALYSIS OF FINANCIAL CONDITION AND RESULTS OF OPERATIONS (MD&A). "
                + "The consolidated financial statements of General Electric Company are prepared",
            closing: "We also use Adjusted EPS* as a performance metric at the company level for our annual "
                + "executive incentive plan for 2023.\n*Non-GAAP Financial Measure", document: filing.text)
        // "Item 7A. … 16, 74-76": the whole of page 16 (no market-risk heading on it) and pages 74-76.
        Self.check(
            x, .marketRisk, method: .crossReference, pages: [16...16, 74...76],
            opening: "In 2023, we received proceeds of $6.6 billion and completed monetization of our AerCap shares.",
            closing: "during which time relevant developments and new information must be continuously evaluated.",
            document: filing.text)
        let market = try #require(x.sections.first { $0.item == .marketRisk })
        #expect(market.text.contains("FOREIGN EXCHANGE AND INTEREST RATE RISK."))
        #expect(market.parts.count == 4, "one part per page: 16, 74, 75, 76")
    }

    @Test func mcDonaldsCrossReferenceIndexWithStartPagesOnly() throws {
        guard let (filing, x) = try Self.extraction("filings-xref", "63908_0000063908-24-000072.htm.gz") else { return }
        #expect(x.warnings.isEmpty)
        // "Item 1 Business / Page 3": page 3 (from its BUSINESS SUMMARY heading: the page before has no footer)
        // to page 7, as Item 7 starts on page 8.
        Self.check(
            x, .business, method: .crossReference, pages: [3...7],
            opening: "BUSINESS SUMMARY\nGENERAL\nFor the year ended December 31, 2023, there were no material changes",
            closing: "these costs are not expected to have a material effect on the Company’s capital expenditures, "
                + "earnings or competitive position.", document: filing.text)
        // "Item 1A Risk Factors / Page 28" up to Item 1C's CYBERSECURITY heading at the top of page 34.
        Self.check(
            x, .riskFactors, method: .crossReference, pages: [28...33],
            opening: "RISK FACTORS\nCautionary Statement Regarding Forward-Looking Statements\n",
            closing: "the proceeds may be insufficient to cover our losses fully.", document: filing.text)
        // "Item 7 … / Page 8" up to Item 7A's heading "FINANCING AND MARKET RISK" on page 23.
        Self.check(
            x, .managementDiscussion, method: .crossReference, pages: [8...23],
            opening: "MANAGEMENT'S DISCUSSION AND ANALYSIS OF FINANCIAL CONDITION AND RESULTS OF OPERATIONS\n"
                + "MANAGEMENT'S VIEW OF THE BUSINESS\nIn analyzing business trends,",
            closing: "Refer to the reconciliation in Exhibit 99.1 to this Form 10-K.", document: filing.text)
        // "Item 7A … / Page 23": from that heading to the end of page 26 (Item 5 starts on page 27).
        Self.check(
            x, .marketRisk, method: .crossReference, pages: [23...26],
            opening: "FINANCING AND MARKET RISK\nThe Company generally borrows on a long-term basis",
            closing: "Dow Jones Industrials $100 $125 $138 $166 $155 $180\nSource: S&P Capital IQ",
            document: filing.text)
    }

    @Test func cocaColaItem7FromExhibit13() throws {
        guard let (filing, x) = try Self.extraction("filings-misc", "21344_0000021344-98-000004.txt.gz") else { return }
        let exhibit = try #require(filing.exhibits.first)
        #expect(filing.exhibits.map(\.type) == ["EX-13.1"])
        // "Financial Review Incorporating Management's Discussion and Analysis" on pages 33 through 41.
        Self.check(
            x, .managementDiscussion, method: .exhibit13, pages: [33...41],
            opening: "EXHIBIT 13.1\n\nFINANCIAL REVIEW INCORPORATING THE COCA-COLA COMPANY\n"
                + "MANAGEMENT'S DISCUSSION AND ANALYSIS AND SUBSIDIARIES\n",
            closing: "Additional\ninformation concerning our operations in specific geographic\nareas is presented "
                + "on page 60.", document: exhibit.text, exhibit: "EX-13.1")
        let mdna = try #require(x.sections.first { $0.item == .managementDiscussion })
        #expect(mdna.text.contains("Our mission is to maximize share-owner value over time."))
        // "Financial Risk Management" on page 36: from that heading to the end of the page.
        Self.check(
            x, .marketRisk, method: .exhibit13, pages: [36...36],
            opening: "FINANCIAL RISK MANAGEMENT\nOur Company uses derivative financial instruments primarily",
            closing: "destroys it and encouraging us to manage for increased value.", document: exhibit.text,
            exhibit: "EX-13.1")
    }

    @Test func ibmItem7FromExhibit13() throws {
        guard let (filing, x) = try Self.extraction("filings-misc", "51143_0001047469-98-012291.txt.gz") else { return }
        let exhibit = try #require(filing.exhibits.first)
        // "Refer to pages 40 through 49 of IBM's 1997 Annual Report to Stockholders".
        Self.check(
            x, .managementDiscussion, method: .exhibit13, pages: [40...49],
            opening: "management discussion\n\nInternational Business Machines Corporation\nand Subsidiary Companies",
            closing: "it is uncertain whether\nor to what extent the company may be affected by such matters.",
            document: exhibit.text, exhibit: "EX-13")
        let mdna = try #require(x.sections.first { $0.item == .managementDiscussion })
        #expect(mdna.text.contains("IBM's financial results in 1997 increasingly reflect the successful"))
        #expect(!mdna.text.contains("consolidated statement of earnings"), "page 50 is not included")
        // "the section titled "Market Risk" on page 46".
        Self.check(
            x, .marketRisk, method: .exhibit13, pages: [46...46],
            opening: "Market Risk\n\nIn the normal course of business, the financial position of the company is",
            closing: "or an increase in the fair value of the company's financial instruments\nby $981 million.",
            document: exhibit.text, exhibit: "EX-13")
    }

    @Test func merckItem7FromExhibit13() throws {
        guard let (filing, x) = try Self.extraction("filings-misc", "64978_0000950130-96-000896.txt.gz") else { return }
        let exhibit = try #require(filing.exhibits.first)
        // "incorporated by reference to pages 28 through 37 of the Company's 1995 Annual Report".
        Self.check(
            x, .managementDiscussion, method: .exhibit13, pages: [28...37],
            opening: "FINANCIAL\nREVIEW\n\nDESCRIPTION OF MERCK'S BUSINESS\n\nMerck is a leading research-driven",
            closing: "The principal market for trading of the common stock is the New York Stock\nExchange under the "
                + "symbol MRK.", document: exhibit.text, exhibit: "EX-13")
    }

    @Test func primaryDocumentAloneNamesTheExhibit() throws {
        // The same Coca-Cola 10-K without its exhibits: Item 7 stays incorporated and the warning says where.
        guard let (filing, _) = try Self.extraction("filings-misc", "21344_0000021344-98-000004.txt.gz") else { return }
        var alone = filing
        alone.exhibits = []
        let x = SectionExtractor.extraction(from: alone)
        let mdna = try #require(x.sections.first { $0.item == .managementDiscussion })
        #expect(mdna.status == .incorporatedByReference && mdna.method == .heading)
        #expect(mdna.exhibit == "EX-13")
        #expect(
            x.warnings.contains {
                $0.hasPrefix("Item 7: incorporated by reference to pages 33-41 \"Financial Review Incorporating")
                    && $0.contains("(EX-13), which is not in this file")
            }, "\(x.warnings)")
    }

    @Test func submissionFolderIsOneFiling() throws {
        guard let (filing, _) = try Self.extraction("filings-misc", "21344_0000021344-98-000004.txt.gz") else { return }
        let exhibit = try #require(filing.exhibits.first)
        let folder = FileManager.default.temporaryDirectory.appendingPathComponent("fintext-xref-\(UUID().uuidString)")
        defer { try? FileManager.default.removeItem(at: folder) }
        try FileManager.default.createDirectory(at: folder, withIntermediateDirectories: true)
        // The primary document as HTML, the exhibit as a text file, and another exhibit that must be ignored.
        let html =
            "<html><body>" + filing.text.split(separator: "\n").map { "<p>\($0)</p>" }.joined() + "</body></html>"
        try html.write(to: folder.appendingPathComponent("ko-10k1997.htm"), atomically: true, encoding: .utf8)
        try exhibit.text.write(to: folder.appendingPathComponent("ko-ex13.txt"), atomically: true, encoding: .utf8)
        try "EXHIBIT 21 SUBSIDIARIES".write(
            to: folder.appendingPathComponent("ko-ex21.txt"), atomically: true, encoding: .utf8)
        let fromFolder = try FilingReader.read(path: folder.path)
        #expect(fromFolder.exhibits.map(\.type) == ["EX-13"])
        #expect(fromFolder.source == folder.path)
        let mdna = try #require(SectionExtractor.extract(from: fromFolder).first { $0.item == .managementDiscussion })
        #expect(mdna.method == .exhibit13 && mdna.pages == [33...41] && mdna.exhibit == "EX-13")
        #expect(mdna.text.hasSuffix("areas is presented on page 60."))
    }

    @Test func indexRowsParsePagesRangesAndNotApplicable() {
        let text = """
            Form 10-K Cross-Reference Index
            Item 1. Business 4-6, 7-13, 78-80
            Item 1A. Risk Factors 27 – 36
            Item 1B. Unresolved Staff Comments Not applicable
            Part II
            Item 7. Management’s Discussion and Analysis
            Pages 6 through 25
            Item 7A. Quantitative and Qualitative Disclosures About Market Risk 16, 74-76
            Item 10. Directors 82, (a)
            """
        var copy = text
        let found = copy.withUTF8 { CrossReferenceIndex.find($0) }
        var index: [String: String] = [:]
        for e in found?.entries ?? [] {
            let id = "\(e.number)" + (e.letter > 0 ? String(UnicodeScalar(UInt8(0x40 + e.letter))) : "")
            let pages = e.ranges.map { $0.count > 1 ? "\($0.lowerBound)-\($0.upperBound)" : "\($0.lowerBound)" }
            index[id] = "\(e.title): " + (e.notApplicable ? "not applicable" : pages.joined(separator: ", "))
        }
        #expect(found?.startPagesOnly == false)
        #expect(index["1"] == "Business: 4-6, 7-13, 78-80")
        #expect(index["1A"] == "Risk Factors: 27-36")
        #expect(index["1B"] == "Unresolved Staff Comments: not applicable")
        #expect(index["7"] == "Management’s Discussion and Analysis: 6-25")
        #expect(index["7A"] == "Quantitative and Qualitative Disclosures About Market Risk: 16, 74-76")
        #expect(index["10"] == "Directors: 82")
    }
}

/// Page footers and references in small synthetic texts.
@Suite struct PageMapTests {
    @Test func footersWithATemplateAreFoundAndContentsNumbersIgnored() {
        var text = "Contents\nBusiness\n3\nRisk Factors\n5\nCover text\n"
        for page in 1...6 { text += "Body of page \(page).\nAcme 2023 Annual Report \(page)\n" }
        var copy = text
        let pages = copy.withUTF8 { PageMap.locate($0) }
        #expect(pages?.template == "Acme 2023 Annual Report #")
        #expect(pages?.pages.map(\.number) == [1, 2, 3, 4, 5, 6])
        let third = pages?.page(3)
        let bytes = Array(text.utf8)
        #expect(third.map { String(decoding: bytes[$0.range], as: UTF8.self) } == "Body of page 3.\n")
        #expect(third?.previousIsAdjacent == true && pages?.page(1)?.previousIsAdjacent == false)
    }

    @Test func incorporationReferencesReadPagesTitlesAndExhibits() {
        let ko = IncorporationReference.parse(
            "\"Financial Review Incorporating Management's Discussion and\nAnalysis\" on pages 33 through 41 of the "
                + "Company's Annual Report\nto Share Owners for the year ended December 31, 1997, is\nincorporated "
                + "herein by reference.")
        #expect(ko.pages == [33...41])
        #expect(ko.titles == ["Financial Review Incorporating Management's Discussion and Analysis"])
        #expect(ko.exhibit == "EX-13")
        let ibm = IncorporationReference.parse(
            "Refer to pages 38 and 39, and 50 through 77 of IBM's 1997 Annual Report to Stockholders")
        #expect(ibm.pages == [38...39, 50...77])
        let named = IncorporationReference.parse(
            "The information in the Annual Report, filed as Exhibit 13.1 to this report, is incorporated herein.")
        #expect(named.exhibit == "EX-13.1")
        let proxy = IncorporationReference.parse("Incorporated by reference to page 12 of the 2024 Proxy Statement.")
        #expect(proxy.exhibit == nil)
    }
}
