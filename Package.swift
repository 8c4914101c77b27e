// swift-tools-version: 6.0
//
// FinText: reads the text of 10-K filings and predicts the stock's following weeks.
// The module map is described in docs/architecture.md.

import PackageDescription

let strict: [SwiftSetting] = [
    .enableUpcomingFeature("InternalImportsByDefault"),
    .enableUpcomingFeature("ExistentialAny"),
]

let package = Package(
    name: "FinText",
    platforms: [.macOS(.v14)],
    products: [
        .library(name: "FinText", targets: ["FinText"]),
        .executable(name: "train-classifier", targets: ["train-classifier"]),
        .executable(name: "fintext-benchmark", targets: ["fintext-benchmark"]),
    ],
    dependencies: [
        .package(url: "https://github.com/apple/swift-argument-parser", from: "1.5.0")
    ],
    targets: [
        // MARK: C libraries (only FTLinearAlgebra and FTIO import these)
        .systemLibrary(
            name: "COpenBLAS", pkgConfig: "openblas", providers: [.apt(["libopenblas-dev"])]),
        .systemLibrary(
            name: "CLAPACKE", pkgConfig: "lapacke", providers: [.apt(["liblapacke-dev"])]),
        .systemLibrary(name: "CZlib", pkgConfig: "zlib", providers: [.apt(["zlib1g-dev"])]),
        .systemLibrary(name: "CMPI", pkgConfig: "ompi-c", providers: [.apt(["libopenmpi-dev"])]),

        // MARK: Public API
        .target(name: "FTLinearAlgebra", dependencies: ["COpenBLAS", "CLAPACKE"], swiftSettings: strict),
        .target(name: "FTIO", dependencies: ["CZlib"], swiftSettings: strict),
        .target(name: "FTParallel", swiftSettings: strict),
        .target(name: "FTTensor", dependencies: ["FTLinearAlgebra"], swiftSettings: strict),
        .target(
            name: "FTNN", dependencies: ["FTTensor", "FTLinearAlgebra", "FTIO", "FTParallel"], swiftSettings: strict),
        .target(name: "FTText", dependencies: ["FTIO", "FTParallel"], swiftSettings: strict),
        .target(
            name: "FTWordVectors", dependencies: ["FTTensor", "FTLinearAlgebra", "FTIO", "FTParallel"],
            swiftSettings: strict),
        .target(name: "FTMarket", dependencies: ["FTIO", "FTParallel"], swiftSettings: strict),
        .target(name: "FTDataset", dependencies: ["FTMarket", "FTIO", "FTText", "FTNN"], swiftSettings: strict),
        .target(name: "FTLinearModels", dependencies: ["FTLinearAlgebra"], swiftSettings: strict),
        .target(name: "FTEvaluation", dependencies: ["FTIO"], swiftSettings: strict),
        .target(name: "FTTelemetry", dependencies: ["FTNN", "FTIO"], swiftSettings: strict),
        .target(name: "FTDistributed", dependencies: ["CMPI", "FTNN", "FTIO"], swiftSettings: strict),
        .target(
            name: "FTClassifier",
            dependencies: [
                "FTTensor", "FTNN", "FTText", "FTWordVectors", "FTMarket", "FTDataset", "FTEvaluation", "FTTelemetry",
                "FTIO", "FTLinearModels", "FTDistributed", "FTParallel",
            ],
            swiftSettings: strict),
        .target(
            name: "FinText",
            dependencies: [
                "FTLinearAlgebra", "FTTensor", "FTNN", "FTText", "FTWordVectors", "FTMarket", "FTDataset",
                "FTEvaluation", "FTTelemetry", "FTClassifier", "FTIO", "FTLinearModels", "FTDistributed",
            ],
            swiftSettings: strict),

        // MARK: Executables
        .executableTarget(
            name: "train-classifier",
            dependencies: [
                "FinText", .product(name: "ArgumentParser", package: "swift-argument-parser"),
            ],
            swiftSettings: strict),
        // Counting wrappers around glibc's malloc, linked into the benchmark only (its allocation figures).
        .target(name: "CMallocCounter", path: "Benchmarks/CMallocCounter"),
        .executableTarget(
            name: "fintext-benchmark",
            dependencies: [
                "FinText", "CMallocCounter", .product(name: "ArgumentParser", package: "swift-argument-parser"),
            ],
            path: "Benchmarks/fintext-benchmark",
            swiftSettings: strict),

        // MARK: Tests
        .target(
            name: "FTTestSupport", dependencies: ["FTTensor", "FTLinearAlgebra", "FTNN", "FTIO"],
            swiftSettings: strict),
        .testTarget(
            name: "FTLinearAlgebraTests", dependencies: ["FTLinearAlgebra", "FTTestSupport"],
            exclude: ["Fixtures"], swiftSettings: strict),
        .testTarget(
            name: "FTTensorTests", dependencies: ["FTTensor", "FTTestSupport"],
            exclude: ["Fixtures"], swiftSettings: strict),
        .testTarget(
            name: "FTIOTests", dependencies: ["FTIO", "FTTestSupport"],
            exclude: ["Fixtures"], swiftSettings: strict),
        .testTarget(
            name: "FTNNTests", dependencies: ["FTNN", "FTTensor", "FTTestSupport"],
            exclude: ["Fixtures"], swiftSettings: strict),
        .testTarget(
            name: "FTTextTests", dependencies: ["FTText", "FTTestSupport"],
            exclude: ["Fixtures"], swiftSettings: strict),
        .testTarget(
            name: "FTWordVectorsTests", dependencies: ["FTWordVectors", "FTTensor", "FTTestSupport"],
            exclude: ["Fixtures"], swiftSettings: strict),
        .testTarget(
            name: "FTLinearModelsTests", dependencies: ["FTLinearModels", "FTText", "FTTestSupport"],
            exclude: ["Fixtures"], swiftSettings: strict),
        .testTarget(
            name: "FTMarketTests", dependencies: ["FTMarket", "FTTestSupport"],
            exclude: ["Fixtures"], swiftSettings: strict),
        .testTarget(
            name: "FTDatasetTests",
            dependencies: ["FTDataset", "FTMarket", "FTText", "FTNN", "FTTensor", "FTIO", "FTTestSupport"],
            swiftSettings: strict),
        .testTarget(
            name: "FTEvaluationTests", dependencies: ["FTEvaluation", "FTTestSupport"],
            exclude: ["Fixtures"], swiftSettings: strict),
        .testTarget(
            name: "FTTelemetryTests", dependencies: ["FTTelemetry", "FTNN", "FTTensor", "FTIO", "FTTestSupport"],
            exclude: ["Fixtures"], swiftSettings: strict),
        .testTarget(
            name: "FTClassifierTests", dependencies: ["FTClassifier", "FinText", "FTTestSupport"],
            exclude: ["Fixtures"], swiftSettings: strict),
        .testTarget(
            name: "FTDistributedTests", dependencies: ["FTDistributed", "FTNN", "FTTensor", "FTTestSupport"],
            swiftSettings: strict),
        .testTarget(name: "FuzzTests", dependencies: ["FTTestSupport"], swiftSettings: strict),
        .testTarget(
            name: "CLITests", dependencies: ["FinText", "FTTestSupport"],
            exclude: ["Fixtures"], swiftSettings: strict),
    ]
)
