import Foundation
import Hummingbird
import MarketCore

/// `POST /api/register` and `POST /api/login`.
struct AuthRoutes {
    let authentication: UserAuthentication
    let startingCashCents: Cents
    let throttle: LoginThrottle
    let metrics: ServerMetrics

    struct CredentialsBody: Decodable {
        var username: String
        var password: String
    }

    struct RegisterAnswer: ResponseEncodable {
        var userID: UserID
        var username: String
        var apiKey: String
        var apiKeyID: String
        var signingSecret: String?
        var jwtToken: String
        var cash: ExactDecimal
        var role = UserRole.trader

        enum CodingKeys: String, CodingKey {
            case userID = "user_id", username, apiKey = "api_key", jwtToken = "jwt_token", cash, role
            case apiKeyID = "api_key_id", signingSecret = "signing_secret"
        }
    }

    /// A session's token; `role` tells the dashboard whether to offer the console (hosts are traders).
    struct LoginAnswer: ResponseEncodable {
        var userID: UserID
        var username: String
        var jwtToken: String
        var role: UserRole

        enum CodingKeys: String, CodingKey {
            case userID = "user_id", username, jwtToken = "jwt_token", role
        }
    }

    func add(to group: RouterGroup<MarketRequestContext>) {
        group.post("register") { request, context -> RegisterAnswer in
            let body = try await request.decode(as: CredentialsBody.self, context: context)
            let registration = try await authentication.register(
                try Credentials(username: body.username, password: body.password))
            return RegisterAnswer(
                userID: registration.user.id, username: registration.user.username,
                apiKey: registration.apiKey.text, apiKeyID: String(registration.apiKeyID),
                signingSecret: authentication.signingSecret(of: registration.apiKey), jwtToken: registration.token,
                cash: ExactDecimal(cents: startingCashCents))
        }
        group.post("login") { request, context -> LoginAnswer in
            let body = try await request.decode(as: CredentialsBody.self, context: context)
            return try await login(body, from: context.clientAddress)
        }
    }

    /// Refused without a look at the password while the account or the address waits out its failures.
    private func login(_ body: CredentialsBody, from address: String) async throws -> LoginAnswer {
        let wait = throttle.waitSeconds(
            username: body.username, address: address, nowMilliseconds: WallClock().now().millisecondsSinceEpoch)
        guard wait == 0 else {
            metrics.recordAuthenticationFailure("throttled")
            throw RequestError.rateLimited(retryAfterSeconds: wait)
        }
        do {
            let (user, token) = try await authentication.login(username: body.username, password: body.password)
            throttle.recordSuccess(username: body.username)
            return LoginAnswer(userID: user.id, username: user.username, jwtToken: token, role: user.role)
        } catch AuthError.wrongUsernameOrPassword {
            throttle.recordFailure(
                username: body.username, address: address, nowMilliseconds: WallClock().now().millisecondsSinceEpoch)
            metrics.recordAuthenticationFailure("password")
            throw AuthError.wrongUsernameOrPassword
        }
    }
}
