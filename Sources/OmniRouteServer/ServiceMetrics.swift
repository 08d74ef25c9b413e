import Metrics
import Prometheus
import Synchronization

/// The process's Prometheus registry, installed as the swift-metrics backend once
/// (Hummingbird's `MetricsMiddleware` records request counts and latency histograms
/// by route through it); the service adds its own counters and gauges.
public enum ServiceMetrics {
    private static let installed = Mutex<PrometheusCollectorRegistry?>(nil)

    /// The registry, bootstrapping the metrics system on first use.
    public static var registry: PrometheusCollectorRegistry {
        installed.withLock { current in
            if let current { return current }
            let registry = PrometheusCollectorRegistry()
            var factory = PrometheusMetricsFactory(registry: registry)
            factory.defaultDurationHistogramBuckets = [
                .microseconds(100), .microseconds(250), .microseconds(500), .milliseconds(1), .milliseconds(2),
                .milliseconds(5), .milliseconds(10), .milliseconds(20), .milliseconds(50), .milliseconds(100),
                .milliseconds(250), .milliseconds(500), .seconds(1), .seconds(5),
            ]
            MetricsSystem.bootstrap(factory)
            current = registry
            return registry
        }
    }

    /// The Prometheus text exposition of every metric.
    public static func exposition() -> String {
        var buffer: [UInt8] = []
        registry.emit(into: &buffer)
        return String(decoding: buffer, as: UTF8.self)
    }
}
