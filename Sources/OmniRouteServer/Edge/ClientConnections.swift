import NIOCore
import Synchronization

/// The connections open per client address, so that one client (one attacker's host)
/// cannot take every connection the server allows: a connection beyond its address's
/// share is closed as soon as it is accepted. Shared by all of a server's connections.
final class ClientConnections: Sendable {
    let limit: Int
    private let open = Mutex<[String: Int]>([:])

    init(limit: Int) { self.limit = limit }

    /// Counts `channel` against its address until it closes; false (and nothing counted)
    /// when its address already has `limit` connections open.
    func admit(_ channel: any Channel) -> Bool {
        guard let address = channel.remoteAddress?.ipAddress else { return true }
        let admitted = open.withLock { open in
            guard open[address, default: 0] < limit else { return false }
            open[address, default: 0] += 1
            return true
        }
        guard admitted else { return false }
        channel.closeFuture.whenComplete { [self] _ in
            open.withLock { open in
                open[address, default: 1] -= 1
                if open[address] == 0 { open[address] = nil }
            }
        }
        return true
    }
}
