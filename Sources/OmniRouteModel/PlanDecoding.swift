extension Plan {
    /// Reads a plan document strictly (keys, kinds and ranges; not its figures:
    /// `PlanChecker` recomputes those against a scenario).
    public init(document: Document) throws(DocumentError) {
        let log = IssueLog()
        guard
            let root = FieldReader(
                document, path: "plan", issues: log,
                required: ["format", "scenario", "strategy", "orders", "summary"])
        else {
            throw DocumentError(issues: log.issues)
        }
        if let format = root.string("format"), format != Plan.format {
            log.add("plan.format", "expected \"\(Plan.format)\", got \"\(format)\"")
        }
        let scenario = root.string("scenario") ?? ""
        let strategy = root.string("strategy") ?? ""
        var orders: [PlannedOrder] = []
        for (path, value) in root.list("orders") ?? [] {
            if let o = Self.decodeOrder(value, path: path.description, log) { orders.append(o) }
        }
        var summary = PlanSummary(orders: orders, solveSeconds: 0)
        if let s = root.raw("summary").flatMap({
            FieldReader(
                $0, path: "plan.summary", issues: log,
                required: [
                    "total_cost", "orders", "legs", "units", "split_orders", "late_orders", "unfulfilled_units",
                ],
                optional: ["solve_seconds", "bound", "gap"])
        }) {
            summary.totalCost = s.planFigure("total_cost") ?? summary.totalCost
            summary.solveSeconds = s.has("solve_seconds") ? s.planFigure("solve_seconds", minimum: 0) ?? 0 : 0
            if s.has("bound") { summary.bound = s.planFigure("bound") }
            if s.has("gap") { summary.gap = s.planFigure("gap") }
            for key in ["orders", "legs", "units", "split_orders", "late_orders", "unfulfilled_units"] {
                _ = s.int(key, minimum: 0)
            }
        }
        guard log.isEmpty else { throw DocumentError(issues: log.issues) }
        self.init(scenario: scenario, strategy: strategy, orders: orders, summary: summary)
    }

    private static func decodeLines(_ r: FieldReader, _ key: String, minimum: Int, _ log: IssueLog) -> [OrderLine] {
        (r.list(key) ?? []).compactMap { path, value in
            guard let l = FieldReader(value, path: path, issues: log, required: ["sku", "qty"]),
                let sku = l.string("sku"), let qty = l.int("qty", minimum: minimum)
            else { return nil }
            return OrderLine(sku: sku, qty: qty)
        }
    }

    private static func day(_ r: FieldReader, _ key: String, _ log: IssueLog) -> CalendarDay? {
        guard let text = r.string(key) else { return nil }
        guard let day = CalendarDay(iso: text) else {
            log.add(r.fieldPath(key), "expected a date YYYY-MM-DD, got \"\(text)\"")
            return nil
        }
        return day
    }

    private static func decodeOrder(_ value: Document, path: String, _ log: IssueLog) -> PlannedOrder? {
        guard
            let r = FieldReader(
                value, path: path, issues: log,
                required: ["order", "legs", "unfulfilled", "eta", "late_days", "cost"])
        else { return nil }
        let id = r.string("order")
        var legs: [PlannedLeg] = []
        for (lp, lv) in r.list("legs") ?? [] {
            guard
                let l = FieldReader(
                    lv, path: lp, issues: log, required: ["type", "from", "lines", "eta", "cost"],
                    optional: ["service", "to", "ships_on"])
            else { continue }
            var type: LegType?
            if let t = l.string("type") {
                type = LegType(rawValue: t)
                if type == nil { log.add(l.fieldPath("type"), "unknown leg type \"\(t)\"") }
            }
            let from = l.string("from")
            let service = l.has("service") ? l.string("service") : nil
            let lines = decodeLines(l, "lines", minimum: 1, log)
            let eta = day(l, "eta", log)
            let shipsOn: CalendarDay?? = l.has("ships_on") ? day(l, "ships_on", log).map { .some($0) } : .some(nil)
            let cost = l.raw("cost").flatMap { c -> LegCost? in
                guard
                    let c = FieldReader(
                        c, path: lp + ".cost", issues: log,
                        required: ["pick", "handling", "shipping", "transfer", "total"],
                        optional: ["rules"]),
                    let pick = c.planFigure("pick"), let handling = c.planFigure("handling"),
                    let shipping = c.planFigure("shipping"), let transfer = c.planFigure("transfer"),
                    let rules = c.has("rules") ? c.planFigure("rules") : 0
                else { return nil }
                return LegCost(pick: pick, handling: handling, shipping: shipping, transfer: transfer, rules: rules)
            }
            if let type, let from, let eta, let cost, let shipsOn {
                legs.append(
                    PlannedLeg(
                        type: type, from: from, service: service, lines: lines, shipsOn: shipsOn, eta: eta, cost: cost))
            }
        }
        let unfulfilled = decodeLines(r, "unfulfilled", minimum: 0, log)
        let eta: CalendarDay? = r.raw("eta") == .null ? nil : day(r, "eta", log)
        let late = r.int("late_days", minimum: 0)
        let cost = r.raw("cost").flatMap { c -> OrderCost? in
            guard
                let c = FieldReader(
                    c, path: path + ".cost", issues: log,
                    required: ["legs", "split_penalty", "late_penalty", "unfulfilled", "total"]),
                let legs = c.planFigure("legs"), let split = c.planFigure("split_penalty"),
                let latePenalty = c.planFigure("late_penalty"),
                let unfulfilled = c.planFigure("unfulfilled"), let total = c.planFigure("total")
            else { return nil }
            return OrderCost(
                legs: legs, splitPenalty: split, latePenalty: latePenalty, unfulfilled: unfulfilled, total: total)
        }
        guard let id, let late, let cost else { return nil }
        return PlannedOrder(order: id, legs: legs, unfulfilled: unfulfilled, eta: eta, lateDays: late, cost: cost)
    }
}

extension FieldReader {
    /// A cost or time of a plan: a finite number of at most `Limits.planAmount` in magnitude.
    fileprivate func planFigure(_ key: String, minimum: Double? = nil) -> Double? {
        number(key, minimum: minimum, maximum: Limits.planAmount)
    }
}
