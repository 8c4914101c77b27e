// Small SIMD helpers shared by the fused kernels. The compiler does not vectorise the generic SIMD
// comparison operators or `replacing(with:where:)` (they become per-lane loops through memory), so
// masks are built with arithmetic and bit operations, which it does vectorise.

/// 16 floats from `p` (no alignment needed).
@inline(__always)
func vectorLoad(_ p: UnsafePointer<Float>) -> SIMD16<Float> {
    UnsafeRawPointer(p).loadUnaligned(as: SIMD16<Float>.self)
}

/// 16 floats to `p` (no alignment needed).
@inline(__always)
func vectorStore(_ v: SIMD16<Float>, _ p: UnsafeMutablePointer<Float>) {
    UnsafeMutableRawPointer(p).storeBytes(of: v, as: SIMD16<Float>.self)
}

/// 16 ints from `p`.
@inline(__always)
func vectorLoad(_ p: UnsafePointer<Int32>) -> SIMD16<Int32> {
    UnsafeRawPointer(p).loadUnaligned(as: SIMD16<Int32>.self)
}

/// 16 ints to `p`.
@inline(__always)
func vectorStore(_ v: SIMD16<Int32>, _ p: UnsafeMutablePointer<Int32>) {
    UnsafeMutableRawPointer(p).storeBytes(of: v, as: SIMD16<Int32>.self)
}

/// All-ones lanes where `s > best`, else zeros: the sign bit of `best − s` (exact for finite values).
@inline(__always)
func greaterMask(_ s: SIMD16<Float>, _ best: SIMD16<Float>) -> SIMD16<Int32> {
    unsafeBitCast(best - s, to: SIMD16<Int32>.self) &>> 31
}

/// All-ones lanes where `a == b`, else zeros (`x == 0` exactly when the sign bit of `x | −x` is clear).
@inline(__always)
func equalMask(_ a: SIMD16<Int32>, _ b: Int32) -> SIMD16<Int32> {
    let x = a &- SIMD16<Int32>(repeating: b)
    return ~((x | (SIMD16<Int32>(repeating: 0) &- x)) &>> 31)
}

/// `mask ? a : b` lane by lane (mask lanes all ones or all zeros).
@inline(__always)
func vectorSelect(_ mask: SIMD16<Int32>, _ a: SIMD16<Float>, _ b: SIMD16<Float>) -> SIMD16<Float> {
    let x = unsafeBitCast(a, to: SIMD16<Int32>.self)
    let y = unsafeBitCast(b, to: SIMD16<Int32>.self)
    return unsafeBitCast((x & mask) | (y & ~mask), to: SIMD16<Float>.self)
}

/// `mask ? a : b` lane by lane for ints.
@inline(__always)
func vectorSelect(_ mask: SIMD16<Int32>, _ a: SIMD16<Int32>, _ b: SIMD16<Int32>) -> SIMD16<Int32> {
    (a & mask) | (b & ~mask)
}

/// A pool window's running first maximum: where `row[i] > best[i]` (strictly, so the earliest position
/// wins ties, as `MaxPooling1D` does), `best[i] = row[i]` and `argmax[i] = position`, for `count` lanes.
@inline(__always)
func keepFirstMaximum(
    _ row: UnsafePointer<Float>, position: Int32, count: Int, best: UnsafeMutablePointer<Float>,
    argmax: UnsafeMutablePointer<Int32>
) {
    let positions = SIMD16<Int32>(repeating: position)
    var i = 0
    while i + 16 <= count {
        let (value, current) = (vectorLoad(row + i), vectorLoad(UnsafePointer(best + i)))
        let better = greaterMask(value, current)
        vectorStore(vectorSelect(better, value, current), best + i)
        vectorStore(vectorSelect(better, positions, vectorLoad(UnsafePointer(argmax + i))), argmax + i)
        i += 16
    }
    while i < count {
        if row[i] > best[i] {
            best[i] = row[i]
            argmax[i] = position
        }
        i += 1
    }
}

/// An array of `count` trivial values left uninitialised, for buffers a kernel overwrites completely
/// (saves zero-filling and first-touch page faults of tens of megabytes per step). An empty one is `[]`:
/// `Array(unsafeUninitializedCapacity: 0)` writes the count of Swift's shared empty-array storage, a data race
/// with every thread reading an empty array (found by ThreadSanitizer).
func uninitializedArray<T: BitwiseCopyable>(count: Int) -> [T] {
    guard count > 0 else { return [] }
    return [T](unsafeUninitializedCapacity: count) { _, initialized in initialized = count }
}

/// `keepFirstMaximum` without positions (inference): where `row[i] > best[i]`, `best[i] = row[i]`.
@inline(__always)
func keepMaximum(_ row: UnsafePointer<Float>, count: Int, best: UnsafeMutablePointer<Float>) {
    var i = 0
    while i + 16 <= count {
        let (value, current) = (vectorLoad(row + i), vectorLoad(UnsafePointer(best + i)))
        vectorStore(vectorSelect(greaterMask(value, current), value, current), best + i)
        i += 16
    }
    while i < count {
        if row[i] > best[i] { best[i] = row[i] }
        i += 1
    }
}
