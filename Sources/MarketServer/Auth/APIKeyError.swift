/// Why an API key operation was refused.
public enum APIKeyError: Error, Equatable {
    case notFound
    case belongsToAnotherUser
    case nameTooLong(maximum: Int)
    /// The caller may not hold a key of this scope.
    case scopeNotAllowed(APIKeyScope)
    /// The caller is using a key of a narrower scope than the one it asks for.
    case widerThanCallingKey(APIKeyScope, caller: APIKeyScope)
}
