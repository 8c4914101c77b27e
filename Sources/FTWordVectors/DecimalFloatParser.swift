#if canImport(Glibc)
    import Glibc
#elseif canImport(Darwin)
    import Darwin
#endif

/// A fast decimal-to-`Float` parser that is exact (correctly rounded, ties to even) for every input.
///
/// Accepted grammar (the forms word-vector files use): `[+-]? digits [. digits]? ([eE] [+-]? digits)?`,
/// also `.5` and `5.`; no spaces, no `nan`/`inf`, no hexadecimal.
///
/// Three paths, each correctly rounded:
/// 1. Significand ≤ 2²⁴ and decimal exponent in −10…10 (every GloVe value such as `-0.41242`): both
///    operands are exact `Float`s, so one IEEE multiplication or division rounds correctly.
/// 2. Significand < 2⁵³ and exponent in −22…22 (Clinger's fast path in `Double`), then `Double → Float`;
///    double rounding can only go wrong when the `Double` lands exactly on a midpoint between two
///    `Float`s, which is detected and sent to path 3.
/// 3. Anything else (more than 19 digits, large exponents, subnormals): C `strtof`, which glibc rounds
///    correctly.
public enum DecimalFloatParser {
    /// Parses a whole string; nil when it does not match the grammar or is out of `Float` range.
    /// - Complexity: O(length).
    public static func parse(_ text: some StringProtocol) -> Float? {
        var copy = String(text)
        return copy.withUTF8 { utf8 -> Float? in
            guard let base = utf8.baseAddress, !utf8.isEmpty else { return nil }
            guard let (value, next) = parse(base, from: 0, to: utf8.count), next == utf8.count else { return nil }
            return value
        }
    }

    /// 10^e for 0 ≤ e ≤ 10, all exact in `Float` (a switch, not a global array: no lazy-init check,
    /// bounds check or reference counting in the hot loop).
    @inline(__always)
    private static func floatPower(_ e: Int) -> Float {
        switch e {
        case 0: 1
        case 1: 1e1
        case 2: 1e2
        case 3: 1e3
        case 4: 1e4
        case 5: 1e5
        case 6: 1e6
        case 7: 1e7
        case 8: 1e8
        case 9: 1e9
        default: 1e10
        }
    }

    /// 10^e for 0 ≤ e ≤ 22, all exact in `Double`.
    @inline(__always)
    private static func doublePower(_ e: Int) -> Double {
        switch e {
        case 0: 1
        case 1: 1e1
        case 2: 1e2
        case 3: 1e3
        case 4: 1e4
        case 5: 1e5
        case 6: 1e6
        case 7: 1e7
        case 8: 1e8
        case 9: 1e9
        case 10: 1e10
        case 11: 1e11
        case 12: 1e12
        case 13: 1e13
        case 14: 1e14
        case 15: 1e15
        case 16: 1e16
        case 17: 1e17
        case 18: 1e18
        case 19: 1e19
        case 20: 1e20
        case 21: 1e21
        default: 1e22
        }
    }

    /// Parses the number starting at `p[start]`; stops at the first byte that cannot continue it.
    ///
    /// - Returns: the value and the index just past the number, or nil when no number starts there or
    ///   the value is outside `Float`'s finite range. The caller checks what follows (a separator).
    @inline(__always)
    static func parse(_ p: UnsafePointer<UInt8>, from start: Int, to end: Int) -> (Float, Int)? {
        var i = start
        guard i < end else { return nil }
        var negative = false
        if p[i] == 0x2D {
            negative = true
            i += 1
        } else if p[i] == 0x2B {
            i += 1
        }
        var mantissa: UInt64 = 0
        var significantDigits = 0
        var exponent = 0
        var sawDigit = false
        var inexact = false
        while i < end {
            let d = p[i] &- 0x30
            if d >= 10 { break }
            sawDigit = true
            if mantissa == 0 && d == 0 {
            } else if significantDigits < 19 {
                mantissa = mantissa &* 10 &+ UInt64(d)
                significantDigits += 1
            } else {
                exponent += 1
                if d != 0 { inexact = true }
            }
            i += 1
        }
        if i < end && p[i] == 0x2E {
            i += 1
            while i < end {
                let d = p[i] &- 0x30
                if d >= 10 { break }
                sawDigit = true
                if mantissa == 0 && d == 0 {
                    exponent -= 1
                } else if significantDigits < 19 {
                    mantissa = mantissa &* 10 &+ UInt64(d)
                    significantDigits += 1
                    exponent -= 1
                } else if d != 0 {
                    inexact = true
                }
                i += 1
            }
        }
        guard sawDigit else { return nil }
        if i < end && (p[i] | 0x20) == 0x65 {
            var j = i + 1
            var exponentNegative = false
            if j < end && (p[j] == 0x2D || p[j] == 0x2B) {
                exponentNegative = p[j] == 0x2D
                j += 1
            }
            var written = 0
            var digits = 0
            while j < end {
                let d = p[j] &- 0x30
                if d >= 10 { break }
                if written < 100_000 { written = written * 10 + Int(d) }
                digits += 1
                j += 1
            }
            guard digits > 0 else { return nil }
            exponent += exponentNegative ? -written : written
            i = j
        }
        if mantissa == 0 { return (negative ? -0.0 : 0.0, i) }
        if !inexact && mantissa <= 1 << 24 && exponent >= -10 && exponent <= 10 {
            let f = Float(mantissa)
            let value = exponent < 0 ? f / floatPower(-exponent) : f * floatPower(exponent)
            return (negative ? -value : value, i)
        }
        if !inexact && mantissa < 1 << 53 && exponent >= -22 && exponent <= 22 {
            let d = Double(mantissa)
            let value = exponent < 0 ? d / doublePower(-exponent) : d * doublePower(exponent)
            // |value| is within 1e-22 … 9e37: always a normal Float, so the 29 low mantissa bits
            // decide whether the Double sits exactly halfway between two Floats.
            if value.bitPattern & 0x1FFF_FFFF != 0x1000_0000 {
                let f = Float(value)
                return (negative ? -f : f, i)
            }
        }
        guard let value = slowParse(p, from: start, to: i), value.isFinite else { return nil }
        return (value, i)
    }

    /// `strtof` on a NUL-terminated copy of `p[start..<end]` (already validated by the grammar).
    static func slowParse(_ p: UnsafePointer<UInt8>, from start: Int, to end: Int) -> Float? {
        let length = end - start
        return withUnsafeTemporaryAllocation(of: CChar.self, capacity: length + 1) { buffer -> Float? in
            guard let base = buffer.baseAddress else { return nil }
            for k in 0..<length { base[k] = CChar(bitPattern: p[start + k]) }
            base[length] = 0
            var stop: UnsafeMutablePointer<CChar>?
            let value = strtof(base, &stop)
            guard let stop, stop - base == length else { return nil }
            return value
        }
    }
}
