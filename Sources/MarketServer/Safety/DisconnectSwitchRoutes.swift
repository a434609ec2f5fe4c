import Hummingbird
import MarketCore

/// `GET` and `PUT /api/account/cancel-on-disconnect`: the caller's dead man's switch in one venue.
struct DisconnectSwitchRoutes: Sendable {
    let scope: VenueScope
    let switches: DisconnectSwitches

    /// `{"seconds": N}` sets the switch; `{"seconds": null}` removes it.
    struct Body: Decodable, Sendable {
        let seconds: Int64?

        enum CodingKeys: String, CodingKey { case seconds }

        init(from decoder: any Decoder) throws {
            let container = try decoder.container(keyedBy: CodingKeys.self)
            guard container.contains(.seconds) else {
                throw RequestError.invalidField("seconds", reason: "give a number of seconds, or null to turn it off")
            }
            guard let seconds = try? container.decodeIfPresent(Int64.self, forKey: .seconds) else {
                guard try container.decodeNil(forKey: .seconds) else {
                    throw RequestError.invalidField("seconds", reason: "must be a whole number of seconds, or null")
                }
                self.seconds = nil
                return
            }
            guard DisconnectSwitches.allowedSeconds.contains(seconds) else {
                let range = DisconnectSwitches.allowedSeconds
                throw RequestError.invalidField(
                    "seconds", reason: "must be from \(range.lowerBound) to \(range.upperBound), or null")
            }
            self.seconds = seconds
        }
    }

    struct Answer: ResponseEncodable {
        let seconds: Int64?
        /// The account's private WebSocket connections to the venue open now.
        let connections: Int

        func encode(to encoder: any Encoder) throws {
            var container = encoder.container(keyedBy: CodingKeys.self)
            try container.encode(seconds, forKey: .seconds)  // null: off
            try container.encode(connections, forKey: .connections)
        }

        enum CodingKeys: String, CodingKey { case seconds, connections }
    }

    func add(to group: RouterGroup<MarketRequestContext>) {
        group.get("account/cancel-on-disconnect") { _, context -> Answer in
            let key = try key(context)
            let status = switches.status(of: key)
            return Answer(seconds: status.seconds, connections: status.connections)
        }
        group.put("account/cancel-on-disconnect") { request, context -> Answer in
            let key = try key(context)
            let body = try await request.decode(as: Body.self, context: context)
            try await switches.set(body.seconds, for: key)
            let status = switches.status(of: key)
            return Answer(seconds: status.seconds, connections: status.connections)
        }
    }

    private func key(_ context: MarketRequestContext) throws -> DisconnectSwitches.Key {
        let user = try context.requireUser()
        let venue = try scope.venue(context)
        let (account, _) = try scope.account(of: user, in: venue)
        return DisconnectSwitches.Key(venue: venue.id, account: account)
    }
}
