import ServiceLifecycle

/// The server's background work, stopped in the one order that loses nothing: the dead man's switches first
/// (a server going down cancels nobody's orders), the market life next (its last orders still need the
/// journal), then the WebSocket feed's snapshots, then the journal (which commits what is queued), then the
/// webhooks (which queue what the feed gathered), and the database last.
///
/// One service rather than four: a service group keeps its services' order on a graceful shutdown, but when
/// its task is cancelled every service stops at once, and the database could close under a commit that a
/// market maker's order is waiting for, which then never ends.
struct ShutdownSequence: Service {
    let life: MarketLife
    let feed: RealtimeFeed
    let journal: JournalService
    let foundation: ServerFoundation
    let switches: DisconnectSwitches
    let webhooks: Webhooks

    func run() async throws {
        let snapshots = Task { await feed.runSnapshots() }
        let flushes = Task { await webhooks.runFlushes() }
        // Returns on a graceful shutdown, and at once when cancelled; either way the rest runs in order.
        try? await gracefulShutdown()
        switches.stopAll()
        await life.stopAll()
        snapshots.cancel()
        await snapshots.value
        feed.finish()
        await journal.stop()
        flushes.cancel()
        await flushes.value
        await webhooks.shutdown()
        await foundation.close()
    }
}
