/// The finance view of predictions: realised excess return by predicted class, the high-minus-low spread
/// with Welch's t-statistic, and the rank information coefficient (Spearman correlation) between a score
/// — for FinText P(high) − P(low) — and the realised excess return.
///
/// Inputs are one row per independent unit (FinText passes filings, not sections, since a filing's
/// sections share one return). Undefined values are nil.
public struct PredictedReturns: Sendable, Equatable {
    /// Realised excess returns of the units predicted as one class.
    public struct Group: Sendable, Equatable {
        /// The class name.
        public let label: String
        /// Units predicted as this class.
        public let count: Int
        /// Their mean excess return; nil when none.
        public let mean: Double?
        /// Their sample standard deviation (divisor count − 1); nil for fewer than 2.
        public let standardDeviation: Double?
    }

    /// One group per class, in class order.
    public let groups: [Group]
    /// Mean excess return of the highest predicted class minus that of the lowest; nil when either is empty.
    public let spread: Double?
    /// Welch's t-statistic of the spread; nil when either group has fewer than 2 units or no variance.
    public let spreadT: Double?
    /// Welch–Satterthwaite degrees of freedom.
    public let spreadDegreesOfFreedom: Double?
    /// Two-sided p-value of the spread (Student's t with those degrees of freedom).
    public let spreadPValue: Double?
    /// Spearman rank correlation between score and excess return (average ranks for ties); nil for fewer
    /// than 3 units or a constant input.
    public let rankIC: Double?
    /// Its t-statistic `r·√((n − 2)/(1 − r²))`.
    public let rankICT: Double?
    /// Two-sided p-value of the rank IC (t with n − 2 degrees of freedom, as scipy's `spearmanr`).
    public let rankICPValue: Double?
    /// Units.
    public let n: Int

    /// Computes the statistics.
    /// - Precondition: equal lengths, labels in range, finite values, at least 2 label names.
    public init(predictedLabels: [Int], scores: [Double], excessReturns: [Double], labelNames: [String]) {
        precondition(
            predictedLabels.count == scores.count && scores.count == excessReturns.count,
            "PredictedReturns expected equal lengths. Received: \(predictedLabels.count), \(scores.count), \(excessReturns.count)"
        )
        precondition(labelNames.count >= 2, "PredictedReturns expected at least 2 classes")
        precondition(
            scores.allSatisfy(\.isFinite) && excessReturns.allSatisfy(\.isFinite),
            "PredictedReturns expected finite values")
        n = scores.count
        var members = [[Double]](repeating: [], count: labelNames.count)
        for (label, value) in zip(predictedLabels, excessReturns) {
            precondition(
                members.indices.contains(label),
                "PredictedReturns expected labels in 0..<\(labelNames.count). Received: \(label)")
            members[label].append(value)
        }
        groups = labelNames.indices.map { c in
            let (mean, sd) = Self.moments(members[c])
            return Group(label: labelNames[c], count: members[c].count, mean: mean, standardDeviation: sd)
        }
        let high = members[labelNames.count - 1]
        let low = members[0]
        let (highMean, highSD) = Self.moments(high)
        let (lowMean, lowSD) = Self.moments(low)
        if let highMean, let lowMean { spread = highMean - lowMean } else { spread = nil }
        if let spread, let highSD, let lowSD {
            let a = highSD * highSD / Double(high.count)
            let b = lowSD * lowSD / Double(low.count)
            if a + b > 0 {
                let t = spread / (a + b).squareRoot()
                let df = (a + b) * (a + b) / (a * a / Double(high.count - 1) + b * b / Double(low.count - 1))
                spreadT = t
                spreadDegreesOfFreedom = df
                spreadPValue = SpecialFunctions.studentTTwoSided(t, degreesOfFreedom: df)
            } else {
                (spreadT, spreadDegreesOfFreedom, spreadPValue) = (nil, nil, nil)
            }
        } else {
            (spreadT, spreadDegreesOfFreedom, spreadPValue) = (nil, nil, nil)
        }
        let r = n >= 3 ? Self.pearson(Self.ranks(scores), Self.ranks(excessReturns)) : nil
        rankIC = r
        if let r, abs(r) < 1 {
            let t = r * (Double(n - 2) / (1 - r * r)).squareRoot()
            rankICT = t
            rankICPValue = SpecialFunctions.studentTTwoSided(t, degreesOfFreedom: Double(n - 2))
        } else if let r {
            rankICT = r > 0 ? .infinity : -.infinity
            rankICPValue = 0
        } else {
            (rankICT, rankICPValue) = (nil, nil)
        }
    }

    /// Mean and sample standard deviation.
    static func moments(_ values: [Double]) -> (mean: Double?, sd: Double?) {
        guard !values.isEmpty else { return (nil, nil) }
        let mean = values.reduce(0, +) / Double(values.count)
        guard values.count >= 2 else { return (mean, nil) }
        let variance = values.reduce(0) { $0 + ($1 - mean) * ($1 - mean) } / Double(values.count - 1)
        return (mean, variance.squareRoot())
    }

    /// 1-based ranks, ties sharing their average rank (scipy `rankdata(method="average")`).
    public static func ranks(_ values: [Double]) -> [Double] {
        let order = values.indices.sorted { values[$0] < values[$1] || (values[$0] == values[$1] && $0 < $1) }
        var result = [Double](repeating: 0, count: values.count)
        var start = 0
        while start < order.count {
            var end = start
            while end + 1 < order.count && values[order[end + 1]] == values[order[start]] { end += 1 }
            let rank = Double(start + end) / 2 + 1
            for i in start...end { result[order[i]] = rank }
            start = end + 1
        }
        return result
    }

    /// Pearson correlation; nil when either input is constant.
    static func pearson(_ x: [Double], _ y: [Double]) -> Double? {
        let n = Double(x.count)
        let mx = x.reduce(0, +) / n
        let my = y.reduce(0, +) / n
        var sxy = 0.0
        var sxx = 0.0
        var syy = 0.0
        for (a, b) in zip(x, y) {
            sxy += (a - mx) * (b - my)
            sxx += (a - mx) * (a - mx)
            syy += (b - my) * (b - my)
        }
        guard sxx > 0 && syy > 0 else { return nil }
        return max(-1, min(1, sxy / (sxx * syy).squareRoot()))
    }
}
