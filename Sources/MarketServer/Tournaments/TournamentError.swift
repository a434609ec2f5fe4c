import MarketCore

/// Why a tournament request was refused.
enum TournamentError: Error, Equatable {
    case unknown(String)
    case exists(String)
    case transitionRefused(from: TournamentStatus, to: TournamentStatus)
    /// Entering and withdrawing need an open tournament.
    case entriesClosed(TournamentStatus)
    /// Only a draft can be edited.
    case notDraft(TournamentStatus)
    case full(Int)
    case alreadyEntered
    case notEntered
    case disqualified
    case notCompleted(TournamentStatus)
    /// Joining a tournament's venue goes through entering the tournament.
    case joinThroughEntry(String)
}

extension TournamentError: ErrorAnswerConvertible {
    var errorAnswer: ErrorAnswer {
        switch self {
        case .unknown(let id):
            ErrorAnswer(status: .notFound, error: "not_found", detail: "No tournament \(id)")
        case .exists(let id):
            ErrorAnswer(
                status: .conflict, error: "tournament_exists", detail: "Tournament or venue \(id) already exists")
        case .transitionRefused(let from, let to):
            ErrorAnswer(
                status: .conflict, error: "invalid_transition",
                detail: "A tournament that is \(from.rawValue) cannot become \(to.rawValue)")
        case .entriesClosed(let status):
            ErrorAnswer(
                status: .conflict, error: "entries_closed",
                detail: "Entries are closed: the tournament is \(status.rawValue)")
        case .notDraft(let status):
            ErrorAnswer(
                status: .conflict, error: "not_draft",
                detail: "Only a draft can be edited; the tournament is \(status.rawValue)")
        case .full(let maximum):
            ErrorAnswer(
                status: .conflict, error: "tournament_full", detail: "The tournament is full (\(maximum) participants)")
        case .alreadyEntered:
            ErrorAnswer(status: .conflict, error: "already_entered", detail: "You have already entered this tournament")
        case .notEntered:
            ErrorAnswer(status: .conflict, error: "not_entered", detail: "You have not entered this tournament")
        case .disqualified:
            ErrorAnswer(status: .forbidden, error: "disqualified", detail: "You were disqualified from this tournament")
        case .notCompleted(let status):
            ErrorAnswer(
                status: .conflict, error: "not_completed",
                detail: "Final results come once the tournament completes; it is \(status.rawValue)")
        case .joinThroughEntry(let id):
            ErrorAnswer(
                status: .conflict, error: "tournament_venue",
                detail: "Venue \(id) belongs to a tournament: enter the tournament instead")
        }
    }
}
