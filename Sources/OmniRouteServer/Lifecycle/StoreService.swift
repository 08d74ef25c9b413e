import Foundation
import OmniRouteStore
import ServiceLifecycle

/// The store as a service of the server's service group. It runs until the group
/// shuts down gracefully (SIGTERM or SIGINT), after the HTTP server has stopped
/// taking requests and answered those in flight, and then closes the store: the
/// placements being written commit and the write-ahead log is checkpointed.
public struct StoreService: Service {
    public let store: RouteStore

    public init(store: RouteStore) { self.store = store }

    public func run() async throws {
        // Returns at graceful shutdown; a cancellation also ends the wait, and closes the store the same way.
        try? await gracefulShutdown()
        let store = store
        // Closing waits on the writer thread: never on a cooperative thread.
        await withCheckedContinuation { (done: CheckedContinuation<Void, Never>) in
            Thread.detachNewThread {
                store.shutDown()
                done.resume()
            }
        }
    }
}
