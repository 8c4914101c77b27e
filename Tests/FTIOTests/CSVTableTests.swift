import FTIO
import Testing

@Suite("CSV records and tables")
struct CSVTableTests {
    @Test("quotes, doubled quotes, multi-line fields, CRLF, BOM and blank lines")
    func records() throws {
        let text =
            "\u{FEFF}id, name ,note\r\n1,\"Acme, Inc.\",\"  kept  \"\r\n\r\n2, plain ,\"two\nlines\"\n3,\"say \"\"hi\"\"\",\n"
        let records = try CSVRecords.parse(text)
        #expect(records.map(\.line) == [1, 2, 4, 6])
        #expect(records[0].fields == ["id", "name", "note"])
        #expect(records[1].fields == ["1", "Acme, Inc.", "  kept  "])
        #expect(records[2].fields == ["2", "plain", "two\nlines"])
        #expect(records[3].fields == ["3", "say \"hi\"", ""])
        let table = try CSVTable.parse(text, source: "t.csv")
        #expect(table.column("note") == 2)
        #expect(table.rows.map(\.line) == [2, 4, 6])
    }

    @Test("an unclosed quote names the line where its record starts")
    func unclosed() {
        #expect(throws: CSVRecords.UnclosedQuote(line: 3)) { try CSVRecords.parse("a,b\n1,2\n3,\"open\nmore\n") }
        #expect { try CSVTable.parse("a,b\n1,\"x\n", source: "t.csv") } throws: {
            "\($0)" == "t.csv: line 2: a quoted field is not closed"
        }
    }

    @Test("tables reject an empty file and rows with the wrong field count, naming the line")
    func tableErrors() {
        #expect { try CSVTable.parse("\n\n", source: "e.csv") } throws: { "\($0)".contains("e.csv: the file is empty") }
        #expect { try CSVTable.parse("a,b\n1,2\n1,2,3\n", source: "f.csv") } throws: {
            "\($0)" == "f.csv: line 3: expected 2 fields as in the header. Received: 3"
        }
    }
}
