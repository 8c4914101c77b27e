public import FTTensor

/// A Keras-style model summary: one row per layer (name, type, output shape, parameter count) and totals.
public struct ModelSummary: Sendable, Equatable, CustomStringConvertible {
    /// One layer's line.
    public struct Row: Sendable, Equatable {
        /// The layer's name (`conv1`).
        public var name: String
        /// Keras class name (`Conv1D`).
        public var kind: String
        /// Output shape without the batch axis.
        public var outputShape: [Int]
        /// Trainable plus non-trainable scalars.
        public var parameterCount: Int
    }

    /// Rows in model order.
    public var rows: [Row]
    /// Trainable scalars.
    public var trainableParameterCount: Int
    /// Non-trainable scalars (the frozen embedding).
    public var nonTrainableParameterCount: Int
    /// All scalars.
    public var totalParameterCount: Int { trainableParameterCount + nonTrainableParameterCount }

    /// The table, Keras 3 style (without box-drawing), sizes with thousands separators; memory in MB
    /// assumes 4-byte floats.
    public var description: String {
        let nameWidth = max(28, rows.map { $0.name.count + $0.kind.count + 4 }.max() ?? 0)
        let shapeWidth = 26
        let rule = String(repeating: "─", count: nameWidth + shapeWidth + 15)
        func pad(_ s: String, _ width: Int) -> String { s + String(repeating: " ", count: max(1, width - s.count)) }
        func leftPad(_ s: String, _ width: Int) -> String { String(repeating: " ", count: max(0, width - s.count)) + s }
        var lines = [
            "Model: \"sequential\"", rule,
            pad("Layer (type)", nameWidth) + pad("Output Shape", shapeWidth) + leftPad("Param #", 15), rule,
        ]
        for row in rows {
            let shape = "(None, " + row.outputShape.map(String.init).joined(separator: ", ") + ")"
            lines.append(
                pad("\(row.name) (\(row.kind))", nameWidth) + pad(shape, shapeWidth)
                    + leftPad(Self.grouped(row.parameterCount), 15))
        }
        lines.append(rule)
        func megabytes(_ count: Int) -> String {
            String(Double(Int((Double(count) * 4 / 1_048_576 * 100).rounded())) / 100) + " MB"
        }
        lines.append(" Total params: \(Self.grouped(totalParameterCount)) (\(megabytes(totalParameterCount)))")
        lines.append(
            " Trainable params: \(Self.grouped(trainableParameterCount)) (\(megabytes(trainableParameterCount)))")
        lines.append(
            " Non-trainable params: \(Self.grouped(nonTrainableParameterCount)) (\(megabytes(nonTrainableParameterCount)))"
        )
        return lines.joined(separator: "\n")
    }

    /// `7166400` → `"7,166,400"`.
    public static func grouped(_ value: Int) -> String {
        let digits = String(value.magnitude)
        var out = ""
        for (i, ch) in digits.enumerated() {
            if i > 0 && (digits.count - i) % 3 == 0 { out.append(",") }
            out.append(ch)
        }
        return value < 0 ? "-" + out : out
    }
}

extension Sequential {
    /// The summary for one sample of `sampleShape` (no batch axis: `[length]` of token ids for token
    /// models, else the float input's shape).
    /// - Throws: `LayerError` naming the first layer that cannot accept its input.
    public func summary(sampleShape: Shape) throws(LayerError) -> ModelSummary {
        let shapes = try outputShapes(for: Shape([1] + sampleShape.dimensions))
        var rows = [ModelSummary.Row]()
        var index = 0
        if let embedding {
            rows.append(
                .init(
                    name: "embedding", kind: "Embedding", outputShape: Array(shapes[0].dimensions.dropFirst()),
                    parameterCount: embedding.table.scalarCount))
            index = 1
        }
        for layer in layers {
            rows.append(
                .init(
                    name: layer.name, kind: layer.kindName, outputShape: Array(shapes[index].dimensions.dropFirst()),
                    parameterCount: layer.trainableParameterCount + layer.nonTrainableParameterCount))
            index += 1
        }
        return ModelSummary(
            rows: rows, trainableParameterCount: trainableParameterCount,
            nonTrainableParameterCount: nonTrainableParameterCount)
    }
}
