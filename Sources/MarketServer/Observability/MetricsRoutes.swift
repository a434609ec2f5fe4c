import Hummingbird
import NIOCore

/// `GET /metrics`: the server's metrics in the Prometheus text format, with the gauges that describe its
/// present state (connections, venue and ticker status) read at the moment of the scrape.
struct MetricsRoutes: Sendable {
    let metrics: ServerMetrics
    let venues: VenueDirectory
    let feed: RealtimeFeed

    func add(to router: Router<MarketRequestContext>) {
        router.get("metrics") { _, _ -> Response in
            metrics.recordState(venues: venues.all, feed: feed, journalStopped: venues.journal.stopped != nil)
            var text: [UInt8] = []
            metrics.registry.emit(into: &text)
            return Response(
                status: .ok, headers: [.contentType: "text/plain; version=0.0.4; charset=utf-8"],
                body: .init(byteBuffer: ByteBuffer(bytes: MetricHelp.adding(to: text))))
        }
    }
}
