import NIOPosix

extension RouteAPI {
    /// Runs synchronous store work (SQLite reads and writes, which block their thread)
    /// on NIO's blocking thread pool, so that Swift's cooperative threads, which every
    /// request shares, never wait on the database. In-memory work (quotes, stock and
    /// availability from the stock book) runs where it is.
    func blocking<T: Sendable>(_ body: @escaping @Sendable () throws -> T) async throws -> T {
        try await NIOThreadPool.singleton.runIfActive(body)
    }
}
