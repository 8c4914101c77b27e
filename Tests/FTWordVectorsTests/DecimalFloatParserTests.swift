import FTIO
import FTTensor
import Foundation
import Testing

@testable import FTWordVectors

@Suite struct DecimalFloatParserTests {
    /// Bit-exact comparison against Foundation / the standard library (`Float(String)`).
    private func expectSameAsFoundation(_ text: String, sourceLocation: SourceLocation = #_sourceLocation) {
        let ours = DecimalFloatParser.parse(text)
        let reference = Float(text)
        if let reference, reference.isFinite {
            #expect(ours?.bitPattern == reference.bitPattern, "\(text)", sourceLocation: sourceLocation)
        } else {
            #expect(ours == nil, "\(text) should be rejected", sourceLocation: sourceLocation)
        }
    }

    @Test func glovePositionalForms() {
        for text in [
            "0.418", "0.24968", "-0.41242", "-0.00066023", "4.0071", "-1.8823", "0", "-0", "+3", "5.", ".5", "12345678",
        ] {
            expectSameAsFoundation(text)
        }
        #expect(DecimalFloatParser.parse("-0")?.sign == .minus)
    }

    @Test func exponentForms() {
        for text in [
            "6.6e-05", "1E5", "1e+5", "-2.5e-3", "7e-46", "1e-45", "1.4e-45", "1.17549435e-38", "3.4028235e38", "1e-50",
            "0e99",
        ] {
            expectSameAsFoundation(text)
        }
    }

    @Test func longInputsTakeTheSlowPathAndStayExact() {
        for text in [
            "0.12345678901234567890123456789", "123456789012345678901234567890", "1.000000059604644775390625",
            "1.0000000596046447753906250000001", "1.000000178813934326171875", "16777217", "16777219",
            "0.000000000000000000000000000000000000011754943508222875079687365372222456778186655567720875215087517062784172594547271728515625",
        ] {
            expectSameAsFoundation(text)
        }
        // A midpoint between 1 and its successor rounds to even (1); a hair above rounds up.
        #expect(DecimalFloatParser.parse("1.000000059604644775390625") == 1)
        #expect(DecimalFloatParser.parse("1.0000000596046447753906250000001") == Float(1).nextUp)
    }

    @Test func rejectsWhatIsNotADecimalNumber() {
        for text in [
            "", "-", "+", ".", "e5", "1e", "1e+", "nan", "NaN", "inf", "-inf", "0x1p3", "1.2.3", "1,5", " 1", "1 ",
            "abc", "1e39", "-1e39",
        ] {
            #expect(DecimalFloatParser.parse(text) == nil, "\(text)")
        }
    }

    /// A million random decimal strings in the forms word-vector files use (1–9 significant digits,
    /// positional or with an exponent), every one bit-identical to `Float(String)`.
    @Test func millionRandomValuesMatchFoundation() {
        var generator = SeededGenerator(seed: 20_231_231)
        var mismatches = [String]()
        for _ in 0..<1_000_000 {
            let text = randomDecimal(&generator)
            let ours = DecimalFloatParser.parse(text)
            let reference = Float(text)
            if ours?.bitPattern != reference?.bitPattern, mismatches.count < 10 { mismatches.append(text) }
        }
        #expect(mismatches.isEmpty, "first mismatches: \(mismatches)")
    }

    private func randomDecimal(_ g: inout SeededGenerator) -> String {
        let digitCount = 1 + g.nextInt(below: 9)
        var digits = ""
        for _ in 0..<digitCount { digits.append(Character(Unicode.Scalar(UInt8(48 + g.nextInt(below: 10))))) }
        let sign = g.nextInt(below: 2) == 0 ? "-" : ""
        switch g.nextInt(below: 4) {
        case 0:  // like 0.00066023
            return sign + "0." + String(repeating: "0", count: g.nextInt(below: 5)) + digits
        case 1:  // like 4.0071 or 12.5
            let point = g.nextInt(below: digitCount + 1)
            return sign + String(digits.prefix(point)) + "." + String(digits.dropFirst(point))
        case 2:  // like 6.6023e-05
            let exponent = g.nextInt(below: 81) - 45
            return sign + String(digits.prefix(1)) + "." + String(digits.dropFirst()) + "e" + String(exponent)
        default:  // integers and exponents far out
            return sign + digits + "e" + String(g.nextInt(below: 90) - 60)
        }
    }

    /// Every value of the shipped GloVe subset parses to exactly what `Float(String)` gives.
    @Test func everyValueOfTheShippedSubsetMatchesFoundation() throws {
        let bytes = try FileData.read(repositoryData + "/glove.6B.50d.subset.txt.gz")
        var values = 0
        var mismatches = [String]()
        for line in bytes.split(separator: 0x0A) {
            for field in line.split(separator: 0x20).dropFirst() {
                let text = String(decoding: field, as: UTF8.self)
                values += 1
                if DecimalFloatParser.parse(text)?.bitPattern != Float(text)?.bitPattern, mismatches.count < 10 {
                    mismatches.append(text)
                }
            }
        }
        #expect(values == 31_710 * 50)
        #expect(mismatches.isEmpty, "first mismatches: \(mismatches)")
    }
}
