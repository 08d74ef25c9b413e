extension CheckoutRequest {
    /// Reads a checkout request strictly against `network`: unknown fields, missing
    /// ones, quantities below 1, repeated or unknown skus and nodes that cannot be
    /// pickup stores are all reported with their paths (`lines[1].qty`).
    ///
    /// - Parameter allowOptions: whether `delivery.mode` may be `options` (quotes).
    /// - Throws: `DocumentError` listing every issue found.
    public init(document: Document, network: Network, allowOptions: Bool) throws(DocumentError) {
        let log = IssueLog()
        guard
            let r = FieldReader(
                document, path: "", issues: log, required: ["lines", "delivery"],
                optional: ["id", "due_by", "allow_split", "channel", "customer_id", "accept_partial", "tags"])
        else { throw DocumentError(issues: log.issues) }
        let id = r.has("id") ? r.string("id") : nil
        if let id, !Self.isClientId(id) {
            log.add("id", "an order id is 1 to 64 letters, digits, '.', '_' or '-', got \"\(id)\"")
        } else if let id, id.hasPrefix("OR-") {
            log.add("id", "ids starting with OR- are the store's own; choose another")
        }
        var due: CalendarDay?
        if let text = r.has("due_by") ? r.string("due_by") : nil {
            due = CalendarDay(iso: text)
            if due == nil { log.add("due_by", "expected a date YYYY-MM-DD, got \"\(text)\"") }
        }
        let allowSplit = r.has("allow_split") ? r.bool("allow_split") : true
        let acceptPartial = r.has("accept_partial") ? r.bool("accept_partial") : false
        var channel: Order.Channel? = .web
        if let text = r.has("channel") ? r.string("channel") : nil {
            channel = Order.Channel(rawValue: text)
            if channel == nil {
                log.add("channel", "expected one of web, app, store, call_center, marketplace, got \"\(text)\"")
            }
        }
        let customer = r.has("customer_id") ? r.string("customer_id") : nil
        let tags = r.tags("tags")
        if let tags, tags.count > 20 { log.add("tags", "at most 20 tags, got \(tags.count)") }

        var lines: [OrderLine] = []
        if let items = r.list("lines") {
            if items.isEmpty { log.add("lines", "a cart needs at least one line") }
            if items.count > Self.maxLines { log.add("lines", "at most \(Self.maxLines) lines, got \(items.count)") }
            var seen: Set<String> = []
            for (path, value) in items.prefix(Self.maxLines) {
                guard let l = FieldReader(value, path: path, issues: log, required: ["sku", "qty"]) else { continue }
                let sku = l.string("sku")
                if let sku {
                    if network.skuIndex[sku] == nil { log.add(path + ".sku", "unknown sku \"\(sku)\"") }
                    if !seen.insert(sku).inserted { log.add(path + ".sku", "sku \"\(sku)\" appears twice in the cart") }
                }
                let qty = l.int("qty", minimum: 1)
                if let qty, qty > Self.maxUnitsPerLine {
                    log.add(path + ".qty", "at most \(Self.maxUnitsPerLine) units per line, got \(qty)")
                }
                if let sku, let qty { lines.append(OrderLine(sku: sku, qty: qty)) }
            }
        }
        let destination = r.raw("delivery").flatMap {
            Self.decodeDestination($0, network: network, allowOptions: allowOptions, log)
        }
        guard log.isEmpty, let destination, let allowSplit, let acceptPartial, let channel, let tags else {
            throw DocumentError(issues: log.issues)
        }
        self.init(
            orderId: id, lines: lines, destination: destination, dueBy: due, allowSplit: allowSplit,
            channel: channel, customerId: customer, acceptPartial: acceptPartial, tags: tags)
    }

    private static let idBytes = Set("ABCDEFGHIJKLMNOPQRSTUVWXYZabcdefghijklmnopqrstuvwxyz0123456789._-".utf8)

    /// Whether `id` may be a client's id: 1 to 64 letters, digits, '.', '_' or '-'.
    static func isClientId(_ id: String) -> Bool {
        id.utf8.count <= 64 && id.utf8.allSatisfy { idBytes.contains($0) }
    }

    /// Most lines in one cart.
    public static let maxLines = 200
    /// Most units of one line.
    public static let maxUnitsPerLine = 10_000

    private static func decodeDestination(
        _ value: Document, network: Network, allowOptions: Bool,
        _ log: IssueLog
    ) -> Destination? {
        let modes = allowOptions ? "\"ship\", \"pickup\" or \"options\"" : "\"ship\" or \"pickup\""
        guard case .object = value else {
            log.add("delivery", "expected an object, got \(value.kindName)")
            return nil
        }
        guard case .string(let mode)? = value["mode"] else {
            log.add("delivery.mode", "expected \(modes)")
            return nil
        }
        switch mode {
        case "ship":
            guard let r = FieldReader(value, path: "delivery", issues: log, required: ["mode", "location"]) else {
                return nil
            }
            return r.raw("location").flatMap { Scenario.decodeLocation($0, path: "delivery.location", log) }.map {
                .ship(to: $0)
            }
        case "pickup":
            guard let r = FieldReader(value, path: "delivery", issues: log, required: ["mode", "pickup_node"]),
                let node = r.string("pickup_node")
            else { return nil }
            guard let n = network.nodeIndex[node] else {
                log.add("delivery.pickup_node", "unknown node \"\(node)\"")
                return nil
            }
            guard network.nodes[n].kind == .store, network.nodes[n].pickup else {
                log.add("delivery.pickup_node", "\"\(node)\" is not a store with pickup: true")
                return nil
            }
            return .pickup(at: node)
        case "options" where allowOptions:
            guard
                let r = FieldReader(
                    value, path: "delivery", issues: log, required: ["mode", "location"], optional: ["stores"])
            else { return nil }
            let stores = r.has("stores") ? r.int("stores", minimum: 1) : defaultOptionStores
            if let stores, stores > 20 {
                log.add("delivery.stores", "at most 20, got \(stores)")
                return nil
            }
            guard let stores,
                let loc = r.raw("location").flatMap({ Scenario.decodeLocation($0, path: "delivery.location", log) })
            else { return nil }
            return .optionsNear(loc, stores: stores)
        default:
            log.add("delivery.mode", "expected \(modes), got \"\(mode)\"")
            return nil
        }
    }
}
