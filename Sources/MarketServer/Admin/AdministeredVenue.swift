import Hummingbird

extension VenueDirectory {
    /// The `{venue}` of an admin route, once the caller is known to be an administrator: 401 without
    /// credentials, 403 for anyone else, 404 for an unknown venue.
    func administeredVenue(_ context: MarketRequestContext) throws -> VenueRuntime {
        let user = try context.requireUser()
        guard user.isAdmin else { throw RequestError.forbidden("Only administrators may do this") }
        let id = context.parameters.get("venue") ?? ""
        guard let venue = venue(id) else { throw RequestError.notFound("No venue \(id)") }
        return venue
    }
}
