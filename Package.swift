// swift-tools-version: 6.1
import PackageDescription

// Dependencies point one way:
//   OmniRouteModel (pure domain + cost model + plan checker)
//     ← OmniRouteFormat (JSON / YAML text ⇄ documents)
//     ← OmniRouteHeuristics (greedy, nearest, explain)
//     ← OmniRouteExact (the MILP on GLPK: exact and myopic-exact, export)
//     ← OmniRouteCLI ← omniroute
let package = Package(
    name: "OmniRoute",
    platforms: [.macOS(.v14)],
    products: [
        .executable(name: "omniroute", targets: ["omniroute"]),
        .library(name: "OmniRouteModel", targets: ["OmniRouteModel"]),
        .library(name: "OmniRouteFormat", targets: ["OmniRouteFormat"]),
        .library(name: "OmniRouteHeuristics", targets: ["OmniRouteHeuristics"]),
        .library(name: "OmniRouteExact", targets: ["OmniRouteExact"]),
        .library(name: "OmniRouteCLI", targets: ["OmniRouteCLI"]),
    ],
    dependencies: [
        .package(url: "https://github.com/apple/swift-argument-parser.git", from: "1.8.2"),
        .package(url: "https://github.com/jpsim/Yams.git", from: "6.2.2"),
    ],
    targets: [
        .target(name: "OmniRouteModel"),
        .target(
            name: "OmniRouteFormat",
            dependencies: ["OmniRouteModel", .product(name: "Yams", package: "Yams")]
        ),
        .target(name: "OmniRouteHeuristics", dependencies: ["OmniRouteModel"]),
        // GLPK (GPL-3.0-or-later): Debian's libglpk-dev ships no pkg-config file, hence a module map.
        .systemLibrary(name: "CGLPK", providers: [.apt(["libglpk-dev"])]),
        .target(name: "GLPKGuard", dependencies: ["CGLPK"], linkerSettings: [.linkedLibrary("glpk")]),
        .target(name: "OmniRouteExact", dependencies: ["OmniRouteModel", "OmniRouteHeuristics", "CGLPK", "GLPKGuard"]),
        .target(
            name: "OmniRouteCLI",
            dependencies: [
                "OmniRouteModel", "OmniRouteFormat", "OmniRouteHeuristics", "OmniRouteExact",
                .product(name: "ArgumentParser", package: "swift-argument-parser"),
            ]
        ),
        .executableTarget(name: "omniroute", dependencies: ["OmniRouteCLI"]),
        .target(name: "OmniRouteTestSupport", dependencies: ["OmniRouteModel", "OmniRouteHeuristics"], path: "Tests/OmniRouteTestSupport"),
        .testTarget(name: "OmniRouteModelTests", dependencies: ["OmniRouteModel", "OmniRouteFormat"]),
        .testTarget(
            name: "OmniRouteHeuristicsTests",
            dependencies: ["OmniRouteModel", "OmniRouteFormat", "OmniRouteHeuristics", "OmniRouteTestSupport"]
        ),
        .testTarget(
            name: "OmniRouteExactTests",
            dependencies: ["OmniRouteModel", "OmniRouteFormat", "OmniRouteHeuristics", "OmniRouteExact", "OmniRouteTestSupport"]
        ),
        .testTarget(
            name: "OmniRouteCLITests",
            dependencies: ["OmniRouteModel", "OmniRouteFormat", "OmniRouteHeuristics", "OmniRouteCLI", "omniroute"]
        ),
    ]
)
