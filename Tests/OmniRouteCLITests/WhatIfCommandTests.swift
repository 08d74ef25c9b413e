import Foundation
import OmniRouteFormat
import OmniRouteHeuristics
import OmniRouteModel
import OmniRouteTestSupport
import Testing

#if canImport(FoundationXML)
    import FoundationXML
#endif

/// The what-if catalog, `omniroute whatif` and its report (Markdown, JSON, HTML that
/// parses as XML and opens in headless Chromium with every chart).
@Suite("What-if catalog and report", .tags(.slow), .skippedWhenFast)
struct WhatIfCommandTests {
    static let catalog: [String] = {
        let dir = Paths.scenarios.appendingPathComponent("whatif")
        let names = (try? FileManager.default.contentsOfDirectory(atPath: dir.path)) ?? []
        return names.filter { $0.hasSuffix(".yaml") }.sorted()
    }()

    @Test("The catalog holds the five questions of the issue, each with a comment saying what it answers")
    func catalogContents() throws {
        for name in [
            "holiday-surge.yaml", "ship-from-store-off.yaml", "close-smallest-stores.yaml", "parcel-rate-rise.yaml",
            "new-warehouse-richmond.yaml",
        ] {
            #expect(Self.catalog.contains(name))
        }
        for name in Self.catalog {
            let text = try String(contentsOf: Paths.scenarios.appendingPathComponent("whatif/" + name), encoding: .utf8)
            #expect(text.hasPrefix("# Question: "), "\(name) starts with a comment giving its question")
            #expect(text.contains("\nquestion: "), "\(name) names its question")
        }
    }

    @Test(
        "Every catalog variant loads, changes its baseline and plans (greedy) to a plan the checker accepts",
        arguments: catalog)
    func catalogRuns(_ name: String) throws {
        let v = try DocumentFile.variant(Paths.scenarios.appendingPathComponent("whatif/" + name).path)
        #expect(v.name + ".yaml" == name)
        #expect(v.chain.count >= 2 && !v.changes.isEmpty && v.question != nil)
        #expect(v.scenario.document != v.baseline.document, "the changes change something")
        let network = Network(v.scenario)
        let plan = OnlinePlanner(network: network).plan(GreedyRouter(network: network))
        #expect(plan.orders.count == v.scenario.orders.count)
        let report = try PlanChecker(network: network).check(plan.document)
        #expect(report.feasible && report.consistent, "\(report.errors.prefix(3)) \(report.mismatches.prefix(3))")
    }

    /// Two small variants of northeast-small in a temporary directory.
    static func smallVariants(in dir: URL) throws -> [String] {
        let base = Paths.scenario("northeast-small.json")
        let files = [
            "no-sfs.yaml":
                "name: no-sfs\nquestion: Without ship-from-store?\nextends: \(base)\nchanges:\n"
                + "  - {change: ship_from_store, enabled: false}\n",
            "surge.yaml":
                "name: surge\nquestion: With twice the orders?\nextends: \(base)\nchanges:\n"
                + "  - {change: scale_demand, factor: 2, seed: 3}\n",
        ]
        return try files.keys.sorted().map { name in
            let url = dir.appendingPathComponent(name)
            try Data(files[name]!.utf8).write(to: url)
            return url.path
        }
    }

    /// The ids of the `<svg>` charts of an HTML page.
    static func chartIds(_ html: String) -> [String] {
        html.components(separatedBy: "<svg ").dropFirst().compactMap { tag in
            guard let r = tag.range(of: "id=\"") else { return nil }
            let rest = tag[r.upperBound...]
            return rest.firstIndex(of: "\"").map { String(rest[..<$0]) }
        }
    }

    @Test(
        "whatif plans the baseline and each variant, prints a table, writes report.md, .json and a well-formed .html",
        .enabled(if: OmniRouteBinary.path != nil, "the omniroute executable was not built beside the tests"))
    func report() throws {
        let dir = Paths.temporaryDirectory()
        defer { try? FileManager.default.removeItem(at: dir) }
        let files = try Self.smallVariants(in: dir)
        let out = dir.appendingPathComponent("report").path
        let r = try OmniRouteBinary.run(["whatif", "--out", out] + files)
        #expect(r.status == 0, "\(r.stderr)")
        for name in ["northeast-small", "no-sfs", "surge", "baseline"] { #expect(r.stdout.contains(name)) }
        #expect(r.stderr.contains("[1/3] northeast-small") && r.stderr.contains("[3/3] surge"))

        let json = try JSONParser.parse(String(contentsOfFile: out + "/report.json", encoding: .utf8))
        guard case .array(let runs)? = json["runs"] else {
            Issue.record("no runs")
            return
        }
        #expect(runs.count == 3)
        #expect(runs[2]["kpis"]?["orders"] == .int(400))
        #expect(runs[0]["baseline"] == .null && runs[1]["baseline"] == .string("northeast-small"))
        guard case .double(let share)? = runs[1]["leg_types"]?["ship_from_store"]?["share"] else {
            Issue.record("no leg mix")
            return
        }
        #expect(share == 0)
        #expect(runs[0]["by_channel"]?["web"]?["cost_per_order"] != nil)

        let md = try String(contentsOfFile: out + "/report.md", encoding: .utf8)
        #expect(md.contains("| total cost |") && md.contains("## By channel") && md.contains("### surge"))

        let html = try String(contentsOfFile: out + "/report.html", encoding: .utf8)
        #expect(!html.contains("<script") && !html.contains("src=\"http") && !html.contains("href=\"http"))
        // Well-formed: an XML parser reads the whole page.
        let parser = XMLParser(data: Data(html.utf8))
        let counter = ElementCounter()
        parser.delegate = counter
        #expect(parser.parse(), "report.html is not well-formed XML: \(parser.parserError.map { "\($0)" } ?? "")")
        let ids = Self.chartIds(html)
        // 11 charts over all runs, then node utilisation and a map per run.
        #expect(ids.count == 11 + 2 * 3)
        #expect(counter.count["svg"] == ids.count)
        #expect(Set(ids).count == ids.count)
        for id in [
            "chart-kpi-total-cost", "chart-cost-breakdown", "chart-leg-mix", "chart-utilisation-0", "chart-map-2",
        ] {
            #expect(ids.contains(id))
        }
        #expect((counter.count["line"] ?? 0) > 50, "the maps draw flows")
    }

    static let chromium: String? = {
        for dir in (ProcessInfo.processInfo.environment["PATH"] ?? "").split(separator: ":") {
            for name in ["chromium", "chromium-browser"] {
                let path = "\(dir)/\(name)"
                if FileManager.default.isExecutableFile(atPath: path) { return path }
            }
        }
        return nil
    }()

    @Test(
        "report.html opens in headless Chromium with every chart in its DOM",
        .enabled(if: OmniRouteBinary.path != nil, "the omniroute executable was not built beside the tests"),
        .enabled(
            if: chromium != nil,
            "chromium is not on PATH (apt-get install -y chromium): skipping the headless-browser check"))
    func opensInChromium() throws {
        let dir = Paths.temporaryDirectory()
        defer { try? FileManager.default.removeItem(at: dir) }
        let files = try Self.smallVariants(in: dir)
        let out = dir.appendingPathComponent("report").path
        let r = try OmniRouteBinary.run(["whatif", "--out", out] + files)
        #expect(r.status == 0, "\(r.stderr)")
        let html = try String(contentsOfFile: out + "/report.html", encoding: .utf8)
        let ids = Self.chartIds(html)
        #expect(ids.count == 17)
        let dom = try runProcess(
            Self.chromium!,
            [
                "--headless", "--no-sandbox", "--disable-gpu", "--user-data-dir=\(dir.path)/chromium",
                "--dump-dom", "file://\(out)/report.html",
            ])
        #expect(dom.status == 0, "\(dom.stderr.suffix(500))")
        #expect(dom.stdout.contains("<h1>What-if report</h1>"))
        for id in ids { #expect(dom.stdout.contains("id=\"\(id)\""), "chart \(id) is missing from Chromium's DOM") }
        #expect(dom.stdout.components(separatedBy: "<svg").count - 1 == ids.count)
    }

    @Test(
        "whatif names the file and field of a bad variant and exits 2",
        .enabled(if: OmniRouteBinary.path != nil, "the omniroute executable was not built beside the tests"))
    func badVariant() throws {
        let dir = Paths.temporaryDirectory()
        defer { try? FileManager.default.removeItem(at: dir) }
        let file = dir.appendingPathComponent("bad.yaml")
        let yaml =
            "name: bad\nextends: \(Paths.scenario("northeast-small.json"))\nchanges:\n"
            + "  - {change: close_node, node: S-999}\n"
        try Data(yaml.utf8).write(to: file)
        let r = try OmniRouteBinary.run("whatif", "--out", dir.path, file.path)
        #expect(r.status == 2)
        #expect(
            r.stderr.contains("\(file.path): not a valid what-if variant")
                && r.stderr.contains("changes[0].node: no node \"S-999\""))
        // plan reads a variant file as its scenario.
        let ok = try Self.smallVariants(in: dir)[0]
        let plan = try OmniRouteBinary.run("plan", ok)
        #expect(plan.status == 0 && plan.stdout.contains("\"scenario\":\"no-sfs\""))
    }
}

/// Counts the elements of an XML document by name.
final class ElementCounter: NSObject, XMLParserDelegate {
    var count: [String: Int] = [:]

    func parser(
        _ parser: XMLParser, didStartElement name: String, namespaceURI: String?, qualifiedName: String?,
        attributes: [String: String] = [:]
    ) {
        count[name, default: 0] += 1
    }
}

extension OmniRouteBinary {
    static func run(_ arguments: [String]) throws -> ProcessResult {
        guard let path else { throw CocoaError(.fileNoSuchFile) }
        return try runProcess(path, arguments)
    }
}
