// swift-tools-version: 6.1
import PackageDescription

// Benchmarks of OmniRoute, kept in their own package so that building and testing
// the project does not build the benchmark framework. Run from this folder:
//   swift package benchmark                      (all)
//   swift package benchmark --filter "greedy.*"  (some)
let package = Package(
    name: "OmniRouteBenchmarks",
    platforms: [.macOS(.v14)],
    dependencies: [
        .package(name: "OmniRoute", path: ".."),
        .package(url: "https://github.com/ordo-one/benchmark.git", from: "1.38.1", traits: ["MallocInterposer"]),
    ],
    targets: [
        .executableTarget(
            name: "Routing",
            dependencies: [
                .product(name: "Benchmark", package: "benchmark"),
                .product(name: "OmniRouteModel", package: "OmniRoute"),
                .product(name: "OmniRouteFormat", package: "OmniRoute"),
                .product(name: "OmniRouteHeuristics", package: "OmniRoute"),
                .product(name: "OmniRouteExact", package: "OmniRoute"),
            ],
            path: "Benchmarks/Routing",
            plugins: [.plugin(name: "BenchmarkPlugin", package: "benchmark")]
        )
    ]
)
