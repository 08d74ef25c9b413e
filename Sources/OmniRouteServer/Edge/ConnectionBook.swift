import Dispatch
import Metrics
import NIOCore
import Synchronization

/// Every open connection of a server, so that slow or idle clients cannot starve
/// checkout. Two limits: on all connections, where a new connection takes the place
/// of the one that has waited longest for a request head (an idle or drip-fed one,
/// which the head and idle timeouts would close anyway), and is refused only when
/// every connection is busy with a request; and on the connections of one client
/// address, beyond which a new one is refused. A refused connection is closed as
/// soon as it is accepted.
final class ConnectionBook: Sendable {
    let limit: Int
    let limitPerClient: Int?

    private struct Entry {
        let channel: any Channel
        let client: String?
        let state: ConnectionState
    }

    private struct Book {
        var open: [ObjectIdentifier: Entry] = [:]
        var perClient: [String: Int] = [:]
    }

    private let book = Mutex(Book())
    /// `omniroute_connections_open`, and `omniroute_connections_refused_total{reason}` /
    /// `omniroute_connections_evicted_total`: how full the server is and what the limits did.
    private let openGauge = Gauge(label: "omniroute_connections_open")
    private let refusedBusy = Counter(label: "omniroute_connections_refused_total", dimensions: [("reason", "busy")])
    private let refusedClient = Counter(
        label: "omniroute_connections_refused_total", dimensions: [("reason", "per_client")])
    private let evictions = Counter(label: "omniroute_connections_evicted_total")

    init(limit: Int, limitPerClient: Int?) {
        _ = ServiceMetrics.registry  // the Prometheus backend before any metric
        self.limit = limit
        self.limitPerClient = limitPerClient
    }

    /// Counts `channel` in until it closes and returns its state, closing the connection
    /// that gives way to it if any; nil (nothing counted) when it is refused.
    func admit(_ channel: any Channel) -> ConnectionState? {
        let client = channel.remoteAddress?.ipAddress
        let state = ConnectionState()
        let id = ObjectIdentifier(channel)
        enum Outcome {
            case admitted(evicting: (any Channel)?, open: Int)
            case refusedBusy, refusedClient
        }
        let outcome: Outcome = book.withLock { book in
            if let client, let limitPerClient, book.perClient[client, default: 0] >= limitPerClient {
                return .refusedClient
            }
            var evicted: (any Channel)?
            if book.open.count >= limit {
                let waiting = book.open.filter { $0.value.state.waitingSince > 0 }
                guard let oldest = waiting.min(by: { $0.value.state.waitingSince < $1.value.state.waitingSince })
                else { return .refusedBusy }
                evicted = oldest.value.channel
                Self.remove(oldest.key, from: &book)
            }
            book.open[id] = Entry(channel: channel, client: client, state: state)
            if let client { book.perClient[client, default: 0] += 1 }
            return .admitted(evicting: evicted, open: book.open.count)
        }
        switch outcome {
        case .refusedBusy:
            refusedBusy.increment()
            return nil
        case .refusedClient:
            refusedClient.increment()
            return nil
        case .admitted(let evicted, let open):
            openGauge.record(open)
            if let evicted {
                evictions.increment()
                evicted.close(promise: nil)
            }
        }
        channel.closeFuture.whenComplete { [self] _ in
            let open = book.withLock { book in
                Self.remove(id, from: &book)
                return book.open.count
            }
            openGauge.record(open)
        }
        return state
    }

    private static func remove(_ id: ObjectIdentifier, from book: inout Book) {
        guard let entry = book.open.removeValue(forKey: id) else { return }
        if let client = entry.client {
            book.perClient[client, default: 1] -= 1
            if book.perClient[client] == 0 { book.perClient[client] = nil }
        }
    }
}

/// Whether a connection waits for a request head and since when, as its
/// `RequestHeadTimeout` sees it, for the `ConnectionBook` to read from any thread.
final class ConnectionState: Sendable {
    private let since = Atomic<UInt64>(DispatchTime.now().uptimeNanoseconds)

    /// Uptime in nanoseconds since the connection has waited for a head; 0 while it is busy with a request.
    var waitingSince: UInt64 { since.load(ordering: .relaxed) }

    func busy() { since.store(0, ordering: .relaxed) }
    func waiting() { since.store(DispatchTime.now().uptimeNanoseconds, ordering: .relaxed) }
}
