import OmniRouteModel

/// The self-contained HTML page of a what-if report: inline CSS and inline SVG charts,
/// no script and no outside asset; written as well-formed XHTML so any XML parser reads it.
extension WhatIfReport {
    /// The id of every chart of the page, in page order (tests look for each one).
    var chartIds: [String] {
        [
            "kpi-total-cost", "kpi-cost-per-order", "kpi-cost-per-unit", "kpi-legs-per-order", "kpi-split",
            "kpi-on-time", "kpi-fill-rate",
            "kpi-days", "cost-breakdown", "leg-mix", "channel-cost-per-order",
        ].map { "chart-" + $0 }
            + runs.indices.flatMap { ["chart-utilisation-\($0)", "chart-map-\($0)"] }
    }

    var html: String {
        let esc = SVGChart.escape
        var page = """
            <!DOCTYPE html>
            <html xmlns="http://www.w3.org/1999/xhtml" lang="en">
            <head>
            <meta charset="utf-8"/>
            <title>What-if report (\(esc(strategy)))</title>
            <style>
            body { font-family: system-ui, -apple-system, "Segoe UI", sans-serif; margin: 24px auto; max-width: 1400px;
              color: #222; }
            h1 { font-size: 1.5em; } h2 { margin-top: 1.6em; border-bottom: 1px solid #ddd; }
            table { border-collapse: collapse; margin: 8px 0 16px; font-size: 0.9em; }
            th, td { border: 1px solid #ddd; padding: 3px 8px; text-align: right; }
            th:first-child, td:first-child { text-align: left; }
            .grid { display: flex; flex-wrap: wrap; gap: 12px; }
            svg.chart { background: #fff; border: 1px solid #eee; font-size: 11px; }
            svg .title { font-weight: bold; font-size: 12px; }
            .q { color: #555; font-style: italic; }
            </style>
            </head>
            <body>
            <h1>What-if report</h1>
            <p>Every scenario planned by <b>\(esc(strategy))</b>. Variants are compared with their baseline.</p>
            <ul>

            """
        for run in runs {
            let base = run.baseline.map { " (compared with \(esc(runs[$0].name)))" } ?? " (baseline)"
            page +=
                "<li><b>\(esc(run.name))</b>\(base): <code>\(esc(run.file))</code>"
                + (run.question.map { " <span class=\"q\">\(esc($0))</span>" } ?? "") + "</li>\n"
        }
        page += "</ul>\n<h2>KPIs</h2>\n" + kpiTable + "\n<div class=\"grid\">\n"
        let charts: [(id: String, title: String, key: String)] = [
            ("total-cost", "Total cost", "total_cost"), ("cost-per-order", "Cost per order", "cost_per_order"),
            ("cost-per-unit", "Cost per unit sent", "cost_per_unit"),
            ("legs-per-order", "Legs per order", "legs_per_order"),
            ("split", "Split orders", "split_share"), ("on-time", "On time", "on_time_share"),
            ("fill-rate", "Fill rate", "fill_rate"),
            ("days", "Mean days to deliver", "mean_days_to_deliver"),
        ]
        for chart in charts {
            page +=
                SVGChart.bars(
                    id: "chart-kpi-" + chart.id, title: chart.title,
                    rows: runs.map { run in
                        let kpi = Self.headline(run.kpis.overall).first { $0.key == chart.key }!
                        return (run.name, kpi.value, kpi.text)
                    }) + "\n"
        }
        page += "</div>\n<h2>Cost breakdown</h2>\n"
        let components = PlanKPIs.CostBreakdown().components.map(\.name)
        page +=
            SVGChart.stacked(
                id: "chart-cost-breakdown", title: "Cost by component", series: components,
                rows: runs.map {
                    ($0.name, $0.kpis.costs.components.map(\.amount), Format.money($0.kpis.overall.totalCost))
                },
                normalise: false) + "\n"
        page += "<h2>Leg-type mix</h2>\n"
        page +=
            SVGChart.stacked(
                id: "chart-leg-mix", title: "Share of units by leg type", series: LegType.allCases.map(\.rawValue),
                rows: runs.map { run in
                    (
                        run.name, LegType.allCases.map { Double(run.kpis.unitsByLegType[$0] ?? 0) },
                        "\(run.kpis.overall.unitsSent) units"
                    )
                }, normalise: true) + "\n"
        page += "<h2>By channel</h2>\n"
        let channels = Order.Channel.allCases.filter { ch in runs.contains { $0.kpis.byChannel[ch] != nil } }
        page +=
            SVGChart.stacked(
                id: "chart-channel-cost-per-order", title: "Cost per order by channel (each segment one channel)",
                series: channels.map(\.rawValue),
                rows: runs.map { run in
                    (run.name, channels.map { run.kpis.byChannel[$0]?.costPerOrder ?? 0 }, "")
                }, normalise: false) + "\n"
        for run in runs { page += channelTable(run) }
        page += "<h2>Node utilisation and flows</h2>\n"
        for (i, run) in runs.enumerated() {
            page += "<h3>\(esc(run.name))</h3>\n<div class=\"grid\">\n"
            let rows = Self.nodeRows(run).sorted { ($0.utilisation ?? -1, $0.units) > ($1.utilisation ?? -1, $1.units) }
                .prefix(15)
            page +=
                SVGChart.bars(
                    id: "chart-utilisation-\(i)", title: "Busiest nodes: units picked / capacity",
                    rows: rows.map { r in
                        let u = r.utilisation
                        let text =
                            u.map {
                                $0.isFinite ? "\(r.units) / \(r.node.capacityUnits!) (\(Format.percent($0)))" : "closed"
                            } ?? "\(r.units) (no limit)"
                        return (r.node.id, u.map { $0.isFinite ? $0 : 0 } ?? 0, text)
                    }) + "\n"
            page += map(run, id: "chart-map-\(i)") + "\n</div>\n"
        }
        page += "</body>\n</html>\n"
        return page
    }

    private var kpiTable: String {
        let esc = SVGChart.escape
        var t = "<table><tr><th>KPI</th>" + runs.map { "<th>\(esc($0.name))</th>" }.joined() + "</tr>\n"
        for (k, key) in Self.headline(PlanKPIs.Figures()).enumerated() {
            t +=
                "<tr><td>\(esc(key.label))</td>"
                + runs.map { "<td>\(esc(Self.headline($0.kpis.overall)[k].text))</td>" }.joined() + "</tr>\n"
        }
        t +=
            "<tr><td>Δ total cost vs baseline</td>"
            + runs.map { run in
                "<td>"
                    + (run.baseline.map { esc(Self.delta(run.kpis.overall.totalCost, runs[$0].kpis.overall.totalCost)) }
                        ?? "—") + "</td>"
            }.joined() + "</tr>\n"
        for t2 in LegType.allCases {
            t +=
                "<tr><td>share \(t2.rawValue)</td>"
                + runs.map { "<td>\(Format.percent($0.kpis.share(of: t2)))</td>" }.joined() + "</tr>\n"
        }
        return t + "</table>"
    }

    private func channelTable(_ run: Run) -> String {
        let esc = SVGChart.escape
        var t =
            "<h3>\(esc(run.name))</h3>\n<table><tr><th>channel</th><th>orders</th><th>cost</th><th>cost/order</th>"
            + "<th>cost/unit</th><th>legs/order</th><th>split</th><th>on time</th><th>fill rate</th><th>days</th>"
            + LegType.allCases.map { "<th>\($0.rawValue)</th>" }.joined() + "</tr>\n"
        for ch in Order.Channel.allCases {
            guard let f = run.kpis.byChannel[ch] else { continue }
            let mix = run.kpis.unitsByLegTypeByChannel[ch] ?? [:]
            t +=
                "<tr><td>\(ch.rawValue)</td><td>\(f.orders)</td><td>\(Format.money(f.totalCost))</td>"
                + "<td>\(Format.money(f.costPerOrder))</td><td>\(Format.money(f.costPerUnit))</td>"
                + "<td>\(Format.fixed(f.legsPerOrder, 2))</td><td>\(Format.percent(f.splitShare))</td>"
                + "<td>\(Format.percent(f.onTimeShare))</td><td>\(Format.percent(f.fillRate))</td>"
                + "<td>\(Format.fixed(f.meanDaysToDeliver, 2))</td>"
                + LegType.allCases.map {
                    "<td>\(Format.percent(f.unitsSent == 0 ? 0 : Double(mix[$0] ?? 0) / Double(f.unitsSent)))</td>"
                }.joined() + "</tr>\n"
        }
        return t + "</table>\n"
    }

    /// Nodes and flows: one line per (source, leg type, destination), customers bucketed to 0.1°.
    private func map(_ run: Run, id: String) -> String {
        let nodeAt = Dictionary(run.scenario.nodes.map { ($0.id, $0) }, uniquingKeysWith: { a, _ in a })
        let orderAt = Dictionary(run.scenario.orders.map { ($0.id, $0) }, uniquingKeysWith: { a, _ in a })
        struct Key: Hashable {
            var from: String
            var series: Int
            var lat: Int
            var lon: Int
        }
        var flows: [Key: Int] = [:]
        for planned in run.plan.orders {
            guard let order = orderAt[planned.order] else { continue }
            for leg in planned.legs {
                let to: GeoPoint
                switch order.delivery {
                case .ship(let p): to = p
                case .pickup(let store):
                    guard leg.from != store, let n = nodeAt[store] else { continue }
                    to = n.location
                }
                let series = LegType.allCases.firstIndex(of: leg.type) ?? 0
                flows[
                    Key(
                        from: leg.from, series: series, lat: Int((to.lat * 10).rounded()),
                        lon: Int((to.lon * 10).rounded())), default: 0] += leg.units
            }
        }
        let mapFlows = flows.compactMap { key, units -> SVGChart.MapFlow? in
            guard let from = nodeAt[key.from] else { return nil }
            return SVGChart.MapFlow(
                fromLat: from.location.lat, fromLon: from.location.lon, toLat: Double(key.lat) / 10,
                toLon: Double(key.lon) / 10, units: units, series: key.series)
        }.sorted { ($0.units, $0.fromLat, $0.toLat, $0.toLon) < ($1.units, $1.fromLat, $1.toLat, $1.toLon) }
        let nodes = run.scenario.nodes.map { n in
            SVGChart.MapNode(
                id: n.id, lat: n.location.lat, lon: n.location.lon, isWarehouse: n.kind == .warehouse,
                units: run.kpis.unitsByNode[n.id] ?? 0, closed: n.capacityUnits == 0 && !n.shipToHome)
        }
        return SVGChart.map(
            id: id, title: "Map: nodes (square = warehouse) and flows weighted by units", nodes: nodes, flows: mapFlows,
            series: LegType.allCases.map(\.rawValue))
    }
}
