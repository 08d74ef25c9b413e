// swift-tools-version: 6.1
import PackageDescription

// Dependencies point one way:
//   OmniRouteModel (pure domain + cost model + plan checker)
//     ← OmniRouteFormat (JSON / YAML text ⇄ documents)
//     ← OmniRouteHeuristics (greedy, nearest, explain)
//     ← OmniRouteExact (the MILP on GLPK: exact and myopic-exact, export)
//     ← OmniRouteStore (SQLite through GRDB or PostgreSQL through postgres-nio: network, stock, orders,
//        reservations; the checkout service)
//     ← OmniRouteServer (the HTTP route API on Hummingbird, Prometheus metrics)
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
        .library(name: "OmniRouteStore", targets: ["OmniRouteStore"]),
        .library(name: "OmniRouteServer", targets: ["OmniRouteServer"]),
        .library(name: "OmniRouteCLI", targets: ["OmniRouteCLI"]),
    ],
    dependencies: [
        .package(url: "https://github.com/apple/swift-argument-parser.git", from: "1.8.2"),
        .package(url: "https://github.com/jpsim/Yams.git", from: "6.2.2"),
        .package(url: "https://github.com/groue/GRDB.swift.git", from: "7.10.0"),
        .package(url: "https://github.com/vapor/postgres-nio.git", from: "1.33.2"),
        .package(url: "https://github.com/hummingbird-project/hummingbird.git", from: "2.28.1"),
        .package(url: "https://github.com/apple/swift-http-types.git", from: "1.8.0"),
        .package(url: "https://github.com/apple/swift-nio.git", from: "2.101.2"),
        .package(url: "https://github.com/apple/swift-nio-extras.git", from: "1.35.2"),
        .package(url: "https://github.com/apple/swift-nio-ssl.git", from: "2.37.6"),
        .package(url: "https://github.com/apple/swift-log.git", from: "1.16.2"),
        .package(url: "https://github.com/apple/swift-metrics.git", from: "2.13.0"),
        .package(url: "https://github.com/swift-server/swift-prometheus.git", from: "2.4.1"),
        .package(url: "https://github.com/swift-server/swift-service-lifecycle.git", from: "2.13.0"),
        .package(url: "https://github.com/apple/swift-crypto.git", "3.12.3"..<"5.0.0"),
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
            name: "OmniRouteStore",
            dependencies: [
                "OmniRouteModel", "OmniRouteFormat", "OmniRouteHeuristics", "OmniRouteExact",
                .product(name: "GRDB", package: "GRDB.swift"),
                .product(name: "PostgresNIO", package: "postgres-nio"),
                .product(name: "NIOCore", package: "swift-nio"),
                .product(name: "NIOPosix", package: "swift-nio"),
                .product(name: "NIOSSL", package: "swift-nio-ssl"),
                .product(name: "Logging", package: "swift-log"),
                .product(name: "Crypto", package: "swift-crypto"),
            ]
        ),
        .target(
            name: "OmniRouteServer",
            dependencies: [
                "OmniRouteModel", "OmniRouteFormat", "OmniRouteHeuristics", "OmniRouteStore",
                .product(name: "Hummingbird", package: "hummingbird"),
                .product(name: "HummingbirdCore", package: "hummingbird"),
                .product(name: "HummingbirdTLS", package: "hummingbird"),
                .product(name: "HTTPTypes", package: "swift-http-types"),
                .product(name: "NIOCore", package: "swift-nio"),
                .product(name: "NIOPosix", package: "swift-nio"),
                .product(name: "NIOSSL", package: "swift-nio-ssl"),
                .product(name: "NIOHTTPTypes", package: "swift-nio-extras"),
                .product(name: "Logging", package: "swift-log"),
                .product(name: "Metrics", package: "swift-metrics"),
                .product(name: "Prometheus", package: "swift-prometheus"),
                .product(name: "ServiceLifecycle", package: "swift-service-lifecycle"),
            ],
            resources: [.copy("Resources")]
        ),
        .target(
            name: "OmniRouteCLI",
            dependencies: [
                "OmniRouteModel", "OmniRouteFormat", "OmniRouteHeuristics", "OmniRouteExact", "OmniRouteStore",
                "OmniRouteServer",
                .product(name: "ArgumentParser", package: "swift-argument-parser"),
                .product(name: "Hummingbird", package: "hummingbird"),
                .product(name: "Logging", package: "swift-log"),
                .product(name: "NIOCore", package: "swift-nio"),
                .product(name: "ServiceLifecycle", package: "swift-service-lifecycle"),
            ]
        ),
        .executableTarget(name: "omniroute", dependencies: ["OmniRouteCLI"]),
        .target(
            name: "OmniRouteTestSupport", dependencies: ["OmniRouteModel", "OmniRouteHeuristics"],
            path: "Tests/OmniRouteTestSupport"),
        .testTarget(
            name: "OmniRouteModelTests", dependencies: ["OmniRouteModel", "OmniRouteFormat", "OmniRouteTestSupport"]
        ),
        .testTarget(
            name: "OmniRouteFormatTests", dependencies: ["OmniRouteModel", "OmniRouteFormat", "OmniRouteTestSupport"]
        ),
        .testTarget(
            name: "OmniRouteHeuristicsTests",
            dependencies: ["OmniRouteModel", "OmniRouteFormat", "OmniRouteHeuristics", "OmniRouteTestSupport"]
        ),
        .testTarget(
            name: "OmniRouteExactTests",
            dependencies: [
                "OmniRouteModel", "OmniRouteFormat", "OmniRouteHeuristics", "OmniRouteExact", "OmniRouteTestSupport",
            ]
        ),
        .testTarget(
            name: "OmniRouteCLITests",
            dependencies: [
                "OmniRouteModel", "OmniRouteFormat", "OmniRouteHeuristics", "OmniRouteCLI", "OmniRouteTestSupport",
                "omniroute",
            ]
        ),
        .testTarget(
            name: "OmniRouteStoreTests",
            dependencies: [
                "OmniRouteModel", "OmniRouteFormat", "OmniRouteHeuristics", "OmniRouteExact", "OmniRouteStore",
                "OmniRouteTestSupport", .product(name: "GRDB", package: "GRDB.swift"),
            ]
        ),
        .testTarget(
            name: "OmniRouteServerTests",
            dependencies: [
                "OmniRouteModel", "OmniRouteFormat", "OmniRouteStore", "OmniRouteServer", "OmniRouteTestSupport",
                "omniroute",
                .product(name: "GRDB", package: "GRDB.swift"),
                .product(name: "HummingbirdTesting", package: "hummingbird"),
                .product(name: "HTTPTypes", package: "swift-http-types"),
                .product(name: "NIOPosix", package: "swift-nio"),
                .product(name: "NIOSSL", package: "swift-nio-ssl"),
            ]
        ),
    ]
)
