import Foundation
import MarketCore
import NIOCore
import Synchronization

/// How the WebSocket feed behaves.
public struct FeedSettings: Sendable, Hashable {
    /// Order-book and price snapshots go out at most this often per channel.
    public var snapshotInterval: Duration
    /// Messages a subscriber may have waiting; one more and it is disconnected.
    public var subscriberQueueLimit: Int
    /// Idle connections are pinged this often; one that has not answered the previous ping is dropped.
    public var pingInterval: Duration
    /// Price levels per side in an order-book snapshot.
    public var orderBookLevels: Int

    public init(
        snapshotInterval: Duration = .milliseconds(500), subscriberQueueLimit: Int = 1_024,
        pingInterval: Duration = .seconds(30), orderBookLevels: Int = 50
    ) {
        self.snapshotInterval = snapshotInterval
        self.subscriberQueueLimit = subscriberQueueLimit
        self.pingInterval = pingInterval
        self.orderBookLevels = orderBookLevels
    }
}

/// The server's live feeds: every venue's channels, their sequence numbers and their subscribers.
///
/// Only committed state is published: trades and private updates come from the journal's commit hook,
/// snapshots from the committed replica. A channel's messages carry consecutive `sequence` numbers, so a
/// client that sees a jump knows it missed something and can resynchronise from REST. Publishing never
/// waits for a subscriber; see ``FeedSubscriber``.
public final class RealtimeFeed: Sendable {
    private struct Key: Hashable {
        let venue: String
        let channel: FeedChannel
    }

    private struct Topic {
        var sequence: UInt64 = 0
        var subscribers: [ObjectIdentifier: any FeedSink] = [:]
    }

    public typealias PublicationObserver = @Sendable (_ venue: String, _ channel: String, _ sequence: UInt64) -> Void

    public let settings: FeedSettings
    private let topics = Mutex<[Key: Topic]>([:])
    private let venues = Mutex<[String: VenueFeed]>([:])
    private let observer = Mutex<PublicationObserver?>(nil)
    private let dropped = Atomic<Int>(0)

    /// The price alerts that committed trades are checked against; `nil` where none are kept.
    let alerts: PriceAlerts?
    /// The webhooks that committed events are gathered for; `nil` where none are kept.
    let webhooks: Webhooks?

    public convenience init(settings: FeedSettings = FeedSettings()) {
        self.init(settings: settings, alerts: nil, webhooks: nil)
    }

    init(settings: FeedSettings, alerts: PriceAlerts?, webhooks: Webhooks?) {
        self.settings = settings
        self.alerts = alerts
        self.webhooks = webhooks
    }

    /// Subscribers disconnected so far because their queue overflowed.
    public var droppedSubscribers: Int { dropped.load(ordering: .relaxed) }

    /// Connected subscribers, over all channels.
    public var subscriberCount: Int { topics.withLock { $0.values.reduce(0) { $0 + $1.subscribers.count } } }

    /// Calls `body` for every message published to a channel that has subscribers, just before it is queued
    /// (benchmarks time delivery from here).
    public func observePublications(_ body: @escaping PublicationObserver) {
        observer.withLock { $0 = body }
    }

    // MARK: Venues

    /// Starts feeding the venue's channels; returns what its commit hook must call.
    func attach(_ runtime: VenueRuntime) -> VenueFeed {
        let feed = VenueFeed(runtime: runtime, hub: self)
        venues.withLock { $0[runtime.id] = feed }
        Task { await feed.run() }
        return feed
    }

    /// Stops every venue's publisher once it has published what it was given.
    func finish() {
        for feed in venues.withLock({ Array($0.values) }) { feed.finish() }
    }

    func venueFeed(_ id: String) -> VenueFeed? { venues.withLock { $0[id] } }

    /// Publishes the snapshots that changed, every ``FeedSettings/snapshotInterval``, until cancelled.
    func runSnapshots() async {
        while !Task.isCancelled {
            do {
                try await Task.sleep(for: settings.snapshotInterval)
            } catch {
                return
            }
            for feed in venues.withLock({ Array($0.values) }) { feed.publishSnapshots() }
        }
    }

    // MARK: Channels

    func hasSubscribers(venue: String, channel: FeedChannel) -> Bool {
        topics.withLock { !($0[Key(venue: venue, channel: channel)]?.subscribers.isEmpty ?? true) }
    }

    /// Adds a subscriber and queues, as its first message, `initial` built at the channel's current sequence
    /// (a snapshot as of the last message others received, so nobody sees a gap).
    func subscribe(
        _ subscriber: any FeedSink, venue: String, channel: FeedChannel, initial: ((UInt64) -> ByteBuffer?)? = nil
    ) {
        topics.withLock { topics in
            let key = Key(venue: venue, channel: channel)
            var topic = topics[key] ?? Topic()
            if let message = initial?(topic.sequence) { subscriber.offer(FeedSubscriber.textFrame(message), frames: 1) }
            topic.subscribers[ObjectIdentifier(subscriber)] = subscriber
            topics[key] = topic
        }
    }

    func unsubscribe(_ subscriber: any FeedSink, venue: String, channel: FeedChannel) {
        topics.withLock { topics in
            let key = Key(venue: venue, channel: channel)
            topics[key]?.subscribers[ObjectIdentifier(subscriber)] = nil
            if topics[key]?.subscribers.isEmpty == true, case .account = channel { topics[key] = nil }
        }
    }

    /// Publishes the message `build` makes with the channel's next sequence number to every subscriber.
    /// Builds nothing when nobody listens (the sequence still advances, so it counts publications).
    func publish(venue: String, channel: FeedChannel, _ build: (UInt64) -> ByteBuffer?) {
        publish(venue: venue, channel: channel, count: 1) { build($1) }
    }

    /// Publishes `count` messages in a row, `build(index, sequence)` each with the channel's next sequence
    /// number. Every subscriber gets them as one queued write (the frames back to back), so a commit that
    /// carried many trades costs each subscriber one hand-off rather than one per trade.
    func publish(venue: String, channel: FeedChannel, count: Int, _ build: (Int, UInt64) -> ByteBuffer?) {
        guard count > 0 else { return }
        let observe = observer.withLock { $0 }
        topics.withLock { topics in
            let key = Key(venue: venue, channel: channel)
            guard var topic = topics[key] else {
                if case .account = channel { return }
                topics[key] = Topic(sequence: UInt64(count))
                return
            }
            let first = topic.sequence + 1
            topic.sequence += UInt64(count)
            if !topic.subscribers.isEmpty {
                var frames = ByteBuffer()
                var built = 0
                for index in 0..<count {
                    let sequence = first + UInt64(index)
                    guard let payload = build(index, sequence) else { continue }
                    var frame = FeedSubscriber.textFrame(payload)
                    frames.writeBuffer(&frame)
                    built += 1
                    observe?(venue, channel.description, sequence)
                }
                var gone: [ObjectIdentifier] = []
                for (id, subscriber) in topic.subscribers where built > 0 {
                    switch subscriber.offer(frames, frames: built) {
                    case .queued: continue
                    case .overflowed: dropped.add(1, ordering: .relaxed)
                    case .finished: break
                    }
                    gone.append(id)
                }
                for id in gone { topic.subscribers[id] = nil }
            }
            topics[key] = topic
        }
    }
}
