import AsyncHTTPClient
import Logging
import MarketCore
import Synchronization

/// Every user's webhook endpoints, the facts their venues commit and the workers that send them.
///
/// A venue's journal is the webhooks' queue. Committed events reach ``observe(_:in:)`` from the venue's feed
/// publisher, in commit order and off the order path, and their facts are encoded once into the venue's
/// ``WebhookStream``. Each endpoint has one worker, which takes its facts after its cursor, sends them as one
/// delivery, retries it until it is answered or dead, and only then moves the cursor past them. Cursors,
/// new deliveries and attempts are written together every ``WebhookSettings/batchInterval`` (``flush()``);
/// after a crash a worker rebuilds its unfinished delivery, and reads what follows, from the journal. So a
/// committed event is delivered at least once, each endpoint's in order, and a slow endpoint holds up only
/// itself.
final class Webhooks: Sendable {
    /// Endpoints a user may keep.
    static let perUserLimit = 100
    /// Facts in one delivery, about.
    static let eventsPerDelivery = 2_000
    /// Groups of workers woken in turn over each batch interval.
    static let wakeGroups = 8
    /// How long delivered and dead deliveries stay listed.
    static let historyKept = Duration.seconds(7 * 86_400)

    struct State {
        var endpoints: [Int64: WebhookEndpoint] = [:] {
            didSet { interests = Dictionary(grouping: endpoints.values, by: \.venue).mapValues(WebhookInterest.init) }
        }
        /// What each venue's endpoints want, kept with `endpoints` so that a commit looks it up rather than going
        /// through every endpoint.
        private(set) var interests: [String: WebhookInterest] = [:]
        var streams: [String: WebhookStream] = [:]
        var lastDeliveryID: Int64 = 0
        /// What the next flush writes.
        var created: [WebhookDelivery] = []
        var outcomes: [(WebhookDelivery, WebhookDelivery.Attempt)] = []
        var cursors: [Int64: UInt64] = [:]
        var lastCursorWrite = Timestamp(millisecondsSinceEpoch: 0)
        var allowsPrivateAddresses: Bool

        init(allowsPrivateAddresses: Bool) {
            self.allowsPrivateAddresses = allowsPrivateAddresses
        }
    }

    let settings: WebhookSettings
    let store: WebhookStore
    let secrets: WebhookSecrets
    let clock: any MarketClock
    let client: HTTPClient
    let logger: Logger
    let state: Mutex<State>
    let workers = Mutex<[Int64: WebhookWorker]>([:])
    private let settingsStore: SettingsStore

    private init(
        settings: WebhookSettings, database: Database, secrets: WebhookSecrets, clock: any MarketClock,
        state: State, logger: Logger
    ) {
        self.settings = settings
        store = WebhookStore(database: database)
        settingsStore = SettingsStore(database: database)
        self.secrets = secrets
        self.clock = clock
        self.state = Mutex(state)
        self.logger = logger
        var configuration = HTTPClient.Configuration()
        configuration.redirectConfiguration = .disallow
        configuration.timeout = .init(
            connect: .seconds(5), read: .seconds(Int64(settings.attemptTimeout.components.seconds)))
        configuration.decompression = .disabled
        // A worker has at most one request in flight, so endpoints on one host need as many connections as
        // there are of them; the client's default of eight would make them wait for each other.
        configuration.connectionPool = .init(
            idleTimeout: .seconds(60), concurrentHTTP1ConnectionsPerHostSoftLimit: Self.perUserLimit * 4)
        client = HTTPClient(eventLoopGroupProvider: .singleton, configuration: configuration)
    }

    /// The endpoints stored in `database`; ``start(database:)`` starts their workers.
    static func load(
        from database: Database, settings: WebhookSettings, listeningOn host: String, clock: any MarketClock,
        logger: Logger
    ) async throws -> Webhooks {
        let store = WebhookStore(database: database)
        let stored = try await SettingsStore(database: database).value(for: Self.privateAddressesSetting)
        var state = State(
            allowsPrivateAddresses: stored.map { $0 == "allow" } ?? settings.privateAddressesAllowed(listeningOn: host))
        for (endpoint, _) in try await store.endpoints() { state.endpoints[endpoint.id] = endpoint }
        state.lastDeliveryID = try await store.lastDeliveryID()
        return Webhooks(
            settings: settings, database: database,
            secrets: try await WebhookSecrets.load(settings: SettingsStore(database: database)),
            clock: clock, state: state, logger: logger)
    }

    static let privateAddressesSetting = "webhook_private_addresses"

    // MARK: Endpoints

    func endpoint(_ id: Int64) -> WebhookEndpoint? { state.withLock { $0.endpoints[id] } }

    /// `owner`'s endpoints, oldest first.
    func endpoints(of owner: UserID) -> [WebhookEndpoint] {
        state.withLock { $0.endpoints.values.filter { $0.owner == owner } }.sorted {
            $0.createdAt.millisecondsSinceEpoch < $1.createdAt.millisecondsSinceEpoch
                || ($0.createdAt == $1.createdAt && $0.id < $1.id)
        }
    }

    /// Stores `endpoint`, new or changed, and starts or refreshes its worker. A new endpoint, or one resumed
    /// after a pause, starts after the last event its venue has committed.
    func save(_ endpoint: WebhookEndpoint, isNew: Bool) async throws {
        // In the index before the venue's head is read, so that every event after the head is gathered for it.
        let previous = try state.withLock { state throws(WebhookError) -> WebhookEndpoint? in
            if isNew, state.endpoints.values.filter({ $0.owner == endpoint.owner }).count >= Self.perUserLimit {
                throw .limitReached(Self.perUserLimit)
            }
            defer { state.endpoints[endpoint.id] = endpoint }
            return state.endpoints[endpoint.id]
        }
        do {
            let head = try await JournalEvents.lastSequence(of: endpoint.venue, in: store.database)
            try await store.save(endpoint, cursor: head)
            let worker = worker(for: endpoint.id, cursor: head)
            if isNew || (previous?.isActive == false && endpoint.isActive) { worker.restart(at: head) }
            worker.wake()
        } catch {
            state.withLock { $0.endpoints[endpoint.id] = previous }
            throw error
        }
    }

    /// Deletes the endpoint, its queue and its history.
    func delete(_ endpoint: WebhookEndpoint) async throws {
        _ = state.withLock { $0.endpoints.removeValue(forKey: endpoint.id) }
        workers.withLock { $0.removeValue(forKey: endpoint.id) }?.stop()
        try await store.delete(endpoint.id)
    }

    // MARK: Address policy

    var allowsPrivateAddresses: Bool { state.withLock { $0.allowsPrivateAddresses } }

    func setAllowsPrivateAddresses(_ allowed: Bool) async throws {
        try await settingsStore.set(Self.privateAddressesSetting, to: allowed ? "allow" : "forbid")
        state.withLock { $0.allowsPrivateAddresses = allowed }
    }

    // MARK: Workers

    /// The endpoint's worker, started at `cursor` when it has none yet.
    func worker(for endpoint: Int64, cursor: UInt64) -> WebhookWorker {
        workers.withLock { workers in
            if let worker = workers[endpoint] { return worker }
            let worker = WebhookWorker(endpoint: endpoint, cursor: cursor, webhooks: self)
            workers[endpoint] = worker
            worker.start()
            return worker
        }
    }

    /// Stops every worker and the HTTP client; deliveries not yet sent stay queued for the next start.
    func shutdown() async {
        for worker in workers.withLock({ Array($0.values) }) { worker.stop() }
        try? await client.shutdown()
    }
}

/// Why an endpoint was not created, changed or found.
enum WebhookError: Error, Equatable {
    case invalidURL(String)
    case blockedAddress(String)
    case unreachable(String)
    case invalidTopics(String)
    case limitReached(Int)
    case notFound
}
