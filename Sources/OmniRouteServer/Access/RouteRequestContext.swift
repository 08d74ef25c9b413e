import Hummingbird

/// The context of a request to the route API: Hummingbird's core context and the
/// caller the access check let in.
public struct RouteRequestContext: RequestContext {
    public var coreContext: CoreRequestContextStorage
    var caller = Caller.anonymous

    public init(source: Source) { coreContext = .init(source: source) }
}
