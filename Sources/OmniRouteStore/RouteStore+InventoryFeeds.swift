import OmniRouteModel

/// `ids` without repeats, first occurrences in order.
private func distinct(_ ids: [String]) -> [String] {
    var seen = Set<String>()
    return ids.filter { seen.insert($0).inserted }
}

extension RouteStore {
    /// Sets the on-hand of a position (a POS or WMS count), and its safety stock when
    /// given. A count below the units held there by orders moves those holds: planned
    /// orders (newest first) and released legs not yet picked are re-sourced
    /// elsewhere, then holds of outside systems shrink. A count below units already
    /// picked there is refused and changes nothing.
    public func setStock(
        node: String, sku: String, onHand: Int, safetyStock: Int? = nil,
        source: String? = nil
    ) throws(StoreError) -> StockChange {
        try lifecycle(actor: source ?? "stock count") { tx in
            let (n, k) = try Self.indices(node: node, sku: sku, tx.network)
            let before = tx.book.position(node: n, sku: k)
            let moved = try tx.setOnHand(
                node: node, sku: sku, to: onHand, safetyStock: safetyStock, reason: "stock count at \(node)")
            let filled =
                onHand > before?.onHand ?? 0 ? try tx.fillBackorders(skus: [sku], reason: "stock count at \(node)") : []
            try tx.db.events.append(
                "inventory.set", node: node, sku: sku, actor: tx.actor, at: tx.now,
                payload: .object([
                    ("on_hand", .int(onHand)), ("previous_on_hand", .int(before?.onHand ?? 0)),
                    ("safety_stock", .int(tx.book.position(node: n, sku: k)?.safetyStock ?? 0)),
                    ("source", source.map { .string($0) } ?? .null), ("resourced", .array(moved.map { .string($0) })),
                    ("filled", .array(filled.map { .string($0) })),
                ]))
            return StockChange(positions: [Self.level(n, k, tx.network, tx.book)], resourced: moved, filled: filled)
        }
    }

    /// The index of `node`, once it and every SKU of `skus` (the items of `field`) are
    /// known; otherwise a 422 naming each unknown one.
    static func known(node: String, skus: [String], field: String, in network: Network) throws(StoreError) -> Int {
        guard let n = network.nodeIndex[node] else {
            throw StoreError.invalid([Issue(path: "node", message: "unknown node \"\(node)\"")])
        }
        let unknown = skus.enumerated().filter { network.skuIndex[$0.element] == nil }
        guard unknown.isEmpty else {
            throw StoreError.invalid(
                unknown.map { Issue(path: "\(field)[\($0.offset)].sku", message: "unknown sku \"\($0.element)\"") })
        }
        return n
    }

    /// A WMS snapshot of one node: sets every position it counts, all or none.
    public func applySnapshot(_ snapshot: StockSnapshot) throws(StoreError) -> StockChange {
        try lifecycle(actor: snapshot.source ?? "wms") { tx in
            _ = try Self.known(
                node: snapshot.node, skus: snapshot.counts.map(\.sku), field: "positions", in: tx.network)
            var moved: [String] = []
            var raised: [String] = []
            var levels: [StockLevel] = []
            for count in snapshot.counts {
                let (n, k) = tx.indices(snapshot.node, count.sku)
                if count.onHand > tx.book.position(node: n, sku: k)?.onHand ?? 0 { raised.append(count.sku) }
                moved += try tx.setOnHand(
                    node: snapshot.node, sku: count.sku, to: count.onHand, reason: "stock count at \(snapshot.node)")
            }
            // Backorders once every count is in: a later count may take what an earlier one added.
            let filled = try tx.fillBackorders(skus: distinct(raised), reason: "stock count at \(snapshot.node)")
            for count in snapshot.counts {
                let (n, k) = tx.indices(snapshot.node, count.sku)
                levels.append(Self.level(n, k, tx.network, tx.book))
            }
            try tx.db.events.append(
                "inventory.snapshot", node: snapshot.node, actor: tx.actor, at: tx.now,
                payload: .object([
                    (
                        "positions",
                        .array(
                            snapshot.counts.map { .object([("sku", .string($0.sku)), ("on_hand", .int($0.onHand))]) })
                    ),
                    ("resourced", .array(moved.map { .string($0) })), ("filled", .array(filled.map { .string($0) })),
                ]))
            return StockChange(positions: levels, resourced: distinct(moved), filled: filled)
        }
    }

    /// Sales at a store's till: each unit sold leaves the store's on-hand (never
    /// below zero: selling more than recorded means the count was wrong, and the
    /// event says so). Holds the sale leaves uncovered are re-sourced.
    public func recordSale(_ sale: StoreSale, actor: String? = nil) throws(StoreError) -> StockChange {
        try lifecycle(actor: actor ?? "pos \(sale.node)") { tx in
            let n = try Self.known(node: sale.node, skus: sale.lines.map(\.sku), field: "lines", in: tx.network)
            guard tx.network.nodes[n].kind == .store else {
                throw StoreError.invalid([
                    Issue(path: "node", message: "\(sale.node) is a warehouse; till sales happen in stores")
                ])
            }
            var moved: [String] = []
            var levels: [StockLevel] = []
            var unrecorded: [Document] = []
            for line in sale.lines {
                let k = tx.network.skuIndex[line.sku]!
                let onHand = tx.book.position(node: n, sku: k)?.onHand ?? 0
                if line.qty > onHand { unrecorded.append(OrderLine(sku: line.sku, qty: line.qty - onHand).document) }
                moved += try tx.setOnHand(
                    node: sale.node, sku: line.sku, to: max(0, onHand - line.qty), reason: "till sale at \(sale.node)")
                levels.append(Self.level(n, k, tx.network, tx.book))
            }
            try tx.db.events.append(
                "inventory.sold", node: sale.node, actor: tx.actor, at: tx.now,
                payload: .object([
                    ("lines", .array(sale.lines.map(\.document))),
                    ("reference", sale.reference.map { .string($0) } ?? .null),
                    ("sold_beyond_record", .array(unrecorded)), ("resourced", .array(moved.map { .string($0) })),
                ]))
            return StockChange(positions: levels, resourced: distinct(moved))
        }
    }

    /// Applies a batch of on-hand deltas atomically: all or none. A delta that would
    /// take a position below zero refuses the whole batch; one that takes it below
    /// what orders hold re-sources them, as a count does.
    public func adjust(
        _ adjustments: [StockAdjustment], reason: String? = nil, actor: String? = nil
    ) throws(StoreError) -> StockChange {
        try lifecycle(actor: actor ?? "adjustment") { tx in
            var issues: [Issue] = []
            var targets: [(node: Int, sku: Int)] = []
            for (i, a) in adjustments.enumerated() {
                let n = tx.network.nodeIndex[a.node]
                let k = tx.network.skuIndex[a.sku]
                if n == nil {
                    issues.append(Issue(path: "adjustments[\(i)].node", message: "unknown node \"\(a.node)\""))
                }
                if k == nil { issues.append(Issue(path: "adjustments[\(i)].sku", message: "unknown sku \"\(a.sku)\"")) }
                if let n, let k { targets.append((n, k)) }
            }
            guard issues.isEmpty else { throw StoreError.invalid(issues) }
            // The on-hand each position reaches, adjustments applied in order.
            var onHand: [Int: Int] = [:]
            var order: [Int] = []
            for (i, (a, t)) in zip(adjustments, targets).enumerated() {
                let key = tx.book.key(t.node, t.sku)
                let value = (onHand[key] ?? tx.book.position(node: t.node, sku: t.sku)?.onHand ?? 0) + a.delta
                if value < 0 {
                    throw StoreError.conflict(
                        "adjustments[\(i)]: on_hand of \(a.sku) at \(a.node) would be \(value), below zero")
                }
                // Each delta is at most `Limits.units` and each on-hand too, so `value` cannot overflow.
                if value > Limits.units {
                    throw StoreError.invalid([
                        Issue(
                            path: "adjustments[\(i)].delta",
                            message:
                                "on_hand of \(a.sku) at \(a.node) would be \(value), "
                                + "above the largest count \(Limits.units)"
                        )
                    ])
                }
                if onHand[key] == nil { order.append(key) }
                onHand[key] = value
            }
            var moved: [String] = []
            var raised: [String] = []
            for key in order {
                let (n, k) = (key / tx.network.skuCount, key % tx.network.skuCount)
                let node = tx.network.nodes[n].id
                if onHand[key]! > tx.book.position(node: n, sku: k)?.onHand ?? 0 {
                    raised.append(tx.network.skus[k].id)
                }
                moved += try tx.setOnHand(
                    node: node, sku: tx.network.skus[k].id, to: onHand[key]!, reason: "stock adjustment at \(node)")
            }
            let filled = try tx.fillBackorders(skus: distinct(raised), reason: "stock adjustment")
            try tx.db.events.append(
                "inventory.adjusted", actor: tx.actor, at: tx.now,
                payload: .object([
                    ("reason", reason.map { .string($0) } ?? .null),
                    (
                        "adjustments",
                        .array(
                            adjustments.map {
                                .object([
                                    ("node", .string($0.node)), ("sku", .string($0.sku)), ("delta", .int($0.delta)),
                                ])
                            })
                    ),
                    ("resourced", .array(moved.map { .string($0) })), ("filled", .array(filled.map { .string($0) })),
                ]))
            return StockChange(
                positions: order.map {
                    Self.level($0 / tx.network.skuCount, $0 % tx.network.skuCount, tx.network, tx.book)
                },
                resourced: distinct(moved), filled: filled)
        }
    }
}
