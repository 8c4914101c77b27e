internal import CLAPACKE

/// A failure reported by LAPACK for valid-shaped input (for example a matrix that is not positive
/// definite).
public struct LAPACKError: Error, CustomStringConvertible, Sendable, Equatable {
    /// The LAPACK routine, for example `sposv`.
    public var routine: String
    /// LAPACK's `info` value (positive: a numerical failure at that index).
    public var info: Int
    /// What the failure means.
    public var reason: String

    /// `routine failed (info): reason`.
    public var description: String { "\(routine) failed (info \(info)): \(reason)" }
}

/// Dense single-precision LAPACK routines through LAPACKE, on row-major matrices stored in `[Float]`.
///
/// Each takes and returns plain arrays and checks its shapes with preconditions; numerical failures throw
/// `LAPACKError`. Each has a double-precision naive twin in `Reference`.
public enum LAPACK {
    /// Thin QR factorisation `A = Q·R` (LAPACK `sgeqrf` + `sorgqr`).
    ///
    /// - Parameters:
    ///   - a: `rows × columns`, row-major.
    /// - Returns: `q` (`rows × p`, orthonormal columns) and `r` (`p × columns`, upper triangular) with
    ///   `p = min(rows, columns)`. LAPACK's sign convention: the diagonal of `r` may be negative.
    /// - Complexity: O(rows · columns · p).
    public static func qr(_ a: [Float], rows: Int, columns: Int) throws(LAPACKError) -> (q: [Float], r: [Float]) {
        precondition(rows > 0 && columns > 0, "LAPACK.qr needs a non-empty matrix. Received: \(rows)×\(columns)")
        precondition(a.count == rows * columns, "LAPACK.qr: expected \(rows * columns) elements. Received: \(a.count)")
        let p = min(rows, columns)
        var work = a
        var tau = [Float](repeating: 0, count: p)
        var info = BLASLock.reading {
            LAPACKE_sgeqrf(
                LAPACK_ROW_MAJOR, lapackInt(rows), lapackInt(columns), &work, lapackInt(columns), &tau)
        }
        guard info == 0 else { throw LAPACKError(routine: "sgeqrf", info: Int(info), reason: "illegal argument") }
        var r = [Float](repeating: 0, count: p * columns)
        for i in 0..<p {
            for j in i..<columns { r[i * columns + j] = work[i * columns + j] }
        }
        info = BLASLock.reading {
            LAPACKE_sorgqr(
                LAPACK_ROW_MAJOR, lapackInt(rows), lapackInt(p), lapackInt(p), &work, lapackInt(columns), &tau)
        }
        guard info == 0 else { throw LAPACKError(routine: "sorgqr", info: Int(info), reason: "illegal argument") }
        var q = [Float](repeating: 0, count: rows * p)
        for i in 0..<rows {
            for j in 0..<p { q[i * p + j] = work[i * columns + j] }
        }
        return (q, r)
    }

    /// Eigen-decomposition of a symmetric matrix (LAPACK `ssyevd`, divide and conquer).
    ///
    /// Only the upper triangle of `a` is read.
    /// - Returns: `values` in ascending order and `vectors` (`n × n`, row-major) whose column `j` is the
    ///   unit eigenvector of `values[j]`.
    /// - Throws: `LAPACKError` when the algorithm fails to converge.
    /// - Complexity: O(n³).
    public static func symmetricEigen(_ a: [Float], size n: Int) throws(LAPACKError) -> (
        values: [Float], vectors: [Float]
    ) {
        precondition(n > 0, "LAPACK.symmetricEigen needs n > 0. Received: \(n)")
        precondition(a.count == n * n, "LAPACK.symmetricEigen: expected \(n * n) elements. Received: \(a.count)")
        var work = a
        var values = [Float](repeating: 0, count: n)
        let info = BLASLock.reading {
            LAPACKE_ssyevd(
                LAPACK_ROW_MAJOR, character("V"), character("U"), lapackInt(n), &work, lapackInt(n), &values)
        }
        guard info == 0 else {
            throw LAPACKError(
                routine: "ssyevd", info: Int(info), reason: info > 0 ? "did not converge" : "illegal argument")
        }
        return (values, work)
    }

    /// Thin singular value decomposition `A = U·diag(s)·Vᵀ` (LAPACK `sgesdd`).
    ///
    /// - Returns: `u` (`rows × p`), `s` (`p`, descending, non-negative), `vt` (`p × columns`), with
    ///   `p = min(rows, columns)`.
    /// - Throws: `LAPACKError` when the algorithm fails to converge.
    /// - Complexity: O(rows · columns · p).
    public static func svd(_ a: [Float], rows: Int, columns: Int) throws(LAPACKError) -> (
        u: [Float], s: [Float], vt: [Float]
    ) {
        precondition(rows > 0 && columns > 0, "LAPACK.svd needs a non-empty matrix. Received: \(rows)×\(columns)")
        precondition(a.count == rows * columns, "LAPACK.svd: expected \(rows * columns) elements. Received: \(a.count)")
        let p = min(rows, columns)
        var work = a
        var s = [Float](repeating: 0, count: p)
        var u = [Float](repeating: 0, count: rows * p)
        var vt = [Float](repeating: 0, count: p * columns)
        let info = BLASLock.reading {
            LAPACKE_sgesdd(
                LAPACK_ROW_MAJOR, character("S"), lapackInt(rows), lapackInt(columns), &work, lapackInt(columns), &s,
                &u, lapackInt(p), &vt, lapackInt(columns))
        }
        guard info == 0 else {
            throw LAPACKError(
                routine: "sgesdd", info: Int(info), reason: info > 0 ? "did not converge" : "illegal argument")
        }
        return (u, s, vt)
    }

    /// Solves `A·X = B` for a symmetric positive-definite `A` by Cholesky factorisation (LAPACK `sposv`).
    ///
    /// - Parameters:
    ///   - a: `n × n`, row-major; only the upper triangle is read.
    ///   - b: `n × rightHandSides`, row-major.
    /// - Returns: `X`, `n × rightHandSides`.
    /// - Throws: `LAPACKError` when `A` is not positive definite.
    /// - Complexity: O(n³/3 + n²·rightHandSides).
    public static func choleskySolve(
        _ a: [Float], size n: Int, b: [Float], rightHandSides: Int
    ) throws(LAPACKError) -> [Float] {
        precondition(n > 0 && rightHandSides > 0, "LAPACK.choleskySolve needs n > 0 and rightHandSides > 0")
        precondition(a.count == n * n, "LAPACK.choleskySolve: a needs \(n * n) elements. Received: \(a.count)")
        precondition(
            b.count == n * rightHandSides,
            "LAPACK.choleskySolve: b needs \(n * rightHandSides) elements. Received: \(b.count)")
        var factor = a
        var x = b
        let info = BLASLock.reading {
            LAPACKE_sposv(
                LAPACK_ROW_MAJOR, character("U"), lapackInt(n), lapackInt(rightHandSides), &factor, lapackInt(n), &x,
                lapackInt(rightHandSides))
        }
        guard info == 0 else {
            throw LAPACKError(
                routine: "sposv", info: Int(info),
                reason: info > 0 ? "the matrix is not positive definite (leading minor \(info))" : "illegal argument")
        }
        return x
    }
}

private func lapackInt(_ value: Int) -> Int32 {
    precondition(value <= Int(Int32.max), "LAPACK dimension \(value) exceeds the 32-bit interface")
    return Int32(value)
}

private func character(_ letter: Unicode.Scalar) -> CChar {
    CChar(UInt8(ascii: letter))
}
