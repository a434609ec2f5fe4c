import Hummingbird
import MarketCore

/// Which venue a route speaks for: `main` on the unprefixed API, the `{venue}` path parameter under
/// `/api/venues/{venue}/…`. Every venue-scoped handler resolves its venue through this, and trades only
/// with the caller's own account in it, so nothing of one venue is reachable through another.
struct VenueScope: Sendable {
    let directory: VenueDirectory
    /// `nil`: the unprefixed API (venue `main`).
    let parameter: String?

    func venue(_ context: MarketRequestContext) throws -> VenueRuntime {
        guard let parameter else { return directory.main }
        let id = context.parameters.get(parameter) ?? ""
        guard let venue = directory.venue(id) else { throw RequestError.notFound("No venue \(id)") }
        return venue
    }

    /// The caller's account in the venue; 403 when they have none there.
    func account(of user: AuthenticatedUser, in venue: VenueRuntime) throws -> (AccountID, Account) {
        let id = AccountID(user.id.rawValue)
        guard let account = venue.committed.account(id) else {
            throw RequestError.forbidden("You have no account in venue \(venue.id)")
        }
        return (id, account)
    }

    /// Refuses orders from an account the venue does not admit (a withdrawn or disqualified tournament
    /// entrant); cancelling stays allowed.
    func requireAdmitted(_ account: AccountID, in venue: VenueRuntime) throws {
        guard venue.admitsOrders(from: account) else {
            throw RequestError.forbidden(
                "You are not competing in venue \(venue.id), so you cannot place or change orders there")
        }
    }

    func ticker(_ context: MarketRequestContext, in venue: VenueRuntime) throws -> (TickerSymbol, MarketQuote) {
        let symbol = TickerSymbol(context.parameters.get("ticker") ?? "")
        guard let quote = venue.committed.quote(symbol) else {
            throw RequestError.notFound("Unknown ticker \(symbol) in venue \(venue.id)")
        }
        return (symbol, quote)
    }
}
