import Foundation
import OmniRouteFormat
import OmniRouteModel
import OmniRouteTestSupport
import Testing

/// The `omniroute` executable end to end: outputs, messages and exit codes
/// (0 success, 1 infeasible or inconsistent plan, 2 bad input or usage).
@Suite(
    "omniroute command line",
    .enabled(if: OmniRouteBinary.path != nil, "the omniroute executable was not built beside the tests"))
struct CommandLineTests {
    let small = Paths.scenario("northeast-small.json")

    @Test("plan writes a valid plan to stdout and to a file; validate accepts it")
    func planAndValidate() throws {
        let dir = Paths.temporaryDirectory()
        defer { try? FileManager.default.removeItem(at: dir) }
        let stdout = try OmniRouteBinary.run("plan", small)
        #expect(stdout.status == 0)
        let plan = try Plan(document: JSONParser.parse(stdout.stdout))
        #expect(plan.orders.count == 200 && plan.strategy == "greedy")

        let file = dir.appendingPathComponent("plan.json").path
        for strategy in ["greedy", "nearest"] {
            let r = try OmniRouteBinary.run("plan", "--strategy", strategy, small, "-o", file)
            #expect(r.status == 0 && r.stdout.isEmpty && r.stderr.contains("wrote \(file)"))
            let v = try OmniRouteBinary.run("validate", small, file)
            #expect(v.status == 0, "\(v.stdout)")
            #expect(v.stdout.hasPrefix("OK: 200 orders"))
        }
        let json = try OmniRouteBinary.run("validate", small, file, "--json")
        #expect(try JSONParser.parse(json.stdout)["feasible"] == .bool(true))
        let scenarioOnly = try OmniRouteBinary.run("validate", small)
        #expect(scenarioOnly.status == 0 && scenarioOnly.stdout.contains("200 orders: valid"))
    }

    @Test("validate exits 1 on an infeasible plan and 1 on wrong figures")
    func validateBrokenPlan() throws {
        let dir = Paths.temporaryDirectory()
        defer { try? FileManager.default.removeItem(at: dir) }
        var plan = try Plan(document: JSONParser.parse(OmniRouteBinary.run("plan", small).stdout))
        let o = try #require(plan.orders.firstIndex { !$0.legs.isEmpty })
        plan.orders[o].legs[0].cost.pick += 1
        let wrongCost = try write(plan.document, "wrong-cost.json", in: dir)
        let r = try OmniRouteBinary.run("validate", small, wrongCost)
        #expect(r.status == 1 && r.stdout.contains("mismatch: plan.orders[\(o)].legs[0]: cost.pick"))

        plan.orders.removeLast()
        let missing = try write(plan.document, "missing.json", in: dir)
        let r2 = try OmniRouteBinary.run("validate", small, missing)
        #expect(r2.status == 1 && r2.stdout.contains("error: plan: order") && r2.stdout.hasSuffix("mismatches\n"))
    }

    @Test("bad input exits 2 with the file and field named on stderr")
    func badInput() throws {
        let dir = Paths.temporaryDirectory()
        defer { try? FileManager.default.removeItem(at: dir) }
        // A scenario with two faults: both are reported.
        var doc = try DocumentFile.read(small)
        guard case .object(var root) = doc, let i = root.firstIndex(where: { $0.key == "orders" }),
            case .array(var orders) = root[i].value, case .object(var order) = orders[12],
            let l = order.firstIndex(where: { $0.key == "lines" }), case .array(var lines) = order[l].value,
            case .object(var line) = lines[0], let q = line.firstIndex(where: { $0.key == "qty" })
        else {
            Issue.record("unexpected scenario shape")
            return
        }
        line[q].value = .int(0)
        lines[0] = .object(line)
        order[l].value = .array(lines)
        order.append(("gift_wrap", .bool(true)))
        orders[12] = .object(order)
        root[i].value = .array(orders)
        doc = .object(root)
        let bad = try write(doc, "bad.json", in: dir)
        let r = try OmniRouteBinary.run("plan", bad)
        #expect(r.status == 2 && r.stdout.isEmpty)
        #expect(r.stderr.contains(bad))
        #expect(r.stderr.contains("orders[12].lines[0].qty: must be ≥ 1"))
        #expect(r.stderr.contains("orders[12].gift_wrap: unknown field"))

        let notJSON = dir.appendingPathComponent("broken.json").path
        try Data("{\"format\": \"omniroute.scenario/1\",\n  \"name\": }".utf8).write(to: URL(fileURLWithPath: notJSON))
        let r2 = try OmniRouteBinary.run("validate", notJSON)
        #expect(r2.status == 2 && r2.stderr.contains("line 2"))

        let r3 = try OmniRouteBinary.run("plan", dir.appendingPathComponent("absent.json").path)
        #expect(r3.status == 2 && r3.stderr.contains("no such file"))

        let r4 = try OmniRouteBinary.run("plan", "--strategy", "telepathy", small)
        #expect(r4.status == 2 && r4.stderr.contains("telepathy"))

        let r5 = try OmniRouteBinary.run("frobnicate")
        #expect(r5.status == 2)

        let r6 = try OmniRouteBinary.run("explain", small, "NO-SUCH-ORDER")
        #expect(r6.status == 2 && r6.stderr.contains("NO-SUCH-ORDER"))

        // A plan file that is not a plan.
        let notPlan = try write(.object([("format", .string("omniroute.plan/1"))]), "not-plan.json", in: dir)
        let r7 = try OmniRouteBinary.run("validate", small, notPlan)
        #expect(r7.status == 2 && r7.stderr.contains("missing required field 'orders'"))
    }

    @Test("explain shows the chosen route, candidates, exclusions and the runner-up")
    func explain() throws {
        let plan = try Plan(document: JSONParser.parse(OmniRouteBinary.run("plan", small).stdout))
        let split = try #require(plan.orders.first { $0.legs.count > 1 } ?? plan.orders.first { !$0.legs.isEmpty })
        let r = try OmniRouteBinary.run("explain", small, split.order)
        #expect(r.status == 0)
        #expect(r.stdout.contains("chosen route:"))
        #expect(r.stdout.contains("candidate sources"))
        #expect(r.stdout.contains("best alternative"))
        for leg in split.legs { #expect(r.stdout.contains("from \(leg.from)")) }
        // The cost the explanation gives is the plan's.
        #expect(r.stdout.contains(String(format: "order cost %.2f", split.cost.total)))
    }

    @Test("summary prints the KPIs, and by channel with the scenario")
    func summary() throws {
        let dir = Paths.temporaryDirectory()
        defer { try? FileManager.default.removeItem(at: dir) }
        let file = dir.appendingPathComponent("plan.json").path
        _ = try OmniRouteBinary.run("plan", small, "-o", file)
        let r = try OmniRouteBinary.run("summary", file, "--scenario", small)
        #expect(r.status == 0)
        for label in [
            "total cost", "cost per order", "legs per order", "split orders", "late orders", "fill rate",
            "ship_from_store", "direct_to_home", "store_pickup", "channel", "web",
        ] {
            #expect(r.stdout.contains(label), "summary lacks \(label)")
        }
    }

    @Test("release sends planned orders to their nodes: those due soon, then the rest; db check stays clean")
    func release() throws {
        let db = Paths.temporaryDirectory().appendingPathComponent("release.sqlite").path
        let made = try OmniRouteBinary.run(
            "db", "init", "--seed", Paths.scenario("northeast-small.json"), "--db", db, "--with-orders")
        #expect(made.status == 0, "\(made.stderr)")
        let soon = try OmniRouteBinary.run("release", "--db", db, "--due-within-days", "2")
        #expect(soon.status == 0, "\(soon.stderr)")
        let rest = try OmniRouteBinary.run("release", "--db", db)
        let counts = [soon, rest].map { r in Int(r.stdout.split(separator: " ")[1]) ?? -1 }
        #expect(counts[0] > 0 && counts[1] > 0, "\(soon.stdout) \(rest.stdout)")
        #expect(try OmniRouteBinary.run("release", "--db", db).stdout.hasPrefix("released 0 orders"))
        #expect(try OmniRouteBinary.run("release", "--db", db, "--order", "NOPE").status != 0)
        #expect(try OmniRouteBinary.run("release", "--db", db, "--due-within-days", "-1").status == 2)
        #expect(try OmniRouteBinary.run("db", "check", "--db", db).status == 0)
    }
}
