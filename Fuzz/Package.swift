// swift-tools-version: 6.1
import PackageDescription

// libFuzzer targets over OmniRoute's strict decoders (see docs/fuzzing.md). A package of its own
// so that only the fuzz products are built with `-sanitize=fuzzer`: run them through scripts/fuzz.sh.
let library: [Target.Dependency] = [
    .product(name: "OmniRouteModel", package: "OmniRoute"),
    .product(name: "OmniRouteFormat", package: "OmniRoute"),
]

let package = Package(
    name: "OmniRouteFuzz",
    platforms: [.macOS(.v14)],
    products: [
        .executable(name: "FuzzScenario", targets: ["FuzzScenario"]),
        .executable(name: "FuzzPlan", targets: ["FuzzPlan"]),
        .executable(name: "FuzzRequests", targets: ["FuzzRequests"]),
        .executable(name: "FuzzYAML", targets: ["FuzzYAML"]),
    ],
    dependencies: [.package(name: "OmniRoute", path: "..")],
    targets: [
        .target(
            name: "FuzzSupport",
            dependencies: library
        ),
        .executableTarget(name: "FuzzScenario", dependencies: ["FuzzSupport"] + library),
        .executableTarget(name: "FuzzPlan", dependencies: ["FuzzSupport"] + library),
        .executableTarget(name: "FuzzRequests", dependencies: ["FuzzSupport"] + library),
        .executableTarget(name: "FuzzYAML", dependencies: ["FuzzSupport"] + library),
    ]
)
