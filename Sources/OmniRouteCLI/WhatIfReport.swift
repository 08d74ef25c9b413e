import OmniRouteFormat
import OmniRouteModel

/// The runs of `omniroute whatif`: each baseline and each variant planned by one
/// strategy, with its KPIs, written as Markdown and JSON here (HTML in `WhatIfHTML`).
struct WhatIfReport {
    /// One planned scenario.
    struct Run {
        var name: String
        var question: String?
        var file: String
        /// The run this one is compared with (nil for a baseline).
        var baseline: Int?
        var scenario: Scenario
        var plan: Plan
        var kpis: PlanKPIs
        var seconds: Double

        var isBaseline: Bool { baseline == nil }
    }

    var strategy: String
    var runs: [Run]

    // MARK: the figures of one run

    /// The headline KPIs of a set of figures, in report order: (key, label, value, text).
    static func headline(_ f: PlanKPIs.Figures) -> [(key: String, label: String, value: Double, text: String)] {
        [
            ("total_cost", "total cost", f.totalCost, Format.money(f.totalCost)),
            ("orders", "orders", Double(f.orders), String(f.orders)),
            ("cost_per_order", "cost per order", f.costPerOrder, Format.money(f.costPerOrder)),
            ("cost_per_unit", "cost per unit sent", f.costPerUnit, Format.money(f.costPerUnit)),
            ("legs_per_order", "legs per order", f.legsPerOrder, Format.fixed(f.legsPerOrder, 3)),
            ("split_share", "split orders", f.splitShare, Format.percent(f.splitShare)),
            ("on_time_share", "on time", f.onTimeShare, Format.percent(f.onTimeShare)),
            ("fill_rate", "fill rate", f.fillRate, Format.percent(f.fillRate)),
            ("mean_days_to_deliver", "mean days to deliver", f.meanDaysToDeliver, Format.fixed(f.meanDaysToDeliver, 2)),
        ]
    }

    /// Nodes that picked anything or have a capacity, with units, legs and utilisation.
    static func nodeRows(_ run: Run) -> [(node: Node, units: Int, legs: Int, utilisation: Double?)] {
        run.scenario.nodes.compactMap { n in
            let units = run.kpis.unitsByNode[n.id] ?? 0
            guard units > 0 || n.capacityUnits != nil else { return nil }
            return (n, units, run.kpis.legsByNode[n.id] ?? 0, run.kpis.utilisation(of: n))
        }
    }

    // MARK: Markdown

    var markdown: String {
        var out = "# What-if report (\(strategy))\n\n"
        for run in runs {
            let base = run.baseline.map { " — compared with **\(runs[$0].name)**" } ?? " — baseline"
            out += "- **\(run.name)**\(base) (`\(run.file)`)" + (run.question.map { ": \($0)" } ?? "") + "\n"
        }
        out += "\n## KPIs\n\n"
        let keys = Self.headline(PlanKPIs.Figures())
        out +=
            "| KPI | " + runs.map(\.name).joined(separator: " | ") + " |\n|---|" + runs.map { _ in "---:|" }.joined()
            + "\n"
        for (k, key) in keys.enumerated() {
            out +=
                "| \(key.label) | " + runs.map { Self.headline($0.kpis.overall)[k].text }.joined(separator: " | ")
                + " |\n"
        }
        out +=
            "| Δ total cost vs baseline | "
            + runs.map { run in
                guard let b = run.baseline else { return "—" }
                return Self.delta(run.kpis.overall.totalCost, runs[b].kpis.overall.totalCost)
            }.joined(separator: " | ") + " |\n"
        out += "| plan time | " + runs.map { Format.seconds($0.seconds) }.joined(separator: " | ") + " |\n"

        out +=
            "\n## Cost breakdown\n\n| component | " + runs.map(\.name).joined(separator: " | ") + " |\n|---|"
            + runs.map { _ in "---:|" }.joined() + "\n"
        for (c, component) in PlanKPIs.CostBreakdown().components.enumerated() {
            out +=
                "| \(component.name) | "
                + runs.map { Format.money($0.kpis.costs.components[c].amount) }.joined(separator: " | ") + " |\n"
        }
        out +=
            "\n## Leg-type mix (share of units sent)\n\n| leg type | " + runs.map(\.name).joined(separator: " | ")
            + " |\n|---|" + runs.map { _ in "---:|" }.joined() + "\n"
        for t in LegType.allCases {
            out +=
                "| \(t.rawValue) | " + runs.map { Format.percent($0.kpis.share(of: t)) }.joined(separator: " | ")
                + " |\n"
        }
        out += "\n## By channel\n"
        for run in runs {
            out +=
                "\n### \(run.name)\n\n| channel | orders | cost | cost/order | cost/unit | legs/order | split "
                + "| on time | fill rate | days "
                + "| ship from store | direct to home | pickup (all kinds) |\n"
                + "|---|---:|---:|---:|---:|"
                + "---:|---:|---:|---:|---:|---:|---:|---:|\n"
            for ch in Order.Channel.allCases {
                guard let f = run.kpis.byChannel[ch] else { continue }
                let mix = run.kpis.unitsByLegTypeByChannel[ch] ?? [:]
                func share(_ types: [LegType]) -> String {
                    Format.percent(
                        f.unitsSent == 0 ? 0 : Double(types.reduce(0) { $0 + (mix[$1] ?? 0) }) / Double(f.unitsSent))
                }
                out +=
                    "| \(ch.rawValue) | \(f.orders) | \(Format.money(f.totalCost)) | \(Format.money(f.costPerOrder)) | "
                    + "\(Format.money(f.costPerUnit)) | \(Format.fixed(f.legsPerOrder, 2)) | "
                    + "\(Format.percent(f.splitShare)) | \(Format.percent(f.onTimeShare)) | "
                    + "\(Format.percent(f.fillRate)) | \(Format.fixed(f.meanDaysToDeliver, 2)) | "
                    + "\(share([.shipFromStore])) | \(share([.directToHome])) | "
                    + "\(share([.storePickup, .warehouseToStorePickup, .storeToStorePickup])) |\n"
            }
        }
        out += "\n## Busiest nodes (utilisation of picking capacity)\n"
        for run in runs {
            let rows = Self.nodeRows(run).sorted { ($0.utilisation ?? -1, $0.units) > ($1.utilisation ?? -1, $1.units) }
                .prefix(10)
            out +=
                "\n### \(run.name)\n\n| node | kind | units picked | legs | capacity | utilisation |\n"
                + "|---|---|---:|---:|---:|---:|\n"
            for r in rows {
                out +=
                    "| \(r.node.id) | \(r.node.kind.rawValue) | \(r.units) | \(r.legs) "
                    + "| \(r.node.capacityUnits.map(String.init) ?? "unlimited") | "
                    + "\(r.utilisation.map { $0.isFinite ? Format.percent($0) : "closed" } ?? "—") |\n"
            }
        }
        return out
    }

    static func delta(_ x: Double, _ base: Double) -> String {
        let d = x - base
        let sign = d >= 0 ? "+" : ""
        return "\(sign)\(Format.money(d)) (\(sign)\(Format.percent(base == 0 ? 0 : d / base)))"
    }

    // MARK: JSON

    var document: Document {
        func figures(_ f: PlanKPIs.Figures) -> Document {
            .object(
                Self.headline(f).map { ($0.key, $0.key == "orders" ? .int(f.orders) : .double($0.value)) } + [
                    ("legs", .int(f.legs)), ("units_ordered", .int(f.unitsOrdered)), ("units_sent", .int(f.unitsSent)),
                    ("split_orders", .int(f.splitOrders)), ("late_orders", .int(f.lateOrders)),
                ])
        }
        func costs(_ c: PlanKPIs.CostBreakdown) -> Document {
            .object(c.components.map { ($0.name.replacingOccurrences(of: " ", with: "_"), .double($0.amount)) })
        }
        func mix(_ units: [LegType: Int], sent: Int) -> Document {
            .object(
                LegType.allCases.map { t in
                    (
                        t.rawValue,
                        .object([
                            ("units", .int(units[t] ?? 0)),
                            ("share", .double(sent == 0 ? 0 : Double(units[t] ?? 0) / Double(sent))),
                        ])
                    )
                })
        }
        return .object([
            ("format", .string("omniroute.whatif-report/1")),
            ("strategy", .string(strategy)),
            (
                "runs",
                .array(
                    runs.map { run in
                        var pairs: [(key: String, value: Document)] = [
                            ("name", .string(run.name)), ("question", run.question.map(Document.string) ?? .null),
                            ("file", .string(run.file)),
                            ("baseline", run.baseline.map { .string(runs[$0].name) } ?? .null),
                            ("plan_seconds", .double(run.seconds)),
                            ("kpis", figures(run.kpis.overall)),
                        ]
                        if let b = run.baseline {
                            let base = runs[b].kpis.overall
                            pairs.append(
                                (
                                    "delta",
                                    .object([
                                        ("total_cost", .double(run.kpis.overall.totalCost - base.totalCost)),
                                        (
                                            "total_cost_share",
                                            .double(
                                                base.totalCost == 0
                                                    ? 0 : (run.kpis.overall.totalCost - base.totalCost) / base.totalCost
                                            )
                                        ),
                                        ("cost_per_order", .double(run.kpis.overall.costPerOrder - base.costPerOrder)),
                                        ("on_time_share", .double(run.kpis.overall.onTimeShare - base.onTimeShare)),
                                        ("fill_rate", .double(run.kpis.overall.fillRate - base.fillRate)),
                                    ])
                                ))
                        }
                        pairs.append(("cost_breakdown", costs(run.kpis.costs)))
                        pairs.append(("leg_types", mix(run.kpis.unitsByLegType, sent: run.kpis.overall.unitsSent)))
                        pairs.append(
                            (
                                "by_channel",
                                .object(
                                    Order.Channel.allCases.compactMap { ch in
                                        guard let f = run.kpis.byChannel[ch] else { return nil }
                                        let kpis = figures(f)
                                        guard case .object(var p) = kpis else { return nil }
                                        p.append(
                                            (
                                                "cost_breakdown",
                                                costs(run.kpis.costsByChannel[ch] ?? PlanKPIs.CostBreakdown())
                                            ))
                                        p.append(
                                            (
                                                "leg_types",
                                                mix(run.kpis.unitsByLegTypeByChannel[ch] ?? [:], sent: f.unitsSent)
                                            ))
                                        return (ch.rawValue, .object(p))
                                    })
                            ))
                        pairs.append(
                            (
                                "nodes",
                                .array(
                                    Self.nodeRows(run).map { r in
                                        .object([
                                            ("id", .string(r.node.id)), ("kind", .string(r.node.kind.rawValue)),
                                            ("units", .int(r.units)), ("legs", .int(r.legs)),
                                            ("capacity_units", r.node.capacityUnits.map(Document.int) ?? .null),
                                            (
                                                "utilisation",
                                                r.utilisation.flatMap { $0.isFinite ? Document.double($0) : nil }
                                                    ?? .null
                                            ),
                                        ])
                                    })
                            ))
                        return .object(pairs)
                    })
            ),
        ])
    }
}
