import OmniRouteModel

extension RouteStore {
    /// Most items on one page.
    public static let maxPage = 500

    /// Every order of a customer from every channel, newest first, `limit` a page,
    /// starting after `cursor` (the `next` of the previous page).
    public func orders(customer: String, limit: Int = 20, cursor: String? = nil) throws(StoreError) -> CustomerOrders {
        let limit = min(max(1, limit), Self.maxPage)
        var before = Int64.max
        if let cursor {
            guard let c = Int64(cursor), c > 0 else {
                throw .invalid([Issue(path: "cursor", message: "not a cursor this API gave out: \"\(cursor)\"")])
            }
            before = c
        }
        return try read { tx in
            let (page, last) = try tx.orders.page(customer: customer, before: before, limit: limit)
            return CustomerOrders(customerId: customer, orders: page, next: last.map { String($0) })
        }
    }

    /// The event log of one order, oldest first.
    public func history(order id: String) throws(StoreError) -> [StoreEvent] {
        try read { tx in
            guard try tx.orders.exists(id: id) else { throw StoreError.notFound("no order \"\(id)\"") }
            return try tx.events.of(orderId: id)
        }
    }

    /// Events after `cursor` (0 for the start of the log), oldest first, at most `limit`;
    /// only those about `node` and of `type` when given (a node's pick list is
    /// `node: "S-12", type: "leg.released"`). Events are written in the transaction of
    /// the change they record, so a consumer that stores the last `seq` it handled
    /// resumes exactly, after any restart.
    public func events(after cursor: Int64 = 0, limit: Int = 100, node: String? = nil, type: String? = nil)
        throws(StoreError) -> [StoreEvent]
    {
        let limit = min(max(1, limit), Self.maxPage)
        return try read { tx in try tx.events.page(after: cursor, limit: limit, node: node, type: type) }
    }
}
