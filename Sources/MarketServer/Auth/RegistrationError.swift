/// Why a username or password cannot be registered.
public enum RegistrationError: Error, Equatable {
    case usernameTooShort(minimum: Int)
    case usernameTooLong(maximum: Int)
    case usernameCharacters
    case passwordTooShort(minimum: Int)
    case passwordTooLong(maximum: Int)
    /// The password is on the list of the most common ones, which the policy refuses here.
    case passwordCommon
    case usernameTaken
    /// The name is, or looks like, one of the exchange's own accounts.
    case usernameReserved
}
