import FTTensor
import Foundation
import Testing

/// `Shape` keeps up to four axes inline (decision 0079); these check that the storage is invisible.
@Suite("Shape: inline axes, any rank")
struct ShapeTests {
    @Test("ranks 0 to 6 keep their sizes, strides, counts and descriptions")
    func everyRank() {
        for rank in 0...6 {
            let sizes = (0..<rank).map { $0 + 2 }
            var shape = Shape(sizes)
            #expect(shape.rank == rank && Array(shape) == sizes && shape.dimensions == sizes)
            #expect(shape.scalarCount == sizes.reduce(1, *))
            #expect(shape.description == "[" + sizes.map(String.init).joined(separator: ", ") + "]")
            if rank > 0 {
                shape[rank - 1] = 9
                #expect(shape[rank - 1] == 9 && shape.strides.last == 1)
                shape.dimensions = sizes
                #expect(shape == Shape(sizes))
            }
        }
        let five: Shape = [1, 2, 3, 4, 5]
        #expect(five.strides == [120, 60, 20, 5, 1])
    }

    @Test("equal shapes hash equally; different ranks with equal leading sizes differ")
    func equality() {
        let a: Shape = [2, 3]
        let b = Shape([2, 3])
        #expect(a == b && a.hashValue == b.hashValue)
        #expect(a != [2, 3, 0] && Shape([2, 3, 1, 1, 1]) != [2, 3, 1, 1])
        #expect(Set([a, b, [3, 2]]).count == 2)
    }

    @Test("JSON is the array-backed form {\"dimensions\": [...]} and a negative size is an error")
    func coding() throws {
        let json = try JSONEncoder().encode(Shape([4, 5, 6, 7, 8]))
        #expect(String(decoding: json, as: UTF8.self) == #"{"dimensions":[4,5,6,7,8]}"#)
        #expect(try JSONDecoder().decode(Shape.self, from: Data(#"{"dimensions":[2,3]}"#.utf8)) == [2, 3])
        #expect(throws: DecodingError.self) {
            try JSONDecoder().decode(Shape.self, from: Data(#"{"dimensions":[2,-3]}"#.utf8))
        }
    }
}
