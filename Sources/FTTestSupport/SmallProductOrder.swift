/// The summation order of `BLAS.productWithoutAllocating` (decision 0095), written out one scalar at a
/// time so tests can check the fast code against it bit for bit.
public enum SmallProductOrder {
    /// Output `(row, column)` of `x·w` for row-major `x` `[rows, inputs]` and `w` `[inputs, columns]`:
    /// sequential fused multiply-adds for whole groups of 16 columns (and for every column when the last
    /// group has more than 8 or there are fewer than 32 inputs); else 16 lanes `k mod 16`, added in
    /// adjacent pairs, or by halves for the last `columns mod 4` columns of the last `rows mod 4` rows.
    public static func output(
        _ x: [Float], _ w: [Float], row: Int, column: Int, rows: Int, inputs: Int, columns: Int
    ) -> Float {
        let term = { (k: Int) in (x[row * inputs + k], w[k * columns + column]) }
        if column < columns - columns % 16 || columns % 16 > 8 || inputs < 32 {
            return (0..<inputs).reduce(Float(0)) { $0.addingProduct(term($1).0, term($1).1) }
        }
        var lanes = [Float](repeating: 0, count: 16)
        for k in 0..<((inputs + 15) / 16 * 16) {
            let (a, b) = k < inputs ? term(k) : (0, 0)
            lanes[k % 16] = lanes[k % 16].addingProduct(a, b)
        }
        let byHalves = column >= columns - columns % 4 && row >= rows - rows % 4
        while lanes.count > 1 {
            let half = lanes.count / 2
            lanes = (0..<half).map { byHalves ? lanes[$0] + lanes[$0 + half] : lanes[2 * $0] + lanes[2 * $0 + 1] }
        }
        return lanes[0]
    }
}
