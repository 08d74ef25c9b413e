import Foundation
import OmniRouteFormat
import OmniRouteModel
import OmniRouteTestSupport
import Testing

/// A distance on a band's boundary must fall in the same band as in the reference
/// checker: our haversine must equal its result to the last bit.
@Suite("Distances agree with the reference checker bit for bit", .tags(.slow), .skippedWhenFast)
struct DistanceAgreementTests {
    @Test(
        "haversine equals the reference checker's on every (ship node, order) pair of east-medium's first 400 orders",
        .enabled(
            if: Paths.referenceChecker != nil,
            "../shared/tools/validate_plan.py is absent: nothing to cross-check against"))
    func bitForBit() throws {
        let path = Paths.scenario("east-medium.json")
        let script = """
            import json, sys
            sys.path.insert(0, sys.argv[1])
            import validate_plan as v
            d = json.load(open(sys.argv[2]))
            nodes = [n for n in d["nodes"] if n["ship_to_home"]]
            for o in d["orders"][:400]:
                if o["delivery"]["mode"] == "ship":
                    for n in nodes:
                        print(repr(v.haversine(n["location"], o["delivery"]["location"])))
            """
        let r = try runProcess(
            "/usr/bin/env", ["python3", "-c", script, Paths.referenceChecker!.deletingLastPathComponent().path, path])
        try #require(r.status == 0, "\(r.stderr)")
        let reference = r.stdout.split(separator: "\n").compactMap { Double($0) }
        let scenario = try DocumentFile.scenario(path)
        let nodes = scenario.nodes.filter(\.shipToHome)
        var ours: [Double] = []
        for o in scenario.orders.prefix(400) {
            if case .ship(let point) = o.delivery { ours += nodes.map { $0.location.distanceKm(to: point) } }
        }
        try #require(ours.count == reference.count && !ours.isEmpty)
        let differing = zip(ours, reference).filter { $0.0.bitPattern != $0.1.bitPattern }
        #expect(differing.isEmpty, "\(differing.count) of \(ours.count) distances differ, e.g. \(differing.prefix(3))")
    }
}
