import AsyncHTTPClient
import Logging
import MarketCore
import Synchronization

/// Every user's webhook endpoints, the facts gathered for them and the workers that send them.
///
/// Committed events reach ``observe(_:in:)`` from each venue's feed publisher, in commit order and off the
/// order path. Their facts wait in memory for at most ``WebhookSettings/batchInterval``; then one transaction
/// queues a delivery per endpoint and moves the venue's cursor past them (``flush()``), and only then does the
/// endpoint's worker send it. After a crash, the events after each cursor are read again from the journal, so
/// a committed event is delivered at least once. Each endpoint has one worker sending one delivery at a time,
/// so a slow endpoint holds up nobody else.
final class Webhooks: Sendable {
    /// Endpoints a user may keep.
    static let perUserLimit = 100
    /// Facts in one delivery at most.
    static let eventsPerDelivery = 500

    struct State {
        var endpoints: [Int64: WebhookEndpoint] = [:]
        /// Facts observed but not yet queued, by endpoint.
        var gathered: [Int64: [[UInt8]]] = [:]
        /// The last event of each venue observed, and the last written.
        var observed: [String: UInt64] = [:]
        var saved: [String: UInt64] = [:]
        /// Venues whose unqueued events are being read again; their live batches wait here meanwhile.
        var recovering: [String: [[Event]]] = [:]
        var lastDeliveryID: Int64 = 0
        /// Queued deliveries whose transaction failed; tried again with the next.
        var unsaved: [WebhookDelivery] = []
        var outcomes: [(WebhookDelivery, WebhookDelivery.Attempt)] = []
        var lastCursorWrite: Timestamp = Timestamp(millisecondsSinceEpoch: 0)
        var allowsPrivateAddresses: Bool
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
        client = HTTPClient(eventLoopGroupProvider: .singleton, configuration: configuration)
    }

    /// The endpoints and the pending queue stored in `database`; call ``recover(_:)`` once the venues are open.
    static func load(
        from database: Database, settings: WebhookSettings, listeningOn host: String, clock: any MarketClock,
        logger: Logger
    ) async throws -> Webhooks {
        let store = WebhookStore(database: database)
        let stored = try await SettingsStore(database: database).value(for: Self.privateAddressesSetting)
        var state = State(
            allowsPrivateAddresses: stored.map { $0 == "allow" } ?? settings.privateAddressesAllowed(listeningOn: host))
        for endpoint in try await store.endpoints() { state.endpoints[endpoint.id] = endpoint }
        state.lastDeliveryID = try await store.lastDeliveryID()
        state.saved = try await store.cursors()
        state.observed = state.saved
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

    /// Stores `endpoint`, new or changed, and starts or refreshes its worker.
    func save(_ endpoint: WebhookEndpoint, isNew: Bool) async throws {
        if isNew {
            let admitted = state.withLock { state in
                guard state.endpoints.values.filter({ $0.owner == endpoint.owner }).count < Self.perUserLimit else {
                    return false
                }
                state.endpoints[endpoint.id] = endpoint
                return true
            }
            guard admitted else { throw WebhookError.limitReached(Self.perUserLimit) }
        }
        do {
            try await store.save(endpoint)
        } catch {
            if isNew { _ = state.withLock { $0.endpoints.removeValue(forKey: endpoint.id) } }
            throw error
        }
        state.withLock { $0.endpoints[endpoint.id] = endpoint }
        worker(for: endpoint.id).wake()
    }

    /// Deletes the endpoint, its queue and its history.
    func delete(_ endpoint: WebhookEndpoint) async throws {
        state.withLock { state in
            state.endpoints[endpoint.id] = nil
            state.gathered[endpoint.id] = nil
        }
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

    func worker(for endpoint: Int64) -> WebhookWorker {
        workers.withLock { workers in
            if let worker = workers[endpoint] { return worker }
            let worker = WebhookWorker(endpoint: endpoint, webhooks: self)
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
