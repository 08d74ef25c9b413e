import ArgumentParser
import OmniRouteModel

/// `omniroute summary`: a plan's KPIs as tables.
struct SummaryCommand: ParsableCommand {
    static let configuration = CommandConfiguration(
        commandName: "summary",
        abstract:
            "Show a plan's KPIs: cost, legs, splits, lateness, fill rate, leg types and (with its scenario) channels."
    )

    @Argument(help: "Plan file.")
    var plan: String

    @Option(name: .long, help: "The plan's scenario, for figures by channel and days to deliver.")
    var scenario: String?

    func run() throws {
        let plan = try Inputs.plan(plan)
        let scenario = try scenario.map(Inputs.scenario)
        print(Self.render(PlanKPIs(plan: plan, scenario: scenario), plan: plan))
    }

    static func render(_ k: PlanKPIs, plan: Plan) -> String {
        let o = k.overall
        var out = "plan of \(plan.scenario) by \(plan.strategy)\n\n"
        var rows: [[String]] = [
            ["total cost", Format.money(o.totalCost)],
            ["orders", String(o.orders)],
            ["cost per order", Format.money(o.costPerOrder)],
            ["cost per unit sent", Format.money(o.costPerUnit)],
            ["legs", String(o.legs)],
            ["legs per order", Format.fixed(o.legsPerOrder, 3)],
            ["split orders", "\(o.splitOrders) (\(Format.percent(o.splitShare)))"],
            ["late orders", "\(o.lateOrders) (\(Format.percent(o.lateShare)))"],
            ["units sent / ordered", "\(o.unitsSent) / \(o.unitsOrdered)"],
            ["fill rate", Format.percent(o.fillRate)],
        ]
        if o.ordersWithLegs > 0 { rows.append(["mean days to deliver", Format.fixed(o.meanDaysToDeliver, 2)]) }
        if let b = plan.summary.bound { rows.append(["lower bound", Format.money(b)]) }
        if let g = plan.summary.gap { rows.append(["gap", Format.percent(g)]) }
        rows.append(["solve time", Format.seconds(plan.summary.solveSeconds)])
        out += Format.table(["KPI", "value"], rows) + "\n\n"

        let c = k.costs
        let parts: [(String, Double)] = [
            ("pick", c.pick), ("handling", c.handling), ("shipping", c.shipping), ("transfer", c.transfer),
            ("split penalty", c.splitPenalty), ("late penalty", c.latePenalty), ("lost sales", c.lostSales),
        ]
        out +=
            Format.table(
                ["cost component", "amount", "share"],
                parts.map {
                    [$0.0, Format.money($0.1), Format.percent(o.totalCost == 0 ? 0 : $0.1 / o.totalCost)]
                }) + "\n\n"

        out += Format.table(
            ["leg type", "legs", "units", "share of units"],
            LegType.allCases.map { t in
                let u = k.unitsByLegType[t] ?? 0
                return [
                    t.rawValue, String(k.legsByLegType[t] ?? 0), String(u),
                    Format.percent(o.unitsSent == 0 ? 0 : Double(u) / Double(o.unitsSent)),
                ]
            })
        if !k.byChannel.isEmpty {
            out +=
                "\n\n"
                + Format.table(
                    ["channel", "orders", "cost", "cost/order", "legs/order", "split", "late", "fill rate"],
                    Order.Channel.allCases.compactMap { ch in
                        guard let f = k.byChannel[ch] else { return nil }
                        return [
                            ch.rawValue, String(f.orders), Format.money(f.totalCost), Format.money(f.costPerOrder),
                            Format.fixed(f.legsPerOrder, 2),
                            Format.percent(f.splitShare), Format.percent(f.lateShare), Format.percent(f.fillRate),
                        ]
                    })
        } else {
            out += "\n\n(pass --scenario for figures by channel)"
        }
        return out
    }
}
