import ArgumentParser
import Foundation
import OmniRouteExact
import OmniRouteFormat
import OmniRouteHeuristics
import OmniRouteModel

/// `omniroute whatif`: plan a baseline and its what-if variants and compare them.
struct WhatIfCommand: ParsableCommand {
    static let configuration = CommandConfiguration(
        commandName: "whatif",
        abstract: "Plan what-if variants and their baseline with one strategy; write a report (Markdown, JSON, HTML).",
        discussion: """
            Each FILE is a variant (a scenario file with `extends:` and `changes:`, see docs/whatif.md) or a plain
            scenario. The baseline of each variant (the plain scenario at the root of its `extends:` chain) is planned
            once, then every variant. A compact table goes to stdout, progress to stderr, and report.md, report.json
            and a self-contained report.html (inline SVG charts) to --out.
            """
    )

    @Option(name: .long, help: ArgumentHelp(stringLiteral: Strategy.names))
    var strategy: Strategy = .greedy

    @OptionGroup var solver: SolverFlags

    @Option(name: .long, help: "Directory for report.md, report.json and report.html (created if missing).")
    var out: String = "whatif-report"

    @Argument(help: "Variant or scenario files (.yaml, .yml or .json).")
    var files: [String]

    func validate() throws {
        guard !files.isEmpty else { throw ValidationError("give at least one variant file") }
    }

    func run() throws {
        var variants: [ScenarioVariant] = []
        for file in files {
            do { variants.append(try DocumentFile.variant(file)) } catch { throw CLIError.badInput(error.description) }
        }
        // Each baseline once, before its variants.
        var jobs: [(name: String, question: String?, file: String, scenario: Scenario, baseline: Int?)] = []
        var baselineJob: [String: Int] = [:]
        for v in variants {
            let key = URL(fileURLWithPath: v.baselinePath).standardizedFileURL.path
            if baselineJob[key] == nil {
                baselineJob[key] = jobs.count
                jobs.append((v.baseline.name, v.baseline.description, v.baselinePath, v.baseline, nil))
            }
            if v.chain.count > 1 { jobs.append((v.name, v.question, v.path, v.scenario, baselineJob[key])) }
        }
        var names = Set<String>()
        for j in jobs.indices {
            var name = jobs[j].name
            var k = 2
            while names.contains(name) {
                name = "\(jobs[j].name) (\(k))"
                k += 1
            }
            names.insert(name)
            jobs[j].name = name
        }
        var runs: [WhatIfReport.Run] = []
        for (i, job) in jobs.enumerated() {
            let t0 = OnlinePlanner.now()
            Inputs.note(
                "[\(i + 1)/\(jobs.count)] \(job.name): planning \(job.scenario.orders.count) "
                    + "orders with \(strategy.name)…"
            )
            let planned = try PlanningRun(
                job.scenario, strategy: strategy, solver: solver,
                progress: strategy == .exact ? { Inputs.note("    \($0)") } : nil)
            let kpis = PlanKPIs(plan: planned.plan, scenario: job.scenario)
            runs.append(
                WhatIfReport.Run(
                    name: job.name, question: job.question, file: job.file, baseline: job.baseline,
                    scenario: job.scenario, plan: planned.plan, kpis: kpis, seconds: planned.seconds))
            Inputs.note(
                "[\(i + 1)/\(jobs.count)] \(job.name): total cost \(Format.money(kpis.overall.totalCost)) "
                    + "in \(Format.seconds(OnlinePlanner.now() - t0))"
            )
        }
        let report = WhatIfReport(strategy: strategy.name, runs: runs)
        print(Self.table(report))
        do { try FileManager.default.createDirectory(atPath: out, withIntermediateDirectories: true) } catch {
            throw CLIError.badInput("\(out): cannot create the directory (\(error.localizedDescription))")
        }
        let dir = URL(fileURLWithPath: out)
        try Inputs.write(report.markdown, to: dir.appendingPathComponent("report.md").path)
        try Inputs.write(
            JSONWriter.write(report.document, pretty: true) + "\n", to: dir.appendingPathComponent("report.json").path)
        try Inputs.write(report.html, to: dir.appendingPathComponent("report.html").path)
        Inputs.note("wrote \(dir.appendingPathComponent("report.md").path), report.json and report.html")
    }

    /// The compact table on stdout: one row per run.
    static func table(_ report: WhatIfReport) -> String {
        Format.table(
            [
                "scenario", "orders", "total cost", "Δ vs baseline", "cost/order", "legs/order", "split", "on time",
                "fill rate", "days", "time",
            ],
            report.runs.map { run in
                let f = run.kpis.overall
                return [
                    run.name, String(f.orders), Format.money(f.totalCost),
                    run.baseline.map { WhatIfReport.delta(f.totalCost, report.runs[$0].kpis.overall.totalCost) }
                        ?? "baseline",
                    Format.money(f.costPerOrder), Format.fixed(f.legsPerOrder, 3), Format.percent(f.splitShare),
                    Format.percent(f.onTimeShare),
                    Format.percent(f.fillRate), Format.fixed(f.meanDaysToDeliver, 2), Format.seconds(run.seconds),
                ]
            })
    }
}
