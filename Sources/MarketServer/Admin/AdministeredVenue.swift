import Hummingbird

extension VenueDirectory {
    /// The `{venue}` of an admin route, once the caller is known to administer it (an admin, or one of its
    /// hosts): 401 without credentials, 404 for an unknown venue, 403 for anyone else.
    func administeredVenue(_ context: MarketRequestContext) throws -> VenueRuntime {
        let user = try context.requireUser()
        let id = context.parameters.get("venue") ?? ""
        guard let venue = venue(id) else { throw RequestError.notFound("No venue \(id)") }
        guard user.isAdmin || venue.isHost(user.id) else {
            throw RequestError.forbidden("Only administrators and the venue's hosts may do this")
        }
        return venue
    }
}
