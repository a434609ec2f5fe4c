/// Why an API key operation was refused.
public enum APIKeyError: Error, Equatable {
    case notFound
    case belongsToAnotherUser
    case nameTooLong(maximum: Int)
}
