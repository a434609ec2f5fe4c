/// How strong a password must be, on top of ``Credentials``' 4 to 128 characters: a minimum length for
/// traders (4 by default, the API's contract with existing agents), a longer one for administrators and
/// hosts (12), and a list of the most common passwords, refused by default for administrators and hosts.
public struct PasswordPolicy: Sendable, Hashable {
    /// Who the list of common passwords is checked for.
    public enum CommonPasswordCheck: String, Sendable, CaseIterable {
        case off, privileged, all
    }

    /// `PASSWORD_MIN_LENGTH`: the shortest password a trader may register.
    public var minimumLength = Credentials.passwordLength.lowerBound
    /// `PRIVILEGED_PASSWORD_MIN_LENGTH`: the shortest an administrator's or host's may be.
    public var privilegedMinimumLength = 12
    /// `PASSWORD_COMMON_CHECK`.
    public var commonCheck = CommonPasswordCheck.privileged

    public init() {}

    /// Refuses `password` for a trader, or (`privileged`) for an administrator or a host.
    public func check(_ password: String, privileged: Bool) throws(RegistrationError) {
        let minimum = privileged ? max(privilegedMinimumLength, minimumLength) : minimumLength
        guard password.unicodeScalars.count >= minimum else { throw .passwordTooShort(minimum: minimum) }
        let checksCommon = commonCheck == .all || (commonCheck == .privileged && privileged)
        if checksCommon && CommonPasswords.contains(password) { throw .passwordCommon }
    }

    /// Whether `password` would do for an administrator or a host.
    public func suitsPrivilegedRole(_ password: String) -> Bool {
        do {
            try check(password, privileged: true)
            return true
        } catch {
            return false
        }
    }
}
