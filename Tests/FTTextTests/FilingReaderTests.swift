import FTIO
import FTTestSupport
import Foundation
import Testing

@testable import FTText

@Suite struct FilingReaderTests {
    // MARK: Real filings, three forms

    @Test func inlineXBRLMetadataAndHiddenHeaderDropped() throws {
        let filing = try FilingReader.read(path: Fixtures.path("1000230_0001437749-23-034978.htm.gz"))
        #expect(filing.format == .html)
        #expect(filing.metadata.cik == "1000230")
        #expect(filing.metadata.company == "OPTICAL CABLE CORPORATION")
        #expect(filing.metadata.formType == "10-K")
        #expect(filing.metadata.period == "2023-10-31")
        #expect(filing.metadata.ticker == "OCC")
        #expect(filing.metadata.accession == "0001437749-23-034978")
        #expect(filing.warnings.isEmpty)
        #expect(!filing.text.contains("<"), "no tags left")
        #expect(!filing.text.contains("d_2022-11-01_2023-10-31"), "the hidden ix:header is dropped")
        #expect(!filing.text.contains("  "), "spaces collapsed")
        #expect(!filing.text.contains("\n\n\n"))
        #expect(filing.text.hasPrefix("Table of Contents\nUNITED STATES\nSECURITIES AND EXCHANGE COMMISSION"))
    }

    @Test("a period end date wrapping dei:CurrentFiscalYearEndDate keeps its year; the trading symbol is the ticker")
    func nestedPeriodEndDateAndTradingSymbol() throws {
        let filing = try FilingReader.read(path: Fixtures.path("40545-cover-page-excerpt.htm"))
        #expect(filing.metadata.period == "2023-12-31")
        #expect(filing.metadata.ticker == "GE")
        #expect(filing.metadata.cik == "40545")
        #expect(filing.metadata.company == "GENERAL ELECTRIC COMPANY")
        #expect(filing.metadata.formType == "10-K")
    }

    @Test func fullSubmissionHeaderMetadata() throws {
        let filing = try FilingReader.read(path: Fixtures.path("320193_0001193125-08-224958.txt.gz"))
        #expect(filing.format == .fullSubmission)
        #expect(
            filing.metadata
                == FilingMetadata(
                    cik: "320193", company: "APPLE INC", formType: "10-K", filingDate: "2008-11-05",
                    period: "2008-09-27", sic: 3571, industryTitle: "ELECTRONIC COMPUTERS",
                    accession: "0001193125-08-224958"))
        #expect(!filing.text.contains("<SEC-HEADER>") && !filing.text.contains("ACCESSION NUMBER"))
    }

    @Test func loughranMcDonaldText() throws {
        let filing = try FilingReader.read(
            path: Fixtures.path("20171229_10-K_edgar_data_1631463_0001477932-17-006338.txt.gz"))
        #expect(filing.format == .plainText)
        #expect(filing.metadata.cik == "1631463")
        #expect(filing.metadata.company == "Barrel Energy Inc.")
        #expect(filing.metadata.filingDate == "2017-12-29")
        #expect(filing.metadata.period == "2017-09-30")
        #expect(filing.metadata.sic == 1311)
        #expect(filing.metadata.industryTitle == "CRUDE PETROLEUM & NATURAL GAS")
        #expect(!filing.text.contains("<FileStats>"))
    }

    @Test func plainTextFileNameGivesMetadata() throws {
        let bytes = Array("Annual report text.".utf8)
        let filing = try FilingReader.read(
            bytes: bytes, source: "/x/20200131_10-K_edgar_data_320193_0000320193-20-000010.txt")
        #expect(filing.metadata.cik == "320193")
        #expect(filing.metadata.filingDate == "2020-01-31")
        #expect(filing.metadata.formType == "10-K")
        #expect(filing.metadata.accession == "0000320193-20-000010")
        #expect(filing.text == "Annual report text.")
    }

    // MARK: HTML to text

    @Test func htmlEntitiesTablesScriptsAndWindows1252() throws {
        let html = """
            <html><head><title>t</title><style>p {color: red}</style></head><body>
            <script>if (a < b) { x = "</p>"; }</script>
            <p>Smith&#146;s &ldquo;AT&amp;T&rdquo;&nbsp;&nbsp;deal &#x2014; 5 &lt; 6 &unknown; a < b</p>
            <table><tr><td>Item 1A.</td><td>Risk&#160;Factors</td></tr><tr><td>Revenue</td><td>$ 1,000</td></tr></table>
            <div style="display: none">hidden</div><!-- a comment --><p>End<br/>line</p>
            </body></html>
            """
        let filing = try FilingReader.read(bytes: Array(html.utf8), source: "t.htm")
        #expect(
            filing.text
                == "Smith’s “AT&T” deal — 5 < 6 &unknown; a < b\nItem 1A. Risk Factors\nRevenue $ 1,000\nEnd\nline")
    }

    // MARK: Malformed input

    @Test func invalidUTF8IsReadAsWindows1252WithAWarning() throws {
        // 0x92 and 0x93/0x94 are Windows-1252 quotes, invalid as UTF-8; the bad byte is on line 2.
        let bytes: [UInt8] =
            Array("<html><body>\n<p>Smith".utf8) + [0x92] + Array("s ".utf8) + [0x93]
            + Array("deal".utf8) + [0x94] + Array(" caf".utf8) + [0xE9] + Array("</p></body></html>".utf8)
        let filing = try FilingReader.read(bytes: bytes, source: "bad.htm")
        #expect(filing.text == "Smith’s “deal” café")
        #expect(filing.warnings.count == 1)
        #expect(filing.warnings.first?.hasPrefix("bad.htm:2: invalid UTF-8 at byte offset 21") == true)
    }

    @Test func emptyFileIsAnErrorNamingTheFile() throws {
        let folder = try TemporaryFolder()
        let path = folder.path("empty.txt")
        try AtomicFile.write([], to: path)
        #expect {
            try FilingReader.read(path: path)
        } throws: { error in
            guard let error = error as? FilingError else { return false }
            return error.path == path && error.line == 1 && error.reason.contains("empty")
        }
        #expect(throws: FilingError.self) { try FilingReader.read(bytes: Array(" \n\t ".utf8), source: "blank") }
    }

    /// NUL bytes (a device, a sparse or zeroed file) used to be reported as "the file is empty".
    @Test func binaryZerosAreNotCalledEmpty() throws {
        let nul = FilingReader.emptinessReason([UInt8](repeating: 0, count: 4096) + [0x0A, 0x01])
        #expect(
            nul
                == "the file holds no text: 4098 bytes of which 4096 are NUL and 1 other control bytes (a binary or corrupt file?)"
        )
        #expect(
            FilingReader.emptinessReason(Array(" \n\t ".utf8)) == "the file holds only whitespace (4 bytes), no text")
        #expect(FilingReader.emptinessReason([]) == "the file is empty")
        #expect {
            try FilingReader.read(bytes: [UInt8](repeating: 0, count: 8192), source: "zeros.txt")
        } throws: { error in
            (error as? FilingError)?.reason.contains("8192 are NUL") == true
        }
    }

    @Test func missingFileAndCorruptGzipAreIOErrors() throws {
        let folder = try TemporaryFolder()
        let corrupt = folder.path("corrupt.htm.gz")
        try AtomicFile.write([0x1F, 0x8B, 0x08, 0x00, 0x01, 0x02, 0x03], to: corrupt)
        #expect { try FilingReader.read(path: corrupt) } throws: { String(describing: $0).contains("corrupt.htm.gz") }
        #expect { try FilingReader.read(path: folder.path("nope.htm")) } throws: {
            String(describing: $0).contains("nope.htm")
        }
    }

    @Test func fileWithNoItemsReadsButHasNoSections() throws {
        let filing = try FilingReader.read(bytes: Array("<p>Just a letter to shareholders.</p>".utf8), source: "x.htm")
        #expect(filing.text == "Just a letter to shareholders.")
        #expect(SectionExtractor.extract(from: filing).isEmpty)
    }

    @Test func unclosedTagsNeverCrash() throws {
        let cases = [
            "<html><body><p>Item 1. Business<p>We make <b>things <div>and <i>more",
            "<p>text then an unclosed tag <a href=\"x",
            "<p>text <!-- unclosed comment",
            "<p>text <script>var x = 1;",
            "<p>a < b <",
            "<<<>>><p>ok</p><",
            "<div style=\"display:none\"><p>hidden but never closed",
        ]
        let expected = [
            "Item 1. Business\nWe make things\nand more", "text then an unclosed tag <a href=\"x", "text", "text",
            "a < b <", "<<<>>>\nok\n<", "hidden but never closed",
        ]
        for (html, text) in zip(cases, expected) {
            let filing = try FilingReader.read(bytes: Array(html.utf8), source: "unclosed.htm")
            #expect(filing.text == text, "\(html)")
        }
    }

    @Test func fiftyMegabyteFileIsReadAndSplit() throws {
        // A 50 MB inline-HTML 10-K built in the test: contents, then long Items 1, 1A, 7, 7A, 8.
        var html = Array(
            "<html><body><p>Item 1. Business 3</p><p>Item 1A. Risk Factors 9</p><p>Item 7. MD&amp;A 20</p>".utf8)
        let paragraph = Array(
            "<p>Our revenue grew in fiscal 2023 because customers bought more widgets&#8212;and we sold them.</p>\n"
                .utf8)
        for heading in [
            "Item 1. Business", "Item 1A. Risk Factors", "Item 7. Management&#8217;s Discussion",
            "Item 7A. Market Risk", "Item 8. Statements",
        ] {
            html += Array("<p><b>\(heading)</b></p>".utf8)
            for _ in 0..<(10_100_000 / paragraph.count) { html += paragraph }
        }
        #expect(html.count > 50_000_000)
        let folder = try TemporaryFolder()
        let path = folder.path("big.htm")
        try AtomicFile.write(html, to: path)
        let filing = try FilingReader.read(path: path)
        let sections = SectionExtractor.extract(from: filing)
        #expect(sections.map(\.id) == ["1", "1A", "7", "7A"])
        #expect(sections.allSatisfy { $0.text.utf8.count > 8_000_000 && $0.warnings.isEmpty })
    }
}

/// A fresh folder under the system temporary directory, removed when released.
final class TemporaryFolder {
    let url: URL

    init() throws {
        url = FileManager.default.temporaryDirectory.appendingPathComponent("fttext-\(UUID().uuidString)")
        try FileManager.default.createDirectory(at: url, withIntermediateDirectories: true)
    }

    func path(_ name: String) -> String { url.appendingPathComponent(name).path }

    deinit { try? FileManager.default.removeItem(at: url) }
}
