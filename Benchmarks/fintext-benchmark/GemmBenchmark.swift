import ArgumentParser
import FinText
import Foundation

/// GEMM throughput of OpenBLAS against the naive reference, for a square and the study's conv shape.
struct GemmBenchmark: ParsableCommand {
    static let configuration = CommandConfiguration(
        commandName: "gemm",
        abstract: "GEMM GFLOP/s: OpenBLAS vs the naive reference (2048³ and the study's 9996×128×1500).",
        discussion: "Example: swift run -c release fintext-benchmark gemm --threads 2")

    @Option(help: "OpenBLAS threads.")
    var threads = 2

    @Option(help: "Repetitions of the OpenBLAS call (the best is reported).")
    var repeats = 3

    @Flag(help: "Skip the naive reference (it takes tens of seconds).")
    var skipReference = false

    @Flag(help: "Print one JSON object per measurement.")
    var json = false

    func run() {
        BLASThreads.count = threads
        var generator = SeededGenerator(seed: 1)
        for (m, n, k) in [(2048, 2048, 2048), (9996, 128, 1500)] {
            let a = Tensor.uniform(shape: [m, k], lower: -1, upper: 1, using: &generator)
            let b = Tensor.uniform(shape: [k, n], lower: -1, upper: 1, using: &generator)
            var c = [Float](repeating: 0, count: m * n)
            let flops = 2.0 * Double(m) * Double(n) * Double(k)
            var best = Double.infinity
            for _ in 0..<repeats {
                let seconds = a.scalars.withUnsafeBufferPointer { pa in
                    b.scalars.withUnsafeBufferPointer { pb in
                        c.withUnsafeMutableBufferPointer { pc in
                            measureSeconds {
                                BLAS.gemm(m: m, n: n, k: k, a: pa, lda: k, b: pb, ldb: n, c: pc, ldc: n)
                            }
                        }
                    }
                }
                best = min(best, seconds)
            }
            var referenceSeconds: Double?
            if !skipReference {
                referenceSeconds = a.scalars.withUnsafeBufferPointer { pa in
                    b.scalars.withUnsafeBufferPointer { pb in
                        c.withUnsafeMutableBufferPointer { pc in
                            measureSeconds {
                                Reference.gemm(m: m, n: n, k: k, a: pa, lda: k, b: pb, ldb: n, c: pc, ldc: n)
                            }
                        }
                    }
                }
            }
            let gflops = flops / best / 1e9
            let referenceGflops = referenceSeconds.map { flops / $0 / 1e9 }
            let name = "gemm_\(m)x\(n)x\(k)"
            if json {
                var fields: [String: Any] = ["name": name, "seconds": best, "gflops": gflops, "threads": threads]
                if let referenceGflops {
                    fields["reference_gflops"] = referenceGflops
                    fields["ratio"] = gflops / referenceGflops
                }
                printJSON(fields)
            } else {
                var line = "\(name): OpenBLAS \(format(gflops)) GFLOP/s (\(format(best * 1000)) ms, \(threads) threads)"
                if let referenceGflops {
                    line += "; naive \(format(referenceGflops)) GFLOP/s; ratio \(format(gflops / referenceGflops))×"
                }
                print(line)
            }
        }
        if !json { print("OpenBLAS: \(BLASThreads.configuration), kernel \(BLASThreads.coreName)") }
    }
}

func format(_ x: Double) -> String {
    String(format: "%.2f", x)
}
