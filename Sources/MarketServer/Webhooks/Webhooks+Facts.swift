import MarketCore

extension Webhooks {
    /// Queues the firings of price alerts for the endpoints of their owners that want `alerts`.
    func queue(_ firings: [PriceAlerts.Firing], in venue: String) async throws {
        var facts: [(endpoint: WebhookEndpoint, event: WebhookEvent)] = []
        for firing in firings {
            let owner = AccountID(firing.alert.owner.rawValue)
            let endpoints = endpoints(of: venue, wanting: .alerts, about: owner)
            guard !endpoints.isEmpty,
                let event = WebhookEvent(
                    id: "alert:\(firing.alert.id):\(firing.trade.id)", type: "alert", topic: .alerts, account: owner,
                    venue: venue, sequence: 0, at: firing.trade.timestamp,
                    data: FeedMessage.Alert(firing, sequence: 0))
            else { continue }
            facts += endpoints.map { ($0, event) }
        }
        try await enqueueNow(facts)
    }

    /// Queues a tournament's change of status for the endpoints of its venue that want `tournament`.
    func queue(_ tournament: TournamentRecord, leaving previous: TournamentStatus, at time: Timestamp) async {
        let endpoints = endpoints(of: tournament.id, wanting: .tournament, about: nil)
        guard !endpoints.isEmpty,
            let event = WebhookEvent(
                id: "tournament:\(tournament.id):\(tournament.status.rawValue)", type: "tournament",
                topic: .tournament, account: nil, venue: tournament.id, sequence: 0, at: time,
                data: TournamentChange(
                    tournamentID: tournament.id, name: tournament.name, status: tournament.status.rawValue,
                    previousStatus: previous.rawValue))
        else { return }
        do {
            try await enqueueNow(endpoints.map { ($0, event) })
        } catch {
            logger.warning("Webhooks of tournament \(tournament.id) not queued: \(error)")
        }
    }
}

/// `{"tournament_id","name","status","previous_status"}`.
struct TournamentChange: Encodable {
    let tournamentID: String
    let name: String
    let status: String
    let previousStatus: String

    enum CodingKeys: String, CodingKey {
        case tournamentID = "tournament_id", name, status, previousStatus = "previous_status"
    }
}
