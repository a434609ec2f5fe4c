import ServiceLifecycle

/// Starts and ends tournaments on their schedule and takes their equity snapshots, while the server runs.
struct TournamentScheduler: Service {
    let desk: TournamentDesk
    /// How often the schedule is checked.
    let interval: Duration

    func run() async throws {
        await cancelWhenGracefulShutdown {
            while !Task.isCancelled {
                await desk.tick()
                try? await Task.sleep(for: interval)
            }
        }
    }
}
