import Foundation
import Hummingbird
import MarketCore

/// The tournament API: anyone reads tournaments and standings; signed-in users enter and withdraw; admins
/// and the tournament's hosts create, load and run them.
struct TournamentRoutes: Sendable {
    let desk: TournamentDesk
    let venues: VenueDirectory
    /// Where `POST /api/admin/tournaments/load` reads definition files from.
    let directory: String

    /// Statuses that traders see; drafts are for hosts.
    private static let published: [TournamentStatus] = [.open, .active, .completed, .cancelled]

    func addPublic(to group: RouterGroup<MarketRequestContext>) {
        group.get("tournaments") { request, _ -> TournamentList in
            let statuses = try Self.statuses(request, allowed: Self.published)
            // Invite-only tournaments are for those given the code, as invite-only venues are.
            let listed = try await desk.list(statuses: statuses).filter {
                venues.venue($0.id)?.settings.visibility != .invite
            }
            return TournamentList(tournaments: try await listed.asyncMap { try await answer($0) })
        }
        group.get("tournaments/:tournament") { _, context -> TournamentAnswer in
            let tournament = try await publishedTournament(context)
            return try await answer(tournament)
        }
        group.get("tournaments/:tournament/standings") { _, context -> StandingsAnswer in
            _ = try await publishedTournament(context)
            let (tournament, rows) = try await desk.currentStandings(of: Self.id(context))
            return StandingsAnswer(tournament, rows: rows)
        }
        group.get("tournaments/:tournament/results") { _, context -> StandingsAnswer in
            _ = try await publishedTournament(context)
            let (tournament, rows) = try await desk.results(of: Self.id(context))
            return StandingsAnswer(tournament, rows: rows)
        }
        group.get("tournaments/:tournament/equity") { _, context -> EquityAnswer in
            _ = try await publishedTournament(context)
            let series = try await desk.equity(of: Self.id(context))
            return EquityAnswer(
                tournament: Self.id(context),
                series: series.map { entry, points in
                    EquityAnswer.Series(
                        userID: entry.user.description, username: entry.username,
                        points: points.map {
                            .init(time: $0.time.iso8601, totalValue: ExactDecimal(cents: $0.totalValue))
                        })
                })
        }
    }

    func addAuthenticated(to group: RouterGroup<MarketRequestContext>) {
        group.post("tournaments/:tournament/enter") { request, context -> TournamentAnswer in
            let user = try context.requireUser()
            _ = try await publishedTournament(context)
            let buffer = try await request.body.collect(upTo: context.maxUploadSize)
            // An empty body is an entry without a code.
            let code =
                buffer.readableBytes == 0
                ? nil : try Request.decodeJSON(EnterBody.self, from: Data(buffer: buffer)).inviteCode
            if let settings = venues.venue(Self.id(context))?.settings, settings.visibility == .invite,
                code != settings.inviteCode
            {
                throw RequestError.forbidden("Tournament \(Self.id(context)) takes an invite code, and this is not it")
            }
            try await desk.enter(user.id, in: Self.id(context))
            return try await answer(try await desk.find(Self.id(context)))
        }
        group.post("tournaments/:tournament/withdraw") { _, context -> TournamentAnswer in
            let user = try context.requireUser()
            _ = try await publishedTournament(context)
            try await desk.withdraw(user.id, from: Self.id(context))
            return try await answer(try await desk.find(Self.id(context)))
        }

        group.get("admin/tournaments") { request, context -> TournamentList in
            let user = try context.requireUser()
            let statuses = try Self.statuses(request, allowed: TournamentStatus.allCases)
            let all = try await desk.list(statuses: statuses)
            let visible = user.isAdmin ? all : all.filter { venues.venue($0.id)?.isHost(user.id) == true }
            return TournamentList(tournaments: try await visible.asyncMap { try await answer($0) })
        }
        group.post("admin/tournaments") { request, context -> EditedResponse<TournamentAnswer> in
            let user = try requireCreator(context)
            let body = try await request.body.collect(upTo: context.maxUploadSize)
            return try await create(from: Data(buffer: body), by: user, source: "definition")
        }
        group.post("admin/tournaments/load") { request, context -> EditedResponse<TournamentAnswer> in
            let user = try requireCreator(context)
            let body = try await request.decode(as: LoadBody.self, context: context)
            let path = URL(fileURLWithPath: directory).appendingPathComponent(body.file).path
            guard let contents = FileManager.default.contents(atPath: path) else {
                throw RequestError.notFound("No tournament file \(body.file) in \(directory)")
            }
            return try await create(from: contents, by: user, source: body.file)
        }
        for (action, status) in [
            ("publish", TournamentStatus.open), ("start", .active), ("end", .completed), ("cancel", .cancelled),
        ] {
            group.post("admin/tournaments/:tournament/\(action)") { _, context -> TournamentAnswer in
                try await requireHost(context)
                let after = try await desk.run(
                    .transition(to: status), on: Self.id(context), by: try context.requireUser())
                return try await answer(after)
            }
        }
        group.patch("admin/tournaments/:tournament") { request, context -> TournamentAnswer in
            try await requireHost(context)
            let body = try await request.body.collect(upTo: context.maxUploadSize)
            let changes = try Request.decodeJSON(
                TournamentEdit.self, from: Data(buffer: body),
                userInfo: [TournamentDefinition.loadedAt: venues.clock.now()])
            let after = try await desk.run(.edit(changes), on: Self.id(context), by: try context.requireUser())
            return try await answer(after)
        }
        group.get("admin/tournaments/:tournament/entrants") { _, context -> EntrantList in
            try await requireHost(context)
            return EntrantList(
                tournament: Self.id(context),
                entrants: try await desk.entries(of: Self.id(context)).map(EntrantAnswer.init))
        }
        group.post("admin/tournaments/:tournament/disqualify") { request, context -> EntrantList in
            try await requireHost(context)
            let body = try await request.decode(as: DisqualifyBody.self, context: context)
            let entrants = try await desk.entries(of: Self.id(context))
            guard
                let entrant = entrants.first(where: {
                    $0.user == body.userID || $0.username.lowercased() == body.username?.lowercased()
                })
            else {
                let named = body.username ?? body.userID?.description ?? ""
                throw RequestError.notFound("\(named) has not entered tournament \(Self.id(context))")
            }
            try await desk.run(
                .disqualify(entrant.user, reason: body.reason), on: Self.id(context), by: try context.requireUser())
            return EntrantList(
                tournament: Self.id(context),
                entrants: try await desk.entries(of: Self.id(context)).map(EntrantAnswer.init))
        }
        group.get("admin/tournaments/:tournament/round-trips") { request, context -> RoundTripAnswer in
            try await requireHost(context)
            let text = request.uri.queryParameters.get("threshold") ?? "3"
            guard let threshold = Int(text), (1...10_000).contains(threshold) else {
                throw RequestError.invalidField("threshold", reason: "must be a whole number from 1 to 10,000")
            }
            let flags = try await desk.roundTrips(in: Self.id(context), threshold: threshold)
            return RoundTripAnswer(
                tournament: Self.id(context), threshold: threshold,
                flags: flags.map { flag, names in
                    .init(
                        users: [flag.first.description, flag.second.description], usernames: [names.0, names.1],
                        ticker: flag.ticker.rawValue, roundTrips: flag.roundTrips, trades: flag.trades)
                })
        }
    }

    // MARK: -

    private struct LoadBody: Decodable {
        let file: String

        init(from decoder: any Decoder) throws {
            let container = try decoder.container(keyedBy: CodingKeys.self)
            file = try container.field(String.self, .file)
            let allowed =
                file.hasSuffix(".json") && file.count <= 100 && !file.hasPrefix(".")
                && file.allSatisfy { $0.isASCII && ($0.isLetter || $0.isNumber || $0 == "-" || $0 == "_" || $0 == ".") }
            guard allowed else {
                throw RequestError.invalidField(
                    "file", reason: "must be the name of a .json file in the tournaments folder")
            }
        }

        enum CodingKeys: String, CodingKey { case file }
    }

    private struct EnterBody: Decodable {
        let inviteCode: String?

        enum CodingKeys: String, CodingKey { case inviteCode = "invite_code" }
    }

    /// `{"user_id" | "username", "reason"?}`.
    private struct DisqualifyBody: Decodable {
        let userID: UserID?
        let username: String?
        let reason: String?

        enum CodingKeys: String, CodingKey { case userID = "user_id", username, reason }

        init(from decoder: any Decoder) throws {
            let container = try decoder.container(keyedBy: CodingKeys.self)
            userID = try container.optionalField(UserID.self, .userID)
            username = try container.optionalField(String.self, .username)
            guard (userID != nil) != (username != nil) else {
                throw RequestError.invalidField("user_id", reason: "give either user_id or username")
            }
            reason = try AdminAction.reason(try decoder.reasonField(), required: false)
        }
    }

    private func create(from json: Data, by user: AuthenticatedUser, source: String) async throws
        -> EditedResponse<TournamentAnswer>
    {
        let definition = try Request.decodeJSON(
            TournamentDefinition.self, from: json, userInfo: [TournamentDefinition.loadedAt: venues.clock.now()])
        let tournament = try await desk.run(
            .create(definition, text: String(decoding: json, as: UTF8.self), source: source), on: definition.id,
            by: user)
        return EditedResponse(status: .created, response: try await answer(tournament))
    }

    private func answer(_ tournament: TournamentRecord) async throws -> TournamentAnswer {
        let entrants = try await desk.entries(of: tournament.id).filter(\.isCompeting).count
        return TournamentAnswer(tournament, entrants: entrants, venue: venues.venue(tournament.id))
    }

    /// The tournament of the path, unless it is still a draft (404 then, as for an unknown one).
    private func publishedTournament(_ context: MarketRequestContext) async throws -> TournamentRecord {
        let tournament = try await desk.find(Self.id(context))
        guard tournament.status != .draft else { throw TournamentError.unknown(tournament.id) }
        return tournament
    }

    /// Admins, and hosts of any venue, may create tournaments.
    private func requireCreator(_ context: MarketRequestContext) throws -> AuthenticatedUser {
        let user = try context.requireUser()
        guard user.isAdmin || venues.all.contains(where: { $0.isHost(user.id) }) else {
            throw RequestError.forbidden("Only administrators and hosts may create tournaments")
        }
        return user
    }

    /// Admins, and the hosts of this tournament's venue, run it.
    private func requireHost(_ context: MarketRequestContext) async throws {
        let user = try context.requireUser()
        let tournament = try await desk.find(Self.id(context))
        guard user.isAdmin || venues.venue(tournament.id)?.isHost(user.id) == true else {
            throw RequestError.forbidden("Only administrators and the tournament's hosts may do this")
        }
    }

    private static func id(_ context: MarketRequestContext) -> String { context.parameters.get("tournament") ?? "" }

    private static func statuses(_ request: Request, allowed: [TournamentStatus]) throws -> [TournamentStatus] {
        guard let text = request.uri.queryParameters.get("status") else { return allowed }
        guard let status = TournamentStatus(rawValue: text), allowed.contains(status) else {
            throw RequestError.invalidField(
                "status", reason: "must be one of \(allowed.map(\.rawValue).joined(separator: ", "))")
        }
        return [status]
    }
}

extension TournamentRecord {
    /// The tournament as an audit record states it.
    var auditValues: [String: String] {
        ["status": status.rawValue, "starts_at": startsAt.iso8601, "ends_at": endsAt.iso8601]
    }

    /// What an edit of a draft may change, as an audit record states it.
    var editedValues: [String: String] {
        [
            "name": name, "description": description, "starts_at": startsAt.iso8601, "ends_at": endsAt.iso8601,
            "max_participants": String(maxParticipants), "late_entry_seconds": String(lateEntrySeconds),
        ]
    }
}

extension Sequence where Element: Sendable {
    func asyncMap<T>(_ transform: (Element) async throws -> T) async rethrows -> [T] {
        var results: [T] = []
        for element in self { results.append(try await transform(element)) }
        return results
    }
}
