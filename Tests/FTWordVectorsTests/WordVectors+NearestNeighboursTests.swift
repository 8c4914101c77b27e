import FTTestSupport
import Testing

@testable import FTWordVectors

@Suite struct NearestNeighboursTests {
    struct Reference: Decodable {
        var neighbours: [String: [Pair]]
        var pcaWords: [String]
        var pca: [[Double]]
    }
    struct Pair: Decodable {
        var word: String
        var cosine: Double
        init(from decoder: any Decoder) throws {
            var container = try decoder.unkeyedContainer()
            word = try container.decode(String.self)
            cosine = try container.decode(Double.self)
        }
    }

    @Test func smallHandComputedCase() throws {
        let vectors = try WordVectors(
            words: ["x", "y", "xy", "minus", "zero"], dimension: 2, scalars: [1, 0, 0, 1, 1, 1, -1, 0, 0, 0])
        let result = try #require(vectors.nearestNeighbours(of: "x", count: 3))
        #expect(result.map(\.word) == ["xy", "y", "zero"])
        #expect(abs(result[0].cosine - Float(0.5).squareRoot()) < 1e-6)
        #expect(vectors.nearestNeighbours(of: "nope") == nil)
        // Ties (cosine 0 for x, minus and zero) keep row order.
        #expect(vectors.nearestNeighbours(to: [0, -1], count: 2).map(\.word) == ["x", "minus"])
        #expect(vectors.nearestNeighbours(to: [-1, 0], count: 1).map(\.word) == ["minus"])
    }

    /// gensim `KeyedVectors.most_similar(word, topn=10)` on the shipped subset.
    @Test func matchesGensimMostSimilar() throws {
        let reference = try Fixtures.decode(Reference.self, "subset_reference.json")
        let vectors = try WordVectors.load(path: repositoryData + "/glove.6B.50d.subset.txt.gz", cache: .disabled)
        for (query, expected) in reference.neighbours {
            let result = try #require(vectors.nearestNeighbours(of: query, count: 10))
            #expect(result.map(\.word) == expected.map(\.word), "\(query)")
            for (ours, theirs) in zip(result, expected) {
                #expect(abs(Double(ours.cosine) - theirs.cosine) < 1e-5, "\(query) → \(ours.word)")
            }
        }
    }

    /// NumPy PCA (`np.linalg.eigh` of the covariance, same sign rule) on the shipped subset.
    @Test func pcaMatchesNumPy() throws {
        let reference = try Fixtures.decode(Reference.self, "subset_reference.json")
        let vectors = try WordVectors.load(path: repositoryData + "/glove.6B.50d.subset.txt.gz", cache: .disabled)
        let (points, missing) = try vectors.principalComponentProjection(of: reference.pcaWords + ["notaglovewordzz"])
        #expect(missing == ["notaglovewordzz"])
        #expect(points.map(\.word) == reference.pcaWords)
        for (point, expected) in zip(points, reference.pca) {
            #expect(abs(Double(point.x) - expected[0]) < 2e-3, "\(point.word) x")
            #expect(abs(Double(point.y) - expected[1]) < 2e-3, "\(point.word) y")
        }
    }
}
