/// A username and password that satisfy the registration rules.
///
/// Usernames are 2 to 32 characters of `[A-Za-z0-9_.-]` so they are safe in URLs, logs and leaderboards;
/// passwords are 4 to 128 characters (bcrypt only reads the first 72 bytes, and the cap keeps hashing cheap).
public struct Credentials: Sendable, Hashable {
    public static let usernameLength = 2...32
    public static let passwordLength = 4...128

    public let username: String
    public let password: String

    public init(username: String, password: String) throws(RegistrationError) {
        guard username.count >= Self.usernameLength.lowerBound else {
            throw .usernameTooShort(minimum: Self.usernameLength.lowerBound)
        }
        guard username.count <= Self.usernameLength.upperBound else {
            throw .usernameTooLong(maximum: Self.usernameLength.upperBound)
        }
        guard username.unicodeScalars.allSatisfy(Self.isUsernameScalar) else { throw .usernameCharacters }
        guard password.unicodeScalars.count >= Self.passwordLength.lowerBound else {
            throw .passwordTooShort(minimum: Self.passwordLength.lowerBound)
        }
        guard password.unicodeScalars.count <= Self.passwordLength.upperBound else {
            throw .passwordTooLong(maximum: Self.passwordLength.upperBound)
        }
        self.username = username
        self.password = password
    }

    private static func isUsernameScalar(_ scalar: Unicode.Scalar) -> Bool {
        switch scalar {
        case "A"..."Z", "a"..."z", "0"..."9", "_", ".", "-": true
        default: false
        }
    }
}
