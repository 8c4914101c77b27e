import FTIO
import Testing

@Suite("CSVField")
struct CSVFieldTests {
    @Test("plain fields are written as they are")
    func plain() {
        #expect(CSVField.quoted("0001613103-23-000040/1A") == "0001613103-23-000040/1A")
        #expect(CSVField.quoted("") == "")
        #expect(CSVField.row(["id", "p_low", "0.250000000"]) == "id,p_low,0.250000000")
    }

    @Test("commas, quotes, CR, LF, CRLF and edge blanks are quoted (RFC 4180)")
    func quoting() {
        #expect(CSVField.quoted("a,b") == #""a,b""#)
        #expect(CSVField.quoted(#"say "hi""#) == #""say ""hi""""#)
        #expect(CSVField.quoted("a\r\nb") == "\"a\r\nb\"")
        #expect(CSVField.quoted("a\rb") == "\"a\rb\"")
        #expect(CSVField.quoted(" padded\t") == "\" padded\t\"")
    }

    @Test("what is written reads back unchanged through CSVRecords")
    func roundTrip() throws {
        let rows = [
            ["id", "true", "predicted"], ["a,b", "say \"hi\"", "x\r\ny"], ["  lead", "trail\t", "ünï\ncode"],
            ["", "\"", ",,"],
        ]
        let text = rows.map(CSVField.row).joined(separator: "\n") + "\n"
        #expect(try CSVRecords.parse(text).map(\.fields) == rows)
    }
}

@Suite("Percent")
struct PercentTests {
    @Test("one decimal and a percent sign; undefined when not finite")
    func formatted() {
        #expect(Percent.formatted(0.884) == "88.4%")
        #expect(Percent.formatted(1) == "100.0%")
        #expect(Percent.formatted(0) == "0.0%")
        #expect(Percent.formatted(120.0 / 136) == "88.2%")
        #expect(Percent.formatted(-0.25) == "-25.0%")
        #expect(Percent.formatted(.nan) == "undefined")
        #expect(Percent.formatted(0.0 / 0.0) == "undefined")
    }
}
