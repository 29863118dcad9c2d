import Prometheus

/// Series in the Prometheus text exposition format (version 0.0.4), written by swift-prometheus.
///
/// A registry is made for each scrape from the series of that moment, like the constant metrics of
/// an exporter that mirrors another system: what Pinwatch no longer lists is simply not there,
/// with no bookkeeping of series to unregister.
public enum PrometheusText {
    /// The `Content-Type` of the text format.
    public static let contentType = "text/plain; version=0.0.4; charset=utf-8"

    /// The exposition text of `series`.
    public static func render(_ series: [MetricSeries]) -> String {
        let registry = PrometheusCollectorRegistry()
        for one in series {
            // The name is whole already (unit included): no namespace or unit to add.
            let descriptor = MetricNameDescriptor(metricName: one.family.name, unitName: "", helpText: one.family.help)
            switch one.family.kind {
            case .gauge: registry.makeGauge(descriptor: descriptor, labels: one.labels).set(one.value)
            case .counter: registry.makeCounter(descriptor: descriptor, labels: one.labels).increment(by: one.value)
            }
        }
        return registry.emitToString()
    }
}
