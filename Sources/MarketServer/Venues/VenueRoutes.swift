import Foundation
import Hummingbird
import MarketCore

/// Venues: anyone lists the public ones and reads one; signed-in users join; admins create venues and
/// name their hosts.
struct VenueRoutes: Sendable {
    let directory: VenueDirectory
    let users: UserStore
    let desk: TournamentDesk
    let life: MarketLife

    func addPublic(to group: RouterGroup<MarketRequestContext>) {
        group.get("venues") { _, _ -> VenueList in
            // A draft tournament's venue is its hosts' until it is published.
            let drafts = Set(try await desk.list(statuses: [.draft]).map(\.id))
            return VenueList(
                venues: directory.all.filter { $0.settings.visibility == .public && !drafts.contains($0.id) }
                    .map { VenueAnswer($0) })
        }
        group.get("venues/:venue") { _, context -> VenueAnswer in
            VenueAnswer(try venue(context))
        }
    }

    func addAuthenticated(to group: RouterGroup<MarketRequestContext>) {
        group.post("venues/:venue/join") { request, context -> EditedResponse<VenueAnswer> in
            let user = try context.requireUser()
            let venue = try venue(context)
            let buffer = try await request.body.collect(upTo: context.maxUploadSize)
            // An empty body is a join without a code.
            let body =
                buffer.readableBytes == 0
                ? JoinBody(inviteCode: nil) : try Request.decodeJSON(JoinBody.self, from: Data(buffer: buffer))
            let settings = venue.settings
            guard !settings.isTournament else { throw TournamentError.joinThroughEntry(venue.id) }
            if settings.visibility == .invite, body.inviteCode != settings.inviteCode {
                throw RequestError.forbidden("Venue \(venue.id) takes an invite code, and this is not it")
            }
            try await venue.openAccount(AccountID(user.id.rawValue), cash: settings.startingCash)
            return EditedResponse(status: .created, response: VenueAnswer(venue))
        }
        group.post("admin/venues") { request, context -> EditedResponse<VenueAnswer> in
            let user = try context.requireUser()
            guard user.isAdmin else { throw RequestError.forbidden("Only administrators may create venues") }
            let definition = try await request.decode(as: VenueDefinition.self, context: context)
            guard definition.id != VenueDirectory.mainVenue else {
                throw RequestError.conflict(code: "venue_exists", detail: "Venue main already exists")
            }
            let venue = try await directory.create(definition)
            // Its market maker and scheduled events start now, as a configured venue's do at server start.
            try await life.start(venue)
            try await directory.trail.record(
                AdminAction(actor: user, action: "create_venue", target: "venue \(venue.id)", reason: nil)
                    .record(after: [
                        "name": definition.settings.name,
                        "tickers": definition.tickers.map(\.symbol.rawValue).joined(separator: " "),
                    ]))
            return EditedResponse(status: .created, response: VenueAnswer(venue, forAdministrator: true))
        }
        group.get("admin/venues/:venue") { _, context -> VenueAnswer in
            VenueAnswer(try directory.administeredVenue(context), forAdministrator: true)
        }
        group.put("admin/venues/:venue/hosts/:user") { _, context -> VenueAnswer in
            try await setHost(context, true)
        }
        group.delete("admin/venues/:venue/hosts/:user") { _, context -> VenueAnswer in
            try await setHost(context, false)
        }
    }

    private func setHost(_ context: MarketRequestContext, _ isHost: Bool) async throws -> VenueAnswer {
        let admin = try context.requireUser()
        guard admin.isAdmin else { throw RequestError.forbidden("Only administrators may name hosts") }
        let venue = try venue(context)
        let text = context.parameters.get("user") ?? ""
        guard let record = try await users.find(reference: text) else { throw RequestError.notFound("No user \(text)") }
        let user = record.id
        if isHost && record.role != .admin && !record.passwordSuitsPrivilegedRole {
            throw RequestError.conflict(
                code: "password_too_weak",
                detail: "\(record.username)'s password does not meet the policy for hosts (long enough, not a "
                    + "common one); they can set a new one with POST /api/account/password")
        }
        let before = venue.isHost(user)
        try await directory.setHost(user, of: venue, isHost, grantedBy: admin.id)
        try await directory.trail.record(
            AdminAction(
                actor: admin, action: isHost ? "grant_host" : "revoke_host",
                target: "user \(user) of venue \(venue.id)", reason: nil
            )
            .record(before: ["host": String(before)], after: ["host": String(isHost)]))
        return VenueAnswer(venue, forAdministrator: true)
    }

    private func venue(_ context: MarketRequestContext) throws -> VenueRuntime {
        let id = context.parameters.get("venue") ?? ""
        guard let venue = directory.venue(id) else { throw RequestError.notFound("No venue \(id)") }
        return venue
    }

    private struct JoinBody: Decodable {
        let inviteCode: String?

        enum CodingKeys: String, CodingKey { case inviteCode = "invite_code" }
    }
}

/// A venue as the API shows it; its invite code and hosts only to those who administer it.
struct VenueAnswer: ResponseEncodable {
    struct Ticker: Encodable, Sendable {
        let symbol: String
        let tickSize: ExactDecimal
        let initialPrice: ExactDecimal

        enum CodingKeys: String, CodingKey { case symbol, tickSize = "tick_size", initialPrice = "initial_price" }
    }

    let id: String
    let name: String
    let visibility: String
    let tournament: Bool
    let startingCash: ExactDecimal
    let tickers: [Ticker]
    let tradingStatus: String
    let haltReason: String?
    let marketMakers: Bool
    let inviteCode: String?
    let hosts: [String]?

    enum CodingKeys: String, CodingKey {
        case id, name, visibility, tournament, tickers, hosts
        case startingCash = "starting_cash", tradingStatus = "trading_status", haltReason = "halt_reason"
        case marketMakers = "market_makers", inviteCode = "invite_code"
    }

    init(_ venue: VenueRuntime, forAdministrator: Bool = false) {
        let settings = venue.settings
        id = venue.id
        name = settings.name
        visibility = settings.visibility.rawValue
        tournament = settings.isTournament
        startingCash = ExactDecimal(cents: settings.startingCash)
        tickers = venue.committed.listings.map {
            Ticker(
                symbol: $0.symbol.rawValue, tickSize: ExactDecimal(cents: $0.tickSize),
                initialPrice: ExactDecimal(cents: $0.initialPrice))
        }
        switch venue.committed.currentRules.status {
        case .open:
            tradingStatus = "open"
            haltReason = nil
        case .halted(let reason):
            tradingStatus = "halted"
            haltReason = reason
        }
        marketMakers = settings.marketMakers != nil
        inviteCode = forAdministrator ? settings.inviteCode : nil
        hosts = forAdministrator ? venue.hosts.map(\.description).sorted() : nil
    }
}

struct VenueList: ResponseEncodable {
    let venues: [VenueAnswer]
}
