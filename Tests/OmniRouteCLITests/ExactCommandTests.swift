import Foundation
import OmniRouteFormat
import OmniRouteModel
import OmniRouteTestSupport
import Testing

/// The exact strategies and the model export through the command line.
@Suite(
    "omniroute exact strategies and export",
    .tags(.slow), .skippedWhenFast,
    .enabled(if: OmniRouteBinary.path != nil, "the omniroute executable was not built beside the tests"))
struct ExactCommandTests {
    let small = Paths.scenario("northeast-small.json")

    static let highsAvailable: Bool =
        (try? runProcess("/usr/bin/env", ["python3", "-c", "import highspy"]).status) == 0

    func plan(_ strategy: String, in dir: URL) throws -> (path: String, plan: Plan) {
        let path = dir.appendingPathComponent("\(strategy).json").path
        let r = try OmniRouteBinary.run("plan", "--strategy", strategy, "--time-limit", "20", small, "-o", path)
        try #require(r.status == 0, "\(r.stderr)")
        return (path, try Plan(document: DocumentFile.read(path)))
    }

    @Test("exact ≤ myopic-exact ≤ greedy, with valid bounds, and every plan passes both checkers")
    func ordering() throws {
        let dir = Paths.temporaryDirectory()
        defer { try? FileManager.default.removeItem(at: dir) }
        let exact = try plan("exact", in: dir)
        let myopic = try plan("myopic-exact", in: dir)
        let greedy = try plan("greedy", in: dir)
        let tolerance = 1e-6
        #expect(exact.plan.summary.totalCost <= myopic.plan.summary.totalCost + tolerance)
        #expect(myopic.plan.summary.totalCost <= greedy.plan.summary.totalCost + tolerance)
        for p in [exact, myopic] {
            let bound = try #require(p.plan.summary.bound)
            let gap = try #require(p.plan.summary.gap)
            #expect(bound <= p.plan.summary.totalCost + tolerance)
            #expect(abs(gap - (p.plan.summary.totalCost - bound) / max(1, abs(p.plan.summary.totalCost))) < 1e-9)
            let v = try OmniRouteBinary.run("validate", small, p.path)
            #expect(v.status == 0, "\(v.stdout)")
            if let reference = try ReferenceChecker.check(scenario: small, plan: p.path) {
                #expect(reference.status == 0, "\(reference.errors) \(reference.mismatches)")
            }
        }
        // The exact plan's bound holds for every plan, the greedy one included.
        #expect(exact.plan.summary.bound! <= greedy.plan.summary.totalCost + tolerance)
    }

    @Test(
        "export writes LP and MPS files; another solver's optimum lies between our bound and our cost",
        .enabled(
            if: ExactCommandTests.highsAvailable,
            "python3 with highspy (HiGHS) is not installed: no second solver to check against"))
    func exportAndCrossCheck() throws {
        let dir = Paths.temporaryDirectory()
        defer { try? FileManager.default.removeItem(at: dir) }
        let lp = dir.appendingPathComponent("model.lp").path
        let mps = dir.appendingPathComponent("model.mps").path
        #expect(try OmniRouteBinary.run("export", "--format", "lp", small, "-o", lp).status == 0)
        #expect(try OmniRouteBinary.run("export", "--format", "mps", small, "-o", mps).status == 0)
        #expect(try String(contentsOfFile: lp, encoding: .utf8).contains("Minimize"))
        let script = """
            import sys, highspy
            h = highspy.Highs(); h.setOptionValue("output_flag", False); h.setOptionValue("time_limit", 120.0)
            h.readModel(sys.argv[1]); h.run()
            print(h.modelStatusToString(h.getModelStatus()), h.getInfo().objective_function_value)
            """
        let r = try runProcess("/usr/bin/env", ["python3", "-c", script, mps])
        // HiGHS 1.16 prints a banner when it starts, whatever output_flag says: read the last line.
        let last =
            r.stdout.split(separator: "\n").last(where: { !$0.trimmingCharacters(in: .whitespaces).isEmpty }) ?? ""
        let fields = last.split(separator: " ")
        try #require(fields.count == 2 && fields[0] == "Optimal", "HiGHS: \(r.stdout) \(r.stderr)")
        let optimum = try #require(Double(fields[1].trimmingCharacters(in: .whitespacesAndNewlines)))
        let exact = try plan("exact", in: dir).plan
        #expect(exact.summary.bound! <= optimum + 1e-6, "our bound must not exceed the true optimum")
        #expect(optimum <= exact.summary.totalCost + 1e-6, "our plan cannot beat the optimum")
    }

    @Test("bad exact-engine options and an exact explain exit 2")
    func badOptions() throws {
        #expect(try OmniRouteBinary.run("plan", "--strategy", "exact", "--time-limit", "-3", small).status == 2)
        #expect(try OmniRouteBinary.run("plan", "--strategy", "exact", "--gap", "2", small).status == 2)
        #expect(try OmniRouteBinary.run("export", "--format", "xls", small, "-o", "/tmp/x").status == 2)
        #expect(try OmniRouteBinary.run("export", small).status == 2)
        let r = try OmniRouteBinary.run("explain", "--strategy", "exact", small, "O-000001")
        #expect(r.status == 2 && r.stderr.contains("online strategy"))
    }
}
