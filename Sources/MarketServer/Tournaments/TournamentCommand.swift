import MarketCore

/// An administrator's or host's change to a tournament, as a value: the desk carries it out and journals its
/// audit record (who, what, why, the values before and after) in the tournament venue's chain, where the
/// audit log finds it. The routes only parse, run and answer.
enum TournamentCommand: Sendable {
    /// A new draft from its definition, read from `source` (a request body or a shipped file).
    case create(TournamentDefinition, text: String, source: String)
    /// Publish, start, end or cancel.
    case transition(to: TournamentStatus)
    case edit(TournamentEdit)
    case disqualify(UserID, reason: String?)

    /// The action as the audit log names it.
    var action: String {
        switch self {
        case .create: "create_tournament"
        case .transition(let status):
            switch status {
            case .open: "publish_tournament"
            case .active: "start_tournament"
            case .completed: "end_tournament"
            case .cancelled: "cancel_tournament"
            case .draft: "draft_tournament"
            }
        case .edit: "edit_tournament"
        case .disqualify: "disqualify"
        }
    }
}

extension TournamentDesk {
    /// Runs `command` on tournament `id` (for a creation, the definition's), by `actor`; returns the
    /// tournament afterwards.
    @discardableResult
    func run(_ command: TournamentCommand, on id: String, by actor: AuthenticatedUser) async throws
        -> TournamentRecord
    {
        var target = "tournament \(id)"
        var reason: String?
        let before: [String: String]
        let after: [String: String]
        let tournament: TournamentRecord
        switch command {
        case .create(let definition, let text, let source):
            tournament = try await create(definition, text: text, by: actor)
            (before, after) = ([:], tournament.auditValues.merging(["source": source]) { $1 })
        case .transition(let status):
            let earlier = try await find(id)
            tournament = try await transition(id, to: status)
            (before, after) = (earlier.auditValues, tournament.auditValues)
        case .edit(let changes):
            let edited = try await edit(id, with: changes)
            // An edit that changes nothing leaves nothing to audit.
            guard edited.before != edited.after else { return edited.after }
            tournament = edited.after
            (before, after) = (edited.before.editedValues, edited.after.editedValues)
        case .disqualify(let user, let why):
            try await disqualify(user, in: id)
            tournament = try await find(id)
            (target, reason) = ("user \(user)", why)
            (before, after) = (["status": "competing"], ["status": "disqualified"])
        }
        let action = AdminAction(actor: actor, action: command.action, target: target, reason: reason)
        try await venue(of: tournament.id).record(action, before: before, after: after)
        return tournament
    }
}
