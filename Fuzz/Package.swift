// swift-tools-version: 6.0
//
// libFuzzer targets for every parser FinText applies to outside input. A separate package so that
// its `-parse-as-library` executables (libFuzzer supplies `main`) never reach FinText's own products.
// Build and run with scripts/fuzz.sh; docs/reliability.md describes the campaign.

import PackageDescription

let fuzzFlags: [SwiftSetting] = [.unsafeFlags(["-parse-as-library"])]

func fuzzTarget(_ name: String) -> Target {
    .executableTarget(
        name: name,
        dependencies: [.product(name: "FinText", package: "FinText"), "FuzzSupport"],
        swiftSettings: fuzzFlags)
}

let package = Package(
    name: "FinTextFuzz",
    platforms: [.macOS(.v14)],
    dependencies: [.package(name: "FinText", path: "..")],
    targets: [
        .target(name: "FuzzSupport", dependencies: [.product(name: "FinText", package: "FinText")]),
        fuzzTarget("FuzzCheckpoint"),
        fuzzTarget("FuzzConfiguration"),
        fuzzTarget("FuzzEncodeUnit"),
        fuzzTarget("FuzzFiling"),
        fuzzTarget("FuzzFilingIndex"),
        fuzzTarget("FuzzGloVe"),
        fuzzTarget("FuzzGzip"),
        fuzzTarget("FuzzLinearModel"),
        fuzzTarget("FuzzManifest"),
        fuzzTarget("FuzzModelFolder"),
        fuzzTarget("FuzzPredictions"),
        fuzzTarget("FuzzPriceCSV"),
        fuzzTarget("FuzzQuantileEdges"),
        fuzzTarget("FuzzSafeTensors"),
        fuzzTarget("FuzzSectionsJSONL"),
        fuzzTarget("FuzzSubmission"),
        fuzzTarget("FuzzTokenDataset"),
        fuzzTarget("FuzzTokenShard"),
        fuzzTarget("FuzzTokenizerJSON"),
        fuzzTarget("FuzzTrainingHistory"),
        fuzzTarget("FuzzVectorCache"),
        fuzzTarget("FuzzWord2VecBinary"),
        fuzzTarget("FuzzWord2VecText"),
    ]
)
