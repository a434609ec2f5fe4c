import Foundation

extension UserStore {
    /// The user an admin body names by `user_id` or by `username` (the body has checked it names at most
    /// one); `nil` when it names neither. An unknown username is a 404.
    func id(of userID: UserID?, orNamed username: String?) async throws -> UserID? {
        guard let username else { return userID }
        guard let user = try await find(username: username) else { throw RequestError.notFound("No user \(username)") }
        return user.id
    }
}
