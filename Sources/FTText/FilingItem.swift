/// The 10-K items FinText extracts and models.
public enum FilingItem: String, Sendable, CaseIterable, Codable, Comparable {
    /// Item 1, Business.
    case business = "1"
    /// Item 1A, Risk Factors.
    case riskFactors = "1A"
    /// Item 7, Management's Discussion and Analysis of Financial Condition and Results of Operations.
    case managementDiscussion = "7"
    /// Item 7A, Quantitative and Qualitative Disclosures About Market Risk.
    case marketRisk = "7A"

    /// The study's one-word section title used to prefix each document (`businessoverview`, `riskfactors`,
    /// `managementdiscussion`, `marketrisk`).
    public var studyTitleWord: String {
        switch self {
        case .business: "businessoverview"
        case .riskFactors: "riskfactors"
        case .managementDiscussion: "managementdiscussion"
        case .marketRisk: "marketrisk"
        }
    }

    /// The item's usual heading text ("Business", "Risk Factors", …).
    public var title: String {
        switch self {
        case .business: "Business"
        case .riskFactors: "Risk Factors"
        case .managementDiscussion:
            "Management's Discussion and Analysis of Financial Condition and Results of Operations"
        case .marketRisk: "Quantitative and Qualitative Disclosures About Market Risk"
        }
    }

    /// Document order: 1 < 1A < 7 < 7A.
    public static func < (lhs: FilingItem, rhs: FilingItem) -> Bool {
        order(lhs) < order(rhs)
    }

    private static func order(_ item: FilingItem) -> Int {
        switch item {
        case .business: 0
        case .riskFactors: 1
        case .managementDiscussion: 2
        case .marketRisk: 3
        }
    }
}
