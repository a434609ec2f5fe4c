import Hummingbird

/// `POST /api/account/password`: a signed-in user replaces their password. Every session they had ends;
/// the answer carries a new token. Administrators and hosts are held to the stronger policy.
struct PasswordRoutes: Sendable {
    let authentication: UserAuthentication
    let venues: VenueDirectory

    struct ChangeBody: Decodable {
        let currentPassword: String
        let newPassword: String

        enum CodingKeys: String, CodingKey {
            case currentPassword = "current_password", newPassword = "new_password"
        }
    }

    func add(to group: RouterGroup<MarketRequestContext>) {
        group.post("account/password") { request, context -> AuthRoutes.LoginAnswer in
            let caller = try context.requireUser()
            guard caller.method == .jwt else {
                throw RequestError.forbidden("Changing the password needs a signed-in session, not an API key")
            }
            let body = try await request.decode(as: ChangeBody.self, context: context)
            guard let user = try await authentication.users.find(id: caller.id) else {
                throw AuthError.invalidToken
            }
            let token = try await authentication.changePassword(
                of: user, current: body.currentPassword, new: body.newPassword,
                privileged: user.role == .admin || venues.hostsAnyVenue(user.id))
            return AuthRoutes.LoginAnswer(userID: user.id, username: user.username, jwtToken: token, role: user.role)
        }
    }
}
